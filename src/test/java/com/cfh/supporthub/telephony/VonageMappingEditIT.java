package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.TestFiles;

/**
 * Issue 17 item 4: a provider's JSONata mapping is configuration an integration engineer edits on the running hub;
 * the edit takes effect on the next webhook, without a restart or a change to the route file. The hub runs on a
 * copy of routes/ in a folder of its own, whose mapping this test edits.
 */
class VonageMappingEditIT extends HubIT {

    private static final Path ROUTES = Path.of("target/it-routes-mapping").toAbsolutePath();
    private static final Path MAPPING = ROUTES.resolve("intake-telephony-vonage.jsonata");

    static {
        TestFiles.copyOfRoutes(ROUTES);
        TestFiles.deleteTree("target/it-data-mapping");
    }

    @DynamicPropertySource
    static void ownFolders(DynamicPropertyRegistry registry) {
        registry.add("hub.routes-dir", ROUTES::toString);
        registry.add("hub.data-dir", () -> "target/it-data-mapping");
    }

    private Reply started(String conversation) throws Exception {
        String body = TelephonySamples.sample("vonage-event-started.json")
                .replace("CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab", conversation);
        clock.pin("2026-11-16T14:07:00Z");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/telephony/vonage"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + VonageIntakeIT.jwt(HubHttp.VONAGE_SIGNATURE_SECRET, body, clock.instant(), null))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private long calls(String conversation) {
        return count("SELECT COUNT(*) FROM call_log WHERE provider = 'vonage' AND call_id = ?", conversation);
    }

    @Test
    @DisplayName("P04 issue 17.4: an edited JSONata mapping applies to the next webhook, no restart; restored, it applies again")
    void editedMappingAppliesToTheNextEvent_P04() throws Exception {
        String shipped = Files.readString(MAPPING);
        String before = "CON-" + UUID.randomUUID();
        Reply first = started(before);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("outcome").asText()).isEqualTo("LOGGED");
        assertThat(calls(before)).isEqualTo(1);

        // the engineer decides this provider's events concern no call (a mapping may answer null)
        Files.writeString(MAPPING, "/* every event ignored while the provider is being migrated */\nnull\n");
        String during = "CON-" + UUID.randomUUID();
        Reply ignored = started(during);
        assertThat(ignored.status()).as(ignored.body()).isEqualTo(200);
        assertThat(ignored.json().get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(calls(during)).as("nothing stored for an ignored event").isZero();

        // a mapping that does not parse: the event is refused with a problem (the provider retries), nothing stored
        Files.writeString(MAPPING, "{ \"callId\": conversation_uuid,\n");
        String broken = "CON-" + UUID.randomUUID();
        Reply refused = started(broken);
        assertThat(refused.status()).as(refused.body()).isGreaterThanOrEqualTo(500);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(calls(broken)).isZero();

        Files.writeString(MAPPING, shipped);
        String after = "CON-" + UUID.randomUUID();
        Reply again = started(after);
        assertThat(again.json().get("outcome").asText()).isEqualTo("LOGGED");
        assertThat(calls(after)).isEqualTo(1);
    }
}
