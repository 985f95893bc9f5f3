package com.cfh.supporthub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.lifecycle.Accounts;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

/** Issue 17 item 2: route metrics in Prometheus, Camel's console and the hub's operational lists, for ADMIN only. */
class OpsConsoleIT extends HubIT {

    @BeforeEach
    void accounts() {
        Accounts.create(jdbc);
    }

    @Test
    @DisplayName("P12 Prometheus shows exchanges, failures and processing time of the widget's routes by route id")
    void routeMetricsInPrometheus() {
        assertThat(http.send(http.widget(HubHttp.widgetJson("runmy", "metrics@example.com", "Metrics", "Count me")))
                .status()).isEqualTo(201);
        String text = http.send(http.asAdmin(http.get("/actuator/prometheus"))).body();
        assertThat(text).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"intake-widget\"[^}]*\\} [1-9]");
        assertThat(text).containsPattern("camel_exchanges_failed_total\\{[^}]*routeId=\"intake-widget\"");
        assertThat(text).containsPattern("camel_route_policy_seconds_(count|sum)\\{[^}]*routeId=\"rest-widget-create-ticket\"");
    }

    @Test
    @DisplayName("P15 the console and the operational lists need ADMIN: anonymous 401, an AGENT 403")
    void consoleIsForAdminsOnly() {
        for (String path : List.of("/actuator/camel", "/actuator/camel/inflight", "/actuator/camelroutes", "/actuator/hubroutes",
                "/actuator/hubroutefailures", "/actuator/hubparkedmail", "/actuator/hubdeadletters", "/actuator/huboutbox",
                "/actuator/prometheus")) {
            assertThat(http.send(http.get(path)).status()).as("anonymous " + path).isEqualTo(401);
            assertThat(http.send(Accounts.as(Accounts.AGENT, http.get(path))).status()).as("agent " + path).isEqualTo(403);
            assertThat(http.send(Accounts.as(Accounts.MANAGER, http.get(path))).status()).as("manager " + path).isEqualTo(403);
            assertThat(http.send(http.asAdmin(http.get(path))).status()).as("admin " + path).isEqualTo(200);
        }
        assertThat(http.send(Accounts.as(Accounts.AGENT, http.post("/actuator/camelroutes/sla-preview/stop", "{}")))
                .status()).isEqualTo(403);
        assertThat(routeStatus("sla-preview")).isEqualTo("Started");
    }

    @Test
    @DisplayName("Routes with state and statistics, stop and start, inflight exchanges, in Camel's console")
    void routesStateStatisticsStopStart() {
        http.send(http.asAdmin(http.get("/api/v1/sla/preview?product=runmy&receivedAt=2026-01-16T16:00:00Z")));
        JsonNode routes = http.send(http.asAdmin(http.get("/actuator/hubroutes"))).json().path("routes");
        JsonNode preview = null;
        for (JsonNode r : routes) {
            if ("sla-preview".equals(r.path("routeId").asText())) {
                preview = r;
            }
        }
        assertThat(preview).as("sla-preview in /actuator/hubroutes").isNotNull();
        assertThat(preview.path("source").asText()).contains("sla-preview.camel.yaml");
        assertThat(preview.path("state").asText()).isEqualTo("Started");
        assertThat(preview.path("statistics").path("exchangesTotal").asLong()).isPositive();

        assertThat(http.send(http.asAdmin(http.post("/actuator/camelroutes/sla-preview/stop", "{}"))).status())
                .isIn(200, 204);
        assertThat(routeStatus("sla-preview")).isEqualTo("Stopped");
        assertThat(http.send(http.asAdmin(http.post("/actuator/camelroutes/sla-preview/start", "{}"))).status())
                .isIn(200, 204);
        assertThat(routeStatus("sla-preview")).isEqualTo("Started");
        assertThat(http.send(http.asAdmin(http.get("/api/v1/sla/preview?product=runmy&receivedAt=2026-01-16T16:00:00Z")))
                .status()).isEqualTo(200);

        JsonNode inflight = http.send(http.asAdmin(http.get("/actuator/camel/inflight"))).json();
        assertThat(inflight.path("inflight").has("inflight")).isTrue();
    }

    @Test
    @DisplayName("A failed exchange is listed with its route and message history, without the message")
    void failureWithMessageHistory() {
        String secret = "card 4111 1111 1111 1111";
        assertThat(http.send(http.asAdmin(http.get("/api/v1/sla/preview?product=nosuch&receivedAt=" + "x"))).status())
                .isGreaterThanOrEqualTo(400);
        http.send(http.widget("{\"product\":\"runmy\",\"message\":\"" + secret + "\""));
        await().atMost(Duration.ofMinutes(1)).until(() -> failuresOf("sla-preview").size() > 0);
        JsonNode failure = failuresOf("sla-preview").get(0);
        assertThat(failure.path("error").asText()).isNotEmpty();
        assertThat(failure.path("messageHistory").size()).isPositive();
        assertThat(failure.path("messageHistory").get(0).path("routeId").asText()).isNotEmpty();
        assertThat(http.send(http.asAdmin(http.get("/actuator/hubroutefailures"))).body()).doesNotContain("4111");
    }

    @Test
    @DisplayName("P03 P20 parked mail, dead letters and pending outbox per destination, as JSON for ADMIN")
    void operationalLists() {
        Timestamp now = Timestamp.from(Instant.now());
        long id = 9_000_000 + System.nanoTime() % 1_000_000;
        jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, detail, created_at) VALUES (?, 'runmy', 'PARKED', "
                + "'no sender', ?)", "<parked-" + id + "@example.com>", now);
        jdbc.update("INSERT INTO outbox (id, destination, event_type, payload, status, attempts, available_at, created_at, "
                + "last_error) VALUES (?, 'ops-test', 'OPS_TEST_MAIL', 'secret payload', 'FAILED', 5, ?, ?, 'SMTP 550 refused')", id, now, now);
        jdbc.update("INSERT INTO outbox (id, destination, event_type, payload, status, attempts, available_at, created_at) "
                + "VALUES (?, 'ops-test', 'OPS_TEST_MAIL', 'secret payload', 'PENDING', 0, ?, ?)", id + 1, now, now);

        JsonNode parked = http.send(http.asAdmin(http.get("/actuator/hubparkedmail"))).json();
        assertThat(keys(parked.path("parked"), "message_key")).contains("<parked-" + id + "@example.com>");

        HubHttp.Reply deadReply = http.send(http.asAdmin(http.get("/actuator/hubdeadletters")));
        assertThat(keys(deadReply.json().path("outbox"), "last_error")).contains("SMTP 550 refused");
        assertThat(keys(deadReply.json().path("outbox"), "destination")).contains("ops-test");
        assertThat(deadReply.body()).doesNotContain("secret payload");

        JsonNode outbox = http.send(http.asAdmin(http.get("/actuator/huboutbox"))).json().path("destinations");
        List<String> rows = new ArrayList<>();
        outbox.forEach(r -> rows.add(r.path("destination").asText() + "/" + r.path("status").asText() + "="
                + r.path("row_count").asLong()));
        assertThat(rows).contains("ops-test/FAILED=1", "ops-test/PENDING=1");
    }

    private String routeStatus(String id) {
        return http.send(http.asAdmin(http.get("/actuator/camelroutes/" + id + "/info"))).json().path("status").asText();
    }

    private List<JsonNode> failuresOf(String routeId) {
        List<JsonNode> answer = new ArrayList<>();
        http.send(http.asAdmin(http.get("/actuator/hubroutefailures"))).json().path("failures").forEach(f -> {
            if (routeId.equals(f.path("routeId").asText()) || routeId.equals(f.path("fromRouteId").asText())) {
                answer.add(f);
            }
        });
        return answer;
    }

    private static List<String> keys(JsonNode rows, String field) {
        List<String> answer = new ArrayList<>();
        rows.forEach(r -> answer.add(r.path(field).asText()));
        return answer;
    }
}
