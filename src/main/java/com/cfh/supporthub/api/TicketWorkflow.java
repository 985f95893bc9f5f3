package com.cfh.supporthub.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.jira.JiraQueue;
import com.cfh.supporthub.lifecycle.FeedbackRequests;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.ticket.MessageDirection;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketJournal.Notice;
import com.cfh.supporthub.ticket.TicketStateMachine;
import com.cfh.supporthub.ticket.TicketStateMachine.Step;
import com.cfh.supporthub.ticket.TicketStateMachine.Trigger;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.ticket.VersionedChange;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * Status changes an agent makes and what they do to the SLA clocks (P07, P08, P19): a public reply
 * stops the first-response clock; waiting on the customer pauses the resolution clock, the
 * customer's reply resumes it with its due instant pushed back; resolving stops it; reopening starts
 * a new resolution cycle and files the finished one in {@code sla_cycle_history}.
 *
 * <p>Each change is one transaction that updates the ticket only if nobody else changed it since it
 * was read (its {@code version}), so the SLA sweep, the intake writer and other agents never lose
 * each other's changes; a conflict is retried on fresh data.
 */
@Component("ticketWorkflow")
public class TicketWorkflow {

    /** A message from an agent; {@code internal} notes are never shown to the customer. */
    public record ReplyRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text, Boolean internal) {
    }

    /** {@code action}: WAIT_ON_CUSTOMER, CUSTOMER_REPLY, RESOLVE or REOPEN; {@code note} goes to the audit trail. */
    public record TransitionRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"WAIT_ON_CUSTOMER", "CUSTOMER_REPLY", "RESOLVE", "REOPEN"}) String action,
            String note) {
    }

    public enum Action {
        WAIT_ON_CUSTOMER, CUSTOMER_REPLY, RESOLVE, REOPEN
    }

    /** Outbox type of a public reply: mailed to the requester and participants (docs/outbox.md). */
    public static final String REPLY_PUBLIC = "reply.public";

    private static final int MAX_TEXT = 200_000;
    private static final int MAX_NOTE = 2_000;

    private final JdbcTemplate jdbc;
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final SlaPolicy slaPolicy;
    private final TicketJournal journal;
    private final IdAllocator ids;
    private final Clock clock;
    /** P11: the feedback request made when a ticket is first resolved. */
    private final FeedbackRequests feedbackRequests;
    /** The Jira mirror's queue (P20): rows in the same transaction as the change; nothing when it is off. */
    private final JiraQueue jiraQueue;

    public TicketWorkflow(JdbcTemplate jdbc, PlatformTransactionManager transactions, SlaPolicy slaPolicy,
                          TicketJournal journal, IdAllocator ids, Clock clock,
                          FeedbackRequests feedbackRequests, JiraQueue jiraQueue, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.jiraQueue = jiraQueue;
        this.feedbackRequests = feedbackRequests;
        this.slaPolicy = slaPolicy;
        this.journal = journal;
        this.ids = ids;
        this.clock = clock;
    }

    /** The current row of a ticket: what a change needs to read. */
    private record Row(long id, String key, String product, TicketStatus status, long version, Instant resolvedAt,
                       SlaClock.State sla) {
    }

    /** A public reply or an internal note. Returns the ticket key. */
    public String reply(@Header("key") String key, ReplyRequest request, @Header("hubActor") String actor) {
        String text = request == null || request.text() == null ? "" : request.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw ProblemException.invalid("The reply needs a text.", List.of(new FieldError("text",
                    "is required, at most " + MAX_TEXT + " characters")));
        }
        boolean internal = request.internal() != null && request.internal();
        return change(key, row -> {
            if (row.status() == TicketStatus.CLOSED) {
                throw ProblemException.conflict(row.key() + " is closed; a reply needs an open ticket.");
            }
            Instant now = clock.instant();
            List<Event> events = new ArrayList<>();
            List<Notice> notices = new ArrayList<>();
            TicketStatus status = row.status();
            long messageId = store.addMessage(row.id(), internal ? MessageDirection.INTERNAL : MessageDirection.OUTBOUND,
                    "AGENT", actor, text, null, now, now);
            jiraQueue.agentMessage(row.id(), row.key(), text, internal, actor, now);
            if (internal) {
                events.add(new Event(row.id(), "note.added", actor, "internal note", now));
                return new Outcome(TicketStateMachine.next(status, Trigger.AGENT_REPLY), false, row.resolvedAt(),
                        events, notices);
            }
            boolean first = row.sla().firstResponseAt == null;
            Step step = TicketStateMachine.next(status, Trigger.AGENT_REPLY);
            step.applySla(slaPolicy.clock(row.product()), row.sla(), now);
            events.add(new Event(row.id(), "reply.sent", actor, first ? "first response (P07)" : "public reply", now));
            if (step.changesStatus()) {
                events.add(statusEvent(row, step, actor, null, now));
                jiraQueue.statusChanged(row.id(), row.key(), row.status(), step.to(), actor, now);
            }
            notices.add(new Notice(row.id(), row.key(), REPLY_PUBLIC, replyPayload(row, messageId, actor, text, now),
                    now, now));
            return new Outcome(step, true, step.resolvedAt(row.resolvedAt(), now), events, notices);
        });
    }

    /** The reply.public payload: who gets the reply (requester, participants; P16) and what it says. */
    private Map<String, Object> replyPayload(Row row, long messageId, String actor, String text, Instant now) {
        List<String> to = jdbc.queryForList("SELECT c.email FROM ticket t JOIN contact c ON c.id = t.requester_id "
                + "WHERE t.id = ? AND c.email IS NOT NULL", String.class, row.id());
        List<String> cc = jdbc.queryForList("SELECT c.email FROM ticket_participant p JOIN contact c ON c.id = p.contact_id "
                + "WHERE p.ticket_id = ? AND c.email IS NOT NULL ORDER BY c.email", String.class, row.id());
        String subject = jdbc.queryForObject("SELECT subject FROM ticket WHERE id = ?", String.class, row.id());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", REPLY_PUBLIC);
        payload.put("ticketKey", row.key());
        payload.put("product", row.product());
        payload.put("messageId", messageId);
        payload.put("author", actor);
        payload.put("to", to);
        payload.put("cc", cc);
        payload.put("subject", subject);
        payload.put("text", text);
        payload.put("occurredAt", now);
        return payload;
    }

    /** Wait on customer, customer reply, resolve or reopen. Returns the ticket key. */
    public String transition(@Header("key") String key, TransitionRequest request, @Header("hubActor") String actor) {
        Action action = action(request);
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            throw ProblemException.invalid("The note is too long.", List.of(new FieldError("note",
                    "at most " + MAX_NOTE + " characters")));
        }
        return change(key, row -> {
            Instant now = clock.instant();
            SlaClock sla = slaPolicy.clock(row.product());
            List<Event> events = new ArrayList<>();
            List<Notice> notices = new ArrayList<>();
            Step step;
            try {
                step = TicketStateMachine.next(row.status(), trigger(action));
            } catch (TicketStateMachine.NotAllowed e) {
                throw ProblemException.conflict(action + " is not possible for " + row.key() + " in status "
                        + row.status() + "; it needs " + TicketStateMachine.allowedFrom(e.trigger()) + ".");
            }
            SlaClock.CompletedCycle done = step.applySla(sla, row.sla(), now);
            if (done != null) {
                store.fileCycle(row.id(), done, now);
                events.add(new Event(row.id(), "sla.resolution.cycle-started", actor,
                        "cycle " + row.sla().resolutionCycle + ", due " + row.sla().resolutionDue, now));
            }
            if (step.to() == TicketStatus.RESOLVED) {
                feedbackRequests.onResolved(row.id(), row.key(), row.product(), now, events, notices);
            }
            events.add(0, statusEvent(row, step, actor, note, now));
            jiraQueue.statusChanged(row.id(), row.key(), row.status(), step.to(), actor, now);
            return new Outcome(step, true, step.resolvedAt(row.resolvedAt(), now), events, notices);
        });
    }

    /** The state machine's trigger of an agent action (the Jira webhook maps its statuses to these actions). */
    private static Trigger trigger(Action action) {
        return switch (action) {
            case WAIT_ON_CUSTOMER -> Trigger.WAIT_ON_CUSTOMER;
            case CUSTOMER_REPLY -> Trigger.CUSTOMER_REPLY;
            case RESOLVE -> Trigger.RESOLVE;
            case REOPEN -> Trigger.REOPEN;
        };
    }

    /** The step taken; {@code applied} false for an internal note, which changes neither status nor clocks. */
    private record Outcome(Step step, boolean applied, Instant resolvedAt, List<Event> events, List<Notice> notices) {
    }

    private interface Change {
        Outcome apply(Row row);
    }

    private String change(String key, Change change) {
        return VersionedChange.retry(tx, journal, key, () -> {
            Row row = load(key);
            Outcome outcome = change.apply(row);
            Instant now = clock.instant();
            int updated = outcome.applied()
                    ? store.applyStep(row.id(), row.version(), outcome.step(), outcome.resolvedAt(), row.sla(), now)
                    : store.updateFields(row.id(), row.version(), java.util.Map.of(), now);
            return new VersionedChange.Attempt(updated, row.key(), outcome.events(), outcome.notices());
        });
    }

    private Row load(String key) {
        String wanted = key == null ? "" : key.trim().toUpperCase(Locale.ROOT);
        Row row = jdbc.query("SELECT id, ticket_key, product, status, version, resolved_at, " + SlaColumns.SELECT
                + " FROM ticket WHERE ticket_key = ?", rs -> rs.next() ? new Row(rs.getLong("id"),
                rs.getString("ticket_key"), rs.getString("product"), TicketStatus.valueOf(rs.getString("status")),
                rs.getLong("version"), SlaColumns.instant(rs, "resolved_at"), SlaColumns.read(rs)) : null, wanted);
        if (row == null) {
            throw ProblemException.notFound("No ticket " + key + ".");
        }
        if (row.sla().resolutionDue == null) {
            throw ProblemException.conflict(row.key() + " has no SLA clock (its receipt date lies outside the "
                    + "holiday data); status changes need one.");
        }
        return row;
    }

    private static Action action(TransitionRequest request) {
        String value = request == null || request.action() == null ? "" : request.action().trim();
        try {
            return Action.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown action.", List.of(new FieldError("action",
                    "must be one of " + java.util.Arrays.toString(Action.values()))));
        }
    }

    private static Event statusEvent(Row row, Step step, String actor, String note, Instant now) {
        return new Event(row.id(), "status.changed", actor, step.describe(note), now);
    }
}
