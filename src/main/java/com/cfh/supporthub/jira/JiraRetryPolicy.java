package com.cfh.supporthub.jira;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.cfh.supporthub.outbox.OutboxPolicy;
import com.cfh.supporthub.outbox.OutboxProperties;

/**
 * What a failed call to Jira means for its row (P20): 5xx, 429 and no answer at all are retried with
 * exponential backoff (429 no sooner than its Retry-After); any other 4xx is a dead letter at once,
 * since sending the same request again cannot succeed. Plain values, no HTTP.
 */
public final class JiraRetryPolicy {

    /** DEAD: stop and keep the row as a dead letter; RETRY: try again after {@code wait}. */
    public enum Kind { RETRY, DEAD }

    /** {@code outage}: a failure that says Jira is down (5xx, no connection); it counts for the circuit breaker. */
    public record Verdict(Kind kind, Duration delay, boolean outage) {
    }

    private final OutboxProperties.Destination retry;

    /** {@code retry}: the settings of the outbox destination {@code jira} (hub.outbox.destinations.jira.*). */
    public JiraRetryPolicy(OutboxProperties.Destination retry) {
        this.retry = retry;
    }

    /**
     * @param status     the HTTP status, or 0 when there was no answer (connection refused, timeout)
     * @param retryAfter the Retry-After header of the answer, or null
     * @param attempts   attempts made so far, this one included
     */
    public Verdict judge(int status, String retryAfter, int attempts, Instant now) {
        boolean retryable = status == 0 || status == 429 || status >= 500;
        if (!retryable) {
            return new Verdict(Kind.DEAD, Duration.ZERO, false);
        }
        boolean outage = status != 429;
        if (attempts >= retry.getMaxAttempts()) {
            return new Verdict(Kind.DEAD, Duration.ZERO, outage);
        }
        Duration delay = backoff(attempts);
        if (status == 429 || status == 503) {
            Duration asked = retryAfter(retryAfter, now);
            if (asked != null) {
                delay = asked; // Jira says when: no sooner, and no later either
            }
        }
        return new Verdict(Kind.RETRY, delay, outage);
    }

    /** The outbox's one backoff formula: backoff × 2^(attempts − 1), at most max-backoff ({@link OutboxPolicy}). */
    public Duration backoff(int attempts) {
        return OutboxPolicy.backoff(retry, attempts);
    }

    /** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
