package com.cfh.supporthub.lifecycle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.privacy.HubSecrets;
import com.cfh.supporthub.privacy.LinkSigner;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.ticket.TicketJournal.Notice;
import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;

/**
 * Feedback (P11): exactly one request per ticket, made in the transaction that first resolves it (or
 * auto-closes it, when {@code hub.lifecycle.feedback.after-auto-close}), as a {@code mail.notice} with a
 * signed link that expires and can be used once. A link is {@code <ticket id>.<expiry>.<nonce>.<signature>};
 * the nonce is also stored, so a link cannot be forged for another ticket or replayed after use.
 */
@Component
public class FeedbackRequests {

    static final String KEY_NAME = "feedback-link";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A verified link: the ticket it is for. */
    public record Link(long ticketId, String nonce, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final TicketStore store;
    private final HubSecrets secrets;
    private final Templates templates;
    private final LifecycleProperties.Feedback config;
    private final Clock clock;

    public FeedbackRequests(JdbcTemplate jdbc, HubSecrets secrets, Templates templates, LifecycleProperties properties,
                            Clock clock, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.templates = templates;
        this.config = properties.getFeedback();
        this.clock = clock;
    }

    /**
     * Called inside the transaction that resolves (or auto-closes) the ticket: adds the request's audit
     * event and mail to the lists that transaction writes. Nothing when the ticket already had a request.
     */
    public void onResolved(long ticketId, String ticketKey, String product, Instant now, List<Event> events,
                           List<Notice> notices) {
        // Lock the ticket row first: a concurrent resolve of the same ticket waits here, then sees this request
        // and adds none (its own versioned update then fails and is retried), instead of a duplicate key.
        store.lock(ticketId);
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM feedback_request WHERE ticket_id = ?",
                Integer.class, ticketId);
        if (existing != null && existing > 0) {
            return;
        }
        Requester requester = Requester.of(jdbc, ticketId);
        if (requester == null || !requester.mailable()) {
            events.add(new Event(ticketId, "feedback.not-requested", "feedback",
                    "the requester has no e-mail address or no access (P11, P18)", now));
            return;
        }
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        Instant expires = now.plus(config.getValidFor());
        jdbc.update("INSERT INTO feedback_request (ticket_id, product, nonce, requested_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                ticketId, product, nonce, SlaColumns.ts(now), SlaColumns.ts(expires));
        String link = config.getBaseUrl().replaceAll("/+$", "") + "/api/v1/feedback/" + token(ticketId, expires, nonce);
        Templates.Mail mail = mail(ticketId, ticketKey, product, link, expires);
        notices.add(MailNotices.mail(ticketId, ticketKey, requester.email(), mail.subject(), mail.text(), now));
        events.add(new Event(ticketId, "feedback.requested", "feedback", "link valid until " + expires + " (P11)", now));
    }

    /** The words of the request: template {@code feedback-request} (docs/templates.md). */
    private Templates.Mail mail(long ticketId, String ticketKey, String product, String link, Instant expires) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticketKey", ticketKey);
        model.put("subject", jdbc.queryForObject("SELECT subject FROM ticket WHERE id = ?", String.class, ticketId));
        model.put("link", link);
        model.put("expiresAt", expires);
        return templates.mail("feedback-request", product, model);
    }

    String token(long ticketId, Instant expires, String nonce) {
        String payload = ticketId + "." + expires.getEpochSecond() + "." + nonce;
        return payload + "." + LinkSigner.sign(key(), payload);
    }

    /** The link's ticket, if the signature holds and the link has not expired; 404 or 410 otherwise. */
    public Link verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 4 || !LinkSigner.verify(key(), parts[0] + "." + parts[1] + "." + parts[2], parts[3])) {
            throw ProblemException.notFound("This feedback link is not valid.");
        }
        Link link;
        try {
            link = new Link(Long.parseLong(parts[0]), parts[2], Instant.ofEpochSecond(Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("This feedback link is not valid.");
        }
        if (!clock.instant().isBefore(link.expiresAt())) {
            throw new ProblemException(Problem.of(410, "link-expired", "Link expired",
                    "This feedback link has expired."));
        }
        return link;
    }

    private byte[] key() {
        return secrets.key(KEY_NAME, config.getSecret());
    }

    /** The stored request of a verified link: product, whether answered. 404 when it is not (or no longer) there. */
    public Map<String, Object> request(Link link) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT f.product, f.responded_at, t.ticket_key "
                + "FROM feedback_request f JOIN ticket t ON t.id = f.ticket_id WHERE f.ticket_id = ? AND f.nonce = ?",
                link.ticketId(), link.nonce());
        if (rows.isEmpty()) {
            throw ProblemException.notFound("This feedback link is not valid.");
        }
        return rows.get(0);
    }
}
