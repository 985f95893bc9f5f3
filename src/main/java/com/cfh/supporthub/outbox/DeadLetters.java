package com.cfh.supporthub.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.web.ProblemException;

/**
 * The admin API of the outbox's dead letters, every destination (issue 15.2; P20 for Jira): rows given up
 * (status FAILED) after their destination's max-attempts or refused for good (a Jira 4xx), with the last
 * answer; an admin fixes the cause (configuration, the Jira project, the SMTP relay) and retries them.
 */
@Component("outboxDeadLetters")
public class DeadLetters {

    /** One dead letter; {@code kind} is the row's type (CREATE, COMMENT, ticket.created, mail.notice ...). */
    public record DeadLetter(long id, String destination, String ticketKey, String kind, int attempts, Integer lastStatus,
                             String lastError, Instant createdAt) {
    }

    public record DeadLetterPage(List<DeadLetter> items) {
    }

    private static final String SELECT = "SELECT id, destination, ticket_key, event_type, attempts, last_status, last_error, "
            + "created_at FROM outbox ";
    private static final RowMapper<DeadLetter> ROW = (rs, n) -> new DeadLetter(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getInt(5), rs.getObject(6, Integer.class), rs.getString(7),
            SlaColumns.instant(rs, "created_at"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeadLetters(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The oldest 200 dead letters of a destination, or of all when {@code destination} is empty. */
    public DeadLetterPage list(@Header("destination") String destination) {
        if (destination == null || destination.isBlank()) {
            return new DeadLetterPage(jdbc.query(SELECT + "WHERE status = 'FAILED' ORDER BY id FETCH FIRST 200 ROWS ONLY", ROW));
        }
        if (!Destinations.ALL.contains(destination.trim())) {
            throw ProblemException.notFound("No outbox destination " + destination + " (" + Destinations.ALL + ").");
        }
        return new DeadLetterPage(jdbc.query(SELECT + "WHERE status = 'FAILED' AND destination = ? ORDER BY id "
                + "FETCH FIRST 200 ROWS ONLY", ROW, destination.trim()));
    }

    /**
     * Puts a dead letter back in its destination's queue, due now, with its attempts counted from zero again;
     * {@code destination}, when given, must be the row's.
     */
    public DeadLetter retry(@Header("id") String id, @Header("destination") String destination) {
        long rowId;
        try {
            rowId = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No dead letter " + id + ".");
        }
        String only = destination == null || destination.isBlank() ? null : destination.trim();
        int updated = jdbc.update("UPDATE outbox SET status = 'PENDING', attempts = 0, available_at = ?, claim_token = NULL "
                + "WHERE id = ? AND status = 'FAILED'" + (only == null ? "" : " AND destination = ?"),
                only == null ? new Object[] {SlaColumns.ts(clock.instant()), rowId}
                        : new Object[] {SlaColumns.ts(clock.instant()), rowId, only});
        if (updated == 0) {
            throw ProblemException.notFound("No dead letter " + id + ".");
        }
        return jdbc.queryForObject(SELECT + "WHERE id = ?", ROW, rowId);
    }
}
