package com.cfh.supporthub.privacy;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.EmailAddresses;
import com.cfh.supporthub.lifecycle.MailNotices;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The customer-facing read API (P16, P17, P18). A customer asks for access with their address and gets a
 * signed link by mail ({@code mail.notice}); with its token they list and read the tickets they may see:
 * those they requested, those they take part in, and those of their organisation when it shares all its
 * tickets. A revoked contact is refused at every request, whatever token they hold. Internal notes are
 * never shown; agents appear as the support team. The mailed link opens the customer portal ({@code /portal},
 * {@code portal.CustomerPortal}), which builds its pages on {@link #customer}, {@link #visible} and {@link #messages}.
 */
@Component("customerAccess")
public class CustomerAccess {

    static final String KEY_NAME = "customer-link";
    /** How agents' messages are signed towards customers. */
    public static final String SUPPORT_TEAM = "support team";

    /** Contact {@code alias} belongs to organisation o: linked to it, or unlinked with an address in its domain. */
    private static String member(String alias) {
        return "(" + alias + ".organisation_id = o.id OR (" + alias + ".organisation_id IS NULL AND " + alias
                + ".email LIKE '%@' || o.email_domain))";
    }

    /**
     * Visible to contact ? (three times): requester, participant, or requested by a member of an organisation
     * the contact is a member of and that shares all its tickets.
     */
    static final String VISIBLE = "(t.requester_id = ? OR EXISTS (SELECT 1 FROM ticket_participant p WHERE "
            + "p.ticket_id = t.id AND p.contact_id = ?) OR EXISTS (SELECT 1 FROM organisation o, contact r, contact me "
            + "WHERE o.share_all_tickets = TRUE AND r.id = t.requester_id AND me.id = ? AND " + member("r") + " AND "
            + member("me") + "))";

    public record AccessRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email) {
    }

    /** The contact a customer link belongs to (portal, issue 18). */
    public record Customer(long id, String email, String name) {
    }

    /** A ticket the contact may see, with what the portal needs to decide what they may do on it. */
    public record VisibleTicket(long id, String key, String product, String subject, String status, Instant createdAt,
                                Instant updatedAt, long requesterId, String requesterName, boolean participant) {
    }

    public record AccessAnswer(String detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomerTicket(String key, String product, String subject, String status, Instant createdAt,
                                 Instant updatedAt, List<CustomerMessage> messages) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomerMessage(String from, String text, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final HubSecrets secrets;
    private final TicketJournal journal;
    private final Clock clock;
    private final String secret;
    private final String baseUrl;
    private final Duration validFor;
    private final Duration resendAfter;
    private final Templates templates;

    public CustomerAccess(JdbcTemplate jdbc, HubSecrets secrets, TicketJournal journal, Clock clock, Templates templates,
                          @Value("${hub.customer.link-secret:}") String secret,
                          @Value("${hub.lifecycle.feedback.base-url:http://localhost:8080}") String baseUrl,
                          @Value("${hub.customer.link-valid-for:7d}") Duration validFor,
                          @Value("${hub.customer.link-resend-after:10m}") Duration resendAfter) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.secrets = secrets;
        this.journal = journal;
        this.clock = clock;
        this.secret = secret;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.validFor = validFor;
        this.resendAfter = resendAfter;
    }

    /** Mails a link to a known, non-revoked contact that can see a ticket; the answer is the same either way. */
    public AccessAnswer requestAccess(AccessRequest request) {
        String email = request == null ? null : EmailAddresses.normalize(request.email()).orElse(null);
        if (email != null) {
            List<Long> contacts = jdbc.queryForList("SELECT id FROM contact WHERE email = ? AND access_revoked_at IS NULL",
                    Long.class, email);
            if (!contacts.isEmpty()) {
                long contact = contacts.get(0);
                List<Object[]> newest = jdbc.query("SELECT t.id, t.ticket_key, t.product FROM ticket t WHERE " + VISIBLE
                        + " ORDER BY t.updated_at DESC, t.id DESC FETCH FIRST 1 ROWS ONLY", (rs, n) -> new Object[] {
                        rs.getLong(1), rs.getString(2), rs.getString(3)}, contact, contact, contact);
                Instant now = clock.instant();
                if (!newest.isEmpty() && mayResend(contact, now)) {
                    Templates.Mail mail = linkMail(contact, email, (String) newest.get(0)[2], now.plus(validFor));
                    journal.notices(List.of(MailNotices.mail((Long) newest.get(0)[0], (String) newest.get(0)[1], email,
                            mail.subject(), mail.text(), now)));
                }
            }
        }
        return new AccessAnswer("If this address belongs to a customer with requests, a link is on its way.");
    }

    /** The words of the link mail: template {@code customer-link} in the product of the contact's latest request. */
    private Templates.Mail linkMail(long contact, String email, String product, Instant expires) {
        Map<String, Object> model = new HashMap<>();
        model.put("email", email);
        model.put("link", baseUrl + "/portal?token=" + token(contact, expires));
        model.put("expiresAt", expires);
        return templates.mail("customer-link", product, model);
    }

    /** At most one link per contact per resend-after: the last one sent is kept in customer_link_request. */
    private boolean mayResend(long contact, Instant now) {
        if (jdbc.update("UPDATE customer_link_request SET sent_at = ? WHERE contact_id = ? AND sent_at <= ?",
                SlaColumns.ts(now), contact, SlaColumns.ts(now.minus(resendAfter))) > 0) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO customer_link_request (contact_id, sent_at) SELECT ?, ? FROM contact "
                    + "WHERE id = ? AND NOT EXISTS (SELECT 1 FROM customer_link_request WHERE contact_id = ?)", contact,
                    SlaColumns.ts(now), contact, contact) > 0;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false; // asked twice at the same moment: one link
        }
    }

    String token(long contact, Instant expires) {
        String payload = contact + "." + expires.getEpochSecond();
        return payload + "." + LinkSigner.sign(secrets.key(KEY_NAME, secret), payload);
    }

    /** The contact a token is for: 401 for an invalid or expired token, 403 once access is revoked (P18). */
    long contact(String token) {
        String[] parts = token == null ? new String[0] : token.trim().split("\\.");
        if (parts.length != 3 || !LinkSigner.verify(secrets.key(KEY_NAME, secret), parts[0] + "." + parts[1], parts[2])) {
            throw unauthenticated();
        }
        long contact;
        Instant expires;
        try {
            contact = Long.parseLong(parts[0]);
            expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw unauthenticated();
        }
        if (!clock.instant().isBefore(expires)) {
            throw unauthenticated();
        }
        List<Object> revoked = jdbc.query("SELECT access_revoked_at FROM contact WHERE id = ?", (rs, n) -> rs.getObject(1) == null
                ? "" : rs.getObject(1), contact);
        if (revoked.isEmpty()) {
            throw unauthenticated();
        }
        if (!"".equals(revoked.get(0))) {
            throw ProblemException.forbidden("Access to these requests has been revoked.");
        }
        return contact;
    }

    private static ProblemException unauthenticated() {
        return new ProblemException(Problem.of(401, "unauthenticated", "Unauthenticated",
                "This needs a valid customer link; ask for a new one at POST /api/v1/customer/access."));
    }

    /** The customer of a link: 401 for an invalid or expired one, 403 once access is revoked (P18). */
    public Customer customer(String token) {
        long c = contact(token);
        return jdbc.queryForObject("SELECT id, email, display_name FROM contact WHERE id = ?",
                (rs, n) -> new Customer(rs.getLong(1), rs.getString(2), rs.getString(3)), c);
    }

    /** A ticket the contact may see (P16, P17), else 404 as for a ticket that does not exist. */
    public VisibleTicket visible(long contact, String key) {
        String wanted = key == null ? "" : key.trim().toUpperCase(Locale.ROOT);
        List<VisibleTicket> found = jdbc.query("SELECT t.id, t.ticket_key, t.product, t.subject, t.status, t.created_at, "
                + "t.updated_at, t.requester_id, r.display_name, (SELECT COUNT(*) FROM ticket_participant p WHERE "
                + "p.ticket_id = t.id AND p.contact_id = ?) FROM ticket t JOIN contact r ON r.id = t.requester_id "
                + "WHERE t.ticket_key = ? AND " + VISIBLE, (rs, n) -> new VisibleTicket(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), SlaColumns.instant(rs, "created_at"),
                SlaColumns.instant(rs, "updated_at"), rs.getLong(8), rs.getString(9), rs.getLong(10) > 0),
                contact, wanted, contact, contact, contact);
        if (found.isEmpty()) {
            throw ProblemException.notFound("No request " + key + " you can see.");
        }
        return found.get(0);
    }

    /** The public conversation of a ticket, oldest first: no internal notes; agents appear as the support team. */
    public List<CustomerMessage> messages(long ticketId) {
        return jdbc.query("SELECT direction, author, body, received_at FROM ticket_message "
                + "WHERE ticket_id = ? AND direction <> 'INTERNAL' ORDER BY created_at, id", (rs, n) -> new CustomerMessage(
                "OUTBOUND".equals(rs.getString(1)) ? SUPPORT_TEAM : rs.getString(2), rs.getString(3),
                SlaColumns.instant(rs, "received_at")), ticketId);
    }

    public List<CustomerTicket> list(@Header("token") String token, @Header("X-Customer-Token") String header) {
        long c = contact(header != null ? header : token);
        return jdbc.query("SELECT t.ticket_key, t.product, t.subject, t.status, t.created_at, t.updated_at FROM ticket t "
                + "WHERE " + VISIBLE + " ORDER BY t.created_at DESC, t.id DESC", (rs, n) -> new CustomerTicket(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), SlaColumns.instant(rs, "created_at"),
                SlaColumns.instant(rs, "updated_at"), null), c, c, c);
    }

    public CustomerTicket get(@Header("key") String key, @Header("token") String token,
                              @Header("X-Customer-Token") String header) {
        VisibleTicket t = visible(contact(header != null ? header : token), key);
        return new CustomerTicket(t.key(), t.product(), t.subject(), t.status(), t.createdAt(), t.updatedAt(),
                messages(t.id()));
    }
}
