package com.cfh.supporthub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.PackagedHub;
import com.cfh.supporthub.support.HubHttp.Reply;

/**
 * A 201 means the ticket is on disk: the packaged hub is killed with SIGKILL while tickets are
 * being posted, restarted on the same data folder, and must still hold every acknowledged ticket.
 */
class RestartIT {

    private static final int CLIENTS = 8;
    private final PackagedHub hubs = new PackagedHub();

    @AfterEach
    void stopAll() {
        hubs.stopAll();
    }

    @Test
    @DisplayName("P06: every ticket acknowledged before kill -9 is there after the restart")
    void acknowledgedTicketsSurviveSigkill() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target", "restart-it", UUID.randomUUID().toString()));
        int port = PackagedHub.freePort();
        Process hub = hubs.start(dataDir, port, "--hub.widget.rate-limit.trust-forwarded-for=true");
        HubHttp http = new HubHttp(port);
        PackagedHub.awaitReady(http, hub, PackagedHub.START_LIMIT);

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

        Process again = hubs.start(dataDir, port, "--hub.widget.rate-limit.trust-forwarded-for=true");
        PackagedHub.awaitReady(http, again, PackagedHub.START_LIMIT);
        Set<String> stored = Set.copyOf(PackagedHub.allTickets(http, "runmy", item -> item.get("key").asText()));
        assertThat(stored).containsAll(before);
    }
}
