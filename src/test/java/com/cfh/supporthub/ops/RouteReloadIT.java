package com.cfh.supporthub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17 item 1: the hub runs on a copy of routes/ in a folder of its own; route files are added, edited, broken,
 * mended and removed while it runs, and each change is seen over HTTP, without a restart.
 */
class RouteReloadIT extends HubIT {

    private static final Path ROUTES = Path.of("target/it-routes-reload").toAbsolutePath();
    private static final String PROBE = "reload-probe.camel.yaml";

    static {
        TestFiles.copyOfRoutes(ROUTES);
        TestFiles.deleteTree("target/it-data-reload");
    }

    @DynamicPropertySource
    static void ownFolders(DynamicPropertyRegistry registry) {
        registry.add("hub.routes-dir", ROUTES::toString);
        registry.add("hub.data-dir", () -> "target/it-data-reload");
        registry.add("hub.routes-reload.enabled", () -> "true");
        // the probe's paths are named by no security rule: opened here, whatever the default for unnamed paths
        registry.add("hub.security.public-paths[0]", () -> "/api/v1/reload-probe/**");
        registry.add("hub.security.public-paths[1]", () -> "/api/v1/reload-probe");
    }

    @Autowired
    CamelContext camel;

    @Test
    @DisplayName("Route files added, edited, broken, mended and removed take effect live; a broken one keeps its previous version")
    void routeFilesChangeWhileTheHubRuns() throws Exception {
        Map<String, String> othersBefore = statusesExceptProbe();
        assertThat(othersBefore).containsKey("intake-widget");

        // added: a new file with a new REST path
        write(PROBE, probe(1, false));
        awaitBody("/api/v1/reload-probe", "{\"version\":1}");

        // edited: the constant answer changes and a second REST path appears
        write(PROBE, probe(2, true));
        awaitBody("/api/v1/reload-probe", "{\"version\":2}");
        awaitBody("/api/v1/reload-probe/two", "{\"second\":true}");

        // broken YAML: version 2 keeps answering, the failure is counted and shown in health
        double failures = failuresMetric();
        write(PROBE, "- route:\n    id: reload-probe\n   from: [ unclosed\n");
        await().atMost(Duration.ofMinutes(2)).until(() -> failuresMetric() >= failures + 1);
        assertThat(failingFiles()).containsKey(PROBE);
        assertThat(body("/api/v1/reload-probe")).isEqualTo("{\"version\":2}");
        assertThat(body("/api/v1/reload-probe/two")).isEqualTo("{\"second\":true}");

        // valid YAML whose route cannot start (no such component): removed, failed, version 2 loaded again
        write(PROBE, probe(3, true).replace("direct:reload-probe-two\n", "nosuchcomponent:reload-probe-two\n"));
        await().atMost(Duration.ofMinutes(2)).until(() -> failuresMetric() >= failures + 2);
        assertThat(failingFiles().get(PROBE).path("error").asText()).contains("nosuchcomponent");
        assertThat(body("/api/v1/reload-probe")).isEqualTo("{\"version\":2}");
        assertThat(body("/api/v1/reload-probe/two")).isEqualTo("{\"second\":true}");

        // a route id another file uses: refused, and the other file's route is untouched
        write(PROBE, probe(4, false).replace("id: reload-probe\n", "id: sla-preview\n"));
        await().atMost(Duration.ofMinutes(2)).until(() -> failuresMetric() >= failures + 3);
        assertThat(failingFiles().get(PROBE).path("error").asText()).contains("sla-preview");
        assertThat(body("/api/v1/reload-probe")).isEqualTo("{\"version\":2}");
        assertThat(camel.getRoute("sla-preview").getSourceResource().getLocation()).endsWith("sla-preview.camel.yaml");

        // no other route was stopped or replaced by any of this
        assertThat(statusesExceptProbe()).isEqualTo(othersBefore);
        assertThat(http.send(http.widget(HubHttp.widgetJson("runmy", "reload@example.com", "Reload", "Still here")))
                .status()).isEqualTo(201);

        // mended: the new version runs and health no longer lists the file
        write(PROBE, probe(5, false));
        awaitBody("/api/v1/reload-probe", "{\"version\":5}");
        assertThat(failingFiles()).doesNotContainKey(PROBE);
        assertThat(camel.getRoute("reload-probe-two")).isNull();

        // removed: its routes go, the others stay
        Files.delete(ROUTES.resolve(PROBE));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> http.send(http.asAdmin(http.get("/api/v1/reload-probe"))).status() == 404);
        assertThat(camel.getRoute("reload-probe")).isNull();
        assertThat(statusesExceptProbe()).isEqualTo(othersBefore);
    }

    @Test
    @DisplayName("An edit of a shipped route file (the SLA preview's REST path description) replaces only that file's routes")
    void editingAShippedFile() throws Exception {
        Path file = ROUTES.resolve("sla-preview.camel.yaml");
        String original = Files.readString(file);
        Map<String, String> before = statusesExceptProbe();
        String edited = original.replace("path: /preview\n", "path: /preview-live\n");
        assertThat(edited).isNotEqualTo(original);
        write("sla-preview.camel.yaml", edited);
        String query = "?product=runmy&receivedAt=2026-01-16T16:00:00Z";
        await().atMost(Duration.ofMinutes(2))
                .until(() -> http.send(http.asAdmin(http.get("/api/v1/sla/preview-live" + query))).status() == 200);
        HubHttp.Reply old = http.send(http.asAdmin(http.get("/api/v1/sla/preview" + query)));
        assertThat(old.status()).as(old.body()).isEqualTo(404);
        write("sla-preview.camel.yaml", original);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> http.send(http.asAdmin(http.get("/api/v1/sla/preview" + query))).status() == 200);
        assertThat(statusesExceptProbe()).isEqualTo(before);
    }

    /** A route file with a REST path answering a constant, and optionally a second path. */
    private static String probe(int version, boolean second) {
        String yaml = """
                - rest:
                    id: rest-reload-probe
                    path: /reload-probe
                    get:
                      - id: rest-reload-probe-get
                        produces: application/json
                        to: direct:reload-probe
                %s
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - removeHeaders:
                            pattern: "*"
                        - setHeader:
                            name: Content-Type
                            constant: application/json
                        - setBody:
                            constant: '{"version":%d}'
                """.formatted(second ? """
                      - id: rest-reload-probe-two
                        path: /two
                        produces: application/json
                        to: direct:reload-probe-two
                """.stripTrailing() : "", version);
        if (second) {
            yaml += """
                    - route:
                        id: reload-probe-two
                        from:
                          uri: direct:reload-probe-two
                          steps:
                            - removeHeaders:
                                pattern: "*"
                            - setHeader:
                                name: Content-Type
                                constant: application/json
                            - setBody:
                                constant: '{"second":true}'
                    """;
        }
        return yaml;
    }

    /** Written whole and then renamed into place, as editors and deployment tools do. */
    private static void write(String name, String content) throws IOException {
        Path tmp = ROUTES.resolve("." + name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, ROUTES.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String body(String path) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.get(path)));
        return reply.status() == 200 ? reply.body() : reply.status() + " " + reply.body();
    }

    private void awaitBody(String path, String expected) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> expected.equals(body(path)));
    }

    private double failuresMetric() {
        String text = http.send(http.asAdmin(http.get("/actuator/prometheus"))).body();
        Matcher m = Pattern.compile("(?m)^hub_routes_reload_failures_total(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as("hub_routes_reload_failures_total in /actuator/prometheus: "
                + text.lines().filter(l -> l.contains("hub_routes") || l.contains("reload")).toList()
                + " of " + text.length() + " chars").isTrue();
        return Double.parseDouble(m.group(2));
    }

    private Map<String, JsonNode> failingFiles() {
        JsonNode health = http.send(http.asAdmin(http.get("/actuator/health"))).json();
        JsonNode reload = health.path("components").path("routesReload").path("details");
        assertThat(reload.path("enabled").asBoolean()).isTrue();
        Map<String, JsonNode> files = new TreeMap<>();
        reload.path("failingFiles").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue()));
        return files;
    }

    private Map<String, String> statusesExceptProbe() {
        Map<String, String> statuses = new TreeMap<>();
        for (Route route : camel.getRoutes()) {
            if (!route.getRouteId().contains("reload-probe")) {
                statuses.put(route.getRouteId(), String.valueOf(camel.getRouteController().getRouteStatus(route.getRouteId())));
            }
        }
        return statuses;
    }
}
