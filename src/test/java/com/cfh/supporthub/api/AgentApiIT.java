package com.cfh.supporthub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

/** The agent read API (P06, P15) through real HTTP with Spring Security in front. */
class AgentApiIT extends HubIT {

    @Test
    @DisplayName("P15: anonymous calls to the agent API get 401 problem+json")
    void anonymousIs401_P15() {
        Reply one = http.send(http.get("/api/v1/tickets/RUN-1"));
        assertThat(one.status()).isEqualTo(401);
        assertThat(one.contentType()).startsWith("application/problem+json");
        assertThat(one.json().get("detail").asText()).contains("account");
        assertThat(http.send(http.get("/api/v1/tickets")).status()).isEqualTo(401);
        assertThat(http.send(http.get("/api/v1/tickets").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("it-admin:wrong".getBytes()))).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("P06: an agent reads a ticket with its messages and audit trail")
    void authenticatedAgentReadsTicket_P06() {
        String email = "agent-read-" + UUID.randomUUID() + "@example.com";
        String key = http.send(http.widget(HubHttp.widgetJson("docmail", email, "Invoice query", "Please resend")))
                .json().get("key").asText();

        Reply reply = http.send(http.asAdmin(http.get("/api/v1/tickets/" + key)));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode t = reply.json();
        assertThat(t.get("key").asText()).isEqualTo(key);
        assertThat(t.get("product").asText()).isEqualTo("docmail");
        assertThat(t.get("channel").asText()).isEqualTo("WIDGET");
        assertThat(t.get("status").asText()).isEqualTo("NEW");
        assertThat(t.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(t.get("requester").get("email").asText()).isEqualTo(email);
        assertThat(t.get("messages")).hasSize(1);
        assertThat(t.get("messages").get(0).get("body").asText()).isEqualTo("Please resend");
        assertThat(t.get("messages").get(0).get("direction").asText()).isEqualTo("INBOUND");
        assertThat(t.get("events").get(0).get("type").asText()).isEqualTo("ticket.created");
        assertThat(t.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    @DisplayName("P06: tickets are listed newest first, filtered by product and status, paged")
    void listFiltersAndPages_P06() {
        for (int i = 0; i < 3; i++) {
            http.send(http.widget(HubHttp.widgetJson("docmail", "list-" + UUID.randomUUID() + "@example.com",
                    "List " + i, "body")));
        }
        Reply page = http.send(http.asAdmin(http.get("/api/v1/tickets?product=docmail&status=NEW&page=0&size=2")));
        assertThat(page.status()).isEqualTo(200);
        JsonNode json = page.json();
        assertThat(json.get("items")).hasSize(2);
        assertThat(json.get("size").asInt()).isEqualTo(2);
        assertThat(json.get("total").asLong()).isGreaterThanOrEqualTo(3);
        json.get("items").forEach(item -> {
            assertThat(item.get("product").asText()).isEqualTo("docmail");
            assertThat(item.get("status").asText()).isEqualTo("NEW");
        });
        assertThat(json.get("items").get(0).get("createdAt").asText())
                .isGreaterThanOrEqualTo(json.get("items").get(1).get("createdAt").asText());
    }

    @Test
    @DisplayName("Unknown ticket is 404 and a bad filter is 422, both problem+json")
    void unknownTicketAndBadFilter() {
        Reply missing = http.send(http.asAdmin(http.get("/api/v1/tickets/RUN-999999999")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        Reply badStatus = http.send(http.asAdmin(http.get("/api/v1/tickets?status=SLEEPING")));
        assertThat(badStatus.status()).isEqualTo(422);
        assertThat(badStatus.json().get("errors").get(0).get("field").asText()).isEqualTo("status");
        Reply badSize = http.send(http.asAdmin(http.get("/api/v1/tickets?size=1000")));
        assertThat(badSize.status()).isEqualTo(422);
    }

    @Test
    @DisplayName("P15: the actuator is closed to anonymous callers, health stays open")
    void actuatorIsProtected_P15() {
        assertThat(http.send(http.get("/actuator/health")).status()).isEqualTo(200);
        assertThat(http.send(http.get("/actuator/metrics")).status()).isEqualTo(401);
        http.send(http.widget(HubHttp.widgetJson("runmy", "metrics-" + UUID.randomUUID() + "@example.com", "m", "m")));
        Reply metric = http.send(http.asAdmin(http.get("/actuator/metrics/hub.intake.batch.size")));
        assertThat(metric.status()).isEqualTo(200);
        assertThat(metric.json().get("measurements").get(0).get("value").asDouble()).isPositive();
    }
}
