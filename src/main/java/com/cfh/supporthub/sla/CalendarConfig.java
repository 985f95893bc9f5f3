package com.cfh.supporthub.sla;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

import com.cfh.supporthub.config.HubProperties;

/**
 * Builds the business calendars (P01) at start-up: reads the bank-holiday file (a missing or broken file stops
 * the start with a message naming it), checks the current and the coming year by the hub's {@link Clock}, and makes
 * one calendar per product of {@code hub.products}.
 */
@Configuration(proxyBeanMethods = false)
public class CalendarConfig {

    private static final Logger log = LoggerFactory.getLogger(CalendarConfig.class);

    @Bean
    BusinessCalendars businessCalendars(CalendarProperties calendar, HubProperties hub, ResourceLoader resourceLoader, Clock clock) {
        Map<String, ZoneId> productZones = new LinkedHashMap<>();
        hub.getProducts().forEach((id, p) -> productZones.put(id, p.getTimeZone()));
        return build(calendar, productZones, resourceLoader, clock);
    }

    /**
     * The calendars for the given products.
     *
     * @param productZones product id → the product's time zone ({@code hub.products.<id>.time-zone}); a null zone
     *                     takes {@code hub.calendar.time-zone}
     * @throws CalendarDataException for a missing or broken bank-holiday file or a wrong {@code hub.calendar.*} key
     */
    public static BusinessCalendars build(CalendarProperties props, Map<String, ZoneId> productZones,
                                          ResourceLoader resourceLoader, Clock clock) {
        Objects.requireNonNull(props.getTimeZone(), "hub.calendar.time-zone");
        HolidayFallback fallback = props.isFallbackLibrary() ? JollydayFallback.forDivision(props.getDivision()) : null;
        BankHolidays holidays = BankHolidays.load(resourceLoader, props.getBankHolidays(), props.getDivision(), fallback);
        List<Integer> notInFile = holidays.checkCurrentAndComingYear(clock, props.getTimeZone());
        if (!notInFile.isEmpty()) {
            log.warn("Bank-holiday file {} does not list {} (current year {}); refresh it from GOV.UK.",
                    holidays.location(), notInFile, LocalDate.now(clock.withZone(props.getTimeZone())).getYear());
        }

        for (String id : props.getProducts().keySet()) {
            if (!productZones.containsKey(id)) {
                throw new CalendarDataException("hub.calendar.products." + id + ": no such product in hub.products (known: "
                        + productZones.keySet() + ").");
            }
        }

        BusinessCalendar defaultCalendar = BusinessCalendar.builder(holidays)
                .name("default")
                .zone(props.getTimeZone())
                .openingTime(props.getOpeningTime())
                .closingTime(props.getClosingTime())
                .workingDays(props.getWorkingDays())
                .extraClosures(orEmpty(props.getExtraClosures()))
                .build();

        Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();
        for (Map.Entry<String, ZoneId> e : productZones.entrySet()) {
            String id = e.getKey();
            CalendarProperties.ProductCalendar o = props.getProducts().get(id);
            ZoneId zone = e.getValue() != null ? e.getValue() : props.getTimeZone();
            if (o == null && zone.equals(defaultCalendar.zone())) {
                calendars.put(id, defaultCalendar);
                continue;
            }
            List<LocalDate> closures = new ArrayList<>(orEmpty(props.getExtraClosures()));
            if (o != null) {
                closures.addAll(orEmpty(o.getExtraClosures()));
            }
            calendars.put(id, BusinessCalendar.builder(holidays)
                    .name(id)
                    .zone(zone)
                    .openingTime(o != null && o.getOpeningTime() != null ? o.getOpeningTime() : props.getOpeningTime())
                    .closingTime(o != null && o.getClosingTime() != null ? o.getClosingTime() : props.getClosingTime())
                    .workingDays(o != null && o.getWorkingDays() != null ? o.getWorkingDays() : props.getWorkingDays())
                    .extraClosures(closures)
                    .build());
        }
        calendars.forEach((id, c) -> log.info("Business calendar of {}: {}{}", id, c == defaultCalendar ? "the default, " : "", c));
        return new BusinessCalendars(defaultCalendar, calendars);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
