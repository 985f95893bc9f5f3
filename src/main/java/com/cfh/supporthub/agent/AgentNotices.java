package com.cfh.supporthub.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.IntakeStore;
import com.cfh.supporthub.lifecycle.MailNotices;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Notice;

/**
 * The agents' own notifications (issue 16.1, P06): a new ticket in one of their products, a customer's reply on a
 * ticket assigned to them, a ticket assigned to them. Each is switchable per agent ({@code agent.notify_*}); only
 * enabled accounts with an address get them. They are {@code mail.notice} outbox rows written in the transaction
 * of the change that caused them, with {@code "internal": true} so the outbox can route staff mail apart from
 * customer mail.
 */
@Component("agentNotices")
public class AgentNotices {

    public static final String NEW_TICKET = "agent.new-ticket";
    public static final String CUSTOMER_REPLY = "agent.customer-reply";
    public static final String ASSIGNED = "agent.assigned";

    private final JdbcTemplate jdbc;
    private final TicketJournal journal;
    private final Clock clock;
    private final Templates templates;

    public AgentNotices(JdbcTemplate jdbc, TicketJournal journal, Clock clock, Templates templates) {
        this.templates = templates;
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    private record Recipient(String username, String email, String products) {
        boolean follows(String product) {
            return products == null || Arrays.asList(products.split(",")).contains(product);
        }
    }

    /**
     * The intake hook: called once per intake batch, inside its transaction, with the batch's outbox rows
     * ({@code id, event_type, ticket_id, ticket_key, ...}) after they were written, and the tickets a customer
     * message was added to ({@code ticket_id, ticket_key}).
     */
    public void afterIntake(List<Object[]> outboxRows, List<Object[]> replied) {
        if (outboxRows.isEmpty() && replied.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Notice> notices = new ArrayList<>();
        List<Recipient> followers = null;
        for (Object[] row : outboxRows) {
            String type = (String) row[1];
            long ticketId = ((Number) row[2]).longValue();
            String key = (String) row[3];
            if (IntakeStore.TICKET_CREATED.equals(type)) {
                if (followers == null) {
                    followers = jdbc.query("SELECT username, email, products FROM agent WHERE enabled = TRUE "
                                    + "AND notify_new_ticket = TRUE AND email IS NOT NULL ORDER BY username",
                            (rs, n) -> new Recipient(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                if (followers.isEmpty()) {
                    continue;
                }
                Map<String, Object> t = jdbc.queryForMap("SELECT product, subject, channel FROM ticket WHERE id = ?", ticketId);
                for (Recipient r : followers) {
                    if (r.follows((String) t.get("product"))) {
                        notices.add(notice(ticketId, key, r, NEW_TICKET, (String) t.get("product"), words("newTicket", true,
                                "subject", t.get("subject"), "channel", t.get("channel")), now));
                    }
                }
            }
        }
        for (Object[] reply : replied) {
            long ticketId = ((Number) reply[0]).longValue();
            String key = (String) reply[1];
            jdbc.query("SELECT a.username, a.email, a.products, t.subject, t.product FROM ticket t JOIN agent a "
                            + "ON a.username = t.assignee WHERE t.id = ? AND a.enabled = TRUE "
                            + "AND a.notify_customer_reply = TRUE AND a.email IS NOT NULL",
                    rs -> {
                        Recipient r = new Recipient(rs.getString(1), rs.getString(2), null);
                        notices.add(notice(ticketId, key, r, CUSTOMER_REPLY, rs.getString(5),
                                words("customerReply", true, "subject", rs.getString(4)), now));
                    }, ticketId);
        }
        journal.notices(notices);
    }

    /** The notice to a newly assigned agent (none when they assigned themselves or switched it off). */
    public List<Notice> assigned(long ticketId, String key, String assignee, String actor, Instant now) {
        if (assignee == null || assignee.equals(actor)) {
            return List.of();
        }
        List<Notice> out = new ArrayList<>();
        jdbc.query("SELECT a.email, t.subject, t.product FROM agent a, ticket t WHERE a.username = ? AND t.id = ? "
                        + "AND a.enabled = TRUE AND a.notify_assigned = TRUE AND a.email IS NOT NULL",
                rs -> {
                    out.add(notice(ticketId, key, new Recipient(assignee, rs.getString(1), null), ASSIGNED,
                            rs.getString(3), words("assigned", true, "subject", rs.getString(2),
                                    "actor", actor), now));
                }, assignee, ticketId);
        return out;
    }

    /** A template model from key-value pairs (values may be null: a ticket may have no subject). */
    private static Map<String, Object> words(Object... keyValues) {
        Map<String, Object> model = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            model.put((String) keyValues[i], keyValues[i + 1]);
        }
        return model;
    }

    /** The notice mailed to an agent, worded by the template agent-notice (issue 17.3). */
    private Notice notice(long ticketId, String key, Recipient to, String reason, String product, Map<String, Object> model,
                          Instant now) {
        Map<String, Object> words = new java.util.HashMap<>(model);
        words.put("ticketKey", key);
        Templates.Mail mail = templates.mail("agent-notice", product, words);
        Notice base = MailNotices.mail(ticketId, key, to.email(), mail.subject(), mail.text(), now);
        Map<String, Object> payload = new LinkedHashMap<>(base.payload());
        payload.put("internal", true);
        payload.put("agent", to.username());
        payload.put("reason", reason);
        return new Notice(ticketId, key, base.type(), payload, now, now).toStaff();
    }
}
