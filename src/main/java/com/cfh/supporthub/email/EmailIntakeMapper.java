package com.cfh.supporthub.email;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.ticket.Channel;

/**
 * A parsed e-mail as the canonical intake envelope (P03, P16): the sender is the requester, Cc
 * recipients are participants, the Message-ID (else {@code sha256:} of the raw bytes) the external
 * id; a {@code [DOC-123]} subject tag, then In-Reply-To/References (the hub's own HMAC-signed ids
 * turned into their ticket key) say which ticket a reply continues. Automatic mail and mail the hub
 * cannot attribute to a sender are not taken in.
 */
@Component("emailIntakeMapper")
public class EmailIntakeMapper {

    private static final Pattern KEY_TAG = Pattern.compile("\\[([A-Za-z][A-Za-z0-9]*-\\d{1,12})\\]");

    private final OutboundMessageIds messageIds;

    public EmailIntakeMapper(OutboundMessageIds messageIds) {
        this.messageIds = messageIds;
    }

    /** The id a message is known by: its Message-ID, or a digest of its raw bytes. */
    public static String messageKey(ParsedMail mail, String rawSha256) {
        if (mail.messageId() != null && mail.messageId().length() <= 998) {
            return mail.messageId();
        }
        return "sha256:" + (mail.rawSha256() != null ? mail.rawSha256() : rawSha256);
    }

    public MailDecision decide(ParsedMail mail, String product, String mailboxKey, Instant receivedAt) {
        TicketIntake intake = envelope(mail, product, mailboxKey, receivedAt);
        if (!mail.readable()) {
            return new MailDecision(MailDecision.Kind.PARK, intake, "unreadable: " + String.join("; ", mail.problems()));
        }
        Optional<LoopDetector.Verdict> loop = LoopDetector.classify(mail);
        if (loop.isPresent()) {
            return new MailDecision(MailDecision.Kind.LOOP, intake,
                    loop.get().kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + loop.get().reason());
        }
        if (intake.requester() == null) {
            return new MailDecision(MailDecision.Kind.PARK, intake, "no sender address (From)");
        }
        return new MailDecision(MailDecision.Kind.INTAKE, intake, null);
    }

    TicketIntake envelope(ParsedMail mail, String product, String mailboxKey, Instant receivedAt) {
        String from = mail.from() == null ? null : blankToNull(mail.from().address());
        Party requester = from == null ? null : new Party(mail.from().name(), from, null);
        List<Party> participants = new ArrayList<>();
        for (MailAddress cc : mail.cc()) {
            if (cc.address() != null) {
                participants.add(new Party(cc.name(), cc.address(), null));
            }
        }
        String reference = subjectKey(mail.subject());
        List<String> inReplyTo = new ArrayList<>();
        for (String id : mail.inReplyTo()) {
            Optional<String> own = messageIds.ticketKey(id);
            if (own.isPresent()) {
                if (reference == null) {
                    reference = own.get();
                }
            } else if (id.length() <= 998) {
                inReplyTo.add(id);
            }
        }
        boolean reply = reference != null || !inReplyTo.isEmpty();
        String text = reply && !mail.quotedTrimmedText().isBlank() ? mail.quotedTrimmedText() : mail.text();
        if (text.isBlank()) {
            text = mail.attachments().isEmpty() ? "(no text)" : "(no text; " + mail.attachments().size() + " attachment(s))";
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("mailbox", mailboxKey);
        if (!mail.attachments().isEmpty()) {
            attributes.put("attachments", String.valueOf(mail.attachments().size()));
        }
        return new TicketIntake(Channel.EMAIL, product, requester, mail.subject(), text, participants,
                messageKey(mail, null), null, reference, inReplyTo, receivedAt, attributes);
    }

    /** The ticket key of a {@code [DOC-123]} tag in a subject, upper case, or null. */
    public static String subjectKey(String subject) {
        if (subject == null) {
            return null;
        }
        Matcher m = KEY_TAG.matcher(subject);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
