package com.cfh.supporthub.notify;

import java.util.List;

/**
 * A mail the outbox is to send, before the SMTP message is built.
 *
 * @param to            recipients
 * @param cc            copy recipients
 * @param subject       subject, with the ticket key tag when about a ticket
 * @param text          plain-text body
 * @param autoSubmitted RFC 3834 value for automatic mail ({@code auto-replied}, {@code auto-generated}), null for a person's
 * @param capped        counts against the per-address daily cap of automatic mail
 * @param ticketKey     the ticket it is about, or null
 * @param product       product id, for the From name and Reply-To, or null
 * @param inReplyTo     Message-ID it answers, or null
 * @param references    References chain, oldest first
 */
public record OutgoingMail(List<String> to, List<String> cc, String subject, String text, String autoSubmitted,
                           boolean capped, String ticketKey, String product, String inReplyTo, List<String> references) {

    public OutgoingMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        references = List.copyOf(references);
    }

    public boolean automatic() {
        return autoSubmitted != null;
    }

    OutgoingMail withRecipients(List<String> newTo, List<String> newCc) {
        return new OutgoingMail(newTo, newCc, subject, text, autoSubmitted, capped, ticketKey, product, inReplyTo, references);
    }
}
