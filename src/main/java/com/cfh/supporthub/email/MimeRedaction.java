package com.cfh.supporthub.email;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.activation.DataHandler;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * A whole e-mail with what the redactor removes taken out of it (P14), by Jakarta Mail: every text part
 * ({@code text/*}, {@code message/*} reports, JSON and XML) decoded, passed through the redaction and written
 * back as UTF-8; every {@code message/rfc822} part the same way, nested; every header but the structural ones
 * (addresses, ids, dates, {@code Content-*}) likewise. Parts nothing matched in, and binary parts (PDF,
 * images, TNEF), stay as they came. The result is a re-written message, not byte for byte the original.
 * A message Jakarta Mail cannot take apart gives no result: the caller then keeps no copy.
 */
final class MimeRedaction {

    /** Nested messages deeper than this are not rewritten: no result. */
    private static final int MAX_DEPTH = 5;
    /** Headers whose values are addresses, ids, dates or MIME structure: never rewritten. */
    private static final Set<String> STRUCTURAL = Set.of("from", "to", "cc", "bcc", "reply-to", "sender", "return-path",
            "message-id", "in-reply-to", "references", "date", "mime-version", "content-type",
            "content-transfer-encoding", "content-id", "content-disposition", "received", "dkim-signature",
            "arc-seal", "arc-message-signature", "resent-from", "resent-to", "resent-cc", "resent-date",
            "resent-message-id", "delivered-to");

    private final Session session;

    MimeRedaction() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(properties);
    }

    /**
     * The message with {@code redact} applied to its text; the same bytes when nothing changed; empty when the
     * message cannot be taken apart (its text then cannot be checked).
     */
    Optional<byte[]> redact(byte[] raw, UnaryOperator<String> redact) {
        return redact(raw, redact, 0);
    }

    /** Whether a part of this base type holds text the redaction reads (other than a nested message). */
    static boolean textLike(String baseType) {
        String t = baseType == null ? "" : baseType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || (t.startsWith("message/") && !nestedMessage(t)) || t.equals("application/json")
                || t.equals("application/xml") || t.endsWith("+xml") || t.endsWith("+json");
    }

    static boolean nestedMessage(String baseType) {
        String t = baseType == null ? "" : baseType.toLowerCase(Locale.ROOT);
        return t.equals("message/rfc822") || t.equals("message/global");
    }

    private Optional<byte[]> redact(byte[] raw, UnaryOperator<String> redact, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        try {
            MimeMessage message = new KeepIdMessage(session, new ByteArrayInputStream(raw));
            boolean changed = headers(message, redact);
            changed |= part(message, redact, depth, null);
            if (!changed) {
                return Optional.of(raw);
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 256);
            message.writeTo(out);
            return Optional.of(out.toByteArray());
        } catch (MessagingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Rewrites the part's file name and content where the redaction changes them; true when it did. */
    private boolean part(MimePart part, UnaryOperator<String> redact, int depth, String parentType)
            throws MessagingException, IOException {
        boolean renamed = false;
        String fileName = part.getFileName();
        if (fileName != null) {
            String decoded = MimeUtility.decodeText(fileName);
            String redacted = redact.apply(decoded);
            if (!redacted.equals(decoded)) {
                part.setFileName(MimeUtility.encodeText(redacted, "UTF-8", null)); // Content-Disposition and Content-Type
                renamed = true;
            }
        }
        return content(part, redact, depth, parentType) || renamed;
    }

    private boolean content(MimePart part, UnaryOperator<String> redact, int depth, String parentType)
            throws MessagingException, IOException {
        // in a multipart/digest a part without a Content-Type is a message (RFC 2046 5.1.5); Jakarta Mail says text/plain
        String base = part.getHeader("Content-Type", null) == null && "multipart/digest".equals(parentType)
                ? "message/rfc822" : new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        if (base.startsWith("multipart/")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MessagingException(base + " without parts");
            }
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                MimePart child = (MimePart) multipart.getBodyPart(i);
                changed |= headers(child, redact);
                changed |= part(child, redact, depth, base);
            }
            if (changed) {
                part.setContent(multipart);
            }
            return changed;
        }
        if (nestedMessage(base)) {
            byte[] inner = bytes(part);
            byte[] redacted = redact(inner, redact, depth + 1)
                    .orElseThrow(() -> new MessagingException("a forwarded message could not be taken apart"));
            if (redacted == inner) {
                return false;
            }
            replace(part, redacted, base);
            return true;
        }
        if (textLike(base)) {
            byte[] content = bytes(part);
            String text = MailCharsets.decode(content, charset(part));
            String redacted = redact.apply(text);
            if (redacted.equals(text)) {
                return false;
            }
            replace(part, redacted.getBytes(StandardCharsets.UTF_8), base + "; charset=UTF-8");
            return true;
        }
        return false; // binary: kept as it came
    }

    private static void replace(MimePart part, byte[] content, String type) throws MessagingException {
        String fileName = part.getFileName();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.removeHeader("Content-Transfer-Encoding"); // chosen again for the new content on save
        part.setHeader("Content-Type", type);
        if (fileName != null) {
            part.setFileName(fileName);
        }
    }

    /** Unstructured header values (Subject, Thread-Topic, X-...) through the redaction; true when one changed. */
    private static boolean headers(Part part, UnaryOperator<String> redact) throws MessagingException {
        List<String[]> rewritten = new ArrayList<>();
        Enumeration<Header> all = part.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            if (h.getName() == null || STRUCTURAL.contains(h.getName().toLowerCase(Locale.ROOT)) || h.getValue() == null) {
                continue;
            }
            String value = MimeUtility.unfold(h.getValue());
            String decoded;
            try {
                decoded = MimeUtility.decodeText(value);
            } catch (IOException e) {
                decoded = value;
            }
            String redacted = redact.apply(decoded);
            if (!redacted.equals(decoded)) {
                rewritten.add(new String[] {h.getName(), redacted});
            }
        }
        for (String[] h : rewritten) {
            try {
                part.setHeader(h[0], MimeUtility.fold(h[0].length() + 2, MimeUtility.encodeText(h[1], "UTF-8", null)));
            } catch (IOException e) {
                throw new MessagingException("header " + h[0] + " could not be encoded", e);
            }
        }
        return !rewritten.isEmpty();
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static java.nio.charset.Charset charset(Part part) {
        try {
            String label = new ContentType(part.getContentType()).getParameter("charset");
            return label == null ? null : MailCharsets.lookup(label).orElse(null);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps the message's own Message-ID when it is written again (Jakarta Mail would make a new one). */
    private static final class KeepIdMessage extends MimeMessage {
        KeepIdMessage(Session session, InputStream in) throws MessagingException {
            super(session, in);
        }

        @Override
        protected void updateMessageID() {
            // the original Message-ID stays: the copy is the same message
        }
    }
}
