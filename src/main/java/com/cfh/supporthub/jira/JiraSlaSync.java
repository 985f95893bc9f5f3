package com.cfh.supporthub.jira;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.jira.JiraProperties.TierTarget;
import com.cfh.supporthub.sla.SlaColumns;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The work of the {@code jira-sla-sync} route (issue 16.4, P20): brings each mirrored, unresolved ticket's tier (and
 * escalation), due instants and at-risk / breached marks to its Jira issue.
 *
 * <p>Whoever wrote the SLA columns or the tier (the SLA sweep, escalations, an agent's classify, a pause, resume or
 * rebase), the route compares what the ticket shows now with what it last queued for it (table {@code jira_sync_sent})
 * and, when they differ, queues one {@code UPDATE} row with the difference and records the new state, in one
 * transaction. None of these values comes from Jira, so nothing is echoed.
 *
 * <ul>
 * <li>due instants in the date-time fields {@code hub.jira.due-fields.first-response} / {@code .resolution}: the
 *     first-response due while there is no first response, the resolution due while the cycle runs (not met, not paused);
 *     otherwise the field is cleared;
 * <li>labels {@code hub.jira.labels-for.at-risk} / {@code .breached} added and removed (definitions as the ticket list's
 *     {@code atRisk} / {@code breached} filters);
 * <li>a tier with an entry in {@code hub.jira.tiers}: its label added (the previous tier's removed), its component added,
 *     its assignee account set.
 * </ul>
 */
@Component("jiraSlaSync")
public class JiraSlaSync {

    private static final Logger log = LoggerFactory.getLogger(JiraSlaSync.class);
    /** Jira's date-time format for custom field values. */
    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final String AT_RISK = "(t.first_response_at IS NULL AND t.first_response_at_risk_at IS NOT NULL "
            + "AND t.first_response_breached_at IS NULL) OR (t.resolution_met_at IS NULL "
            + "AND t.resolution_at_risk_at IS NOT NULL AND t.resolution_breached_at IS NULL)";
    private static final String BREACHED = "t.first_response_breached_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL";

    /** What was last queued for a ticket. */
    public record State(String tier, String firstResponseDue, String resolutionDue, boolean atRisk, boolean breached) {
        static final State NONE = new State("TIER1", null, null, false, false);
    }

    private record Current(long id, String key, State state, String sent) {
    }

    private final JiraProperties properties;
    private final JiraQueue queue;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    public JiraSlaSync(JiraProperties properties, JiraQueue queue, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                       ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.queue = queue;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    /** One pass; returns the UPDATE rows queued. */
    public int run() {
        if (!properties.isEnabled()) {
            return 0;
        }
        List<Current> tickets = jdbc.query("SELECT t.id, t.ticket_key, t.tier, "
                        + "CASE WHEN t.first_response_at IS NULL THEN t.first_response_due END, "
                        + "CASE WHEN t.resolution_met_at IS NULL AND t.sla_paused_at IS NULL THEN t.resolution_due END, "
                        + "CASE WHEN " + AT_RISK + " THEN 1 ELSE 0 END, CASE WHEN " + BREACHED + " THEN 1 ELSE 0 END, s.state "
                        + "FROM ticket t LEFT JOIN jira_sync_sent s ON s.ticket_id = t.id "
                        + "WHERE t.jira_key IS NOT NULL AND t.status NOT IN ('RESOLVED', 'CLOSED') ORDER BY t.id",
                (rs, n) -> new Current(rs.getLong(1), rs.getString(2), new State(rs.getString(3),
                        time(rs.getObject(4, OffsetDateTime.class)), time(rs.getObject(5, OffsetDateTime.class)),
                        rs.getInt(6) == 1, rs.getInt(7) == 1), rs.getString(8)));
        int queued = 0;
        for (Current c : tickets) {
            State before = read(c.sent());
            if (before.equals(c.state())) {
                continue;
            }
            Map<String, Object> change = change(c.key(), before, c.state());
            Instant now = clock.instant();
            boolean send = change != null;
            tx.executeWithoutResult(s -> {
                String text = write(c.state());
                int updated = c.sent() == null ? 0 : jdbc.update("UPDATE jira_sync_sent SET state = ?, sent_at = ? "
                        + "WHERE ticket_id = ? AND state = ?", text, SlaColumns.ts(now), c.id(), c.sent());
                if (updated == 0) {
                    if (c.sent() != null) {
                        s.setRollbackOnly(); // another node moved it on: it queued this change
                        return;
                    }
                    jdbc.update("INSERT INTO jira_sync_sent (ticket_id, state, sent_at) VALUES (?, ?, ?)", c.id(), text,
                            SlaColumns.ts(now));
                }
                if (send) {
                    queue.update(c.id(), c.key(), change, now);
                }
            });
            queued += send ? 1 : 0;
        }
        if (queued > 0) {
            log.info("Jira SLA sync: {} update(s) queued", queued);
        }
        return queued;
    }

    /** The UPDATE payload from one state to the next, or null when nothing configured changed. */
    Map<String, Object> change(String key, State before, State now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> components = new ArrayList<>();
        Map<String, Object> p = new LinkedHashMap<>();
        String fr = properties.getDueFields().getFirstResponse();
        if (given(fr) && !Objects.equals(before.firstResponseDue(), now.firstResponseDue())) {
            fields.put(fr, jiraTime(now.firstResponseDue()));
        }
        String res = properties.getDueFields().getResolution();
        if (given(res) && !Objects.equals(before.resolutionDue(), now.resolutionDue())) {
            fields.put(res, jiraTime(now.resolutionDue()));
        }
        mark(properties.getLabelsFor().getAtRisk(), before.atRisk(), now.atRisk(), add, remove);
        mark(properties.getLabelsFor().getBreached(), before.breached(), now.breached(), add, remove);
        if (!Objects.equals(before.tier(), now.tier())) {
            TierTarget old = properties.getTiers().get(before.tier());
            TierTarget next = properties.getTiers().get(now.tier());
            if (old != null && given(old.getLabel()) && (next == null || !old.getLabel().equals(next.getLabel()))) {
                remove.add(old.getLabel());
            }
            if (next != null) {
                if (given(next.getLabel())) {
                    add.add(next.getLabel());
                }
                if (given(next.getComponent())) {
                    components.add(next.getComponent());
                }
                if (given(next.getAssigneeAccountId())) {
                    Map<String, Object> assignee = new LinkedHashMap<>();
                    assignee.put("accountId", next.getAssigneeAccountId());
                    p.put("assignee", assignee);
                }
            }
        }
        if (fields.isEmpty() && add.isEmpty() && remove.isEmpty() && components.isEmpty() && p.isEmpty()) {
            return null;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ticketKey", key);
        if (!fields.isEmpty()) payload.put("fields", fields);
        payload.putAll(p);
        if (!add.isEmpty()) payload.put("labelsAdd", add);
        if (!remove.isEmpty()) payload.put("labelsRemove", remove);
        if (!components.isEmpty()) payload.put("componentsAdd", components);
        return payload;
    }

    private static void mark(String label, boolean before, boolean now, List<String> add, List<String> remove) {
        if (given(label) && before != now) {
            (now ? add : remove).add(label);
        }
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    /** The field value: Jira's date-time text, or a JSON null (kept in the payload, unlike a plain null) that clears it. */
    private static Object jiraTime(String instant) {
        return instant == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : JIRA_TIME.format(Instant.parse(instant));
    }

    private State read(String text) {
        if (text == null) {
            return State.NONE;
        }
        try {
            return json.readValue(text, State.class);
        } catch (IOException e) {
            return State.NONE;
        }
    }

    private String write(State state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
