package com.cfh.supporthub.sla;

import java.time.LocalDate;
import java.time.Year;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;

/**
 * Bank holidays computed by the jollyday library (de.focus-shift), used for years the GOV.UK file
 * does not list. For the United Kingdom jollyday's subdivisions are {@code eng}, {@code wls},
 * {@code sct} and {@code nir}; GOV.UK's division {@code england-and-wales} maps to {@code eng}.
 * Substitute days are returned on the weekday the holiday is observed on (Boxing Day 2026 → Mon 28 Dec).
 */
public final class JollydayFallback implements HolidayFallback {

    /** GOV.UK division → jollyday subdivision of {@link HolidayCalendar#UNITED_KINGDOM}. */
    private static final Map<String, String> UK_DIVISIONS = Map.of(
            "england-and-wales", "eng",
            "scotland", "sct",
            "northern-ireland", "nir");

    private final HolidayManager manager;
    private final HolidayCalendar calendar;
    private final String subdivision;

    public JollydayFallback(HolidayCalendar calendar, String subdivision) {
        this.calendar = calendar;
        this.subdivision = subdivision;
        this.manager = HolidayManager.getInstance(ManagerParameters.create(calendar));
    }

    /**
     * The jollyday rules for a GOV.UK division ({@code england-and-wales}, {@code scotland},
     * {@code northern-ireland}).
     *
     * @throws CalendarDataException for any other division
     */
    public static JollydayFallback forDivision(String division) {
        String sub = UK_DIVISIONS.get(division);
        if (sub == null) {
            throw new CalendarDataException("hub.calendar.division=" + division
                    + ": the fallback library knows no rules for this division (known: "
                    + new TreeSet<>(UK_DIVISIONS.keySet()) + "); use one of those or set hub.calendar.fallback-library=false.");
        }
        return new JollydayFallback(HolidayCalendar.UNITED_KINGDOM, sub);
    }

    @Override
    public Set<LocalDate> holidaysIn(int year) {
        Set<Holiday> holidays = manager.getHolidays(Year.of(year), subdivision);
        Set<LocalDate> dates = new TreeSet<>();
        for (Holiday h : holidays) {
            if (h.getType() == HolidayType.OBSERVANCE) {
                continue; // not a day off
            }
            // jollyday 2.x: getObservedDate() is the substitute day when the holiday moved off a weekend.
            dates.add(h.getObservedDate().orElseGet(h::getDate));
        }
        return Set.copyOf(dates);
    }

    @Override
    public String description() {
        return "jollyday " + calendar.name() + "/" + subdivision;
    }
}
