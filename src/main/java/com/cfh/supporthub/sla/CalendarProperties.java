package com.cfh.supporthub.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.calendar.*} keys: the business calendar of the SLA rules (P01, used by P07/P08).
 * The top-level keys make the default calendar; {@code products.<id>} overrides opening hours per product.
 */
@ConfigurationProperties(prefix = "hub.calendar")
public class CalendarProperties {

    /** GOV.UK bank-holidays.json to read: a {@code classpath:} or {@code file:} location. */
    private String bankHolidays = "classpath:calendar/england-and-wales-bank-holidays.json";
    /** The division of the file to use: england-and-wales, scotland or northern-ireland. */
    private String division = "england-and-wales";
    /** Zone of the opening hours and dates of the default calendar; a product uses hub.products.&lt;id&gt;.time-zone. */
    private ZoneId timeZone = ZoneId.of("Europe/London");
    /** Opening time on a working day (open from this time, inclusive). */
    private LocalTime openingTime = LocalTime.of(8, 30);
    /** Closing time on a working day (closed from this time on). */
    private LocalTime closingTime = LocalTime.of(17, 30);
    /** Days of the week the office opens (bank holidays and extra closures excepted). */
    private Set<DayOfWeek> workingDays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    /** Further dates every product is closed (ISO dates), e.g. a company shutdown day. */
    private List<LocalDate> extraClosures = new ArrayList<>();
    /** For years the file does not list, use the jollyday library's rules instead of failing. */
    private boolean fallbackLibrary = true;
    /** Per-product overrides, keyed by product id (a key of hub.products). */
    private Map<String, ProductCalendar> products = new LinkedHashMap<>();

    public String getBankHolidays() { return bankHolidays; }
    public void setBankHolidays(String bankHolidays) { this.bankHolidays = bankHolidays; }
    public String getDivision() { return division; }
    public void setDivision(String division) { this.division = division; }
    public ZoneId getTimeZone() { return timeZone; }
    public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
    public LocalTime getOpeningTime() { return openingTime; }
    public void setOpeningTime(LocalTime openingTime) { this.openingTime = openingTime; }
    public LocalTime getClosingTime() { return closingTime; }
    public void setClosingTime(LocalTime closingTime) { this.closingTime = closingTime; }
    public Set<DayOfWeek> getWorkingDays() { return workingDays; }
    public void setWorkingDays(Set<DayOfWeek> workingDays) { this.workingDays = workingDays; }
    public List<LocalDate> getExtraClosures() { return extraClosures; }
    public void setExtraClosures(List<LocalDate> extraClosures) { this.extraClosures = extraClosures; }
    public boolean isFallbackLibrary() { return fallbackLibrary; }
    public void setFallbackLibrary(boolean fallbackLibrary) { this.fallbackLibrary = fallbackLibrary; }
    public Map<String, ProductCalendar> getProducts() { return products; }
    public void setProducts(Map<String, ProductCalendar> products) { this.products = products; }

    /** Overrides of one product; a key left out takes the top-level value. */
    public static class ProductCalendar {
        /** Opening time of this product's support. */
        private LocalTime openingTime;
        /** Closing time of this product's support. */
        private LocalTime closingTime;
        /** Working days of this product's support (replaces the top-level list). */
        private Set<DayOfWeek> workingDays;
        /** Dates this product is closed, in addition to the top-level extra-closures. */
        private List<LocalDate> extraClosures = new ArrayList<>();

        public LocalTime getOpeningTime() { return openingTime; }
        public void setOpeningTime(LocalTime openingTime) { this.openingTime = openingTime; }
        public LocalTime getClosingTime() { return closingTime; }
        public void setClosingTime(LocalTime closingTime) { this.closingTime = closingTime; }
        public Set<DayOfWeek> getWorkingDays() { return workingDays; }
        public void setWorkingDays(Set<DayOfWeek> workingDays) { this.workingDays = workingDays; }
        public List<LocalDate> getExtraClosures() { return extraClosures; }
        public void setExtraClosures(List<LocalDate> extraClosures) { this.extraClosures = extraClosures; }
    }
}
