package com.cfh.supporthub.ops;

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
 * (outbox rows of every destination that FAILED) and pending outbox work per destination. Rows are
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

    /** Outbox rows of every destination (customer-mail, staff-mail, jira) that FAILED for good (retried from /api/v1/outbox/dead-letters). */
    public Map<String, Object> deadLetters() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outbox", rows("SELECT * FROM outbox WHERE status = 'FAILED' ORDER BY id DESC"));
        return answer;
    }

    /** Outbox rows per destination and status, for every status but the finished ones (DONE, SKIPPED). */
    public List<Map<String, Object>> outboxByDestination() {
        return rows("SELECT destination, status, COUNT(*) AS row_count, MIN(available_at) AS oldest_available_at "
                + "FROM outbox WHERE status NOT IN ('DONE', 'SKIPPED') GROUP BY destination, status ORDER BY 1, 2");
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
}
