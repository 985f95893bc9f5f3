package com.cfh.supporthub.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether each outside system the hub talks to answered the last time it was tried (issue 14 item 12):
 * a mailbox poll (component {@code intake-email-<product>}), the SMTP server ({@code smtp}), Jira
 * ({@code jira}). Callers report every attempt; only a change is logged: one WARN when a component
 * goes down (with the reason), one INFO when it answers again, DEBUG in between, so an outage of an
 * hour of polls every 30 s is two lines, not thousands. The health endpoint reads it
 * ({@link ChannelHealth}); an outage here never makes liveness or readiness DOWN.
 */
@Component("channelStatus")
public class ChannelStatus {

    private static final Logger log = LoggerFactory.getLogger(ChannelStatus.class);

    /** The last known state of one component: up or down, since when, and why it is down. */
    public record State(String component, boolean up, Instant since, Instant lastAttempt, String reason, long failures) {
    }

    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public ChannelStatus(Clock clock) {
        this.clock = clock;
    }

    /** The component answered; true when this ends an outage (and was logged). */
    public boolean up(String component) {
        Instant now = clock.instant();
        AtomicBoolean recovered = new AtomicBoolean();
        State after = states.compute(component, (k, before) -> {
            if (before == null || before.up()) {
                return new State(k, true, before == null ? now : before.since(), now, null, 0);
            }
            recovered.set(true);
            return new State(k, true, now, now, null, 0);
        });
        if (recovered.get()) {
            log.info("{} answers again", component);
        }
        return recovered.get() && after.up();
    }

    /** The component could not be reached; true when this starts an outage (and was logged). */
    public boolean down(String component, String reason) {
        Instant now = clock.instant();
        AtomicBoolean started = new AtomicBoolean();
        State after = states.compute(component, (k, before) -> {
            if (before == null || before.up()) {
                started.set(true);
                return new State(k, false, now, now, reason, 1);
            }
            return new State(k, false, before.since(), now, reason, before.failures() + 1);
        });
        if (started.get()) {
            log.warn("{} cannot be reached: {} (logged once; the next line says when it answers again)", component, reason);
        } else {
            log.debug("{} still cannot be reached ({} attempts over {}): {}", component, after.failures(),
                    Duration.between(after.since(), now), reason);
        }
        return started.get();
    }

    /** The component's failure, with the first line of its cause, e.g. "MailConnectException: Couldn't connect". */
    public boolean down(String component, Throwable cause) {
        return down(component, describe(cause));
    }

    /** The states of every component whose name starts with {@code prefix}, by name. */
    public Map<String, State> states(String prefix) {
        Map<String, State> found = new TreeMap<>();
        states.forEach((name, state) -> {
            if (name.startsWith(prefix)) {
                found.put(name, state);
            }
        });
        return found;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
        return root == cause ? top : top + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())) + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
