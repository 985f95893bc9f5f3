package com.cfh.supporthub.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Text from a request, the same way at every public endpoint (issue 14 item 7):
 * <ul>
 * <li>a body is decoded by the charset its {@code Content-Type} declares, UTF-8 when it declares none;
 * bytes that are not text in that charset are a 400, a charset the JVM does not know a 415;</li>
 * <li>control characters (C0, DEL, C1) never reach a stored field: a one-line field (name, subject, ids)
 * has line breaks and tabs turned into spaces and every other control removed; a message body keeps
 * {@code \n}, {@code \r} and {@code \t} and loses the rest. Stripping (rather than refusing) keeps a
 * customer's pasted text; nothing a person reads is lost.</li>
 * </ul>
 */
public final class RequestText {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\t\\n\\r\\u2028\\u2029]+");
    /** Every control character: C0, DEL and C1 (\p{Cc}). */
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cc}");
    /** Every control character but tab, line feed and carriage return. */
    private static final Pattern CONTROLS_BUT_BREAKS = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");

    private RequestText() {
    }

    /** The body as text in the charset of {@code contentType} (UTF-8 when none is declared); a leading BOM is dropped. */
    public static String decode(byte[] body, String contentType) {
        Charset charset = charsetOf(contentType);
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ProblemException.malformed("The body is not valid " + charset.name() + " text"
                    + (charset.equals(StandardCharsets.UTF_8) ? " (UTF-8 unless Content-Type names another charset, "
                    + "e.g. application/json; charset=ISO-8859-1)" : "") + ".");
        }
    }

    /** The charset a Content-Type declares, UTF-8 when it declares none; 415 for one unknown here. */
    public static Charset charsetOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            Charset declared = MediaType.parseMediaType(contentType).getCharset();
            return declared == null ? StandardCharsets.UTF_8 : declared;
        } catch (InvalidMediaTypeException e) {
            // an unknown or empty charset name, or a malformed type; Spring's message names the part at fault
            throw ProblemException.unsupportedMediaType("Content-Type '" + printable(contentType) + "' cannot be read ("
                    + printable(e.getMessage()) + "); send UTF-8, e.g. application/json; charset=UTF-8.");
        }
    }

    /**
     * Refuses (400) a body declared as {@code application/x-www-form-urlencoded} that is not: every
     * {@code &}-separated field is a {@code name=value} pair with a name and valid %-escapes. Checked before the body reaches Camel,
     * whose HTTP binding decodes form fields into headers before any route could answer for them.
     */
    public static void checkForm(byte[] body, String contentType) {
        if (contentType == null || !contentType.strip().toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            return;
        }
        String text = decode(body, contentType);
        if (text.isEmpty()) {
            return;
        }
        for (String field : text.split("&")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw ProblemException.malformed("The form field '" + printable(field) + "' is not a name=value pair.");
            }
            String name = field.substring(0, eq);
            if (name.isEmpty()) {
                throw ProblemException.malformed("The form has a field without a name ('" + printable(field) + "').");
            }
            try {
                java.net.URLDecoder.decode(field, charsetOf(contentType));
            } catch (IllegalArgumentException e) {
                throw ProblemException.malformed("The form field '" + printable(name) + "' is not URL-encoded: "
                        + printable(e.getMessage()) + ".");
            }
        }
    }

    /** A one-line field: line breaks and tabs become one space, every other control character is removed. */
    public static String oneLine(String value) {
        if (value == null) {
            return null;
        }
        return CONTROLS.matcher(LINE_BREAKS.matcher(value).replaceAll(" ")).replaceAll("");
    }

    /** Multi-line text: line breaks and tabs stay, every other control character is removed. */
    public static String multiLine(String value) {
        return value == null ? null : CONTROLS_BUT_BREAKS.matcher(value).replaceAll("");
    }

    /** A value safe to quote in a problem's detail: one line, at most 100 characters. */
    public static String printable(String value) {
        String line = oneLine(value);
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }
}
