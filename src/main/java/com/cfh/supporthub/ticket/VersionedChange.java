package com.cfh.supporthub.ticket;

import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.web.ProblemException;

/**
 * A read-decide-update of one ticket row guarded by the row's {@code version}: each attempt runs in its
 * own transaction, reads the row, decides, and updates {@code WHERE id = ? AND version = ?}. An attempt
 * that updated nothing (the SLA sweep, the intake writer or another agent changed the row first) rolls
 * back and returns null, and the change is tried again on the new row. Used by the agent workflow and
 * the lifecycle actions, so none of them loses the others' changes.
 */
public final class VersionedChange {

    /** Attempts before the caller gets 409. */
    public static final int ATTEMPTS = 5;

    private VersionedChange() {
    }

    /**
     * Runs {@code attempt} until it returns the ticket key, at most {@link #ATTEMPTS} times.
     *
     * @throws ProblemException 409 when every attempt lost to a concurrent change of {@code key}
     */
    public static String retry(TransactionTemplate tx, String key, TransactionCallback<String> attempt) {
        for (int i = 1; i <= ATTEMPTS; i++) {
            String done = tx.execute(attempt);
            if (done != null) {
                return done;
            }
        }
        throw ProblemException.conflict(key + " kept changing while this change was made; try again.");
    }
}
