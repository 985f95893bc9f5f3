package com.cfh.supporthub.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLA clocks of one ticket on its product's business calendar (P07, P08, P19), as plain
 * arithmetic on a {@link State}: start at receipt, stop the first-response clock at the first public
 * reply, pause the resolution clock while waiting on the customer and push its due instant back by
 * the paused working time, stop it at resolution, start a new cycle on reopening, and tell which
 * thresholds (at risk, breached) have passed. No I/O, no clock of its own: callers pass the instant.
 */
public final class SlaClock {

    /** A threshold passed, recorded once per ticket and cycle. */
    public enum Transition {
        FIRST_RESPONSE_AT_RISK, FIRST_RESPONSE_BREACHED, RESOLUTION_AT_RISK, RESOLUTION_BREACHED
    }

    /** The SLA columns of a ticket. Goals and paused time are working minutes. */
    public static final class State {
        public Instant receivedAt;
        public Instant clockStart;
        public int firstResponseGoal;
        public Instant firstResponseDue;
        public Instant firstResponseAt;
        public Instant firstResponseAtRiskAt;
        public Instant firstResponseBreachedAt;
        public int resolutionCycle = 1;
        public int resolutionGoal;
        public Instant resolutionStartedAt;
        public Instant resolutionDue;
        public int resolutionPaused;
        public Instant pausedAt;
        public Instant resolutionMetAt;
        public Instant resolutionAtRiskAt;
        public Instant resolutionBreachedAt;
        public Instant nextCheckAt;
    }

    /** A resolution cycle that ended with a reopening, for the history table. */
    public record CompletedCycle(int cycle, int goalMinutes, Instant startedAt, Instant dueAt, int pausedMinutes,
                                 Instant metAt, Instant breachedAt) {
    }

    /** One cycle as the agent API shows it. */
    public record CycleView(String kind, int cycle, Duration goal, Instant start, Instant due, Duration elapsed,
                            Duration remaining, boolean paused, boolean atRisk, boolean breached, Instant metAt) {
    }

    private final BusinessCalendar calendar;
    private final double atRiskFraction;

    public SlaClock(BusinessCalendar calendar, double atRiskFraction) {
        if (atRiskFraction <= 0 || atRiskFraction >= 1) {
            throw new IllegalArgumentException("at-risk fraction must lie between 0 and 1: " + atRiskFraction);
        }
        this.calendar = calendar;
        this.atRiskFraction = atRiskFraction;
    }

    public State start(Instant receivedAt, Duration firstResponseGoal, Duration resolutionGoal) {
        State s = new State();
        s.receivedAt = receivedAt;
        s.clockStart = calendar.nextOpening(receivedAt);
        s.firstResponseGoal = minutes(firstResponseGoal);
        s.firstResponseDue = calendar.addWorkingTime(receivedAt, firstResponseGoal);
        s.resolutionGoal = minutes(resolutionGoal);
        s.resolutionStartedAt = receivedAt;
        s.resolutionDue = calendar.addWorkingTime(receivedAt, resolutionGoal);
        s.nextCheckAt = nextCheck(s);
        return s;
    }

    /**
     * The same ticket on this clock's calendar with other goals (an agent moved it to another product,
     * P04/P06): the due instants are recomputed from the same starts (receipt; the current cycle's start and
     * its paused working time), what already happened (first response, pause, met and breach marks) is kept.
     */
    public void rebase(State s, Duration firstResponseGoal, Duration resolutionGoal) {
        s.clockStart = calendar.nextOpening(s.receivedAt);
        s.firstResponseGoal = minutes(firstResponseGoal);
        s.firstResponseDue = calendar.addWorkingTime(s.receivedAt, firstResponseGoal);
        s.resolutionGoal = minutes(resolutionGoal);
        Instant start = s.resolutionStartedAt == null ? s.receivedAt : s.resolutionStartedAt;
        s.resolutionStartedAt = start;
        s.resolutionDue = calendar.addWorkingTime(start, Duration.ofMinutes((long) s.resolutionGoal + s.resolutionPaused));
        s.nextCheckAt = nextCheck(s);
    }

    /** The first public agent reply stops the first-response clock (P07). Later replies change nothing. */
    public void firstResponse(State s, Instant at) {
        if (s.firstResponseAt == null) {
            s.firstResponseAt = at;
            s.nextCheckAt = nextCheck(s);
        }
    }

    /** Waiting on the customer pauses the resolution clock (P19). */
    public void pause(State s, Instant at) {
        if (s.pausedAt == null && s.resolutionMetAt == null) {
            s.pausedAt = at;
            s.nextCheckAt = nextCheck(s);
        }
    }

    /** The customer answered: the resolution clock runs again, its due instant pushed back by the pause. */
    public void resume(State s, Instant at) {
        if (s.pausedAt == null) {
            return;
        }
        s.resolutionPaused += minutes(calendar.workingTimeBetween(s.pausedAt, at));
        s.pausedAt = null;
        s.resolutionDue = calendar.addWorkingTime(s.resolutionStartedAt,
                Duration.ofMinutes((long) s.resolutionGoal + s.resolutionPaused));
        s.nextCheckAt = nextCheck(s);
    }

    /** Resolution stops the resolution clock; a resolution is also a public reply. */
    public void resolve(State s, Instant at) {
        resume(s, at);
        if (s.firstResponseAt == null) {
            s.firstResponseAt = at;
        }
        if (s.resolutionMetAt == null) {
            s.resolutionMetAt = at;
        }
        s.nextCheckAt = nextCheck(s);
    }

    /** Reopening starts a new resolution cycle and returns the one that ended. */
    public CompletedCycle reopen(State s, Instant at) {
        CompletedCycle done = new CompletedCycle(s.resolutionCycle, s.resolutionGoal, s.resolutionStartedAt,
                s.resolutionDue, s.resolutionPaused, s.resolutionMetAt,
                s.resolutionBreachedAt != null ? s.resolutionBreachedAt
                        : s.resolutionMetAt != null && s.resolutionMetAt.isAfter(s.resolutionDue) ? s.resolutionDue : null);
        s.resolutionCycle++;
        s.resolutionStartedAt = at;
        s.resolutionDue = calendar.addWorkingTime(at, Duration.ofMinutes(s.resolutionGoal));
        s.resolutionPaused = 0;
        s.pausedAt = null;
        s.resolutionMetAt = null;
        s.resolutionAtRiskAt = null;
        s.resolutionBreachedAt = null;
        s.nextCheckAt = nextCheck(s);
        return done;
    }

    /**
     * Marks every threshold that has passed by {@code now} and not been marked yet; returns them in
     * order. The marks hold the instant the threshold passed, not the instant of the sweep.
     */
    public List<Transition> sweep(State s, Instant now) {
        List<Transition> passed = new ArrayList<>();
        if (s.firstResponseAt == null) {
            Instant risk = firstResponseAtRisk(s);
            if (s.firstResponseAtRiskAt == null && !now.isBefore(risk)) {
                s.firstResponseAtRiskAt = risk;
                passed.add(Transition.FIRST_RESPONSE_AT_RISK);
            }
            if (s.firstResponseBreachedAt == null && !now.isBefore(s.firstResponseDue)) {
                s.firstResponseBreachedAt = s.firstResponseDue;
                passed.add(Transition.FIRST_RESPONSE_BREACHED);
            }
        }
        if (s.resolutionMetAt == null && s.pausedAt == null) {
            Instant risk = resolutionAtRisk(s);
            if (s.resolutionAtRiskAt == null && !now.isBefore(risk)) {
                s.resolutionAtRiskAt = risk;
                passed.add(Transition.RESOLUTION_AT_RISK);
            }
            if (s.resolutionBreachedAt == null && !now.isBefore(s.resolutionDue)) {
                s.resolutionBreachedAt = s.resolutionDue;
                passed.add(Transition.RESOLUTION_BREACHED);
            }
        }
        s.nextCheckAt = nextCheck(s);
        return passed;
    }

    /** The next instant a sweep has something to mark; null when nothing can pass any more. */
    public Instant nextCheck(State s) {
        Instant next = null;
        if (s.firstResponseAt == null) {
            if (s.firstResponseAtRiskAt == null) {
                next = earliest(next, firstResponseAtRisk(s));
            } else if (s.firstResponseBreachedAt == null) {
                next = earliest(next, s.firstResponseDue);
            }
        }
        if (s.resolutionMetAt == null && s.pausedAt == null) {
            if (s.resolutionAtRiskAt == null) {
                next = earliest(next, resolutionAtRisk(s));
            } else if (s.resolutionBreachedAt == null) {
                next = earliest(next, s.resolutionDue);
            }
        }
        return next;
    }

    public CycleView firstResponseView(State s, Instant now) {
        Instant end = s.firstResponseAt != null ? s.firstResponseAt : now;
        Duration goal = Duration.ofMinutes(s.firstResponseGoal);
        Duration elapsed = calendar.workingTimeBetween(s.receivedAt, end);
        boolean breached = s.firstResponseBreachedAt != null || end.isAfter(s.firstResponseDue);
        boolean atRisk = s.firstResponseAt == null && !now.isBefore(firstResponseAtRisk(s));
        return new CycleView("FIRST_RESPONSE", 1, goal, s.clockStart, s.firstResponseDue, elapsed,
                positive(goal.minus(elapsed)), false, atRisk, breached, s.firstResponseAt);
    }

    public CycleView resolutionView(State s, Instant now) {
        Instant end = s.resolutionMetAt != null ? s.resolutionMetAt : now;
        Duration goal = Duration.ofMinutes(s.resolutionGoal);
        Duration paused = Duration.ofMinutes(s.resolutionPaused);
        if (s.pausedAt != null) {
            paused = paused.plus(calendar.workingTimeBetween(s.pausedAt, end));
        }
        Duration elapsed = positive(calendar.workingTimeBetween(s.resolutionStartedAt, end).minus(paused));
        boolean breached = s.resolutionBreachedAt != null || (s.pausedAt == null && end.isAfter(s.resolutionDue));
        boolean atRisk = s.resolutionMetAt == null && s.pausedAt == null && !now.isBefore(resolutionAtRisk(s));
        Instant start = calendar.nextOpening(s.resolutionStartedAt);
        return new CycleView("RESOLUTION", s.resolutionCycle, goal, start, s.resolutionDue, elapsed,
                positive(goal.minus(elapsed)), s.pausedAt != null, atRisk, breached, s.resolutionMetAt);
    }

    /** A finished resolution cycle from the history table; {@code endedAt} is when it was closed by a reopening. */
    public CycleView completedView(CompletedCycle c, Instant endedAt) {
        Instant end = c.metAt() != null ? c.metAt() : endedAt;
        Duration goal = Duration.ofMinutes(c.goalMinutes());
        Duration elapsed = positive(calendar.workingTimeBetween(c.startedAt(), end)
                .minus(Duration.ofMinutes(c.pausedMinutes())));
        return new CycleView("RESOLUTION", c.cycle(), goal, calendar.nextOpening(c.startedAt()), c.dueAt(), elapsed,
                positive(goal.minus(elapsed)), false, false, c.breachedAt() != null, c.metAt());
    }

    private Instant firstResponseAtRisk(State s) {
        return calendar.addWorkingTime(s.receivedAt, Duration.ofMinutes(Math.round(s.firstResponseGoal * atRiskFraction)));
    }

    private Instant resolutionAtRisk(State s) {
        return calendar.addWorkingTime(s.resolutionStartedAt,
                Duration.ofMinutes(Math.round(s.resolutionGoal * atRiskFraction) + s.resolutionPaused));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static int minutes(Duration d) {
        return Math.toIntExact(d.toMinutes());
    }
}
