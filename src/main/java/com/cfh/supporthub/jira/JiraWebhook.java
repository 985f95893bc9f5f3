package com.cfh.supporthub.jira;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.api.TicketWorkflow;
import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.RequestText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Back from Jira (P20): POST /api/v1/jira/webhook. A Jira status change becomes the mapped hub action
 * (hub.jira.inbound-statuses), a Jira comment an internal note on the ticket, through the same
 * {@link TicketWorkflow} the agent API uses, with an actor {@code jira:<name>} whose changes are never
 * mirrored back. The hub's own writes come back as echoes and are ignored: events by the hub's account
 * (hub.jira.account-id), comments the mirror wrote (their ids are in outbox.external_ref), status changes the
 * ticket has already made.
 *
 * <p>Secured by the shared secret hub.jira.webhook-secret, compared in constant time: as Jira Cloud's
 * HMAC signature of the body ({@code X-Hub-Signature: sha256=<hex>}, the webhook's "Secret" field), or
 * as the secret itself in {@code X-Hub-Jira-Secret} or the {@code secret} query parameter (Jira
 * automation rules and Data Center webhooks, which cannot sign).
 */
@Component("jiraWebhook")
public class JiraWebhook {


    /** What the hub did with an event: applied or ignored, and why. */
    public record Outcome(String outcome, String ticketKey, String detail) {
    }

    private final JiraProperties properties;
    private final JdbcTemplate jdbc;
    private final TicketWorkflow workflow;
    private final ObjectMapper json;

    public JiraWebhook(JiraProperties properties, JdbcTemplate jdbc, TicketWorkflow workflow, ObjectMapper json) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.workflow = workflow;
        this.json = json;
    }

    public Outcome receive(@Body String body, @Header("X-Hub-Signature") String signature,
                           @Header("X-Hub-Jira-Secret") String secretHeader, @Header("secret") String secretQuery) {
        authenticate(body == null ? "" : body, signature, secretHeader != null ? secretHeader : secretQuery);
        JsonNode event;
        try {
            event = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw ProblemException.malformed("The body is not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw ProblemException.malformed("The body is not a Jira webhook event.");
        }
        String type = event.path("webhookEvent").asText("");
        String issueKey = event.path("issue").path("key").asText(null);
        if (!properties.isEnabled()) {
            return new Outcome("ignored", null, "the Jira mirror is off (hub.jira.enabled)");
        }
        String ticketKey = issueKey == null ? null : ticketOf(issueKey, event.path("issue").path("fields").path("labels"));
        if (ticketKey == null) {
            return new Outcome("ignored", null, "no hub ticket mirrors " + issueKey);
        }
        if (type.startsWith("comment_created")) {
            return comment(ticketKey, event.path("comment"));
        }
        if ("jira:issue_updated".equals(type)) {
            return statusChange(ticketKey, issueKey, event);
        }
        return new Outcome("ignored", ticketKey, "event " + type + " is not mirrored");
    }

    private void authenticate(String body, String signature, String secret) {
        String expected = properties.getWebhookSecret();
        if (expected == null || expected.isEmpty()) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "The Jira webhook is not configured on this hub (hub.jira.webhook-secret)."));
        }
        if (signature == null && secret == null) {
            throw new ProblemException(Problem.of(401, "unauthenticated", "Unauthenticated",
                    "The Jira webhook needs the shared secret: X-Hub-Signature, X-Hub-Jira-Secret or ?secret=."));
        }
        boolean ok;
        if (signature != null) {
            ok = MessageDigest.isEqual(("sha256=" + hmac(expected, body)).getBytes(StandardCharsets.US_ASCII),
                    signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } else {
            ok = MessageDigest.isEqual(sha256(expected), sha256(secret));
        }
        if (!ok) {
            throw ProblemException.forbidden("The Jira webhook's secret does not match.");
        }
    }

    private Outcome comment(String ticketKey, JsonNode comment) {
        String id = comment.path("id").asText(null);
        if (id != null && count("SELECT COUNT(*) FROM outbox WHERE external_ref = ? AND destination = 'jira' AND event_type = 'COMMENT'", id) > 0) {
            return new Outcome("ignored", ticketKey, "comment " + id + " was written by the hub");
        }
        if (byHub(comment.path("author"))) {
            return new Outcome("ignored", ticketKey, "comment by the hub's own Jira account");
        }
        String text = RequestText.multiLine(text(comment.path("body"))).strip();
        if (text.isEmpty()) {
            return new Outcome("ignored", ticketKey, "empty comment");
        }
        String who = name(comment.path("author"));
        workflow.reply(ticketKey, new TicketWorkflow.ReplyRequest("Jira comment by " + who + ":\n" + text, true),
                JiraQueue.JIRA_ACTOR_PREFIX + who);
        return new Outcome("applied", ticketKey, "internal note from Jira comment " + id);
    }

    private Outcome statusChange(String ticketKey, String issueKey, JsonNode event) {
        if (byHub(event.path("user"))) {
            return new Outcome("ignored", ticketKey, "change by the hub's own Jira account");
        }
        for (JsonNode item : event.path("changelog").path("items")) {
            if (!"status".equalsIgnoreCase(item.path("field").asText())) {
                continue;
            }
            String to = item.path("toString").asText("");
            String action = properties.getInboundStatuses().get(to);
            if (action == null) {
                return new Outcome("ignored", ticketKey, "Jira status '" + to + "' maps to no hub action");
            }
            String who = name(event.path("user"));
            try {
                workflow.transition(ticketKey, new TicketWorkflow.TransitionRequest(action, "Jira " + issueKey + ": "
                        + item.path("fromString").asText("?") + " -> " + to), JiraQueue.JIRA_ACTOR_PREFIX + who);
            } catch (ProblemException e) {
                if (e.status() == 409) {
                    return new Outcome("ignored", ticketKey, "already done or not possible now: " + e.problem().detail());
                }
                throw e;
            }
            return new Outcome("applied", ticketKey, action + " from Jira status '" + to + "'");
        }
        return new Outcome("ignored", ticketKey, "no status change in this event");
    }

    /** The hub ticket an issue mirrors: the create that made it, else the ticket label it carries. */
    private String ticketOf(String issueKey, JsonNode labels) {
        List<String> byRef = jdbc.queryForList("SELECT ticket_key FROM outbox WHERE external_ref = ? AND destination = 'jira' AND event_type = 'CREATE' "
                + "ORDER BY id FETCH FIRST 1 ROWS ONLY", String.class, issueKey);
        if (!byRef.isEmpty()) {
            return byRef.get(0);
        }
        for (JsonNode label : labels) {
            String l = label.asText("");
            if (l.startsWith(properties.getTicketLabelPrefix())) {
                String key = l.substring(properties.getTicketLabelPrefix().length());
                if (count("SELECT COUNT(*) FROM ticket WHERE ticket_key = ? AND jira_key = ?", key, issueKey) > 0) {
                    return key;
                }
            }
        }
        return null;
    }

    private boolean byHub(JsonNode user) {
        String hub = properties.getAccountId();
        if (hub == null || hub.isBlank()) {
            return false;
        }
        return hub.equals(user.path("accountId").asText(null)) || hub.equals(user.path("name").asText(null));
    }

    private static String name(JsonNode user) {
        String name = user.path("displayName").asText(null);
        return RequestText.oneLine(name != null ? name : user.path("name").asText("someone"));
    }

    /** A comment body: a string (webhooks, REST v2) or an ADF document (REST v3): its text nodes, one block a line. */
    static String text(JsonNode body) {
        if (body.isTextual()) {
            return body.asText();
        }
        StringBuilder out = new StringBuilder();
        collect(body, out);
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        String type = node.path("type").asText("");
        if ("text".equals(type)) {
            out.append(node.path("text").asText(""));
        } else if ("hardBreak".equals(type)) {
            out.append('\n');
        }
        for (JsonNode child : node.path("content")) {
            collect(child, out);
        }
        if ("paragraph".equals(type) || "heading".equals(type) || "listItem".equals(type)) {
            out.append('\n');
        }
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
