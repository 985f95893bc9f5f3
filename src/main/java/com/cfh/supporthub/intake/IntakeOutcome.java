package com.cfh.supporthub.intake;

/** What the intake pipeline did with an envelope. */
public enum IntakeOutcome {
    /** A new ticket. */
    CREATED,
    /** A message added to the existing ticket the envelope referenced. */
    ATTACHED,
    /** An exact repeat of an earlier envelope: nothing stored, the earlier ticket returned. */
    DUPLICATE
}
