package com.cfh.supporthub.jira;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.web.ProblemException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Jira back-fill (issue 16.5, P20): mirrors the open tickets that were created before the mirror was switched on.
 *
 * <p>{@code POST /api/v1/jira/backfill} ({@link #start}) starts it, or leaves a running one to go on; the clustered
 * {@code jira-backfill} route calls {@link #runBatch} on one node at a time. A batch takes the next
 * {@code hub.jira.backfill.batch-size} tickets after the cursor (the last ticket id done) that are not CLOSED, queues
 * a CREATE row (the payload {@link JiraQueue#createRow} writes for a new ticket: the first customer message as the
 * description) and the rest of the conversation as COMMENT rows (internal notes as internal comments, unless
 * minimisation keeps them in the hub) for each that has no Jira key and no CREATE row of any status, and moves the cursor, all in one
 * transaction: the cursor update comes first and is conditional on the cursor it read, so two nodes never queue the same
 * batch, and a restart resumes after the last whole batch. The jira-mirror route delivers the rows as any other.
 */
@Component("jiraBackfill")
public class JiraBackfill {

    private static final Logger log = LoggerFactory.getLogger(JiraBackfill.class);
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";

    /** Progress as {@code GET /api/v1/jira/backfill} shows it. */
    public record Progress(String state, long cursor, long queued, long skipped, long batches, long remaining,
                           String startedAt, String updatedAt, String finishedAt) {
    }

    private record Candidate(long id, String key, String product, String channel, String priority, String subject,
                             Instant receivedAt, Party requester, boolean mirrored) {
    }

    private final JiraProperties properties;
    private final JiraQueue queue;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public JiraBackfill(JiraProperties properties, JiraQueue queue, JdbcTemplate jdbc,
                        PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.queue = queue;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        Gauge.builder("hub.jira.backfill.remaining", this, JiraBackfill::remaining)
                .description("Open tickets without a Jira issue or a queued create (what a back-fill would mirror)")
                .register(meters);
        Gauge.builder("hub.jira.backfill.mirrored", this, b -> b.counter("queued"))
                .description("Tickets the Jira back-fill has queued for mirroring since it was last started").register(meters);
    }

    /** Starts a back-fill, or lets a running one go on (it resumes at its cursor). */
    public Progress start() {
        if (!properties.isEnabled()) {
            throw ProblemException.conflict("The Jira mirror is off (hub.jira.enabled=false): nothing to back-fill into.");
        }
        Object now = SlaColumns.ts(clock.instant());
        int restarted = jdbc.update("UPDATE jira_backfill SET state = 'RUNNING', cursor_id = 0, queued = 0, skipped = 0, "
                + "batches = 0, started_at = ?, updated_at = ?, finished_at = NULL WHERE id = 1 AND state = 'DONE'", now, now);
        if (restarted == 0) {
            try {
                jdbc.update("INSERT INTO jira_backfill (id, state, cursor_id, queued, skipped, batches, started_at, updated_at) "
                        + "VALUES (1, 'RUNNING', 0, 0, 0, 0, ?, ?)", now, now);
            } catch (DuplicateKeyException running) {
                // already RUNNING: it goes on from its cursor
            }
        }
        return progress();
    }

    /** What the back-fill has done so far, and what is left. */
    public Progress progress() {
        List<Progress> rows = jdbc.query("SELECT state, cursor_id, queued, skipped, batches, started_at, updated_at, "
                + "finished_at FROM jira_backfill WHERE id = 1", (rs, n) -> new Progress(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), remaining(), text(rs.getObject(6, OffsetDateTime.class)),
                text(rs.getObject(7, OffsetDateTime.class)), text(rs.getObject(8, OffsetDateTime.class))));
        return rows.isEmpty() ? new Progress("NOT_STARTED", 0, 0, 0, 0, remaining(), null, null, null) : rows.get(0);
    }

    /** One batch, if a back-fill is running and the mirror is on; returns the tickets queued (0: nothing, or done). */
    public int runBatch() {
        if (!properties.isEnabled()) {
            return 0;
        }
        List<Object[]> state = jdbc.query("SELECT state, cursor_id FROM jira_backfill WHERE id = 1",
                (rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)});
        if (state.isEmpty() || !RUNNING.equals(state.get(0)[0])) {
            return 0;
        }
        long cursor = (Long) state.get(0)[1];
        int size = Math.max(1, properties.getBackfill().getBatchSize());
        Integer queued = tx.execute(s -> {
            List<Candidate> batch = candidates(cursor, size);
            Instant now = clock.instant();
            long last = batch.isEmpty() ? cursor : batch.get(batch.size() - 1).id();
            long fresh = batch.stream().filter(c -> !c.mirrored()).count();
            boolean done = batch.size() < size;
            // First, so a second node running the same batch waits on this row and then finds the cursor moved.
            int moved = jdbc.update("UPDATE jira_backfill SET cursor_id = ?, queued = queued + ?, skipped = skipped + ?, "
                    + "batches = batches + 1, updated_at = ?, state = ?, finished_at = " + (done ? "updated_at " : "NULL ")
                    + "WHERE id = 1 AND state = 'RUNNING' AND cursor_id = ?", last, fresh, batch.size() - fresh,
                    SlaColumns.ts(now), done ? DONE : RUNNING, cursor);
            if (moved == 0) {
                s.setRollbackOnly();
                return 0;
            }
            List<Object[]> rows = new ArrayList<>();
            for (Candidate c : batch) {
                if (!c.mirrored()) {
                    List<String[]> messages = messages(c.id());
                    int first = firstInbound(messages);
                    rows.add(queue.createRow(c.id(), c.key(), c.product(), c.channel(), c.priority(), c.subject(),
                            first < 0 ? null : messages.get(first)[2], c.requester(), participants(c.id()), c.receivedAt(), now));
                    // the conversation so far, after the first customer message (the description), as comments
                    for (int m = 0; m < messages.size(); m++) {
                        if (m != first) {
                            String[] message = messages.get(m);
                            Object[] comment = queue.historyRow(c.id(), c.key(), message[0], message[1], message[2], now);
                            if (comment != null) {
                                rows.add(comment);
                            }
                        }
                    }
                }
            }
            queue.insert(rows);
            log.info("Jira back-fill: batch after ticket id {} -> {}: {} queued, {} already mirrored{}", cursor, last,
                    rows.size(), batch.size() - rows.size(), done ? "; done" : "");
            return rows.size();
        });
        return queued == null ? 0 : queued;
    }

    private List<Candidate> candidates(long cursor, int size) {
        return jdbc.query("SELECT t.id, t.ticket_key, t.product, t.channel, t.priority, t.subject, t.received_at, "
                        + "c.display_name, c.email, c.phone, CASE WHEN t.jira_key IS NOT NULL OR EXISTS (SELECT 1 FROM outbox o "
                        + "WHERE o.ticket_id = t.id AND o.destination = 'jira' AND o.event_type = 'CREATE') THEN 1 ELSE 0 END "
                        + "FROM ticket t JOIN contact c ON c.id = t.requester_id "
                        + "WHERE t.id > ? AND t.status <> 'CLOSED' ORDER BY t.id FETCH FIRST " + size + " ROWS ONLY",
                (rs, n) -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                        new Party(rs.getString(8), rs.getString(9), rs.getString(10)), rs.getInt(11) == 1), cursor);
    }

    /** The ticket's messages, oldest first: direction, author, text. */
    private List<String[]> messages(long ticketId) {
        return jdbc.query("SELECT direction, author, body FROM ticket_message WHERE ticket_id = ? ORDER BY created_at, id",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, ticketId);
    }

    private static int firstInbound(List<String[]> messages) {
        for (int i = 0; i < messages.size(); i++) {
            if ("INBOUND".equals(messages.get(i)[0])) {
                return i;
            }
        }
        return -1;
    }

    private List<Party> participants(long ticketId) {
        return jdbc.query("SELECT c.display_name, c.email, c.phone FROM ticket_participant p JOIN contact c ON c.id = p.contact_id "
                        + "WHERE p.ticket_id = ? AND c.access_revoked_at IS NULL ORDER BY p.added_at, c.id",
                (rs, n) -> new Party(rs.getString(1), rs.getString(2), rs.getString(3)), ticketId);
    }

    /** Open tickets with no Jira issue and no CREATE row: what a back-fill would mirror. */
    long remaining() {
        if (!properties.isEnabled()) {
            return 0;
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM ticket t WHERE t.status <> 'CLOSED' AND t.jira_key IS NULL "
                + "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.destination = 'jira' "
                + "AND o.event_type = 'CREATE')", Long.class);
        return n == null ? 0 : n;
    }

    private long counter(String column) {
        List<Long> n = jdbc.queryForList("SELECT " + column + " FROM jira_backfill WHERE id = 1", Long.class);
        return n.isEmpty() ? 0 : n.get(0);
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
