package com.cfh.supporthub.intake;

import java.time.Instant;

import com.cfh.supporthub.ticket.TicketStatus;

/**
 * The answer of the intake pipeline, given only after the ticket is committed.
 *
 * @param firstResponseDue when the first response is due (P07); null for a message added to an existing ticket
 * @param promise          the acknowledgement's sentence naming that instant in the product's time zone (P02)
 */
public record IntakeResult(
        IntakeOutcome outcome,
        String key,
        String product,
        TicketStatus status,
        Instant createdAt,
        Instant receivedAt,
        String linkedKey,
        Instant firstResponseDue,
        String promise) {

    /** The same ticket, answered again for a repeated request. */
    public IntakeResult asDuplicate() {
        return new IntakeResult(IntakeOutcome.DUPLICATE, key, product, status, createdAt, receivedAt, linkedKey,
                firstResponseDue, promise);
    }
}
