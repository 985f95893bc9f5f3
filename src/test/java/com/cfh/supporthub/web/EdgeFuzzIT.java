package com.cfh.supporthub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.BadSqlGrammarException;

import com.cfh.supporthub.jira.JiraProperties;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.FeedbackLinks;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.RawHttp;
import com.cfh.supporthub.support.RawHttp.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 14 item 7: generated malformed requests against every public endpoint that takes a body (the widget,
 * the three telephony providers, Jira's webhook, the feedback link): bodies empty, truncated, of the wrong
 * types, huge, binary, deeply nested, in odd charsets and content types; oversized headers, path parameters,
 * other methods. Every answer is below 500; every error is problem+json with a detail; a refused request
 * stores nothing (row counts of ticket, ticket_message, call_log and outbox unchanged).
 * A fixed list of nasty cases plus cases drawn from a seeded random generator: the seed is printed in the
 * failure message and can be set with -Dhub.fuzz.seed=N to replay a run.
 */
class EdgeFuzzIT extends HubIT {

    private static final long SEED = Long.getLong("hub.fuzz.seed", 20_261_206L);
    private static final int GENERATED = 260;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUZZ_SECRET = "fuzz-webhook-secret";
    private static final List<String> TABLES = List.of("ticket", "ticket_message", "call_log", "outbox");

    @Autowired
    JiraProperties jira;

    /** One request: what it is (for the failure message), method, target, headers and body. */
    record Case(String name, String method, String target, List<String[]> headers, byte[] body) {
        @Override
        public String toString() {
            return name + " (" + method + " " + (target.length() > 80 ? target.substring(0, 80) + "…" : target) + ")";
        }
    }

    @Test
    @DisplayName("P05 P04 P11 P20 item 7: no generated malformed request gets a 5xx or a non-problem error, and a refused one stores nothing")
    void malformedRequestsGetProblemsAndStoreNothing() {
        String savedSecret = jira.getWebhookSecret();
        jira.setWebhookSecret(FUZZ_SECRET);
        try {
            List<Case> cases = new ArrayList<>(fixedCases(feedbackLink()));
            cases.addAll(generated(new Random(SEED), feedbackLink(), GENERATED));
            RawHttp raw = new RawHttp(port);
            List<String> failures = new ArrayList<>();
            for (Case c : cases) {
                Map<String, Long> before = rowCounts();
                Answer answer = raw.send(c.method(), c.target(), withClient(c.headers()), c.body());
                Map<String, Long> after = rowCounts();
                String problem = check(c, answer, before, after);
                if (problem != null) {
                    failures.add(c + ": " + problem);
                }
            }
            assertThat(failures).as("seed " + SEED + " (-Dhub.fuzz.seed=" + SEED + "), " + cases.size() + " requests, "
                    + failures.size() + " failed").isEmpty();
        } finally {
            jira.setWebhookSecret(savedSecret);
        }
    }

    private static String check(Case c, Answer answer, Map<String, Long> before, Map<String, Long> after) {
        if (answer.status() >= 500) {
            return "status " + answer.status() + ": " + cut(answer.text());
        }
        if (answer.status() < 400) {
            return null; // accepted: it may store
        }
        if (!after.equals(before)) {
            return "refused with " + answer.status() + " but stored: " + before + " -> " + after;
        }
        if ("HEAD".equals(c.method())) {
            return null; // no body to check
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "status " + answer.status() + " as " + answer.contentType() + ": " + cut(answer.text());
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            if (json.path("detail").asText("").isBlank() || json.path("status").asInt() != answer.status()) {
                return "problem without detail or with another status: " + cut(answer.text());
            }
        } catch (java.io.IOException e) {
            return "problem+json that is not JSON: " + cut(answer.text());
        }
        return null;
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            try {
                counts.put(table, count("SELECT COUNT(*) FROM " + table));
            } catch (BadSqlGrammarException absent) {
                // a table another change retired (e.g. jira_outbox merged into outbox) has nothing to count
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------ the cases

    private static final String CTI = "/api/v1/telephony/cti/PhXp3ZG63QyJfcb1pVOnBKJWIbI";
    private static final String[] TARGETS = {"/api/v1/widget/tickets", "/api/v1/telephony/twilio/status", CTI,
            "/api/v1/telephony/aircall", "/api/v1/jira/webhook?secret=" + FUZZ_SECRET};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=UTF-8",
            "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16", "application/json; charset=bogus-1",
            "application/json; charset=", "text/plain", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data; boundary=xyz", ";;;", "application/",
            "application/xml", "*/*"};
    private static final String[] METHODS = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};

    private static List<Case> fixedCases(String feedback) {
        List<Case> cases = new ArrayList<>();
        String widgetJson = HubHttp.widgetJson("runmy", "fuzz@example.com", "Fuzz", "Fuzz");
        for (String target : TARGETS) {
            cases.add(new Case("empty body", "POST", target, json(), new byte[0]));
            cases.add(new Case("no body, no content type", "POST", target, List.of(), null));
            cases.add(new Case("truncated JSON", "POST", target, json(), bytes(widgetJson.substring(0, 17))));
            cases.add(new Case("JSON array", "POST", target, json(), bytes("[1,2,3]")));
            cases.add(new Case("JSON string", "POST", target, json(), bytes("\"text\"")));
            cases.add(new Case("JSON null", "POST", target, json(), bytes("null")));
            cases.add(new Case("deep nesting", "POST", target, json(), bytes("[".repeat(20_000))));
            cases.add(new Case("deep object nesting", "POST", target, json(), bytes("{\"a\":".repeat(5_000) + "1"
                    + "}".repeat(5_000))));
            cases.add(new Case("huge body", "POST", target, json(), bytes("{\"message\":\"" + "x".repeat(1_200_000) + "\"}")));
            cases.add(new Case("binary", "POST", target, json(), new Random(7).ints(512, 0, 256)
                    .collect(java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> { }).toByteArray()));
            cases.add(new Case("NUL bytes", "POST", target, json(), new byte[] {'{', 0, 0, '}'}));
            cases.add(new Case("invalid UTF-8", "POST", target, json(), new byte[] {'{', '"', 'a', '"', ':', '"',
                    (byte) 0xC3, (byte) 0x28, '"', '}'}));
            cases.add(new Case("lone surrogate escape", "POST", target, json(),
                    bytes(widgetJson.replace("\"Fuzz\",\"message\"", "\"\\ud800\\u0000x\",\"message\""))));
            cases.add(new Case("form with a bad escape", "POST", target, form(), bytes("event=newCall&callId=%zz&from=%")));
            cases.add(new Case("form of names only", "POST", target, form(), bytes("&&&=&==&event")));
            cases.add(new Case("UTF-16 declared, UTF-8 sent", "POST", target,
                    List.<String[]>of(new String[] {"Content-Type", "application/json; charset=UTF-16"}), bytes(widgetJson)));
            cases.add(new Case("unknown charset", "POST", target,
                    List.<String[]>of(new String[] {"Content-Type", "application/json; charset=x-nope"}), bytes(widgetJson)));
            cases.add(new Case("content type garbage", "POST", target,
                    List.<String[]>of(new String[] {"Content-Type", "\u00ff\u00fe;;=="}), bytes(widgetJson)));
            cases.add(new Case("header over 8 KB", "POST", target, with(json(), "X-Long", "y".repeat(9_000)), bytes(widgetJson)));
            cases.add(new Case("200 headers", "POST", target, manyHeaders(200), bytes(widgetJson)));
            cases.add(new Case("path parameter", "POST", target.replaceFirst("(/api/v1/[a-z]+)", "$1;x=1"), json(),
                    bytes(widgetJson)));
            cases.add(new Case("encoded NUL in the path", "POST", target + "%00", json(), bytes(widgetJson)));
            cases.add(new Case("dot segments", "POST", "/api/v1/widget/%2e%2e/tickets", json(), bytes(widgetJson)));
            cases.add(new Case("double slash", "POST", target.replace("/api/v1/", "/api/v1//"), json(), bytes(widgetJson)));
            cases.add(new Case("foreign origin", "POST", target, with(json(), "Origin", "https://evil.example"), bytes(widgetJson)));
            cases.add(new Case("CORS preflight from a foreign origin", "OPTIONS", target,
                    List.of(new String[] {"Origin", "https://evil.example"},
                            new String[] {"Access-Control-Request-Method", "POST"}), null));
            for (String method : METHODS) {
                cases.add(new Case("method " + method, method, target, json(), "GET".equals(method) || "HEAD".equals(method)
                        || "TRACE".equals(method) ? null : bytes(widgetJson)));
            }
        }
        cases.add(new Case("feedback rating 9", "POST", feedback, form(), bytes("rating=9")));
        cases.add(new Case("feedback rating as an object", "POST", feedback, json(), bytes("{\"rating\":{\"a\":1}}")));
        cases.add(new Case("feedback bad escape", "POST", feedback, form(), bytes("rating=%G1&comment=%")));
        cases.add(new Case("feedback huge comment", "POST", feedback, form(), bytes("rating=x&comment=" + "c".repeat(300_000))));
        cases.add(new Case("feedback garbage token", "POST", "/api/v1/feedback/" + "a.".repeat(2000), form(), bytes("rating=4")));
        cases.add(new Case("feedback token with NUL", "GET", "/api/v1/feedback/1.2.%00.4", List.of(), null));
        return cases;
    }

    private static List<Case> generated(Random random, String feedback, int n) {
        String[] targets = java.util.stream.Stream.concat(java.util.Arrays.stream(TARGETS), java.util.stream.Stream.of(feedback))
                .toArray(String[]::new);
        String[] fields = {"product", "name", "email", "subject", "message", "pageUrl", "event", "callId", "token",
                "timestamp", "resource", "data", "webhookEvent", "issue", "comment", "rating", "CallSid", "From", "To"};
        Object[] values = {"runmy", "", "x", 1, -1, 1.5e308, true, null, List.of(), Map.of(), List.of(1, "a"),
                Map.of("id", "x"), "\u0000", "\u202e\u0007", "%zz", "a".repeat(5000), "+447700900123", "call",
                "call.ended", "newCall", "hangup", 9, "9"};
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String target = targets[random.nextInt(targets.length)];
            String method = random.nextInt(10) == 0 ? METHODS[random.nextInt(METHODS.length)] : "POST";
            List<String[]> headers = new ArrayList<>();
            if (random.nextInt(8) != 0) {
                headers.add(new String[] {"Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]});
            }
            if (random.nextInt(12) == 0) {
                headers.add(new String[] {"X-Pad", "p".repeat(random.nextInt(12_000))});
            }
            if (random.nextInt(15) == 0) {
                target = target.replaceFirst("(/api/v1/[a-z]+)", "$1;jsessionid=" + random.nextInt(1000));
            }
            byte[] body;
            String kind;
            switch (random.nextInt(6)) {
                case 0 -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    int size = random.nextInt(8);
                    for (int f = 0; f < size; f++) {
                        object.put(fields[random.nextInt(fields.length)], values[random.nextInt(values.length)]);
                    }
                    body = bytes(write(object));
                    kind = "JSON object " + cut(write(object));
                }
                case 1 -> {
                    String valid = HubHttp.widgetJson(random.nextBoolean() ? "runmy" : "nosuch", "f" + random.nextInt(99)
                            + "@example.com", "Subject " + random.nextInt(99), "Message");
                    int cutAt = random.nextInt(valid.length());
                    body = bytes(valid.substring(0, cutAt));
                    kind = "truncated at " + cutAt;
                }
                case 2 -> {
                    body = new byte[random.nextInt(2048)];
                    random.nextBytes(body);
                    kind = "random bytes " + body.length;
                }
                case 3 -> {
                    StringBuilder form = new StringBuilder();
                    int size = random.nextInt(8);
                    for (int f = 0; f < size; f++) {
                        form.append(f == 0 ? "" : "&").append(fields[random.nextInt(fields.length)]).append('=')
                                .append(random.nextBoolean() ? "%" + Integer.toHexString(random.nextInt(256)) : "v" + random.nextInt(9));
                    }
                    body = bytes(form.toString());
                    kind = "form " + cut(form.toString());
                }
                case 4 -> {
                    int depth = 500 + random.nextInt(4000);
                    body = bytes("[".repeat(depth) + "]".repeat(random.nextInt(depth)));
                    kind = "nesting " + depth;
                }
                default -> {
                    body = random.nextBoolean() ? new byte[0] : null;
                    kind = body == null ? "no body" : "empty body";
                }
            }
            cases.add(new Case("generated #" + i + ": " + kind, method, target, headers, body));
        }
        return cases;
    }

    /** Each widget request from its own client address, so the per-client rate limit does not answer instead. */
    private static List<String[]> withClient(List<String[]> headers) {
        List<String[]> all = new ArrayList<>(headers);
        all.add(new String[] {"X-Forwarded-For", HubHttp.nextClientAddress()});
        return all;
    }

    private static List<String[]> json() {
        return List.<String[]>of(new String[] {"Content-Type", "application/json"});
    }

    private static List<String[]> form() {
        return List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"});
    }

    private static List<String[]> with(List<String[]> headers, String name, String value) {
        List<String[]> all = new ArrayList<>(headers);
        all.add(new String[] {name, value});
        return all;
    }

    private static List<String[]> manyHeaders(int n) {
        List<String[]> all = new ArrayList<>(json());
        for (int i = 0; i < n; i++) {
            all.add(new String[] {"X-H" + i, "v" + i});
        }
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    private String feedbackLink() {
        return FeedbackLinks.resolvedTicketLink(http, jdbc, "docmail");
    }
}
