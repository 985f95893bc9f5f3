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

import com.cfh.supporthub.telephony.TelephonyProperties.AuthType;
import com.cfh.supporthub.telephony.TelephonyProperties.Webhook;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one verifier of webhook providers added by configuration (issue 17 item 4): token, HMAC and JWT, as configured. */
class ConfiguredWebhooksTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-16T14:07:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfiguredWebhooks verifier(String id, Webhook w) {
        TelephonyProperties p = new TelephonyProperties();
        p.getWebhooks().put(id, w);
        return new ConfiguredWebhooks(p, JSON, NOW);
    }

    private static Webhook webhook(AuthType auth, String header, String prefix, String secret) {
        Webhook w = new Webhook();
        w.setAuth(auth);
        w.setHeader(header);
        w.setPrefix(prefix);
        w.setSecret(secret);
        return w;
    }

    private static WebhookRequest request(String id, String body, String... headers) {
        Map<String, String> h = new java.util.TreeMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        return new WebhookRequest(id, null, id, "application/json", h, body);
    }

    private static void refused(Runnable r, int status) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.status()).isEqualTo(status));
    }

    @Test
    @DisplayName("P04 HMAC over the raw body, hex with a prefix: GitHub's published test vector passes, anything else is 401")
    void hmacHexWithPrefix_P04() {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        Webhook w = webhook(AuthType.HMAC, "X-Hub-Signature-256", "sha256=", "It's a Secret to Everybody");
        String body = "Hello, World!";
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        ConfiguredWebhooks v = verifier("hooks", w);
        // the vector's body is not JSON: the signature passes, then the body is refused as malformed (400)
        refused(() -> v.verify(request("hooks", body, "X-Hub-Signature-256", signature)), 400);
        refused(() -> v.verify(request("hooks", body + " ", "X-Hub-Signature-256", signature)), 401);
        refused(() -> v.verify(request("hooks", body, "X-Hub-Signature-256", signature.substring(7))), 401);
        refused(() -> v.verify(request("hooks", body)), 401);
        refused(() -> v.verify(request("hooks", body, "X-Hub-Signature-256", "sha256=zz")), 401);
    }

    @Test
    @DisplayName("P04 HMAC in Base64 and a shared token header: a JSON body that passes is answered as JSON")
    void hmacBase64AndToken_P04() throws Exception {
        Webhook hmac = webhook(AuthType.HMAC, "X-Signature", "", "s3cret");
        hmac.setEncoding("base64");
        String body = "{\"call\":\"1\"}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(), "HmacSHA256"));
        String sig = java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes()));
        assertThat(verifier("b", hmac).verify(request("b", body, "X-Signature", sig)).path("call").asText()).isEqualTo("1");

        Webhook token = webhook(AuthType.TOKEN, "X-Token", "", "tok-123");
        assertThat(verifier("t", token).verify(request("t", body, "X-Token", "tok-123")).isObject()).isTrue();
        refused(() -> verifier("t", token).verify(request("t", body, "X-Token", "tok-124")), 401);
    }

    @Test
    @DisplayName("P04 JWT (Vonage): HS256 with the secret, iat in the replay window, payload_hash of the body")
    void jwt_P04() throws Exception {
        String secret = "vonage-unit-signature-secret-0123456789abcdef";
        Webhook w = webhook(AuthType.JWT, "Authorization", "Bearer ", secret);
        w.setPayloadHashClaim("payload_hash");
        ConfiguredWebhooks v = verifier("vonage", w);
        String body = "{\"conversation_uuid\":\"CON-1\",\"status\":\"completed\"}";
        String ok = VonageIntakeIT.jwt(secret, body, NOW.instant(), null);
        assertThat(v.verify(request("vonage", body, "Authorization", "Bearer " + ok)).path("status").asText())
                .isEqualTo("completed");
        refused(() -> v.verify(request("vonage", body.replace("completed", "answered"), "Authorization", "Bearer " + ok)), 401);
        refused(() -> v.verify(request("vonage", body, "Authorization", "Basic " + ok)), 401);
        String old = VonageIntakeIT.jwt(secret, body, NOW.instant().minusSeconds(3600), null);
        refused(() -> v.verify(request("vonage", body, "Authorization", "Bearer " + old)), 401);
    }

    @Test
    @DisplayName("P04 an empty secret is a provider not configured (404); impossible settings stop the start, each named")
    void configuration_P04() {
        ConfiguredWebhooks v = verifier("vonage", webhook(AuthType.JWT, "Authorization", "Bearer ", ""));
        assertThat(v.declares("vonage")).isTrue();
        assertThat(v.configured("vonage")).isFalse();
        refused(() -> v.verify(request("vonage", "{}")), 404);

        Webhook bad = webhook(AuthType.HMAC, "", "", "x");
        bad.setAlgorithm("HmacSHA999");
        bad.setEncoding("rot13");
        Webhook badJwt = webhook(AuthType.JWT, "Authorization", "", "x");
        badJwt.setAlgorithm("HmacSHA1");
        assertThatThrownBy(() -> ConfiguredWebhooks.check(new java.util.LinkedHashMap<>(Map.of("bad", bad, "Bad_Id", badJwt))))
                .hasMessageContaining("hub.telephony.webhooks.bad.header")
                .hasMessageContaining("'HmacSHA999' is not a MAC algorithm")
                .hasMessageContaining("'rot13' is not hex or base64")
                .hasMessageContaining("hub.telephony.webhooks.Bad_Id: the id must be lower-case")
                .hasMessageContaining("a JWT is checked with HmacSHA256, HmacSHA384 or HmacSHA512, not 'HmacSHA1'");
        assertThatThrownBy(() -> new TelephonyProviders(List.of(new CtiMapper(new TelephonyProperties(), JSON, NOW)),
                verifier("cti", webhook(AuthType.TOKEN, "X-Token", "", "t"))))
                .hasMessageContaining("hub.telephony.webhooks.cti names a provider the hub already has in Java");
    }
}
