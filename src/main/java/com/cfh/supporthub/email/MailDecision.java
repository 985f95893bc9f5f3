package com.cfh.supporthub.email;

import com.cfh.supporthub.intake.TicketIntake;

/**
 * What the e-mail channel does with one inbound message (P03).
 *
 * @param kind   INTAKE: hand {@code intake} to the pipeline (new ticket or threaded reply);
 *               LOOP: an auto-reply or bounce, recorded only; PARK: kept aside with {@code reason}
 * @param intake the envelope (for LOOP: the references used to find the ticket it concerns)
 * @param reason why a message is a loop or parked, else null
 */
public record MailDecision(Kind kind, TicketIntake intake, String reason) {

    public enum Kind { INTAKE, LOOP, PARK }
}
