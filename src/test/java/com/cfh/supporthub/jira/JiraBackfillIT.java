package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubHttp;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

/** Issue 16.5 (P20): the back-fill mirrors the open tickets created while the mirror was off, each exactly once. */
class JiraBackfillIT extends JiraIT {

    private static final String ISSUE = "/rest/api/3/issue";

    @Autowired
    JiraBackfill backfill;

    @Autowired
    MeterRegistry meters;

    private int batchSize;

    @BeforeEach
    void freshBackfill() {
        jdbc.update("DELETE FROM jira_backfill");
        batchSize = jira.getBackfill().getBatchSize();
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10900\",\"key\":\"SUP-900\",\"self\":\"" + JIRA.baseUrl() + ISSUE + "/10900\"}")));
        JIRA.stubFor(post(urlEqualTo(ISSUE + "/SUP-900/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"30001\"}")));
    }

    @AfterEach
    void restoreBackfill() {
        jira.setEnabled(true);
        jira.getBackfill().setBatchSize(batchSize);
    }

    /** The creates Jira received for a ticket (its key is in the summary). */
    private long createsOf(String ticketKey) {
        return JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE))).stream()
                .filter(r -> json(r.getBodyAsString()).path("fields").path("summary").asText().startsWith("[" + ticketKey + "]"))
                .count();
    }

    private void deliverAll() {
        while (run().claimed() > 0) {
            // each run delivers up to the destination's batch size
        }
    }

    private void runToTheEnd() {
        for (int i = 0; i < 1000 && "RUNNING".equals(backfill.progress().state()); i++) {
            backfill.runBatch();
        }
        assertThat(backfill.progress().state()).isEqualTo("DONE");
    }

    @Test
    @DisplayName("P20 issue 16.5: tickets from before the mirror get one create each; a resumed and a repeated back-fill mirror none twice")
    void backfillMirrorsOlderTicketsOnce() {
        clock.pin("2026-12-03T09:00:00Z");
        // the mirror off: nothing is queued for these
        jira.setEnabled(false);
        List<String> before = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            before.add(openTicket("early" + i + "@example.com", "Older question " + i, "Asked before Jira, number " + i));
        }
        HubHttp.Reply answered = http.send(http.asAdmin(http.post("/api/v1/tickets/" + before.get(1) + "/replies",
                "{\"text\":\"Have you tried turning it off and on?\",\"internal\":false}")));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        http.send(http.asAdmin(http.post("/api/v1/tickets/" + before.get(1) + "/notes", "{\"text\":\"Probably the router\"}")));
        String closed = openTicket("closed@example.com", "Closed before Jira", "Done with");
        jdbc.update("UPDATE ticket SET status = 'CLOSED' WHERE ticket_key = ?", closed); // set-up: a ticket closed long ago
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira'")).isZero();

        HubHttp.Reply off = http.send(http.asAdmin(http.post("/api/v1/jira/backfill", "")));
        assertThat(off.status()).as("no back-fill while the mirror is off").isEqualTo(409);
        assertThat(off.contentType()).startsWith("application/problem+json");
        assertThat(off.json().path("detail").asText()).contains("hub.jira.enabled");

        // the mirror on: a new ticket is queued by intake itself
        jira.setEnabled(true);
        String after = openTicket("late@example.com", "Newer question", "Asked with Jira on");
        assertThat(backfill.progress().remaining()).as("open, no Jira issue, no queued create").isGreaterThanOrEqualTo(5);

        HubHttp.Reply started = http.send(http.asAdmin(http.post("/api/v1/jira/backfill", "")));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("state").asText()).isEqualTo("RUNNING");
        HubHttp.Reply anonymous = http.send(http.post("/api/v1/jira/backfill", ""));
        assertThat(anonymous.status()).isEqualTo(401);

        // one partial batch, delivered; then the node "restarts": POST again resumes at the cursor, it does not start over
        jira.getBackfill().setBatchSize(2);
        backfill.runBatch();
        long cursor = backfill.progress().cursor();
        assertThat(cursor).isPositive();
        deliverAll();
        HubHttp.Reply resumed = http.send(http.asAdmin(http.post("/api/v1/jira/backfill", "")));
        assertThat(resumed.json().path("cursor").asLong()).as("resumed, not restarted").isEqualTo(cursor);
        runToTheEnd();
        deliverAll();

        for (String key : before) {
            assertThat(createsOf(key)).as("creates of " + key).isEqualTo(1);
            assertThat(jiraKey(key)).isEqualTo("SUP-900");
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND event_type = 'CREATE' AND ticket_key = ?", key))
                    .isEqualTo(1);
        }
        assertThat(createsOf(after)).as("queued by intake, skipped by the back-fill").isEqualTo(1);
        assertThat(createsOf(closed)).as("a closed ticket is not mirrored").isZero();
        JsonNode first = json(JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE))).stream()
                .filter(r -> r.getBodyAsString().contains("[" + before.get(0) + "]")).findFirst().orElseThrow().getBodyAsString());
        assertThat(first.path("fields").path("description").toString()).as("the first customer message as description")
                .contains("Asked before Jira, number 1");

        List<JsonNode> comments = JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE + "/SUP-900/comment"))).stream()
                .map(r -> json(r.getBodyAsString())).toList();
        assertThat(comments.stream().filter(c -> c.toString().contains("Have you tried turning it off and on?")).count())
                .as("the conversation so far: the agent's reply, once").isEqualTo(1);
        List<JsonNode> notes = comments.stream().filter(c -> c.toString().contains("Probably the router")).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).toString()).contains("\"internal\":true");
        assertThat(comments.stream().filter(c -> c.toString().contains("Asked before Jira")).count())
                .as("the first customer message is the description, not a comment").isZero();

        HubHttp.Reply progress = http.send(http.asAdmin(http.get("/api/v1/jira/backfill")));
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().path("state").asText()).isEqualTo("DONE");
        assertThat(progress.json().path("remaining").asLong()).isZero();
        assertThat(progress.json().path("queued").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(meters.get("hub.jira.backfill.remaining").gauge().value()).isZero();
        assertThat(meters.get("hub.jira.backfill.mirrored").gauge().value()).isEqualTo(progress.json().path("queued").asDouble());

        // a second back-fill over the same tickets queues nothing
        http.send(http.asAdmin(http.post("/api/v1/jira/backfill", "")));
        runToTheEnd();
        deliverAll();
        assertThat(backfill.progress().queued()).isZero();
        for (String key : before) {
            assertThat(createsOf(key)).as("still one create of " + key).isEqualTo(1);
        }
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 issue 16.5: two nodes running back-fill batches at once queue each ticket's create once")
    void twoNodesQueueEachTicketOnce() throws Exception {
        clock.pin("2026-12-03T11:00:00Z");
        jira.setEnabled(false);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            keys.add(openTicket("twin" + i + "@example.com", "Twin " + i, "Two nodes " + i));
        }
        jira.setEnabled(true);
        jira.getBackfill().setBatchSize(3);
        backfill.start();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> nodes = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                nodes.add(pool.submit(() -> {
                    for (int i = 0; i < 1000 && "RUNNING".equals(backfill.progress().state()); i++) {
                        backfill.runBatch();
                    }
                }));
            }
            for (var node : nodes) {
                node.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(backfill.progress().state()).isEqualTo("DONE");
        for (String key : keys) {
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND event_type = 'CREATE' AND ticket_key = ?", key))
                    .as("CREATE rows of " + key).isEqualTo(1);
        }
        deliverAll();
        for (String key : keys) {
            assertThat(createsOf(key)).as("creates of " + key).isEqualTo(1);
        }
    }
}
