package com.cfh.supporthub.email;

import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

/**
 * Header values made readable: raw 8-bit bytes (RFC 6532 UTF-8, or a legacy charset), RFC 2047
 * encoded words with charsets Java does not know, Message-IDs with obsolete comments and spaces,
 * dates with comments. The decoding itself is Jakarta Mail's ({@link MimeUtility},
 * {@link InternetAddress}, {@link MailDateFormat}).
 */
final class MailHeaders {

    /** Dates outside this range are typos or spam tricks (e.g. year 3609), not send times. */
    static final Instant EARLIEST_DATE = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST_DATE = Instant.parse("2200-01-01T00:00:00Z");

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    private static final Pattern WHITESPACE_ONLY = Pattern.compile("\\s+");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern MSG_ID = Pattern.compile("<([^<>]+)>");

    private MailHeaders() {
    }

    /** Unfolds and recovers raw 8-bit bytes: UTF-8 when valid, else {@code fallback} (Windows-1252 if null). */
    static String clean(String raw, Charset fallback) {
        if (raw == null) {
            return null;
        }
        String value = MimeUtility.unfold(raw).replace("\r", "").replace("\n", "").trim();
        boolean eightBit = value.chars().anyMatch(c -> c > 0x7F);
        if (!eightBit || value.chars().anyMatch(c -> c > 0xFF)) {
            return value; // plain ASCII, or already decoded characters
        }
        // Jakarta Mail hands raw header bytes over as ISO-8859-1 characters
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return MailCharsets.strictUtf8(bytes)
                .orElseGet(() -> MailCharsets.decode(bytes, fallback == null ? MailCharsets.WINDOWS_1252 : fallback));
    }

    /** RFC 2047 decoding that never throws; unknown charsets are mapped or guessed. */
    static String decodeWords(String value, Consumer<String> warn) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            warn.accept("encoded word with unsupported charset in '" + abbreviate(value) + "': decoded with a fallback");
            return decodeWordsLeniently(value);
        }
    }

    /**
     * Fallback for {@link #decodeWords}: each encoded word is decoded by {@link MimeUtility#decodeWord}
     * after mapping its charset label; whitespace between adjacent encoded words is dropped as RFC
     * 2047 requires; a word that still cannot be decoded stays as written.
     */
    private static String decodeWordsLeniently(String value) {
        StringBuilder out = new StringBuilder();
        Matcher m = ENCODED_WORD.matcher(value);
        int last = 0;
        boolean previousWasWord = false;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (!(previousWasWord && WHITESPACE_ONLY.matcher(between).matches())) {
                out.append(between);
            }
            out.append(decodeOneWord(m.group(1), m.group(2), m.group(3), m.group()));
            previousWasWord = true;
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static String decodeOneWord(String charset, String encoding, String text, String original) {
        String label = charset.contains("*") ? charset.substring(0, charset.indexOf('*')) : charset; // RFC 2231 language
        Optional<Charset> known = MailCharsets.lookup(label);
        try {
            if (known.isPresent()) {
                return MimeUtility.decodeWord("=?" + known.get().name() + "?" + encoding + "?" + text + "?=");
            }
            String utf8 = MimeUtility.decodeWord("=?UTF-8?" + encoding + "?" + text + "?=");
            return utf8.indexOf('\uFFFD') < 0 ? utf8
                    : MimeUtility.decodeWord("=?windows-1252?" + encoding + "?" + text + "?=");
        } catch (UnsupportedEncodingException | jakarta.mail.internet.ParseException | RuntimeException e) {
            return original;
        }
    }

    /** The first {@code <id>} of a header, comments and obsolete inner spaces removed; a bare {@code id@host} is bracketed. */
    static String messageId(String value) {
        List<String> ids = messageIds(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Every {@code <id>} of In-Reply-To or References, in header order. */
    static List<String> messageIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return ids;
        }
        String v = stripComments(value);
        Matcher m = MSG_ID.matcher(v);
        while (m.find()) {
            String id = m.group(1).replaceAll("\\s+", "");
            if (!id.isEmpty()) {
                ids.add("<" + id + ">");
            }
        }
        if (ids.isEmpty()) {
            for (String token : v.trim().split("[\\s,]+")) {
                if (token.indexOf('@') > 0 && !token.endsWith("@")) {
                    ids.add("<" + token + ">");
                }
            }
        }
        return ids;
    }

    /** In-Reply-To, then References newest (last) first, without duplicates. */
    static List<String> threadIds(String inReplyTo, String references) {
        Set<String> ids = new LinkedHashSet<>(messageIds(inReplyTo));
        List<String> refs = messageIds(references);
        for (int i = refs.size() - 1; i >= 0; i--) {
            ids.add(refs.get(i));
        }
        return List.copyOf(ids);
    }

    /**
     * The Date header as an instant; null (with a warning) when missing the instant cannot be read or
     * lies outside {@link #EARLIEST_DATE}..{@link #LATEST_DATE}.
     */
    static Instant date(String value, Consumer<String> warn) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = stripComments(value).replaceAll("\\s+", " ").trim();
        Date parsed = parseDate(v);
        if (parsed == null) {
            parsed = parseDate(v.replaceAll("\\s*:\\s*", ":"));
        }
        if (parsed == null) {
            warn.accept("unreadable Date '" + abbreviate(value) + "'");
            return null;
        }
        Instant instant = parsed.toInstant();
        if (instant.isBefore(EARLIEST_DATE) || !instant.isBefore(LATEST_DATE)) {
            warn.accept("implausible Date '" + abbreviate(value) + "' ignored");
            return null;
        }
        return instant;
    }

    private static Date parseDate(String value) {
        try {
            return new MailDateFormat().parse(value);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** Addresses of one header value; groups are flattened; never throws. */
    static List<MailAddress> addresses(String value, Consumer<String> warn) {
        List<MailAddress> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(value, false);
        } catch (AddressException e) {
            warn.accept("unreadable address list '" + abbreviate(value) + "': " + e.getMessage());
            return out;
        }
        for (InternetAddress a : parsed) {
            if (a.isGroup()) {
                try {
                    InternetAddress[] members = a.getGroup(false);
                    if (members != null) {
                        for (InternetAddress member : members) {
                            add(out, member, warn);
                        }
                    }
                } catch (AddressException e) {
                    warn.accept("unreadable address group '" + abbreviate(a.getAddress()) + "'");
                }
            } else {
                add(out, a, warn);
            }
        }
        return out;
    }

    private static void add(List<MailAddress> out, InternetAddress a, Consumer<String> warn) {
        String address = a.getAddress() == null ? null : a.getAddress().trim();
        String name = a.getPersonal();
        if (address != null && address.indexOf('@') < 0 && address.chars().anyMatch(Character::isWhitespace)) {
            // lenient parsing took a bare display name ("Mary Smith") for an address
            if (name == null || name.isBlank()) {
                name = address;
            }
            address = null;
        } else if (address != null && (address.indexOf('(') >= 0 || address.chars().anyMatch(Character::isWhitespace))) {
            address = stripComments(address).replaceAll("\\s+", ""); // obsolete syntax: jdoe@machine(comment). example
        }
        address = address == null || address.isBlank() ? null : address;
        if (name != null && name.contains("=?")) {
            name = decodeWords(name, warn);
        }
        name = name == null || name.isBlank() ? null : name.trim();
        if (address != null || name != null) {
            out.add(new MailAddress(name, address));
        }
    }

    static String stripComments(String value) {
        String previous;
        String v = value;
        do {
            previous = v;
            v = COMMENT.matcher(v).replaceAll(" ");
        } while (!v.equals(previous));
        return v;
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
