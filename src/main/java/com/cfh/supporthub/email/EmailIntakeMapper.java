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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.ticket.Channel;

/**
 * A parsed e-mail as the canonical intake envelope (P03, P16): the sender is the requester, Cc
 * recipients are participants, the Message-ID (else {@code sha256:} of the raw bytes) the external
 * id; a {@code [DOC-123]} subject tag, then In-Reply-To/References (the hub's own HMAC-signed ids
 * turned into their ticket key) say which ticket a reply continues. Automatic mail, the hub's own mail and
 * mail the hub cannot attribute to a sender are not taken in; staff mail on a ticket is an internal note.
 */
@Component("emailIntakeMapper")
public class EmailIntakeMapper {

    private static final Pattern KEY_TAG = Pattern.compile("\\[([A-Za-z][A-Za-z0-9]*-\\d{1,12})\\]");

    /** Start of the reason of the hub's own mail coming back (issue 14.5). */
    public static final String OWN_MAIL = "own mail";

    private final OutboundMessageIds messageIds;
    private final InternalSenders internal;

    public EmailIntakeMapper(OutboundMessageIds messageIds) {
        this(messageIds, InternalSenders.NONE);
    }

    @Autowired
    public EmailIntakeMapper(OutboundMessageIds messageIds, InternalSenders internal) {
        this.messageIds = messageIds;
        this.internal = internal;
    }

    /** The id a message is known by: its Message-ID, or a digest of its raw bytes. */
    public static String messageKey(ParsedMail mail, String rawSha256) {
        if (mail.messageId() != null && mail.messageId().length() <= 998) {
            return mail.messageId();
        }
        return "sha256:" + (mail.rawSha256() != null ? mail.rawSha256() : rawSha256);
    }

    /**
     * In this order: unreadable: PARK; the hub's own Message-ID (a resend, a copy, a loop; HMAC verified): LOOP;
     * automatic mail: LOOP; no sender: PARK; a reply to staff-only mail ({@code <hub-internal.KEY...>}): NOTE on
     * that ticket; an internal sender's mail that refers to a ticket: NOTE; else INTAKE.
     */
    public MailDecision decide(ParsedMail mail, String product, String mailboxKey, Instant receivedAt) {
        Envelope envelope = envelope(mail, product, mailboxKey, receivedAt);
        TicketIntake intake = envelope.intake();
        if (!mail.readable()) {
            return new MailDecision(MailDecision.Kind.PARK, intake, "unreadable: " + String.join("; ", mail.problems()));
        }
        if (mail.messageId() != null && messageIds.isOwn(mail.messageId())) {
            String named = messageIds.ticketKey(mail.messageId()).or(() -> messageIds.internalTicketKey(mail.messageId()))
                    .orElse(null);
            return new MailDecision(MailDecision.Kind.LOOP, withReference(intake, named), OWN_MAIL + ": its Message-ID "
                    + mail.messageId() + " is one the hub made (a resend, a copy or a mail loop), never a ticket");
        }
        Optional<LoopDetector.Verdict> loop = LoopDetector.classify(mail);
        if (loop.isPresent()) {
            return new MailDecision(MailDecision.Kind.LOOP, intake,
                    loop.get().kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + loop.get().reason());
        }
        if (intake.requester() == null) {
            return new MailDecision(MailDecision.Kind.PARK, intake, "no sender address (From)");
        }
        if (envelope.staffTicket() != null) {
            return new MailDecision(MailDecision.Kind.NOTE, intake, "reply to staff-only mail about "
                    + envelope.staffTicket(), envelope.staffTicket());
        }
        if (intake.references() && internal.isInternal(intake.requester().email())) {
            return new MailDecision(MailDecision.Kind.NOTE, intake, "internal sender " + intake.requester().email(), null);
        }
        return new MailDecision(MailDecision.Kind.INTAKE, intake, null);
    }

    /** The envelope, and the ticket a staff-only Message-ID among its references names (else null). */
    record Envelope(TicketIntake intake, String staffTicket) {
    }

    Envelope envelope(ParsedMail mail, String product, String mailboxKey, Instant receivedAt) {
        String from = mail.from() == null ? null : blankToNull(mail.from().address());
        Party requester = from == null ? null : new Party(mail.from().name(), from, null);
        List<Party> participants = new ArrayList<>();
        for (MailAddress cc : mail.cc()) {
            if (cc.address() != null) {
                participants.add(new Party(cc.name(), cc.address(), null));
            }
        }
        String reference = subjectKey(mail.subject());
        String staffTicket = null;
        List<String> inReplyTo = new ArrayList<>();
        for (String id : mail.inReplyTo()) {
            Optional<String> own = messageIds.ticketKey(id);
            Optional<String> staff = own.isPresent() ? Optional.empty() : messageIds.internalTicketKey(id);
            if (own.isPresent()) {
                if (reference == null) {
                    reference = own.get();
                }
            } else if (staff.isPresent()) {
                if (staffTicket == null) {
                    staffTicket = staff.get();
                }
            } else if (id.length() <= 998) {
                inReplyTo.add(id);
            }
        }
        boolean reply = reference != null || staffTicket != null || !inReplyTo.isEmpty();
        String text = reply && !mail.quotedTrimmedText().isBlank() ? mail.quotedTrimmedText() : mail.text();
        if (text.isBlank()) {
            text = mail.attachments().isEmpty() ? "(no text)" : "(no text; " + mail.attachments().size() + " attachment(s))";
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("mailbox", mailboxKey);
        if (!mail.attachments().isEmpty()) {
            attributes.put("attachments", String.valueOf(mail.attachments().size()));
        }
        return new Envelope(new TicketIntake(Channel.EMAIL, product, requester, mail.subject(), text, participants,
                messageKey(mail, null), null, reference, inReplyTo, receivedAt, attributes), staffTicket);
    }

    /** The envelope naming ticket {@code key} (when not null) instead of its own references. */
    static TicketIntake withReference(TicketIntake intake, String key) {
        return key == null ? intake : new TicketIntake(intake.channel(), intake.product(), intake.requester(),
                intake.subject(), intake.body(), intake.participants(), intake.externalId(), intake.idempotencyKey(), key,
                List.of(), intake.receivedAt(), intake.attributes());
    }

    /**
     * The envelope as a conversation of its own (P18: a revoked contact's reply joins no ticket): no ticket
     * reference, no replied-to ids; {@code why} is kept on the new ticket's audit event.
     */
    static TicketIntake unthreaded(TicketIntake intake, String why) {
        Map<String, String> attributes = new LinkedHashMap<>(intake.attributes());
        attributes.put("not-threaded", why);
        return new TicketIntake(intake.channel(), intake.product(), intake.requester(), intake.subject(), intake.body(),
                intake.participants(), intake.externalId(), intake.idempotencyKey(), null, List.of(), intake.receivedAt(),
                attributes);
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
