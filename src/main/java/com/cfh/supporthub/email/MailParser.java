package com.cfh.supporthub.email;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a raw e-mail into a {@link ParsedMail} (P03): MIME structure and transfer encodings by
 * Jakarta Mail, HTML by jsoup. Never throws for a bad message: what it could not read is listed in
 * {@link ParsedMail#problems()}, what it repaired in {@link ParsedMail#warnings()}.
 *
 * <p>Body rules: {@code text/plain} and {@code text/html} parts without a file name or an
 * {@code attachment} disposition are the body (several are joined in order); other parts of a
 * {@code multipart/alternative} (e.g. {@code text/watch-html}) are alternative renderings and
 * dropped; every other leaf part is an attachment, {@code message/rfc822} parts included.
 */
@Component
public class MailParser {

    /** Deepest multipart nesting read; deeper structures are kept as one attachment. */
    static final int MAX_NESTING = 20;
    /** Forwarded messages inside forwarded messages are read this deep for their subject. */
    static final int MAX_FORWARD_DEPTH = 3;

    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final byte[] MBOX_FROM = "From ".getBytes(StandardCharsets.US_ASCII);

    private final long maxAttachmentBytes;
    private final Session session;

    public MailParser(@Value("${hub.email.max-attachment-bytes:26214400}") long maxAttachmentBytes) {
        if (maxAttachmentBytes < 0) {
            throw new IllegalArgumentException("maxAttachmentBytes must not be negative: " + maxAttachmentBytes);
        }
        this.maxAttachmentBytes = maxAttachmentBytes;
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(properties);
    }

    public long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    /** Parses a message as received (RFC 5322 bytes, CRLF or LF, optionally starting with an mbox {@code From } line). */
    public ParsedMail parse(byte[] raw) {
        return parse(raw, 0);
    }

    /**
     * Parses a message Jakarta Mail already holds (e.g. from the IMAP consumer). Its header lines and
     * raw body are read back as bytes, so both entry points give the same result.
     */
    public ParsedMail parse(MimeMessage message) {
        if (message == null) {
            return parse((byte[]) null);
        }
        byte[] raw;
        try {
            raw = serialise(message);
        } catch (IOException | MessagingException | RuntimeException e) {
            Context ctx = new Context(0);
            ctx.warn("message bytes could not be read back (" + describe(e) + "): parsed from the Jakarta Mail object");
            return readSafely(message, null, ctx);
        }
        return parse(raw, 0);
    }

    private ParsedMail parse(byte[] raw, int depth) {
        Context ctx = new Context(depth);
        if (raw == null || raw.length == 0) {
            ctx.problem("empty message: no bytes to parse");
            return ctx.emptyResult(null);
        }
        byte[] bytes = stripMboxFromLine(raw, ctx);
        String sha256 = sha256Hex(bytes);
        MimeMessage message;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(bytes));
        } catch (MessagingException | RuntimeException e) {
            ctx.problem("message headers could not be read: " + describe(e));
            return ctx.emptyResult(sha256);
        }
        return readSafely(message, sha256, ctx);
    }

    /** The last line of defence: whatever a message does to the libraries, parse() returns. */
    private ParsedMail readSafely(MimeMessage message, String rawSha256, Context ctx) {
        try {
            return read(message, rawSha256, ctx);
        } catch (RuntimeException | StackOverflowError e) {
            ctx.problem("message could not be read: " + describe(e));
            return ctx.emptyResult(rawSha256);
        }
    }

    private ParsedMail read(MimeMessage message, String rawSha256, Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ContentTypeInfo topType = guard(ctx, "Content-Type", () -> contentType(message, null, ctx),
                new ContentTypeInfo("text/plain", null, null, null, false));
        Charset headerFallback = MailCharsets.lookup(topType.charset()).orElse(null);

        guard(ctx, "headers", () -> {
            Enumeration<Header> all;
            try {
                all = message.getAllHeaders();
            } catch (MessagingException e) {
                ctx.problem("message headers could not be read: " + describe(e));
                return null;
            }
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                String name = h.getName() == null ? "" : h.getName().trim().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(MailHeaders.clean(h.getValue() == null ? "" : h.getValue(), headerFallback));
            }
            return null;
        }, null);

        String subject = decoded(headers, "subject", ctx);
        String messageId = MailHeaders.messageId(first(headers, "message-id"));
        List<String> inReplyTo = MailHeaders.threadIds(first(headers, "in-reply-to"), first(headers, "references"));
        List<MailAddress> fromList = MailHeaders.addresses(first(headers, "from"), ctx::warn);
        MailAddress from = fromList.isEmpty() ? null : fromList.get(0);
        List<MailAddress> replyTo = allAddresses(headers, "reply-to", ctx);
        List<MailAddress> to = allAddresses(headers, "to", ctx);
        List<MailAddress> cc = allAddresses(headers, "cc", ctx);
        Instant date = MailHeaders.date(first(headers, "date"), ctx::warn);

        guard(ctx, "message body", () -> {
            walk(message, topType, null, 0, ctx);
            return null;
        }, null);

        String text = joinText(ctx);
        String rawHtml = ctx.htmlParts.isEmpty() ? null : String.join("\n", ctx.htmlParts);
        String sanitised = rawHtml == null ? null : guard(ctx, "HTML body", () -> HtmlBodies.sanitize(rawHtml), null);
        String html = sanitised == null || sanitised.isBlank() ? null : sanitised;
        if (text.isBlank() && ctx.problems.isEmpty()) {
            ctx.warn("no text body" + (ctx.attachments.isEmpty() ? "" : ": the message carries only "
                    + ctx.attachments.size() + " attachment(s)"));
        }
        String trimmed = guard(ctx, "quoted text", () -> QuotedText.trim(text), text);

        List<ParsedAttachment> attachments = new ArrayList<>();
        for (PendingAttachment a : ctx.attachments) {
            boolean inline = "inline".equals(a.disposition)
                    || (a.contentId != null && rawHtml != null && rawHtml.contains("cid:" + a.contentId));
            attachments.add(new ParsedAttachment(a.fileName, a.contentType, a.size, a.sha256, inline, a.contentId,
                    a.content, a.skippedReason));
        }

        LoopHeaders loop = new LoopHeaders(first(headers, "auto-submitted"), first(headers, "precedence"),
                headers.containsKey("x-autoreply"), headers.containsKey("x-autorespond"),
                first(headers, "x-auto-response-suppress"), first(headers, "return-path"), ctx.reportType);

        Map<String, List<String>> frozenHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozenHeaders.put(k, List.copyOf(v)));
        return new ParsedMail(messageId, inReplyTo, from, replyTo, to, cc, subject, date, text, html, trimmed,
                attachments, ctx.forwarded, loop, frozenHeaders, rawSha256, ctx.problems, ctx.warnings);
    }

    // ---- MIME structure -------------------------------------------------------------------------

    private void walk(MimePart part, ContentTypeInfo type, String parentType, int nesting, Context ctx) {
        String base = type.base();
        if (base.startsWith("multipart/")) {
            if (ctx.reportType == null && base.equals("multipart/report") && type.reportType() != null) {
                ctx.reportType = type.reportType().toLowerCase(Locale.ROOT);
            }
            if (nesting >= MAX_NESTING) {
                ctx.warn("multipart nested deeper than " + MAX_NESTING + " levels: kept as one attachment");
                attachment(part, type, parentType, ctx);
                return;
            }
            multipart(part, type, nesting, ctx);
            return;
        }
        String disposition = disposition(part);
        String fileName = fileName(part, ctx);
        if (base.equals("message/rfc822") || base.equals("message/global")) {
            forwarded(part, type, fileName, disposition, ctx);
        } else if ((base.equals("text/plain") || base.equals("text/html"))
                && !"attachment".equals(disposition) && fileName == null) {
            String body = textOf(decodedBody(part, ctx), type, ctx);
            if (base.equals("text/plain")) {
                ctx.plainParts.add(body);
            } else {
                ctx.htmlParts.add(body);
            }
        } else if ("multipart/alternative".equals(parentType) && base.startsWith("text/") && fileName == null) {
            // another rendering of the same body (text/watch-html, text/enriched): not content of its own
        } else {
            attachment(part, type, parentType, ctx);
        }
    }

    private void multipart(MimePart part, ContentTypeInfo type, int nesting, Context ctx) {
        byte[] body = decodedBody(part, ctx);
        MimeMultipart multipart;
        int count;
        try {
            // a Content-Type Jakarta Mail cannot read loses its boundary: Jakarta then takes the first "--" line
            multipart = new MimeMultipart(new ByteArrayDataSource(body, type.parsed() ? type.raw() : type.base()));
            count = multipart.getCount();
        } catch (MessagingException | RuntimeException e) {
            ctx.warn(type.base() + " could not be split into parts (" + describe(e) + "): its content is read as text");
            ctx.plainParts.add(textOf(body, type, ctx));
            return;
        }
        if (count == 0) {
            ctx.warn(type.base() + " has no parts: its content is read as text");
            ctx.plainParts.add(textOf(body, type, ctx));
            return;
        }
        for (int i = 0; i < count; i++) {
            try {
                MimeBodyPart child = (MimeBodyPart) multipart.getBodyPart(i);
                walk(child, contentType(child, type.base(), ctx), type.base(), nesting + 1, ctx);
            } catch (MessagingException | RuntimeException e) {
                ctx.warn("part " + (i + 1) + " of " + type.base() + " could not be read: " + describe(e));
            }
        }
    }

    private void forwarded(MimePart part, ContentTypeInfo type, String fileName, String disposition, Context ctx) {
        byte[] bytes = decodedBody(part, ctx);
        int number = ctx.forwarded.size() + 1;
        String name = fileName != null ? fileName : "forwarded-" + number + ".eml";
        ctx.attachments.add(pending(part, name, "message/rfc822", disposition, bytes, ctx));
        ForwardedMessage summary;
        if (ctx.depth + 1 <= MAX_FORWARD_DEPTH) {
            ParsedMail inner = parse(bytes, ctx.depth + 1);
            summary = new ForwardedMessage(name, inner.subject(), inner.from(), inner.date(), inner.messageId());
        } else {
            summary = new ForwardedMessage(name, null, null, null, null);
        }
        ctx.forwarded.add(summary);
    }

    private void attachment(MimePart part, ContentTypeInfo type, String parentType, Context ctx) {
        byte[] bytes = decodedBody(part, ctx);
        String fileName = fileName(part, ctx);
        String name = fileName != null ? fileName : generatedName(type.base(), ctx);
        ctx.attachments.add(pending(part, name, type.base(), disposition(part), bytes, ctx));
    }

    private PendingAttachment pending(MimePart part, String fileName, String contentType, String disposition,
            byte[] bytes, Context ctx) {
        PendingAttachment a = new PendingAttachment();
        a.fileName = fileName;
        a.contentType = contentType;
        a.disposition = disposition;
        a.size = bytes.length;
        a.sha256 = sha256Hex(bytes);
        a.contentId = contentId(part);
        if (bytes.length > maxAttachmentBytes) {
            a.skippedReason = "attachment of " + bytes.length + " bytes is over the limit of " + maxAttachmentBytes
                    + " bytes; only its size and SHA-256 are kept";
            ctx.warn("attachment '" + fileName + "' skipped: " + bytes.length + " bytes over the limit of "
                    + maxAttachmentBytes);
        } else {
            a.content = bytes;
        }
        return a;
    }

    private String generatedName(String base, Context ctx) {
        switch (base) {
            case "message/delivery-status":
                return "delivery-status.txt";
            case "message/disposition-notification":
                return "disposition-notification.txt";
            case "text/rfc822-headers":
                return "rfc822-headers.txt";
            case "application/ms-tnef":
            case "application/vnd.ms-tnef":
                return "winmail.dat";
            default:
                return "attachment-" + (++ctx.unnamed) + extension(base);
        }
    }

    private static String extension(String base) {
        return switch (base) {
            case "text/plain" -> ".txt";
            case "text/html" -> ".html";
            case "text/calendar" -> ".ics";
            case "text/csv" -> ".csv";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "application/pdf" -> ".pdf";
            case "application/zip" -> ".zip";
            case "application/pkcs7-signature", "application/x-pkcs7-signature" -> ".p7s";
            case "application/pkcs7-mime", "application/x-pkcs7-mime" -> ".p7m";
            default -> ".bin";
        };
    }

    // ---- part details -----------------------------------------------------------------------------

    /** The part's Content-Type; in a multipart/digest a part without one is a message (RFC 2046 5.1.5). */
    private ContentTypeInfo contentType(MimePart part, String parentType, Context ctx) {
        String raw;
        try {
            raw = part.getHeader("Content-Type", null);
        } catch (MessagingException | RuntimeException e) {
            raw = null;
        }
        if (raw == null || raw.isBlank()) {
            String base = "multipart/digest".equals(parentType) ? "message/rfc822" : "text/plain";
            return new ContentTypeInfo(base, null, null, null, false);
        }
        String unfolded = MimeUtility.unfold(raw).trim();
        try {
            ContentType ct = new ContentType(unfolded);
            String base = ct.getBaseType().toLowerCase(Locale.ROOT);
            return new ContentTypeInfo(base, ct.getParameter("charset"), ct.getParameter("report-type"), unfolded,
                    true);
        } catch (ParseException | RuntimeException e) {
            String base = unfolded.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!base.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
                ctx.warn("unreadable Content-Type '" + MailHeaders.abbreviate(unfolded) + "': read as text/plain");
                base = "text/plain";
            } else {
                ctx.warn("Content-Type parameters not readable in '" + MailHeaders.abbreviate(unfolded) + "'");
            }
            Matcher m = CHARSET_PARAM.matcher(unfolded);
            return new ContentTypeInfo(base, m.find() ? m.group(1) : null, null, unfolded, false);
        }
    }

    private static String disposition(MimePart part) {
        try {
            String d = part.getDisposition();
            return d == null ? null : d.trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** File name from Content-Disposition or Content-Type, RFC 2231 by Jakarta Mail, RFC 2047 and raw 8-bit decoded here. */
    private static String fileName(MimePart part, Context ctx) {
        String name;
        try {
            name = part.getFileName();
        } catch (MessagingException | RuntimeException e) {
            ctx.warn("unreadable file name parameter: " + describe(e));
            return null;
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        String cleaned = MailHeaders.clean(name, null);
        String decoded = MailHeaders.decodeWords(cleaned, ctx::warn);
        return decoded == null || decoded.isBlank() ? null : decoded.trim();
    }

    private static String contentId(MimePart part) {
        try {
            String id = part.getContentID();
            if (id == null) {
                return null;
            }
            String trimmed = id.trim();
            if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
            }
            return trimmed.isEmpty() ? null : trimmed;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The part's content with its Content-Transfer-Encoding undone. A misspelt encoding ("8bits",
     * "base-64") is read as the one it names; content that still cannot be decoded is kept raw.
     */
    private static byte[] decodedBody(MimePart part, Context ctx) {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MessagingException | RuntimeException first) {
            String encoding = encoding(part);
            byte[] raw = rawBody(part, ctx);
            String normalised = normaliseEncoding(encoding);
            if (normalised == null) {
                ctx.warn("Content-Transfer-Encoding '" + encoding + "' not understood: content kept as sent");
                return raw;
            }
            try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(raw), normalised)) {
                byte[] decoded = in.readAllBytes();
                ctx.warn("Content-Transfer-Encoding '" + encoding + "' read as " + normalised);
                return decoded;
            } catch (IOException | MessagingException | RuntimeException second) {
                if (normalised.equals("base64")) {
                    try {
                        byte[] decoded = Base64.getMimeDecoder().decode(raw);
                        ctx.warn("damaged base64 content decoded leniently");
                        return decoded;
                    } catch (IllegalArgumentException ignored) {
                        // fall through: keep as sent
                    }
                }
                ctx.warn("content could not be decoded as " + normalised + " (" + describe(second)
                        + "): content kept as sent");
                return raw;
            }
        }
    }

    private static String encoding(MimePart part) {
        try {
            String raw = part.getHeader("Content-Transfer-Encoding", null);
            return raw == null ? null : MimeUtility.unfold(raw).trim();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** The encoding a bogus label means; null when it names none (content is then taken as is). */
    private static String normaliseEncoding(String encoding) {
        if (encoding == null) {
            return null;
        }
        String e = encoding.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (e.contains("base64")) {
            return "base64";
        }
        if (e.contains("quoted") || e.equals("qp")) {
            return "quoted-printable";
        }
        if (e.startsWith("7bit") || e.startsWith("8bit") || e.startsWith("binary")) {
            return "binary";
        }
        return null;
    }

    private static byte[] rawBody(MimePart part, Context ctx) {
        try {
            InputStream in;
            if (part instanceof MimeBodyPart bodyPart) {
                in = bodyPart.getRawInputStream();
            } else if (part instanceof MimeMessage message) {
                in = message.getRawInputStream();
            } else {
                return new byte[0];
            }
            try (in) {
                return in.readAllBytes();
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            ctx.problem("content of a part could not be read at all: " + describe(e));
            return new byte[0];
        }
    }

    /** Body text in Java characters, line ends normalised to LF. */
    private static String textOf(byte[] bytes, ContentTypeInfo type, Context ctx) {
        Charset charset = null;
        if (type.charset() != null && !type.charset().isBlank()) {
            Optional<Charset> known = MailCharsets.lookup(type.charset());
            if (known.isPresent()) {
                charset = known.get();
            } else {
                ctx.warn("unknown charset '" + type.charset() + "' in " + type.base() + ": decoded as "
                        + (MailCharsets.strictUtf8(bytes).isPresent() ? "UTF-8" : "Windows-1252"));
            }
        }
        if (charset != null && charset.name().equals("UTF-8") && MailCharsets.strictUtf8(bytes).isEmpty()) {
            ctx.warn(type.base() + " declared UTF-8 holds invalid UTF-8 bytes: those read as Windows-1252");
        }
        String text = MailCharsets.decode(bytes, charset);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n').replace("\u0000", "");
        return text;
    }

    // ---- assembling ----------------------------------------------------------------------------

    private static String joinText(Context ctx) {
        List<String> texts = new ArrayList<>();
        for (String plain : ctx.plainParts) {
            String t = tidy(plain);
            if (!t.isEmpty()) {
                texts.add(t);
            }
        }
        if (texts.isEmpty()) {
            for (String html : ctx.htmlParts) {
                String t = guard(ctx, "HTML to text", () -> tidy(HtmlBodies.toText(html)), "");
                if (!t.isEmpty()) {
                    texts.add(t);
                }
            }
        }
        return String.join("\n\n", texts);
    }

    /** Leading blank lines and trailing white space removed; inner lines untouched. */
    private static String tidy(String text) {
        return text.replaceFirst("^(?:[ \\t]*\\n)+", "").stripTrailing();
    }

    private static String decoded(Map<String, List<String>> headers, String name, Context ctx) {
        String value = first(headers, name);
        return value == null ? null : MailHeaders.decodeWords(value, ctx::warn).trim();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<MailAddress> allAddresses(Map<String, List<String>> headers, String name, Context ctx) {
        List<MailAddress> out = new ArrayList<>();
        for (String value : headers.getOrDefault(name, List.of())) {
            out.addAll(MailHeaders.addresses(value, ctx::warn));
        }
        return out;
    }

    private static byte[] stripMboxFromLine(byte[] raw, Context ctx) {
        if (raw.length < MBOX_FROM.length) {
            return raw;
        }
        for (int i = 0; i < MBOX_FROM.length; i++) {
            if (raw[i] != MBOX_FROM[i]) {
                return raw;
            }
        }
        // an mbox separator is "From sender date"; "From  :" or "From: " is an (obsolete) header
        if (raw.length == MBOX_FROM.length || raw[MBOX_FROM.length] == ' ' || raw[MBOX_FROM.length] == '\t'
                || raw[MBOX_FROM.length] == ':' || raw[MBOX_FROM.length] == '\r' || raw[MBOX_FROM.length] == '\n') {
            return raw;
        }
        int end = 0;
        while (end < raw.length && raw[end] != '\n') {
            end++;
        }
        ctx.warn("mbox 'From ' line before the headers removed");
        byte[] rest = new byte[raw.length - Math.min(raw.length, end + 1)];
        System.arraycopy(raw, Math.min(raw.length, end + 1), rest, 0, rest.length);
        return rest;
    }

    /** Header lines as Jakarta Mail holds them, a blank line, then the raw (still encoded) body. */
    private static byte[] serialise(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            boolean wide = line.chars().anyMatch(c -> c > 0xFF);
            out.write(line.getBytes(wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            out.write('\r');
            out.write('\n');
        }
        out.write('\r');
        out.write('\n');
        try (InputStream in = message.getRawInputStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static <T> T guard(Context ctx, String what, Supplier<T> step, T fallback) {
        try {
            return step.get();
        } catch (RuntimeException | StackOverflowError e) {
            ctx.problem(what + " could not be read: " + describe(e));
            return fallback;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + MailHeaders.abbreviate(message));
    }

    // ---- state -------------------------------------------------------------------------------------

    private record ContentTypeInfo(String base, String charset, String reportType, String raw, boolean parsed) {
    }

    private static final class PendingAttachment {
        String fileName;
        String contentType;
        String disposition;
        long size;
        String sha256;
        String contentId;
        byte[] content;
        String skippedReason;
    }

    private static final class Context {
        final int depth;
        final List<String> plainParts = new ArrayList<>();
        final List<String> htmlParts = new ArrayList<>();
        final List<PendingAttachment> attachments = new ArrayList<>();
        final List<ForwardedMessage> forwarded = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        String reportType;
        int unnamed;

        Context(int depth) {
            this.depth = depth;
        }

        void warn(String warning) {
            if (!warnings.contains(warning)) {
                warnings.add(warning);
            }
        }

        void problem(String problem) {
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }

        ParsedMail emptyResult(String rawSha256) {
            return new ParsedMail(null, List.of(), null, List.of(), List.of(), List.of(), null, null, "", null, "",
                    List.of(), List.of(), new LoopHeaders(null, null, false, false, null, null, null), Map.of(),
                    rawSha256, problems, warnings);
        }
    }
}
