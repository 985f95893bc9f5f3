package com.cfh.supporthub.jira;

import java.time.Instant;

/**
 * The mirror's circuit breaker (P20), a small state of each node rather than Camel's circuitBreaker
 * EIP: the delivery bean already knows which answers mean "Jira is down" and runs its calls one after
 * another, so a counter and an instant are all it takes, testable without Camel.
 *
 * <p>CLOSED: calls go out. After {@code failure-threshold} outages in a row (5xx, no connection) it is
 * OPEN for {@code open-for}: the delivery run makes no call and rows stay pending. Then HALF_OPEN: one
 * trial call; success closes it, failure opens it again. A 429 pauses all calls until its Retry-After.
 */
public final class JiraCircuit {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final JiraProperties.Circuit settings;
    private int failures;
    private Instant openUntil;
    private Instant pausedUntil;

    public JiraCircuit(JiraProperties.Circuit settings) {
        this.settings = settings;
    }

    /** Whether a call may go out now. */
    public synchronized boolean allows(Instant now) {
        if (pausedUntil != null && now.isBefore(pausedUntil)) {
            return false;
        }
        return openUntil == null || !now.isBefore(openUntil);
    }

    public synchronized State state(Instant now) {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return now.isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    public synchronized void success() {
        failures = 0;
        openUntil = null;
    }

    public synchronized void outage(Instant now) {
        failures++;
        if (openUntil != null || failures >= settings.getFailureThreshold()) {
            openUntil = now.plus(settings.getOpenFor());
        }
    }

    /** Jira asked for a pause (429 Retry-After): no call from this node before then. */
    public synchronized void pauseUntil(Instant until) {
        if (pausedUntil == null || until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** Back to CLOSED (tests, and an operator's retry of dead letters). */
    public synchronized void reset() {
        failures = 0;
        openUntil = null;
        pausedUntil = null;
    }
}
