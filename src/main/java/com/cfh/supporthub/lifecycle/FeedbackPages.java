package com.cfh.supporthub.lifecycle;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.privacy.PiiRedactor;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.RequestBodies;
import com.cfh.supporthub.web.RequestText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The feedback link (P11). GET shows a small page with the rating choices and changes nothing, so a
 * mail scanner that opens links cannot vote; POST (the page's form, or JSON) records a rating 1–5 and
 * an optional comment once. The comment is redacted like any customer text (P14).
 */
@Component("feedbackPages")
public class FeedbackPages {

    private static final int MAX_COMMENT = 2000;

    private final FeedbackRequests requests;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TicketJournal journal;
    private final PiiRedactor redactor;
    private final HubProperties hub;
    private final ObjectMapper json;
    private final Clock clock;

    public FeedbackPages(FeedbackRequests requests, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                         TicketJournal journal, PiiRedactor redactor, HubProperties hub, ObjectMapper json, Clock clock) {
        this.requests = requests;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.journal = journal;
        this.redactor = redactor;
        this.hub = hub;
        this.json = json;
        this.clock = clock;
    }

    /** GET: the rating form. Reads only. */
    public String page(Exchange exchange) {
        String token = exchange.getIn().getHeader("token", String.class);
        FeedbackRequests.Link link = requests.verify(token);
        Map<String, Object> request = requests.request(link);
        String key = HtmlUtils.htmlEscape((String) request.get("ticket_key"));
        String product = HtmlUtils.htmlEscape(hub.product((String) request.get("product"))
                .map(HubProperties.Product::getName).orElse("our"));
        if (request.get("responded_at") != null) {
            return html(product + " support", "<p>Thank you: your feedback on " + key + " is already recorded.</p>");
        }
        StringBuilder choices = new StringBuilder();
        String[] labels = {"1 – poor", "2", "3", "4", "5 – excellent"};
        for (int i = 1; i <= 5; i++) {
            choices.append("<label><input type=\"radio\" name=\"rating\" value=\"").append(i).append("\" required> ")
                    .append(labels[i - 1]).append("</label><br>");
        }
        return html(product + " support: how did we do?", "<p>How did we do with your request " + key + "?</p>"
                + "<form method=\"post\">" + choices
                + "<p><label>Anything to add? (optional)<br><textarea name=\"comment\" maxlength=\"" + MAX_COMMENT
                + "\" rows=\"4\" cols=\"50\"></textarea></label></p><button type=\"submit\">Send</button></form>");
    }

    /** POST: records the rating once; 409 when the link was used already. */
    public String submit(Exchange exchange) {
        String token = exchange.getIn().getHeader("token", String.class);
        FeedbackRequests.Link link = requests.verify(token);
        Map<String, String> form = form(exchange);
        int rating = rating(form.get("rating"));
        String comment = form.get("comment") == null || form.get("comment").isBlank() ? null
                : redactor.redactText(RequestText.multiLine(form.get("comment")).strip()).text();
        if (comment != null && comment.length() > MAX_COMMENT) {
            comment = comment.substring(0, MAX_COMMENT - 1) + "…";
        }
        int stars = rating;
        String note = comment;
        String key = tx.execute(status -> {
            Map<String, Object> request = requests.request(link);
            Instant now = clock.instant();
            int updated = jdbc.update("UPDATE feedback_request SET rating = ?, rating_comment = ?, responded_at = ? "
                    + "WHERE ticket_id = ? AND nonce = ? AND responded_at IS NULL", stars, note, SlaColumns.ts(now),
                    link.ticketId(), link.nonce());
            if (updated == 0) {
                throw ProblemException.conflict("This feedback link has been used already.");
            }
            journal.events(List.of(new Event(link.ticketId(), "feedback.received", "customer", "rating " + stars
                    + (note == null ? "" : ", with a comment") + " (P11)", now)));
            return (String) request.get("ticket_key");
        });
        return html("Thank you", "<p>Thank you: your rating of " + stars + " for " + HtmlUtils.htmlEscape(key)
                + " is recorded.</p>");
    }

    /** The rating 1-5; 422 naming what is wrong (missing, not a whole number, out of range; issue 14 item 7). */
    static int rating(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("The rating is missing: choose 1 to 5.", List.of(new FieldError("rating",
                    "is required: a whole number from 1 to 5")));
        }
        int rating;
        try {
            rating = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            rating = 0;
        }
        if (rating < 1 || rating > 5) {
            throw ProblemException.invalid("The rating must be 1 to 5, not '" + RequestText.printable(value) + "'.",
                    List.of(new FieldError("rating", "must be a whole number from 1 to 5")));
        }
        return rating;
    }

    private Map<String, String> form(Exchange exchange) {
        Map<String, String> form = new HashMap<>();
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        byte[] raw = RequestBodies.raw(exchange);
        // read by the declared charset: 400 for bytes that are not text in it (issue 14 item 7)
        String body = raw == null ? null : RequestText.decode(raw, contentType);
        if (contentType.startsWith("application/json") && body != null && !body.isBlank()) {
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (java.io.IOException e) {
                throw ProblemException.malformed("The body is not valid JSON.");
            }
            if (node == null || !node.isObject()) {
                throw ProblemException.malformed("The body must be a JSON object with rating and comment.");
            }
            if (node.hasNonNull("rating")) {
                form.put("rating", node.get("rating").isValueNode() ? node.get("rating").asText() : node.get("rating").toString());
            }
            if (node.hasNonNull("comment")) {
                form.put("comment", node.get("comment").asText());
            }
            return form;
        }
        if (body != null && !body.isBlank()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.malformed("The form is not URL-encoded: " + e.getMessage());
                    }
                }
            }
        }
        for (String name : List.of("rating", "comment")) {
            Object header = exchange.getIn().getHeader(name);
            if (!form.containsKey(name) && header != null) {
                form.put(name, header.toString());
            }
        }
        return form;
    }

    private static String html(String title, String content) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body><h1>" + title + "</h1>" + content + "</body></html>";
    }
}
