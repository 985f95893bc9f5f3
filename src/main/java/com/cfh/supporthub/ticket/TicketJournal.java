package com.cfh.supporthub.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.outbox.Destinations;
import com.cfh.supporthub.outbox.MailMessageIds;
import com.cfh.supporthub.sla.SlaColumns;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Appends audit events (through {@link TicketStore}) and outbox entries with plain JDBC batches, inside the
 * caller's transaction, for everything that is not intake (workflow actions, SLA sweep, escalation).
 */
@Component
public class TicketJournal {

    /** One audit event (append-only). */
    public record Event(long ticketId, String type, String actor, String detail, Instant at) {
    }

    /**
     * One side effect for a later delivery, available from {@code availableAt}. {@code destination}: the outbox
     * destination ({@code customer-mail}, {@code staff-mail}; docs/outbox.md), or null for the one of its type.
     */
    public record Notice(long ticketId, String ticketKey, String type, Map<String, Object> payload,
                         Instant availableAt, Instant at, String destination) {

        public Notice(long ticketId, String ticketKey, String type, Map<String, Object> payload, Instant availableAt,
                      Instant at) {
            this(ticketId, ticketKey, type, payload, availableAt, at, null);
        }

        /** The same notice for staff only (destination {@code staff-mail}: internal Message-ID, no customer thread). */
        public Notice toStaff() {
            return new Notice(ticketId, ticketKey, type, payload, availableAt, at, Destinations.STAFF_MAIL);
        }
    }

    private final JdbcTemplate jdbc;
    private final IdAllocator ids;
    private final ObjectMapper objectMapper;
    private final TicketStore store;
    private final MailMessageIds messageIds;

    public TicketJournal(JdbcTemplate jdbc, IdAllocator ids, ObjectMapper objectMapper, TicketStore store,
                         MailMessageIds messageIds) {
        this.store = store;
        this.jdbc = jdbc;
        this.ids = ids;
        this.objectMapper = objectMapper;
        this.messageIds = messageIds;
    }

    /** Audit events: written by {@link TicketStore}, the one writer of the ticket's tables. */
    public void events(List<Event> events) {
        store.events(events);
    }

    public void notices(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(notices.size());
        for (Notice n : notices) {
            String json;
            try {
                json = objectMapper.writeValueAsString(n.payload());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("outbox payload of " + n.ticketKey(), e);
            }
            long id = ids.next("outbox_seq");
            String destination = n.destination() != null ? n.destination() : Destinations.mailDestination(n.type());
            // the Message-ID is fixed now, so every delivery attempt of the row carries the same one (issue 14.5)
            rows.add(new Object[] {id, n.type(), n.ticketId(), n.ticketKey(), json, "PENDING",
                    SlaColumns.ts(n.availableAt()), SlaColumns.ts(n.at()), destination, Destinations.priority(n.type()),
                    messageIds.forRow(destination, n.ticketKey(), id)});
        }
        jdbc.batchUpdate("INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, available_at, "
                + "created_at, destination, priority, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }
}
