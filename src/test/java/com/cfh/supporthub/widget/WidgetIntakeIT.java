package com.cfh.supporthub.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

/** The widget channel (P05) through its real HTTP endpoint, asserting on what is stored. */
class WidgetIntakeIT extends HubIT {

    private static String email() {
        return "c-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    @DisplayName("P05 P06: a widget request is stored as a ticket with message, audit event and outbox entry")
    void widgetRequestBecomesTicket_P05_P06() {
        String email = email();
        Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy", email, "Cannot log in", "Since this morning.")));

        assertThat(reply.status()).isEqualTo(201);
        String key = reply.json().get("key").asText();
        assertThat(key).matches("RUN-\\d+");
        assertThat(reply.header("Location")).isEqualTo("/api/v1/tickets/" + key);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.header("Content-Type")).doesNotContain("problem");

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT t.product, t.channel, t.status, t.subject, c.email, c.display_name FROM ticket t "
                        + "JOIN contact c ON c.id = t.requester_id WHERE t.ticket_key = ?", key);
        assertThat(row).containsEntry("PRODUCT", "runmy").containsEntry("CHANNEL", "WIDGET")
                .containsEntry("STATUS", "NEW").containsEntry("SUBJECT", "Cannot log in")
                .containsEntry("EMAIL", email).containsEntry("DISPLAY_NAME", "Test Customer");
        assertThat(jdbc.queryForObject("SELECT m.body FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                + "WHERE t.ticket_key = ?", String.class, key)).isEqualTo("Since this morning.");
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = 'ticket.created'", key)).isEqualTo(1);
        String payload = jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'ticket.created'",
                String.class, key);
        assertThat(payload).contains("\"ticketKey\":\"" + key + "\"").contains(email);
    }

    @Test
    @DisplayName("P06: the keys of each product count up on their own prefix")
    void productsHaveTheirOwnKeyPrefix_P06() {
        Reply doc = http.send(http.widget(HubHttp.widgetJson("docmail", email(), "Letters", "Stuck in the queue")));
        Reply run = http.send(http.widget(HubHttp.widgetJson("runmy", email(), "Reports", "Empty")));
        assertThat(doc.json().get("key").asText()).matches("DOC-\\d+");
        assertThat(run.json().get("key").asText()).matches("RUN-\\d+");
    }

    @Test
    @DisplayName("P06: the same Idempotency-Key twice gives one ticket and the same answer")
    void sameIdempotencyKeyTwiceGivesOneTicket_P06() {
        String key = "idem-" + UUID.randomUUID();
        String body = HubHttp.widgetJson("runmy", email(), "Twice", "Posted twice by a flaky network");
        Reply first = http.send(http.widget(body).header("Idempotency-Key", key));
        Reply second = http.send(http.widget(body).header("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("key").asText()).isEqualTo(first.json().get("key").asText());
        assertThat(second.json().get("replayed").asBoolean()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE idempotency_key = ?", key)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                + "WHERE t.idempotency_key = ?", key)).isEqualTo(1);
    }

    @Test
    @DisplayName("P06: an Idempotency-Key reused for another request is refused and stores nothing")
    void idempotencyKeyReusedForOtherContentIsRefused_P06() {
        String key = "idem-" + UUID.randomUUID();
        http.send(http.widget(HubHttp.widgetJson("runmy", email(), "First", "one")).header("Idempotency-Key", key));
        long before = tickets();
        Reply reused = http.send(http.widget(HubHttp.widgetJson("runmy", email(), "Other", "two"))
                .header("Idempotency-Key", key));
        assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05: malformed JSON gets 400 problem+json and stores nothing")
    void malformedJsonIs400() {
        long before = tickets();
        assertProblem(http.send(http.widget("{\"product\": \"runmy\",")), 400, "malformed-request");
        assertProblem(http.send(http.widget("[1,2]")), 400, "malformed-request");
        assertProblem(http.send(http.widget("{\"product\": {\"x\": 1}}")), 400, "malformed-request");
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05: a body over the size limit gets 413, with or without Content-Length")
    void oversizedBodyIs413() {
        long before = tickets();
        String huge = HubHttp.widgetJson("runmy", email(), "Big", "x".repeat(40_000));
        assertProblem(http.send(http.widget(huge)), 413, "payload-too-large");
        byte[] bytes = huge.getBytes();
        HttpRequest.Builder chunked = http.widget("").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(bytes)));
        assertProblem(http.send(chunked), 413, "payload-too-large");
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05: a body that is not JSON gets 415 problem+json")
    void wrongContentTypeIs415() {
        long before = tickets();
        Reply reply = http.send(http.widget("product=runmy").header("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).isNotBlank();
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05: invalid fields get 422 listing every invalid field, and nothing is stored")
    void invalidFieldsAre422() {
        long before = tickets();
        Reply reply = http.send(http.widget("{\"product\":\"nope\",\"email\":\"not-an-address\",\"subject\":\""
                + "s".repeat(201) + "\",\"message\":\"  \",\"pageUrl\":\"javascript:alert(1)\"}"));
        assertProblem(reply, 422, "invalid-field");
        JsonNode errors = reply.json().get("errors");
        assertThat(errors).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("product", "email", "subject", "message", "pageUrl");
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05: a client over its rate limit gets 429 with Retry-After")
    void rateLimitedClientGets429() {
        String client = HubHttp.nextClientAddress();
        String body = "{\"product\":\"runmy\"}"; // invalid on purpose: the limit counts requests, nothing is stored
        for (int i = 0; i < 5; i++) {
            assertThat(http.send(http.widget(body).setHeader("X-Forwarded-For", client)).status()).isEqualTo(422);
        }
        Reply limited = http.send(http.widget(body).setHeader("X-Forwarded-For", client));
        assertProblem(limited, 429, "rate-limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(http.send(http.widget(body)).status()).as("other clients are not limited").isEqualTo(422);
    }

    @Test
    @DisplayName("P05: CORS allows the product's configured origins only")
    void corsIsLimitedToConfiguredOrigins() {
        Reply preflight = http.send(http.widget("").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.runmy.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,idempotency-key"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.runmy.com");

        Reply foreign = http.send(http.widget("").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

        long before = tickets();
        Reply crossProduct = http.send(http.widget(HubHttp.widgetJson("docmail", email(), "Hi", "From RunMy's page"))
                .header("Origin", "https://app.runmy.com"));
        assertProblem(crossProduct, 403, "forbidden");
        assertThat(tickets()).isEqualTo(before);

        Reply allowed = http.send(http.widget(HubHttp.widgetJson("runmy", email(), "Hi", "From the app"))
                .header("Origin", "https://app.runmy.com"));
        assertThat(allowed.status()).isEqualTo(201);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.runmy.com");
        assertThat(allowed.header("Access-Control-Expose-Headers")).contains("Location");
    }

    @Test
    @DisplayName("The reply does not echo the caller's request headers")
    void requestHeadersAreNotEchoed() {
        Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy", email(), "Echo", "check"))
                .header("X-Secret-Probe", "value"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("X-Secret-Probe")).isNull();
        assertThat(reply.header("X-Forwarded-For")).isNull();
        assertThat(reply.header("Idempotency-Key")).isNull();
    }

    @Test
    @DisplayName("The OpenAPI document of the HTTP API is served")
    void openApiDocumentIsServed() {
        Reply reply = http.send(http.get("/api/v1/openapi.json"));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.has("/widget/tickets")).isTrue();
        assertThat(paths.has("/tickets/{key}")).isTrue();
        assertThat(paths.has("/tickets")).isTrue();
    }

    @Test
    @DisplayName("The OpenAPI document names the public host and scheme a reverse proxy forwards")
    void openApiDocumentBehindProxy() {
        Reply reply = http.send(http.get("/api/v1/openapi.json")
                .header("X-Forwarded-Host", "support.example.com").header("X-Forwarded-Proto", "https"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("servers").toString()).contains("https://support.example.com");
        assertThat(reply.json().get("paths").has("/widget/tickets")).isTrue();
    }

    static void assertProblem(Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).endsWith(":" + slug);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
