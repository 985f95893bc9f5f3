package com.cfh.supporthub.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/reports/sla?from=&to=&product=&interval=} (P12): tickets received in [from, to) per channel,
 * first response and resolution attainment in %, breaches, ratings; the same per day, week or month
 * ({@code series}, in the product's time zone); the satisfaction scores' distribution; and the backlog as it stands
 * (open, waiting on the customer, at risk, breached). Live tickets and the anonymous rows purged tickets left
 * ({@code ticket_stats}) count alike, by one definition ({@link TicketOutcomes}), so a purge changes no figure.
 * The manager's report page and its CSV show exactly these figures ({@link ReportPage}).
 *
 * <p>Speed (BENCHMARKS.md, "Report"): settled hours (every ticket closed, no feedback link open: {@link ReportHours})
 * are read as a few sums per hour from {@code report_hour} (V130); the rest of the period's rows are found through
 * the index on {@code received_at} (V90) and summed in one pass; the backlog reads the open tickets of each product
 * through {@code ix_ticket_product_status}. None reads the whole ticket table.
 */
@Component("slaReport")
public class SlaReport {

    /** Most buckets a series may have (e.g. a little over a year of days). */
    static final int MAX_BUCKETS = 400;
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(String channel, long tickets, long firstResponseMet, long firstResponseBreached,
                          BigDecimal firstResponseAttainment, long resolutionMet, long resolutionBreached,
                          BigDecimal resolutionAttainment, long breaches, long ratings, BigDecimal averageRating) {
    }

    /** One day, week or month of the period: its figures, in total and per channel. */
    public record Bucket(Instant start, Instant end, Figures total, List<Figures> channels) {
    }

    /** Unresolved tickets now: new or open, waiting on the customer; of those, at risk and breached (P09). */
    public record Backlog(long open, long waitingOnCustomer, long atRisk, long breached) {
    }

    /** Ratings of the tickets received in the period (P11): how many of each score 1-5, and their average. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Satisfaction(long ratings, BigDecimal averageRating, Map<String, Long> distribution) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(Instant from, Instant to, String product, Figures total, List<Figures> channels,
                         String interval, String timeZone, List<Bucket> series, Backlog backlog,
                         Satisfaction satisfaction) {
    }

    /** Series granularity. */
    enum Interval { DAY, WEEK, MONTH }

    /** Sums of one group of tickets: tickets, the four outcomes, ratings and their sum, and ratings per score. */
    static final class Sums {
        final long[] n = new long[7];
        final long[] scores = new long[5];

        void add(long frMet, long frBreached, long resMet, long resBreached, Integer rating) {
            n[0]++;
            n[1] += frMet;
            n[2] += frBreached;
            n[3] += resMet;
            n[4] += resBreached;
            if (rating != null) {
                n[5]++;
                n[6] += rating;
                if (rating >= 1 && rating <= 5) {
                    scores[rating - 1]++;
                }
            }
        }

        /** Adds the sums of a settled hour ({@code report_hour}: tickets, outcomes, ratings, rating sum; the five scores). */
        void add(long[] sums, long[] scoreCounts) {
            for (int i = 0; i < n.length; i++) {
                n[i] += sums[i];
            }
            for (int i = 0; i < scores.length; i++) {
                scores[i] += scoreCounts[i];
            }
        }

        Figures figures(String channel) {
            return new Figures(channel, n[0], n[1], n[2], percent(n[1], n[1] + n[2]), n[3], n[4], percent(n[3], n[3] + n[4]),
                    n[2] + n[4], n[5], average(n[6], n[5]));
        }
    }

    /**
     * The rows of the period: live tickets through a range of ix_ticket_received (V90), then what purged tickets left.
     * The live query names no product: with {@code product = ?} HSQLDB chose ix_ticket_product_status and read every
     * row of the product (BENCHMARKS.md, "Report"), so a product is picked out here. Two plain queries streamed
     * into the same sums: a UNION of them made HSQLDB materialise every row first.
     */
    private static final String LIVE = "SELECT t.received_at, t.channel, " + TicketOutcomes.OUTCOMES + ", t.product"
            + TicketOutcomes.FROM + " WHERE t.received_at >= ? AND t.received_at < ?";
    private static final String PURGED = "SELECT received_at, channel, first_response_met, first_response_breached, "
            + "resolution_met, resolution_breached, rating, product FROM ticket_stats WHERE received_at >= ? AND received_at < ?";

    /** Ranges read from the tickets closer than this are read as one (see {@link #periods}). */
    static final Duration LIVE_GAP = Duration.ofHours(6);

    private final JdbcTemplate jdbc;
    private final ReportHours hours;
    private final HubProperties hub;
    private final Clock clock;

    public SlaReport(JdbcTemplate jdbc, ReportHours hours, HubProperties hub, Clock clock) {
        this.jdbc = jdbc;
        this.hours = hours;
        this.hub = hub;
        this.clock = clock;
    }

    public Report report(@Header("from") String from, @Header("to") String to, @Header("product") String product,
                         @Header("interval") String interval) {
        String p = product == null || product.isBlank() ? null : product.trim();
        if (p != null && hub.product(p).isEmpty()) {
            throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                    "must be one of " + hub.getProducts().keySet())));
        }
        ZoneId zone = zone(p);
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to, zone, true);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : instant("from", from, zone, false);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("Empty period.", List.of(new FieldError("from", "must be before to")));
        }
        Interval step = interval(interval, start, end);
        Instant[] bounds = bounds(start, end, zone, step);

        Sums total = new Sums();
        Map<String, Sums> byChannel = new TreeMap<>();
        List<Map<String, Sums>> perBucket = new ArrayList<>();
        List<Sums> bucketTotals = new ArrayList<>();
        for (int i = 0; i < bounds.length - 1; i++) {
            perBucket.add(new TreeMap<>());
            bucketTotals.add(new Sums());
        }
        Periods periods = periods(start, end, bounds);
        for (Instant[] range : periods.live()) {
            for (String sql : List.of(LIVE, PURGED)) {
                hours.query(sql, range[0], range[1], rs -> {
                    if (p != null && !p.equals(rs.getString(8))) {
                        return;
                    }
                    Instant received = rs.getObject(1, OffsetDateTime.class).toInstant();
                    String channel = rs.getString(2);
                    long frMet = rs.getLong(3);
                    long frBreached = rs.getLong(4);
                    long resMet = rs.getLong(5);
                    long resBreached = rs.getLong(6);
                    int r = rs.getInt(7);
                    Integer rating = rs.wasNull() ? null : r;
                    int b = bucket(bounds, received);
                    total.add(frMet, frBreached, resMet, resBreached, rating);
                    byChannel.computeIfAbsent(channel, c -> new Sums()).add(frMet, frBreached, resMet, resBreached, rating);
                    bucketTotals.get(b).add(frMet, frBreached, resMet, resBreached, rating);
                    perBucket.get(b).computeIfAbsent(channel, c -> new Sums()).add(frMet, frBreached, resMet, resBreached, rating);
                });
            }
        }
        if (!periods.settled().isEmpty()) {
            hours.query(ReportHours.HOURS, periods.settled().first(), periods.settled().last().plus(ReportHours.HOUR), rs -> {
                Instant hour = rs.getObject(1, OffsetDateTime.class).toInstant();
                if (!periods.settled().contains(hour) || p != null && !p.equals(rs.getString(2))) {
                    return;
                }
                String channel = rs.getString(3);
                long[] sums = new long[7];
                for (int i = 0; i < sums.length; i++) {
                    sums[i] = rs.getLong(4 + i);
                }
                long[] scores = new long[5];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = rs.getLong(11 + i);
                }
                int b = bucket(bounds, hour);
                total.add(sums, scores);
                byChannel.computeIfAbsent(channel, c -> new Sums()).add(sums, scores);
                bucketTotals.get(b).add(sums, scores);
                perBucket.get(b).computeIfAbsent(channel, c -> new Sums()).add(sums, scores);
            });
        }

        List<Figures> channels = new ArrayList<>();
        byChannel.forEach((channel, sums) -> channels.add(sums.figures(channel)));
        List<Bucket> series = new ArrayList<>();
        for (int i = 0; i < bounds.length - 1; i++) {
            List<Figures> inBucket = new ArrayList<>();
            perBucket.get(i).forEach((channel, sums) -> inBucket.add(sums.figures(channel)));
            series.add(new Bucket(bounds[i], bounds[i + 1], bucketTotals.get(i).figures(null), inBucket));
        }
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int score = 1; score <= 5; score++) {
            distribution.put(Integer.toString(score), total.scores[score - 1]);
        }
        return new Report(start, end, p, total.figures(null), channels, step.name().toLowerCase(Locale.ROOT), zone.getId(),
                series, backlog(p), new Satisfaction(total.n[5], average(total.n[6], total.n[5]), distribution));
    }

    /** The parts of a period read from the tickets ({@code live}, ranges of received_at) and the settled hours read from report_hour. */
    record Periods(List<Instant[]> live, NavigableSet<Instant> settled) {
    }

    /**
     * Splits [start, end) into settled hours wholly inside it and inside one bucket (read from {@code report_hour}) and
     * the rest (read from the tickets). Ranges of the rest less than {@link #LIVE_GAP} apart are read as one, the settled
     * hours between them from the tickets too, so an hour held open here and there costs few queries.
     */
    Periods periods(Instant start, Instant end, Instant[] bounds) {
        NavigableSet<Instant> usable = new TreeSet<>();
        Instant first = ReportHours.ceil(start);
        Instant last = ReportHours.floor(end);
        if (first.isBefore(last)) {
            Set<Instant> settled = hours.settledHours(first, last);
            for (Instant h = first; h.isBefore(last); h = h.plus(ReportHours.HOUR)) {
                if (settled.contains(h) && bucket(bounds, h) == bucket(bounds, h.plus(ReportHours.HOUR).minusNanos(1))) {
                    usable.add(h);
                }
            }
        }
        List<Instant[]> live = new ArrayList<>();
        Instant cursor = start;
        for (Instant h : usable) {
            if (cursor.isBefore(h)) {
                live.add(new Instant[] {cursor, h});
            }
            cursor = h.plus(ReportHours.HOUR);
        }
        if (cursor.isBefore(end)) {
            live.add(new Instant[] {cursor, end});
        }
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] range : live) {
            Instant[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && Duration.between(previous[1], range[0]).compareTo(LIVE_GAP) < 0) {
                usable.subSet(previous[1], true, range[0], false).clear();
                previous[1] = range[1];
            } else {
                merged.add(range);
            }
        }
        return new Periods(merged, usable);
    }

    /**
     * The backlog now: per product and unresolved status, one read of exactly those rows through
     * ix_ticket_product_status (product, status, ...); {@code status IN (...)} made HSQLDB read all the product's rows.
     */
    Backlog backlog(String product) {
        long[] sum = new long[4];
        for (String p : product == null ? hub.getProducts().keySet() : List.of(product)) {
            for (String status : List.of("NEW", "OPEN", "WAITING_ON_CUSTOMER")) {
                jdbc.query("SELECT COUNT(*), SUM(CASE WHEN " + TicketOutcomes.AT_RISK + " THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN " + TicketOutcomes.BREACHED + " THEN 1 ELSE 0 END) FROM ticket "
                        + "WHERE product = ? AND status = ?", rs -> {
                            sum["WAITING_ON_CUSTOMER".equals(status) ? 1 : 0] += rs.getLong(1);
                            sum[2] += rs.getLong(2);
                            sum[3] += rs.getLong(3);
                        }, p, status);
            }
        }
        return new Backlog(sum[0], sum[1], sum[2], sum[3]);
    }

    ZoneId zone(String product) {
        return product == null ? DEFAULT_ZONE : hub.product(product).map(HubProperties.Product::getTimeZone).orElse(DEFAULT_ZONE);
    }

    /** Days up to about two months, weeks up to about a year, months beyond; or the one asked for. */
    static Interval interval(String asked, Instant start, Instant end) {
        if (asked != null && !asked.isBlank()) {
            try {
                return Interval.valueOf(asked.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("Unknown interval.", List.of(new FieldError("interval",
                        "must be day, week or month")));
            }
        }
        long days = Duration.between(start, end).toDays();
        return days <= 62 ? Interval.DAY : days <= 370 ? Interval.WEEK : Interval.MONTH;
    }

    /** Bucket boundaries: start, each local midnight / Monday / first of the month after it, end. */
    static Instant[] bounds(Instant start, Instant end, ZoneId zone, Interval step) {
        List<Instant> bounds = new ArrayList<>();
        bounds.add(start);
        LocalDate day = start.atZone(zone).toLocalDate();
        LocalDate next = switch (step) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            case MONTH -> day.with(TemporalAdjusters.firstDayOfNextMonth());
        };
        for (Instant at = next.atStartOfDay(zone).toInstant(); at.isBefore(end); ) {
            bounds.add(at);
            if (bounds.size() > MAX_BUCKETS) {
                throw ProblemException.invalid("The series would have more than " + MAX_BUCKETS + " points.",
                        List.of(new FieldError("interval", "choose a longer interval (week or month) or a shorter period")));
            }
            next = switch (step) {
                case DAY -> next.plusDays(1);
                case WEEK -> next.plusWeeks(1);
                case MONTH -> next.plusMonths(1);
            };
            at = next.atStartOfDay(zone).toInstant();
        }
        bounds.add(end);
        return bounds.toArray(Instant[]::new);
    }

    private static int bucket(Instant[] bounds, Instant at) {
        int i = Arrays.binarySearch(bounds, at);
        int b = i >= 0 ? i : -i - 2;
        return Math.max(0, Math.min(bounds.length - 2, b));
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private static BigDecimal average(long sum, long count) {
        return count == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }

    /** A date (start of that day in the zone; for {@code to}, the day is included) or an ISO-8601 instant with offset. */
    private static Instant instant(String field, String value, ZoneId zone, boolean endOfDay) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("Invalid period.", List.of(new FieldError(field,
                    "must be a date (2026-03-01) or an ISO-8601 instant with offset")));
        }
    }
}
