package com.cfh.supporthub.telephony;

import java.util.Locale;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Caller numbers as providers send them (E.164, E.164 digits without '+', national format,
 * {@code anonymous}, SIP or client addresses) to E.164 with libphonenumber (P04).
 */
public final class PhoneNumbers {

    /** A number as the provider sent it, and what it is. */
    public record Caller(String raw, String e164, boolean withheld) {
        public static Caller withheld(String raw) {
            return new Caller(raw, null, true);
        }
    }

    /** What providers send for a withheld number; +266696687 is Twilio's "anonymous" caller id. */
    private static final Set<String> WITHHELD = Set.of("", "anonymous", "restricted", "private", "withheld",
            "unknown", "unavailable", "blocked", "+266696687", "266696687");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    }

    public Caller caller(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (WITHHELD.contains(value.toLowerCase(Locale.ROOT))) {
            return Caller.withheld(raw);
        }
        String e164 = e164(value);
        // Not a phone number (client:alice, a SIP URI without digits): nobody to call back.
        return e164 == null ? new Caller(value, null, true) : new Caller(value, e164, false);
    }

    /** The number in E.164, or null when it cannot be one. */
    public String e164(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (value.regionMatches(true, 0, "tel:", 0, 4)) {
            value = value.substring(4);
        }
        PhoneNumber asGiven = parse(value);
        if (asGiven != null && UTIL.isValidNumber(asGiven)) {
            return format(asGiven);
        }
        // Zammad and some PBXs send E.164 digits without the '+' (447700900123).
        PhoneNumber international = value.matches("[1-9][0-9]{6,14}") ? parse("+" + value) : null;
        if (international != null && UTIL.isValidNumber(international)) {
            return format(international);
        }
        if (asGiven != null && UTIL.isPossibleNumber(asGiven)) {
            return format(asGiven);
        }
        if (international != null && UTIL.isPossibleNumber(international)) {
            return format(international);
        }
        return null;
    }

    private PhoneNumber parse(String value) {
        try {
            return UTIL.parse(value, defaultRegion);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String format(PhoneNumber number) {
        return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }
}
