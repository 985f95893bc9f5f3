package com.cfh.supporthub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one retry policy of every outbox destination (issue 15.2, 17.4), configured per destination. */
class OutboxPolicyTest {

    private static OutboxPolicy policy() {
        OutboxProperties properties = new OutboxProperties();
        OutboxProperties.Destination mail = properties.destination(Destinations.CUSTOMER_MAIL);
        mail.setBackoff(Duration.ofSeconds(30));
        mail.setMaxBackoff(Duration.ofMinutes(5));
        mail.setMaxAttempts(4);
        mail.getCircuit().setFailureThreshold(2);
        OutboxProperties.Destination jira = properties.destination(Destinations.JIRA);
        jira.setBackoff(Duration.ofSeconds(10));
        jira.setMaxBackoff(Duration.ofMinutes(30));
        jira.setMaxAttempts(60);
        return new OutboxPolicy(properties, Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    @DisplayName("P03 P20: one backoff formula, backoff x 2^(attempts-1) up to max-backoff, with each destination's own settings")
    void backoffPerDestination() {
        OutboxPolicy p = policy();
        assertThat(p.backoff(Destinations.CUSTOMER_MAIL, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.backoff(Destinations.CUSTOMER_MAIL, 2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.backoff(Destinations.CUSTOMER_MAIL, 4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.backoff(Destinations.CUSTOMER_MAIL, 5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.backoff(Destinations.CUSTOMER_MAIL, 500)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.backoff(Destinations.JIRA, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoff(Destinations.JIRA, 3)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    @DisplayName("P03 P20: a row is given up (FAILED, the dead letter) at its destination's max-attempts")
    void givenUpPerDestination() {
        OutboxPolicy p = policy();
        assertThat(p.givenUp(Destinations.CUSTOMER_MAIL, 3)).isFalse();
        assertThat(p.givenUp(Destinations.CUSTOMER_MAIL, 4)).isTrue();
        assertThat(p.givenUp(Destinations.JIRA, 4)).isFalse();
    }

    @Test
    @DisplayName("P03: each destination has its own circuit: SMTP outages stop mail claims, not Jira's")
    void circuitPerDestination() {
        OutboxPolicy p = policy();
        p.outage(Destinations.CUSTOMER_MAIL);
        assertThat(p.allows(Destinations.CUSTOMER_MAIL)).isTrue();
        p.outage(Destinations.CUSTOMER_MAIL);
        assertThat(p.allows(Destinations.CUSTOMER_MAIL)).isFalse();
        assertThat(p.allows(Destinations.JIRA)).isTrue();
        p.success(Destinations.CUSTOMER_MAIL);
        assertThat(p.allows(Destinations.CUSTOMER_MAIL)).isTrue();
    }

    @Test
    @DisplayName("P09 issue 14.3 15.3: staff types go to staff-mail; acknowledgements and replies are claimed first")
    void destinationsAndPriority() {
        assertThat(Destinations.mailDestination("escalation.notice")).isEqualTo(Destinations.STAFF_MAIL);
        assertThat(Destinations.mailDestination("mail.notice")).isEqualTo(Destinations.CUSTOMER_MAIL);
        assertThat(Destinations.priority("ticket.created")).isLessThan(Destinations.priority("mail.notice"));
        assertThat(Destinations.priority("reply.public")).isEqualTo(Destinations.CONVERSATION);
    }
}
