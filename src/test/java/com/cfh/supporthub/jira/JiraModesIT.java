package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.ticket.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** service-desk and datacenter-issue modes, and minimisation, against WireMock (P20, P15). */
class JiraModesIT extends JiraIT {

    private static void ok(com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String body) {
        JIRA.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    private String phoneTicket(Party requester, List<Party> participants, String text) {
        TicketIntake envelope = new TicketIntake(Channel.PHONE, "runmy", requester, "Card declined", text, participants,
                UUID.randomUUID().toString(), null, null, List.of(), clock.instant(), Map.of());
        return camel.requestBody("direct:ticket-intake", envelope, IntakeResult.class).key();
    }

    @Test
    @DisplayName("P20 service-desk: a JSM customer request raised on behalf of the requester with participants; public and internal comments")
    void serviceDeskMode() {
        jira.setMode(JiraProperties.Mode.SERVICE_DESK);
        clock.pin("2026-12-02T10:00:00Z");
        String key = phoneTicket(new Party("Ann Smith", "ann@example.com", "+447700900123"),
                List.of(Party.ofEmail("Bob", "bob@example.com")), "My card was declined");
        HubHttp.Reply reply = http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies",
                "{\"text\":\"Please try again\",\"internal\":false}")));
        assertThat(reply.status()).isEqualTo(200);
        http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies", "{\"text\":\"Bank issue\",\"internal\":true}")));

        ok(get(urlPathEqualTo("/rest/api/3/user/search")).withQueryParam("query", equalTo("ann@example.com")), 200, "[]");
        ok(post(urlEqualTo("/rest/servicedeskapi/customer")), 201,
                "{\"accountId\":\"qm:ann\",\"displayName\":\"Ann Smith\",\"emailAddress\":\"ann@example.com\"}");
        ok(get(urlPathEqualTo("/rest/api/3/user/search")).withQueryParam("query", equalTo("bob@example.com")), 200,
                "[{\"accountId\":\"qm:bob\",\"displayName\":\"Bob\"}]");
        ok(post(urlEqualTo("/rest/servicedeskapi/request")), 201, "{\"issueId\":\"10010\",\"issueKey\":\"SD-1\"}");
        ok(post(urlEqualTo("/rest/servicedeskapi/request/SD-1/comment")), 201, "{\"id\":\"3001\",\"public\":true}");
        JIRA.stubFor(post(urlEqualTo("/rest/api/3/issue/SD-1/transitions")).willReturn(aResponse().withStatus(204)));

        JiraMirror.Result result = run();

        assertThat(result.delivered()).isEqualTo(4); // request, public comment, OPEN transition, internal comment
        assertThat(jiraKey(key)).isEqualTo("SD-1");
        LoggedRequest create = JIRA.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/rest/servicedeskapi/request"))).get(0);
        JsonNode body = json(create.getBodyAsString());
        assertThat(body.path("serviceDeskId").asText()).isEqualTo("4");
        assertThat(body.path("requestTypeId").asText()).isEqualTo("12");
        assertThat(body.path("raiseOnBehalfOf").asText()).isEqualTo("qm:ann");
        assertThat(body.path("requestParticipants").toString()).isEqualTo("[\"qm:bob\"]");
        assertThat(body.path("requestFieldValues").path("description").asText()).contains("My card was declined")
                .doesNotContain("+447700900123"); // P15 default: no requester phone
        List<JsonNode> comments = JIRA.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/rest/servicedeskapi/request/SD-1/comment"))).stream().map(r -> json(r.getBodyAsString())).toList();
        assertThat(comments).hasSize(2);
        assertThat(comments.get(0).path("public").asBoolean()).isTrue();
        assertThat(comments.get(1).path("public").asBoolean()).isFalse();
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 datacenter-issue: REST v2 with a Bearer personal access token and plain-text description")
    void dataCenterMode() {
        jira.setMode(JiraProperties.Mode.DATACENTER_ISSUE);
        clock.pin("2026-12-02T10:00:00Z");
        String key = openTicket("dc@example.com", "On premises", "Data Center please");
        ok(post(urlEqualTo("/rest/api/2/issue")), 201, "{\"id\":\"10020\",\"key\":\"DC-1\"}");

        assertThat(run().delivered()).isEqualTo(1);

        assertThat(jiraKey(key)).isEqualTo("DC-1");
        LoggedRequest create = received().get(0);
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer test-token-not-a-secret");
        JsonNode fields = json(create.getBodyAsString()).path("fields");
        assertThat(fields.path("description").isTextual()).isTrue();
        assertThat(fields.path("description").asText()).contains("Data Center please");
        assertThat(fields.path("project").path("key").asText()).isEqualTo("SUP");
        // No REST v2 OpenAPI document is in the corpus: these bodies are checked by the assertions above only.
    }

    @Test
    @DisplayName("P15 minimisation: with redacted text and no requester e-mail, neither the address nor long numbers leave the hub")
    void minimisation() {
        JiraProperties.Minimise m = new JiraProperties.Minimise();
        m.setText(JiraProperties.TextPolicy.REDACTED);
        m.setRequesterEmail(false);
        m.setRequesterPhone(false);
        m.setInternalNotes(false);
        jira.setMinimise(m);
        clock.pin("2026-12-02T10:00:00Z");
        String key = phoneTicket(new Party("Cy", "cy@example.com", "+447700900999"), List.of(),
                "Call me back on 07700 900999, or mail cy.backup@example.org");
        http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies", "{\"text\":\"Secret note\",\"internal\":true}")));
        ok(post(urlEqualTo("/rest/api/3/issue")), 201, "{\"id\":\"10030\",\"key\":\"SUP-31\"}");

        run();

        assertThat(jiraKey(key)).isEqualTo("SUP-31");
        List<LoggedRequest> all = received();
        assertThat(all).hasSize(1); // the internal note stayed in the hub
        String sent = all.get(0).getBodyAsString();
        assertThat(sent).doesNotContain("cy@example.com", "cy.backup@example.org", "07700", "+447700900999", "Secret note")
                .contains("[number removed]", "[email removed]", "Cy");
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = 'COMMENT'", key)).isZero();
        assertAllValidAgainstSpec();
    }

    @Test
    @DisplayName("P20 service-desk: a retried request comment whose first attempt got through is found by text and visibility")
    void serviceDeskRetriedComment() {
        jira.setMode(JiraProperties.Mode.SERVICE_DESK);
        jira.getMinimise().setRequesterEmail(false); // raised as the API user: no customer look-up
        clock.pin("2026-12-02T10:00:00Z");
        String key = phoneTicket(new Party("Dee", "dee@example.com", null), List.of(), "Hello");
        http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies", "{\"text\":\"Noted\",\"internal\":true}")));
        ok(post(urlEqualTo("/rest/servicedeskapi/request")), 201, "{\"issueId\":\"10011\",\"issueKey\":\"SD-2\"}");
        JIRA.stubFor(post(urlEqualTo("/rest/servicedeskapi/request/SD-2/comment")).willReturn(aResponse().withStatus(500)));
        run();
        assertThat(jiraKey(key)).isEqualTo("SD-2");
        assertThat(json(received().get(0).getBodyAsString()).has("raiseOnBehalfOf")).isFalse();

        ok(get(urlPathEqualTo("/rest/servicedeskapi/request/SD-2/comment")), 200,
                "{\"values\":[{\"id\":\"4001\",\"body\":\"it-admin: Noted\",\"public\":false}],\"size\":1,\"start\":0,\"limit\":100,\"isLastPage\":true}");
        clock.advance(java.time.Duration.ofSeconds(11));
        run();

        assertThat(jdbc.queryForObject("SELECT external_ref FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = 'COMMENT'",
                String.class, key)).isEqualTo("4001");
        assertThat(JIRA.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/rest/servicedeskapi/request/SD-2/comment")))).hasSize(1);
        assertAllValidAgainstSpec();
    }
}
