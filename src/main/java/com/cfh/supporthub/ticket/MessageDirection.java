package com.cfh.supporthub.ticket;

/** INBOUND from the customer, OUTBOUND a public reply, INTERNAL a note customers never see. */
public enum MessageDirection {
    INBOUND, OUTBOUND, INTERNAL
}
