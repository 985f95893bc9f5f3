package com.cfh.supporthub.sla;

/**
 * The business-calendar data or configuration cannot be used: the bank-holiday file is missing,
 * unreadable or not in GOV.UK's {@code bank-holidays.json} shape, or a {@code hub.calendar.*} key
 * is wrong. Thrown at start-up; the message names the key or path and what is wrong.
 */
public class CalendarDataException extends IllegalStateException {

    public CalendarDataException(String message) {
        super(message);
    }

    public CalendarDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
