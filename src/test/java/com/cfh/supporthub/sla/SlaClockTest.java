package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

import com.cfh.supporthub.sla.SlaClock.State;
import com.cfh.supporthub.sla.SlaClock.Transition;

/** The SLA clock arithmetic on the real England-and-Wales calendar; every instant is given, none is read. */
class SlaClockTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Duration FOUR_HOURS = Duration.ofHours(4);
    private static final Duration THREE_DAYS = Duration.ofHours(27);
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

    @Test
    @DisplayName("P02 P07 P08: received on a Saturday, the clocks start Monday 08:30")
    void outOfHoursStartsAtNextOpening_P02_P07_P08() {
        State s = clock.start(london("2026-01-17T10:00"), FOUR_HOURS, THREE_DAYS);
        assertThat(s.clockStart).isEqualTo(london("2026-01-19T08:30"));
        assertThat(s.firstResponseDue).isEqualTo(london("2026-01-19T12:30"));
        assertThat(s.resolutionDue).isEqualTo(london("2026-01-21T17:30"));
        assertThat(s.nextCheckAt).isEqualTo(london("2026-01-19T11:30")); // 75 % of 4 working hours
    }

    @Test
    @DisplayName("P07 P09: the sweep marks at-risk then breached, each once, at the instant it passed")
    void sweepMarksEachThresholdOnce_P07_P09() {
        State s = clock.start(london("2026-01-19T09:00"), FOUR_HOURS, THREE_DAYS);
        assertThat(clock.sweep(s, london("2026-01-19T11:00"))).isEmpty();
        assertThat(clock.sweep(s, london("2026-01-19T12:00"))).containsExactly(Transition.FIRST_RESPONSE_AT_RISK);
        assertThat(s.firstResponseAtRiskAt).isEqualTo(london("2026-01-19T12:00"));
        assertThat(clock.sweep(s, london("2026-01-19T12:30"))).isEmpty();
        assertThat(clock.sweep(s, london("2026-01-19T13:00"))).containsExactly(Transition.FIRST_RESPONSE_BREACHED);
        assertThat(clock.sweep(s, london("2026-01-19T13:01"))).as("a second sweep records nothing").isEmpty();
        assertThat(s.nextCheckAt).as("resolution at risk after 20h15 working").isEqualTo(london("2026-01-21T11:15"));
    }

    @Test
    @DisplayName("P07: the first public reply stops the first-response clock; nothing is marked after it")
    void firstReplyStopsFirstResponseClock_P07() {
        State s = clock.start(london("2026-01-19T09:00"), FOUR_HOURS, THREE_DAYS);
        clock.firstResponse(s, london("2026-01-19T10:00"));
        assertThat(clock.sweep(s, london("2026-01-19T16:00"))).isEmpty();
        SlaClock.CycleView view = clock.firstResponseView(s, london("2026-01-19T16:00"));
        assertThat(view.metAt()).isEqualTo(london("2026-01-19T10:00"));
        assertThat(view.elapsed()).isEqualTo(Duration.ofHours(1));
        assertThat(view.remaining()).isEqualTo(Duration.ofHours(3));
        assertThat(view.breached()).isFalse();
    }

    @Test
    @DisplayName("P19 P08: waiting on the customer pauses the resolution clock and pushes its due instant back")
    void pauseAndResumePushDueBack_P19_P08() {
        State s = clock.start(london("2026-01-19T09:00"), FOUR_HOURS, THREE_DAYS);
        Instant due = s.resolutionDue;
        clock.pause(s, london("2026-01-19T10:00"));
        assertThat(clock.sweep(s, london("2026-01-30T10:00"))).as("paused: no resolution breach")
                .doesNotContain(Transition.RESOLUTION_AT_RISK, Transition.RESOLUTION_BREACHED);
        SlaClock.CycleView paused = clock.resolutionView(s, london("2026-01-20T10:00"));
        assertThat(paused.paused()).isTrue();
        assertThat(paused.elapsed()).isEqualTo(Duration.ofHours(1));
        clock.resume(s, london("2026-01-20T10:00")); // 9 working hours later
        assertThat(s.resolutionPaused).isEqualTo(9 * 60);
        assertThat(s.resolutionDue).isEqualTo(clockCalendarAdd(due, Duration.ofHours(9)));
        assertThat(clock.resolutionView(s, london("2026-01-20T11:00")).elapsed()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    @DisplayName("P08: resolving stops the clock; reopening starts cycle 2 and returns cycle 1 for the history")
    void reopenStartsNewCycle_P08() {
        State s = clock.start(london("2026-01-19T09:00"), FOUR_HOURS, THREE_DAYS);
        clock.resolve(s, london("2026-01-20T09:00"));
        assertThat(s.firstResponseAt).isEqualTo(london("2026-01-20T09:00"));
        assertThat(s.nextCheckAt).isNull();
        SlaClock.CompletedCycle first = clock.reopen(s, london("2026-01-22T09:00"));
        assertThat(first.cycle()).isEqualTo(1);
        assertThat(first.metAt()).isEqualTo(london("2026-01-20T09:00"));
        assertThat(first.breachedAt()).isNull();
        assertThat(s.resolutionCycle).isEqualTo(2);
        assertThat(s.resolutionStartedAt).isEqualTo(london("2026-01-22T09:00"));
        assertThat(s.resolutionDue).isEqualTo(london("2026-01-27T09:00"));
        assertThat(s.resolutionMetAt).isNull();
    }

    @Test
    @DisplayName("P01 P08: a resolution cycle across Christmas 2026 skips the bank holidays and the weekend")
    void resolutionSkipsChristmas_P01_P08() {
        State s = clock.start(london("2026-12-24T09:00"), FOUR_HOURS, THREE_DAYS);
        assertThat(s.firstResponseDue).isEqualTo(london("2026-12-24T13:00"));
        // 24 Dec: 8.5 h; 25 Dec, 26-27 weekend, 28 Dec substitute: closed; 29 Dec: 9 h; 30 Dec: 9 h; 31 Dec: 0.5 h
        assertThat(s.resolutionDue).isEqualTo(london("2026-12-31T09:00"));
    }

    private static Instant clockCalendarAdd(Instant from, Duration working) {
        BankHolidays holidays = BankHolidays.load(new DefaultResourceLoader(),
                "classpath:calendar/england-and-wales-bank-holidays.json", "england-and-wales",
                JollydayFallback.forDivision("england-and-wales"));
        return BusinessCalendar.builder(holidays).build().addWorkingTime(from, working);
    }

    @Test
    @DisplayName("P04 P07 P08: a ticket moved to a product with other goals gets due instants from the same receipt; what happened stays")
    void rebaseRecomputesDueKeepsHistory_P04_P07_P08() {
        State s = clock.start(london("2026-01-19T09:00"), FOUR_HOURS, THREE_DAYS);
        clock.firstResponse(s, london("2026-01-19T10:00"));
        clock.pause(s, london("2026-01-19T11:00"));
        clock.resume(s, london("2026-01-19T12:00"));
        clock.rebase(s, Duration.ofHours(2), Duration.ofHours(18));
        assertThat(s.firstResponseDue).isEqualTo(london("2026-01-19T11:00"));
        assertThat(s.firstResponseAt).as("kept").isEqualTo(london("2026-01-19T10:00"));
        assertThat(s.resolutionPaused).as("kept").isEqualTo(60);
        // 18 working hours + the hour paused from Monday 09:00: Tuesday 17:30 is 17h30 of working time, so Wednesday 10:00
        assertThat(s.resolutionDue).isEqualTo(london("2026-01-21T10:00"));
    }
}
