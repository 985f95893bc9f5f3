package com.cfh.supporthub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A 201 means the ticket is on disk: the packaged hub is killed with SIGKILL while tickets are
 * being posted, restarted on the same data folder, and must still hold every acknowledged ticket.
 */
class RestartIT {

    private static final int CLIENTS = 8;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    @DisplayName("P06: every ticket acknowledged before kill -9 is there after the restart")
    void acknowledgedTicketsSurviveSigkill() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target", "restart-it", UUID.randomUUID().toString()));
        int port = freePort();
        Process hub = start(dataDir, port);
        HubHttp http = new HubHttp(port);
        awaitReady(http, hub);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(300);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy",
                                "kill-" + UUID.randomUUID() + "@example.com", "Crash test", "Durable?")));
                        if (reply.status() == 201) {
                            acknowledged.add(reply.json().get("key").asText());
                            enough.countDown();
                        }
                    } catch (AssertionError connectionLost) {
                        return; // the hub is gone: requests in flight were never acknowledged
                    }
                }
            });
        }
        assertThat(enough.await(60, TimeUnit.SECONDS)).as("300 tickets acknowledged").isTrue();
        hub.destroyForcibly(); // SIGKILL while clients are still posting
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Set<String> before = Set.copyOf(acknowledged);
        assertThat(before).hasSizeGreaterThanOrEqualTo(300);

        Process again = start(dataDir, port);
        awaitReady(http, again);
        Set<String> stored = allTicketKeys(http);
        assertThat(stored).containsAll(before);
    }

    private Process start(Path dataDir, int port) throws IOException {
        String jar = System.getProperty("hub.test.jar");
        assertThat(jar).as("packaged hub (run through mvn verify)").isNotNull();
        assertThat(new File(jar)).exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar,
                "--server.port=" + port,
                "--hub.data-dir=" + dataDir.toAbsolutePath(),
                "--hub.routes-dir=" + Path.of("routes").toAbsolutePath(),
                "--hub.widget.rate-limit.trust-forwarded-for=true",
                "--spring.profiles.active=default")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("hub.log").toFile()));
        pb.environment().put("HUB_ADMIN_USERNAME", HubHttp.ADMIN_USER);
        pb.environment().put("HUB_ADMIN_PASSWORD", HubHttp.ADMIN_PASSWORD);
        Process process = pb.start();
        started.add(process);
        return process;
    }

    private static void awaitReady(HubHttp http, Process process) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(process.isAlive()).as("hub process alive").isTrue();
                    return http.send(http.get("/actuator/health/readiness")).status() == 200;
                });
    }

    private static Set<String> allTicketKeys(HubHttp http) {
        Set<String> keys = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode json = http.send(http.asAdmin(http.get("/api/v1/tickets?product=runmy&size=100&page=" + page))).json();
            json.get("items").forEach(item -> keys.add(item.get("key").asText()));
            if (json.get("items").size() < 100) {
                return keys;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
