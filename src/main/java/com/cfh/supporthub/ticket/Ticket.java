package com.cfh.supporthub.ticket;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CascadeType;
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
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.Immutable;

/** The canonical ticket every channel produces (P06). */
@Entity
@Immutable
@Table(name = "ticket")
public class Ticket {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_seq")
    @SequenceGenerator(name = "ticket_seq", sequenceName = "ticket_seq", allocationSize = 50)
    private Long id;

    @Column(name = "ticket_key", nullable = false, length = 40, updatable = false)
    private String key;

    @Column(nullable = false, length = 32, updatable = false)
    private String product;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    private TicketStatus status = TicketStatus.NEW;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Priority priority = Priority.NORMAL;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Tier tier = Tier.TIER1;

    @Column(length = 100)
    private String assignee;

    @Column(nullable = false, length = 500)
    private String subject;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "requester_id", nullable = false)
    private Contact requester;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "organisation_id")
    private Organisation organisation;

    /** The earlier ticket this one continues (e.g. a reply to a closed ticket). */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "linked_ticket_id")
    private Ticket linkedTicket;

    @Column(name = "idempotency_key", length = 255, updatable = false)
    private String idempotencyKey;

    /** SHA-256 of the request that carried the idempotency key, to spot a key reused for other content. */
    @Column(name = "request_hash", length = 64, updatable = false)
    private String requestHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "first_response_at")
    private Instant firstResponseAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    /** When the SLA clocks started: the first opening at or after receipt (P02). */
    @Column(name = "sla_clock_start")
    private Instant slaClockStart;

    @Column(name = "first_response_goal_min")
    private Integer firstResponseGoalMinutes;

    @Column(name = "first_response_due")
    private Instant firstResponseDue;

    @Column(name = "first_response_at_risk_at")
    private Instant firstResponseAtRiskAt;

    @Column(name = "first_response_breached_at")
    private Instant firstResponseBreachedAt;

    @Column(name = "resolution_cycle", nullable = false)
    private int resolutionCycle = 1;

    @Column(name = "resolution_goal_min")
    private Integer resolutionGoalMinutes;

    @Column(name = "resolution_started_at")
    private Instant resolutionStartedAt;

    @Column(name = "resolution_due")
    private Instant resolutionDue;

    /** Working minutes the current resolution cycle spent waiting on the customer (P19). */
    @Column(name = "resolution_paused_min", nullable = false)
    private int resolutionPausedMinutes;

    @Column(name = "sla_paused_at")
    private Instant slaPausedAt;

    @Column(name = "resolution_met_at")
    private Instant resolutionMetAt;

    @Column(name = "resolution_at_risk_at")
    private Instant resolutionAtRiskAt;

    @Column(name = "resolution_breached_at")
    private Instant resolutionBreachedAt;

    /** The next instant the SLA sweep has something to do for this ticket; null when nothing. */
    @Column(name = "sla_next_check_at")
    private Instant slaNextCheckAt;

    @Column(name = "escalation_level", nullable = false)
    private int escalationLevel;

    @Column(name = "jira_key", length = 64)
    private String jiraKey;

    @Version
    private long version;

    @OneToMany(mappedBy = "ticket", cascade = CascadeType.PERSIST, fetch = FetchType.LAZY)
    private Set<TicketParticipant> participants = new LinkedHashSet<>();

    protected Ticket() {
    }

    public Ticket(String key, String product, Channel channel, String subject, Contact requester,
                  Instant receivedAt, Instant createdAt) {
        this.key = key;
        this.product = product;
        this.channel = channel;
        this.subject = subject;
        this.requester = requester;
        this.organisation = requester.getOrganisation();
        this.receivedAt = receivedAt;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** Adds a participant unless it is already one or is the requester (P16). */
    public boolean addParticipant(Contact contact, Instant at) {
        if (contact == requester || (contact.getId() != null && contact.getId().equals(requester.getId()))) {
            return false;
        }
        for (TicketParticipant p : participants) {
            if (p.getContact() == contact) {
                return false;
            }
        }
        return participants.add(new TicketParticipant(this, contact, at));
    }

    public void touch(Instant at) {
        this.updatedAt = at;
    }

    public void setIdempotency(String idempotencyKey, String requestHash) {
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
    }

    public Long getId() { return id; }
    public String getKey() { return key; }
    public String getProduct() { return product; }
    public Channel getChannel() { return channel; }
    public TicketStatus getStatus() { return status; }
    public void setStatus(TicketStatus status) { this.status = status; }
    public Priority getPriority() { return priority; }
    public void setPriority(Priority priority) { this.priority = priority; }
    public Tier getTier() { return tier; }
    public void setTier(Tier tier) { this.tier = tier; }
    public String getAssignee() { return assignee; }
    public void setAssignee(String assignee) { this.assignee = assignee; }
    public String getSubject() { return subject; }
    public Contact getRequester() { return requester; }
    public Organisation getOrganisation() { return organisation; }
    public Ticket getLinkedTicket() { return linkedTicket; }
    public void setLinkedTicket(Ticket linkedTicket) { this.linkedTicket = linkedTicket; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public String getRequestHash() { return requestHash; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getReceivedAt() { return receivedAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getFirstResponseAt() { return firstResponseAt; }
    public void setFirstResponseAt(Instant firstResponseAt) { this.firstResponseAt = firstResponseAt; }
    public Instant getResolvedAt() { return resolvedAt; }
    public void setResolvedAt(Instant resolvedAt) { this.resolvedAt = resolvedAt; }
    public Instant getClosedAt() { return closedAt; }
    public void setClosedAt(Instant closedAt) { this.closedAt = closedAt; }
    public Instant getSlaClockStart() { return slaClockStart; }
    public void setSlaClockStart(Instant slaClockStart) { this.slaClockStart = slaClockStart; }
    public Integer getFirstResponseGoalMinutes() { return firstResponseGoalMinutes; }
    public void setFirstResponseGoalMinutes(Integer minutes) { this.firstResponseGoalMinutes = minutes; }
    public Instant getFirstResponseDue() { return firstResponseDue; }
    public void setFirstResponseDue(Instant firstResponseDue) { this.firstResponseDue = firstResponseDue; }
    public Instant getFirstResponseAtRiskAt() { return firstResponseAtRiskAt; }
    public void setFirstResponseAtRiskAt(Instant at) { this.firstResponseAtRiskAt = at; }
    public Instant getFirstResponseBreachedAt() { return firstResponseBreachedAt; }
    public void setFirstResponseBreachedAt(Instant at) { this.firstResponseBreachedAt = at; }
    public int getResolutionCycle() { return resolutionCycle; }
    public void setResolutionCycle(int resolutionCycle) { this.resolutionCycle = resolutionCycle; }
    public Integer getResolutionGoalMinutes() { return resolutionGoalMinutes; }
    public void setResolutionGoalMinutes(Integer minutes) { this.resolutionGoalMinutes = minutes; }
    public Instant getResolutionStartedAt() { return resolutionStartedAt; }
    public void setResolutionStartedAt(Instant at) { this.resolutionStartedAt = at; }
    public Instant getResolutionDue() { return resolutionDue; }
    public void setResolutionDue(Instant resolutionDue) { this.resolutionDue = resolutionDue; }
    public int getResolutionPausedMinutes() { return resolutionPausedMinutes; }
    public void setResolutionPausedMinutes(int minutes) { this.resolutionPausedMinutes = minutes; }
    public Instant getSlaPausedAt() { return slaPausedAt; }
    public void setSlaPausedAt(Instant slaPausedAt) { this.slaPausedAt = slaPausedAt; }
    public Instant getResolutionMetAt() { return resolutionMetAt; }
    public void setResolutionMetAt(Instant at) { this.resolutionMetAt = at; }
    public Instant getResolutionAtRiskAt() { return resolutionAtRiskAt; }
    public void setResolutionAtRiskAt(Instant at) { this.resolutionAtRiskAt = at; }
    public Instant getResolutionBreachedAt() { return resolutionBreachedAt; }
    public void setResolutionBreachedAt(Instant at) { this.resolutionBreachedAt = at; }
    public Instant getSlaNextCheckAt() { return slaNextCheckAt; }
    public void setSlaNextCheckAt(Instant at) { this.slaNextCheckAt = at; }
    public int getEscalationLevel() { return escalationLevel; }
    public void setEscalationLevel(int escalationLevel) { this.escalationLevel = escalationLevel; }
    public String getJiraKey() { return jiraKey; }
    public void setJiraKey(String jiraKey) { this.jiraKey = jiraKey; }
    public Set<TicketParticipant> getParticipants() { return participants; }
}
