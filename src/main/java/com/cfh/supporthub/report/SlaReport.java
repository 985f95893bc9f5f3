package com.cfh.supporthub.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/reports/sla?from=&to=&product=} (P12): tickets received in [from, to) per channel, first
 * response and resolution attainment in %, breaches and the average rating, over live tickets and the
 * anonymous rows purged tickets left ({@code ticket_stats}) alike, counted by the same definition
 * ({@link TicketOutcomes}), so a purge changes no total.
 */
@Component("slaReport")
public class SlaReport {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(String channel, long tickets, long firstResponseMet, long firstResponseBreached,
                          BigDecimal firstResponseAttainment, long resolutionMet, long resolutionBreached,
                          BigDecimal resolutionAttainment, long breaches, long ratings, BigDecimal averageRating) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(Instant from, Instant to, String product, Figures total, List<Figures> channels) {
    }

    private static String union(boolean byProduct) {
        return "SELECT channel, first_response_met, first_response_breached, resolution_met, resolution_breached, rating "
                + "FROM (SELECT " + TicketOutcomes.SELECT + TicketOutcomes.FROM
                + " WHERE t.received_at >= ? AND t.received_at < ?" + (byProduct ? " AND t.product = ?" : "")
                + ") live (" + TicketOutcomes.COLUMNS + ")"
                + " UNION ALL SELECT channel, first_response_met, first_response_breached, resolution_met, "
                + "resolution_breached, rating FROM ticket_stats WHERE received_at >= ? AND received_at < ?"
                + (byProduct ? " AND product = ?" : "");
    }

    private final JdbcTemplate jdbc;
    private final HubProperties hub;
    private final Clock clock;

    public SlaReport(JdbcTemplate jdbc, HubProperties hub, Clock clock) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.clock = clock;
    }

    public Report report(@Header("from") String from, @Header("to") String to, @Header("product") String product) {
        String p = product == null || product.isBlank() ? null : product.trim();
        if (p != null && hub.product(p).isEmpty()) {
            throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                    "must be one of " + hub.getProducts().keySet())));
        }
        ZoneId zone = p == null ? ZoneId.of("Europe/London") : hub.product(p).get().getTimeZone();
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to, zone, true);
        Instant start = from == null || from.isBlank() ? end.minus(java.time.Duration.ofDays(30))
                : instant("from", from, zone, false);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("Empty period.", List.of(new FieldError("from", "must be before to")));
        }
        Map<String, long[]> byChannel = new TreeMap<>();
        jdbc.query("SELECT channel, COUNT(*), SUM(first_response_met), SUM(first_response_breached), SUM(resolution_met), "
                        + "SUM(resolution_breached), COUNT(rating), SUM(rating) FROM (" + union(p != null) + ") x GROUP BY channel",
                rs -> {
                    byChannel.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8)});
                }, p == null ? new Object[] {SlaColumns.ts(start), SlaColumns.ts(end), SlaColumns.ts(start), SlaColumns.ts(end)}
                        : new Object[] {SlaColumns.ts(start), SlaColumns.ts(end), p, SlaColumns.ts(start), SlaColumns.ts(end), p});
        long[] sum = new long[7];
        List<Figures> channels = new ArrayList<>();
        byChannel.forEach((channel, n) -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += n[i];
            }
            channels.add(figures(channel, n));
        });
        return new Report(start, end, p, figures(null, sum), channels);
    }

    private static Figures figures(String channel, long[] n) {
        return new Figures(channel, n[0], n[1], n[2], percent(n[1], n[1] + n[2]), n[3], n[4], percent(n[3], n[3] + n[4]),
                n[2] + n[4], n[5], n[5] == 0 ? null : BigDecimal.valueOf(n[6]).divide(BigDecimal.valueOf(n[5]), 2,
                RoundingMode.HALF_UP));
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
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
