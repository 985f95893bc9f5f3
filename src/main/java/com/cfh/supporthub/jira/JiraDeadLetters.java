package com.cfh.supporthub.jira;

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
 * The admin API of the mirror's dead letters (P20): rows Jira refused (4xx) or that failed too often,
 * with Jira's answer; an admin fixes the cause (configuration, the Jira project) and retries them.
 */
@Component("jiraDeadLetters")
public class JiraDeadLetters {

    /** One dead letter. */
    public record DeadLetter(long id, String ticketKey, String kind, int attempts, Integer lastStatus, String lastError,
                             Instant createdAt) {
    }

    public record DeadLetterPage(List<DeadLetter> items) {
    }

    private static final String SELECT = "SELECT id, ticket_key, kind, attempts, last_status, last_error, created_at "
            + "FROM jira_outbox ";
    private static final RowMapper<DeadLetter> ROW = (rs, n) -> new DeadLetter(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getObject(5, Integer.class), rs.getString(6),
            SlaColumns.instant(rs, "created_at"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JiraDeadLetters(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The oldest 200 dead letters. */
    public DeadLetterPage list() {
        return new DeadLetterPage(jdbc.query(SELECT + "WHERE status = 'DEAD' ORDER BY id FETCH FIRST 200 ROWS ONLY", ROW));
    }

    /** Puts a dead letter back in the queue, due now, with its attempts counted from zero again. */
    public DeadLetter retry(@Header("id") String id) {
        long rowId;
        try {
            rowId = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No dead letter " + id + ".");
        }
        int updated = jdbc.update("UPDATE jira_outbox SET status = 'PENDING', attempts = 0, available_at = ?, "
                + "claim_token = NULL WHERE id = ? AND status = 'DEAD'", SlaColumns.ts(clock.instant()), rowId);
        if (updated == 0) {
            throw ProblemException.notFound("No dead letter " + id + ".");
        }
        return jdbc.queryForObject(SELECT + "WHERE id = ?", ROW, rowId);
    }
}
