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

import org.hibernate.annotations.Immutable;

/** A person who asks for support: known by e-mail address, phone number or both. */
@Entity
@Immutable
@Table(name = "contact")
public class Contact {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contact_seq")
    @SequenceGenerator(name = "contact_seq", sequenceName = "contact_seq", allocationSize = 50)
    private Long id;

    /** Lower-case address; unique. */
    @Column(length = 320)
    private String email;

    /** E.164 number. */
    @Column(length = 32)
    private String phone;

    @Column(name = "display_name", length = 200)
    private String displayName;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "organisation_id")
    private Organisation organisation;

    @Column(name = "access_revoked_at")
    private Instant accessRevokedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Contact() {
    }

    public Contact(String email, String phone, String displayName, Instant createdAt) {
        this.email = email;
        this.phone = phone;
        this.displayName = displayName;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getEmail() { return email; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public Organisation getOrganisation() { return organisation; }
    public void setOrganisation(Organisation organisation) { this.organisation = organisation; }
    public Instant getAccessRevokedAt() { return accessRevokedAt; }
    public Instant getCreatedAt() { return createdAt; }

    /** How the contact is shown as an author: address, else number, else "unknown". */
    public String label() {
        if (email != null) return email;
        if (phone != null) return phone;
        return "unknown";
    }
}
