package com.cfh.supporthub.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

/**
 * Tickets with known outcomes written straight into the tables, for the report's tests and benchmark (P12): one every
 * {@code spacing} back from {@code now}; docmail and runmy in turn; EMAIL, WIDGET, PHONE, PORTAL in turn; of those received
 * within {@code openWithin} 2 % still open (a third of those waiting on the customer, some at risk), of the older ones one
 * in 5,000 (forgotten), the rest closed; one in ten answered late (first response
 * breached); one in five rated 1-5. Plain JDBC batches of 1,000, a commit every 10,000.
 */
public final class TicketSeed {

    static final int CONTACTS = 5;
    static final int JDBC_BATCH = 1_000;
    static final int COMMIT_EVERY = 10_000;
    static final String[] CHANNELS = {"EMAIL", "WIDGET", "PHONE", "PORTAL"};

    private TicketSeed() {
    }

    /** Rows a purge left ({@code ticket_stats}): {@code count} of them, ids from {@code baseId}, one every {@code spacing} back from {@code now}. */
    public static void purged(DataSource dataSource, long baseId, int count, Instant now, Duration spacing) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_stats "
                + "(ticket_id, product, channel, priority, received_at, first_response_at, resolved_at, closed_at, "
                + "first_response_met, first_response_breached, resolution_met, resolution_breached, rating, purged_at) "
                + "VALUES (?, ?, ?, 'NORMAL', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                Instant received = now.minus(spacing.multipliedBy(i + 1L)).plusSeconds(17);
                ps.setLong(1, baseId + i);
                ps.setString(2, i % 3 == 0 ? "runmy" : "docmail");
                ps.setString(3, CHANNELS[i % CHANNELS.length]);
                ps.setObject(4, utc(received));
                ps.setObject(5, utc(received.plus(Duration.ofHours(1))));
                ps.setObject(6, utc(received.plus(Duration.ofHours(9))));
                ps.setObject(7, utc(received.plus(Duration.ofDays(5))));
                ps.setInt(8, i % 7 == 0 ? 0 : 1);
                ps.setInt(9, i % 7 == 0 ? 1 : 0);
                ps.setInt(10, i % 4 == 0 ? 0 : 1);
                ps.setInt(11, i % 4 == 0 ? 1 : 0);
                if (i % 3 == 0) {
                    ps.setInt(12, 1 + i % 5);
                } else {
                    ps.setObject(12, null);
                }
                ps.setObject(13, utc(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static void seed(DataSource dataSource, long baseId, int tickets, Instant now, Duration spacing, Duration openWithin)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO contact (id, email, display_name, created_at) VALUES (?, ?, ?, ?)")) {
                for (int k = 0; k < CONTACTS; k++) {
                    ps.setLong(1, baseId + k);
                    ps.setString(2, "seed-" + baseId + "-" + k + "@customer.example");
                    ps.setString(3, "Bench Customer " + k);
                    ps.setObject(4, utc(now.minus(Duration.ofDays(800))));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (PreparedStatement t = c.prepareStatement("INSERT INTO ticket (id, ticket_key, product, channel, status, "
                    + "priority, tier, subject, requester_id, created_at, received_at, updated_at, first_response_at, "
                    + "resolved_at, closed_at, sla_clock_start, first_response_goal_min, first_response_due, "
                    + "first_response_at_risk_at, first_response_breached_at, resolution_cycle, resolution_goal_min, "
                    + "resolution_started_at, resolution_due, resolution_paused_min, resolution_met_at, escalation_level, "
                    + "version) VALUES (?, ?, ?, ?, ?, 'NORMAL', 'TIER1', ?, ?, ?, ?, ?, ?, ?, ?, ?, 240, ?, ?, ?, 1, 1620, "
                    + "?, ?, 0, ?, 0, 0)");
                 PreparedStatement f = c.prepareStatement("INSERT INTO feedback_request (ticket_id, product, nonce, "
                         + "requested_at, expires_at, rating, responded_at) VALUES (?, ?, 'bench', ?, ?, ?, ?)")) {
                for (int i = 0; i < tickets; i++) {
                    long id = baseId + i;
                    Instant received = now.minus(spacing.multipliedBy(i + 1L));
                    String product = i % 2 == 0 ? "docmail" : "runmy";
                    boolean open = received.isAfter(now.minus(openWithin)) ? i % 50 == 0 : i % 5_000 == 2_500;
                    boolean late = i % 10 == 3;
                    Instant due = received.plus(Duration.ofHours(4));
                    Instant answered = open && i % 100 == 0 ? null : received.plus(Duration.ofHours(late ? 5 : 1));
                    Instant resolved = open ? null : received.plus(Duration.ofHours(20));
                    t.setLong(1, id);
                    t.setString(2, (i % 2 == 0 ? "DOC-" : "RUN-") + id);
                    t.setString(3, product);
                    t.setString(4, CHANNELS[(i / 2) % CHANNELS.length]);
                    t.setString(5, open ? (i % 150 == 0 ? "WAITING_ON_CUSTOMER" : "OPEN") : "CLOSED");
                    t.setString(6, "Seeded ticket " + i);
                    t.setLong(7, baseId + i % CONTACTS);
                    t.setObject(8, utc(received));
                    t.setObject(9, utc(received));
                    t.setObject(10, utc(resolved == null ? received : resolved));
                    t.setObject(11, utc(answered));
                    t.setObject(12, utc(resolved));
                    t.setObject(13, utc(resolved));
                    t.setObject(14, utc(received));
                    t.setObject(15, utc(due));
                    t.setObject(16, utc(answered == null ? received.plus(Duration.ofHours(3)) : null));
                    t.setObject(17, utc(late ? due : null));
                    t.setObject(18, utc(received));
                    t.setObject(19, utc(received.plus(Duration.ofHours(27))));
                    t.setObject(20, utc(resolved));
                    t.addBatch();
                    if (i % 5 == 0 && resolved != null) {
                        f.setLong(1, id);
                        f.setString(2, product);
                        f.setObject(3, utc(resolved));
                        f.setObject(4, utc(resolved.plus(Duration.ofDays(30))));
                        f.setInt(5, 1 + (i / 5) % 5);
                        f.setObject(6, utc(resolved.plus(Duration.ofHours(2))));
                        f.addBatch();
                    }
                    if ((i + 1) % JDBC_BATCH == 0) {
                        t.executeBatch();
                        f.executeBatch();
                    }
                    if ((i + 1) % COMMIT_EVERY == 0) {
                        c.commit();
                    }
                }
                c.commit();
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
