package com.cfh.supporthub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.outbox.OutboxPolicy.State;

/** The circuit every outbox destination has (issue 15.2; P20 for Jira, where it was first). */
class OutboxCircuitTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static OutboxPolicy.Circuit circuit() {
        OutboxProperties.Circuit c = new OutboxProperties.Circuit();
        c.setFailureThreshold(3);
        c.setOpenFor(Duration.ofMinutes(1));
        return new OutboxPolicy.Circuit(c);
    }

    @Test
    @DisplayName("P20 the circuit opens after the threshold of outages in a row, tries once after open-for, closes on success")
    void opensHalfOpensCloses() {
        OutboxPolicy.Circuit c = circuit();
        c.outage(T0);
        c.outage(T0);
        assertThat(c.allows(T0)).isTrue();
        c.outage(T0);
        assertThat(c.state(T0)).isEqualTo(State.OPEN);
        assertThat(c.allows(T0.plusSeconds(59))).isFalse();
        assertThat(c.state(T0.plusSeconds(60))).isEqualTo(State.HALF_OPEN);
        assertThat(c.allows(T0.plusSeconds(60))).isTrue();
        c.outage(T0.plusSeconds(60)); // the trial failed: open again at once
        assertThat(c.allows(T0.plusSeconds(61))).isFalse();
        assertThat(c.allows(T0.plusSeconds(120))).isTrue();
        c.success();
        assertThat(c.state(T0.plusSeconds(120))).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("P20 a success resets the count; a 429 pause stops calls until its end")
    void successResetsAndPause() {
        OutboxPolicy.Circuit c = circuit();
        c.outage(T0);
        c.outage(T0);
        c.success();
        c.outage(T0);
        assertThat(c.state(T0)).isEqualTo(State.CLOSED);
        c.pauseUntil(T0.plusSeconds(30));
        assertThat(c.allows(T0.plusSeconds(29))).isFalse();
        assertThat(c.allows(T0.plusSeconds(30))).isTrue();
    }
}
