package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The fourth telephony provider, Vonage Voice API, added with no Java (issue 17 item 4, P04): its route
 * {@code routes/intake-telephony-vonage.camel.yaml}, its JSONata mapping beside it and its authentication in
 * {@code hub.telephony.webhooks.vonage}. Vonage's published event samples (src/test/resources/telephony/
 * README-vonage.md) are posted through the real endpoint, signed as Vonage signs them (a JWT in Authorization, HS256
 * with the signature secret, {@code payload_hash} the SHA-256 of the body), asserting on the stored call log and
 * tickets.
 */
class VonageIntakeIT extends HubIT {

    private static final String SAMPLE_CONVERSATION = "CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab";
    private static final String SAMPLE_CALLER = "442079460000";
    private static final String NOW = "2026-11-16T14:07:00Z";

    private String conversation;
    private String caller;

    @BeforeEach
    void freshCall() {
        clock.pin(NOW);
        conversation = "CON-" + UUID.randomUUID();
        caller = "447700900" + String.format("%03d", (int) (Math.random() * 1000));
    }

    /** A published sample for this test's own call (conversation) and caller. */
    private String event(String name) {
        return TelephonySamples.sample("vonage-event-" + name + ".json").replace(SAMPLE_CONVERSATION, conversation)
                .replace(SAMPLE_CALLER, caller);
    }

    static String jwt(String secret, String body, Instant issuedAt, String payloadHash) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(issuedAt))
                .jwtID(UUID.randomUUID().toString())
                .issuer("Vonage")
                .claim("api_key", "a1b2c3d4")
                .claim("application_id", "aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
                .claim("payload_hash", payloadHash == null ? sha256(body) : payloadHash)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private Reply post(String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/telephony/vonage"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b);
    }

    /** Posted as Vonage posts it: signed now with the account's signature secret. */
    private Reply signed(String body) {
        try {
            return post(body, "Bearer " + jwt(HubHttp.VONAGE_SIGNATURE_SECRET, body, clock.instant(), null));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Reply send(String name) {
        Reply r = signed(event(name));
        assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(200);
        return r;
    }

    private Map<String, Object> call() {
        return jdbc.queryForMap("SELECT * FROM call_log WHERE provider = 'vonage' AND call_id = ?", conversation);
    }

    private long calls() {
        return count("SELECT COUNT(*) FROM call_log WHERE provider = 'vonage' AND call_id = ?", conversation);
    }

    private List<String> messages(String ticketKey) {
        return jdbc.queryForList("SELECT m.body FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                + "WHERE t.ticket_key = ? ORDER BY m.id", String.class, ticketKey);
    }

    @Test
    @DisplayName("P04 issue 17.4: Vonage's published events, signed: a call no agent answered is one missed-call ticket for the caller; replays add nothing")
    void vonageMissedCall_P04() {
        long ticketsBefore = tickets();
        for (String name : List.of("started", "ringing", "answered", "unanswered")) {
            assertThat(send(name).json().get("outcome").asText()).as(name).isEqualTo("LOGGED");
        }
        assertThat(tickets()).isEqualTo(ticketsBefore);

        Reply completed = send("completed");
        assertThat(completed.json().get("outcome").asText()).isEqualTo("MISSED");
        String key = completed.json().get("ticketKey").asText();
        Map<String, Object> ticket = jdbc.queryForMap("SELECT t.channel, t.subject, t.product, c.phone FROM ticket t "
                + "JOIN contact c ON c.id = t.requester_id WHERE t.ticket_key = ?", key);
        assertThat(ticket).containsEntry("CHANNEL", "PHONE").containsEntry("SUBJECT", "Missed call from +" + caller)
                .containsEntry("PHONE", "+" + caller).containsEntry("PRODUCT", "docmail");
        assertThat(call()).containsEntry("CALLER", "+" + caller).containsEntry("LINE", "+447700900000")
                .containsEntry("DIRECTION", "INBOUND").containsEntry("OUTCOME", "MISSED")
                .containsEntry("END_CAUSE", "unanswered").containsEntry("DURATION_SEC", 2)
                .containsEntry("PRODUCT_SOURCE", "triage");
        assertThat(jdbc.queryForObject("SELECT phone FROM contact WHERE id = ?", String.class, call().get("CONTACT_ID")))
                .isEqualTo("+" + caller);

        // Vonage retries (at least once): every event again, in another order, changes nothing
        for (String name : List.of("completed", "unanswered", "answered", "ringing", "started")) {
            assertThat(send(name).json().get("ticketKey").asText()).as(name).isEqualTo(key);
        }
        assertThat(tickets()).isEqualTo(ticketsBefore + 1);
        assertThat(calls()).isEqualTo(1);
        assertThat(messages(key)).hasSize(1);
    }

    @Test
    @DisplayName("P04 issue 17.4: the recording of the NCCO's record action makes the call a voicemail ticket with its link")
    void vonageVoicemail_P04() {
        send("answered");
        send("timeout");
        Reply record = send("record");
        assertThat(record.json().get("outcome").asText()).isEqualTo("VOICEMAIL");
        Reply completed = send("completed");
        String key = completed.json().get("ticketKey").asText();
        assertThat(record.json().get("ticketKey").asText()).isEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT subject FROM ticket WHERE ticket_key = ?", String.class, key))
                .isEqualTo("Voicemail from +" + caller);
        assertThat(messages(key)).hasSize(1);
        assertThat(messages(key).get(0)).contains("https://api.nexmo.com/v1/files/bbbbbbbb-aaaa-cccc-dddd-0123456789ab");
        assertThat(call()).containsEntry("VOICEMAIL_URL", "https://api.nexmo.com/v1/files/bbbbbbbb-aaaa-cccc-dddd-0123456789ab");
    }

    @Test
    @DisplayName("P04 issue 17.4: a call whose connected leg (the agent's phone) answered is only logged")
    void vonageAnsweredByAgentIsLogged_P04() {
        long ticketsBefore = tickets();
        send("answered");
        // the same published answered event, for the leg the NCCO connected
        Reply agent = signed(event("answered").replace("\"direction\":\"inbound\"", "\"direction\":\"outbound\""));
        assertThat(agent.status()).as(agent.body()).isEqualTo(200);
        Reply completed = send("completed");
        assertThat(completed.json().get("outcome").asText()).isEqualTo("LOGGED");
        assertThat(completed.json().path("ticketKey").asText(null)).isNull();
        assertThat(tickets()).isEqualTo(ticketsBefore);
        assertThat(call()).containsEntry("ANSWERED", true).containsEntry("ENDED", true)
                .containsEntry("OUTCOME", "LOGGED").containsEntry("CALLER", "+" + caller);
    }

    @Test
    @DisplayName("P04 P15 issue 17.4: a bad signature, another secret, a changed body, no JWT, alg none or an old iat is 401 problem+json and stores nothing")
    void vonageBadSignatureStoresNothing_P04_P15() throws Exception {
        long ticketsBefore = tickets();
        String body = event("completed");
        String good = jwt(HubHttp.VONAGE_SIGNATURE_SECRET, body, clock.instant(), null);
        String otherSecret = jwt("another-accounts-signature-secret-0123456789", body, clock.instant(), null);
        String[] parts = good.split("\\.");
        String tamperedSignature = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
        String none = "eyJhbGciOiJub25lIn0." + parts[1] + ".";

        List<Reply> refused = List.of(
                post(body, "Bearer " + otherSecret),
                post(body, "Bearer " + tamperedSignature),
                post(body.replace("\"duration\":\"2\"", "\"duration\":\"3\""), "Bearer " + good),
                post(body, "Bearer " + jwt(HubHttp.VONAGE_SIGNATURE_SECRET, body, clock.instant(), sha256("{}"))),
                post(body, "Bearer " + none),
                post(body, "Bearer not-a-jwt"),
                post(body, good),
                post(body, null));
        for (Reply r : refused) {
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asText()).endsWith("webhook-unauthenticated");
            assertThat(r.json().get("detail").asText()).contains("Nothing was stored");
        }
        Reply stale = post(body, "Bearer " + jwt(HubHttp.VONAGE_SIGNATURE_SECRET, body,
                Instant.parse(NOW).minusSeconds(3600), null));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("type").asText()).endsWith("webhook-replayed");
        assertThat(calls()).isZero();
        assertThat(tickets()).isEqualTo(ticketsBefore);
    }

    @Test
    @DisplayName("P04 issue 17.4: a signed body that is not a JSON object is 400 problem+json and stores nothing; an NCCO error event is acknowledged")
    void vonageMalformedBody_P04() {
        for (String body : List.of("{\"conversation_uuid\":\"" + conversation + "\",", "[1,2]", "not json")) {
            Reply r = signed(body);
            assertThat(r.status()).as(body + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        Reply badTime = signed(event("completed").replace("\"start_time\":\"2020-01-01T12:00:00.000Z\"", "\"start_time\":\"soon\""));
        assertThat(badTime.status()).as(badTime.body()).isEqualTo(400);
        assertThat(badTime.json().get("detail").asText()).contains("soon");

        Reply error = send("error");
        assertThat(error.json().get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(calls()).isZero();
    }

    @Test
    @DisplayName("P04 issue 14.6: the caller's keys choose the product (menu), the caller's next call follows its newest ticket, a stranger goes to triage")
    void vonageProductChoice_P04() {
        send("started");
        send("input"); // the published keys "42": no product
        assertThat(signed(event("input").replace("\"dtmf\":\"42\"", "\"dtmf\":{\"digits\":\"2\",\"timed_out\":false}"))
                .status()).isEqualTo(200);
        Reply first = send("completed");
        assertThat(first.json().get("outcome").asText()).isEqualTo("MISSED");
        assertThat(jdbc.queryForObject("SELECT product FROM ticket WHERE ticket_key = ?", String.class,
                first.json().get("ticketKey").asText())).isEqualTo("runmy");
        assertThat(call()).containsEntry("PRODUCT", "runmy").containsEntry("PRODUCT_SOURCE", "menu");

        String sameCaller = caller;
        freshCall();
        caller = sameCaller;
        send("completed");
        assertThat(call()).containsEntry("PRODUCT", "runmy").containsEntry("PRODUCT_SOURCE", "caller");

        freshCall();
        do { // a number no contact has yet
            caller = "441614960" + String.format("%03d", (int) (Math.random() * 1000));
        } while (count("SELECT COUNT(*) FROM contact WHERE phone = ?", "+" + caller) > 0);
        send("completed");
        assertThat(call()).containsEntry("PRODUCT_SOURCE", "triage").containsEntry("PRODUCT", "docmail");
    }
}
