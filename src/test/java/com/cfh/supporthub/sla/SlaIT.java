package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The policy clock end to end (P02, P07, P08, P09, P19): SLA targets stored at intake, the promise
 * in the widget answer and the outbox, pause and resume through the agent API and through a
 * customer's reply, resolve and reopen, the sweep and the escalation ladder run at instants the
 * test chooses (never by sleeping), and the preview endpoint.
 *
 * <p>Monday 2 March 2026 09:00 UTC is 09:00 in London (GMT): first response due 13:00 (at risk
 * from 12:00), resolution due Thursday 5 March 09:00 (at risk from Wednesday 4 March 11:15).
 */
class SlaIT extends HubIT {

    private static final String MONDAY_0900 = "2026-03-02T09:00:00Z";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    SlaSweep sweep;

    @Autowired
    Escalations escalations;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ObjectMapper json;

    private JsonNode widgetTicket(String product) {
        HubHttp.Reply reply = http.send(http.widget(HubHttp.widgetJson(product, "c-" + UUID.randomUUID() + "@example.com",
                "Cannot print", "The preview is blank")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private JsonNode ticket(String key) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.get("/api/v1/tickets/" + key)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private HubHttp.Reply transition(String key, String action) {
        return http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/transitions",
                "{\"action\":\"" + action + "\",\"note\":\"test\"}")));
    }

    private HubHttp.Reply reply(String key, String text) {
        return http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies", "{\"text\":\"" + text + "\"}")));
    }

    private long events(String key, String type) {
        return count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = ?", key, type);
    }

    private List<Map<String, Object>> notices(String key) {
        return jdbc.queryForList("SELECT payload, available_at FROM outbox WHERE ticket_key = ? "
                + "AND event_type = 'escalation.notice' ORDER BY id", key);
    }

    private String ticketColumn(String key, String column) {
        return jdbc.queryForObject("SELECT " + column + " FROM ticket WHERE ticket_key = ?", String.class, key);
    }

    private void sweepAt(String instant) {
        clock.pin(instant);
        sweep.run();
        escalations.run();
    }

    private static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asText()).toInstant();
    }

    @Test
    @DisplayName("P02 P07: a ticket received Friday 16:00 is promised a reply by Monday 19 January 2026, 11:00 GMT")
    void promiseInWidgetAnswerAndOutbox_P02_P07() throws Exception {
        clock.pin("2026-01-16T16:00:00Z");
        JsonNode created = widgetTicket("runmy");
        String key = created.get("key").asText();
        assertThat(instant(created.get("firstResponseDue"))).isEqualTo(Instant.parse("2026-01-19T11:00:00Z"));
        assertThat(created.get("promise").asText()).as("issue 14.11: no thank you; the acknowledgement says it once")
                .isEqualTo("We will reply by Monday 19 January 2026, 11:00 GMT.");

        JsonNode payload = json.readTree(jdbc.queryForObject(
                "SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'ticket.created'", String.class, key));
        assertThat(instant(payload.get("firstResponseDue"))).isEqualTo(Instant.parse("2026-01-19T11:00:00Z"));
        assertThat(instant(payload.get("resolutionDue"))).isEqualTo(Instant.parse("2026-01-21T16:00:00Z"));
        assertThat(payload.get("promise").asText()).isEqualTo(created.get("promise").asText());

        JsonNode sla = ticket(key).get("sla");
        assertThat(sla.at("/firstResponse/goal").asText()).isEqualTo("PT4H");
        assertThat(instant(sla.at("/firstResponse/due"))).isEqualTo(Instant.parse("2026-01-19T11:00:00Z"));
        assertThat(sla.at("/resolution/goal").asText()).isEqualTo("PT27H");
        assertThat(sla.at("/resolution/cycle").asInt()).isEqualTo(1);
        assertThat(instant(sla.at("/resolution/due"))).isEqualTo(Instant.parse("2026-01-21T16:00:00Z"));
        assertThat(sla.at("/resolution/paused").asBoolean()).isFalse();
        assertThat(sla.at("/resolution/breached").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("P02: a request on a Saturday is told the team is away and when the reply comes")
    void outsideHoursPromiseSaysWhenTheTeamIsBack_P02() {
        clock.pin("2026-03-07T10:00:00Z");
        JsonNode created = widgetTicket("docmail");
        assertThat(created.get("promise").asText())
                .contains("Monday to Friday 08:30–17:30 UK time")
                .endsWith("We will reply by Monday 9 March 2026, 12:30 GMT.");
    }

    @Test
    @DisplayName("P07 P08 P09: sweeps mark at-risk and breach once each; the ladder goes tier 2, tier 2, manager once each")
    void sweepAndLadderEachStepOnce_P07_P08_P09() throws Exception {
        clock.pin(MONDAY_0900);
        String key = widgetTicket("docmail").get("key").asText();

        sweepAt("2026-03-02T11:59:00Z");
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type LIKE 'sla.%'", key)).isZero();

        sweepAt("2026-03-02T12:00:00Z");
        sweepAt("2026-03-02T12:00:30Z");
        assertThat(events(key, "sla.first-response.at-risk")).isEqualTo(1);
        assertThat(events(key, "sla.first-response.breached")).isZero();
        assertThat(ticketColumn(key, "tier")).isEqualTo("TIER1");

        sweepAt("2026-03-02T13:00:00Z");
        sweepAt("2026-03-02T13:01:00Z");
        assertThat(events(key, "sla.first-response.breached")).isEqualTo(1);
        assertThat(events(key, "escalation.first-response-breached")).isEqualTo(1);
        assertThat(ticketColumn(key, "tier")).isEqualTo("TIER2");
        assertThat(notices(key)).hasSize(1);
        JsonNode first = json.readTree((String) notices(key).get(0).get("payload"));
        assertThat(first.get("to").asText()).isEqualTo("tier2@support.example");
        assertThat(first.get("step").asText()).isEqualTo("FIRST_RESPONSE_BREACHED");

        sweepAt("2026-03-04T11:14:00Z");
        assertThat(events(key, "sla.resolution.at-risk")).isZero();
        sweepAt("2026-03-04T11:15:00Z");
        sweepAt("2026-03-04T11:16:00Z");
        assertThat(events(key, "sla.resolution.at-risk")).isEqualTo(1);
        assertThat(events(key, "escalation.resolution-at-risk")).isEqualTo(1);
        assertThat(ticketColumn(key, "tier")).isEqualTo("TIER2");

        sweepAt("2026-03-05T09:00:00Z");
        sweepAt("2026-03-05T09:00:00Z");
        sweepAt("2026-03-06T09:00:00Z");
        assertThat(events(key, "sla.resolution.breached")).isEqualTo(1);
        assertThat(events(key, "escalation.resolution-breached")).isEqualTo(1);
        assertThat(ticketColumn(key, "tier")).isEqualTo("MANAGER");
        assertThat(ticketColumn(key, "escalation_level")).isEqualTo("2");
        List<Map<String, Object>> all = notices(key);
        assertThat(all).hasSize(3);
        assertThat(json.readTree((String) all.get(2).get("payload")).get("to").asText())
                .isEqualTo("managers@support.example");
        assertThat(ticketColumn(key, "sla_next_check_at")).isNull();

        JsonNode sla = ticket(key).get("sla");
        assertThat(sla.at("/firstResponse/breached").asBoolean()).isTrue();
        assertThat(sla.at("/resolution/breached").asBoolean()).isTrue();
        assertThat(sla.at("/resolution/remaining").asText()).isEqualTo("PT0S");
        assertThat(sla.at("/escalationLevel").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("P09: a breach found on Friday evening is escalated at once, its notice held until Monday 08:30")
    void noticeHeldUntilBusinessHours_P09() throws Exception {
        clock.pin("2026-03-06T13:30:00Z");
        String key = widgetTicket("docmail").get("key").asText();
        assertThat(instant(ticket(key).at("/sla/firstResponse/due"))).isEqualTo(Instant.parse("2026-03-06T17:30:00Z"));

        sweepAt("2026-03-06T18:00:00Z");
        assertThat(ticketColumn(key, "tier")).isEqualTo("TIER2");
        List<Map<String, Object>> notices = notices(key);
        assertThat(notices).hasSize(1);
        assertThat(((OffsetDateTime) jdbc.queryForObject("SELECT available_at FROM outbox WHERE ticket_key = ? "
                + "AND event_type = 'escalation.notice'", OffsetDateTime.class, key)).toInstant())
                .isEqualTo(Instant.parse("2026-03-09T08:30:00Z"));
    }

    @Test
    @DisplayName("P07 P08 P19: a reply stops first response; waiting pauses resolution and pushes its due back by 9 h")
    void replyStopsFirstResponseAndWaitingPausesResolution_P07_P08_P19() {
        clock.pin(MONDAY_0900);
        String key = widgetTicket("docmail").get("key").asText();

        clock.pin("2026-03-02T10:00:00Z");
        HubHttp.Reply replied = reply(key, "Could you send a screenshot?");
        assertThat(replied.status()).as(replied.body()).isEqualTo(200);
        assertThat(replied.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(instant(replied.json().at("/sla/firstResponse/metAt"))).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(replied.json().at("/sla/firstResponse/elapsed").asText()).isEqualTo("PT1H");
        HubHttp.Reply waiting = transition(key, "WAIT_ON_CUSTOMER");
        assertThat(waiting.status()).as(waiting.body()).isEqualTo(200);
        assertThat(waiting.json().get("status").asText()).isEqualTo("WAITING_ON_CUSTOMER");

        clock.pin("2026-03-03T10:00:00Z");
        JsonNode paused = ticket(key).get("sla");
        assertThat(paused.at("/resolution/paused").asBoolean()).isTrue();
        assertThat(paused.at("/resolution/elapsed").asText()).isEqualTo("PT1H");

        HubHttp.Reply back = transition(key, "CUSTOMER_REPLY");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(back.json().at("/sla/resolution/paused").asBoolean()).isFalse();
        assertThat(instant(back.json().at("/sla/resolution/due"))).isEqualTo(Instant.parse("2026-03-06T09:00:00Z"));

        sweepAt("2026-03-05T09:00:00Z");
        assertThat(events(key, "sla.first-response.at-risk")).isZero();
        assertThat(events(key, "sla.first-response.breached")).isZero();
        assertThat(events(key, "sla.resolution.at-risk")).isZero();
        assertThat(events(key, "sla.resolution.breached")).isZero();
        sweepAt("2026-03-05T11:15:00Z");
        assertThat(events(key, "sla.resolution.at-risk")).isEqualTo(1);
        assertThat(ticketColumn(key, "first_response_at")).isNotNull();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = 'reply.public'", key))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("P19: the customer's own reply to a waiting ticket resumes the resolution clock")
    void customerMailResumesTheClock_P19() {
        clock.pin(MONDAY_0900);
        String from = "c-" + UUID.randomUUID() + "@example.com";
        IntakeResult created = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail("Ann", from), "Invoice", "Wrong VAT", List.of(), "<" + UUID.randomUUID() + "@x>", null,
                null, List.of(), null, Map.of()), IntakeResult.class);
        assertThat(created.firstResponseDue()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));
        clock.pin("2026-03-02T10:00:00Z");
        assertThat(transition(created.key(), "WAIT_ON_CUSTOMER").status()).isEqualTo(200);

        clock.pin("2026-03-03T10:00:00Z");
        IntakeResult answer = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail("Ann", from), "Re: Invoice", "Here it is", List.of(), "<" + UUID.randomUUID() + "@x>",
                null, created.key(), List.of(), null, Map.of()), IntakeResult.class);
        assertThat(answer.outcome()).isEqualTo(IntakeOutcome.ATTACHED);
        JsonNode t = ticket(created.key());
        assertThat(t.get("status").asText()).isEqualTo("OPEN");
        assertThat(t.at("/sla/resolution/paused").asBoolean()).isFalse();
        assertThat(instant(t.at("/sla/resolution/due"))).isEqualTo(Instant.parse("2026-03-06T09:00:00Z"));
    }

    @Test
    @DisplayName("P08: resolve stops the clock; reopen starts cycle 2 and keeps cycle 1 in the history")
    void resolveAndReopenKeepHistory_P08() {
        clock.pin(MONDAY_0900);
        String key = widgetTicket("runmy").get("key").asText();
        clock.pin("2026-03-02T11:00:00Z");
        HubHttp.Reply resolved = transition(key, "RESOLVE");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("status").asText()).isEqualTo("RESOLVED");
        assertThat(instant(resolved.json().at("/sla/resolution/metAt"))).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        assertThat(resolved.json().at("/sla/resolution/elapsed").asText()).isEqualTo("PT2H");
        assertThat(ticketColumn(key, "sla_next_check_at")).isNull();

        clock.pin("2026-03-03T09:00:00Z");
        HubHttp.Reply reopened = transition(key, "REOPEN");
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        JsonNode sla = reopened.json().get("sla");
        assertThat(reopened.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(sla.at("/resolution/cycle").asInt()).isEqualTo(2);
        assertThat(instant(sla.at("/resolution/due"))).isEqualTo(Instant.parse("2026-03-06T09:00:00Z"));
        assertThat(sla.get("completedCycles")).hasSize(1);
        assertThat(sla.at("/completedCycles/0/cycle").asInt()).isEqualTo(1);
        assertThat(instant(sla.at("/completedCycles/0/metAt"))).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        assertThat(sla.at("/completedCycles/0/breached").asBoolean()).isFalse();
        assertThat(count("SELECT COUNT(*) FROM sla_cycle_history h JOIN ticket t ON t.id = h.ticket_id "
                + "WHERE t.ticket_key = ?", key)).isEqualTo(1);

        HubHttp.Reply again = transition(key, "REOPEN");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asText()).contains("REOPEN", "OPEN");
        HubHttp.Reply unknown = transition(key, "DANCE");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().toString()).contains("WAIT_ON_CUSTOMER");
    }

    @Test
    @DisplayName("Agent actions: anonymous calls get 401, unknown tickets 404, all as problem+json")
    void actionsNeedAnAgentAndATicket() {
        HubHttp.Reply anonymous = http.send(http.post("/api/v1/tickets/DOC-1/transitions", "{\"action\":\"RESOLVE\"}"));
        assertThat(anonymous.status()).isEqualTo(401);
        HubHttp.Reply missing = transition("DOC-999999", "RESOLVE");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    @DisplayName("P07 P09: the sla-scan and escalation Quartz jobs run the sweep and the ladder when fired")
    void quartzJobsRunTheSweep_P07_P09() throws Exception {
        clock.pin(MONDAY_0900);
        String key = widgetTicket("docmail").get("key").asText();
        clock.pin("2026-03-02T13:30:00Z");
        scheduler.triggerJob(JobKey.jobKey("sla-scan", "hub"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events(key, "sla.first-response.breached") == 1);
        scheduler.triggerJob(JobKey.jobKey("escalation", "hub"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events(key, "escalation.first-response-breached") == 1);
        assertThat(ticketColumn(key, "tier")).isEqualTo("TIER2");
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
    }

    @Test
    @DisplayName("P01 P07 P08: the preview gives the due instants of a real ticket, with the product's offset")
    void previewMatchesARealTicket_P01_P07_P08() {
        HubHttp.Reply winter = http.send(http.asAdmin(http.get(
                "/api/v1/sla/preview?product=runmy&receivedAt=2026-01-16T16:00:00Z")));
        assertThat(winter.status()).as(winter.body()).isEqualTo(200);
        assertThat(winter.json().get("firstResponseDue").asText()).isEqualTo("2026-01-19T11:00:00Z");
        assertThat(winter.json().get("resolutionDue").asText()).isEqualTo("2026-01-21T16:00:00Z");
        assertThat(winter.json().get("promise").asText()).endsWith("We will reply by Monday 19 January 2026, 11:00 GMT.");

        // 10:00 in Paris is 09:00 in London (BST): due 13:00 BST the same day.
        HubHttp.Reply summer = http.send(http.asAdmin(http.get(
                "/api/v1/sla/preview?product=docmail&receivedAt=2026-07-01T10:00:00%2B02:00")));
        assertThat(summer.status()).as(summer.body()).isEqualTo(200);
        assertThat(summer.json().get("firstResponseDue").asText()).isEqualTo("2026-07-01T13:00:00+01:00");
        assertThat(summer.json().get("resolutionDue").asText()).isEqualTo("2026-07-06T09:00:00+01:00");

        clock.pin("2026-07-01T08:00:00Z");
        JsonNode real = widgetTicket("docmail");
        assertThat(instant(real.get("firstResponseDue"))).isEqualTo(instant(summer.json().get("firstResponseDue")));
        assertThat(instant(ticket(real.get("key").asText()).at("/sla/resolution/due")))
                .isEqualTo(instant(summer.json().get("resolutionDue")));
    }

    @Test
    @DisplayName("P01: the preview answers 422 problem+json for a bad instant, an unknown product and an uncovered year; 401 anonymous")
    void previewErrors_P01() {
        HubHttp.Reply bad = http.send(http.asAdmin(http.get("/api/v1/sla/preview?product=runmy&receivedAt=yesterday")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().toString()).contains("receivedAt", "ISO-8601");

        HubHttp.Reply noOffset = http.send(http.asAdmin(http.get(
                "/api/v1/sla/preview?product=runmy&receivedAt=2026-01-16T16:00:00")));
        assertThat(noOffset.status()).isEqualTo(422);

        HubHttp.Reply product = http.send(http.asAdmin(http.get(
                "/api/v1/sla/preview?product=nope&receivedAt=2026-01-16T16:00:00Z")));
        assertThat(product.status()).isEqualTo(422);
        assertThat(product.json().toString()).contains("docmail", "runmy");

        HubHttp.Reply uncovered = http.send(http.asAdmin(http.get(
                "/api/v1/sla/preview?product=runmy&receivedAt=2150-01-16T16:00:00Z")));
        assertThat(uncovered.status()).as(uncovered.body()).isEqualTo(422);
        assertThat(uncovered.json().get("detail").asText()).contains("2150");

        HubHttp.Reply anonymous = http.send(http.get("/api/v1/sla/preview?product=runmy&receivedAt=2026-01-16T16:00:00Z"));
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
