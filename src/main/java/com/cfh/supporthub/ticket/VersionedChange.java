package com.cfh.supporthub.ticket;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketJournal.Notice;
import com.cfh.supporthub.web.ProblemException;

/**
 * A read-decide-update of one ticket row guarded by the row's {@code version}: each attempt runs in its
 * own transaction, reads the row, decides, and updates {@code WHERE id = ? AND version = ?}. An attempt
 * that updated nothing (the SLA sweep, the intake writer or another agent changed the row first) rolls
 * back, and the change is tried again on the new row; one that updated the row writes its audit events
 * and outbox notices in the same transaction. Used by the agent workflow and the lifecycle actions, so
 * none of them loses the others' changes.
 */
public final class VersionedChange {

    /** Attempts before the caller gets 409. */
    public static final int ATTEMPTS = 5;

    /** What one attempt did: rows its UPDATE changed (0: lost to a concurrent change), and what to journal. */
    public record Attempt(int updated, String key, List<Event> events, List<Notice> notices) {
    }

    private VersionedChange() {
    }

    /**
     * Runs {@code attempt} in a transaction until its UPDATE changes the row, at most {@link #ATTEMPTS} times;
     * returns the ticket key.
     *
     * @throws ProblemException 409 when every attempt lost to a concurrent change of {@code key}
     */
    public static String retry(TransactionTemplate tx, TicketJournal journal, String key, Supplier<Attempt> attempt) {
        for (int i = 1; i <= ATTEMPTS; i++) {
            String done = tx.execute(status -> {
                Attempt a = attempt.get();
                if (a.updated() == 0) {
                    status.setRollbackOnly();
                    return null;
                }
                journal.events(a.events());
                journal.notices(a.notices());
                return a.key();
            });
            if (done != null) {
                return done;
            }
        }
        throw ProblemException.conflict(key + " kept changing while this change was made; try again.");
    }
}
