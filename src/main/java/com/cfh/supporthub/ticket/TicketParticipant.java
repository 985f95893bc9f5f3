package com.cfh.supporthub.ticket;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A contact a ticket is shared with (P16): a CC recipient or someone added later. */
@Entity
@Immutable
@Table(name = "ticket_participant")
public class TicketParticipant {

    @EmbeddedId
    private Id id = new Id();

    @MapsId("ticketId")
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "ticket_id")
    private Ticket ticket;

    @MapsId("contactId")
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "contact_id")
    private Contact contact;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected TicketParticipant() {
    }

    TicketParticipant(Ticket ticket, Contact contact, Instant addedAt) {
        this.ticket = ticket;
        this.contact = contact;
        this.addedAt = addedAt;
    }

    public Ticket getTicket() { return ticket; }
    public Contact getContact() { return contact; }
    public Instant getAddedAt() { return addedAt; }

    @Embeddable
    public static class Id implements Serializable {
        @Column(name = "ticket_id")
        private Long ticketId;
        @Column(name = "contact_id")
        private Long contactId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && Objects.equals(ticketId, other.ticketId)
                    && Objects.equals(contactId, other.contactId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ticketId, contactId);
        }
    }
}
