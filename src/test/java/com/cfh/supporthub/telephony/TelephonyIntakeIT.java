package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;

/**
 * The phone channel (issue 5, P04) through its real HTTP endpoints with the corpus payloads of
 * ../shared/corpus/telephony (copied byte for byte to src/test/resources/telephony), asserting on
 * the stored call log, tickets, contacts and messages.
 */
class TelephonyIntakeIT extends HubIT {

    private static final String TWILIO_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    private static final String TWILIO_CALL = "CA747df9905da836742ff24c1c587b59b5";
    private static final String CTI = "/api/v1/telephony/cti/PhXp3ZG63QyJfcb1pVOnBKJWIbI";
    private static final String CTI_CALL = "4f2d6a0e-8c1b-4e7e-9a51-3b2c1d0e9f87";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private static String sample(String name) {
        return TelephonySamples.sample(name);
    }

    private Reply post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b);
    }

    /** A Twilio callback, signed as Twilio signs it for the public URL https://hub.example.com/webhooks/twilio/{hook}. */
    private Reply twilio(String hook, String body) {
        String signature = TwilioSignature.compute(TWILIO_TOKEN, "https://hub.example.com/webhooks/twilio/" + hook,
                FormBody.parse(body).fields());
        return post("/api/v1/telephony/twilio/" + hook, FORM + "; charset=utf-8", body, "X-Twilio-Signature", signature);
    }

    private Map<String, Object> call(String provider, String callId) {
        return jdbc.queryForMap("SELECT * FROM call_log WHERE provider = ? AND call_id = ?", provider, callId);
    }

    private long calls(String provider, String callId) {
        return count("SELECT COUNT(*) FROM call_log WHERE provider = ? AND call_id = ?", provider, callId);
    }

    private long ticketsOf(String provider, String callId) {
        return count("SELECT COUNT(DISTINCT m.ticket_id) FROM ticket_message m WHERE m.channel = 'PHONE' "
                + "AND (m.external_id = ? OR m.external_id LIKE ?)", provider + ":" + callId, provider + ":" + callId + ":%");
    }

    private List<String> messages(String ticketKey) {
        return jdbc.queryForList("SELECT m.body FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                + "WHERE t.ticket_key = ? ORDER BY m.id", String.class, ticketKey);
    }

    private static String uniqueNumber() {
        return "447700900" + String.format("%03d", (int) (Math.random() * 1000));
    }

    // ---------------------------------------------------------------- Twilio

    @Test
    @DisplayName("P04 Twilio samples byte for byte with their own signatures: ringing is logged, the recorded call is a voicemail ticket, the later transcription joins it; repeats add nothing")
    void twilioSamples_P04() {
        clock.pin("2026-11-16T14:07:00Z");
        long ticketsBefore = tickets();

        Reply incoming = post("/api/v1/telephony/twilio/voice", FORM + "; charset=utf-8", sample("twilio-voice-incoming.form"),
                "X-Twilio-Signature", "F4nrUBXeh2kNR2POeIMuxXGcr6o=");
        assertThat(incoming.status()).as(incoming.body()).isEqualTo(200);
        assertThat(incoming.json().get("outcome").asText()).isEqualTo("LOGGED");
        assertThat(tickets()).isEqualTo(ticketsBefore);
        Map<String, Object> logged = call("twilio", TWILIO_CALL);
        assertThat(logged).containsEntry("CALLER", "+447700900123").containsEntry("LINE", "+442079460958")
                .containsEntry("DIRECTION", "INBOUND").containsEntry("OUTCOME", "LOGGED");
        assertThat(jdbc.queryForObject("SELECT phone FROM contact WHERE id = ?", String.class, logged.get("CONTACT_ID")))
                .isEqualTo("+447700900123");

        Reply completed = post("/api/v1/telephony/twilio/status", FORM + "; charset=utf-8", sample("twilio-voice-completed.form"),
                "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw=");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("outcome").asText()).isEqualTo("VOICEMAIL");
        String key = completed.json().get("ticketKey").asText();
        Map<String, Object> ticket = jdbc.queryForMap("SELECT t.channel, t.subject, c.phone FROM ticket t "
                + "JOIN contact c ON c.id = t.requester_id WHERE t.ticket_key = ?", key);
        assertThat(ticket).containsEntry("CHANNEL", "PHONE").containsEntry("SUBJECT", "Voicemail from +447700900123")
                .containsEntry("PHONE", "+447700900123");
        assertThat(messages(key)).hasSize(1);
        assertThat(messages(key).get(0)).contains("REa80abac7db6a718743ccfe8126ef5d1c").contains("187 s");

        Reply transcription = post("/api/v1/telephony/twilio/transcription", FORM + "; charset=utf-8",
                sample("twilio-voice-transcription.form"), "X-Twilio-Signature", "P1TqYuJoVxDZPAqQ7QBKFLFBvNE=");
        assertThat(transcription.status()).as(transcription.body()).isEqualTo(200);
        assertThat(transcription.json().get("ticketKey").asText()).isEqualTo(key);
        assertThat(messages(key)).hasSize(2);
        assertThat(messages(key).get(1)).contains("nobody can pay").contains("& nobody");

        // Twilio retries: every sample again changes nothing
        post("/api/v1/telephony/twilio/voice", FORM, sample("twilio-voice-incoming.form"), "X-Twilio-Signature", "F4nrUBXeh2kNR2POeIMuxXGcr6o=");
        post("/api/v1/telephony/twilio/status", FORM, sample("twilio-voice-completed.form"), "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw=");
        Reply again = post("/api/v1/telephony/twilio/transcription", FORM, sample("twilio-voice-transcription.form"),
                "X-Twilio-Signature", "P1TqYuJoVxDZPAqQ7QBKFLFBvNE=");
        assertThat(again.status()).isEqualTo(200);
        assertThat(tickets()).isEqualTo(ticketsBefore + 1);
        assertThat(messages(key)).hasSize(2);
        assertThat(calls("twilio", TWILIO_CALL)).isEqualTo(1);
        assertThat(call("twilio", TWILIO_CALL)).containsEntry("OUTCOME", "VOICEMAIL")
                .containsEntry("TRANSCRIPTION", FormBody.parse(sample("twilio-voice-transcription.form")).first()
                        .get("TranscriptionText"));
    }

    @Test
    @DisplayName("P04 item 6: a forged Twilio request (one character changed, no signature, other URL) is 401 problem+json and stores nothing")
    void twilioForgedStoresNothing_P04() {
        clock.pin("2026-11-16T14:07:00Z");
        long ticketsBefore = tickets();
        String forgedCall = "CA747df9905da836742ff24c1c587b59b6";
        String forged = sample("twilio-voice-completed.form").replace(TWILIO_CALL, forgedCall);

        Reply changed = post("/api/v1/telephony/twilio/status", FORM, forged, "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw=");
        Reply unsigned = post("/api/v1/telephony/twilio/status", FORM, forged);
        Reply otherUrl = post("/api/v1/telephony/twilio/voice", FORM, sample("twilio-voice-completed.form"),
                "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw=");

        for (Reply r : List.of(changed, unsigned, otherUrl)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asText()).endsWith("webhook-unauthenticated");
        }
        assertThat(calls("twilio", forgedCall)).isZero();
        assertThat(tickets()).isEqualTo(ticketsBefore);
    }

    @Test
    @DisplayName("P04 item 6: a correctly signed Twilio callback whose Timestamp is outside the replay window is refused and stores nothing")
    void twilioReplayRefused_P04() {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        String body = sample("twilio-voice-completed.form").replace(TWILIO_CALL, callSid);
        clock.pin("2026-11-16T15:00:00Z"); // the callback says 14:06:34; the window is 10 minutes

        Reply replayed = twilio("status", body);

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("type").asText()).endsWith("webhook-replayed");
        assertThat(calls("twilio", callSid)).isZero();
    }

    @Test
    @DisplayName("P04 item 4: the Twilio transcription arriving before the status callback ends in one ticket with the same messages")
    void twilioTranscriptionFirst_P04() {
        clock.pin("2026-11-16T14:07:00Z");
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        Reply first = twilio("transcription", sample("twilio-voice-transcription.form").replace(TWILIO_CALL, callSid));
        Reply second = twilio("status", sample("twilio-voice-completed.form").replace(TWILIO_CALL, callSid));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        String key = first.json().get("ticketKey").asText();
        assertThat(second.json().get("ticketKey").asText()).isEqualTo(key);
        assertThat(ticketsOf("twilio", callSid)).isEqualTo(1);
        assertThat(messages(key)).hasSize(2);
        assertThat(messages(key).get(1)).startsWith("Voicemail transcription:");
        assertThat(call("twilio", callSid)).containsEntry("OUTCOME", "VOICEMAIL").containsEntry("ENDED", true)
                .containsEntry("DURATION_SEC", 187);
    }

    // ---------------------------------------------------------------- Zammad-compatible CTI

    @Test
    @DisplayName("P04 CTI samples (form and JSON): an answered call is only logged, linked to the caller; an agent's follow-up makes it a ticket once")
    void ctiAnsweredCallThenAgentFollowUp_P04() {
        long ticketsBefore = tickets();
        for (String file : List.of("zammad-cti-newcall.form", "zammad-cti-answer.form", "zammad-cti-hangup.form")) {
            Reply r = post(CTI, FORM, sample(file));
            assertThat(r.status()).as(file + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().get("outcome").asText()).isEqualTo("LOGGED");
        }
        for (String file : List.of("zammad-cti-newcall.json", "zammad-cti-hangup.json")) {
            assertThat(post(CTI, JSON, sample(file)).status()).isEqualTo(200);
        }
        assertThat(tickets()).isEqualTo(ticketsBefore);
        assertThat(calls("cti", CTI_CALL)).isEqualTo(1);
        Map<String, Object> logged = call("cti", CTI_CALL);
        assertThat(logged).containsEntry("ANSWERED", true).containsEntry("ENDED", true)
                .containsEntry("END_CAUSE", "normalClearing").containsEntry("AGENT", "Alice Agent")
                .containsEntry("CALLER", "+447700900123").containsEntry("OUTCOME", "LOGGED");
        assertThat(logged.get("CONTACT_ID")).isNotNull();

        Reply flagged = http.send(http.asAdmin(http.post("/api/v1/calls/cti/" + CTI_CALL + "/ticket",
                "{\"note\":\"Customer wants the March invoices re-sent\"}")));
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(201);
        String key = flagged.json().get("ticketKey").asText();
        assertThat(flagged.json().get("outcome").asText()).isEqualTo("FOLLOW_UP");
        assertThat(messages(key).get(0)).contains("March invoices").contains("Alice Agent");
        assertThat(jdbc.queryForObject("SELECT requester_id FROM ticket WHERE ticket_key = ?", Long.class, key))
                .isEqualTo(((Number) logged.get("CONTACT_ID")).longValue());

        Reply again = http.send(http.asAdmin(http.post("/api/v1/calls/cti/" + CTI_CALL + "/ticket",
                "{\"note\":\"Also check the April ones\"}")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("ticketKey").asText()).isEqualTo(key);
        assertThat(ticketsOf("cti", CTI_CALL)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                + "AND m.direction = 'INTERNAL' AND m.body LIKE '%April%'", key)).isEqualTo(1);
    }

    @Test
    @DisplayName("P04 item 3: the withheld-number sample that hung up before pickup is a missed-call ticket marked as withheld caller")
    void ctiWithheldMissedCall_P04() {
        String callId = "c0a80164-5e2f-4b8a-b7d4-91e3f0a2c6d5";
        assertThat(post(CTI, FORM, sample("zammad-cti-newcall-anonymous.form")).json().get("outcome").asText())
                .isEqualTo("LOGGED");
        Reply hangup = post(CTI, FORM, sample("zammad-cti-hangup-missed.form"));

        assertThat(hangup.status()).as(hangup.body()).isEqualTo(200);
        assertThat(hangup.json().get("outcome").asText()).isEqualTo("MISSED");
        String key = hangup.json().get("ticketKey").asText();
        assertThat(call("cti", callId)).containsEntry("CALLER_WITHHELD", true).containsEntry("END_CAUSE", "cancel");
        assertThat(call("cti", callId).get("CALLER")).isNull();
        assertThat(jdbc.queryForObject("SELECT subject FROM ticket WHERE ticket_key = ?", String.class, key))
                .isEqualTo("Missed call from a withheld number");
        assertThat(jdbc.queryForObject("SELECT c.phone FROM ticket t JOIN contact c ON c.id = t.requester_id "
                + "WHERE t.ticket_key = ?", String.class, key)).isNull();
        assertThat(jdbc.queryForObject("SELECT e.detail FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = 'ticket.created'", String.class, key))
                .contains("withheld-caller=true");
    }

    @Test
    @DisplayName("P04 item 4: CTI hangup before answer before newCall ends in the same call-log state as in order, and repeats add nothing")
    void ctiOutOfOrder_P04() {
        String inOrder = UUID.randomUUID().toString();
        String reversed = UUID.randomUUID().toString();
        List<String> files = List.of("zammad-cti-newcall.form", "zammad-cti-answer.form", "zammad-cti-hangup.form");
        files.forEach(f -> post(CTI, FORM, sample(f).replace(CTI_CALL, inOrder)));
        for (int i = files.size() - 1; i >= 0; i--) {
            post(CTI, FORM, sample(files.get(i)).replace(CTI_CALL, reversed));
            post(CTI, FORM, sample(files.get(i)).replace(CTI_CALL, reversed));
        }
        String columns = "direction, caller, line, contact_id, answered, ended, end_cause, agent, outcome, ticket_id";
        Map<String, Object> a = jdbc.queryForMap("SELECT " + columns + " FROM call_log WHERE provider = 'cti' AND call_id = ?", inOrder);
        Map<String, Object> b = jdbc.queryForMap("SELECT " + columns + " FROM call_log WHERE provider = 'cti' AND call_id = ?", reversed);
        assertThat(b).isEqualTo(a);
        assertThat(a).containsEntry("OUTCOME", "LOGGED").containsEntry("ANSWERED", true);
        assertThat(calls("cti", reversed)).isEqualTo(1);
    }

    @Test
    @DisplayName("P04 item 3: a missed call from a known number (national format) becomes a ticket of that existing contact")
    void knownContactMatchedByPhone_P04() {
        String digits = uniqueNumber();
        String e164 = "+" + digits;
        jdbc.update("DELETE FROM contact WHERE phone = ? AND email IS NULL AND NOT EXISTS (SELECT 1 FROM ticket t "
                + "WHERE t.requester_id = contact.id) AND NOT EXISTS (SELECT 1 FROM call_log l WHERE l.contact_id = contact.id)", e164);
        Long existing = jdbc.queryForObject("SELECT MIN(id) FROM contact WHERE phone = ?", Long.class, e164);
        if (existing == null) {
            existing = 9_000_000L + Long.parseLong(digits.substring(9));
            jdbc.update("INSERT INTO contact (id, email, phone, display_name, created_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                    existing, "caller-" + UUID.randomUUID() + "@example.com", e164, "Known Caller");
        }
        String callId = UUID.randomUUID().toString();
        String national = "0" + digits.substring(2);
        post(CTI, FORM, "event=newCall&from=" + national + "&to=442079460958&direction=in&callId=" + callId);
        Reply missed = post(CTI, FORM, "event=hangup&from=" + national + "&to=442079460958&direction=in&callId=" + callId
                + "&cause=noAnswer");

        assertThat(missed.json().get("outcome").asText()).isEqualTo("MISSED");
        assertThat(jdbc.queryForObject("SELECT requester_id FROM ticket WHERE ticket_key = ?", Long.class,
                missed.json().get("ticketKey").asText())).isEqualTo(existing);
        assertThat(call("cti", callId)).containsEntry("CALLER", e164);
    }

    @Test
    @DisplayName("P02 P04 item 5: a call missed on Saturday is a ticket whose SLA clock starts at Monday's opening")
    void missedCallOutOfHours_P02_P04() {
        String callId = UUID.randomUUID().toString();
        String from = uniqueNumber();
        clock.pin("2026-11-21T10:15:00Z"); // Saturday
        post(CTI, FORM, "event=newCall&from=" + from + "&to=442079460958&direction=in&callId=" + callId);
        clock.pin("2026-11-21T10:15:40Z");
        Reply missed = post(CTI, FORM, "event=hangup&from=" + from + "&to=442079460958&direction=in&callId=" + callId
                + "&cause=noAnswer");

        assertThat(missed.json().get("outcome").asText()).isEqualTo("MISSED");
        Map<String, Object> ticket = jdbc.queryForMap("SELECT subject, received_at, sla_clock_start, first_response_due "
                + "FROM ticket WHERE ticket_key = ?", missed.json().get("ticketKey").asText());
        assertThat(ticket).containsEntry("SUBJECT", "Missed call from +" + from);
        assertThat(instant(ticket.get("RECEIVED_AT"))).isEqualTo(Instant.parse("2026-11-21T10:15:00Z"));
        assertThat(instant(ticket.get("SLA_CLOCK_START"))).isEqualTo(Instant.parse("2026-11-23T08:30:00Z"));
        assertThat(instant(ticket.get("FIRST_RESPONSE_DUE"))).isEqualTo(Instant.parse("2026-11-23T12:30:00Z"));
    }

    @Test
    @DisplayName("P04 two identical missed-call hangups at the same moment make one call-log row and one ticket")
    void concurrentHangupsOneTicket_P04() {
        String callId = UUID.randomUUID().toString();
        String body = "event=hangup&from=" + uniqueNumber() + "&to=442079460958&direction=in&callId=" + callId + "&cause=cancel";
        List<CompletableFuture<Reply>> replies = List.of(
                CompletableFuture.supplyAsync(() -> post(CTI, FORM, body)),
                CompletableFuture.supplyAsync(() -> post(CTI, FORM, body)),
                CompletableFuture.supplyAsync(() -> post(CTI, FORM, body)));
        List<Reply> done = replies.stream().map(CompletableFuture::join).toList();

        assertThat(done).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(done.stream().map(r -> r.json().get("ticketKey").asText()).distinct()).hasSize(1);
        assertThat(calls("cti", callId)).isEqualTo(1);
        assertThat(ticketsOf("cti", callId)).isEqualTo(1);
    }

    @Test
    @DisplayName("P04 item 6: a wrong or missing CTI token is 401 problem+json and stores nothing; an unknown provider is 404")
    void ctiWrongTokenAndUnknownProvider_P04() {
        String callId = UUID.randomUUID().toString();
        String body = sample("zammad-cti-hangup-missed.form").replace("c0a80164-5e2f-4b8a-b7d4-91e3f0a2c6d5", callId);
        Reply wrong = post("/api/v1/telephony/cti/wrong-token", FORM, body);
        Reply missing = post("/api/v1/telephony/cti", FORM, body);
        Reply unknown = post("/api/v1/telephony/nosuch", JSON, "{}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(calls("cti", callId)).isZero();
    }

    @Test
    @DisplayName("P04 P15: the agent follow-up needs an agent account and a logged call")
    void agentFollowUpNeedsAgentAndKnownCall_P04_P15() {
        Reply anonymous = http.send(http.post("/api/v1/calls/cti/" + CTI_CALL + "/ticket", "{\"note\":\"x\"}"));
        Reply unknownCall = http.send(http.asAdmin(http.post("/api/v1/calls/cti/no-such-call/ticket", "{\"note\":\"x\"}")));
        Reply noNote = http.send(http.asAdmin(http.post("/api/v1/calls/cti/" + CTI_CALL + "/ticket", "{}")));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(unknownCall.status()).isEqualTo(404);
        assertThat(noNote.status()).isEqualTo(422);
        assertThat(calls("cti", "no-such-call")).isZero();
    }

    // ---------------------------------------------------------------- Aircall

    @Test
    @DisplayName("P04 Aircall samples: call.created and the answered call.ended (tag Billing, not a follow-up tag) are one call-log entry with the recording and comment")
    void aircallAnsweredCallLogged_P04() {
        clock.pin("2026-11-16T14:05:00Z");
        long ticketsBefore = tickets();
        Reply created = post("/api/v1/telephony/aircall", JSON, sample("aircall-call-created.json"));
        Reply ended = post("/api/v1/telephony/aircall", JSON, sample("aircall-call-ended.json"));
        Reply repeated = post("/api/v1/telephony/aircall", JSON, sample("aircall-call-created.json"));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(ended.json().get("outcome").asText()).isEqualTo("LOGGED");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(tickets()).isEqualTo(ticketsBefore);
        assertThat(calls("aircall", "2984410571")).isEqualTo(1);
        Map<String, Object> logged = call("aircall", "2984410571");
        assertThat(logged).containsEntry("ANSWERED", true).containsEntry("AGENT", "Alice Agent")
                .containsEntry("DURATION_SEC", 227).containsEntry("CALLER", "+447700900123")
                .containsEntry("RECORDING_URL", "https://assets.aircall.io/calls/2984410571/recording");
        assertThat(instant(logged.get("STARTED_AT"))).isEqualTo(Instant.ofEpochSecond(1794837606));
        assertThat(instant(logged.get("ANSWERED_AT"))).isEqualTo(Instant.ofEpochSecond(1794837619));
        assertThat((String) logged.get("NOTE")).contains("raise a ticket");
        assertThat(logged.get("CONTACT_ID")).isNotNull();
    }

    @Test
    @DisplayName("P02 P04 item 5: the Aircall missed call out of hours with voicemail is a ticket for the US caller whose clock starts at the next opening")
    void aircallMissedOutOfHours_P02_P04() {
        clock.pin("2026-11-16T20:25:00Z"); // the webhook was built at 20:22:30 UTC, Monday evening
        Reply missed = post("/api/v1/telephony/aircall", JSON, sample("aircall-call-ended-missed.json"));

        assertThat(missed.status()).as(missed.body()).isEqualTo(200);
        assertThat(missed.json().get("outcome").asText()).isEqualTo("VOICEMAIL");
        String key = missed.json().get("ticketKey").asText();
        Map<String, Object> ticket = jdbc.queryForMap("SELECT t.channel, t.subject, t.received_at, t.sla_clock_start, "
                + "t.first_response_due, c.phone FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE t.ticket_key = ?", key);
        assertThat(ticket).containsEntry("CHANNEL", "PHONE").containsEntry("PHONE", "+12125550147")
                .containsEntry("SUBJECT", "Voicemail from +12125550147");
        assertThat(instant(ticket.get("RECEIVED_AT"))).isEqualTo(Instant.ofEpochSecond(1794860480));
        assertThat(instant(ticket.get("SLA_CLOCK_START"))).isEqualTo(Instant.parse("2026-11-17T08:30:00Z"));
        assertThat(instant(ticket.get("FIRST_RESPONSE_DUE"))).isEqualTo(Instant.parse("2026-11-17T12:30:00Z"));
        assertThat(messages(key).get(0)).contains("https://assets.aircall.io/calls/2984533902/voicemail")
                .contains("out_of_opening_hours");
    }

    @Test
    @DisplayName("P04 item 2: an answered Aircall call tagged follow-up becomes a ticket with the agent's comment")
    void aircallFollowUpTag_P04() {
        clock.pin("2026-11-16T14:05:00Z");
        String callId = String.valueOf(3_000_000_000L + (long) (Math.random() * 1_000_000));
        String body = sample("aircall-call-ended.json").replace("2984410571", callId).replace("\"Billing\"", "\"Follow-up\"");
        Reply r = post("/api/v1/telephony/aircall", JSON, body);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("FOLLOW_UP");
        String key = r.json().get("ticketKey").asText();
        assertThat(messages(key).get(0)).contains("Alice Agent: Customer cannot pay invoices since this morning");
        assertThat(ticketsOf("aircall", callId)).isEqualTo(1);
    }

    @Test
    @DisplayName("P04 item 6: an Aircall event with another token, no token, or a stale timestamp is 401 and stores nothing")
    void aircallForgedOrReplayed_P04() {
        String callId = String.valueOf(4_000_000_000L + (long) (Math.random() * 1_000_000));
        String body = sample("aircall-call-ended-missed.json").replace("2984533902", callId);
        clock.pin("2026-11-16T20:25:00Z");
        Reply wrong = post("/api/v1/telephony/aircall", JSON, body.replace("5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f",
                "5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0e"));
        Reply none = post("/api/v1/telephony/aircall", JSON, body.replace("\"token\": \"5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f\",", ""));
        clock.pin("2026-11-17T20:25:00Z");
        Reply stale = post("/api/v1/telephony/aircall", JSON, body);

        assertThat(List.of(wrong.status(), none.status(), stale.status())).containsOnly(401);
        assertThat(stale.json().get("type").asText()).endsWith("webhook-replayed");
        assertThat(calls("aircall", callId)).isZero();
    }

    // ---------------------------------------------------------------- the shared line (issue 14 item 6a)

    /** A number of the 07700 900xxx drama range that no contact has yet. */
    private String freshNumber() {
        for (int i = 0; i < 1000; i++) {
            String digits = "447700900" + String.format("%03d", (int) (Math.random() * 1000));
            if (count("SELECT COUNT(*) FROM contact WHERE phone = ?", "+" + digits) == 0) {
                return digits;
            }
        }
        throw new AssertionError("no unused number left in 07700 900xxx");
    }

    private Map<String, Object> ticketOf(String key) {
        return jdbc.queryForMap("SELECT t.product, e.detail FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id "
                + "AND e.event_type = 'ticket.created' WHERE t.ticket_key = ?", key);
    }

    @Test
    @DisplayName("P04 item 6a: on the shared line the caller's menu choice Digits=2 makes a RunMy ticket, though the first event (before the menu) had no choice")
    void twilioDigitsChooseProduct_P04() {
        clock.pin("2026-11-16T14:07:00Z");
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        String caller = "%2B" + freshNumber();
        String ringing = sample("twilio-voice-incoming.form").replace(TWILIO_CALL, callSid).replace("%2B447700900123", caller);

        assertThat(twilio("voice", ringing).status()).isEqualTo(200);
        assertThat(call("twilio", callSid)).containsEntry("PRODUCT", "docmail").containsEntry("PRODUCT_SOURCE", "triage");
        Reply gathered = twilio("gather", ringing.replace("CallStatus=ringing", "CallStatus=in-progress") + "&Digits=2");
        assertThat(gathered.status()).as(gathered.body()).isEqualTo(200);
        Reply completed = twilio("status", sample("twilio-voice-completed.form").replace(TWILIO_CALL, callSid)
                .replace("%2B447700900123", caller));

        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        String key = completed.json().get("ticketKey").asText();
        assertThat(key).startsWith("RUN-");
        assertThat(call("twilio", callSid)).containsEntry("PRODUCT", "runmy").containsEntry("PRODUCT_SOURCE", "menu");
        assertThat(ticketOf(key)).containsEntry("PRODUCT", "runmy");
        assertThat((String) ticketOf(key).get("DETAIL")).contains("product-chosen-by=menu");
    }

    @Test
    @DisplayName("P04 item 6a: without a menu choice a call takes the product of the caller's newest ticket, and a new caller the triage product")
    void callerHistoryThenTriage_P04() {
        String known = freshNumber();
        String viaMenu = UUID.randomUUID().toString();
        post(CTI, FORM, "event=newCall&from=" + known + "&to=441761409701&direction=in&callId=" + viaMenu + "&queue=runmy-support");
        Reply first = post(CTI, FORM, "event=hangup&from=" + known + "&to=441761409701&direction=in&callId=" + viaMenu
                + "&cause=noAnswer");
        assertThat(first.json().get("ticketKey").asText()).startsWith("RUN-");
        assertThat(call("cti", viaMenu)).containsEntry("PRODUCT_SOURCE", "menu");

        String again = UUID.randomUUID().toString();
        post(CTI, FORM, "event=newCall&from=0" + known.substring(2) + "&to=01761409701&direction=in&callId=" + again + "&queue=support");
        Reply second = post(CTI, FORM, "event=hangup&from=" + known + "&to=441761409701&direction=in&callId=" + again
                + "&cause=cancel");
        String secondKey = second.json().get("ticketKey").asText();
        assertThat(secondKey).startsWith("RUN-");
        assertThat(call("cti", again)).containsEntry("PRODUCT", "runmy").containsEntry("PRODUCT_SOURCE", "caller");
        assertThat((String) ticketOf(secondKey).get("DETAIL")).contains("product-chosen-by=caller");

        String stranger = UUID.randomUUID().toString();
        Reply third = post(CTI, FORM, "event=hangup&from=" + freshNumber() + "&to=441761409701&direction=in&callId="
                + stranger + "&cause=cancel");
        assertThat(third.json().get("ticketKey").asText()).startsWith("DOC-");
        assertThat(call("cti", stranger)).containsEntry("PRODUCT", "docmail").containsEntry("PRODUCT_SOURCE", "triage");
    }

    @Test
    @DisplayName("P04 item 6a: an Aircall tag mapped to RunMy beats the caller's history with Docmail")
    void aircallTagBeatsCallerHistory_P04() {
        clock.pin("2026-11-16T20:25:00Z");
        String docCall = String.valueOf(5_000_000_000L + (long) (Math.random() * 1_000_000));
        String runCall = String.valueOf(6_000_000_000L + (long) (Math.random() * 1_000_000));
        String caller = freshNumber();
        String sample = sample("aircall-call-ended-missed.json").replace("+1 212-555-0147", "+" + caller);
        Reply doc = post("/api/v1/telephony/aircall", JSON, sample.replace("2984533902", docCall));
        Reply run = post("/api/v1/telephony/aircall", JSON, sample.replace("2984533902", runCall)
                .replace("\"tags\": [],", "\"tags\": [{\"id\": 1, \"name\": \"RunMy\"}],"));

        assertThat(doc.json().get("ticketKey").asText()).startsWith("DOC-");
        assertThat(call("aircall", docCall)).containsEntry("PRODUCT_SOURCE", "triage");
        assertThat(run.json().get("ticketKey").asText()).as(run.body()).startsWith("RUN-");
        assertThat(call("aircall", runCall)).containsEntry("PRODUCT", "runmy").containsEntry("PRODUCT_SOURCE", "menu");
    }

    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new AssertionError("not an instant: " + value);
    }
}
