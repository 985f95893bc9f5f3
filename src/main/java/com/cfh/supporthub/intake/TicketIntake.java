package com.cfh.supporthub.intake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.cfh.supporthub.ticket.Channel;

/**
 * The canonical envelope every channel hands to {@code direct:ticket-intake}. Documented as the
 * channel contract in {@code docs/intake-envelope.md}.
 *
 * @param channel        where the request came from
 * @param product        product id, a key of {@code hub.products}
 * @param requester      who asks
 * @param subject        one-line summary
 * @param body           canonical plain text
 * @param participants   others the ticket is shared with (P16), e.g. CC recipients
 * @param externalId     the channel's own id of this message (Message-ID, call id); unique per channel
 * @param idempotencyKey a client's {@code Idempotency-Key}; unique per channel
 * @param ticketReference a ticket key the message names, e.g. {@code DOC-12} from a subject tag
 * @param inReplyTo      external ids this message answers (In-Reply-To, then References, newest first)
 * @param receivedAt     when the channel received the request (starts the SLA clock)
 * @param attributes     channel details kept on the audit event (page URL, caller id, ...)
 */
public record TicketIntake(
        Channel channel,
        String product,
        Party requester,
        String subject,
        String body,
        List<Party> participants,
        String externalId,
        String idempotencyKey,
        String ticketReference,
        List<String> inReplyTo,
        Instant receivedAt,
        Map<String, String> attributes) {

    public TicketIntake {
        participants = participants == null ? List.of() : List.copyOf(participants);
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public boolean references() {
        return ticketReference != null || !inReplyTo.isEmpty();
    }
}
