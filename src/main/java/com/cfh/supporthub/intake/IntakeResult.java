package com.cfh.supporthub.intake;

import java.time.Instant;

import com.cfh.supporthub.ticket.TicketStatus;

/** The answer of the intake pipeline, given only after the ticket is committed. */
public record IntakeResult(
        IntakeOutcome outcome,
        String key,
        String product,
        TicketStatus status,
        Instant createdAt,
        Instant receivedAt,
        String linkedKey) {
}
