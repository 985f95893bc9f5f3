package com.cfh.supporthub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.TicketJournal.Event;

/**
 * The store's delete on the real database (HSQLDB, or PostgreSQL with -Ppostgres): V60's cascades remove a
 * ticket's messages, participants, events and SLA cycles with it, and a ticket linked to it keeps its row
 * with the link cleared. Tickets are made through the widget endpoint.
 */
class TicketStoreIT extends HubIT {

    @Autowired
    TicketStore store;

    @Autowired
    PlatformTransactionManager transactions;

    private long newTicket(String subject) {
        Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy", "store-" + UUID.randomUUID() + "@example.com",
                subject, "Text of " + subject)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return count("SELECT id FROM ticket WHERE ticket_key = ?", reply.json().get("key").asText());
    }

    @Test
    @DisplayName("P13: deleting a ticket cascades to its messages, participants, events and SLA cycles; a linked ticket stays, unlinked")
    void purgeCascadesToChildrenAndUnlinks_P13() {
        long old = newTicket("Old request");
        long newer = newTicket("Follow-up");
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        TransactionTemplate tx = new TransactionTemplate(transactions);
        long otherContact = count("SELECT requester_id FROM ticket WHERE id = ?", newer);
        tx.executeWithoutResult(s -> {
            store.addParticipant(old, otherContact, now);
            store.addMessage(old, MessageDirection.INTERNAL, "AGENT", "agent", "a note", null, now, now);
            store.events(List.of(new Event(old, "note.added", "agent", "internal note", now)));
            store.fileCycle(old, new com.cfh.supporthub.sla.SlaClock.CompletedCycle(1, 1620, now, now.plusSeconds(3600),
                    0, now, null), now);
        });
        // a newer ticket that continues the old one (as intake links a reply to a closed ticket)
        jdbc.update("UPDATE ticket SET linked_ticket_id = ? WHERE id = ?", old, newer);
        long participants = count("SELECT COUNT(*) FROM ticket_participant WHERE ticket_id = ?", old);
        long messages = count("SELECT COUNT(*) FROM ticket_message WHERE ticket_id = ?", old);
        long events = count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ?", old);
        assertThat(participants).isEqualTo(1);
        assertThat(messages).isEqualTo(2);
        assertThat(events).isGreaterThanOrEqualTo(2);

        // the outbox rows and channel records are not the store's: RetentionPurge deletes them first, as here
        jdbc.update("DELETE FROM outbox WHERE ticket_id = ?", old);
        TicketStore.Purged purged = tx.execute(s -> store.purge(List.of(old)));

        assertThat(purged.tickets()).isEqualTo(1);
        assertThat(purged.messages()).isEqualTo((int) messages);
        assertThat(purged.events()).isEqualTo((int) events);
        for (String table : List.of("ticket_message", "ticket_event", "ticket_participant", "sla_cycle_history")) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE ticket_id = ?", old)).as(table).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id = ?", old)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id = ? AND linked_ticket_id IS NULL", newer)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE ticket_id = ?", newer)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM contact WHERE id = ?", otherContact)).as("contacts are the purge's call")
                .isEqualTo(1);
    }
}
