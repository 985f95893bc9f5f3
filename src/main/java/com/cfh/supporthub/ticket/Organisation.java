package com.cfh.supporthub.ticket;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

@Entity
@Immutable
@Table(name = "organisation")
public class Organisation {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "organisation_seq")
    @SequenceGenerator(name = "organisation_seq", sequenceName = "organisation_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "email_domain", length = 253)
    private String emailDomain;

    /** P17: every contact of the organisation sees every ticket of the organisation. */
    @Column(name = "share_all_tickets", nullable = false)
    private boolean shareAllTickets;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Organisation() {
    }

    public Organisation(String name, String emailDomain, Instant createdAt) {
        this.name = name;
        this.emailDomain = emailDomain;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getEmailDomain() { return emailDomain; }
    public boolean isShareAllTickets() { return shareAllTickets; }
    public void setShareAllTickets(boolean shareAllTickets) { this.shareAllTickets = shareAllTickets; }
    public Instant getCreatedAt() { return createdAt; }
}
