package com.cfh.supporthub.jira;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.agent.AgentDirectory;
import com.cfh.supporthub.api.TicketWorkflow;
import com.cfh.supporthub.lifecycle.AgentActions;
import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.RequestText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Back from Jira (P20): POST /api/v1/jira/webhook. A Jira status change becomes the mapped hub action
 * (hub.jira.inbound-statuses); a public comment (JSM's own choice, or hub.jira.public-comments in the issue modes)
 * a public reply the hub mails to the customer, and any other comment an internal note (issue 16.3), through the
 * same {@link TicketWorkflow} the agent API uses, with an actor {@code jira:<name>} whose changes are never
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
    private final JiraHttp jira;
    private final JiraRequests requests;
    private final AgentActions actions;
    private final AgentDirectory agents;

    public JiraWebhook(JiraProperties properties, JdbcTemplate jdbc, TicketWorkflow workflow, ObjectMapper json,
                       JiraHttp jira, JiraRequests requests, AgentActions actions, AgentDirectory agents) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.workflow = workflow;
        this.json = json;
        this.jira = jira;
        this.requests = requests;
        this.actions = actions;
        this.agents = agents;
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
            return comment(ticketKey, issueKey, event.path("comment"));
        }
        if ("jira:issue_updated".equals(type)) {
            return issueUpdated(ticketKey, issueKey, event);
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

    private Outcome comment(String ticketKey, String issueKey, JsonNode comment) {
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
        Visibility visibility = visibility(issueKey, id, comment, text);
        if (visibility == Visibility.GONE) {
            return new Outcome("ignored", ticketKey, "comment " + id + " is no longer in Jira");
        }
        if (visibility == Visibility.PUBLIC) {
            String answer = properties.getMode() != JiraProperties.Mode.SERVICE_DESK
                    && properties.getPublicComments() == JiraProperties.PublicComments.PREFIX
                    ? text.substring(properties.getPublicCommentPrefix().length()).strip() : text;
            workflow.reply(ticketKey, new TicketWorkflow.ReplyRequest(answer, false), JiraQueue.JIRA_ACTOR_PREFIX + who);
            return new Outcome("applied", ticketKey, "public reply to the customer from Jira comment " + id);
        }
        workflow.reply(ticketKey, new TicketWorkflow.ReplyRequest("Jira comment by " + who + ":\n" + text, true),
                JiraQueue.JIRA_ACTOR_PREFIX + who);
        return new Outcome("applied", ticketKey, "internal note from Jira comment " + id);
    }

    /** Whether a Jira comment is for the customer. */
    enum Visibility { PUBLIC, INTERNAL, GONE }

    /**
     * Decides from the comment itself (issue 16.3): a comment the event marks internal is internal; otherwise, in
     * service-desk mode and with the property rule, the comment is read back through the API (JSM's {@code public};
     * the {@code sd.public.comment} property), because Jira has been seen to send {@code jsdPublic: true} for internal
     * comments. When Jira cannot be asked, the event is refused with 503 so that Jira delivers it again.
     */
    private Visibility visibility(String issueKey, String id, JsonNode comment, String text) {
        boolean serviceDesk = properties.getMode() == JiraProperties.Mode.SERVICE_DESK;
        JiraProperties.PublicComments rule = properties.getPublicComments();
        if (!serviceDesk && rule == JiraProperties.PublicComments.NONE) {
            return Visibility.INTERNAL;
        }
        if (!serviceDesk && rule == JiraProperties.PublicComments.PREFIX) {
            return text.startsWith(properties.getPublicCommentPrefix()) ? Visibility.PUBLIC : Visibility.INTERNAL;
        }
        if (comment.path("jsdPublic").isBoolean() && !comment.path("jsdPublic").asBoolean()
                || internalProperty(comment.path("properties")) == Boolean.TRUE || id == null) {
            return Visibility.INTERNAL;
        }
        JiraHttp.JiraResponse answer = jira.send(requests.readComment(issueKey, id));
        if (answer.status() == 404) {
            return Visibility.GONE;
        }
        if (!answer.ok()) {
            throw new ProblemException(Problem.of(503, "jira-unavailable", "Jira unavailable",
                    "Could not read comment " + id + " of " + issueKey + " back from Jira to see whether it is public ("
                            + (answer.status() == 0 ? answer.error() : "HTTP " + answer.status())
                            + "); nothing was recorded, send the event again."));
        }
        JsonNode read;
        try {
            read = json.readTree(answer.body() == null ? "" : answer.body());
        } catch (Exception e) {
            throw new ProblemException(Problem.of(503, "jira-unavailable", "Jira unavailable",
                    "Jira's answer for comment " + id + " of " + issueKey + " is not JSON; nothing was recorded."));
        }
        if (serviceDesk) {
            return read.path("public").asBoolean(false) ? Visibility.PUBLIC : Visibility.INTERNAL;
        }
        return internalProperty(read.path("properties")) == Boolean.FALSE ? Visibility.PUBLIC : Visibility.INTERNAL;
    }

    /** The {@code internal} value of a comment's {@code sd.public.comment} property, or null when it has none. */
    private static Boolean internalProperty(JsonNode properties) {
        for (JsonNode property : properties) {
            if ("sd.public.comment".equals(property.path("key").asText())) {
                JsonNode internal = property.path("value").path("internal");
                return internal.isBoolean() ? internal.asBoolean() : null;
            }
        }
        return null;
    }

    /**
     * An issue update: each changed field the hub follows (status, assignee through the agents' Jira account ids, priority; issue 16.4) becomes the agent API's action
     * with the actor {@code jira:<name>}, whose changes are never mirrored back. Returns what was applied or why not.
     */
    private Outcome issueUpdated(String ticketKey, String issueKey, JsonNode event) {
        if (byHub(event.path("user"))) {
            return new Outcome("ignored", ticketKey, "change by the hub's own Jira account");
        }
        String who = name(event.path("user"));
        List<String> applied = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (JsonNode item : event.path("changelog").path("items")) {
            String field = item.path("field").asText("").toLowerCase(Locale.ROOT);
            String to = item.path("toString").asText("");
            if ("status".equals(field)) {
                String action = properties.getInboundStatuses().get(to);
                if (action == null) {
                    ignored.add("Jira status '" + to + "' maps to no hub action");
                    continue;
                }
                try {
                    workflow.transition(ticketKey, new TicketWorkflow.TransitionRequest(action, "Jira " + issueKey + ": "
                            + item.path("fromString").asText("?") + " -> " + to), JiraQueue.JIRA_ACTOR_PREFIX + who);
                    applied.add(action + " from Jira status '" + to + "'");
                } catch (ProblemException e) {
                    if (e.status() != 409) {
                        throw e;
                    }
                    ignored.add("already done or not possible now: " + e.problem().detail());
                }
            } else if ("assignee".equals(field)) {
                String account = item.path("to").asText("");
                java.util.Optional<String> agent = agents.usernameForJiraAccount(account);
                try {
                    actions.assign(ticketKey, new AgentActions.AssignRequest(agent.orElse(null)),
                            JiraQueue.JIRA_ACTOR_PREFIX + who);
                } catch (ProblemException e) {
                    if (e.status() != 409) {
                        throw e;
                    }
                    ignored.add("assignee not changed: " + e.problem().detail());
                    continue;
                }
                if (agent.isPresent()) {
                    applied.add("assigned to " + agent.get() + " from Jira");
                } else if (account.isEmpty()) {
                    applied.add("unassigned from Jira");
                } else {
                    applied.add("unassigned: Jira account " + account + " (" + item.path("toString").asText("?")
                            + ") is no enabled agent's jiraAccountId");
                }
            } else if ("priority".equals(field)) {
                String priority = hubPriority(to);
                if (priority == null) {
                    ignored.add("Jira priority '" + to + "' maps to no hub priority (hub.jira.priorities)");
                    continue;
                }
                try {
                    actions.classify(ticketKey, new AgentActions.ClassifyRequest(priority, null, "Jira " + issueKey),
                            JiraQueue.JIRA_ACTOR_PREFIX + who);
                    applied.add("priority " + priority + " from Jira priority '" + to + "'");
                } catch (ProblemException e) {
                    if (e.status() != 409) {
                        throw e;
                    }
                    ignored.add("priority not changed: " + e.problem().detail());
                }
            }
        }
        if (!applied.isEmpty()) {
            return new Outcome("applied", ticketKey, String.join("; ", applied));
        }
        return new Outcome("ignored", ticketKey, ignored.isEmpty() ? "no followed field changed in this event"
                : String.join("; ", ignored));
    }

    /** The hub priority whose Jira name (hub.jira.priorities) is {@code jiraName}, or null. */
    private String hubPriority(String jiraName) {
        for (Map.Entry<String, String> e : properties.getPriorities().entrySet()) {
            if (e.getValue().equalsIgnoreCase(jiraName)) {
                return e.getKey();
            }
        }
        return null;
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
