package com.cfh.supporthub.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.jira.JiraRetryPolicy.Kind;
import com.cfh.supporthub.outbox.OutboxProperties;

class JiraRetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static JiraRetryPolicy policy() {
        OutboxProperties.Destination retry = new OutboxProperties.Destination();
        retry.setBackoff(Duration.ofSeconds(10));
        retry.setMaxBackoff(Duration.ofMinutes(5));
        retry.setMaxAttempts(10);
        return new JiraRetryPolicy(retry);
    }

    @Test
    @DisplayName("P20 backoff doubles from the initial wait and stops at the maximum")
    void exponentialBackoff() {
        JiraRetryPolicy p = policy();
        assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(p.backoff(6)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.backoff(60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("P20 5xx and no answer are retried and count as outages; other 4xx are dead letters at once")
    void classification() {
        JiraRetryPolicy p = policy();
        assertThat(p.judge(500, null, 1, NOW)).isEqualTo(new JiraRetryPolicy.Verdict(Kind.RETRY, Duration.ofSeconds(10), true));
        assertThat(p.judge(0, null, 2, NOW)).isEqualTo(new JiraRetryPolicy.Verdict(Kind.RETRY, Duration.ofSeconds(20), true));
        assertThat(p.judge(400, null, 1, NOW).kind()).isEqualTo(Kind.DEAD);
        assertThat(p.judge(404, null, 1, NOW).kind()).isEqualTo(Kind.DEAD);
        assertThat(p.judge(401, null, 1, NOW).kind()).isEqualTo(Kind.DEAD);
        assertThat(p.judge(502, null, 10, NOW).kind()).as("max attempts reached").isEqualTo(Kind.DEAD);
    }

    @Test
    @DisplayName("P20 429 waits exactly its Retry-After, in seconds or as an HTTP-date, and is not an outage")
    void retryAfter() {
        JiraRetryPolicy p = policy();
        assertThat(p.judge(429, "120", 1, NOW)).isEqualTo(new JiraRetryPolicy.Verdict(Kind.RETRY, Duration.ofSeconds(120), false));
        assertThat(p.judge(429, "Wed, 02 Dec 2026 10:00:45 GMT", 1, NOW).delay()).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.judge(429, null, 3, NOW).delay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.judge(429, "soon", 1, NOW).delay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.judge(503, "30", 1, NOW).delay()).isEqualTo(Duration.ofSeconds(30));
    }
}
