package com.cfh.supporthub.intake;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read steps of the intake pipeline: finding an exact duplicate and the ticket an envelope
 * continues. The writer repeats both inside its transaction, so a race between two requests
 * still ends in one ticket.
 */
@Component("ticketLookup")
public class TicketLookup {

    private final IntakeSql sql;
    private final TransactionTemplate readOnly;

    public TicketLookup(IntakeSql sql, PlatformTransactionManager transactionManager) {
        this.sql = sql;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** The earlier result when this envelope was already taken in, else {@code null}. */
    public IntakeResult findDuplicate(TicketIntake intake) {
        if (intake.idempotencyKey() == null && intake.externalId() == null) {
            return null; // nothing to match on: no database round trip
        }
        return readOnly.execute(s -> sql.findDuplicate(intake).orElse(null));
    }

    /** The id of the ticket the envelope refers to (ticket key first, then replied-to ids), else {@code null}. */
    public Long resolveThread(TicketIntake intake) {
        if (!intake.references()) {
            return null;
        }
        return readOnly.execute(s -> sql.findThread(intake).map(IntakeSql.TicketRow::id).orElse(null));
    }
}
