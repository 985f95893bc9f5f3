package com.cfh.supporthub.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.IdAllocator;
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

    /** One side effect for a later delivery, available from {@code availableAt}. */
    public record Notice(long ticketId, String ticketKey, String type, Map<String, Object> payload,
                         Instant availableAt, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final IdAllocator ids;
    private final ObjectMapper objectMapper;
    private final TicketStore store;

    public TicketJournal(JdbcTemplate jdbc, IdAllocator ids, ObjectMapper objectMapper, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.ids = ids;
        this.objectMapper = objectMapper;
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
            rows.add(new Object[] {ids.next("outbox_seq"), n.type(), n.ticketId(), n.ticketKey(), json, "PENDING",
                    SlaColumns.ts(n.availableAt()), SlaColumns.ts(n.at())});
        }
        jdbc.batchUpdate("INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, available_at, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }
}
