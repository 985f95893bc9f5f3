package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;

/** P01 configuration: the hub.calendar.* keys and the per-product calendars, without a Spring context. */
class CalendarConfigTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    /** The snippet handed over for application.yaml (under hub:), verbatim. */
    static final String APPLICATION_YAML_SNIPPET = """
            hub:
              calendar:
                # Business calendar of the SLA rules (P01, used by P07 first response and P08 resolution).
                # GOV.UK bank-holidays.json to read: classpath:... (the copy shipped in the jar) or file:/path (drop in a
                # newer file from GOV.UK without a build; env HUB_BANK_HOLIDAYS). Missing or broken: the hub does not start.
                bank-holidays: ${HUB_BANK_HOLIDAYS:classpath:calendar/england-and-wales-bank-holidays.json}
                # Division of that file to use: england-and-wales (scotland and northern-ireland are also understood).
                division: england-and-wales
                # Years the file does not list use the jollyday library's UK rules, with a WARNING once per year;
                # false: such years are refused (CalendarCoverageException, 422 from the SLA preview).
                fallback-library: true
                # Time zone of the default calendar; each product's calendar uses hub.products.<id>.time-zone.
                time-zone: Europe/London
                # Open from opening-time (inclusive) to closing-time (exclusive) on working days. Quote them: YAML reads 17:30 as a number.
                opening-time: "08:30"
                closing-time: "17:30"
                # Days of the week support works (bank holidays and extra closures excepted).
                working-days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
                # Further dates every product is closed (ISO yyyy-mm-dd), e.g. [2026-12-24, 2026-12-31].
                extra-closures: []
                # Per-product overrides, keyed by hub.products id: opening-time, closing-time, working-days (replace the
                # values above) and extra-closures (added to the list above). Example:
                # products:
                #   runmy:
                #     opening-time: "09:00"
                #     extra-closures: [2026-12-24]
            """;

    static CalendarProperties bindYaml(String yaml) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("application.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        return binder.bind("hub.calendar", CalendarProperties.class).orElseGet(CalendarProperties::new);
    }

    static Map<String, ZoneId> products() {
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        zones.put("docmail", LONDON);
        zones.put("runmy", LONDON);
        return zones;
    }

    static Instant at(String iso) {
        return OffsetDateTime.parse(iso).toInstant();
    }

    @Test
    void handedOverYamlSnippetBindsToTheDefaults_P01() throws IOException {
        CalendarProperties p = bindYaml(APPLICATION_YAML_SNIPPET);
        CalendarProperties defaults = new CalendarProperties();
        assertThat(p.getBankHolidays()).isEqualTo(defaults.getBankHolidays()).isEqualTo("classpath:calendar/england-and-wales-bank-holidays.json");
        assertThat(p.getDivision()).isEqualTo("england-and-wales");
        assertThat(p.isFallbackLibrary()).isTrue();
        assertThat(p.getTimeZone()).isEqualTo(LONDON);
        assertThat(p.getOpeningTime()).isEqualTo(LocalTime.of(8, 30));
        assertThat(p.getClosingTime()).isEqualTo(LocalTime.of(17, 30));
        assertThat(p.getWorkingDays()).containsExactlyInAnyOrderElementsOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(p.getExtraClosures()).isEmpty();
        assertThat(p.getProducts()).isEmpty();
        assertThat(CalendarConfig.build(p, products(), new DefaultResourceLoader(), CLOCK).forProduct("docmail").isWorkingDay(LocalDate.parse("2026-12-28")))
                .isFalse();
    }

    @Test
    void everyKeyBindsFromYaml_P01() throws IOException {
        CalendarProperties p = bindYaml("""
                hub:
                  calendar:
                    bank-holidays: file:/etc/support-hub/bank-holidays.json
                    division: scotland
                    fallback-library: false
                    time-zone: Europe/Dublin
                    opening-time: "09:00"
                    closing-time: "17:00:30"
                    working-days: [monday, Tuesday, WEDNESDAY]
                    extra-closures: [2026-12-24, 2026-12-31]
                    products:
                      runmy:
                        opening-time: "10:00"
                        closing-time: "16:00"
                        working-days: [SATURDAY]
                        extra-closures:
                          - 2027-01-04
                """);
        assertThat(p.getBankHolidays()).isEqualTo("file:/etc/support-hub/bank-holidays.json");
        assertThat(p.getDivision()).isEqualTo("scotland");
        assertThat(p.isFallbackLibrary()).isFalse();
        assertThat(p.getTimeZone()).isEqualTo(ZoneId.of("Europe/Dublin"));
        assertThat(p.getOpeningTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(p.getClosingTime()).isEqualTo(LocalTime.of(17, 0, 30));
        assertThat(p.getWorkingDays()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY);
        assertThat(p.getExtraClosures()).containsExactly(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-31"));
        CalendarProperties.ProductCalendar runmy = p.getProducts().get("runmy");
        assertThat(runmy.getOpeningTime()).isEqualTo(LocalTime.of(10, 0));
        assertThat(runmy.getClosingTime()).isEqualTo(LocalTime.of(16, 0));
        assertThat(runmy.getWorkingDays()).containsExactly(DayOfWeek.SATURDAY);
        assertThat(runmy.getExtraClosures()).containsExactly(LocalDate.parse("2027-01-04"));
    }

    @Test
    void eachProductGetsItsCalendar_P01() {
        CalendarProperties p = new CalendarProperties();
        p.setExtraClosures(List.of(LocalDate.parse("2026-06-10")));
        CalendarProperties.ProductCalendar runmy = new CalendarProperties.ProductCalendar();
        runmy.setOpeningTime(LocalTime.of(9, 0));
        runmy.setExtraClosures(List.of(LocalDate.parse("2026-06-11")));
        p.getProducts().put("runmy", runmy);

        BusinessCalendars calendars = CalendarConfig.build(p, products(), new DefaultResourceLoader(), CLOCK);
        assertThat(calendars.productIds()).containsExactly("docmail", "runmy");

        BusinessCalendar docmail = calendars.forProduct("docmail");
        assertThat(docmail).isSameAs(calendars.defaultCalendar());
        assertThat(docmail.isWorkingDay(LocalDate.parse("2026-06-10"))).isFalse();
        assertThat(docmail.isWorkingDay(LocalDate.parse("2026-06-11"))).isTrue();
        assertThat(docmail.isOpen(at("2026-06-12T08:30+01:00"))).isTrue();

        BusinessCalendar run = calendars.forProduct("runmy");
        assertThat(run.openingTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(run.closingTime()).isEqualTo(LocalTime.of(17, 30));
        assertThat(run.isWorkingDay(LocalDate.parse("2026-06-10"))).isFalse(); // top-level closure applies too
        assertThat(run.isWorkingDay(LocalDate.parse("2026-06-11"))).isFalse(); // its own
        assertThat(run.isOpen(at("2026-06-12T08:30+01:00"))).isFalse();
        // Tue 9 Jun 15:00 BST: 2.5 h Tue, Wed + Thu closed, Fri 09:00 + 1.5 h
        assertThat(run.addWorkingTime(at("2026-06-09T15:00+01:00"), Duration.ofHours(4))).isEqualTo(at("2026-06-12T10:30+01:00"));
    }

    @Test
    void productTimeZoneComesFromHubProducts_P01() {
        Map<String, ZoneId> zones = products();
        zones.put("runmy", ZoneId.of("America/New_York"));
        BusinessCalendars calendars = CalendarConfig.build(new CalendarProperties(), zones, new DefaultResourceLoader(), CLOCK);
        assertThat(calendars.forProduct("runmy").zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(calendars.forProduct("docmail").zone()).isEqualTo(LONDON);
    }

    @Test
    void unknownProductIsRefused_P01() {
        BusinessCalendars calendars = CalendarConfig.build(new CalendarProperties(), products(), new DefaultResourceLoader(), CLOCK);
        assertThatThrownBy(() -> calendars.forProduct("acme"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme").hasMessageContaining("[docmail, runmy]");
        assertThatThrownBy(() -> calendars.forProduct(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overrideForAProductThatDoesNotExistStopsTheStart_P01() {
        CalendarProperties p = new CalendarProperties();
        p.getProducts().put("docmial", new CalendarProperties.ProductCalendar());
        assertThatThrownBy(() -> CalendarConfig.build(p, products(), new DefaultResourceLoader(), CLOCK))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("hub.calendar.products.docmial");
    }

    @Test
    void missingBankHolidayFileStopsTheStart_P01() {
        CalendarProperties p = new CalendarProperties();
        p.setBankHolidays("file:/nonexistent/bank-holidays.json");
        assertThatThrownBy(() -> CalendarConfig.build(p, products(), new DefaultResourceLoader(), CLOCK))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("file:/nonexistent/bank-holidays.json")
                .hasMessageContaining("not found");
    }

    @Test
    void noHolidayDataForTheCurrentYearStopsTheStart_P01() {
        CalendarProperties p = new CalendarProperties();
        p.setFallbackLibrary(false);
        Clock in2031 = Clock.fixed(Instant.parse("2031-03-01T12:00:00Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> CalendarConfig.build(p, products(), new DefaultResourceLoader(), in2031))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("2031");
        // with the fallback (the default) it starts, with a warning
        assertThat(CalendarConfig.build(new CalendarProperties(), products(), new DefaultResourceLoader(), in2031)
                .forProduct("docmail").isWorkingDay(LocalDate.parse("2031-12-25"))).isFalse();
    }
}
