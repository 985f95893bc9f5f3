package com.cfh.supporthub.ticket;

import static com.cfh.supporthub.ticket.TicketStatus.CLOSED;
import static com.cfh.supporthub.ticket.TicketStatus.NEW;
import static com.cfh.supporthub.ticket.TicketStatus.OPEN;
import static com.cfh.supporthub.ticket.TicketStatus.RESOLVED;
import static com.cfh.supporthub.ticket.TicketStatus.WAITING_ON_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

import com.cfh.supporthub.sla.BankHolidays;
import com.cfh.supporthub.sla.BusinessCalendar;
import com.cfh.supporthub.sla.JollydayFallback;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.ticket.TicketStateMachine.Mark;
import com.cfh.supporthub.ticket.TicketStateMachine.NotAllowed;
import com.cfh.supporthub.ticket.TicketStateMachine.SlaEffect;
import com.cfh.supporthub.ticket.TicketStateMachine.Step;
import com.cfh.supporthub.ticket.TicketStateMachine.Trigger;

/** The lifecycle table and each transition's SLA effect, without Spring or a database. */
class TicketStateMachineTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static SlaClock clock;

    @BeforeAll
    static void calendar() {
        BankHolidays holidays = BankHolidays.load(new DefaultResourceLoader(),
                "classpath:calendar/england-and-wales-bank-holidays.json", "england-and-wales",
                JollydayFallback.forDivision("england-and-wales"));
        clock = new SlaClock(BusinessCalendar.builder(holidays).name("test").build(), 0.75);
    }

    private static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    private static SlaClock.State started() {
        return clock.start(london("2026-01-19T09:00"), Duration.ofHours(4), Duration.ofHours(27));
    }

    @Test
    @DisplayName("P07: the first public reply opens a NEW ticket and stops the first-response clock")
    void firstReplyOpensNewTicketAndStopsFirstResponseClock_P07() {
        Step step = TicketStateMachine.next(NEW, Trigger.AGENT_REPLY);
        assertThat(step.to()).isEqualTo(OPEN);
        assertThat(step.sla()).isEqualTo(SlaEffect.FIRST_RESPONSE);
        SlaClock.State s = started();
        assertThat(step.applySla(clock, s, london("2026-01-19T10:00"))).isNull();
        assertThat(s.firstResponseAt).isEqualTo(london("2026-01-19T10:00"));
        assertThat(TicketStateMachine.next(OPEN, Trigger.AGENT_REPLY).changesStatus()).isFalse();
        assertThat(TicketStateMachine.next(WAITING_ON_CUSTOMER, Trigger.AGENT_REPLY).to()).isEqualTo(WAITING_ON_CUSTOMER);
    }

    @Test
    @DisplayName("P19: waiting on the customer pauses the resolution clock; their reply resumes it with the due pushed back")
    void waitPausesAndCustomerReplyResumes_P19() {
        SlaClock.State s = started();
        Instant due = s.resolutionDue;
        Step wait = TicketStateMachine.next(OPEN, Trigger.WAIT_ON_CUSTOMER);
        assertThat(wait.to()).isEqualTo(WAITING_ON_CUSTOMER);
        wait.applySla(clock, s, london("2026-01-19T10:00"));
        assertThat(s.pausedAt).isEqualTo(london("2026-01-19T10:00"));
        Step reply = TicketStateMachine.next(WAITING_ON_CUSTOMER, Trigger.CUSTOMER_REPLY);
        assertThat(reply.to()).isEqualTo(OPEN);
        assertThat(reply.sla()).isEqualTo(SlaEffect.RESUME);
        reply.applySla(clock, s, london("2026-01-19T12:00"));
        assertThat(s.pausedAt).isNull();
        assertThat(s.resolutionPaused).isEqualTo(120);
        assertThat(s.resolutionDue).isEqualTo(due.plus(Duration.ofHours(2)));
    }

    @Test
    @DisplayName("P08: resolving stops the resolution clock and sets resolved_at, from NEW, OPEN or WAITING")
    void resolveStopsClockAndSetsResolvedAt_P08() {
        for (TicketStatus from : new TicketStatus[] {NEW, OPEN, WAITING_ON_CUSTOMER}) {
            Step step = TicketStateMachine.next(from, Trigger.RESOLVE);
            assertThat(step.to()).isEqualTo(RESOLVED);
            assertThat(step.resolvedAt()).isEqualTo(Mark.SET);
        }
        Instant now = london("2026-01-20T10:00");
        Step step = TicketStateMachine.next(OPEN, Trigger.RESOLVE);
        assertThat(step.resolvedAt(null, now)).isEqualTo(now);
        SlaClock.State s = started();
        step.applySla(clock, s, now);
        assertThat(s.resolutionMetAt).isEqualTo(now);
        assertThat(s.firstResponseAt).as("a resolution is also a reply (P07)").isEqualTo(now);
    }

    @Test
    @DisplayName("P08: reopening clears resolved_at and files the finished cycle before a new one starts")
    void reopenStartsNewCycle_P08() {
        Step step = TicketStateMachine.next(RESOLVED, Trigger.REOPEN);
        assertThat(step.to()).isEqualTo(OPEN);
        assertThat(step.resolvedAt(london("2026-01-20T10:00"), london("2026-01-21T10:00"))).isNull();
        SlaClock.State s = started();
        clock.resolve(s, london("2026-01-20T10:00"));
        SlaClock.CompletedCycle done = step.applySla(clock, s, london("2026-01-21T10:00"));
        assertThat(done.cycle()).isEqualTo(1);
        assertThat(s.resolutionCycle).isEqualTo(2);
        assertThat(s.resolutionMetAt).isNull();
    }

    @Test
    @DisplayName("P10: only a ticket waiting on the customer is closed automatically; closing stops every SLA check")
    void autoCloseOnlyFromWaiting_P10() {
        Step step = TicketStateMachine.next(WAITING_ON_CUSTOMER, Trigger.AUTO_CLOSE);
        assertThat(step.to()).isEqualTo(CLOSED);
        assertThat(step.closedAt()).isEqualTo(Mark.SET);
        SlaClock.State s = started();
        step.applySla(clock, s, london("2026-01-26T10:00"));
        assertThat(s.nextCheckAt).isNull();
        assertThat(TicketStateMachine.allowedFrom(Trigger.AUTO_CLOSE)).containsExactly(WAITING_ON_CUSTOMER);
    }

    @Test
    @DisplayName("P06 P10: a CLOSED ticket allows no trigger; a customer message to it opens a new ticket instead")
    void closedAllowsNothing_P06_P10() {
        for (Trigger t : Trigger.values()) {
            assertThat(TicketStateMachine.allows(CLOSED, t)).as(t.name()).isFalse();
        }
        assertThatThrownBy(() -> TicketStateMachine.next(CLOSED, Trigger.AGENT_REPLY)).isInstanceOf(NotAllowed.class)
                .hasMessageContaining("CLOSED");
        assertThatThrownBy(() -> TicketStateMachine.customerMessage(CLOSED)).isInstanceOf(NotAllowed.class);
    }

    @Test
    @DisplayName("P19 P08: a customer message resumes a waiting ticket, reopens a resolved one, leaves NEW and OPEN alone")
    void customerMessageAtIntake_P19_P08() {
        assertThat(TicketStateMachine.customerMessage(WAITING_ON_CUSTOMER)).extracting(Step::sla)
                .containsExactly(SlaEffect.RESUME);
        assertThat(TicketStateMachine.customerMessage(RESOLVED)).extracting(Step::sla)
                .containsExactly(SlaEffect.NEW_CYCLE);
        assertThat(TicketStateMachine.customerMessage(NEW)).isEmpty();
        assertThat(TicketStateMachine.customerMessage(OPEN)).isEmpty();
    }

    @Test
    @DisplayName("P08 P19: forbidden moves are refused (no wait on a resolved ticket, no reopen of an open one)")
    void forbiddenMovesAreRefused_P08_P19() {
        assertThat(TicketStateMachine.allows(RESOLVED, Trigger.WAIT_ON_CUSTOMER)).isFalse();
        assertThat(TicketStateMachine.allows(OPEN, Trigger.REOPEN)).isFalse();
        assertThat(TicketStateMachine.allows(OPEN, Trigger.CUSTOMER_REPLY)).isFalse();
        assertThat(TicketStateMachine.allows(RESOLVED, Trigger.RESOLVE)).isFalse();
        assertThat(TicketStateMachine.allowedFrom(Trigger.RESOLVE)).containsExactly(NEW, OPEN, WAITING_ON_CUSTOMER);
        assertThat(TicketStateMachine.table()).hasSize(12);
    }

    @Test
    @DisplayName("P02: a ticket without an SLA clock (receipt outside the holiday data) changes status, not clocks")
    void noClockNoSlaEffect_P02() {
        SlaClock.State none = new SlaClock.State();
        assertThat(TicketStateMachine.next(OPEN, Trigger.RESOLVE).applySla(clock, none, Instant.EPOCH)).isNull();
        assertThat(none.resolutionMetAt).isNull();
    }
}
