package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * P01 business calendar arithmetic, with the shipped GOV.UK file (2019–2028) and jollyday for other years.
 * Every holiday below was checked against src/main/resources/calendar/england-and-wales-bank-holidays.json.
 */
class BusinessCalendarTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static BankHolidays holidays;
    static BusinessCalendar calendar;

    @BeforeAll
    static void load() {
        holidays = BankHolidays.load(new DefaultResourceLoader(), "classpath:calendar/england-and-wales-bank-holidays.json",
                "england-and-wales", JollydayFallback.forDivision("england-and-wales"));
        calendar = BusinessCalendar.builder(holidays).name("test").build();
    }

    static Instant at(String isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime).toInstant();
    }

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    // ------------------------------------------------------------------ working days

    @ParameterizedTest(name = "{0} {1} working={2}")
    @CsvSource({
            // weekends
            "2026-06-13, Sat, false",
            "2026-06-14, Sun, false",
            "2026-06-15, Mon, true",
            // Christmas 2026: Fri 25 Dec, Boxing Day substitute Mon 28 Dec
            "2026-12-24, Thu, true",
            "2026-12-25, Fri, false",
            "2026-12-26, Sat, false",
            "2026-12-28, Mon, false",
            "2026-12-29, Tue, true",
            // 2027: both substitutes, Mon 27 and Tue 28 Dec
            "2027-12-24, Fri, true",
            "2027-12-27, Mon, false",
            "2027-12-28, Tue, false",
            "2027-12-29, Wed, true",
            // New Year 2028 substitute Mon 3 Jan
            "2027-12-31, Fri, true",
            "2028-01-03, Mon, false",
            "2028-01-04, Tue, true",
            // Easter 2026 and 2027 (March)
            "2026-04-02, Thu, true",
            "2026-04-03, Fri, false",
            "2026-04-06, Mon, false",
            "2026-04-07, Tue, true",
            "2027-03-26, Fri, false",
            "2027-03-29, Mon, false",
            "2027-03-30, Tue, true",
            // DST weekends themselves are weekends; the Friday before and Monday after are working days
            "2026-03-27, Fri, true",
            "2026-03-29, Sun, false",
            "2026-03-30, Mon, true",
            "2026-10-25, Sun, false",
            "2026-10-26, Mon, true",
            "2027-10-31, Sun, false",
            "2027-11-01, Mon, true",
            // 29 February 2028 is a Tuesday and a working day
            "2028-02-29, Tue, true",
            // first Monday of May is 1 May in 2028
            "2028-05-01, Mon, false",
            // 2029 is not in the file: jollyday's England rules, never "all working days"
            "2029-03-30, Fri, false",
            "2029-04-02, Mon, false",
            "2029-12-24, Mon, true",
            "2029-12-25, Tue, false",
            "2029-12-26, Wed, false",
            "2029-12-27, Thu, true",
    })
    void workingDaysFollowGovUkFileAndFallback_P01(LocalDate date, String weekday, boolean working) {
        assertThat(date.getDayOfWeek().name()).startsWith(weekday.toUpperCase());
        assertThat(calendar.isWorkingDay(date)).isEqualTo(working);
    }

    // ------------------------------------------------------------------ opening hours

    @ParameterizedTest(name = "{0} open={1}")
    @CsvSource({
            "2026-06-10T08:29:59.999999999, false",
            "2026-06-10T08:30, true",
            "2026-06-10T12:00, true",
            "2026-06-10T17:29:59.999999999, true",
            "2026-06-10T17:30, false",
            "2026-06-10T23:00, false",
            "2026-06-13T12:00, false",
            "2026-12-25T12:00, false",
            "2026-01-15T08:30, true",
            "2026-01-15T17:30, false",
    })
    void openFrom0830InclusiveTo1730Exclusive_P01(String localDateTime, boolean open) {
        assertThat(calendar.isOpen(london(localDateTime))).isEqualTo(open);
    }

    @ParameterizedTest(name = "next opening after {0} is {1}")
    @CsvSource({
            "2026-06-10T12:00+01:00, 2026-06-10T12:00+01:00",  // open: itself
            "2026-06-10T08:30+01:00, 2026-06-10T08:30+01:00",
            "2026-06-10T07:00+01:00, 2026-06-10T08:30+01:00",
            "2026-06-10T17:30+01:00, 2026-06-11T08:30+01:00",
            "2026-06-12T17:30+01:00, 2026-06-15T08:30+01:00",  // Friday close → Monday
            "2026-03-29T02:30+01:00, 2026-03-30T08:30+01:00",  // just after the March DST jump
            "2026-12-24T17:30Z, 2026-12-29T08:30Z",            // Christmas, weekend, Boxing Day substitute
            "2028-12-29T17:30Z, 2029-01-02T08:30Z",            // into 2029 (fallback: New Year Mon 1 Jan)
    })
    void nextOpening_P01(String at, String expected) {
        assertThat(calendar.nextOpening(at(at))).isEqualTo(at(expected));
    }

    // ------------------------------------------------------------------ addWorkingTime

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            // 17:30 edge: 4 working hours from 13:30 end at 17:30 the same day, not 08:30 the next morning
            "2026-06-10T13:30+01:00, PT4H, 2026-06-10T17:30+01:00",
            "2026-06-10T13:31+01:00, PT4H, 2026-06-11T08:31+01:00",
            "2026-06-10T08:30+01:00, PT9H, 2026-06-10T17:30+01:00",
            "2026-06-10T08:30+01:00, PT1S, 2026-06-10T08:30:01+01:00",
            // received out of hours: the clock starts at the next opening
            "2026-06-10T06:00+01:00, PT4H, 2026-06-10T12:30+01:00",
            "2026-06-10T17:30+01:00, PT4H, 2026-06-11T12:30+01:00",
            "2026-06-10T22:00+01:00, PT4H, 2026-06-11T12:30+01:00",
            // zero working time: the next opening, or the instant itself when open
            "2026-06-10T17:30+01:00, PT0S, 2026-06-11T08:30+01:00",
            "2026-06-12T19:00+01:00, PT0S, 2026-06-15T08:30+01:00",
            "2026-06-10T10:00+01:00, PT0S, 2026-06-10T10:00+01:00",
            // weekends
            "2026-06-13T10:00+01:00, PT4H, 2026-06-15T12:30+01:00",
            "2026-06-12T15:00+01:00, PT4H, 2026-06-15T10:00+01:00",
            "2026-06-12T16:00+01:00, PT4H, 2026-06-15T11:00+01:00",
    })
    void addWorkingTimeEdgesAndWeekends_P01_P07(String start, Duration workingTime, String expected) {
        assertThat(calendar.addWorkingTime(at(start), workingTime)).isEqualTo(at(expected));
    }

    @ParameterizedTest(name = "{0} + {1} = {2} London, {3} UTC")
    @CsvSource({
            // March 2026: clocks go forward Sun 29 Mar. Fri 16:00 GMT + 4h = Mon 11:00 BST (10:00Z)
            "2026-03-27T16:00, PT4H, 2026-03-30T11:00, 2026-03-30T10:00:00Z",
            "2026-03-27T15:00, PT4H, 2026-03-30T10:00, 2026-03-30T09:00:00Z",
            // October 2026: clocks go back Sun 25 Oct. Fri 16:00 BST + 4h = Mon 11:00 GMT (11:00Z)
            "2026-10-23T16:00, PT4H, 2026-10-26T11:00, 2026-10-26T11:00:00Z",
            "2026-10-23T15:00, PT4H, 2026-10-26T10:00, 2026-10-26T10:00:00Z",
            // March 2027: DST Sun 28 Mar inside Easter (Good Friday 26, Easter Monday 29 Mar)
            "2027-03-25T16:00, PT4H, 2027-03-30T11:00, 2027-03-30T10:00:00Z",
            // October 2027: DST Sun 31 Oct
            "2027-10-29T16:00, PT4H, 2027-11-01T11:00, 2027-11-01T11:00:00Z",
            // P08: 27 working hours (3 days of 9 h) across the DST weekends
            "2026-03-26T08:30, PT27H, 2026-03-30T17:30, 2026-03-30T16:30:00Z",
            "2026-10-22T08:30, PT27H, 2026-10-26T17:30, 2026-10-26T17:30:00Z",
    })
    void addWorkingTimeAcrossDstChanges_P01_P07_P08(String startLocal, Duration workingTime, String expectedLocal, Instant expectedUtc) {
        Instant due = calendar.addWorkingTime(london(startLocal), workingTime);
        assertThat(due).isEqualTo(expectedUtc);
        assertThat(due.atZone(LONDON).toLocalDateTime()).isEqualTo(LocalDateTime.parse(expectedLocal));
    }

    @Test
    void dstWeekendsAreTheOnesTheTestsAssume_P01() {
        var rules = LONDON.getRules();
        assertThat(rules.getOffset(london("2026-03-28T12:00"))).isEqualTo(ZoneOffset.UTC);
        assertThat(rules.getOffset(london("2026-03-29T12:00"))).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(rules.getOffset(london("2026-10-24T12:00"))).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(rules.getOffset(london("2026-10-25T12:00"))).isEqualTo(ZoneOffset.UTC);
        assertThat(rules.getOffset(london("2027-03-27T12:00"))).isEqualTo(ZoneOffset.UTC);
        assertThat(rules.getOffset(london("2027-03-28T12:00"))).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(rules.getOffset(london("2027-10-30T12:00"))).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(rules.getOffset(london("2027-10-31T12:00"))).isEqualTo(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            // Christmas 2026: Fri 25 closed, weekend, Mon 28 Boxing Day substitute → Tue 29
            "2026-12-24T15:00Z, PT4H, 2026-12-29T10:00Z",
            // 2027: Mon 27 and Tue 28 Dec substitutes → Wed 29
            "2027-12-24T15:00Z, PT4H, 2027-12-29T10:00Z",
            // New Year 2028: Sat 1 Jan, substitute Mon 3 Jan → Tue 4 Jan
            "2027-12-31T15:00Z, PT4H, 2028-01-04T10:00Z",
            // Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr
            "2026-04-02T15:00+01:00, PT4H, 2026-04-07T10:00+01:00",
            // 29 February 2028 is a working day
            "2028-02-28T15:00Z, PT4H, 2028-02-29T10:00Z",
            // 2029 (fallback): Christmas Tue 25, Boxing Day Wed 26 → Thu 27
            "2029-12-24T15:00Z, PT4H, 2029-12-27T10:00Z",
            // 2029 (fallback): Good Friday 30 Mar, Easter Monday 2 Apr
            "2029-03-29T15:00+01:00, PT4H, 2029-04-03T10:00+01:00",
    })
    void firstResponseDueSkipsBankHolidaysAndSubstitutes_P01_P07(String start, Duration workingTime, String expected) {
        assertThat(calendar.addWorkingTime(at(start), workingTime)).isEqualTo(at(expected));
    }

    @Test
    void firstResponseDueSkipsBoxingDaySubstitute_P01_P07() {
        // Thu 24 Dec 2026 16:00 GMT: 1.5 h that day, then Fri 25 (Christmas), weekend, Mon 28 (Boxing Day substitute)
        Instant due = calendar.addWorkingTime(at("2026-12-24T16:00Z"), Duration.ofHours(4));
        assertThat(due).isEqualTo(at("2026-12-29T11:00Z"));
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            // three full working days
            "2026-06-08T08:30+01:00, PT27H, 2026-06-10T17:30+01:00",
            // over Christmas 2026: Wed 8.5 h, Thu 9 h, (Fri, Sat, Sun, Mon closed), Tue 9 h, Wed 0.5 h
            "2026-12-23T09:00Z, PT27H, 2026-12-30T09:00Z",
            // over Christmas 2027: Thu 23 8.5 h, Fri 24 9 h, (Mon 27, Tue 28 closed), Wed 29 9 h, Thu 30 0.5 h
            "2027-12-23T09:00Z, PT27H, 2027-12-30T09:00Z",
            // into 2029 (file → fallback): Fri 22 Dec 2028 9 h, Mon 25 + Tue 26 closed, Wed 27 9 h, Thu 28 9 h
            "2028-12-22T08:30Z, PT27H, 2028-12-28T17:30Z",
            // Fri 29 Dec 2028 9 h, Mon 1 Jan 2029 closed (fallback New Year), Tue 2 9 h, Wed 3 9 h
            "2028-12-29T08:30Z, PT27H, 2029-01-03T17:30Z",
    })
    void resolutionDueIsThreeWorkingDays_P01_P08(String start, Duration workingTime, String expected) {
        assertThat(calendar.addWorkingTime(at(start), workingTime)).isEqualTo(at(expected));
    }

    @ParameterizedTest(name = "{0} + 4h = {1}")
    @CsvSource({
            // 18:00 in India = 12:30Z = 13:30 BST → 17:30 BST
            "2026-06-10T18:00+05:30, 2026-06-10T16:30:00Z",
            // 02:00 Thursday in India = 20:30Z Wednesday = 21:30 BST, closed → Thu 08:30 + 4h = 12:30 BST
            "2026-06-11T02:00+05:30, 2026-06-11T11:30:00Z",
            // 23:00 Tuesday in California = 07:00Z Wednesday = 08:00 BST → opening 08:30 + 4h
            "2026-06-09T23:00-08:00, 2026-06-10T11:30:00Z",
            // UTC
            "2026-06-10T12:30Z, 2026-06-10T16:30:00Z",
            // winter, GMT = UTC: 20:00 on 23 Dec in California = 04:00Z Christmas Eve → 08:30 + 4 h
            "2026-12-23T20:00-08:00, 2026-12-24T12:30:00Z",
            // 07:00 on 23 Dec in California = 15:00Z: 2.5 h that day, 1.5 h on Christmas Eve
            "2026-12-23T07:00-08:00, 2026-12-24T10:00:00Z",
    })
    void instantsInAnyOffsetAreReadInLondon_P01_P07(String start, Instant expectedUtc) {
        assertThat(calendar.addWorkingTime(at(start), Duration.ofHours(4))).isEqualTo(expectedUtc);
    }

    @Test
    void negativeWorkingTimeIsRefused_P01() {
        assertThatThrownBy(() -> calendar.addWorkingTime(at("2026-06-10T12:00Z"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ workingTimeBetween

    @ParameterizedTest(name = "{0} → {1} = {2}")
    @CsvSource({
            "2026-06-10T08:30+01:00, 2026-06-10T17:30+01:00, PT9H",
            "2026-06-10T07:00+01:00, 2026-06-10T20:00+01:00, PT9H",
            "2026-06-12T15:00+01:00, 2026-06-15T10:00+01:00, PT4H",
            "2026-06-13T00:00+01:00, 2026-06-14T23:59+01:00, PT0S",
            "2026-06-10T12:00+01:00, 2026-06-10T12:00+01:00, PT0S",
            "2026-06-10T12:00+01:00, 2026-06-10T11:00+01:00, PT0S",
            // DST: Fri 16:00 GMT → Mon 11:00 BST
            "2026-03-27T16:00Z, 2026-03-30T10:00Z, PT4H",
            // across New Year 2027: Thu 24 Dec 2.5 h, Tue 29–Thu 31 27 h, Fri 1 Jan closed, Mon 4 Jan 08:30 → 29.5 h
            "2026-12-24T15:00Z, 2027-01-04T08:30Z, PT29H30M",
            // across the file's last year into the fallback: 9 + 27 + 9 h
            "2028-12-22T08:30Z, 2029-01-02T17:30Z, PT45H",
            // a whole year 2027 in the file: 261 weekdays − 8 bank holidays (all on weekdays) = 253 days × 9 h
            "2027-01-01T00:00Z, 2028-01-01T00:00Z, PT2277H",
    })
    void workingTimeBetween_P01(String from, String to, Duration expected) {
        assertThat(calendar.workingTimeBetween(at(from), at(to))).isEqualTo(expected);
    }

    @Test
    void workingTimeBetweenRoundTripsWithAddWorkingTime_P01_P07_P08() {
        List<Duration> targets = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofHours(4),
                Duration.ofHours(9), Duration.ofHours(27), Duration.ofHours(100), Duration.ofHours(2400));
        List<Instant> starts = new ArrayList<>();
        // every 97 minutes through periods with DST changes, Easter, Christmas, New Year and the file/fallback edge
        for (String from : List.of("2026-03-25T00:00Z", "2026-10-21T00:00Z", "2027-03-23T00:00Z", "2027-12-21T00:00Z",
                "2028-12-20T00:00Z")) {
            Instant s = at(from);
            for (int i = 0; i < 180; i++) {
                starts.add(s);
                s = s.plus(Duration.ofMinutes(97)).plusNanos(i);
            }
        }
        for (Instant start : starts) {
            for (Duration target : targets) {
                Instant due = calendar.addWorkingTime(start, target);
                assertThat(due).as("due of %s + %s", start, target).isAfterOrEqualTo(start);
                assertThat(calendar.workingTimeBetween(start, due)).as("%s + %s = %s", start, target, due).isEqualTo(target);
                if (!target.isZero()) {
                    // the deadline is inside opening hours or exactly at a closing time
                    assertThat(calendar.isOpen(due) || due.atZone(LONDON).toLocalTime().equals(LocalTime.of(17, 30)))
                            .as("due %s", due).isTrue();
                }
            }
        }
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void extraClosuresAndOpeningHoursAreConfigurable_P01() {
        BusinessCalendar c = BusinessCalendar.builder(holidays)
                .name("runmy")
                .openingTime(LocalTime.of(9, 0))
                .closingTime(LocalTime.of(17, 0))
                .workingDays(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY))
                .extraClosures(List.of(LocalDate.parse("2026-06-10")))
                .build();
        assertThat(c.isWorkingDay(LocalDate.parse("2026-06-10"))).isFalse();  // extra closure
        assertThat(c.isWorkingDay(LocalDate.parse("2026-06-12"))).isFalse();  // Friday not a working day here
        assertThat(c.isWorkingDay(LocalDate.parse("2026-06-11"))).isTrue();
        // Tue 9 Jun 15:00 BST: 2 h Tue, Wed closed, 2 h Thu → Thu 11:00 BST
        assertThat(c.addWorkingTime(at("2026-06-09T15:00+01:00"), Duration.ofHours(4))).isEqualTo(at("2026-06-11T11:00+01:00"));
        assertThat(c.isOpen(at("2026-06-11T17:00+01:00"))).isFalse();
        assertThat(c.isOpen(at("2026-06-11T09:00+01:00"))).isTrue();
    }

    @Test
    void otherZonesWork_P01() {
        BusinessCalendar ny = BusinessCalendar.builder(holidays).zone(ZoneId.of("America/New_York")).build();
        // Fri 12 Jun 2026 16:00 EDT + 4 h = 1.5 h Fri + 2.5 h Mon → Mon 11:00 EDT
        assertThat(ny.addWorkingTime(at("2026-06-12T16:00-04:00"), Duration.ofHours(4))).isEqualTo(at("2026-06-15T11:00-04:00"));
        assertThat(ny.zone()).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void badOpeningHoursAreRefused_P01() {
        assertThatThrownBy(() -> BusinessCalendar.builder(holidays).openingTime(LocalTime.of(17, 30)).closingTime(LocalTime.of(8, 30)).build())
                .isInstanceOf(CalendarDataException.class).hasMessageContaining("opening time 17:30 must be before closing time 08:30");
        assertThatThrownBy(() -> BusinessCalendar.builder(holidays).workingDays(Set.of()).build())
                .isInstanceOf(CalendarDataException.class).hasMessageContaining("no working days");
        assertThatThrownBy(() -> BusinessCalendar.builder(holidays).extraClosures(List.of(LocalDate.parse("1999-12-31"))).build())
                .isInstanceOf(CalendarDataException.class).hasMessageContaining("1999-12-31");
    }

    // ------------------------------------------------------------------ coverage

    @Test
    void yearsOutsideTheSupportedRangeThrowCoverageException_P01() {
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.parse("1999-12-31")))
                .isInstanceOf(CalendarCoverageException.class).hasMessageContaining("1999")
                .extracting(e -> ((CalendarCoverageException) e).year()).isEqualTo(1999);
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.parse("2101-01-03")))
                .isInstanceOf(CalendarCoverageException.class).hasMessageContaining("2101");
        assertThatThrownBy(() -> calendar.addWorkingTime(at("1990-06-01T12:00Z"), Duration.ofHours(4)))
                .isInstanceOf(CalendarCoverageException.class);
        assertThatThrownBy(() -> calendar.addWorkingTime(Instant.MAX, Duration.ofHours(4)))
                .isInstanceOf(CalendarCoverageException.class);
        assertThatThrownBy(() -> calendar.nextOpening(at("2100-12-31T18:00Z")))
                .isInstanceOf(CalendarCoverageException.class).hasMessageContaining("2101");
        assertThatThrownBy(() -> calendar.addWorkingTime(at("2100-12-30T12:00Z"), Duration.ofHours(27)))
                .isInstanceOf(CalendarCoverageException.class);
        assertThatThrownBy(() -> calendar.addWorkingTime(at("2026-06-01T12:00Z"), Duration.ofDays(365L * 1000)))
                .isInstanceOf(CalendarCoverageException.class);
    }

    @Test
    void yearNotInFileWithoutFallbackThrowsCoverageException_P01() {
        BankHolidays fileOnly = BankHolidays.load(new DefaultResourceLoader(), "classpath:calendar/england-and-wales-bank-holidays.json",
                "england-and-wales", null);
        BusinessCalendar c = BusinessCalendar.builder(fileOnly).build();
        assertThat(c.isWorkingDay(LocalDate.parse("2028-12-27"))).isTrue();
        assertThatThrownBy(() -> c.isWorkingDay(LocalDate.parse("2029-12-27")))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2029").hasMessageContaining("fallback-library is false");
        // a deadline that stays in 2028 is fine; one that reaches 2029 is not
        assertThat(c.addWorkingTime(at("2028-12-27T08:30Z"), Duration.ofHours(18))).isEqualTo(at("2028-12-28T17:30Z"));
        assertThatThrownBy(() -> c.addWorkingTime(at("2028-12-27T08:30Z"), Duration.ofHours(40)))
                .isInstanceOf(CalendarCoverageException.class);
    }

    @Test
    void fallbackWithoutDataThrowsCoverageException_P01() {
        HolidayFallback empty = new HolidayFallback() {
            @Override
            public Set<LocalDate> holidaysIn(int year) {
                return Set.of();
            }

            @Override
            public String description() {
                return "empty rules";
            }
        };
        BankHolidays h = BankHolidays.of("test dates", "england-and-wales", List.of(LocalDate.parse("2026-12-25")), empty);
        BusinessCalendar c = BusinessCalendar.builder(h).build();
        assertThat(c.isWorkingDay(LocalDate.parse("2026-12-25"))).isFalse();
        assertThatThrownBy(() -> c.isWorkingDay(LocalDate.parse("2027-01-04")))
                .isInstanceOf(CalendarCoverageException.class).hasMessageContaining("empty rules has no data");
    }

    @Test
    void sameAnswersFromManyThreads_P01() throws Exception {
        BusinessCalendar fresh = BusinessCalendar.builder(holidays).build();
        Instant start = at("2027-12-23T09:00Z");
        List<Thread> threads = new ArrayList<>();
        List<Instant> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> results.add(fresh.addWorkingTime(start, Duration.ofHours(27))));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(results).hasSize(8).containsOnly(at("2027-12-30T09:00Z"));
    }
}
