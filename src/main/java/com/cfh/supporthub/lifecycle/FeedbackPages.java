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

import com.cfh.supporthub.pages.ErrorPages;
import com.cfh.supporthub.pages.Templates;
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
 * The feedback link (P11). GET shows a page with the rating choices and changes nothing, so a
 * mail scanner that opens links cannot vote; POST (the page's form, or JSON) records a rating 1–5 and
 * an optional comment once. The comment is redacted like any customer text (P14). The pages are the
 * templates {@code feedback-form}, {@code feedback-thanks} and {@code feedback-done} in the product's look
 * (issue 18 item 4); errors are pages for browsers ({@link ErrorPages}).
 */
@Component("feedbackPages")
public class FeedbackPages {

    private static final int MAX_COMMENT = 2000;

    private final FeedbackRequests requests;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TicketJournal journal;
    private final PiiRedactor redactor;
    private final Templates templates;
    private final ObjectMapper json;
    private final Clock clock;

    public FeedbackPages(FeedbackRequests requests, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                         TicketJournal journal, PiiRedactor redactor, Templates templates, ObjectMapper json, Clock clock) {
        this.requests = requests;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.journal = journal;
        this.redactor = redactor;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
    }

    /** GET: the rating form (template {@code feedback-form}), or {@code feedback-done} once answered. Reads only. */
    public String page(Exchange exchange) {
        String token = exchange.getIn().getHeader("token", String.class);
        FeedbackRequests.Link link = requests.verify(token);
        Map<String, Object> request = requests.request(link);
        String product = (String) request.get("product");
        exchange.setProperty(ErrorPages.PRODUCT, product);
        Map<String, Object> model = new HashMap<>();
        model.put("ticketKey", request.get("ticket_key"));
        model.put("maxComment", MAX_COMMENT);
        model.put("expiresAt", link.expiresAt());
        if (request.get("responded_at") != null) {
            model.put("respondedAt", instant(request.get("responded_at")));
            return templates.page("feedback-done", product, "Thank you", model);
        }
        return templates.page("feedback-form", product, "How did we do?", model);
    }

    /** POST: records the rating once; 409 when the link was used already. */
    public String submit(Exchange exchange) {
        String token = exchange.getIn().getHeader("token", String.class);
        FeedbackRequests.Link link = requests.verify(token);
        Map<String, String> form = form(exchange);
        exchange.setProperty(ErrorPages.ACCEPT, exchange.getIn().getHeader("Accept", String.class));
        int rating = rating(form.get("rating"));
        String comment = form.get("comment") == null || form.get("comment").isBlank() ? null
                : redactor.redactText(RequestText.multiLine(form.get("comment")).strip()).text();
        if (comment != null && comment.length() > MAX_COMMENT) {
            comment = comment.substring(0, MAX_COMMENT - 1) + "…";
        }
        int stars = rating;
        String note = comment;
        Map<String, Object> done = tx.execute(status -> {
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
            return request;
        });
        String product = (String) done.get("product");
        exchange.setProperty(ErrorPages.PRODUCT, product);
        return templates.page("feedback-thanks", product, "Thank you", Map.of("ticketKey", done.get("ticket_key"),
                "rating", stars, "commented", note != null));
    }

    /** A TIMESTAMP WITH TIME ZONE read without a type: OffsetDateTime from HSQLDB, Timestamp from PostgreSQL. */
    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return value instanceof java.sql.Timestamp ts ? ts.toInstant() : null;
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
}
