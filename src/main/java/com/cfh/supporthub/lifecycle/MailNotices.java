package com.cfh.supporthub.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.cfh.supporthub.ticket.TicketJournal.Notice;

/**
 * An automatic mail to a customer as an outbox row of type {@value #TYPE}: the mail delivery (issue 4)
 * sends it and threads it with the ticket's replies. Payload exactly
 * {@code {"to":[...],"cc":[],"subject":"...","text":"...","automatic":true}}.
 */
public final class MailNotices {

    public static final String TYPE = "mail.notice";

    private MailNotices() {
    }

    public static Notice mail(long ticketId, String ticketKey, String to, String subject, String text, Instant now) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("to", List.of(to));
        payload.put("cc", List.of());
        payload.put("subject", subject);
        payload.put("text", text);
        payload.put("automatic", true);
        return new Notice(ticketId, ticketKey, TYPE, payload, now, now);
    }
}
