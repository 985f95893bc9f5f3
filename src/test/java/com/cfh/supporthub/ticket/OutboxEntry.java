package com.cfh.supporthub.ticket;

import java.time.Instant;

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

/**
 * A side effect (mail, Jira) recorded in the same transaction as the change that causes it, and
 * delivered later by its destination's route with retries (docs/outbox.md). The payload is JSON. The hub
 * writes and claims rows with plain SQL (TicketJournal, IntakeStore, JiraQueue, MailOutbox, JiraMirror). This
 * mapping lives in the tests only: it is for camel-jpa's consumer in the claim benchmark (OutboxClaimBenchmark), which
 * measured it against the SQL claim and lost (docs/outbox.md; issue 15.5: no main code that nothing uses).
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    public static final String PENDING = "PENDING";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "outbox_seq", allocationSize = 50)
    private Long id;

    @Column(name = "event_type", nullable = false, length = 64)
    private String eventType;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "ticket_id")
    private Ticket ticket;

    @Column(name = "ticket_key", length = 40)
    private String ticketKey;

    @Column(nullable = false, length = 32_000)
    private String payload;

    @Column(nullable = false, length = 16)
    private String status = PENDING;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "available_at", nullable = false)
    private Instant availableAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "last_error", length = 2000)
    private String lastError;

    /** {@code customer-mail}, {@code staff-mail} or {@code jira} (docs/outbox.md). */
    @Column(nullable = false, length = 16)
    private String destination = "customer-mail";

    /** Claim order within the destination, lower first: 0 conversation, 1 the rest. */
    @Column(nullable = false)
    private int priority = 1;

    /** A mail's Message-ID, fixed when the row is written (issue 14.5). */
    @Column(name = "message_id", length = 255)
    private String messageId;

    @Column(name = "claim_token", length = 64)
    private String claimToken;

    @Column(name = "last_status")
    private Integer lastStatus;

    @Column(name = "external_ref", length = 64)
    private String externalRef;

    protected OutboxEntry() {
    }

    public OutboxEntry(String eventType, Ticket ticket, String payload, Instant createdAt) {
        this.eventType = eventType;
        this.ticket = ticket;
        this.ticketKey = ticket == null ? null : ticket.getKey();
        this.payload = payload;
        this.createdAt = createdAt;
        this.availableAt = createdAt;
    }

    public Long getId() { return id; }
    public String getEventType() { return eventType; }
    public Ticket getTicket() { return ticket; }
    public String getTicketKey() { return ticketKey; }
    public String getPayload() { return payload; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public Instant getAvailableAt() { return availableAt; }
    public void setAvailableAt(Instant availableAt) { this.availableAt = availableAt; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getDeliveredAt() { return deliveredAt; }
    public void setDeliveredAt(Instant deliveredAt) { this.deliveredAt = deliveredAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public String getDestination() { return destination; }
    public void setDestination(String destination) { this.destination = destination; }
    public int getPriority() { return priority; }
    public void setPriority(int priority) { this.priority = priority; }
    public String getMessageId() { return messageId; }
    public void setMessageId(String messageId) { this.messageId = messageId; }
    public String getClaimToken() { return claimToken; }
    public Integer getLastStatus() { return lastStatus; }
    public String getExternalRef() { return externalRef; }
}
