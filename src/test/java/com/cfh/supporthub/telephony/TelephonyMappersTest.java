package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Each provider adapter over the corpus samples, without Camel or HTTP (issue 5 items 1, 2, 6). */
class TelephonyMappersTest {

    private static final Clock AT_SAMPLES = Clock.fixed(Instant.parse("2026-11-16T14:07:00Z"), ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();

    private static TelephonyProperties configured() {
        TelephonyProperties p = new TelephonyProperties();
        p.setPublicBaseUrl("https://hub.example.com/webhooks");
        p.getTwilio().setAuthToken("f0e1d2c3b4a5968778695a4b3c2d1e0f");
        p.getCti().setToken("PhXp3ZG63QyJfcb1pVOnBKJWIbI");
        p.getAircall().setToken("5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f");
        return p;
    }

    private static WebhookRequest form(String provider, String segment, String body, String... headers) {
        return request(provider, segment, "application/x-www-form-urlencoded; charset=utf-8", body, headers);
    }

    private static WebhookRequest request(String provider, String segment, String type, String body, String... headers) {
        Map<String, String> h = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        return new WebhookRequest(provider, segment, provider + (segment == null ? "" : "/" + segment), type, h, body);
    }

    private static String sample(String name) {
        return TelephonySamples.sample(name);
    }

    @Test
    @DisplayName("P04 Twilio: the completed sample with its corpus signature is a voicemail that ended; a changed body is refused")
    void twilioCompleted_P04() {
        TwilioMapper twilio = new TwilioMapper(configured(), AT_SAMPLES);
        CallEvent e = twilio.toEvent(form("twilio", "status", sample("twilio-voice-completed.form"),
                "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw="));

        assertThat(e.callId()).isEqualTo("CA747df9905da836742ff24c1c587b59b5");
        assertThat(e.direction()).isEqualTo(Direction.INBOUND);
        assertThat(e.customerNumber()).isEqualTo("+447700900123");
        assertThat(e.lineNumber()).isEqualTo("+442079460958");
        assertThat(e.ended()).isTrue();
        assertThat(e.answered()).isFalse();
        assertThat(e.voicemailUrl()).endsWith("/Recordings/REa80abac7db6a718743ccfe8126ef5d1c");
        assertThat(e.durationSec()).isEqualTo(187);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-16T14:06:34Z"));

        String changed = sample("twilio-voice-completed.form").replace("CallDuration=187", "CallDuration=188");
        assertThatThrownBy(() -> twilio.toEvent(form("twilio", "status", changed,
                "X-Twilio-Signature", "NNzs2q8rRbIDPBxGqjEV2Es13Uw=")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(401));
    }

    @Test
    @DisplayName("P04 Twilio: no-answer ends a call unanswered, a <Dial> answered outcome answers it, ringing only starts it")
    void twilioStatuses_P04() {
        TwilioMapper twilio = new TwilioMapper(configured(), AT_SAMPLES);
        String incoming = sample("twilio-voice-incoming.form");
        CallEvent ringing = twilio.toEvent(signed("voice", incoming));
        CallEvent noAnswer = twilio.toEvent(signed("status", incoming.replace("CallStatus=ringing", "CallStatus=no-answer")));
        CallEvent dialed = twilio.toEvent(signed("dial", incoming + "&DialCallStatus=completed&DialCallDuration=95"));

        assertThat(ringing.startedAt()).isEqualTo(AT_SAMPLES.instant());
        assertThat(ringing.ended()).isFalse();
        assertThat(noAnswer.ended()).isTrue();
        assertThat(noAnswer.answered()).isFalse();
        assertThat(noAnswer.endCause()).isEqualTo("no-answer");
        assertThat(dialed.answered()).isTrue();
        assertThat(dialed.ended()).isFalse();
    }

    private static WebhookRequest signed(String hook, String body) {
        String signature = TwilioSignature.compute("f0e1d2c3b4a5968778695a4b3c2d1e0f",
                "https://hub.example.com/webhooks/twilio/" + hook, FormBody.parse(body).fields());
        return form("twilio", hook, body, "X-Twilio-Signature", signature);
    }

    @Test
    @DisplayName("P04 CTI: JSON and form samples map alike; the missed anonymous hang-up is unanswered and withheld")
    void cti_P04() {
        CtiMapper cti = new CtiMapper(configured(), json, AT_SAMPLES);
        CallEvent fromJson = cti.toEvent(request("cti", "PhXp3ZG63QyJfcb1pVOnBKJWIbI", "application/json",
                sample("zammad-cti-newcall.json")));
        CallEvent fromForm = cti.toEvent(form("cti", "PhXp3ZG63QyJfcb1pVOnBKJWIbI", sample("zammad-cti-newcall.form")));
        for (CallEvent e : List.of(fromJson, fromForm)) {
            assertThat(e.callId()).isEqualTo("4f2d6a0e-8c1b-4e7e-9a51-3b2c1d0e9f87");
            assertThat(e.customerNumber()).isEqualTo("447700900123");
            assertThat(e.startedAt()).isEqualTo(AT_SAMPLES.instant());
        }
        CallEvent missed = cti.toEvent(form("cti", "PhXp3ZG63QyJfcb1pVOnBKJWIbI", sample("zammad-cti-hangup-missed.form")));
        assertThat(missed.ended()).isTrue();
        assertThat(missed.answered()).isFalse();
        assertThat(missed.endCause()).isEqualTo("cancel");
        assertThat(new PhoneNumbers("GB").caller(missed.customerNumber()).withheld()).isTrue();

        assertThatThrownBy(() -> cti.toEvent(form("cti", "wrong-token", sample("zammad-cti-newcall.form"))))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(401));
    }

    @Test
    @DisplayName("P04 Aircall: the answered sample carries agent, recording and comment; Billing is not a follow-up tag")
    void aircall_P04() {
        AircallMapper aircall = new AircallMapper(configured(), json, AT_SAMPLES);
        CallEvent e = aircall.toEvent(request("aircall", null, "application/json", sample("aircall-call-ended.json")));

        assertThat(e.callId()).isEqualTo("2984410571");
        assertThat(e.answeredAt()).isEqualTo(Instant.ofEpochSecond(1794837619));
        assertThat(e.ended()).isTrue();
        assertThat(e.agent()).isEqualTo("Alice Agent");
        assertThat(e.recordingUrl()).isEqualTo("https://assets.aircall.io/calls/2984410571/recording");
        assertThat(e.note()).isEqualTo("Alice Agent: Customer cannot pay invoices since this morning; raise a ticket.");
        assertThat(e.followUp()).isFalse();

        TelephonyProperties billing = configured();
        billing.getAircall().setFollowUpTags(List.of("billing"));
        assertThat(new AircallMapper(billing, json, AT_SAMPLES)
                .toEvent(request("aircall", null, "application/json", sample("aircall-call-ended.json"))).followUp())
                .isTrue();
    }

    @Test
    @DisplayName("P04 a provider whose secret is empty is not configured: 404")
    void unconfiguredProviderIsNotFound_P04() {
        TelephonyProperties none = new TelephonyProperties();
        TelephonyProviders providers = new TelephonyProviders(List.of(new TwilioMapper(none, AT_SAMPLES),
                new CtiMapper(none, json, AT_SAMPLES), new AircallMapper(none, json, AT_SAMPLES)),
                new ConfiguredWebhooks(none, json, AT_SAMPLES));
        for (String id : List.of("twilio", "cti", "aircall", "nosuch")) {
            assertThatThrownBy(() -> providers.provider(id))
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(404));
        }
        TelephonyProviders some = new TelephonyProviders(List.of(new CtiMapper(configured(), json, AT_SAMPLES)),
                new ConfiguredWebhooks(configured(), json, AT_SAMPLES));
        assertThat(some.provider("cti").id()).isEqualTo("cti");
    }
}
