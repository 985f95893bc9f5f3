package com.cfh.supporthub.outbox;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.email.OutboundMessageIds;

/**
 * The Message-ID of an outbox mail row, fixed when the row is written (issue 14.5): column
 * {@code message_id}, made from the row's id as nonce, so every delivery attempt of the row, on any
 * node and after any crash, carries the same id and a duplicate is recognisable (the hub's own intake
 * drops it as a loop). Customer mail gets {@link OutboundMessageIds#create(String, String)}, staff mail
 * {@link OutboundMessageIds#createInternal(String, String)}; mail about no ticket a plain id of the row.
 */
@Component
public class MailMessageIds {

    private final OutboundMessageIds ids;

    public MailMessageIds(OutboundMessageIds ids) {
        this.ids = ids;
        // The HMAC key is read (or made and stored) now, outside any writer's transaction: a key stored
        // inside one that rolled back would be lost while this node kept using it.
        ids.create("HUB-1", OutboundMessageIds.nonce(0));
    }

    /** The Message-ID of row {@code rowId} of {@code destination} about {@code ticketKey} (may be null). */
    public String forRow(String destination, String ticketKey, long rowId) {
        if (ticketKey == null) {
            return "<hub.outbox." + OutboundMessageIds.nonce(rowId) + "@" + ids.domain() + ">";
        }
        String nonce = OutboundMessageIds.nonce(rowId);
        return Destinations.STAFF_MAIL.equals(destination) ? ids.createInternal(ticketKey, nonce) : ids.create(ticketKey, nonce);
    }
}
