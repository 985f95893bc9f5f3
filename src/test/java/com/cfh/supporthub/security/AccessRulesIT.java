package com.cfh.supporthub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.test.context.TestPropertySource;

import com.cfh.supporthub.SupportHubApplication;
import com.cfh.supporthub.lifecycle.Accounts;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.MutableClock;
import com.cfh.supporthub.support.TestFiles;

/**
 * The access map beside the routes (issue 17 item 4, P15), on a hub started from a routes folder of its own: the
 * shipped routes and map, plus a route file with two new REST paths, only one of which the map names.
 */
@TestPropertySource(properties = {
        "hub.data-dir=target/it-data-access",
        "hub.routes-dir=target/it-routes-access"
})
class AccessRulesIT extends HubIT {

    static final Path ROUTES = Path.of("target/it-routes-access");

    static {
        TestFiles.deleteTree("target/it-data-access");
        TestFiles.deleteTree(ROUTES.toString());
        try {
            Files.createDirectories(ROUTES);
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, ROUTES.resolve(f.getFileName()));
                }
            }
            Files.writeString(ROUTES.resolve("access-probe.camel.yaml"), """
                    # Two new REST paths for AccessRulesIT: /probe/agent has a rule in access.yaml, /probe/open has none.
                    - rest:
                        id: rest-access-probe
                        path: /probe
                        get:
                          - id: rest-access-probe-agent
                            path: /agent
                            to: direct:access-probe
                          - id: rest-access-probe-open
                            path: /open
                            to: direct:access-probe
                    - route:
                        id: access-probe
                        from:
                          uri: direct:access-probe
                          steps:
                            - removeHeaders:
                                pattern: "*"
                            - setHeader:
                                name: Content-Type
                                constant: application/json
                            - setBody:
                                constant: '{"probe":"ok"}'
                    """);
            Files.writeString(ROUTES.resolve("access.yaml"), Files.readString(ROUTES.resolve("access.yaml")) + """
                      # AccessRulesIT's probe: an agent may read it
                      - paths: /api/v1/probe/agent
                        methods: GET
                        access: AGENT
                    """);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Autowired
    AccessMap accessMap;

    @BeforeEach
    void accounts() {
        Accounts.create(jdbc);
    }

    @Test
    @DisplayName("P15 issue 17.4: a new REST path the map does not name is closed to everyone, ADMIN included")
    void unnamedPathIsClosed_P15() {
        Reply admin = http.send(http.asAdmin(http.get("/api/v1/probe/open")));
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.contentType()).startsWith("application/problem+json");
        assertThat(http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/probe/open"))).status()).isEqualTo(403);
        assertThat(http.send(http.get("/api/v1/probe/open")).status()).isEqualTo(401);
        // and so is a path no route serves at all
        assertThat(http.send(http.asAdmin(http.get("/api/v1/nothing-here"))).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("P15 issue 17.4: a new REST path with an AGENT rule answers an agent, not an anonymous caller")
    void namedPathOpensForItsRole_P15() {
        Reply agent = http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/probe/agent")));
        assertThat(agent.status()).isEqualTo(200);
        assertThat(agent.json().get("probe").asText()).isEqualTo("ok");
        assertThat(http.send(http.asAdmin(http.get("/api/v1/probe/agent"))).status()).isEqualTo(200);
        Reply anonymous = http.send(http.get("/api/v1/probe/agent"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        // the rule names GET only: another method on the same path stays closed
        assertThat(http.send(Accounts.as(Accounts.AGENT, http.post("/api/v1/probe/agent", "{}"))).status())
                .isEqualTo(403);
    }

    @Test
    @DisplayName("P15 issue 17.4: the moved rules hold as before: public widget and health, MANAGER and ADMIN paths")
    void shippedRulesUnchanged_P15() {
        assertThat(http.send(http.get("/actuator/health")).status()).isEqualTo(200);
        assertThat(http.send(http.get("/api/v1/openapi.json")).status()).isEqualTo(200);
        assertThat(http.send(http.widget(HubHttp.widgetJson("docmail", "access-it@example.com", "Access", "map")))
                .status()).isEqualTo(201);
        assertThat(http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/reports/sla"))).status()).isEqualTo(403);
        assertThat(http.send(Accounts.as(Accounts.MANAGER, http.get("/actuator/metrics"))).status()).isEqualTo(403);
        assertThat(http.send(http.asAdmin(http.get("/actuator/metrics"))).status()).isEqualTo(200);
        assertThat(http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/tickets"))).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("P15 issue 17.4: an edit of the map takes effect without a restart; a broken edit leaves the previous map in force")
    void editedMapTakesEffect_P15() throws IOException {
        Path map = ROUTES.resolve("access.yaml");
        String shipped = Files.readString(map);
        try {
            edit(map, shipped + """
                      - paths: /api/v1/probe/open
                        access: AGENT
                    """);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                    http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/probe/open"))).status() == 200);

            edit(map, shipped + "  - paths: /api/v1/probe/open\n    access: AGNT\n");
            // the broken map is seen (logged, and kept as the map's problem) and ignored: the last good one stays in force
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
                http.send(http.get("/api/v1/probe/open"));
                return accessMap.problem() != null;
            });
            assertThat(accessMap.problem()).contains("rule ").contains("access 'AGNT' is not one of");
            assertThat(http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/probe/open"))).status()).isEqualTo(200);
            assertThat(http.send(http.get("/api/v1/probe/open")).status()).isEqualTo(401);
        } finally {
            edit(map, shipped);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                    http.send(Accounts.as(Accounts.AGENT, http.get("/api/v1/probe/open"))).status() == 403);
            assertThat(accessMap.problem()).isNull();
        }
    }

    /** Writes the map with a modification time later than any before, whatever the file system's time resolution. */
    private static void edit(Path map, String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(map);
        Files.writeString(map, text);
        Files.setLastModifiedTime(map, FileTime.fromMillis(Math.max(System.currentTimeMillis(), before.toMillis() + 1000)));
    }

    @Test
    @DisplayName("P15 issue 17.4: a malformed access map stops the start with the file, the rule and the reason")
    void malformedMapFailsStartUp_P15() throws IOException {
        Path bad = Path.of("target/it-access-bad.yaml");
        Files.writeString(bad, "rules:\n  - paths: /api/v1/widget/**\n    access: AGNT\n");
        assertThatThrownBy(() -> new SpringApplicationBuilder(SupportHubApplication.class, MutableClock.Config.class)
                .run("--server.port=0", "--hub.data-dir=target/it-data-access-bad",
                        "--hub.security.access-rules=" + bad, "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("Access map " + bad + " is invalid: rule 1: access 'AGNT' is not one of "
                        + "public, AGENT, MANAGER, ADMIN");
    }
}
