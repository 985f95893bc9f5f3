package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** The mirror in cloud-issue mode against WireMock, every request checked against Jira Cloud's OpenAPI (P20). */
class JiraMirrorIT extends JiraIT {

    private static final String ISSUE = "/rest/api/3/issue";

    private void jiraUp(String issueKey) {
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10001\",\"key\":\"" + issueKey + "\",\"self\":\"" + JIRA.baseUrl() + ISSUE + "/10001\"}")));
        JIRA.stubFor(post(urlPathMatching(ISSUE + "/[A-Z]+-\\d+/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"20001\"}")));
        JIRA.stubFor(get(urlPathMatching(ISSUE + "/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"transitions\":[{\"id\":\"11\",\"name\":\"Start\"},{\"id\":\"31\",\"name\":\"Resolve this issue\"}]}")));
        JIRA.stubFor(post(urlPathMatching(ISSUE + "/[A-Z]+-\\d+/transitions")).willReturn(aResponse().withStatus(204)));
        JIRA.stubFor(post(urlEqualTo("/rest/api/3/search/jql")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"issues\":[],\"isLast\":true}")));
    }

    private List<LoggedRequest> creates() {
        return JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE)));
    }

    @Test
    @DisplayName("P20 ticket.created becomes one Jira issue with an ADF description and the mapped fields; intake never waits for Jira")
    void ticketCreatedBecomesIssue() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("ann@example.com", "Printer offline", "It broke.\\n\\nSince Monday.");

        assertThat(received()).as("intake made no call to Jira").isEmpty();
        assertThat(status(key, JiraQueue.CREATE)).isEqualTo("PENDING");

        jiraUp("SUP-101");
        JiraMirror.Result result = mirror.run();

        assertThat(result.delivered()).isEqualTo(1);
        assertThat(jiraKey(key)).isEqualTo("SUP-101");
        assertThat(status(key, JiraQueue.CREATE)).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT payload FROM outbox WHERE destination = 'jira' AND ticket_key = ?", String.class, key))
                .as("P15: a delivered row keeps no copy of the text").isEqualTo("{}");
        List<LoggedRequest> creates = creates();
        assertThat(creates).hasSize(1);
        JsonNode fields = json(creates.get(0).getBodyAsString()).path("fields");
        assertThat(fields.path("project").path("key").asText()).isEqualTo("SUP");
        assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
        assertThat(fields.path("summary").asText()).isEqualTo("[" + key + "] Printer offline");
        assertThat(fields.path("description").path("type").asText()).isEqualTo("doc");
        assertThat(fields.path("description").path("content")).hasSize(3); // header line, two paragraphs
        assertThat(fields.path("labels").toString()).contains("support-hub", "supporthub-" + key);
        assertThat(fields.path("priority").path("name").asText()).isEqualTo("Medium");
        assertThat(fields.path("customfield_10050").asText()).isEqualTo("runmy");
        assertThat(creates.get(0).getHeader("Authorization")).startsWith("Basic ");
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 public replies, internal notes and status changes become comments and transitions, in order, after the create")
    void commentsAndTransitionsInOrder() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("bob@example.com", "Login fails", "Cannot log in");
        agent(key, "/replies", "{\"text\":\"We are looking into it\",\"internal\":false}");
        agent(key, "/replies", "{\"text\":\"Checked the logs\",\"internal\":true}");
        agent(key, "/transitions", "{\"action\":\"RESOLVE\"}");
        assertThat(received()).isEmpty();

        jiraUp("SUP-202");
        JiraMirror.Result result = mirror.run();

        // create, public comment, OPEN transition (first reply), internal comment, RESOLVED transition (by name)
        assertThat(result.delivered()).isEqualTo(5);
        List<String> calls = received().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
        assertThat(calls).containsExactly(
                "POST " + ISSUE,
                "POST " + ISSUE + "/SUP-202/comment",
                "POST " + ISSUE + "/SUP-202/transitions",
                "POST " + ISSUE + "/SUP-202/comment",
                "GET " + ISSUE + "/SUP-202/transitions",
                "POST " + ISSUE + "/SUP-202/transitions");
        List<LoggedRequest> all = received();
        JsonNode publicComment = json(all.get(1).getBodyAsString());
        assertThat(publicComment.path("body").path("type").asText()).isEqualTo("doc");
        assertThat(publicComment.toString()).contains("We are looking into it").contains("\"internal\":false");
        assertThat(json(all.get(2).getBodyAsString()).path("transition").path("id").asText()).isEqualTo("11");
        JsonNode note = json(all.get(3).getBodyAsString());
        assertThat(note.toString()).contains("Checked the logs").contains("\"internal\":true");
        assertThat(json(all.get(5).getBodyAsString()).path("transition").path("id").asText()).isEqualTo("31");
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND status = 'DONE'", key)).isEqualTo(5);
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 a customer message on a ticket becomes a public comment; it waits while its ticket has no Jira key")
    void customerMessageWaitsForCreate() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("cat@example.com", "Invoice", "Where is my invoice?");
        assertThat(intake(com.cfh.supporthub.ticket.Channel.EMAIL, com.cfh.supporthub.intake.Party.ofEmail("Cat",
                "cat@example.com"), "Re: Invoice", "Any news?", key)).isEqualTo(key);
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(503)));
        mirror.run();
        assertThat(received()).hasSize(1); // only the create was tried
        long comments = count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = 'COMMENT' AND attempts = 0", key);
        long anyComment = count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = 'COMMENT'", key);
        assertThat(anyComment).isEqualTo(1);
        assertThat(comments).isEqualTo(anyComment);

        jiraUp("SUP-250");
        clock.advance(Duration.ofSeconds(11));
        mirror.run();
        LoggedRequest comment = JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE + "/SUP-250/comment"))).get(0);
        assertThat(comment.getBodyAsString()).contains("Cat: Any news?").contains("\"internal\":false");
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 Jira down for a while (5xx, connection resets): backoff, circuit breaker, then everything delivered once")
    void jiraDownThenEverythingOnce() {
        clock.pin("2026-12-02T10:00:00Z");
        String[] keys = {openTicket("d1@example.com", "One", "1"), openTicket("d2@example.com", "Two", "2"),
                openTicket("d3@example.com", "Three", "3"), openTicket("d4@example.com", "Four", "4")};
        agent(keys[0], "/replies", "{\"text\":\"On it\",\"internal\":false}");
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(503)));
        JIRA.stubFor(post(urlEqualTo(ISSUE)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Two"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JiraMirror.Result first = mirror.run();
        assertThat(first.retried()).isEqualTo(3); // threshold 3: the fourth ticket is not tried
        assertThat(first.circuitOpen()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND last_status = 0")).isEqualTo(1);
        int calls = received().size();

        clock.advance(Duration.ofSeconds(30)); // backoff passed, circuit still open
        assertThat(mirror.run().claimed()).isZero();
        assertThat(received()).hasSize(calls);

        clock.advance(Duration.ofSeconds(31)); // half open: one trial, still down, open again
        JiraMirror.Result trial = mirror.run();
        assertThat(trial.claimed()).isEqualTo(1);
        assertThat(trial.circuitOpen()).isTrue();

        JIRA.resetAll();
        jiraUp("SUP-300");
        clock.advance(Duration.ofMinutes(10));
        JiraMirror.Result after = mirror.run();

        assertThat(after.delivered()).isEqualTo(6); // four creates, the reply's comment and its NEW -> OPEN transition
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key IN (?, ?, ?, ?) AND status <> 'DONE'",
                (Object[]) keys)).isZero();
        assertThat(creates()).hasSize(4); // retried creates searched for their label first and found none
        assertThat(JIRA.findAll(postRequestedFor(urlPathMatching(ISSUE + "/SUP-300/comment")))).hasSize(1);
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 a create whose answer was lost is found by its label on retry: never a second issue")
    void retriedCreateFindsItsIssue() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("eve@example.com", "Lost answer", "Hello");
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(504)));
        mirror.run();
        assertThat(creates()).hasSize(1);

        JIRA.stubFor(post(urlEqualTo("/rest/api/3/search/jql")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"issues\":[{\"id\":\"10400\",\"key\":\"SUP-400\"}]}")));
        clock.advance(Duration.ofSeconds(11));
        mirror.run();

        assertThat(jiraKey(key)).isEqualTo("SUP-400");
        assertThat(creates()).hasSize(1);
        LoggedRequest search = JIRA.findAll(postRequestedFor(urlEqualTo("/rest/api/3/search/jql"))).get(0);
        assertThat(json(search.getBodyAsString()).path("jql").asText()).contains("labels = \"supporthub-" + key + "\"");
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 429 with Retry-After: no call before it, delivered after it")
    void rateLimitedHonoursRetryAfter() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("fay@example.com", "Rate", "limited");
        JIRA.stubFor(post(urlEqualTo(ISSUE)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120"))
                .willSetStateTo("open"));
        mirror.run();
        assertThat(jdbc.queryForObject("SELECT available_at FROM outbox WHERE destination = 'jira' AND ticket_key = ?",
                java.time.OffsetDateTime.class, key).toInstant()).isEqualTo(java.time.Instant.parse("2026-12-02T10:02:00Z"));
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND last_status = 429", key)).isEqualTo(1);

        jiraUp("SUP-500");
        clock.advance(Duration.ofSeconds(119));
        mirror.run();
        assertThat(creates()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        mirror.run();
        assertThat(creates()).hasSize(2);
        assertThat(jiraKey(key)).isEqualTo("SUP-500");
    }

    @Test
    @DisplayName("P20 a 400 is not retried: the row is a dead letter with Jira's answer, listed and retried by an admin")
    void badRequestIsDeadLetter() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("gus@example.com", "Bad", "request");
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errorMessages\":[],\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}")));
        JiraMirror.Result result = mirror.run();
        assertThat(result.dead()).isEqualTo(1);
        assertThat(status(key, JiraQueue.CREATE)).isEqualTo("FAILED");
        String error = jdbc.queryForObject("SELECT last_error FROM outbox WHERE destination = 'jira' AND ticket_key = ?", String.class, key);
        assertThat(error).contains("HTTP 400").contains("Specify a valid issue type");

        clock.advance(Duration.ofMinutes(5));
        mirror.run();
        assertThat(creates()).hasSize(1); // never retried by itself

        HubHttp.Reply list = http.send(http.asAdmin(http.get("/api/v1/jira/dead-letters")));
        assertThat(list.status()).isEqualTo(200);
        JsonNode letter = list.json().path("items").get(0);
        assertThat(letter.path("ticketKey").asText()).isEqualTo(key);
        assertThat(letter.path("lastStatus").asInt()).isEqualTo(400);
        assertThat(letter.path("lastError").asText()).contains("Specify a valid issue type");

        jiraUp("SUP-600");
        HubHttp.Reply retry = http.send(http.asAdmin(http.post("/api/v1/jira/dead-letters/" + letter.path("id").asLong()
                + "/retry", "{}")));
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(status(key, JiraQueue.CREATE)).isEqualTo("PENDING");
        mirror.run();
        assertThat(jiraKey(key)).isEqualTo("SUP-600");
        assertThat(http.send(http.asAdmin(http.get("/api/v1/jira/dead-letters"))).json().path("items")).isEmpty();
    }

    @Test
    @DisplayName("P20 a retried comment whose first attempt got through is found by its row property: never a second comment")
    void retriedCommentFindsItself() {
        String key = firstAttemptFails("/replies", "{\"text\":\"Internal check\",\"internal\":true}", "SUP-950",
                "/comment", JiraQueue.COMMENT);
        long row = jdbc.queryForObject("SELECT id FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = 'COMMENT'", Long.class, key);

        JIRA.stubFor(get(urlPathMatching(ISSUE + "/SUP-950/comment")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"comments\":[{\"id\":\"777\",\"properties\":[{\"key\":\"supporthub\",\"value\":{\"outboxId\":"
                        + row + "}}]}],\"startAt\":0,\"maxResults\":100,\"total\":1}")));
        clock.advance(Duration.ofSeconds(11));
        mirror.run();

        assertThat(status(key, JiraQueue.COMMENT)).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT external_ref FROM outbox WHERE destination = 'jira' AND id = ?", String.class, row)).isEqualTo("777");
        assertThat(JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE + "/SUP-950/comment")))).hasSize(1);
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 a retried transition that Jira no longer offers was made by the first attempt: not sent again")
    void retriedTransitionNotRepeated() {
        String key = firstAttemptFails("/transitions", "{\"action\":\"WAIT_ON_CUSTOMER\"}", "SUP-960", "/transitions",
                JiraQueue.TRANSITION);

        clock.advance(Duration.ofSeconds(11)); // the offered transitions (11, 31) no longer include 21
        mirror.run();

        assertThat(status(key, JiraQueue.TRANSITION)).isEqualTo("SKIPPED");
        assertThat(JIRA.findAll(postRequestedFor(urlEqualTo(ISSUE + "/SUP-960/transitions")))).hasSize(1);
        assertAllValidAgainstSpec();
    }

    @Autowired
    JiraRequests requests;

    @Autowired
    JiraHttp jiraHttp;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper objectMapper;

    @Autowired
    com.cfh.supporthub.ticket.TicketStore ticketStore;
    @Autowired
    com.cfh.supporthub.outbox.OutboxProperties outboxProperties;

    @Test
    @DisplayName("P20 two hub nodes delivering at once: every row is claimed by one of them, every issue created once")
    void twoNodesDeliverEachRowOnce() throws Exception {
        clock.pin("2026-12-02T10:00:00Z");
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(openTicket("node" + i + "@example.com", "Node " + i, "Text " + i));
        }
        jiraUp("SUP-800");
        // the other node: its own circuit (a policy of its own), the same settings
        JiraMirror other = new JiraMirror(jira, requests, jiraHttp, jdbc, transactions, objectMapper, clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                new com.cfh.supporthub.outbox.OutboxPolicy(outboxProperties, clock), ticketStore);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(mirror::run);
            var b = pool.submit(other::run);
            assertThat(a.get().claimed() + b.get().claimed()).isEqualTo(12);
        } finally {
            pool.shutdown();
        }
        assertThat(creates()).hasSize(12);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND status = 'DONE' AND attempts = 1")).isEqualTo(12);
    }

    @Test
    @DisplayName("P20 a row claimed by a node that died is taken again when its lease ends, and searched for before it is created")
    void expiredLeaseIsTakenOver() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("lease@example.com", "Lease", "Node died");
        jdbc.update("UPDATE outbox SET claim_token = 'dead-node', attempts = 1, available_at = ? WHERE destination = 'jira' AND ticket_key = ?",
                java.time.OffsetDateTime.parse("2026-12-02T10:02:00Z"), key);
        jiraUp("SUP-900");
        assertThat(mirror.run().claimed()).isZero();

        clock.advance(Duration.ofMinutes(2));
        assertThat(mirror.run().delivered()).isEqualTo(1);
        assertThat(jiraKey(key)).isEqualTo("SUP-900");
        assertThat(JIRA.findAll(postRequestedFor(urlEqualTo("/rest/api/3/search/jql")))).hasSize(1);
        assertThat(creates()).hasSize(1);
    }

    @Test
    @DisplayName("P20 metrics: pending and dead Jira deliveries are gauges on the actuator")
    void metrics() {
        clock.pin("2026-12-02T10:00:00Z");
        openTicket("m1@example.com", "Metric", "one");
        openTicket("m2@example.com", "Metric", "two");
        assertThat(metric("pending")).isEqualTo(2.0);
        JIRA.stubFor(post(urlEqualTo(ISSUE)).willReturn(aResponse().withStatus(400).withBody("{\"errors\":{}}")));
        mirror.run();
        assertThat(metric("dead")).isEqualTo(2.0);
        assertThat(metric("pending")).isEqualTo(0.0);
    }

    private double metric(String status) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.get("/actuator/metrics/hub.jira.outbox?tag=status:" + status)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("measurements").get(0).path("value").asDouble();
    }

    /** A mirrored ticket with one agent action whose Jira call fails with a 502 the first time; returns its key. */
    private String firstAttemptFails(String agentPath, String agentJson, String issueKey, String failingPath, String kind) {
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket(issueKey.toLowerCase() + "@example.com", "Retry", "first attempt fails");
        agent(key, agentPath, agentJson);
        jiraUp(issueKey);
        JIRA.stubFor(post(urlEqualTo(ISSUE + "/" + issueKey + failingPath)).willReturn(aResponse().withStatus(502)));
        mirror.run();
        assertThat(status(key, kind)).isEqualTo("PENDING");
        return key;
    }

    private void agent(String key, String path, String json) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + path, json)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
