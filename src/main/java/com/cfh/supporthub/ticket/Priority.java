package com.cfh.supporthub.ticket;

/** Ticket priority (P06). */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT
}
