package com.cfh.supporthub.email;

import com.cfh.supporthub.intake.TicketIntake;

/**
 * What the e-mail channel does with one inbound message (P03).
 *
 * @param kind      INTAKE: hand {@code intake} to the pipeline (new ticket or threaded reply);
 *                  NOTE: staff mail on a ticket, kept as an internal note on it (P09, P15);
 *                  LOOP: an auto-reply, a bounce or the hub's own mail, recorded only;
 *                  PARK: kept aside with {@code reason}
 * @param intake    the envelope (for LOOP and NOTE: the references used to find the ticket it concerns)
 * @param reason    why a message is a note, a loop or parked, else null
 * @param ticketKey for NOTE: the ticket it is a note on, when the message names it (a staff-only Message-ID);
 *                  null: the ticket its references lead to
 */
public record MailDecision(Kind kind, TicketIntake intake, String reason, String ticketKey) {

    public enum Kind { INTAKE, NOTE, LOOP, PARK }

    public MailDecision(Kind kind, TicketIntake intake, String reason) {
        this(kind, intake, reason, null);
    }
}
