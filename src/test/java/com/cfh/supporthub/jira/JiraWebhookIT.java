package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;

/** The webhook back from Jira (P20): shared secret, status and comment round trip, echoes ignored. */
class JiraWebhookIT extends JiraIT {

    private static final String SECRET = "test-webhook-secret";

    private HubHttp.Reply webhook(String json, String secret) {
        var request = http.post("/api/v1/jira/webhook", json);
        if (secret != null) {
            request.header("X-Hub-Jira-Secret", secret);
        }
        return http.send(request);
    }

    /** A ticket mirrored as issueKey, with its public reply's comment delivered as comment 20001. */
    private String mirrored(String issueKey) {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("web@example.com", "Webhook", "Round trip");
        http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies", "{\"text\":\"Hello\",\"internal\":false}")));
        return mirror(key, issueKey);
    }

    /** Mirrors the ticket as issueKey (create, its comments and transitions answered by WireMock). */
    private String mirror(String key, String issueKey) {
        JIRA.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\",\"key\":\"" + issueKey + "\"}")));
        JIRA.stubFor(post(urlPathMatching("/rest/api/3/issue/.*/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"20001\"}")));
        JIRA.stubFor(post(urlPathMatching("/rest/api/3/issue/.*/transitions")).willReturn(aResponse().withStatus(204)));
        run();
        assertThat(jiraKey(key)).isEqualTo(issueKey);
        return key;
    }

    private static String statusEvent(String issueKey, String accountId, String from, String to) {
        return "{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"" + accountId
                + "\",\"displayName\":\"Jo Agent\"},\"issue\":{\"key\":\"" + issueKey + "\",\"fields\":{\"labels\":[]}},"
                + "\"changelog\":{\"items\":[{\"field\":\"status\",\"fromString\":\"" + from + "\",\"toString\":\"" + to + "\"}]}}";
    }

    private String ticketStatus(String key) {
        return jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, key);
    }

    @Test
    @DisplayName("P20 P15 the webhook refuses a call without the secret (401) or with a wrong one (403), as problem+json")
    void secretRequired() {
        HubHttp.Reply none = webhook("{}", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        HubHttp.Reply wrong = webhook("{}", "not-the-secret");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        HubHttp.Reply wrongQuery = http.send(http.post("/api/v1/jira/webhook?secret=nope", "{}"));
        assertThat(wrongQuery.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("P20 a Jira status change by an agent resolves the ticket, and is not mirrored back; the hub's own echo is ignored")
    void statusRoundTrip() {
        String key = mirrored("SUP-700");
        assertThat(ticketStatus(key)).isEqualTo("OPEN");

        HubHttp.Reply echo = webhook(statusEvent("SUP-700", "hub-account-id", "To Do", "Done"), SECRET);
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(ticketStatus(key)).isEqualTo("OPEN");

        HubHttp.Reply applied = webhook(statusEvent("SUP-700", "agent-1", "In Progress", "Done"), SECRET);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().path("outcome").asText()).isEqualTo("applied");
        assertThat(ticketStatus(key)).isEqualTo("RESOLVED");
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                + "AND e.event_type = 'status.changed' AND e.actor = 'jira:Jo Agent'", key)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND status = 'PENDING'", key))
                .as("a change from Jira is not sent back to Jira").isZero();

        HubHttp.Reply again = webhook(statusEvent("SUP-700", "agent-1", "In Progress", "Done"), SECRET);
        assertThat(again.json().path("outcome").asText()).isEqualTo("ignored");
    }

    @Test
    @DisplayName("P20 a Jira agent's comment becomes an internal note; the hub's own comment coming back is ignored")
    void commentRoundTrip() {
        String key = mirrored("SUP-701");
        String own = "{\"webhookEvent\":\"comment_created\",\"comment\":{\"id\":\"20001\",\"body\":\"Hello\","
                + "\"author\":{\"accountId\":\"someone\",\"displayName\":\"Hub\"}},\"issue\":{\"key\":\"SUP-701\"}}";
        assertThat(webhook(own, SECRET).json().path("outcome").asText()).isEqualTo("ignored");

        String agent = "{\"webhookEvent\":\"comment_created\",\"comment\":{\"id\":\"20002\",\"body\":{\"type\":\"doc\","
                + "\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Escalated to the bank\"}]}]},"
                + "\"author\":{\"accountId\":\"agent-1\",\"displayName\":\"Jo Agent\"}},\"issue\":{\"key\":\"SUP-701\"}}";
        HubHttp.Reply reply = webhook(agent, SECRET);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("outcome").asText()).isEqualTo("applied");
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                + "AND m.direction = 'INTERNAL' AND m.author = 'jira:Jo Agent' AND m.body LIKE '%Escalated to the bank%'", key))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND status = 'PENDING'", key)).isZero();
    }

    @Test
    @DisplayName("P20 a webhook signed with the secret (X-Hub-Signature: sha256=HMAC of the body) is accepted")
    void hmacSignature() throws Exception {
        String key = mirrored("SUP-702");
        String body = statusEvent("SUP-702", "agent-2", "Open", "Waiting for customer");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HubHttp.Reply reply = http.send(http.post("/api/v1/jira/webhook", body).header("X-Hub-Signature", signature));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("outcome").asText()).as(reply.body()).isEqualTo("applied");
        assertThat(ticketStatus(key)).isEqualTo("WAITING_ON_CUSTOMER");
        HubHttp.Reply forged = http.send(http.post("/api/v1/jira/webhook", body.replace("agent-2", "agent-3"))
                .header("X-Hub-Signature", signature));
        assertThat(forged.status()).isEqualTo(403);
    }

    /** A ticket mirrored as issueKey that nobody has answered yet. */
    private String unanswered(String issueKey) {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("jsm-" + issueKey.toLowerCase() + "@example.com", "Card declined", "My card is declined");
        return mirror(key, issueKey);
    }

    private static String commentEvent(String issueKey, String id, String text, Boolean jsdPublic) {
        return "{\"webhookEvent\":\"comment_created\",\"comment\":{\"id\":\"" + id + "\",\"body\":\"" + text + "\","
                + (jsdPublic == null ? "" : "\"jsdPublic\":" + jsdPublic + ",")
                + "\"author\":{\"accountId\":\"agent-9\",\"displayName\":\"Sam Agent\"}},\"issue\":{\"key\":\"" + issueKey + "\"}}";
    }

    private void jsmComment(String issueKey, String id, boolean isPublic) {
        JIRA.stubFor(get(urlPathEqualTo("/rest/servicedeskapi/request/" + issueKey + "/comment/" + id)).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + id + "\",\"body\":\"text\",\"public\":" + isPublic + "}")));
    }

    private long messages(String key, String direction) {
        return count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                + "AND m.direction = ? AND m.author = 'jira:Sam Agent'", key, direction);
    }

    private long publicReplies(String key) {
        return count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = 'reply.public'", key);
    }

    @Test
    @DisplayName("P03 P07 P15 P20 a public comment in JSM is the hub's public reply: mailed to the customer, stops the first-response clock, not mirrored back")
    void publicJsmCommentReachesTheCustomer() {
        String key = unanswered("SUP-710");
        jira.setMode(JiraProperties.Mode.SERVICE_DESK);
        jsmComment("SUP-710", "30001", true);
        clock.pin("2026-12-02T11:00:00Z");
        HubHttp.Reply reply = webhook(commentEvent("SUP-710", "30001", "Your card works again, please retry.", true), SECRET);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("detail").asText()).contains("public reply");
        assertThat(messages(key, "OUTBOUND")).isEqualTo(1);
        assertThat(publicReplies(key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'reply.public'",
                String.class, key)).contains("Your card works again").contains("jsm-sup-710@example.com");
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE ticket_key = ? AND first_response_at IS NOT NULL "
                + "AND first_response_breached_at IS NULL", key)).as("first response recorded (P07)").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND destination = 'jira' AND event_type = 'COMMENT' AND status = 'PENDING'", key))
                .as("not mirrored back to Jira").isZero();
    }

    @Test
    @DisplayName("P15 P20 an internal JSM comment stays an internal note even when the webhook says jsdPublic: true")
    void internalJsmCommentStaysInternal() {
        String key = unanswered("SUP-711");
        jira.setMode(JiraProperties.Mode.SERVICE_DESK);
        jsmComment("SUP-711", "30002", false);
        HubHttp.Reply reply = webhook(commentEvent("SUP-711", "30002", "Internal: the bank is down, do not tell them yet", true), SECRET);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(messages(key, "INTERNAL")).isEqualTo(1);
        assertThat(messages(key, "OUTBOUND")).isZero();
        assertThat(publicReplies(key)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE ticket_key = ? AND first_response_at IS NULL", key)).isEqualTo(1);
    }

    @Test
    @DisplayName("P20 when Jira cannot say whether a comment is public the webhook answers 503 problem+json and records nothing")
    void unreadableCommentIsRefusedForRetry() {
        String key = unanswered("SUP-712");
        jira.setMode(JiraProperties.Mode.SERVICE_DESK);
        JIRA.stubFor(get(urlPathEqualTo("/rest/servicedeskapi/request/SUP-712/comment/30003"))
                .willReturn(aResponse().withStatus(500)));
        HubHttp.Reply reply = webhook(commentEvent("SUP-712", "30003", "Fixed", true), SECRET);
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("detail").asText()).contains("30003");
        assertThat(messages(key, "OUTBOUND") + messages(key, "INTERNAL")).isZero();
    }

    @Test
    @DisplayName("P03 P20 in the issue modes the configured rule decides: the sd.public.comment property, or a prefix")
    void issueModeRules() {
        String key = unanswered("SUP-713");
        try {
            jira.setPublicComments(JiraProperties.PublicComments.PROPERTY);
            JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SUP-713/comment/40001")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\":\"40001\",\"properties\":[{\"key\":"
                            + "\"sd.public.comment\",\"value\":{\"internal\":false}}]}")));
            assertThat(webhook(commentEvent("SUP-713", "40001", "Reprinted today.", null), SECRET).status()).isEqualTo(200);
            assertThat(messages(key, "OUTBOUND")).isEqualTo(1);

            jira.setPublicComments(JiraProperties.PublicComments.PREFIX);
            assertThat(webhook(commentEvent("SUP-713", "40002", "[public] Posted first class.", null), SECRET).status()).isEqualTo(200);
            assertThat(webhook(commentEvent("SUP-713", "40003", "Check the printer queue", null), SECRET).status()).isEqualTo(200);
            assertThat(messages(key, "OUTBOUND")).isEqualTo(2);
            assertThat(messages(key, "INTERNAL")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                    + "AND m.body = 'Posted first class.'", key)).as("prefix removed").isEqualTo(1);
        } finally {
            jira.setPublicComments(JiraProperties.PublicComments.NONE);
        }
    }

    @Test
    @DisplayName("P06 P20 a priority set in Jira reaches the ticket through hub.jira.priorities; an unmapped one is ignored and says so")
    void priorityFromJira() {
        String key = unanswered("SUP-714");
        jira.getPriorities().put("HIGH", "High");
        try {
            String event = "{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"agent-9\",\"displayName\":"
                    + "\"Sam Agent\"},\"issue\":{\"key\":\"SUP-714\",\"fields\":{\"labels\":[]}},\"changelog\":{\"items\":"
                    + "[{\"field\":\"priority\",\"fromString\":\"Medium\",\"toString\":\"High\"}]}}";
            HubHttp.Reply reply = webhook(event, SECRET);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("outcome").asText()).isEqualTo("applied");
            assertThat(jdbc.queryForObject("SELECT priority FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("HIGH");
            assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                    + "AND e.event_type = 'ticket.priority-changed' AND e.actor = 'jira:Sam Agent'", key)).isEqualTo(1);

            HubHttp.Reply unmapped = webhook(event.replace("\"toString\":\"High\"", "\"toString\":\"Lowest\""), SECRET);
            assertThat(unmapped.json().path("outcome").asText()).isEqualTo("ignored");
            assertThat(unmapped.json().path("detail").asText()).contains("Lowest");
            assertThat(jdbc.queryForObject("SELECT priority FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("HIGH");
        } finally {
            jira.getPriorities().remove("HIGH");
        }
    }

    @Test
    @DisplayName("P06 P20 an assignee set in Jira is the agent with that Jira account id; an unknown account leaves the ticket unassigned and says so")
    void assigneeFromJira() {
        String key = unanswered("SUP-715");
        String sam = "sam-" + System.nanoTime();
        HubHttp.Reply created = http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"" + sam
                + "\",\"displayName\":\"Sam Agent\",\"email\":\"" + sam + "@support.example\",\"role\":\"AGENT\","
                + "\"jiraAccountId\":\"acc-" + sam + "\",\"password\":\"a-long-password-1\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String event = "{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"agent-9\",\"displayName\":"
                + "\"Jo Lead\"},\"issue\":{\"key\":\"SUP-715\",\"fields\":{\"labels\":[]}},\"changelog\":{\"items\":"
                + "[{\"field\":\"assignee\",\"from\":null,\"to\":\"ACCOUNT\",\"toString\":\"NAME\"}]}}";
        HubHttp.Reply reply = webhook(event.replace("ACCOUNT", "acc-" + sam).replace("NAME", "Sam Agent"), SECRET);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("outcome").asText()).isEqualTo("applied");
        assertThat(jdbc.queryForObject("SELECT assignee FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo(sam);
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                + "AND e.event_type = 'ticket.assigned' AND e.actor = 'jira:Jo Lead'", key)).isEqualTo(1);

        HubHttp.Reply unknown = webhook(event.replace("ACCOUNT", "acc-nobody").replace("NAME", "Nobody Here"), SECRET);
        assertThat(unknown.json().path("detail").asText()).contains("acc-nobody").contains("no enabled agent");
        assertThat(jdbc.queryForObject("SELECT assignee FROM ticket WHERE ticket_key = ?", String.class, key)).isNull();
    }
}
