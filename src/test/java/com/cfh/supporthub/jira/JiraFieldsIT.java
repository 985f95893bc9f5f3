package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.sla.Escalations;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.HubHttp;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 16.4 (P20): hub -> Jira assignment, priority, tier, due instants and SLA labels as {@code PUT /rest/api/3/issue/{key}},
 * each request valid against Jira Cloud's OpenAPI document; a change that came from Jira is not written back.
 */
class JiraFieldsIT extends JiraIT {

    private static final String SECRET = "test-webhook-secret";

    @Autowired
    JiraSlaSync sync;

    @Autowired
    SlaSweep sweep;

    @Autowired
    Escalations escalations;

    @BeforeEach
    void fieldsConfig() {
        jira.getPriorities().put("HIGH", "High");
        jira.getDueFields().setFirstResponse("customfield_10060");
        jira.getDueFields().setResolution("customfield_10061");
        JiraProperties.TierTarget tier2 = new JiraProperties.TierTarget();
        tier2.setLabel("tier-2");
        tier2.setComponent("Second line");
        JiraProperties.TierTarget manager = new JiraProperties.TierTarget();
        manager.setLabel("manager");
        manager.setAssigneeAccountId("acc-manager");
        jira.getTiers().put("TIER2", tier2);
        jira.getTiers().put("MANAGER", manager);
    }

    @AfterEach
    void fieldsReset() {
        jira.getPriorities().remove("HIGH");
        jira.getDueFields().setFirstResponse(null);
        jira.getDueFields().setResolution(null);
        jira.getTiers().clear();
    }

    /** A ticket of the product, mirrored as issueKey; PUTs to the issue answer 204. */
    private String mirrored(String product, String issueKey) {
        HubHttp.Reply reply = http.send(http.widget(HubHttp.widgetJson(product, issueKey.toLowerCase() + "@example.com",
                "Fields " + issueKey, "Please help")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String key = reply.json().path("key").asText();
        JIRA.stubFor(post(urlEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\",\"key\":\"" + issueKey + "\"}")));
        JIRA.stubFor(put(urlPathEqualTo("/rest/api/3/issue/" + issueKey)).willReturn(aResponse().withStatus(204)));
        deliverAll();
        assertThat(jiraKey(key)).isEqualTo(issueKey);
        return key;
    }

    /** Runs the Jira route until it claims nothing: on a database other tests share, other tickets' rows come first. */
    private void deliverAll() {
        while (run().claimed() > 0) {
            // each run delivers up to the destination's batch size
        }
    }

    private List<JsonNode> puts(String issueKey) {
        return JIRA.findAll(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/" + issueKey))).stream()
                .map(r -> json(r.getBodyAsString())).toList();
    }

    private JsonNode lastPut(String issueKey) {
        List<JsonNode> all = puts(issueKey);
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private long updates(String key) {
        return count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND event_type = 'UPDATE' AND ticket_key = ?", key);
    }

    private String agent(String jiraAccountId) {
        String name = "agent-" + System.nanoTime();
        HubHttp.Reply created = http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"" + name
                + "\",\"displayName\":\"Agent " + name + "\",\"email\":\"" + name + "@support.example\",\"role\":\"AGENT\","
                + (jiraAccountId == null ? "" : "\"jiraAccountId\":\"" + jiraAccountId + "\",")
                + "\"password\":\"a-long-password-1\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    private HubHttp.Reply act(String key, String action, String json) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/" + action, json)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private HubHttp.Reply webhook(String json) {
        return http.send(http.post("/api/v1/jira/webhook", json).header("X-Hub-Jira-Secret", SECRET));
    }

    @Test
    @DisplayName("P06 P20 issue 16.4: assignment and priority go to Jira (accountId, none: unassigned with a note); changes from Jira are not echoed")
    void assignmentAndPriority() {
        clock.pin("2026-12-02T10:00:00Z");
        String key = mirrored("runmy", "SUP-801");
        String account = "acc-" + System.nanoTime(); // unique: agent.jira_account_id is, and a PostgreSQL database outlives a run
        String withJira = agent(account);
        String withoutJira = agent(null);

        act(key, "assignment", "{\"assignee\":\"" + withJira + "\"}");
        deliverAll();
        assertThat(lastPut("SUP-801").path("fields").path("assignee").path("accountId").asText()).isEqualTo(account);

        act(key, "assignment", "{\"assignee\":\"" + withoutJira + "\"}");
        deliverAll();
        JsonNode unassigned = lastPut("SUP-801").path("fields");
        assertThat(unassigned.has("assignee")).isTrue();
        assertThat(unassigned.path("assignee").isNull()).as("an agent without a Jira account: unassigned in Jira").isTrue();
        assertThat(jdbc.queryForObject("SELECT last_error FROM outbox WHERE destination = 'jira' AND event_type = 'UPDATE' "
                + "AND ticket_key = ? AND status = 'DONE' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class, key))
                .contains(withoutJira).contains("no Jira account id");

        act(key, "classification", "{\"priority\":\"HIGH\"}");
        deliverAll();
        assertThat(lastPut("SUP-801").path("fields").path("priority").path("name").asText()).isEqualTo("High");
        assertThat(puts("SUP-801")).hasSize(3);

        // Jira assigns and re-prioritises: the hub follows, and writes nothing back
        long before = updates(key);
        HubHttp.Reply assigned = webhook("{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"agent-9\","
                + "\"displayName\":\"Jo Lead\"},\"issue\":{\"key\":\"SUP-801\",\"fields\":{\"labels\":[]}},\"changelog\":{\"items\":"
                + "[{\"field\":\"assignee\",\"from\":null,\"to\":\"" + account + "\",\"toString\":\"Agent\"},"
                + "{\"field\":\"priority\",\"from\":\"2\",\"fromString\":\"High\",\"to\":\"3\",\"toString\":\"Medium\"}]}}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT assignee FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo(withJira);
        assertThat(jdbc.queryForObject("SELECT priority FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("NORMAL");
        assertThat(updates(key)).as("no echo of Jira's own changes").isEqualTo(before);
        deliverAll();
        assertThat(puts("SUP-801")).hasSize(3);
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P07 P08 P09 P20 issue 16.4: due instants in date-time fields, at-risk and breached labels, tier 2's label and component")
    void dueFieldsLabelsAndTiers() {
        clock.pin("2026-03-02T09:00:00Z"); // Monday, as SlaIT: at risk at 12:00, breached at 13:00
        String key = mirrored("docmail", "SUP-802");

        sync.run();
        assertThat(updates(key)).isEqualTo(1);
        sync.run();
        assertThat(updates(key)).as("nothing changed: nothing queued").isEqualTo(1);
        deliverAll();
        JsonNode first = lastPut("SUP-802");
        Instant due = jdbc.queryForObject("SELECT first_response_due FROM ticket WHERE ticket_key = ?", OffsetDateTime.class, key)
                .toInstant();
        assertThat(first.path("fields").path("customfield_10060").asText()).isEqualTo(JiraSlaSync.JIRA_TIME.format(due));
        assertThat(first.path("update").path("labels").isMissingNode()).isTrue();

        clock.pin("2026-03-02T12:00:30Z");
        sweep.run();
        escalations.run();
        sync.run();
        deliverAll();
        assertThat(lastPut("SUP-802").path("update").path("labels").toString()).isEqualTo("[{\"add\":\"sla-at-risk\"}]");

        clock.pin("2026-03-02T13:01:00Z");
        sweep.run();
        escalations.run();
        assertThat(jdbc.queryForObject("SELECT tier FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("TIER2");
        sync.run();
        deliverAll();
        JsonNode breached = lastPut("SUP-802").path("update");
        assertThat(breached.path("labels").toString()).contains("{\"add\":\"sla-breached\"}", "{\"add\":\"tier-2\"}",
                "{\"remove\":\"sla-at-risk\"}");
        assertThat(breached.path("components").toString()).isEqualTo("[{\"add\":{\"name\":\"Second line\"}}]");

        // the manager tier: its label replaces tier 2's, its assignee is set
        act(key, "classification", "{\"tier\":\"MANAGER\"}");
        sync.run();
        deliverAll();
        JsonNode manager = lastPut("SUP-802");
        assertThat(manager.path("update").path("labels").toString()).contains("{\"add\":\"manager\"}", "{\"remove\":\"tier-2\"}");
        assertThat(manager.path("fields").path("assignee").path("accountId").asText()).isEqualTo("acc-manager");

        // the first response: its due field is cleared
        act(key, "replies", "{\"text\":\"On it\",\"internal\":false}");
        sync.run();
        deliverAll();
        JsonNode answered = lastPut("SUP-802").path("fields");
        assertThat(answered.has("customfield_10060")).isTrue();
        assertThat(answered.path("customfield_10060").isNull()).isTrue();
        // waiting on the customer pauses the resolution clock: its field is cleared; the customer's answer resumes it
        clock.pin("2026-03-02T14:00:00Z");
        act(key, "wait-on-customer", "{\"text\":\"Which version do you run?\"}");
        sync.run();
        deliverAll();
        JsonNode paused = lastPut("SUP-802").path("fields");
        assertThat(paused.has("customfield_10061")).isTrue();
        assertThat(paused.path("customfield_10061").isNull()).as("paused: no resolution deadline").isTrue();
        clock.pin("2026-03-02T15:00:00Z");
        act(key, "transitions", "{\"action\":\"CUSTOMER_REPLY\"}");
        sync.run();
        deliverAll();
        Instant resumed = jdbc.queryForObject("SELECT resolution_due FROM ticket WHERE ticket_key = ?", OffsetDateTime.class, key)
                .toInstant();
        assertThat(lastPut("SUP-802").path("fields").path("customfield_10061").asText())
                .as("resumed: the rebased deadline").isEqualTo(JiraSlaSync.JIRA_TIME.format(resumed));

        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND event_type = 'UPDATE' AND ticket_key = ? "
                + "AND status <> 'DONE'", key))
                .isZero();
        assertAllValidAgainstSpec();
    }
}
