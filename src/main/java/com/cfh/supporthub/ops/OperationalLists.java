package com.cfh.supporthub.ops;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's own operational lists (issue 17 item 2), read from its tables: parked inbound mail, dead letters
 * (outbox rows that FAILED, Jira mirror rows that are DEAD) and pending outbox work per destination. Rows are
 * returned with their columns as they are (names in lower case), less the payloads, which may hold personal
 * data; at most {@link #LIMIT} rows per list, newest first. Served by {@link OperationalEndpoints} (ADMIN).
 */
@Component
public class OperationalLists {

    /** Most rows one list returns. */
    public static final int LIMIT = 200;

    /** Columns never returned: the message or request itself. */
    private static final Set<String> HIDDEN = Set.of("payload", "body", "raw", "content", "request_body");

    private final JdbcTemplate jdbc;

    public OperationalLists(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inbound mail the hub parked (P03: never dropped) and parked messages whose move to the parked folder is open. */
    public Map<String, Object> parkedMail() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("parked", rows("SELECT * FROM mail_intake WHERE outcome = 'PARKED' ORDER BY created_at DESC"));
        answer.put("movesPending", rows("SELECT * FROM mail_parked_move ORDER BY created_at DESC"));
        return answer;
    }

    /** Outbox rows that FAILED for good, and Jira mirror rows that are DEAD (retried from /api/v1/jira/dead-letters). */
    public Map<String, Object> deadLetters() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outbox", rows("SELECT * FROM outbox WHERE status = 'FAILED' ORDER BY id DESC"));
        answer.put("jira", rows("SELECT * FROM jira_outbox WHERE status = 'DEAD' ORDER BY id DESC"));
        return answer;
    }

    /**
     * Outbox rows per destination and status, for every status but the delivered ones. The destination is the
     * outbox's {@code destination} column when it has one, else its {@code event_type}; the Jira mirror's rows are
     * destination {@code jira}.
     */
    public List<Map<String, Object>> outboxByDestination() {
        String destination = columns("outbox").contains("destination") ? "destination" : "event_type";
        List<Map<String, Object>> answer = new ArrayList<>();
        answer.addAll(rows("SELECT " + destination + " AS destination, status, COUNT(*) AS row_count, MIN(available_at) "
                + "AS oldest_available_at FROM outbox WHERE status <> 'DELIVERED' GROUP BY " + destination
                + ", status ORDER BY 1, 2"));
        answer.addAll(rows("SELECT 'jira' AS destination, status, COUNT(*) AS row_count, MIN(available_at) "
                + "AS oldest_available_at FROM jira_outbox WHERE status NOT IN ('DELIVERED', 'SKIPPED') GROUP BY status "
                + "ORDER BY 2"));
        return answer;
    }

    private List<Map<String, Object>> rows(String sql) {
        List<Map<String, Object>> answer = new ArrayList<>();
        jdbc.query(sql, rs -> {
            if (answer.size() >= LIMIT) {
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            var meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                if (!HIDDEN.contains(name)) {
                    Object value = rs.getObject(i);
                    row.put(name, value == null || value instanceof Number || value instanceof Boolean
                            ? value : value.toString());
                }
            }
            answer.add(row);
        });
        return answer;
    }

    private Set<String> columns(String table) {
        return jdbc.execute((Connection c) -> {
            Set<String> names = new java.util.HashSet<>();
            DatabaseMetaData meta = c.getMetaData();
            for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getColumns(null, null, t, null)) {
                    while (rs.next()) {
                        names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                } catch (SQLException e) {
                    throw e;
                }
            }
            return names;
        });
    }
}
