package com.cfh.supporthub.email;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One e-mail in canonical form (P03): decoded headers, the body as plain text, sanitised HTML,
 * attachments with their digests, and the header facts loop protection needs.
 *
 * @param messageId         Message-ID with angle brackets, or null when missing or unusable
 * @param inReplyTo         In-Reply-To, then References newest first, without duplicates
 * @param from              the first From address, or null
 * @param replyTo           Reply-To addresses
 * @param to                To addresses, all To headers merged
 * @param cc                Cc addresses, all Cc headers merged
 * @param subject           decoded subject, or null
 * @param date              the Date header, or null when missing, unparseable or implausible
 * @param text              canonical plain text: the text/plain body, else the HTML body as text; never null
 * @param html              sanitised HTML body, or null when the message had none
 * @param quotedTrimmedText {@code text} without the quoted history of a reply; never null
 * @param attachments       every non-body part, forwarded messages included
 * @param forwarded         the {@code message/rfc822} parts, in the order of their attachments
 * @param loopHeaders       auto-reply and bounce header facts
 * @param headers           every top-level header, name in lower case, values unfolded (not RFC 2047 decoded)
 * @param rawSha256         SHA-256 of the raw message as received (after any mbox {@code From } line), or null
 * @param problems          what could not be read; non-empty means the message should be parked with these reasons
 * @param warnings          what was wrong but recovered (unknown charset, bogus encoding, ...)
 */
public record ParsedMail(String messageId, List<String> inReplyTo, MailAddress from, List<MailAddress> replyTo,
        List<MailAddress> to, List<MailAddress> cc, String subject, Instant date, String text, String html,
        String quotedTrimmedText, List<ParsedAttachment> attachments, List<ForwardedMessage> forwarded,
        LoopHeaders loopHeaders, Map<String, List<String>> headers, String rawSha256, List<String> problems,
        List<String> warnings) {

    public ParsedMail {
        inReplyTo = List.copyOf(inReplyTo);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
        forwarded = List.copyOf(forwarded);
        headers = Map.copyOf(headers);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        text = text == null ? "" : text;
        quotedTrimmedText = quotedTrimmedText == null ? text : quotedTrimmedText;
    }

    /** The first value of a top-level header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean readable() {
        return problems.isEmpty();
    }
}
