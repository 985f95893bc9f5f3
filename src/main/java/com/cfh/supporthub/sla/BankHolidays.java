package com.cfh.supporthub.sla;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bank holidays of one GOV.UK division (P01): the dates listed in a {@code bank-holidays.json} file
 * for the years it lists, and for any other year (before the file's first year, after its last, or a gap)
 * the dates of a {@link HolidayFallback} — never "no holidays". A year the file does not list is
 * announced with one WARNING the first time it is used. Immutable apart from a per-year cache; thread-safe.
 */
public final class BankHolidays {

    /** First year any business calendar answers for. */
    public static final int MIN_YEAR = 2000;
    /** Last year any business calendar answers for. */
    public static final int MAX_YEAR = 2100;

    /** Where a year's holidays come from. */
    public enum Source { FILE, FALLBACK, NONE }

    private static final Logger log = LoggerFactory.getLogger(BankHolidays.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String location;
    private final String division;
    /** Year → the file's dates of that year; only years with at least one date. */
    private final Map<Integer, Set<LocalDate>> fileYears;
    private final HolidayFallback fallback;
    private final AtomicReferenceArray<YearHolidays> cache = new AtomicReferenceArray<>(MAX_YEAR - MIN_YEAR + 1);

    private record YearHolidays(Source source, Set<LocalDate> dates, String problem, Throwable cause) {
    }

    private BankHolidays(String location, String division, Collection<LocalDate> dates, HolidayFallback fallback) {
        this.location = Objects.requireNonNull(location, "location");
        this.division = Objects.requireNonNull(division, "division");
        Map<Integer, Set<LocalDate>> byYear = new TreeMap<>();
        for (LocalDate d : dates) {
            byYear.computeIfAbsent(d.getYear(), y -> new TreeSet<>()).add(d);
        }
        byYear.replaceAll((y, s) -> Set.copyOf(s));
        this.fileYears = Map.copyOf(byYear);
        this.fallback = fallback;
    }

    /**
     * Bank holidays from dates already at hand (tests, or another source).
     *
     * @param location what the dates came from, for messages
     * @param fallback rules for the years the dates do not cover; {@code null} for none
     */
    public static BankHolidays of(String location, String division, Collection<LocalDate> dates, HolidayFallback fallback) {
        return new BankHolidays(location, division, dates, fallback);
    }

    /**
     * Loads a GOV.UK {@code bank-holidays.json} file.
     *
     * @param location a Spring resource location: {@code classpath:calendar/x.json}, {@code file:/etc/hub/x.json}
     * @throws CalendarDataException when the file is missing, unreadable, not JSON or not in GOV.UK's shape
     */
    public static BankHolidays load(ResourceLoader loader, String location, String division, HolidayFallback fallback) {
        if (location == null || location.isBlank()) {
            throw new CalendarDataException("hub.calendar.bank-holidays is empty: give the location of a GOV.UK bank-holidays.json file, "
                    + "e.g. classpath:calendar/england-and-wales-bank-holidays.json or file:/etc/support-hub/bank-holidays.json.");
        }
        return load(loader.getResource(location.trim()), location.trim(), division, fallback);
    }

    /** Loads a GOV.UK {@code bank-holidays.json} file from a resolved resource; {@code location} is used in messages. */
    public static BankHolidays load(Resource resource, String location, String division, HolidayFallback fallback) {
        if (division == null || division.isBlank()) {
            throw new CalendarDataException("hub.calendar.division is empty: name the GOV.UK division, e.g. england-and-wales.");
        }
        if (!resource.exists()) {
            throw new CalendarDataException(prefix(location) + "file not found (" + resource.getDescription()
                    + "). Point hub.calendar.bank-holidays at a GOV.UK bank-holidays.json file.");
        }
        List<LocalDate> dates;
        try (InputStream in = resource.getInputStream()) {
            dates = parse(in, location, division);
        } catch (IOException e) {
            throw new CalendarDataException(prefix(location) + "cannot be read: " + e, e);
        }
        BankHolidays holidays = new BankHolidays(location, division, dates, fallback);
        log.info("Bank holidays ({}): {} dates for {}–{} from {}{}", division, dates.size(),
                holidays.firstFileYear().getAsInt(), holidays.lastFileYear().getAsInt(), location,
                fallback == null ? "; no fallback for other years" : "; other years from " + fallback.description());
        return holidays;
    }

    /** Reads the dates of one division from GOV.UK's {@code bank-holidays.json} format. */
    static List<LocalDate> parse(InputStream in, String location, String division) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CalendarDataException(prefix(location) + "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new CalendarDataException(prefix(location) + "is empty; expected GOV.UK bank-holidays.json ({\"" + division + "\": {\"events\": [...]}}).");
        }
        if (!root.isObject()) {
            throw new CalendarDataException(prefix(location) + "is not a GOV.UK bank-holidays.json object: the top level is "
                    + root.getNodeType() + ", expected {\"" + division + "\": {\"events\": [...]}}.");
        }
        JsonNode div = root.get(division);
        if (div == null || !div.isObject()) {
            List<String> present = new ArrayList<>();
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                present.add(it.next());
            }
            throw new CalendarDataException(prefix(location) + "has no division \"" + division + "\" (hub.calendar.division); divisions in the file: " + present + ".");
        }
        JsonNode events = div.get("events");
        if (events == null || !events.isArray()) {
            throw new CalendarDataException(prefix(location) + "division \"" + division + "\" has no \"events\" array.");
        }
        if (events.isEmpty()) {
            throw new CalendarDataException(prefix(location) + "division \"" + division + "\" lists no events.");
        }
        List<LocalDate> dates = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode date = events.get(i).get("date");
            if (date == null || !date.isTextual()) {
                throw new CalendarDataException(prefix(location) + "event " + i + " of \"" + division + "\" has no \"date\" string.");
            }
            try {
                dates.add(LocalDate.parse(date.asText()));
            } catch (DateTimeParseException e) {
                throw new CalendarDataException(prefix(location) + "event " + i + " of \"" + division + "\" has date \"" + date.asText()
                        + "\", not an ISO date (yyyy-mm-dd).", e);
            }
        }
        return dates;
    }

    private static String prefix(String location) {
        return "Bank-holiday file " + location + " (hub.calendar.bank-holidays): ";
    }

    /**
     * The bank holidays of a year: the file's dates when it lists the year, else the fallback's.
     *
     * @throws CalendarCoverageException when the year is outside {@value #MIN_YEAR}–{@value #MAX_YEAR}, or
     *         the file does not list it and there is no fallback or the fallback has no data for it
     */
    public Set<LocalDate> holidaysIn(int year) {
        YearHolidays yh = resolve(year);
        if (yh.source() == Source.NONE) {
            throw new CalendarCoverageException(year, yh.problem(), yh.cause());
        }
        return yh.dates();
    }

    /** Whether a date is a bank holiday. @throws CalendarCoverageException as {@link #holidaysIn(int)} */
    public boolean isBankHoliday(LocalDate date) {
        return holidaysIn(date.getYear()).contains(date);
    }

    /** Where a year's holidays come from ({@link Source#NONE}: asking about it throws). */
    public Source source(int year) {
        return resolve(year).source();
    }

    /** Whether the file lists at least one date in the year. */
    public boolean fileCovers(int year) {
        return fileYears.containsKey(year);
    }

    public OptionalInt firstFileYear() {
        return fileYears.keySet().stream().mapToInt(Integer::intValue).min();
    }

    public OptionalInt lastFileYear() {
        return fileYears.keySet().stream().mapToInt(Integer::intValue).max();
    }

    /** The file's dates of a year (empty when it does not list the year). */
    public Set<LocalDate> fileDatesIn(int year) {
        return fileYears.getOrDefault(year, Set.of());
    }

    public String location() {
        return location;
    }

    public String division() {
        return division;
    }

    /**
     * Start-up check of the current and the coming year (by {@code clock} in {@code zone}): a year the file does
     * not list is resolved now, so its WARNING (fallback in use) shows at start-up.
     *
     * @return the years of the two that the file does not list (served by the fallback, or not at all)
     * @throws CalendarDataException when the current year has no data at all (no SLA could be computed)
     */
    public List<Integer> checkCurrentAndComingYear(Clock clock, ZoneId zone) {
        int current = LocalDate.now(clock.withZone(zone)).getYear();
        List<Integer> notInFile = new ArrayList<>();
        for (int year = current; year <= current + 1; year++) {
            if (fileCovers(year)) {
                continue;
            }
            notInFile.add(year);
            YearHolidays yh = resolve(year);
            if (yh.source() == Source.NONE) {
                if (year == current) {
                    throw new CalendarDataException(yh.problem() + " It is the current year, so no SLA could be computed.", yh.cause());
                }
                log.warn("{} It is the coming year: SLA deadlines that reach it will fail until the file is refreshed.", yh.problem());
            }
        }
        return List.copyOf(notInFile);
    }

    private YearHolidays resolve(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            return new YearHolidays(Source.NONE, Set.of(), "Year " + year + " is outside the years the business calendar supports ("
                    + MIN_YEAR + "–" + MAX_YEAR + ").", null);
        }
        int i = year - MIN_YEAR;
        YearHolidays yh = cache.get(i);
        if (yh != null) {
            return yh;
        }
        yh = compute(year);
        if (cache.compareAndSet(i, null, yh)) {
            if (yh.source() == Source.FALLBACK) {
                log.warn("Bank-holiday file {} has no {} dates for {} (it lists {}); using {} rules for {} instead. "
                        + "Refresh the file from GOV.UK (bank-holidays.json) when the dates are published.",
                        location, division, year, coveredYears(), fallback.description(), year);
            }
            return yh;
        }
        return cache.get(i);
    }

    private YearHolidays compute(int year) {
        Set<LocalDate> fromFile = fileYears.get(year);
        if (fromFile != null) {
            return new YearHolidays(Source.FILE, fromFile, null, null);
        }
        String noFile = "Bank-holiday file " + location + " has no " + division + " dates for " + year + " (it lists " + coveredYears() + ")";
        if (fallback == null) {
            return new YearHolidays(Source.NONE, Set.of(), noFile + " and hub.calendar.fallback-library is false.", null);
        }
        Set<LocalDate> dates;
        try {
            synchronized (fallback) {
                dates = fallback.holidaysIn(year);
            }
        } catch (RuntimeException e) {
            return new YearHolidays(Source.NONE, Set.of(), noFile + " and " + fallback.description() + " failed: " + e, e);
        }
        if (dates == null || dates.isEmpty()) {
            return new YearHolidays(Source.NONE, Set.of(), noFile + " and " + fallback.description() + " has no data for it either.", null);
        }
        return new YearHolidays(Source.FALLBACK, Set.copyOf(dates), null, null);
    }

    private String coveredYears() {
        if (fileYears.isEmpty()) {
            return "no year";
        }
        return firstFileYear().getAsInt() + "–" + lastFileYear().getAsInt();
    }

    @Override
    public String toString() {
        return "BankHolidays[" + division + " from " + location + ", " + coveredYears()
                + (fallback == null ? "" : ", fallback " + fallback.description()) + "]";
    }
}
