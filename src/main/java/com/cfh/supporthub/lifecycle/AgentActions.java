package com.cfh.supporthub.lifecycle;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.agent.AgentDirectory;
import com.cfh.supporthub.agent.AgentNotices;
import com.cfh.supporthub.api.TicketWorkflow;
import com.cfh.supporthub.jira.JiraQueue;
import com.cfh.supporthub.ticket.Priority;
import com.cfh.supporthub.ticket.Tier;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketStateMachine;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * Agent workflow actions (P06) beside the status transitions of {@link TicketWorkflow}: assign, set
 * priority and tier, add an internal note, wait on the customer with the message they are sent. Every
 * change is an audit event; notes and the message to the customer go through {@link TicketWorkflow#reply}
 * so they are stored and sent exactly as any reply.
 */
@Component("agentActions")
public class AgentActions {

    /** {@code assignee}: an agent account's name; null or empty unassigns. */
    public record AssignRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String assignee) {
    }

    /** Either or both of {@code priority} (LOW, NORMAL, HIGH, URGENT) and {@code tier} (TIER1, TIER2, MANAGER). */
    public record ClassifyRequest(@Schema(allowableValues = {"LOW", "NORMAL", "HIGH", "URGENT"}) String priority,
            @Schema(allowableValues = {"TIER1", "TIER2", "MANAGER"}) String tier, String note) {
    }

    public record NoteRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text) {
    }

    /** {@code text} is sent to the customer as a public reply; {@code note} goes to the audit trail. */
    public record WaitRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text, String note) {
    }

    private final TicketRows rows;
    private final TicketWorkflow workflow;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AgentDirectory agents;
    private final AgentNotices agentNotices;
    private final JiraQueue jiraQueue;

    public AgentActions(TicketRows rows, TicketWorkflow workflow, JdbcTemplate jdbc, Clock clock,
                        AgentDirectory agents, AgentNotices agentNotices, JiraQueue jiraQueue) {
        this.jiraQueue = jiraQueue;
        this.agents = agents;
        this.agentNotices = agentNotices;
        this.rows = rows;
        this.workflow = workflow;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public String assign(@Header("key") String key, AssignRequest request, @Header("hubActor") String actor) {
        String assignee = request == null || request.assignee() == null || request.assignee().isBlank() ? null
                : request.assignee().trim();
        if (assignee != null) {
            agents.requireEnabled(assignee, "assignee"); // issue 16.1: only enabled agent accounts
        }
        return rows.change(key, row -> {
            open(row);
            Instant now = clock.instant();
            jiraQueue.assigned(row.id(), row.key(), row.assignee(), assignee, actor, now); // issue 16.4, not echoed to Jira
            return TicketRows.Change.of(TicketStore.Field.ASSIGNEE, assignee, List.of(new Event(row.id(),
                    "ticket.assigned", actor, (row.assignee() == null ? "unassigned" : row.assignee()) + " -> "
                    + (assignee == null ? "unassigned" : assignee), now)),
                    agentNotices.assigned(row.id(), row.key(), assignee, actor, now));
        });
    }

    public String classify(@Header("key") String key, ClassifyRequest request, @Header("hubActor") String actor) {
        Priority priority = request == null ? null : parse(Priority.class, "priority", request.priority());
        Tier tier = request == null ? null : parse(Tier.class, "tier", request.tier());
        if (priority == null && tier == null) {
            throw ProblemException.invalid("Nothing to change.", List.of(new FieldError("priority",
                    "or tier is required")));
        }
        String note = request.note() == null || request.note().isBlank() ? "" : " (" + request.note().strip() + ")";
        return rows.change(key, row -> {
            open(row);
            Instant now = clock.instant();
            List<Event> events = new ArrayList<>();
            String newPriority = priority == null ? row.priority() : priority.name();
            String newTier = tier == null ? row.tier() : tier.name();
            if (!Objects.equals(newPriority, row.priority())) {
                events.add(new Event(row.id(), "ticket.priority-changed", actor, row.priority() + " -> " + newPriority
                        + note, now));
                jiraQueue.priorityChanged(row.id(), row.key(), newPriority, actor, now); // issue 16.4, not echoed to Jira
            }
            if (!Objects.equals(newTier, row.tier())) {
                events.add(new Event(row.id(), "ticket.tier-changed", actor, row.tier() + " -> " + newTier + note, now));
            }
            return TicketRows.Change.of(TicketStore.Field.PRIORITY, newPriority, TicketStore.Field.TIER, newTier, events,
                    List.of());
        });
    }

    public String note(@Header("key") String key, NoteRequest request, @Header("hubActor") String actor) {
        return workflow.reply(key, new TicketWorkflow.ReplyRequest(request == null ? null : request.text(), true), actor);
    }

    /** The message to the customer as a public reply, then WAIT_ON_CUSTOMER (pauses the resolution clock, P19). */
    public String waitOnCustomer(@Header("key") String key, WaitRequest request, @Header("hubActor") String actor) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw ProblemException.invalid("Waiting on the customer needs the message they are sent.",
                    List.of(new FieldError("text", "is required")));
        }
        TicketRows.Row row = rows.load(key);
        if (!TicketStateMachine.allows(row.status(), TicketStateMachine.Trigger.WAIT_ON_CUSTOMER)) {
            throw ProblemException.conflict("WAIT_ON_CUSTOMER is not possible for " + row.key() + " in status "
                    + row.status() + "; it needs " + TicketStateMachine.allowedFrom(TicketStateMachine.Trigger.WAIT_ON_CUSTOMER) + ".");
        }
        workflow.reply(key, new TicketWorkflow.ReplyRequest(request.text(), false), actor);
        return workflow.transition(key, new TicketWorkflow.TransitionRequest("WAIT_ON_CUSTOMER", request.note()), actor);
    }

    private static void open(TicketRows.Row row) {
        if (row.status() == TicketStatus.CLOSED) {
            throw ProblemException.conflict(row.key() + " is closed.");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown " + field + ".", List.of(new FieldError(field,
                    "must be one of " + Arrays.toString(type.getEnumConstants()))));
        }
    }
}
