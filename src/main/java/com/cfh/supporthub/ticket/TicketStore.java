package com.cfh.supporthub.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketStateMachine.Step;

/**
 * The one writer of the ticket and its children: {@code ticket} (status, SLA columns, escalation columns,
 * attributes, jira_key), {@code ticket_message}, {@code ticket_participant}, {@code ticket_event} and
 * {@code sla_cycle_history}. Every other class asks it; no other class runs an INSERT, UPDATE or DELETE on
 * those tables (docs/ticket-store.md has the rule and the grep that checks it).
 *
 * <p>Plain JDBC through the one transaction manager ({@code JpaTransactionManager}, which also serves
 * JdbcTemplate): every method joins the caller's transaction, so a change, its audit events and its outbox
 * rows commit together. Status changes take a {@link Step} of {@link TicketStateMachine}, never a status of
 * the caller's choosing. Writers over many rows (intake, SLA sweep, escalation, purge) take lists and run one
 * JDBC batch per statement.
 */
@Component
public class TicketStore {

    /** Ticket attributes an agent may set through a versioned change ({@link #updateFields}). */
    public enum Field {
        ASSIGNEE("assignee"), PRIORITY("priority"), TIER("tier"), PRODUCT("product");

        private final String column;

        Field(String column) {
            this.column = column;
        }
    }

    /** Column order of {@link IntakeRows#tickets()}: {@link #TICKET_INSERT_COLUMNS} then {@link SlaColumns#INSERT}. */
    public static final String TICKET_INSERT_COLUMNS = "id, ticket_key, product, channel, status, priority, tier, "
            + "subject, requester_id, linked_ticket_id, idempotency_key, request_hash, created_at, received_at, updated_at";

    /**
     * One intake batch's ticket rows, each list in the column order its name says; written in one batch per
     * statement (the group-commit writer's transaction).
     *
     * @param tickets       {@link #TICKET_INSERT_COLUMNS} + SLA columns ({@link SlaColumns#values})
     * @param statuses      status, updated_at, id (a status already decided by {@link TicketStateMachine})
     * @param sla           SLA column values ({@link SlaColumns#values}) + id
     * @param reopened      id (resolved_at cleared: a REOPEN step)
     * @param participants  ticket_id, contact_id, added_at
     * @param messages      id, ticket_id, direction, channel, author, author_contact_id, body, external_id,
     *                      received_at, created_at
     * @param events        id, ticket_id, event_type, actor, detail, occurred_at
     */
    public record IntakeRows(List<Object[]> tickets, List<Object[]> statuses, List<Object[]> sla,
                             List<Object[]> reopened, List<Object[]> participants, List<Object[]> messages,
                             List<Object[]> events) {
    }

    /** One row's SLA sweep result: new SLA state, whether an escalation is now due, and the version read. */
    public record SweptSla(long id, long version, SlaClock.State sla, Instant escalationDueAt) {
    }

    /** One row's escalation: the new tier and level and which steps were taken (P09). */
    public record Escalation(long id, long version, String tier, int level, Instant escalatedFirstResponseAt,
                             Integer escalatedRiskCycle, Integer escalatedBreachCycle) {
    }

    /** What a purge of tickets removed with them (counted before the cascade). */
    public record Purged(int tickets, int messages, int events, int feedback) {
    }

    private final JdbcTemplate jdbc;
    private final IdAllocator ids;

    public TicketStore(JdbcTemplate jdbc, IdAllocator ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    // ---- audit trail -------------------------------------------------------------------------------------

    /** Appends audit events (append-only, one batch). */
    public void events(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            String detail = e.detail() == null || e.detail().length() <= 4000 ? e.detail() : e.detail().substring(0, 3999) + "…";
            rows.add(new Object[] {ids.next("ticket_event_seq"), e.ticketId(), e.type(), e.actor(), detail,
                    SlaColumns.ts(e.at())});
        }
        jdbc.batchUpdate("INSERT INTO ticket_event (id, ticket_id, event_type, actor, detail, occurred_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", rows);
    }

    // ---- intake --------------------------------------------------------------------------------------------

    /** Writes one intake batch (new tickets, threaded replies) inside the writer's transaction. */
    public void writeIntake(IntakeRows rows) {
        batch("INSERT INTO ticket (" + TICKET_INSERT_COLUMNS + ", " + SlaColumns.INSERT + ", escalation_level, version) "
                + "VALUES (" + String.join(", ", Collections.nCopies(15 + SlaColumns.COUNT, "?")) + ", 0, 0)", rows.tickets());
        batch("UPDATE ticket SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?", rows.statuses());
        batch("UPDATE ticket SET " + SlaColumns.SET + " WHERE id = ?", rows.sla());
        batch("UPDATE ticket SET resolved_at = NULL WHERE id = ?", rows.reopened());
        batch("INSERT INTO ticket_participant (ticket_id, contact_id, added_at) VALUES (?, ?, ?)", rows.participants());
        batch("INSERT INTO ticket_message (id, ticket_id, direction, channel, author, author_contact_id, body, "
                + "external_id, received_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.messages());
        batch("INSERT INTO ticket_event (id, ticket_id, event_type, actor, detail, occurred_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows.events());
    }

    /** P14: the redacted HTML of an e-mail message, once (only where none is stored yet). */
    public void setEmailHtml(String externalId, String html) {
        jdbc.update("UPDATE ticket_message SET body_html = ? WHERE external_id = ? AND channel = 'EMAIL' "
                + "AND body_html IS NULL", html, externalId);
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /** A message written by the hub's own people (agent reply, internal note, staff mail); returns its id. */
    public long addMessage(long ticketId, MessageDirection direction, String channel, String author, String body,
                           String externalId, Instant receivedAt, Instant now) {
        long id = ids.next("ticket_message_seq");
        jdbc.update("INSERT INTO ticket_message (id, ticket_id, direction, channel, author, body, external_id, "
                        + "received_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, ticketId, direction.name(),
                channel, author, body, externalId, SlaColumns.ts(receivedAt), SlaColumns.ts(now));
        return id;
    }

    /** P14: a message's text replaced by its redacted text (and its HTML dropped); the ticket's updated_at moves. */
    public void redactMessage(long ticketId, long messageId, String text, Instant now) {
        jdbc.update("UPDATE ticket_message SET body = ?, body_html = NULL WHERE id = ?", text, messageId);
        jdbc.update("UPDATE ticket SET updated_at = ? WHERE id = ?", SlaColumns.ts(now), ticketId);
    }

    // ---- participants and organisation (P16, P17, P18) -------------------------------------------------------

    public void addParticipant(long ticketId, long contactId, Instant now) {
        jdbc.update("INSERT INTO ticket_participant (ticket_id, contact_id, added_at) VALUES (?, ?, ?)", ticketId,
                contactId, SlaColumns.ts(now));
    }

    /** Returns whether the contact was a participant. */
    public boolean removeParticipant(long ticketId, long contactId) {
        return jdbc.update("DELETE FROM ticket_participant WHERE ticket_id = ? AND contact_id = ?", ticketId, contactId) > 0;
    }

    /** P18: the contact leaves every ticket it took part in. */
    public void removeParticipantEverywhere(long contactId) {
        jdbc.update("DELETE FROM ticket_participant WHERE contact_id = ?", contactId);
    }

    /** P17: tickets of the organisation's contacts that have no organisation yet join it. */
    public void adoptIntoOrganisation(long organisationId) {
        jdbc.update("UPDATE ticket SET organisation_id = ? WHERE organisation_id IS NULL AND requester_id IN "
                + "(SELECT c.id FROM contact c WHERE c.organisation_id = ?)", organisationId, organisationId);
    }

    // ---- status and SLA (versioned) --------------------------------------------------------------------------

    /**
     * A status step of {@link TicketStateMachine} with the SLA state it left, only if the row still has
     * {@code version}; returns the rows changed (0: lost to a concurrent change, retry on fresh data).
     */
    public int applyStep(long id, long version, Step step, Instant resolvedAt, SlaClock.State sla, Instant now) {
        return jdbc.update("UPDATE ticket SET status = ?, resolved_at = ?, updated_at = ?, " + SlaColumns.SET
                        + ", version = version + 1 WHERE id = ? AND version = ? AND status = ?",
                SlaColumns.args(new Object[] {step.to().name(), SlaColumns.ts(resolvedAt), SlaColumns.ts(now)},
                        SlaColumns.args(SlaColumns.values(sla), id, version, step.from().name())));
    }

    /**
     * P10: the auto-close step (WAITING_ON_CUSTOMER → CLOSED): closed_at set, no further SLA check or
     * escalation; only if the row still has {@code version} and the step's from-status.
     */
    public int close(long id, long version, Step step, Instant now) {
        return jdbc.update("UPDATE ticket SET status = ?, closed_at = ?, updated_at = ?, "
                        + "sla_next_check_at = NULL, escalation_due_at = NULL, version = version + 1 "
                        + "WHERE id = ? AND version = ? AND status = ?", step.to().name(),
                SlaColumns.ts(step.closedAt(null, now)), SlaColumns.ts(now), id, version, step.from().name());
    }

    /** P08: files a finished resolution cycle in sla_cycle_history (a REOPEN step). */
    public void fileCycle(long ticketId, SlaClock.CompletedCycle done, Instant now) {
        jdbc.update("INSERT INTO sla_cycle_history (id, ticket_id, kind, cycle, goal_min, started_at, due_at, "
                        + "paused_min, met_at, breached_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next("sla_cycle_seq"), ticketId, "RESOLUTION", done.cycle(), done.goalMinutes(),
                SlaColumns.ts(done.startedAt()), SlaColumns.ts(done.dueAt()), done.pausedMinutes(),
                SlaColumns.ts(done.metAt()), SlaColumns.ts(done.breachedAt()), SlaColumns.ts(now));
    }

    /** Agent-set attributes (assignee, priority, tier, product), versioned; returns the rows changed. */
    public int updateFields(long id, long version, Map<Field, Object> fields, Instant now) {
        return updateFieldsAndSla(id, version, fields, null, now);
    }

    /**
     * Agent-set attributes together with the SLA state recomputed for them (a product move; {@code sla} null
     * leaves the SLA columns alone), versioned; returns the rows changed.
     */
    public int updateFieldsAndSla(long id, long version, Map<Field, Object> fields, SlaClock.State sla, Instant now) {
        Map<Field, Object> ordered = new EnumMap<>(Field.class);
        ordered.putAll(fields);
        StringBuilder set = new StringBuilder();
        List<Object> args = new ArrayList<>();
        ordered.forEach((field, value) -> {
            set.append(field.column).append(" = ?, ");
            args.add(value);
        });
        if (sla != null) {
            set.append(SlaColumns.SET).append(", ");
            Collections.addAll(args, SlaColumns.values(sla));
        }
        args.add(SlaColumns.ts(now));
        args.add(id);
        args.add(version);
        return jdbc.update("UPDATE ticket SET " + set + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                args.toArray());
    }

    /**
     * Takes the ticket row's write lock in the caller's transaction without changing it: a concurrent
     * writer of the same ticket waits (the feedback request made once per resolution, P11).
     */
    public void lock(long id) {
        jdbc.update("UPDATE ticket SET version = version WHERE id = ?", id);
    }

    // ---- sweeps (batches) ---------------------------------------------------------------------------------

    /** P07 P08 P09: the SLA sweep's marks, one batch; each element of the result is 0 for a lost row. */
    public int[] sweepSla(List<SweptSla> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (SweptSla r : rows) {
            args.add(SlaColumns.args(SlaColumns.values(r.sla()), SlaColumns.ts(r.escalationDueAt()), r.id(), r.version()));
        }
        return jdbc.batchUpdate("UPDATE ticket SET " + SlaColumns.SET
                + ", escalation_due_at = COALESCE(escalation_due_at, ?), version = version + 1"
                + " WHERE id = ? AND version = ?", args);
    }

    /** P09: the escalation ladder's steps, one batch; each element of the result is 0 for a lost row. */
    public int[] escalate(List<Escalation> rows, Instant now) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Escalation e : rows) {
            args.add(new Object[] {e.tier(), e.level(), SlaColumns.ts(e.escalatedFirstResponseAt()),
                    e.escalatedRiskCycle(), e.escalatedBreachCycle(), SlaColumns.ts(now), e.id(), e.version()});
        }
        return jdbc.batchUpdate("UPDATE ticket SET tier = ?, escalation_level = ?, escalated_first_response_at = ?, "
                + "escalated_risk_cycle = ?, escalated_breach_cycle = ?, escalation_due_at = NULL, updated_at = ?, "
                + "version = version + 1 WHERE id = ? AND version = ?", args);
    }

    // ---- Jira (P20) ------------------------------------------------------------------------------------------

    /** The Jira issue key of a ticket, recorded once when the mirror created the issue. */
    public void recordJiraKey(long ticketId, String jiraKey) {
        jdbc.update("UPDATE ticket SET jira_key = ? WHERE id = ? AND jira_key IS NULL", jiraKey, ticketId);
    }

    // ---- retention (P13) -------------------------------------------------------------------------------------

    /** Claims tickets for the purge: each element {id, version, status}; an element of the result is 0 for a lost row. */
    public int[] claimForPurge(List<Object[]> idVersionStatus) {
        return jdbc.batchUpdate("UPDATE ticket SET version = version + 1 WHERE id = ? AND version = ? AND status = ?",
                idVersionStatus);
    }

    /**
     * Deletes the tickets; their messages, participants, events, SLA cycles and feedback go with them by
     * ON DELETE CASCADE (V60), and links from other tickets are cleared (ON DELETE SET NULL). The caller deletes
     * first what is not the ticket's own (outbox and jira_outbox rows, mail_intake, mail_attachment, call_log),
     * whose keys to the ticket stay plain: it reads file digests and contacts from them before they go.
     */
    public Purged purge(Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return new Purged(0, 0, 0, 0);
        }
        Object[] args = ticketIds.toArray();
        String in = " IN (" + String.join(", ", Collections.nCopies(args.length, "?")) + ")";
        int messages = count("SELECT COUNT(*) FROM ticket_message WHERE ticket_id" + in, args);
        int events = count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id" + in, args);
        int feedback = count("SELECT COUNT(*) FROM feedback_request WHERE ticket_id" + in, args);
        int tickets = jdbc.update("DELETE FROM ticket WHERE id" + in, args);
        return new Purged(tickets, messages, events, feedback);
    }

    private int count(String sql, Object[] args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private void batch(String statement, List<Object[]> args) {
        if (!args.isEmpty()) {
            jdbc.batchUpdate(statement, args);
        }
    }
}
