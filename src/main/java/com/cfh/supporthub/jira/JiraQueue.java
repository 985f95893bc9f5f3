package com.cfh.supporthub.jira;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes what the Jira mirror must deliver into the outbox (destination {@code jira}), inside the caller's transaction
 * (P20): a change and its mirror row commit together or not at all, and intake never waits for Jira.
 * Does nothing while {@code hub.jira.enabled} is false.
 *
 * <p>The intake writer collects rows into its own batch list ({@link #ticketCreated}, {@link
 * #customerMessage}) and writes them with its other batches ({@link #insert}); the agent workflow
 * writes at once ({@link #agentMessage}, {@link #statusChanged}).
 */
@Component("jiraQueue")
public class JiraQueue {

    public static final String CREATE = "CREATE";
    public static final String COMMENT = "COMMENT";
    public static final String TRANSITION = "TRANSITION";
    /** Field changes of an issue (issue 16.4): {@code fields}, {@code assignee}, {@code labelsAdd/Remove}, {@code componentsAdd}. */
    public static final String UPDATE = "UPDATE";
    /** Actor of the changes the Jira webhook makes: they are not mirrored back to Jira. */
    public static final String JIRA_ACTOR_PREFIX = "jira:";

    private final JiraProperties properties;
    private final JdbcTemplate jdbc;
    private final IdAllocator ids;
    private final ObjectMapper json;

    public JiraQueue(JiraProperties properties, JdbcTemplate jdbc, IdAllocator ids, ObjectMapper json) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.ids = ids;
        this.json = json;
    }

    public boolean enabled() {
        return properties.isEnabled();
    }

    /** A new ticket: the Jira issue or request to create. */
    public void ticketCreated(List<Object[]> batch, long ticketId, String key, TicketIntake intake, Instant now) {
        if (!enabled()) {
            return;
        }
        batch.add(createRow(ticketId, key, intake.product(), intake.channel().name(), "NORMAL", intake.subject(),
                intake.body(), intake.requester(), intake.participants(), intake.receivedAt(), now));
    }

    /**
     * The CREATE row of a ticket (the same payload for a new ticket and for the back-fill of an older one, issue 16.5):
     * an outbox row as {@link #insert} takes it.
     */
    Object[] createRow(long ticketId, String key, String product, String channel, String priority, String subject,
                       String text, Party requester, List<Party> others, Instant receivedAt, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticketKey", key);
        p.put("product", product);
        p.put("channel", channel);
        p.put("priority", priority);
        p.put("subject", subject);
        p.put("text", text);
        p.put("requester", party(requester));
        List<Map<String, Object>> participants = new ArrayList<>();
        others.forEach(party -> participants.add(party(party)));
        p.put("participants", participants);
        p.put("receivedAt", receivedAt.toString());
        return row(ticketId, key, CREATE, p, now);
    }

    /**
     * A message of the conversation so far as a COMMENT row (the back-fill, issue 16.5), or null for an internal note
     * that minimisation keeps in the hub.
     */
    Object[] historyRow(long ticketId, String key, String direction, String author, String text, Instant now) {
        boolean internal = "INTERNAL".equals(direction);
        if (internal && !properties.getMinimise().isInternalNotes()) {
            return null;
        }
        String role = "INBOUND".equals(direction) ? "customer" : "agent";
        return row(ticketId, key, COMMENT, comment(key, text, author, !internal, role), now);
    }

    /** A customer message attached to a ticket (a public comment), and the status change it caused. */
    public void customerMessage(List<Object[]> batch, long ticketId, String key, TicketIntake intake,
                                TicketStatus from, TicketStatus to, Instant now) {
        if (!enabled()) {
            return;
        }
        batch.add(row(ticketId, key, COMMENT, comment(key, intake.body(), author(intake.requester()), true, "customer"), now));
        if (from != to) {
            batch.add(row(ticketId, key, TRANSITION, transition(key, from, to), now));
        }
    }

    /** Writes the rows collected by {@link #ticketCreated} and {@link #customerMessage}, as one JDBC batch. */
    public void insert(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO outbox (id, ticket_id, ticket_key, event_type, payload, status, attempts, "
                    + "available_at, created_at, destination, priority) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, 'jira', 1)",
                    batch);
        }
    }

    /** An agent's public reply or internal note. */
    public void agentMessage(long ticketId, String key, String text, boolean internal, String actor, Instant now) {
        if (!enabled() || fromJira(actor) || (internal && !properties.getMinimise().isInternalNotes())) {
            return;
        }
        insert(List.<Object[]>of(row(ticketId, key, COMMENT, comment(key, text, actor, !internal, "agent"), now)));
    }

    /** A status change an agent (or the hub) made. */
    public void statusChanged(long ticketId, String key, TicketStatus from, TicketStatus to, String actor, Instant now) {
        if (!enabled() || from == to || fromJira(actor)) {
            return;
        }
        insert(List.<Object[]>of(row(ticketId, key, TRANSITION, transition(key, from, to), now)));
    }

    /**
     * An assignment an agent (not Jira) made (issue 16.4): the Jira assignee becomes the agent's {@code jira_account_id};
     * an agent without one leaves the issue unassigned in Jira, and the row's note (last_error) says so.
     */
    public void assigned(long ticketId, String key, String from, String to, String actor, Instant now) {
        if (!enabled() || fromJira(actor) || java.util.Objects.equals(from, to)) {
            return;
        }
        String accountId = null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticketKey", key);
        if (to != null) {
            List<String> ids = jdbc.queryForList("SELECT jira_account_id FROM agent WHERE username = ?", String.class, to);
            accountId = ids.isEmpty() || ids.get(0) == null || ids.get(0).isBlank() ? null : ids.get(0);
            if (accountId == null) {
                p.put("note", "agent " + to + " has no Jira account id: unassigned in Jira");
            }
        }
        Map<String, Object> assignee = new LinkedHashMap<>();
        assignee.put("accountId", accountId);
        p.put("assignee", assignee);
        insert(List.<Object[]>of(row(ticketId, key, UPDATE, p, now)));
    }

    /** A priority an agent (not Jira) set, as its Jira name (hub.jira.priorities); an unmapped priority is not sent. */
    public void priorityChanged(long ticketId, String key, String priority, String actor, Instant now) {
        String name = priority == null ? null : properties.getPriorities().get(priority);
        if (!enabled() || fromJira(actor) || name == null || name.isBlank()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("priority", Map.of("name", name));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticketKey", key);
        p.put("fields", fields);
        insert(List.<Object[]>of(row(ticketId, key, UPDATE, p, now)));
    }

    /** An UPDATE row with a payload the caller made (JiraSlaSync), in the caller's transaction. */
    void update(long ticketId, String key, Map<String, Object> payload, Instant now) {
        insert(List.<Object[]>of(row(ticketId, key, UPDATE, payload, now)));
    }

    static boolean fromJira(String actor) {
        return actor != null && actor.startsWith(JIRA_ACTOR_PREFIX);
    }

    private static Map<String, Object> comment(String key, String text, String author, boolean isPublic, String role) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticketKey", key);
        p.put("text", text);
        p.put("author", author);
        p.put("authorRole", role);
        p.put("public", isPublic);
        return p;
    }

    private static Map<String, Object> transition(String key, TicketStatus from, TicketStatus to) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticketKey", key);
        p.put("from", from.name());
        p.put("to", to.name());
        return p;
    }

    private static Map<String, Object> party(Party party) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", party.name());
        p.put("email", party.email());
        p.put("phone", party.phone());
        return p;
    }

    private static String author(Party party) {
        if (party.name() != null) return party.name();
        if (party.email() != null) return party.email();
        return party.phone() == null ? "customer" : party.phone();
    }

    private Object[] row(long ticketId, String key, String kind, Map<String, Object> payload, Instant now) {
        String text;
        try {
            text = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox payload (jira) of " + key, e);
        }
        if (text.length() > 32000) {
            payload.put("text", String.valueOf(payload.get("text")).substring(0, 20000) + "\n[… shortened; the full text is in the hub]");
            return row(ticketId, key, kind, payload, now);
        }
        return new Object[] {ids.next("outbox_seq"), ticketId, key, kind, text, SlaColumns.ts(now), SlaColumns.ts(now)};
    }
}
