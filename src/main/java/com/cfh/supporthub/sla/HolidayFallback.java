package com.cfh.supporthub.sla;

import java.time.LocalDate;
import java.util.Set;

/**
 * Rule-based bank holidays for the years the GOV.UK file does not list (P01).
 * Implementations must be thread-safe.
 */
public interface HolidayFallback {

    /**
     * The bank holidays (the days the office is closed, substitute days included) of one year;
     * empty when the source has no data for that year.
     */
    Set<LocalDate> holidaysIn(int year);

    /** A short human description of the source, for log messages, e.g. "jollyday UNITED_KINGDOM/eng". */
    String description();
}
