package com.cfh.supporthub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.FeedbackLinks;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.RawHttp;
import com.cfh.supporthub.support.RawHttp.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 14 item 7: the malformed requests that were answered badly (500, Tomcat's HTML page, Spring's
 * own JSON, a wrong message) get a clear RFC 9457 problem and store nothing; control characters never
 * reach a stored one-line field.
 */
class BadInputIT extends HubIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WIDGET = "/api/v1/widget/tickets";

    private static void assertProblem(int status, String contentType, String body, int expected) throws Exception {
        assertThat(status).as(body).isEqualTo(expected);
        assertThat(contentType).as(body).startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("status").asInt()).isEqualTo(expected);
        assertThat(problem.path("detail").asText()).as(body).isNotBlank();
    }

    private HttpRequest.Builder widget(byte[] body, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WIDGET))
                .header("Content-Type", contentType)
                .header("X-Forwarded-For", HubHttp.nextClientAddress())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    @Test
    @DisplayName("P05 item 7: an empty widget body is 400 problem+json, not 500, and stores nothing")
    void emptyWidgetBodyIs400_P05() throws Exception {
        long before = tickets();
        Reply reply = http.send(widget(new byte[0], "application/json"));

        assertProblem(reply.status(), reply.contentType(), reply.body(), 400);
        assertThat(reply.json().get("detail").asText()).contains("no body");
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P05 item 7: a body in ISO-8859-1 is read by its declared charset; the same bytes declared as UTF-8 are 400")
    void widgetBodyDecodedByDeclaredCharset_P05() throws Exception {
        String email = "zoe-" + UUID.randomUUID() + "@example.com";
        byte[] latin1 = ("{\"product\":\"runmy\",\"name\":\"Zo\u00eb M\u00fcller\",\"email\":\"" + email
                + "\",\"subject\":\"Caf\u00e9 invoices\",\"message\":\"Stra\u00dfe 5\"}").getBytes(StandardCharsets.ISO_8859_1);
        long before = tickets();

        Reply wrong = http.send(widget(latin1, "application/json"));
        assertProblem(wrong.status(), wrong.contentType(), wrong.body(), 400);
        assertThat(wrong.json().get("detail").asText()).contains("UTF-8");
        assertThat(tickets()).isEqualTo(before);

        Reply declared = http.send(widget(latin1, "application/json; charset=ISO-8859-1"));
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        Map<String, Object> row = jdbc.queryForMap("SELECT t.subject, c.display_name FROM ticket t JOIN contact c "
                + "ON c.id = t.requester_id WHERE t.ticket_key = ?", declared.json().get("key").asText());
        assertThat(row).containsEntry("SUBJECT", "Caf\u00e9 invoices").containsEntry("DISPLAY_NAME", "Zo\u00eb M\u00fcller");

        Reply unknown = http.send(widget(latin1, "application/json; charset=x-no-such-charset"));
        assertProblem(unknown.status(), unknown.contentType(), unknown.body(), 415);
    }

    @Test
    @DisplayName("P05 item 7: NUL and other control characters are stripped from name and subject (one line) and, but for line breaks and tabs, from the message")
    void controlCharactersStripped_P05() throws Exception {
        String email = "ctl-" + UUID.randomUUID() + "@example.com";
        String body = JSON.writeValueAsString(Map.of("product", "runmy", "name", "Ann\u0000\u0007 Lee",
                "email", email, "subject", "Invoice\u0000 missing\r\nBcc: evil@example.com\u0085\u001b[31m",
                "message", "Line one\r\nLine two\u0000\tend\u009b"));
        Reply reply = http.send(http.widget(body));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String key = reply.json().get("key").asText();
        Map<String, Object> row = jdbc.queryForMap("SELECT t.subject, c.display_name, m.body FROM ticket t "
                + "JOIN contact c ON c.id = t.requester_id JOIN ticket_message m ON m.ticket_id = t.id WHERE t.ticket_key = ?", key);
        assertThat(row).containsEntry("SUBJECT", "Invoice missing Bcc: evil@example.com[31m")
                .containsEntry("DISPLAY_NAME", "Ann Lee")
                .containsEntry("BODY", "Line one\r\nLine two\tend");
        for (String payload : jdbc.queryForList("SELECT payload FROM outbox WHERE ticket_key = ?", String.class, key)) {
            assertThat(JSON.readTree(payload).toString()).doesNotContain("\\u0000").doesNotContain("\\r\\nBcc");
        }
    }

    @Test
    @DisplayName("item 7: request headers over Tomcat's limit get problem+json from the connector, not Tomcat's HTML page")
    void oversizedHeadersGetProblemJson() throws Exception {
        Answer answer = new RawHttp(port).send("POST", WIDGET, List.of(new String[] {"Content-Type", "application/json"},
                new String[] {"X-Padding", "x".repeat(10_000)}), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isBetween(400, 499);
        assertProblem(answer.status(), answer.contentType(), answer.text(), answer.status());
        assertThat(answer.text()).doesNotContain("<html");
    }

    @Test
    @DisplayName("item 7: a malformed request line and an unknown HTTP version get problem+json")
    void malformedRequestLineGetsProblemJson() throws Exception {
        RawHttp raw = new RawHttp(port);
        Answer badTarget = raw.exchange("GET /api/v1/openapi.json?x=<\"{| HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Answer badVersion = raw.exchange("GET /api/v1/openapi.json HTTP/3.7\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        for (Answer a : List.of(badTarget, badVersion)) {
            assertThat(a.status()).as(a.text()).isBetween(400, 505);
            assertProblem(a.status(), a.contentType(), a.text(), a.status());
        }
    }

    @Test
    @DisplayName("item 7: a ;x=1 path parameter is refused with problem+json, not Spring's default JSON")
    void pathParameterGetsProblemJson() throws Exception {
        long before = tickets();
        Reply reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WIDGET + ";x=1"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", HubHttp.nextClientAddress())
                .POST(HttpRequest.BodyPublishers.ofString(HubHttp.widgetJson("runmy", "p@example.com", "S", "M"))));

        assertProblem(reply.status(), reply.contentType(), reply.body(), 400);
        assertThat(reply.json().has("timestamp")).as("not Spring Boot's default error body").isFalse();
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P11 item 7: a feedback rating of 9 says it must be 1 to 5; a missing one says it is missing; nothing is recorded")
    void feedbackRatingOutOfRange_P11() throws Exception {
        String path = feedbackLink();
        Reply nine = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("rating=9&comment=great")));
        Reply letters = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"rating\":\"five\"}")));
        Reply none = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("comment=x")));
        Reply badEscape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("rating=%G1")));

        assertProblem(nine.status(), nine.contentType(), nine.body(), 422);
        assertThat(nine.json().get("detail").asText()).contains("must be 1 to 5").doesNotContain("missing");
        assertProblem(letters.status(), letters.contentType(), letters.body(), 422);
        assertThat(letters.json().get("detail").asText()).contains("must be 1 to 5");
        assertProblem(none.status(), none.contentType(), none.body(), 422);
        assertThat(none.json().get("detail").asText()).contains("missing");
        assertProblem(badEscape.status(), badEscape.contentType(), badEscape.body(), 400);
        assertThat(count("SELECT COUNT(*) FROM feedback_request WHERE responded_at IS NOT NULL AND rating_comment = 'great'"))
                .isZero();
    }

    private String feedbackLink() {
        return FeedbackLinks.resolvedTicketLink(http, jdbc, "runmy");
    }
}
