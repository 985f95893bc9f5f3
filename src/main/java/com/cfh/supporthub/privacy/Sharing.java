package com.cfh.supporthub.privacy;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.api.TicketViews.ContactView;
import com.cfh.supporthub.intake.EmailAddresses;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.ticket.TicketStore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Sharing and access (P16, P17, P18): a ticket's participants listed, added and removed; an organisation
 * that shares all of its tickets with all of its contacts; a contact's access revoked, which removes them
 * from every ticket they take part in and makes the customer API refuse them from then on
 * ({@link CustomerAccess}). Every change is an audit event on each ticket it touches.
 */
@Component("sharing")
public class Sharing {

    public record ParticipantRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email, String name) {
    }

    public record OrganisationRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String emailDomain,
            Boolean shareAllTickets) {
    }

    public record SharingRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean shareAllTickets) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrganisationView(long id, String name, String emailDomain, boolean shareAllTickets, int contacts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevokeResult(long contactId, Instant accessRevokedAt, List<String> removedFrom) {
    }

    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final TicketJournal journal;
    private final IdAllocator ids;
    private final Clock clock;

    public Sharing(JdbcTemplate jdbc, PlatformTransactionManager transactions, TicketJournal journal, IdAllocator ids,
                   Clock clock, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.journal = journal;
        this.ids = ids;
        this.clock = clock;
    }

    private record TicketRef(long id, String key) {
    }

    private TicketRef ticket(String key) {
        List<TicketRef> found = jdbc.query("SELECT id, ticket_key FROM ticket WHERE ticket_key = ?",
                (rs, n) -> new TicketRef(rs.getLong(1), rs.getString(2)), key == null ? "" : key.trim().toUpperCase(Locale.ROOT));
        if (found.isEmpty()) {
            throw ProblemException.notFound("No ticket " + key + ".");
        }
        return found.get(0);
    }

    public List<ContactView> participants(@Header("key") String key) {
        TicketRef t = ticket(key);
        return jdbc.query("SELECT c.id, c.display_name, c.email, c.phone FROM ticket_participant p JOIN contact c "
                + "ON c.id = p.contact_id WHERE p.ticket_id = ? ORDER BY p.added_at, c.id", (rs, n) -> new ContactView(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), t.id());
    }

    /** P16: adds a participant by e-mail address (a new contact when unknown); 409 for a revoked contact. */
    public List<ContactView> addParticipant(@Header("key") String key, ParticipantRequest request,
                                            @Header("hubActor") String actor) {
        String email = request == null ? null : EmailAddresses.normalize(request.email()).orElse(null);
        if (email == null) {
            throw ProblemException.invalid("A participant needs an e-mail address.", List.of(new FieldError("email",
                    "is not a valid e-mail address")));
        }
        tx.executeWithoutResult(s -> {
            TicketRef t = ticket(key);
            Instant now = clock.instant();
            List<Object[]> found = jdbc.query("SELECT id, access_revoked_at FROM contact WHERE email = ?",
                    (rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2)}, email);
            long contact;
            if (found.isEmpty()) {
                contact = ids.next("contact_seq");
                jdbc.update("INSERT INTO contact (id, email, display_name, created_at) VALUES (?, ?, ?, ?)", contact, email,
                        request.name() == null || request.name().isBlank() ? null : request.name().strip(),
                        SlaColumns.ts(now));
            } else {
                contact = (Long) found.get(0)[0];
                if (found.get(0)[1] != null) {
                    throw ProblemException.conflict("The access of " + email + " has been revoked (P18).");
                }
            }
            Integer requester = jdbc.queryForObject("SELECT COUNT(*) FROM ticket WHERE id = ? AND requester_id = ?",
                    Integer.class, t.id(), contact);
            Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM ticket_participant WHERE ticket_id = ? AND "
                    + "contact_id = ?", Integer.class, t.id(), contact);
            if (requester == 0 && already == 0) {
                store.addParticipant(t.id(), contact, now);
                journal.events(List.of(new Event(t.id(), "participant.added", actor, "contact " + contact + " (P16)", now)));
            }
        });
        return participants(key);
    }

    public List<ContactView> removeParticipant(@Header("key") String key, @Header("contactId") String contactId,
                                               @Header("hubActor") String actor) {
        long contact = id(contactId);
        tx.executeWithoutResult(s -> {
            TicketRef t = ticket(key);
            if (!store.removeParticipant(t.id(), contact)) {
                throw ProblemException.notFound("Contact " + contactId + " is not a participant of " + t.key() + ".");
            }
            journal.events(List.of(new Event(t.id(), "participant.removed", actor, "contact " + contact + " (P16)",
                    clock.instant())));
        });
        return participants(key);
    }

    /** P17: an organisation; contacts whose address is in its domain join it. */
    public OrganisationView createOrganisation(OrganisationRequest request) {
        String name = request == null || request.name() == null ? "" : request.name().strip();
        String domain = request == null || request.emailDomain() == null ? null
                : request.emailDomain().strip().toLowerCase(Locale.ROOT).replaceFirst("^@", "");
        List<FieldError> errors = new ArrayList<>();
        if (name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (domain == null || !domain.matches("[a-z0-9.-]+\\.[a-z]{2,}")) {
            errors.add(new FieldError("emailDomain", "must be a domain such as example.com"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The organisation has invalid fields.", errors);
        }
        boolean share = request.shareAllTickets() != null && request.shareAllTickets();
        long id = ids.next("organisation_seq");
        return tx.execute(s -> {
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM organisation WHERE email_domain = ?", Integer.class,
                    domain);
            if (exists > 0) {
                throw ProblemException.conflict("An organisation with domain " + domain + " exists.");
            }
            jdbc.update("INSERT INTO organisation (id, name, email_domain, share_all_tickets, created_at) VALUES (?, ?, ?, ?, ?)",
                    id, name, domain, share, SlaColumns.ts(clock.instant()));
            jdbc.update("UPDATE contact SET organisation_id = ? WHERE organisation_id IS NULL AND email LIKE ?", id,
                    "%@" + domain);
            store.adoptIntoOrganisation(id);
            return organisation(id);
        });
    }

    /** P17: share (or stop sharing) all of an organisation's tickets with all of its contacts. */
    public OrganisationView setSharing(@Header("organisationId") String organisationId, SharingRequest request) {
        long id = id(organisationId);
        if (request == null || request.shareAllTickets() == null) {
            throw ProblemException.invalid("Sharing needs a value.", List.of(new FieldError("shareAllTickets",
                    "is required (true or false)")));
        }
        if (jdbc.update("UPDATE organisation SET share_all_tickets = ? WHERE id = ?", request.shareAllTickets(), id) == 0) {
            throw ProblemException.notFound("No organisation " + organisationId + ".");
        }
        return organisation(id);
    }

    private OrganisationView organisation(long id) {
        return jdbc.queryForObject("SELECT o.id, o.name, o.email_domain, o.share_all_tickets, "
                + "(SELECT COUNT(*) FROM contact c WHERE c.organisation_id = o.id) FROM organisation o WHERE o.id = ?",
                (rs, n) -> new OrganisationView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getInt(5)), id);
    }

    /** P18: the contact is removed from every ticket they take part in and refused by the customer API from now on. */
    public RevokeResult revoke(@Header("contactId") String contactId, @Header("hubActor") String actor) {
        long contact = id(contactId);
        return tx.execute(s -> {
            Instant now = clock.instant();
            if (jdbc.update("UPDATE contact SET access_revoked_at = COALESCE(access_revoked_at, ?) WHERE id = ?",
                    SlaColumns.ts(now), contact) == 0) {
                throw ProblemException.notFound("No contact " + contactId + ".");
            }
            List<TicketRef> tickets = jdbc.query("SELECT t.id, t.ticket_key FROM ticket_participant p JOIN ticket t ON "
                    + "t.id = p.ticket_id WHERE p.contact_id = ? ORDER BY t.id", (rs, n) -> new TicketRef(rs.getLong(1),
                    rs.getString(2)), contact);
            store.removeParticipantEverywhere(contact);
            List<Event> events = new ArrayList<>();
            for (TicketRef t : tickets) {
                events.add(new Event(t.id(), "participant.removed", actor, "contact " + contact + ": access revoked (P18)",
                        now));
            }
            for (Long requested : jdbc.queryForList("SELECT id FROM ticket WHERE requester_id = ?", Long.class, contact)) {
                events.add(new Event(requested, "requester.access-revoked", actor, "contact " + contact + " (P18)", now));
            }
            journal.events(events);
            Instant revokedAt = jdbc.queryForObject("SELECT access_revoked_at FROM contact WHERE id = ?",
                    java.time.OffsetDateTime.class, contact).toInstant();
            return new RevokeResult(contact, revokedAt, tickets.stream().map(TicketRef::key).toList());
        });
    }

    static long id(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No such id: " + value + ".");
        }
    }
}
