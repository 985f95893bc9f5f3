package com.cfh.supporthub.sla;

/**
 * A business calendar was asked about a date its holiday data cannot answer for (P01): a year outside
 * {@value BankHolidays#MIN_YEAR}–{@value BankHolidays#MAX_YEAR}, or a year that the bank-holiday file
 * does not list while no fallback library is configured (or the library has no data for it).
 * The SLA preview endpoint answers it with 422.
 */
public class CalendarCoverageException extends RuntimeException {

    private final int year;

    public CalendarCoverageException(int year, String message) {
        super(message);
        this.year = year;
    }

    public CalendarCoverageException(int year, String message, Throwable cause) {
        super(message, cause);
        this.year = year;
    }

    /** The calendar year that could not be answered for. */
    public int year() {
        return year;
    }
}
