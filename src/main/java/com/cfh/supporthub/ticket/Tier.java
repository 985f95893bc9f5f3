package com.cfh.supporthub.ticket;

/** Support tier handling a ticket; escalation moves it up (P09). */
public enum Tier {
    TIER1, TIER2, MANAGER
}
