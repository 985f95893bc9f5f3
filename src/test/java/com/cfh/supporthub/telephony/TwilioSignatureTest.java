package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Twilio's request signature against Twilio's own published vectors and the corpus samples (issue 5 items 1, 7). */
class TwilioSignatureTest {

    static Stream<JsonNode> vectors() throws IOException {
        try (InputStream in = TwilioSignatureTest.class.getResourceAsStream("/telephony/twilio-signature-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> all = new ArrayList<>();
            root.get("vectors").forEach(all::add);
            return all.stream();
        }
    }

    private static List<Map.Entry<String, String>> params(JsonNode vector) throws IOException {
        if (vector.has("body_file")) {
            return FormBody.parse(TelephonySamples.sample(vector.get("body_file").asText())).fields();
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        vector.get("params").forEach(p -> params.add(Map.entry(p.get(0).asText(), p.get(1).asText())));
        return params;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("P04 every vector of twilio-signature-vectors.json verifies, and a one-character change of the signature fails")
    void vectorVerifies_P04(JsonNode vector) throws Exception {
        String token = vector.get("auth_token").asText();
        String url = vector.get("url").asText();
        String expected = vector.get("expected_signature").asText();
        List<Map.Entry<String, String>> params = params(vector);

        assertThat(TwilioSignature.compute(token, url, params)).isEqualTo(expected);
        assertThat(TwilioSignature.verify(token, url, params, expected)).isTrue();
        String forged = (expected.charAt(0) == 'A' ? 'B' : 'A') + expected.substring(1);
        assertThat(TwilioSignature.verify(token, url, params, forged)).isFalse();
        if (vector.has("body")) {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(vector.get("body").asText().getBytes(StandardCharsets.UTF_8)));
            assertThat(url).endsWith("bodySHA256=" + hash);
        }
    }

    @Test
    @DisplayName("P04 Twilio's own vector: RSOYDt4T1cUTdK1PDd93/VVr8B8= verifies; a changed parameter, URL or token fails")
    void twilioOwnVector_P04() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        List<Map.Entry<String, String>> params = List.of(Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("Caller", "+14158675309"), Map.entry("Digits", "1234"), Map.entry("From", "+14158675309"),
                Map.entry("To", "+18005551212"));
        String signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

        assertThat(TwilioSignature.verify("12345", url, params, signature)).isTrue();
        assertThat(TwilioSignature.verify("12345", url, params, "RSOYDt4T1cUTdK1PDd93/VVr8B9=")).isFalse();
        List<Map.Entry<String, String>> changed = new ArrayList<>(params);
        changed.set(2, Map.entry("Digits", "1235"));
        assertThat(TwilioSignature.verify("12345", url, changed, signature)).isFalse();
        assertThat(TwilioSignature.verify("12345", url.replace("foo=1", "foo=2"), params, signature)).isFalse();
        assertThat(TwilioSignature.verify("12346", url, params, signature)).isFalse();
        assertThat(TwilioSignature.verify("", url, params, signature)).isFalse();
        assertThat(TwilioSignature.verify("12345", url, params, null)).isFalse();
    }

    @Test
    @DisplayName("P04 a signature over the URL with the default port verifies against the URL without it, and the reverse")
    void defaultPortEitherWay_P04() {
        List<Map.Entry<String, String>> params = List.of(Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("Caller", "+14158675309"), Map.entry("Digits", "1234"), Map.entry("From", "+14158675309"),
                Map.entry("To", "+18005551212"));
        assertThat(TwilioSignature.verify("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params,
                "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
        assertThat(TwilioSignature.verify("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", params,
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
        assertThat(TwilioSignature.verify("12345", "http://mycompany.com/myapp.php?foo=1&bar=2", params,
                "0ZXoZLH/DfblKGATFgpif+LLRf4=")).isTrue();
        assertThat(TwilioSignature.verify("12345", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", params,
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")).isTrue();
    }

    @Test
    @DisplayName("P04 the transcription's free text is URL-decoded whole: '&', ',' and '+' survive")
    void transcriptionTextDecoded_P04() throws IOException {
        String text = FormBody.parse(TelephonySamples.sample("twilio-voice-transcription.form")).first().get("TranscriptionText");
        assertThat(text).isEqualTo("Hi, this is Priya Shah from Acme Ltd, account 40213. Our invoices page has shown an "
                + "error since this morning & nobody can pay. Please call me back on 07700 900123 - thanks.");
    }
}
