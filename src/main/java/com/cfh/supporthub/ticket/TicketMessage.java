package com.cfh.supporthub.ticket;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One message of a ticket's history: what the customer wrote, a public reply or an internal note. */
@Entity
@Immutable
@Table(name = "ticket_message")
public class TicketMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_message_seq")
    @SequenceGenerator(name = "ticket_message_seq", sequenceName = "ticket_message_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "ticket_id", nullable = false, updatable = false)
    private Ticket ticket;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private MessageDirection direction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private Channel channel;

    @Column(nullable = false, length = 320, updatable = false)
    private String author;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "author_contact_id", updatable = false)
    private Contact authorContact;

    /** Canonical plain text. */
    @Column(nullable = false, length = 200_000)
    private String body;

    /** Sanitised HTML for display, when the channel gave HTML. */
    @Column(name = "body_html", length = 400_000)
    private String bodyHtml;

    /** The channel's own id: a Message-ID, a call id. Unique per channel. */
    @Column(name = "external_id", length = 998, updatable = false)
    private String externalId;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected TicketMessage() {
    }

    public TicketMessage(Ticket ticket, MessageDirection direction, Channel channel, String author,
                         Contact authorContact, String body, String externalId, Instant receivedAt,
                         Instant createdAt) {
        this.ticket = ticket;
        this.direction = direction;
        this.channel = channel;
        this.author = author;
        this.authorContact = authorContact;
        this.body = body;
        this.externalId = externalId;
        this.receivedAt = receivedAt;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public Ticket getTicket() { return ticket; }
    public MessageDirection getDirection() { return direction; }
    public Channel getChannel() { return channel; }
    public String getAuthor() { return author; }
    public Contact getAuthorContact() { return authorContact; }
    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public String getBodyHtml() { return bodyHtml; }
    public void setBodyHtml(String bodyHtml) { this.bodyHtml = bodyHtml; }
    public String getExternalId() { return externalId; }
    public Instant getReceivedAt() { return receivedAt; }
    public Instant getCreatedAt() { return createdAt; }
}
