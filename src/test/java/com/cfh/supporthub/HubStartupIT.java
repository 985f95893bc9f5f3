package com.cfh.supporthub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.PackagedHub;
import com.cfh.supporthub.support.RawHttp;
import com.cfh.supporthub.support.RawHttp.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged hub as a load balancer and a client see it while it starts (issue 14 item 8) and with a
 * mailbox that cannot be reached (item 12): from the moment the port opens, the widget answers either
 * 503 problem+json with Retry-After or its real answer, never 404; readiness is UP only once the API
 * answers for real; the unreachable mailbox leaves liveness and readiness UP and shows as the DOWN
 * component {@code mailbox} of /actuator/health, with details for ADMIN only.
 */
@org.junit.jupiter.api.condition.DisabledIfSystemProperty(named = "spring.profiles.active", matches = ".*postgres.*",
        disabledReason = "the packaged hub runs on its own HSQLDB data folder; the PostgreSQL suite does not repeat it")
class HubStartupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = PackagedHub.START_LIMIT;

    private final PackagedHub hubs = new PackagedHub();

    @AfterEach
    void stopAll() {
        hubs.stopAll();
    }

    @Test
    @DisplayName("P05 items 8 and 12: while starting every API answer is 503 with Retry-After or the real one, never 404; an unreachable mailbox leaves liveness and readiness UP")
    void startupWindowAndUnreachableMailbox_P05_P03() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target", "startup-it", UUID.randomUUID().toString()));
        int port = PackagedHub.freePort();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: the IMAP connection is refused
        }
        Process hub = hubs.start(dataDir, port, "--hub.widget.rate-limit.trust-forwarded-for=true",
                "--hub.products.runmy.mailbox.protocol=imap", "--hub.products.runmy.mailbox.host=127.0.0.1",
                "--hub.products.runmy.mailbox.port=" + closedPort, "--hub.products.runmy.mailbox.username=support",
                "--hub.products.runmy.mailbox.password=not-a-secret", "--hub.products.runmy.mailbox.poll-interval=1s");
        RawHttp raw = new RawHttp(port);
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        boolean readySeen = false;
        Instant limit = Instant.now().plus(START_LIMIT);
        while (true) {
            assertThat(hub.isAlive()).as("hub process alive (log: " + dataDir.resolve("hub.log") + ")").isTrue();
            assertThat(Instant.now()).as("the hub answered for real within the limit").isBefore(limit);
            Answer ready;
            Answer api;
            try {
                ready = raw.send("GET", "/actuator/health/readiness", List.of(), null);
                api = raw.send("POST", "/api/v1/widget/tickets", List.of(new String[] {"Content-Type", "application/json"},
                        new String[] {"X-Forwarded-For", HubHttp.nextClientAddress()}), "{}".getBytes(StandardCharsets.UTF_8));
            } catch (AssertionError portNotOpenYet) {
                Thread.onSpinWait();
                continue;
            }
            seen.merge(api.status(), 1, Integer::sum);
            if (api.status() == 503) {
                if (!api.contentType().startsWith("application/problem+json") || api.header("Retry-After") == null
                        || JSON.readTree(api.body()).path("detail").asText().isBlank()) {
                    wrong.add("503 without problem+json or Retry-After: " + api.headers() + " " + api.text());
                }
                if (readySeen) {
                    wrong.add("503 after readiness was UP: " + api.text());
                }
            } else if (api.status() != 422) {
                wrong.add(api.status() + " " + api.text());
            }
            readySeen |= ready.status() == 200;
            if (api.status() == 422 && readySeen) {
                break;
            }
        }
        System.out.println("HubStartupIT: answers while starting " + seen);
        assertThat(wrong).as("answers while starting, by status " + seen).isEmpty();

        // item 12: the mailbox cannot be reached; the hub is alive and ready all the same
        HubHttp http = new HubHttp(port);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> "DOWN".equals(mailbox(http).path("status").asText()));
        HubHttp.Reply liveness = http.send(http.get("/actuator/health/liveness"));
        HubHttp.Reply readiness = http.send(http.get("/actuator/health/readiness"));
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");

        JsonNode mailbox = mailbox(http);
        assertThat(mailbox.path("details").path("intake-email-runmy").path("reason").asText())
                .contains("Connection refused");
        HubHttp.Reply anonymous = http.send(http.get("/actuator/health"));
        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(anonymous.json().has("components")).as("no components or details for anonymous callers").isFalse();
        assertThat(anonymous.body()).doesNotContain("127.0.0.1").doesNotContain("intake-email");

        // and the widget still takes tickets
        HubHttp.Reply ticket = http.send(http.widget(HubHttp.widgetJson("runmy", "startup@example.com", "Still up", "Yes")));
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
    }

    private static JsonNode mailbox(HubHttp http) {
        HubHttp.Reply admin = http.send(http.asAdmin(http.get("/actuator/health")));
        return admin.json().path("components").path("mailbox");
    }
}
