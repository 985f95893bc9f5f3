package com.cfh.supporthub.ticket;

/** Lifecycle: NEW → OPEN → WAITING_ON_CUSTOMER ⇄ OPEN → RESOLVED → CLOSED. */
public enum TicketStatus {
    NEW, OPEN, WAITING_ON_CUSTOMER, RESOLVED, CLOSED
}
