package com.cfh.supporthub.ticket;

/** Where a request came from. */
public enum Channel {
    EMAIL, WIDGET, PORTAL, PHONE, AGENT
}
