package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
        JIRA.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\",\"key\":\"" + issueKey + "\"}")));
        JIRA.stubFor(post(urlPathMatching("/rest/api/3/issue/.*/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"20001\"}")));
        JIRA.stubFor(post(urlPathMatching("/rest/api/3/issue/.*/transitions")).willReturn(aResponse().withStatus(204)));
        mirror.run();
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
}
