package com.cfh.supporthub.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.cfh.supporthub.sla.SlaClock;

/**
 * The ticket lifecycle as plain data: which trigger moves which status where, and what that does to the
 * SLA clocks and to {@code resolved_at} / {@code closed_at}. No Spring, no database: every status change
 * in the hub (agent workflow, Jira webhook through it, intake of a customer reply, auto-close) asks
 * {@link #next(TicketStatus, Trigger)} and applies the returned {@link Step}; {@link TicketStore} writes it.
 *
 * <pre>
 * NEW → OPEN → WAITING_ON_CUSTOMER ⇄ OPEN → RESOLVED → CLOSED
 * </pre>
 * The full table is in {@code docs/ticket-store.md}.
 */
public final class TicketStateMachine {

    /** What happened to the ticket. */
    public enum Trigger {
        /** A public agent reply (P07): stops the first-response clock; a NEW ticket becomes OPEN. */
        AGENT_REPLY,
        /** The agent asks the customer for information (P19): the resolution clock pauses. */
        WAIT_ON_CUSTOMER,
        /** The customer answered (agent action, Jira, or a mail/widget reply at intake; P19). */
        CUSTOMER_REPLY,
        /** Resolved (P08): the resolution clock stops; resolved_at is set. */
        RESOLVE,
        /** Reopened by an agent, or by a customer reply within the reopen window: a new resolution cycle (P08). */
        REOPEN,
        /** No answer from the customer for the configured days (P10). */
        AUTO_CLOSE
    }

    /** What a transition does to the SLA clocks ({@link SlaClock}). */
    public enum SlaEffect {
        /** Nothing. */
        NONE,
        /** Stop the first-response clock (first public reply, P07). */
        FIRST_RESPONSE,
        /** Pause the resolution clock (P19). */
        PAUSE,
        /** Resume the resolution clock, due pushed back by the paused working time (P19). */
        RESUME,
        /** Stop the resolution clock (and the first-response one if still running; P07, P08). */
        STOP_RESOLUTION,
        /** File the finished resolution cycle and start a new one (P08). */
        NEW_CYCLE,
        /** Stop every clock: no further SLA checks or escalations (the ticket is closed, P10). */
        STOP_ALL
    }

    /** What a timestamp column does. */
    public enum Mark {
        KEEP, SET, CLEAR
    }

    /** One allowed transition: target status, SLA effect, resolved_at and closed_at. */
    public record Step(TicketStatus from, Trigger trigger, TicketStatus to, SlaEffect sla, Mark resolvedAt,
                       Mark closedAt) {

        /** Whether the status changes (a reply to an OPEN ticket keeps it OPEN). */
        public boolean changesStatus() {
            return from != to;
        }

        /** The value of resolved_at after this step, given the current one. */
        public Instant resolvedAt(Instant current, Instant now) {
            return mark(resolvedAt, current, now);
        }

        /** The value of closed_at after this step, given the current one. */
        public Instant closedAt(Instant current, Instant now) {
            return mark(closedAt, current, now);
        }

        /**
         * Applies the SLA effect to {@code state} with {@code clock}; returns the finished cycle of a
         * {@link SlaEffect#NEW_CYCLE} (to be filed in sla_cycle_history), else null. A ticket without an
         * SLA clock (state null or without a resolution due) is left alone.
         */
        public SlaClock.CompletedCycle applySla(SlaClock clock, SlaClock.State state, Instant at) {
            if (state == null || state.resolutionDue == null) {
                return null;
            }
            switch (sla) {
                case FIRST_RESPONSE -> clock.firstResponse(state, at);
                case PAUSE -> clock.pause(state, at);
                case RESUME -> clock.resume(state, at);
                case STOP_RESOLUTION -> clock.resolve(state, at);
                case NEW_CYCLE -> {
                    return clock.reopen(state, at);
                }
                case STOP_ALL -> state.nextCheckAt = null;
                case NONE -> {
                }
                default -> throw new IllegalStateException(sla.name());
            }
            return null;
        }

        /** The audit detail of a status change: "OPEN -> RESOLVED (note)". */
        public String describe(String note) {
            return from + " -> " + to + (note == null ? "" : " (" + note + ")");
        }

        private static Instant mark(Mark mark, Instant current, Instant now) {
            return switch (mark) {
                case KEEP -> current;
                case SET -> now;
                case CLEAR -> null;
            };
        }
    }

    /** A trigger the current status does not allow; callers answer 409 (agent API) or take another path (intake). */
    public static final class NotAllowed extends RuntimeException {
        private final TicketStatus from;
        private final Trigger trigger;

        NotAllowed(TicketStatus from, Trigger trigger) {
            super(trigger + " is not possible in status " + from + "; it needs " + allowedFrom(trigger) + ".");
            this.from = from;
            this.trigger = trigger;
        }

        public TicketStatus from() {
            return from;
        }

        public Trigger trigger() {
            return trigger;
        }
    }

    private static final Map<TicketStatus, Map<Trigger, Step>> TABLE = new EnumMap<>(TicketStatus.class);

    static {
        for (TicketStatus s : TicketStatus.values()) {
            TABLE.put(s, new EnumMap<>(Trigger.class));
        }
        // P07: the first public reply; a NEW ticket is then OPEN, others keep their status
        allow(TicketStatus.NEW, Trigger.AGENT_REPLY, TicketStatus.OPEN, SlaEffect.FIRST_RESPONSE, Mark.KEEP, Mark.KEEP);
        for (TicketStatus s : List.of(TicketStatus.OPEN, TicketStatus.WAITING_ON_CUSTOMER, TicketStatus.RESOLVED)) {
            allow(s, Trigger.AGENT_REPLY, s, SlaEffect.FIRST_RESPONSE, Mark.KEEP, Mark.KEEP);
        }
        // P19: waiting on the customer pauses the resolution clock, their answer resumes it
        allow(TicketStatus.NEW, Trigger.WAIT_ON_CUSTOMER, TicketStatus.WAITING_ON_CUSTOMER, SlaEffect.PAUSE, Mark.KEEP, Mark.KEEP);
        allow(TicketStatus.OPEN, Trigger.WAIT_ON_CUSTOMER, TicketStatus.WAITING_ON_CUSTOMER, SlaEffect.PAUSE, Mark.KEEP, Mark.KEEP);
        allow(TicketStatus.WAITING_ON_CUSTOMER, Trigger.CUSTOMER_REPLY, TicketStatus.OPEN, SlaEffect.RESUME, Mark.KEEP, Mark.KEEP);
        // P08: resolution stops the clock; reopening starts a new cycle
        for (TicketStatus s : List.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.WAITING_ON_CUSTOMER)) {
            allow(s, Trigger.RESOLVE, TicketStatus.RESOLVED, SlaEffect.STOP_RESOLUTION, Mark.SET, Mark.KEEP);
        }
        allow(TicketStatus.RESOLVED, Trigger.REOPEN, TicketStatus.OPEN, SlaEffect.NEW_CYCLE, Mark.CLEAR, Mark.KEEP);
        // P10: five days without an answer
        allow(TicketStatus.WAITING_ON_CUSTOMER, Trigger.AUTO_CLOSE, TicketStatus.CLOSED, SlaEffect.STOP_ALL, Mark.KEEP, Mark.SET);
    }

    private TicketStateMachine() {
    }

    private static void allow(TicketStatus from, Trigger trigger, TicketStatus to, SlaEffect sla, Mark resolved, Mark closed) {
        TABLE.get(from).put(trigger, new Step(from, trigger, to, sla, resolved, closed));
    }

    /**
     * The step {@code trigger} makes from {@code from}.
     *
     * @throws NotAllowed when the status does not allow the trigger (for example any trigger on CLOSED)
     */
    public static Step next(TicketStatus from, Trigger trigger) {
        Step step = TABLE.get(from).get(trigger);
        if (step == null) {
            throw new NotAllowed(from, trigger);
        }
        return step;
    }

    /** Whether {@code trigger} is allowed in status {@code from}. */
    public static boolean allows(TicketStatus from, Trigger trigger) {
        return TABLE.get(from).containsKey(trigger);
    }

    /** The statuses in which {@code trigger} is allowed, in lifecycle order. */
    public static Set<TicketStatus> allowedFrom(Trigger trigger) {
        Set<TicketStatus> from = EnumSet.noneOf(TicketStatus.class);
        TABLE.forEach((status, triggers) -> {
            if (triggers.containsKey(trigger)) {
                from.add(status);
            }
        });
        return from;
    }

    /**
     * What a customer message does to a ticket it threads into (intake, P19, P08): WAITING_ON_CUSTOMER
     * resumes, RESOLVED (within the reopen window, decided by the caller) reopens; NEW and OPEN stay as
     * they are (empty list). A CLOSED ticket takes no message: the caller opens a linked new ticket.
     */
    public static List<Step> customerMessage(TicketStatus from) {
        return switch (from) {
            case WAITING_ON_CUSTOMER -> List.of(next(from, Trigger.CUSTOMER_REPLY));
            case RESOLVED -> List.of(next(from, Trigger.REOPEN));
            case NEW, OPEN -> List.of();
            case CLOSED -> throw new NotAllowed(from, Trigger.CUSTOMER_REPLY);
        };
    }

    /** Every allowed step, for the documentation table and its test. */
    public static List<Step> table() {
        List<Step> all = new ArrayList<>();
        TABLE.values().forEach(m -> all.addAll(m.values()));
        return Collections.unmodifiableList(all);
    }
}
