package com.cfh.supporthub.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.cfh.supporthub.web.ProblemException;

/**
 * {@code GET /api/v1/contacts/{id}/export} (P13, MANAGER): everything the hub holds about a contact, as JSON —
 * the contact row, its organisation, the tickets it requested or takes part in with their messages, the audit
 * events of those tickets, its feedback, and the mail queued to it.
 */
@Component("contactExport")
public class ContactExport {

    private final JdbcTemplate jdbc;

    public ContactExport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Map<String, Object> export(@Header("contactId") String contactId) {
        long id = Sharing.id(contactId);
        List<Map<String, Object>> contact = jdbc.queryForList("SELECT id, email, phone, display_name, organisation_id, "
                + "access_revoked_at, created_at FROM contact WHERE id = ?", id);
        if (contact.isEmpty()) {
            throw ProblemException.notFound("No contact " + contactId + ".");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contact", lower(contact.get(0)));
        Object org = contact.get(0).get("organisation_id");
        if (org != null) {
            out.put("organisation", lower(jdbc.queryForMap("SELECT id, name, email_domain, share_all_tickets FROM "
                    + "organisation WHERE id = ?", org)));
        }
        String mine = "SELECT id FROM ticket WHERE requester_id = ? UNION SELECT ticket_id FROM ticket_participant "
                + "WHERE contact_id = ?";
        List<Map<String, Object>> tickets = jdbc.queryForList("SELECT t.id, t.ticket_key, t.product, t.channel, t.status, "
                + "t.subject, t.created_at, t.resolved_at, t.closed_at, t.requester_id FROM ticket t WHERE t.id IN (" + mine + ") ORDER BY t.id", id, id);
        for (Map<String, Object> t : tickets) {
            Object ticketId = t.get("id");
            t.put("role", ((Number) t.remove("requester_id")).longValue() == id ? "requester" : "participant");
            t.put("messages", jdbc.queryForList("SELECT id, direction, channel, author, body, external_id, received_at "
                    + "FROM ticket_message WHERE ticket_id = ? ORDER BY created_at, id", ticketId).stream()
                    .map(ContactExport::lower).toList());
            t.put("events", jdbc.queryForList("SELECT event_type, actor, detail, occurred_at FROM ticket_event "
                    + "WHERE ticket_id = ? ORDER BY occurred_at, id", ticketId).stream().map(ContactExport::lower).toList());
            t.put("feedback", jdbc.queryForList("SELECT rating, rating_comment, requested_at, responded_at FROM "
                    + "feedback_request WHERE ticket_id = ?", ticketId).stream().map(ContactExport::lower).toList());
        }
        out.put("tickets", tickets.stream().map(ContactExport::lower).toList());
        Object email = contact.get(0).get("email");
        out.put("mail", email == null ? List.of() : jdbc.queryForList("SELECT ticket_key, event_type, payload, status, "
                + "created_at FROM outbox WHERE payload LIKE ? ESCAPE '!' ORDER BY id", "%\"" + email.toString()
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "\"%").stream()
                .map(ContactExport::lower).toList());
        return out;
    }

    /** Column names in lower case whatever the database reports (HSQLDB: upper case). */
    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v instanceof java.time.OffsetDateTime o
                ? o.toInstant() : v instanceof java.sql.Timestamp ts ? ts.toInstant() : v));
        return out;
    }
}
