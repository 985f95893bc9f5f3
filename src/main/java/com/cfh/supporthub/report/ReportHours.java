package com.cfh.supporthub.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.sla.SlaColumns;

/**
 * The report's settled hours (P12, issue 18 item 1; docs/report.md). An hour is settled once every ticket received in
 * it is CLOSED and no feedback link of those tickets can still be used: from then on its figures cannot change
 * (a closed ticket takes no more messages, a purge keeps the same outcome in {@code ticket_stats}), so
 * {@link #settle()} (route report-settle) sums them once per product and channel into {@code report_hour} and marks
 * the hour in {@code report_settled_hour}. {@link SlaReport} reads settled hours from there and every other hour from
 * the tickets, with one definition of the outcomes ({@link TicketOutcomes}) for both.
 *
 * <p>A ticket that arrives later with a {@code received_at} in a settled hour (a mail drained after an outage, a
 * delayed call event) opens that hour again ({@link #reopen}); so does anything else that would change a settled
 * ticket's figures. Hours newer than {@code hub.report.settle.min-age} are never settled.
 */
@Component("reportHours")
public class ReportHours {

    private static final Logger LOG = LoggerFactory.getLogger(ReportHours.class);
    static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WINDOW = Duration.ofDays(1);

    private static final String LIVE = "SELECT t.received_at, t.channel, " + TicketOutcomes.OUTCOMES
            + ", t.product, t.status, f.expires_at, f.responded_at" + TicketOutcomes.FROM
            + " WHERE t.received_at >= ? AND t.received_at < ?";
    private static final String PURGED = "SELECT received_at, channel, first_response_met, first_response_breached, "
            + "resolution_met, resolution_breached, rating, product FROM ticket_stats WHERE received_at >= ? AND received_at < ?";
    static final String HOURS = "SELECT hour_start, product, channel, tickets, first_response_met, first_response_breached, "
            + "resolution_met, resolution_breached, ratings, rating_sum, rated_1, rated_2, rated_3, rated_4, rated_5 "
            + "FROM report_hour WHERE hour_start >= ? AND hour_start < ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration minAge;

    public ReportHours(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock,
                       @Value("${hub.report.settle.min-age:2d}") Duration minAge) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.minAge = minAge;
    }

    /**
     * Settles every hour older than the minimum age whose tickets are all final, a day of hours per transaction
     * (resumable: an interrupted run leaves whole days settled or not). Reads the tickets of a day only when one of its
     * hours is not settled yet. Returns the number of hours settled by this call.
     */
    public int settle() {
        Instant now = clock.instant();
        Instant horizon = floor(now.minus(minAge));
        Instant first = earliest();
        if (first == null || !first.isBefore(horizon)) {
            return 0;
        }
        Set<Instant> settled = settledHours(first, horizon);
        int count = 0;
        for (Instant day = first; day.isBefore(horizon); day = day.plus(WINDOW)) {
            Instant end = day.plus(WINDOW).isBefore(horizon) ? day.plus(WINDOW) : horizon;
            if (Duration.between(day, end).toHours() == settledIn(settled, day, end)) {
                continue;
            }
            Instant from = day;
            try {
                Integer n = tx.execute(s -> settleWindow(from, end, settled, now));
                count += n == null ? 0 : n;
            } catch (DuplicateKeyException e) {
                LOG.debug("Report hours from {} settled by another run meanwhile", from);
            }
        }
        if (count > 0) {
            LOG.info("Report: settled {} hour(s) up to {}", count, horizon);
        }
        return count;
    }

    /** The settled hours in [from, to). */
    Set<Instant> settledHours(Instant from, Instant to) {
        Set<Instant> hours = new HashSet<>();
        jdbc.query("SELECT hour_start FROM report_settled_hour WHERE hour_start >= ? AND hour_start < ?",
                rs -> {
                    hours.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }, SlaColumns.ts(from), SlaColumns.ts(to));
        return hours;
    }

    /**
     * Opens the hour of {@code receivedAt} again if it was settled (its figures are read from the tickets until the
     * next settling run), inside the caller's transaction. Cheap when the hour is recent: nothing to do.
     */
    public void reopen(Instant receivedAt) {
        Instant hour = floor(receivedAt);
        if (!hour.isBefore(floor(clock.instant().minus(minAge)))) {
            return;
        }
        if (jdbc.update("DELETE FROM report_settled_hour WHERE hour_start = ?", SlaColumns.ts(hour)) > 0) {
            jdbc.update("DELETE FROM report_hour WHERE hour_start = ?", SlaColumns.ts(hour));
            LOG.info("Report: hour {} opened again (a ticket changed or arrived in it)", hour);
        }
    }

    static Instant floor(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    static Instant ceil(Instant at) {
        Instant f = floor(at);
        return f.equals(at) ? f : f.plus(HOUR);
    }

    private Instant earliest() {
        Instant first = null;
        for (String table : List.of("ticket", "ticket_stats")) {
            OffsetDateTime min = jdbc.queryForObject("SELECT MIN(received_at) FROM " + table, OffsetDateTime.class);
            if (min != null && (first == null || min.toInstant().isBefore(first))) {
                first = min.toInstant();
            }
        }
        return first == null ? null : floor(first);
    }

    private static long settledIn(Set<Instant> settled, Instant from, Instant to) {
        long n = 0;
        for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
            if (settled.contains(h)) {
                n++;
            }
        }
        return n;
    }

    /** Sums the hours of [from, to) not settled yet and not held open by a ticket; writes them; returns how many. */
    private int settleWindow(Instant from, Instant to, Set<Instant> settled, Instant now) {
        Map<Instant, Map<String, SlaReport.Sums>> sums = new HashMap<>();
        Set<Instant> open = new HashSet<>();
        query(LIVE, from, to, rs -> {
            Instant hour = floor(rs.getObject(1, OffsetDateTime.class).toInstant());
            OffsetDateTime expires = rs.getObject(10, OffsetDateTime.class);
            OffsetDateTime responded = rs.getObject(11, OffsetDateTime.class);
            boolean feedbackOpen = expires != null && responded == null && expires.toInstant().isAfter(now);
            if (!"CLOSED".equals(rs.getString(9)) || feedbackOpen) {
                open.add(hour);
            } else {
                add(sums, hour, rs);
            }
        });
        query(PURGED, from, to, rs -> add(sums, floor(rs.getObject(1, OffsetDateTime.class).toInstant()), rs));

        List<Object[]> marks = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
            if (settled.contains(h) || open.contains(h)) {
                continue;
            }
            marks.add(new Object[] {SlaColumns.ts(h), SlaColumns.ts(now)});
            for (Map.Entry<String, SlaReport.Sums> e : sums.getOrDefault(h, Map.of()).entrySet()) {
                String[] key = e.getKey().split("\u0000", 2);
                long[] n = e.getValue().n;
                long[] s = e.getValue().scores;
                rows.add(new Object[] {SlaColumns.ts(h), key[0], key[1], n[0], n[1], n[2], n[3], n[4], n[5], n[6],
                        s[0], s[1], s[2], s[3], s[4]});
            }
        }
        jdbc.batchUpdate("INSERT INTO report_settled_hour (hour_start, settled_at) VALUES (?, ?)", marks);
        jdbc.batchUpdate("INSERT INTO report_hour (hour_start, product, channel, tickets, first_response_met, "
                + "first_response_breached, resolution_met, resolution_breached, ratings, rating_sum, rated_1, rated_2, "
                + "rated_3, rated_4, rated_5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        for (Object[] m : marks) {
            settled.add(((OffsetDateTime) m[0]).toInstant());
        }
        return marks.size();
    }

    /** Adds a row of (received_at, channel, four outcomes, rating, product) to its hour's product and channel. */
    private static void add(Map<Instant, Map<String, SlaReport.Sums>> sums, Instant hour, ResultSet rs) throws SQLException {
        int r = rs.getInt(7);
        Integer rating = rs.wasNull() ? null : r;
        sums.computeIfAbsent(hour, h -> new TreeMap<>())
                .computeIfAbsent(rs.getString(8) + "\u0000" + rs.getString(2), k -> new SlaReport.Sums())
                .add(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rating);
    }

    /** Streams a query over [from, to) of received_at. */
    void query(String sql, Instant from, Instant to, Row row) {
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setFetchSize(1000);
            ps.setObject(1, SlaColumns.ts(from));
            ps.setObject(2, SlaColumns.ts(to));
            return ps;
        }, rs -> {
            row.accept(rs);
        });
    }

    /** One row of a streamed query. */
    @FunctionalInterface
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }
}
