package com.cfh.supporthub.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Base of the Jira mirror's integration tests (P20): the whole hub with hub.jira.enabled=true, pointed at
 * a WireMock server standing in for Jira. One Spring context for every Jira test (its own data folder);
 * tests switch the mode on the live {@link JiraProperties} and put it back afterwards, rather than
 * starting a context per mode. The jira-mirror cron is parked: tests run the delivery route ({@link #run()}).
 */
@TestPropertySource(properties = {
        "hub.data-dir=target/it-data-jira",
        "hub.jira.enabled=true",
        "hub.jira.mode=cloud-issue",
        "hub.jira.user=hub@example.com",
        "hub.jira.api-token=test-token-not-a-secret",
        "hub.jira.webhook-secret=test-webhook-secret",
        "hub.jira.account-id=hub-account-id",
        "hub.jira.project-key=SUP",
        "hub.jira.issue-type=Task",
        "hub.jira.service-desk-id=4",
        "hub.jira.request-type-id=12",
        "hub.jira.priorities.NORMAL=Medium",
        "hub.jira.custom-fields.customfield_10050={product}",
        "hub.jira.transitions.OPEN=11",
        "hub.jira.transitions.WAITING_ON_CUSTOMER=21",
        "hub.jira.transitions.RESOLVED=Resolve this issue",
        "hub.jira.inbound-statuses.Done=RESOLVE",
        "hub.jira.inbound-statuses.[Waiting\\ for\\ customer]=WAIT_ON_CUSTOMER",
        "hub.jira.delivery.cron=0 0 0 1 1 ? 2099",
        "hub.outbox.destinations.jira.backoff=10s",
        "hub.outbox.destinations.jira.max-backoff=5m",
        "hub.outbox.destinations.jira.circuit.failure-threshold=3",
        "hub.outbox.destinations.jira.circuit.open-for=1m"
})
public abstract class JiraIT extends HubIT {

    protected static final WireMockServer JIRA = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    protected static final ObjectMapper JSON = new ObjectMapper();

    static {
        // A fresh database for this context, as HubIT does for its own: migrations added later must apply
        com.cfh.supporthub.support.TestFiles.deleteTree("target/it-data-jira");
        JIRA.start();
        Runtime.getRuntime().addShutdownHook(new Thread(JIRA::stop));
    }

    @DynamicPropertySource
    static void jira(DynamicPropertyRegistry registry) {
        registry.add("hub.jira.base-url", JIRA::baseUrl);
    }

    @Autowired
    protected JiraMirror mirror;

    @Autowired
    protected org.apache.camel.ProducerTemplate camel;

    @Autowired
    protected JiraProperties jira;

    private JiraProperties.Mode mode;
    private JiraProperties.Minimise minimise;

    @BeforeEach
    void freshJira() {
        JIRA.resetAll();
        JIRA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl())
                .atPriority(100).willReturn(aResponse().withStatus(404).withBody("{\"errorMessages\":[\"no stub\"]}")));
        jdbc.update("DELETE FROM outbox WHERE destination = 'jira'");
        mirror.circuit().reset();
        mode = jira.getMode();
        minimise = jira.getMinimise();
        jira.setMinimise(new JiraProperties.Minimise());
    }

    @AfterEach
    void restoreJira() {
        jira.setMode(mode);
        jira.setMinimise(minimise);
        mirror.circuit().reset();
    }

    /** One delivery run through the route the Quartz trigger calls: claim -> split -> send -> mark. */
    protected JiraMirror.Result run() {
        return camel.requestBody("direct:outbox-jira-deliver", null, JiraMirror.Result.class);
    }

    /** Opens a widget ticket and returns its key. */
    protected String openTicket(String email, String subject, String message) {
        HubHttp.Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy", email, subject, message)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("key").asText();
    }

    /** Hands an envelope to the one intake pipeline, as a channel route would; returns the ticket key. */
    protected String intake(com.cfh.supporthub.ticket.Channel channel, com.cfh.supporthub.intake.Party requester,
                            String subject, String body, String ticketReference) {
        var envelope = new com.cfh.supporthub.intake.TicketIntake(channel, "runmy", requester, subject, body, List.of(),
                java.util.UUID.randomUUID().toString(), null, ticketReference, List.of(), clock.instant(), java.util.Map.of());
        return camel.requestBody("direct:ticket-intake", envelope, com.cfh.supporthub.intake.IntakeResult.class).key();
    }

    /** Every request WireMock received, oldest first. */
    protected List<LoggedRequest> received() {
        List<LoggedRequest> all = new java.util.ArrayList<>();
        JIRA.getAllServeEvents().forEach(e -> all.add(0, e.getRequest())); // newest first there
        return all;
    }

    /** Asserts that every request received is valid for its operation in Atlassian's OpenAPI document. */
    protected void assertAllValidAgainstSpec() {
        List<LoggedRequest> all = received();
        assertThat(all).isNotEmpty();
        for (LoggedRequest r : all) {
            var report = JiraContract.validate(r);
            assertThat(report.getMessages()).as(r.getMethod() + " " + r.getUrl() + " " + r.getBodyAsString()).isEmpty();
        }
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    protected String status(String ticketKey, String kind) {
        return jdbc.queryForObject("SELECT status FROM outbox WHERE destination = 'jira' AND ticket_key = ? AND event_type = ? ORDER BY id "
                + "FETCH FIRST 1 ROWS ONLY", String.class, ticketKey, kind);
    }

    protected String jiraKey(String ticketKey) {
        return jdbc.queryForObject("SELECT jira_key FROM ticket WHERE ticket_key = ?", String.class, ticketKey);
    }
}
