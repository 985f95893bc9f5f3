package com.cfh.supporthub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged hub (the jar failsafe finds after {@code package}) as a child process, for the tests that
 * kill it with SIGKILL and start it again on the same data folder. The agent account comes from the
 * environment as in production; {@link #stopAll()} ends whatever a test left running.
 */
public final class PackagedHub {

    /**
     * How long a test waits for a started hub to be ready (/actuator/health/readiness UP): only there to end a
     * hung start. On a loaded 2-core machine a start took over 90 s; readiness, not a fixed time, is the signal.
     */
    public static final Duration START_LIMIT = Duration.ofMinutes(10);

    private final List<Process> started = new ArrayList<>();

    /** Starts the jar on {@code port} and {@code dataDir}, with the routes of this checkout and {@code args}. */
    public Process start(Path dataDir, int port, String... args) throws IOException {
        String jar = System.getProperty("hub.test.jar");
        assertThat(jar).as("packaged hub (run through mvn verify)").isNotNull();
        assertThat(new File(jar)).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar,
                "--server.port=" + port,
                "--hub.data-dir=" + dataDir.toAbsolutePath(),
                "--hub.routes-dir=" + Path.of("routes").toAbsolutePath(),
                "--spring.profiles.active=default"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("hub.log").toFile()));
        pb.environment().put("HUB_ADMIN_USERNAME", HubHttp.ADMIN_USER);
        pb.environment().put("HUB_ADMIN_PASSWORD", HubHttp.ADMIN_PASSWORD);
        Process process = pb.start();
        started.add(process);
        return process;
    }

    /** Waits until the hub answers ready, failing at once when the process died. */
    public static void awaitReady(HubHttp http, Process process, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(process.isAlive()).as("hub process alive").isTrue();
                    return http.send(http.get("/actuator/health/readiness")).status() == 200;
                });
    }

    /** One value of every ticket of a product, read page by page through the agent API. */
    public static <T> List<T> allTickets(HubHttp http, String product, Function<JsonNode, T> value) {
        List<T> values = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode json = http.send(http.asAdmin(http.get("/api/v1/tickets?product=" + product + "&size=100&page="
                    + page))).json();
            json.get("items").forEach(item -> values.add(value.apply(item)));
            if (json.get("items").size() < 100) {
                return values;
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public void stopAll() {
        started.forEach(Process::destroyForcibly);
    }
}
