package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.DefaultResourceLoader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** P01: reading GOV.UK's bank-holidays.json, its errors, and the fallback for years it does not list. */
class BankHolidaysTest {

    static final String SHIPPED = "classpath:calendar/england-and-wales-bank-holidays.json";
    static final String DIVISION = "england-and-wales";
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    static JollydayFallback jollyday;
    static BankHolidays shipped;

    @TempDir
    Path dir;

    ListAppender<ILoggingEvent> logs;
    Logger bankHolidaysLogger;

    @BeforeAll
    static void loadShipped() {
        jollyday = JollydayFallback.forDivision(DIVISION);
        shipped = BankHolidays.load(new DefaultResourceLoader(), SHIPPED, DIVISION, jollyday);
    }

    @BeforeEach
    void captureLogs() {
        bankHolidaysLogger = (Logger) LoggerFactory.getLogger(BankHolidays.class);
        logs = new ListAppender<>();
        logs.start();
        bankHolidaysLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        bankHolidaysLogger.detachAppender(logs);
    }

    List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    Path copyOfShippedFile() throws IOException {
        Path copy = dir.resolve("bank-holidays.json");
        try (InputStream in = new DefaultResourceLoader().getResource(SHIPPED).getInputStream()) {
            Files.copy(in, copy);
        }
        return copy;
    }

    // ------------------------------------------------------------------ the shipped file

    @Test
    void shippedFileListsEightyThreeEventsFor2019To2028_P01() {
        int events = 0;
        for (int y = 2019; y <= 2028; y++) {
            assertThat(shipped.fileCovers(y)).as("year %s", y).isTrue();
            assertThat(shipped.source(y)).isEqualTo(BankHolidays.Source.FILE);
            events += shipped.fileDatesIn(y).size();
        }
        assertThat(events).isEqualTo(83);
        assertThat(shipped.firstFileYear()).hasValue(2019);
        assertThat(shipped.lastFileYear()).hasValue(2028);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2026, '2026-01-01,2026-04-03,2026-04-06,2026-05-04,2026-05-25,2026-08-31,2026-12-25,2026-12-28'",
            "2027, '2027-01-01,2027-03-26,2027-03-29,2027-05-03,2027-05-31,2027-08-30,2027-12-27,2027-12-28'",
            "2028, '2028-01-03,2028-04-14,2028-04-17,2028-05-01,2028-05-29,2028-08-28,2028-12-25,2028-12-26'",
    })
    void shippedFileHasTheSubstituteDays_P01(int year, String dates) {
        assertThat(new TreeSet<>(shipped.holidaysIn(year))).containsExactlyElementsOf(
                java.util.Arrays.stream(dates.split(",")).map(LocalDate::parse).toList());
    }

    @Test
    void fileLocationMayBeAFileOnDisk_P01() throws IOException {
        Path copy = copyOfShippedFile();
        BankHolidays fromDisk = BankHolidays.load(new DefaultResourceLoader(), "file:" + copy, DIVISION, null);
        for (int y = 2019; y <= 2028; y++) {
            assertThat(fromDisk.holidaysIn(y)).isEqualTo(shipped.holidaysIn(y));
        }
        assertThat(fromDisk.location()).isEqualTo("file:" + copy);
    }

    // ------------------------------------------------------------------ broken files

    @Test
    void missingFileIsAClearStartupError_P01() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> BankHolidays.load(new DefaultResourceLoader(), "file:" + missing, DIVISION, jollyday))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("file:" + missing)
                .hasMessageContaining("not found")
                .hasMessageContaining("hub.calendar.bank-holidays");
        assertThatThrownBy(() -> BankHolidays.load(new DefaultResourceLoader(), "classpath:calendar/nope.json", DIVISION, jollyday))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("classpath:calendar/nope.json")
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> BankHolidays.load(new DefaultResourceLoader(), " ", DIVISION, jollyday))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("hub.calendar.bank-holidays is empty");
    }

    @Test
    void directoryInsteadOfFileIsAClearStartupError_P01() {
        assertThatThrownBy(() -> BankHolidays.load(new DefaultResourceLoader(), "file:" + dir, DIVISION, jollyday))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("file:" + dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated JSON          | {\"england-and-wales\": {\"events\": [                          | is not valid JSON",
            "not JSON at all         | <html>Bank holidays</html>                                     | is not valid JSON",
            "empty file              | ''                                                             | is empty",
            "top level is an array   | [1, 2]                                                         | top level is ARRAY",
            "other division only     | {\"scotland\": {\"events\": []}}                              | has no division \"england-and-wales\"",
            "no events array         | {\"england-and-wales\": {\"division\": \"england-and-wales\"}} | has no \"events\" array",
            "no events               | {\"england-and-wales\": {\"events\": []}}                     | lists no events",
            "event without date      | {\"england-and-wales\": {\"events\": [{\"title\": \"x\"}]}}   | event 0 of \"england-and-wales\" has no \"date\"",
            "dd/mm/yyyy date         | {\"england-and-wales\": {\"events\": [{\"date\": \"25/12/2026\"}]}} | has date \"25/12/2026\", not an ISO date",
            "impossible date         | {\"england-and-wales\": {\"events\": [{\"date\": \"2026-13-01\"}]}} | not an ISO date",
    })
    void unparseableFileIsAClearStartupError_P01(String what, String content, String expected) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BankHolidays.load(new DefaultResourceLoader(), "file:" + file, DIVISION, jollyday))
                .as(what)
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("file:" + file)
                .hasMessageContaining(expected);
    }

    // ------------------------------------------------------------------ fallback

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028})
    void fallbackLibraryAgreesWithGovUkForTheFileYears_P01(int year) {
        assertThat(new TreeSet<>(jollyday.holidaysIn(year))).containsExactlyElementsOf(new TreeSet<>(shipped.fileDatesIn(year)));
    }

    @Test
    void yearNotInFileUsesFallbackAndIsNotSilentlyWorkingDays_P01() {
        assertThat(shipped.fileCovers(2029)).isFalse();
        assertThat(shipped.holidaysIn(2029)).contains(
                LocalDate.parse("2029-01-01"),
                LocalDate.parse("2029-03-30"),  // Good Friday
                LocalDate.parse("2029-04-02"),  // Easter Monday
                LocalDate.parse("2029-12-25"),  // Tuesday
                LocalDate.parse("2029-12-26")); // Wednesday
        assertThat(shipped.holidaysIn(2029)).hasSize(8);
        assertThat(shipped.source(2029)).isEqualTo(BankHolidays.Source.FALLBACK);
        // a year before the file's first year also uses the fallback
        assertThat(shipped.source(2018)).isEqualTo(BankHolidays.Source.FALLBACK);
        assertThat(shipped.isBankHoliday(LocalDate.parse("2018-12-26"))).isTrue();
        assertThat(shipped.source(1999)).isEqualTo(BankHolidays.Source.NONE);
        assertThat(shipped.source(2101)).isEqualTo(BankHolidays.Source.NONE);
    }

    @Test
    void fallbackYearIsWarnedOnceAndComputedOnce_P01() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HolidayFallback counting = new HolidayFallback() {
            @Override
            public Set<LocalDate> holidaysIn(int year) {
                calls.incrementAndGet();
                return jollyday.holidaysIn(year);
            }

            @Override
            public String description() {
                return "counting jollyday";
            }
        };
        BankHolidays h = BankHolidays.load(new DefaultResourceLoader(), "file:" + copyOfShippedFile(), DIVISION, counting);
        for (int i = 0; i < 5; i++) {
            assertThat(h.isBankHoliday(LocalDate.parse("2030-12-25"))).isTrue();
            assertThat(h.isBankHoliday(LocalDate.parse("2030-12-24"))).isFalse();
        }
        assertThat(calls).hasValue(1);
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("2030", "counting jollyday", "2019–2028", "file:");
        // file years never ask the fallback, and never warn
        h.holidaysIn(2027);
        assertThat(calls).hasValue(1);
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void fallbackThatFailsIsACoverageError_P01() {
        HolidayFallback broken = new HolidayFallback() {
            @Override
            public Set<LocalDate> holidaysIn(int year) {
                throw new IllegalStateException("no rules loaded");
            }

            @Override
            public String description() {
                return "broken rules";
            }
        };
        BankHolidays h = BankHolidays.of("test", DIVISION, List.of(LocalDate.parse("2026-12-25")), broken);
        assertThatThrownBy(() -> h.holidaysIn(2029))
                .isInstanceOf(CalendarCoverageException.class)
                .hasMessageContaining("2029").hasMessageContaining("broken rules failed")
                .hasRootCauseMessage("no rules loaded");
    }

    @Test
    void unknownDivisionHasNoFallback_P01() {
        assertThatThrownBy(() -> JollydayFallback.forDivision("wales"))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("hub.calendar.division=wales")
                .hasMessageContaining("england-and-wales");
    }

    // ------------------------------------------------------------------ start-up check by the clock

    static Clock clockAt(String instant) {
        return Clock.fixed(Instant.parse(instant), java.time.ZoneOffset.UTC);
    }

    @Test
    void startupCheckWarnsWhenTheComingYearIsNotInTheFile_P01() throws IOException {
        BankHolidays h = BankHolidays.load(new DefaultResourceLoader(), "file:" + copyOfShippedFile(), DIVISION, jollyday);
        assertThat(h.checkCurrentAndComingYear(clockAt("2026-06-01T12:00:00Z"), LONDON)).isEmpty();
        assertThat(warnings()).isEmpty();

        assertThat(h.checkCurrentAndComingYear(clockAt("2028-06-01T12:00:00Z"), LONDON)).containsExactly(2029);
        assertThat(warnings()).singleElement().asString().contains("2029");

        // 23:30 UTC on 31 Dec 2027 is still 2027 in London (GMT in winter): 2027 and 2028 are in the file.
        assertThat(h.checkCurrentAndComingYear(clockAt("2027-12-31T23:30:00Z"), LONDON)).isEmpty();
        // In a zone ahead of UTC it is 2028 already, and 2029 is the coming year.
        assertThat(h.checkCurrentAndComingYear(clockAt("2027-12-31T23:30:00Z"), ZoneId.of("Europe/Paris"))).containsExactly(2029);
        assertThat(warnings()).hasSize(1); // 2029 was warned about once only
    }

    @Test
    void startupFailsWhenTheCurrentYearHasNoDataAtAll_P01() throws IOException {
        BankHolidays fileOnly = BankHolidays.load(new DefaultResourceLoader(), "file:" + copyOfShippedFile(), DIVISION, null);
        assertThat(fileOnly.checkCurrentAndComingYear(clockAt("2027-06-01T12:00:00Z"), LONDON)).isEmpty();
        // coming year missing: a warning, not a failure
        assertThat(fileOnly.checkCurrentAndComingYear(clockAt("2028-06-01T12:00:00Z"), LONDON)).containsExactly(2029);
        assertThat(warnings()).singleElement().asString().contains("2029", "coming year");
        // current year missing: start-up fails
        assertThatThrownBy(() -> fileOnly.checkCurrentAndComingYear(clockAt("2029-06-01T12:00:00Z"), LONDON))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("2029").hasMessageContaining("current year");
    }
}
