package com.cfh.supporthub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.Channel;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finding the work (issue 16.2; P06, P07, P09): GET /api/v1/tickets filtered by assignee (a name, me, none),
 * channel, tier, atRisk, breached and q, sorted by due time, through real HTTP on the real database (HSQLDB here,
 * PostgreSQL with -Ppostgres). Every query carries a token of this test in q, so tickets of other tests sharing
 * the database never count.
 */
class TicketSearchIT extends HubIT {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    SlaSweep sweep;

    private String widget(String product, String subject) {
        Reply r = http.send(http.widget(HubHttp.widgetJson(product, "s-" + UUID.randomUUID() + "@example.com",
                subject, "Details follow")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    private Reply list(String query) {
        return http.send(http.asAdmin(http.get("/api/v1/tickets?" + query)));
    }

    /** The keys of one page; without paging the total must be what the page holds. */
    private List<String> keys(String query) {
        Reply r = list(query);
        assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().get("items").forEach(i -> keys.add(i.get("key").asText()));
        if (!query.contains("size=")) {
            assertThat(r.json().get("total").asLong()).as(query).isEqualTo(keys.size());
        }
        return keys;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertInvalid(Reply r, String parameter) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
        assertThat(r.json().get("errors").get(0).get("message").asText()).isNotBlank();
    }

    @Test
    @DisplayName("P06 P07 P09: assignee (name, me, none), channel, tier, atRisk, breached, q and sort=due find the right tickets")
    void filtersAndDueSort_P06_P07_P09() {
        String token = "srch" + UUID.randomUUID().toString().substring(0, 8);
        String q = "q=" + token;

        // Monday 2 February 2026, 09:00 (GMT): A and B arrive; B is answered at 09:30; C arrives at 11:00
        clock.pin("2026-02-02T09:00:00Z");
        String a = widget("docmail", "Printer " + token + " jams");
        String b = widget("runmy", "Invoice " + token.toUpperCase(Locale.ROOT) + " missing");
        clock.pin("2026-02-02T09:30:00Z");
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + b + "/replies",
                "{\"text\":\"We are looking into it\"}"))).status()).isEqualTo(200);
        clock.pin("2026-02-02T11:00:00Z");
        String c = widget("docmail", "Labels " + token);
        String other = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String requesterName = "Quentin " + other + "son";
        String email = other + ".requester@example.org";
        IntakeResult d = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail(requesterName, email), "Question about postage", "How much?", List.of(),
                "<" + UUID.randomUUID() + "@mail.example>", null, null, List.of(), Instant.parse("2026-02-02T11:00:00Z"),
                Map.of()), IntakeResult.class);

        // 14:15: A's first response (due 13:00) is breached; C's (due 15:00) is at risk since 14:00; B's is met
        clock.pin("2026-02-02T14:15:00Z");
        sweep.run();

        // q matches subject (any case), key, requester name and address
        assertThat(keys(q)).containsExactlyInAnyOrder(a, b, c);
        assertThat(keys("q=" + enc(token.toUpperCase(Locale.ROOT)))).containsExactlyInAnyOrder(a, b, c);
        assertThat(keys("q=" + enc(email.toUpperCase(Locale.ROOT)))).containsExactly(d.key());
        assertThat(keys("q=" + enc(other.toUpperCase(Locale.ROOT) + "SON"))).containsExactly(d.key());
        assertThat(keys("q=" + enc(a.toLowerCase(Locale.ROOT)) + "&size=100")).contains(a)
                .allSatisfy(k -> assertThat(k.toLowerCase(Locale.ROOT)).contains(a.toLowerCase(Locale.ROOT)));
        assertThat(keys("q=" + enc("%" + token))).isEmpty(); // LIKE wildcards are literal text

        // breached / at risk, as the sweep marked them
        assertThat(keys(q + "&breached=true")).containsExactly(a);
        assertThat(keys(q + "&atRisk=true")).containsExactly(c);
        assertThat(keys(q + "&atRisk=false&breached=false")).containsExactly(b);
        assertThat(keys(q + "&breached=false")).containsExactlyInAnyOrder(b, c);

        // sort=due: the pending first responses first (A 13:00, C 15:00), then B's resolution
        assertThat(keys(q + "&sort=due")).containsExactly(a, c, b);
        assertThat(keys(q + "&sort=DUE&size=2")).containsExactly(a, c);
        assertThat(list(q + "&sort=due&size=2").json().get("total").asLong()).isEqualTo(3);
        assertThat(keys(q + "&sort=due&size=2&page=1")).containsExactly(b);
        JsonNode first = list(q + "&sort=due").json().get("items").get(0);
        assertThat(first.get("nextDue").asText()).isEqualTo("2026-02-02T13:00:00Z");
        assertThat(first.get("breached").asBoolean()).isTrue();

        // assignee: an account, me, none
        String sid = "sid-" + token;
        assertThat(http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"" + sid + "\",\"displayName\":"
                + "\"Sid\",\"role\":\"AGENT\",\"password\":\"search-password-1\"}"))).status()).isEqualTo(201);
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + b + "/assignment",
                "{\"assignee\":\"" + sid + "\"}"))).status()).isEqualTo(200);
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + a + "/assignment",
                "{\"assignee\":\"" + HubHttp.ADMIN_USER + "\"}"))).status()).isEqualTo(200);
        assertThat(keys(q + "&assignee=" + sid)).containsExactly(b);
        assertThat(keys(q + "&assignee=me")).containsExactly(a);
        assertThat(keys(q + "&assignee=none")).containsExactly(c);

        // channel and tier
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + c + "/classification",
                "{\"tier\":\"TIER2\"}"))).status()).isEqualTo(200);
        assertThat(keys(q + "&tier=TIER2")).containsExactly(c);
        assertThat(keys(q + "&tier=tier1")).containsExactlyInAnyOrder(a, b);
        assertThat(keys(q + "&channel=WIDGET&product=docmail")).containsExactlyInAnyOrder(a, c);
        assertThat(keys("q=" + enc(email) + "&channel=EMAIL")).containsExactly(d.key());
        assertThat(keys("q=" + enc(email) + "&channel=WIDGET")).isEmpty();
    }

    @Test
    @DisplayName("P15: an invalid value of any search parameter is 422 problem+json naming that parameter")
    void invalidValuesNameTheParameter_P15() {
        assertInvalid(list("atRisk=maybe"), "atRisk");
        assertInvalid(list("breached=1"), "breached");
        assertInvalid(list("sort=priority"), "sort");
        assertInvalid(list("channel=FAX"), "channel");
        assertInvalid(list("tier=TIER9"), "tier");
        assertInvalid(list("assignee=nobody-" + UUID.randomUUID()), "assignee");
        assertInvalid(list("q=" + "x".repeat(201)), "q");
        assertInvalid(list("size=1000"), "size");
    }

    @Test
    @DisplayName("P06: each search parameter and its values are in the OpenAPI document")
    void parametersInOpenApi_P06() {
        Reply doc = http.send(http.get("/api/v1/openapi.json"));
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");
        JsonNode listing = null;
        for (var it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if ((path.equals("/tickets") || path.equals("/api/v1/tickets")) && paths.get(path).has("get")) {
                listing = paths.get(path).get("get");
            }
        }
        assertThat(listing).as("GET /tickets in " + paths.toString().substring(0, 200)).isNotNull();
        Map<String, JsonNode> params = new java.util.HashMap<>();
        listing.get("parameters").forEach(p -> params.put(p.get("name").asText(), p));
        assertThat(params).containsKeys("assignee", "channel", "tier", "atRisk", "breached", "q", "sort", "product",
                "status", "page", "size");
        assertThat(enumOf(params.get("sort"))).containsExactly("created", "due");
        assertThat(enumOf(params.get("channel"))).contains("EMAIL", "WIDGET", "PHONE");
        assertThat(enumOf(params.get("tier"))).containsExactly("TIER1", "TIER2", "MANAGER");
        assertThat(params.get("assignee").get("description").asText()).contains("me").contains("none");
    }

    private static List<String> enumOf(JsonNode param) {
        JsonNode values = param.has("schema") ? param.get("schema").get("enum") : param.get("enum");
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
