package com.cfh.supporthub.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Retry, backoff and circuit breaker of every outbox destination, declared once (issue 15.2, 17.4) and
 * configured per destination under {@code hub.outbox.destinations.<name>.*}.
 *
 * <ul>
 * <li>One backoff formula: {@code backoff × 2^(attempts − 1)}, at most {@code max-backoff}.</li>
 * <li>A row whose attempts reach {@code max-attempts} is given up: status FAILED (the dead letter).</li>
 * <li>A circuit per destination and node: after {@code circuit.failure-threshold} outages in a row
 * (server unreachable) it is open for {@code circuit.open-for}: the destination's route claims nothing;
 * then one batch is tried (half open); a success closes it.</li>
 * </ul>
 */
@Component
public class OutboxPolicy {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final OutboxProperties properties;
    private final Clock clock;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    public OutboxPolicy(OutboxProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public OutboxProperties.Destination settings(String destination) {
        return properties.destination(destination);
    }

    /** The delay before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
    public Duration backoff(String destination, int attempts) {
        return backoff(settings(destination), attempts);
    }

    public static Duration backoff(OutboxProperties.Destination d, int attempts) {
        Duration max = d.getMaxBackoff();
        Duration delay = d.getBackoff();
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Whether a row that has failed {@code attempts} times is given up (FAILED). */
    public boolean givenUp(String destination, int attempts) {
        return attempts >= settings(destination).getMaxAttempts();
    }

    public Circuit circuit(String destination) {
        return circuits.computeIfAbsent(destination, d -> new Circuit(settings(d).getCircuit()));
    }

    /** Whether the destination's route may claim now (its circuit is not open). */
    public boolean allows(String destination) {
        return circuit(destination).allows(clock.instant());
    }

    public void success(String destination) {
        circuit(destination).success();
    }

    public void outage(String destination) {
        circuit(destination).outage(clock.instant());
    }

    /** A circuit breaker of one destination on one node. */
    public static final class Circuit {
        private final OutboxProperties.Circuit settings;
        private int failures;
        private Instant openUntil;
        private Instant pausedUntil;

        public Circuit(OutboxProperties.Circuit settings) {
            this.settings = settings;
        }

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

        /** The destination asked for a pause (a 429's Retry-After): nothing goes out before then. */
        public synchronized void pauseUntil(Instant until) {
            if (pausedUntil == null || until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
        }

        public synchronized void reset() {
            failures = 0;
            openUntil = null;
            pausedUntil = null;
        }
    }
}
