package com.cfh.supporthub.email;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.MimeUtility;

/**
 * Charset labels as mail clients write them, mapped to Java charsets; and decoding that never
 * throws. Unknown labels and 8-bit text without a label fall back to UTF-8 when the bytes are valid
 * UTF-8, else to Windows-1252 (which also covers ISO-8859-1 text), as browsers do.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private MailCharsets() {
    }

    /** The Java charset for a MIME label, or empty when Java has none (bogus or unknown labels). */
    static Optional<Charset> lookup(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().replace("\"", "").replace("'", "");
        if (l.isEmpty()) {
            return Optional.empty();
        }
        Optional<Charset> direct = forName(MimeUtility.javaCharset(l));
        if (direct.isPresent()) {
            return direct;
        }
        String lower = l.toLowerCase(Locale.ROOT);
        // ISO-8859-8-I / -E (logical / explicit Hebrew) are ISO-8859-8 for decoding purposes
        if (lower.matches("iso[-_]?8859[-_]\\d+[-_][ie]")) {
            return forName(lower.substring(0, lower.length() - 2));
        }
        if (lower.startsWith("x-")) {
            return lookup(lower.substring(2));
        }
        if (lower.matches("(cp|windows)[-_]?125\\d")) {
            return forName("windows-" + lower.replaceAll("\\D", ""));
        }
        if (lower.equals("ansi_x3.4-1968") || lower.equals("ascii")) {
            return Optional.of(StandardCharsets.US_ASCII);
        }
        return Optional.empty();
    }

    private static Optional<Charset> forName(String name) {
        try {
            return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Decodes body or header bytes. A known label is used, except that 8-bit bytes labelled ASCII
     * are decoded as UTF-8 or Windows-1252, and ISO-8859-1 as its superset Windows-1252. Without
     * a usable label: UTF-8 when valid, else Windows-1252.
     */
    static String decode(byte[] bytes, Charset declared) {
        boolean eightBit = hasEightBit(bytes);
        if (declared != null) {
            String name = declared.name();
            if (name.equals("US-ASCII") && eightBit) {
                return guess(bytes);
            }
            if (name.equals("ISO-8859-1")) {
                return new String(bytes, WINDOWS_1252);
            }
            if (name.equals("UTF-8")) {
                return guess(bytes);
            }
            return new String(bytes, declared);
        }
        return eightBit ? guess(bytes) : new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * UTF-8 where the bytes are valid UTF-8 and Windows-1252 for the bytes that are not: legacy
     * 8-bit text comes out right, and so does UTF-8 text with a stray Latin-1 byte in it.
     */
    static String guess(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1); // neither charset yields more chars than bytes
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                byte[] invalid = new byte[result.length()];
                in.get(invalid);
                out.put(new String(invalid, WINDOWS_1252));
            } else {
                decoder.flush(out);
                break;
            }
        }
        out.flip();
        return out.toString();
    }

    static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
