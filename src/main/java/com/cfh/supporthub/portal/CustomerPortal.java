package com.cfh.supporthub.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.api.TicketViews.ContactView;
import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.pages.ErrorPages;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.privacy.CustomerAccess;
import com.cfh.supporthub.privacy.CustomerAccess.Customer;
import com.cfh.supporthub.privacy.CustomerAccess.CustomerMessage;
import com.cfh.supporthub.privacy.CustomerAccess.CustomerTicket;
import com.cfh.supporthub.privacy.CustomerAccess.VisibleTicket;
import com.cfh.supporthub.privacy.Sharing;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * The customer portal (P16-P18, issue 18 item 2): HTML pages over the customer read API ({@link CustomerAccess}),
 * reached with the signed link mailed to a contact. A requester or participant lists the tickets they may see,
 * reads the public conversation, replies (an envelope with channel {@code PORTAL} for {@code direct:ticket-intake},
 * the one intake pipeline), and the requester shares the ticket with others or removes them ({@link Sharing}); a
 * participant may stop following. Every request checks the token again, so a revoked contact (P18) or a removed
 * participant (P16) loses access at once. Wording is in the templates {@code portal-*}; forms post back and are
 * answered with a redirect (303) to the ticket's page, so a reload never posts twice; a reply carries a nonce of
 * its form as the message's external id, so a form sent twice adds one message.
 */
@Component("customerPortal")
public class CustomerPortal {

    private static final String NONCE = "[A-Za-z0-9-]{16,64}";

    private final CustomerAccess access;
    private final Sharing sharing;
    private final Templates templates;
    private final HubProperties hub;

    public CustomerPortal(CustomerAccess access, Sharing sharing, Templates templates, HubProperties hub) {
        this.access = access;
        this.sharing = sharing;
        this.templates = templates;
        this.hub = hub;
    }

    // ------------------------------------------------------------------------------------------ pages (GET)

    /** {@code GET /portal/access}: the form that mails a new link. */
    public String accessPage(@Header("product") String product) {
        return templates.page("portal-access", known(product), "Your support requests", Map.of());
    }

    /** {@code POST /portal/access}: mails a link when the address may have one; the same answer either way. */
    public String requestAccess(@Header("email") String email, @Header("product") String product) {
        access.requestAccess(new CustomerAccess.AccessRequest(email));
        return templates.page("portal-access-sent", known(product), "Check your inbox",
                Map.of("email", email == null ? "" : email.strip()));
    }

    /** {@code GET /portal?token=}: the tickets the customer may see; without a token, the form for a link. */
    public String tickets(Exchange exchange) {
        String token = header(exchange, "token");
        String product = known(header(exchange, "product"));
        if (token == null) {
            return accessPage(product);
        }
        portal(exchange, product);
        Customer customer = access.customer(token);
        List<CustomerTicket> visible = access.list(token, null);
        if (product == null && !visible.isEmpty()) {
            product = visible.get(0).product();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CustomerTicket t : visible) {
            Map<String, Object> row = new HashMap<>();
            row.put("key", t.key());
            row.put("subject", t.subject());
            row.putAll(status(t.status()));
            row.put("productName", hub.product(t.product()).map(HubProperties.Product::getName).orElse(t.product()));
            row.put("updatedAt", t.updatedAt());
            row.put("href", ticketHref(t.key(), token, null));
            rows.add(row);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("customer", customer);
        model.put("tickets", rows);
        model.put("hasTickets", !rows.isEmpty());
        return templates.page("portal-tickets", product, "Your support requests", model);
    }

    /** {@code GET /portal/tickets/{key}?token=}: one ticket, its conversation, the reply form and who follows it. */
    public String ticket(Exchange exchange) {
        Visit visit = visit(exchange);
        String token = visit.token();
        Customer customer = visit.customer();
        VisibleTicket t = visit.ticket();
        Map<String, Object> ticket = new HashMap<>(status(t.status()));
        ticket.put("key", t.key());
        ticket.put("subject", t.subject());
        ticket.put("createdAt", t.createdAt());
        ticket.put("updatedAt", t.updatedAt());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (CustomerMessage m : access.messages(t.id())) {
            boolean support = CustomerAccess.SUPPORT_TEAM.equals(m.from());
            messages.add(Map.of("fromSupport", support, "from", support ? "" : m.from(), "text", m.text(),
                    "at", m.at()));
        }
        boolean requester = t.requesterId() == customer.id();
        List<Map<String, Object>> people = new ArrayList<>();
        if (requester) {
            for (ContactView c : sharing.participants(t.key())) {
                String label = c.name() == null || c.name().isBlank() ? c.email() : c.name() + " (" + c.email() + ")";
                people.add(Map.of("label", label == null ? "contact " + c.id() : label,
                        "removeAction", "/portal/tickets/" + t.key() + "/participants/" + c.id() + "/remove"));
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", ticket);
        model.put("messages", messages);
        model.put("closed", "CLOSED".equals(t.status()));
        model.put("token", token);
        model.put("nonce", UUID.randomUUID().toString());
        model.put("maxMessage", hub.getWidget().getMaxMessageLength());
        model.put("replyAction", "/portal/tickets/" + t.key() + "/replies");
        model.put("addAction", "/portal/tickets/" + t.key() + "/participants");
        model.put("leaveAction", "/portal/tickets/" + t.key() + "/participants/" + customer.id() + "/remove");
        model.put("isRequester", requester);
        model.put("isParticipant", t.participant());
        model.put("requesterName", t.requesterName());
        model.put("participants", people);
        model.put("hasParticipants", !people.isEmpty());
        model.put("backHref", "/portal?token=" + encode(token));
        model.put("notice", notice(header(exchange, "done"), header(exchange, "from")));
        return templates.page("portal-ticket", t.product(), t.key() + " " + t.subject(), model);
    }

    // ------------------------------------------------------------------------------------- actions (POST)

    /**
     * {@code POST /portal/tickets/{key}/replies}: the customer's message as an envelope for the intake pipeline,
     * channel PORTAL, threaded by the ticket key; the form's nonce is the message's external id (one message per form).
     */
    public TicketIntake reply(Exchange exchange) {
        Visit visit = visit(exchange);
        String token = visit.token();
        Customer customer = visit.customer();
        VisibleTicket t = visit.ticket();
        String message = header(exchange, "message");
        String nonce = header(exchange, "nonce");
        List<FieldError> errors = new ArrayList<>();
        int max = hub.getWidget().getMaxMessageLength();
        if (message == null) {
            errors.add(new FieldError("message", "is required"));
        } else if (message.codePointCount(0, message.length()) > max) {
            errors.add(new FieldError("message", "must be at most " + max + " characters"));
        }
        if (nonce == null || !nonce.matches(NONCE)) {
            errors.add(new FieldError("nonce", "is missing: reload the page and send the message again"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The reply was not sent.", errors);
        }
        exchange.setProperty("portalToken", token);
        exchange.setProperty("portalKey", t.key());
        return new TicketIntake(Channel.PORTAL, t.product(), new Party(customer.name(), customer.email(), null),
                t.subject(), message, List.of(), "portal:" + nonce, null, t.key(), List.of(), null,
                Map.of("portal-contact", Long.toString(customer.id())));
    }

    /** After the intake committed the reply: back to the ticket, or to the new ticket a reply to a closed one opened. */
    public String afterReply(IntakeResult result, Exchange exchange) {
        String token = exchange.getProperty("portalToken", String.class);
        String key = exchange.getProperty("portalKey", String.class);
        if (result.outcome() != IntakeOutcome.ATTACHED && !result.key().equals(key)) {
            return ticketHref(result.key(), token, "new-ticket&from=" + encode(key));
        }
        return ticketHref(key, token, "replied");
    }

    /** {@code POST /portal/tickets/{key}/participants}: the requester shares the ticket with an address (P16). */
    public String addParticipant(Exchange exchange) {
        Visit visit = requester(visit(exchange));
        sharing.addParticipant(visit.ticket().key(), new Sharing.ParticipantRequest(header(exchange, "email"),
                header(exchange, "name")), actor(visit.customer()));
        return ticketHref(visit.ticket().key(), visit.token(), "added");
    }

    /**
     * {@code POST /portal/tickets/{key}/participants/{contactId}/remove}: the requester removes a participant, or a
     * participant stops following (P16). The removed contact's link no longer shows the ticket.
     */
    public String removeParticipant(Exchange exchange) {
        Visit visit = visit(exchange);
        String contactId = header(exchange, "contactId");
        boolean self = Long.toString(visit.customer().id()).equals(contactId);
        if (!self) {
            requester(visit);
        }
        sharing.removeParticipant(visit.ticket().key(), contactId, actor(visit.customer()));
        if (self && visit.ticket().requesterId() != visit.customer().id()) {
            return "/portal?token=" + encode(visit.token());
        }
        return ticketHref(visit.ticket().key(), visit.token(), "removed");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A request about one ticket: the link's token, its customer, and the ticket, which they may see. */
    private record Visit(String token, Customer customer, VisibleTicket ticket) {
    }

    /** Checks the token (401, 403 revoked) and that the customer may see the ticket (404); errors are portal pages. */
    private Visit visit(Exchange exchange) {
        String token = header(exchange, "token");
        portal(exchange, null);
        Customer customer = access.customer(token);
        VisibleTicket t = access.visible(customer.id(), header(exchange, "key"));
        exchange.setProperty(ErrorPages.PRODUCT, t.product());
        return new Visit(token, customer, t);
    }

    /** Only the requester chooses who follows a ticket (P16). */
    private static Visit requester(Visit visit) {
        if (visit.ticket().requesterId() != visit.customer().id()) {
            throw ProblemException.forbidden("Only the person who asked for " + visit.ticket().key()
                    + " chooses who may follow it.");
        }
        return visit;
    }

    private static String actor(Customer customer) {
        return "portal:" + customer.email();
    }

    /** Marks the exchange as a portal request: its 401 page offers a new link, its 403 page speaks of revoked access. */
    private static void portal(Exchange exchange, String product) {
        exchange.setProperty(ErrorPages.PORTAL, Boolean.TRUE);
        if (product != null) {
            exchange.setProperty(ErrorPages.PRODUCT, product);
        }
    }

    private static Map<String, Object> status(String status) {
        return Map.of("status", Map.of(status, Boolean.TRUE), "statusName", status);
    }

    private static Map<String, Object> notice(String done, String from) {
        if (done == null || !done.matches("replied|new-ticket|added|removed")) {
            return Map.of();
        }
        return Map.of(done, Boolean.TRUE, "from", from != null && from.matches("[A-Z][A-Z0-9]{1,9}-\\d{1,18}") ? from
                : "The earlier request");
    }

    static String ticketHref(String key, String token, String done) {
        return "/portal/tickets/" + key + "?token=" + encode(token) + (done == null ? "" : "&done=" + done);
    }

    private String known(String product) {
        return product != null && hub.product(product).isPresent() ? product : null;
    }

    private static String header(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
