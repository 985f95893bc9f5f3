package com.cfh.supporthub.intake;

import org.springframework.stereotype.Component;

/**
 * Read steps of the intake pipeline: finding an exact duplicate and the ticket an envelope
 * continues. The writer repeats both inside its transaction, so a race between two requests
 * still ends in one ticket; these reads therefore need no transaction of their own (a JPA one cost
 * a Hibernate session per request).
 */
@Component("ticketLookup")
public class TicketLookup {

    private final IntakeSql sql;

    public TicketLookup(IntakeSql sql) {
        this.sql = sql;
    }

    /** The earlier result when this envelope was already taken in, else {@code null}. */
    public IntakeResult findDuplicate(TicketIntake intake) {
        if (intake.idempotencyKey() == null && intake.externalId() == null) {
            return null; // nothing to match on: no database round trip
        }
        return sql.findDuplicate(intake).orElse(null);
    }

    /** The id of the ticket the envelope refers to (ticket key first, then replied-to ids), else {@code null}. */
    public Long resolveThread(TicketIntake intake) {
        if (!intake.references()) {
            return null;
        }
        return sql.findThread(intake).map(IntakeSql.TicketRow::id).orElse(null);
    }
}
