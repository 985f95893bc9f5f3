package com.cfh.supporthub.ticket;

import java.time.Instant;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One entry of a ticket's append-only audit trail. Never updated. */
@Entity
@Immutable
@Table(name = "ticket_event")
public class TicketEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_event_seq")
    @SequenceGenerator(name = "ticket_event_seq", sequenceName = "ticket_event_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "ticket_id", nullable = false)
    private Ticket ticket;

    @Column(name = "event_type", nullable = false, length = 64)
    private String type;

    @Column(nullable = false, length = 320)
    private String actor;

    @Column(length = 4000)
    private String detail;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    protected TicketEvent() {
    }

    public TicketEvent(Ticket ticket, String type, String actor, String detail, Instant occurredAt) {
        this.ticket = ticket;
        this.type = type;
        this.actor = actor;
        this.detail = detail;
        this.occurredAt = occurredAt;
    }

    public Long getId() { return id; }
    public Ticket getTicket() { return ticket; }
    public String getType() { return type; }
    public String getActor() { return actor; }
    public String getDetail() { return detail; }
    public Instant getOccurredAt() { return occurredAt; }
}
