package com.cfh.supporthub.lifecycle;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubHttp.Reply;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lifecycle and privacy through real HTTP (P06, P10, P11, P14): agent workflow actions with roles,
 * auto-close fired directly at instants the test chooses, the feedback link, and PII redaction at intake
 * and on demand. Assertions are on stored rows, outbox rows and HTTP answers.
 */
class LifecycleIT extends LifecycleHubIT {

    /** Monday 2 March 2026, 09:00 in London. */
    static final String MONDAY_0900 = "2026-03-02T09:00:00Z";

    @Autowired
    AutoClose autoClose;

    private String status(String key) {
        return jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, key);
    }

    private long events(String key, String type) {
        return count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ? AND event_type = ?", ticketId(key), type);
    }

    private List<JsonNode> mails(String key) throws Exception {
        List<String> payloads = jdbc.queryForList("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = "
                + "'mail.notice' ORDER BY id", String.class, key);
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String p : payloads) {
            nodes.add(json.readTree(p));
        }
        return nodes;
    }

    // ---------------------------------------------------------------- P14

    @Test
    @DisplayName("P14: a card number and a password are removed at intake before anything is stored; an order number that fails Luhn survives")
    void redactedAtIntakeBeforeStore_P14() {
        String key = newTicket("runmy", email("life"), "Card 4111 1111 1111 1111 declined",
                "Order 4111111111111112 failed. My card 5555555555554444 was charged, password: Sup3rS3cret! NI AB123456C");
        long id = ticketId(key);
        String body = jdbc.queryForObject("SELECT body FROM ticket_message WHERE ticket_id = ?", String.class, id);
        assertThat(body).isEqualTo("Order 4111111111111112 failed. My card [REDACTED:card] was charged, "
                + "password: [REDACTED:password] NI [REDACTED:nino]");
        assertThat(jdbc.queryForObject("SELECT subject FROM ticket WHERE id = ?", String.class, id))
                .isEqualTo("Card [REDACTED:card] declined");
        String created = jdbc.queryForObject("SELECT detail FROM ticket_event WHERE ticket_id = ? AND event_type = "
                + "'ticket.created'", String.class, id);
        assertThat(created).contains("redacted=card,nino,password");
        for (String table : List.of("SELECT detail FROM ticket_event WHERE ticket_id = ?",
                "SELECT payload FROM outbox WHERE ticket_id = ?", "SELECT body FROM ticket_message WHERE ticket_id = ?",
                "SELECT subject FROM ticket WHERE id = ?")) {
            for (String value : jdbc.queryForList(table, String.class, id)) {
                assertThat(value).doesNotContain("5555555555554444").doesNotContain("4111 1111 1111 1111")
                        .doesNotContain("Sup3rS3cret").doesNotContain("AB123456C");
            }
        }
    }

    @Test
    @DisplayName("P14: a manager redacts a stored message on demand; an agent may not; the audit names the kind, never the value")
    void managerRedactsStoredMessage_P14() {
        String key = newTicket("runmy", email("life"), "Login", "My memorable word is Marmalade77 and sort code 20-00-00 55779911");
        // the sort code and account number were removed at intake already; the memorable word matches no pattern
        long messageId = count("SELECT id FROM ticket_message WHERE ticket_id = ?", ticketId(key));
        String path = "/api/v1/tickets/" + key + "/messages/" + messageId + "/redaction";
        Reply agent = post(AGENT, path, "{\"values\":[\"Marmalade77\"]}");
        assertThat(agent.status()).isEqualTo(403);
        Reply manager = post(MANAGER, path, "{\"values\":[\"Marmalade77\"]}");
        assertThat(manager.status()).as(manager.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT body FROM ticket_message WHERE id = ?", String.class, messageId))
                .isEqualTo("My memorable word is [REDACTED:manual] and [REDACTED:bank]");
        String detail = jdbc.queryForObject("SELECT detail FROM ticket_event WHERE ticket_id = ? AND event_type = "
                + "'message.redacted'", String.class, ticketId(key));
        assertThat(detail).contains("manual").doesNotContain("Marmalade77");
        assertThat(manager.json().get("messages").get(0).get("body").asText()).doesNotContain("Marmalade77");
        assertThat(post(MANAGER, path, "{\"values\":[\"not there\"]}").status()).isEqualTo(422);
    }

    // ---------------------------------------------------------------- P06

    @Test
    @DisplayName("P06: an agent assigns, sets priority and tier, adds a note and waits on the customer; each change is an audit event")
    void agentWorkflowActionsAreAudited_P06() {
        clock.pin(MONDAY_0900);
        String key = newTicket("runmy", email("life"), "Export", "The export is empty");
        String base = "/api/v1/tickets/" + key;
        assertThat(http.send(http.post(base + "/assignment", "{\"assignee\":\"" + AGENT + "\"}")).status()).isEqualTo(401);

        Reply assigned = post(AGENT, base + "/assignment", "{\"assignee\":\"" + MANAGER + "\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("assignee").asText()).isEqualTo(MANAGER);
        assertThat(post(AGENT, base + "/assignment", "{\"assignee\":\"nobody-here\"}").status()).isEqualTo(422);

        Reply classified = post(AGENT, base + "/classification", "{\"priority\":\"HIGH\",\"tier\":\"TIER2\"}");
        assertThat(classified.status()).as(classified.body()).isEqualTo(200);
        assertThat(classified.json().get("priority").asText()).isEqualTo("HIGH");
        assertThat(classified.json().get("tier").asText()).isEqualTo("TIER2");
        assertThat(post(AGENT, base + "/classification", "{\"priority\":\"SOON\"}").status()).isEqualTo(422);

        Reply noted = post(AGENT, base + "/notes", "{\"text\":\"Checked the logs\"}");
        assertThat(noted.status()).as(noted.body()).isEqualTo(200);

        Reply waiting = post(MANAGER, base + "/wait-on-customer",
                "{\"text\":\"Which browser do you use?\",\"note\":\"need detail\"}");
        assertThat(waiting.status()).as(waiting.body()).isEqualTo(200);
        assertThat(waiting.json().get("status").asText()).isEqualTo("WAITING_ON_CUSTOMER");
        assertThat(waiting.json().at("/sla/resolution/paused").asBoolean()).isTrue();
        assertThat(post(AGENT, base + "/wait-on-customer", "{\"text\":\"again\"}").status()).isEqualTo(409);

        long id = ticketId(key);
        assertThat(jdbc.queryForList("SELECT direction || ':' || body FROM ticket_message WHERE ticket_id = ? ORDER BY id",
                String.class, id)).containsExactly("INBOUND:The export is empty", "INTERNAL:Checked the logs",
                "OUTBOUND:Which browser do you use?");
        assertThat(jdbc.queryForList("SELECT event_type || '|' || actor || '|' || detail FROM ticket_event "
                + "WHERE ticket_id = ? AND event_type <> 'ticket.created' ORDER BY occurred_at, id", String.class, id))
                .containsExactly("ticket.assigned|" + AGENT + "|unassigned -> " + MANAGER,
                        "ticket.priority-changed|" + AGENT + "|NORMAL -> HIGH",
                        "ticket.tier-changed|" + AGENT + "|TIER1 -> TIER2",
                        "note.added|" + AGENT + "|internal note",
                        "reply.sent|" + MANAGER + "|first response (P07)",
                        "status.changed|" + MANAGER + "|NEW -> OPEN",
                        "status.changed|" + MANAGER + "|OPEN -> WAITING_ON_CUSTOMER (need detail)");
    }

    // ---------------------------------------------------------------- P10

    @Test
    @DisplayName("P10: a ticket waiting on the customer is not closed after 4 days, is closed at 5 with one closure notice, once")
    void autoCloseAtFiveDaysNotFour_P10() throws Exception {
        clock.pin(MONDAY_0900);
        String email = email("life");
        String key = newTicket("runmy", email, "Upload", "Upload fails");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/wait-on-customer", "{\"text\":\"Which file?\"}").status())
                .isEqualTo(200);

        clock.pin(Instant.parse(MONDAY_0900).plus(Duration.ofDays(4)));
        autoClose.run();
        assertThat(status(key)).isEqualTo("WAITING_ON_CUSTOMER");
        clock.pin(Instant.parse(MONDAY_0900).plus(Duration.ofDays(5)).minusSeconds(1));
        autoClose.run();
        assertThat(status(key)).isEqualTo("WAITING_ON_CUSTOMER");
        assertThat(mails(key)).isEmpty();

        Instant fiveDays = Instant.parse(MONDAY_0900).plus(Duration.ofDays(5));
        clock.pin(fiveDays);
        autoClose.run();
        autoClose.run(); // a second run (or node) closes nothing twice
        assertThat(status(key)).isEqualTo("CLOSED");
        assertThat(jdbc.queryForObject("SELECT closed_at FROM ticket WHERE ticket_key = ?", java.time.OffsetDateTime.class,
                key).toInstant()).isEqualTo(fiveDays);
        assertThat(events(key, "closure.notice")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM ticket_event WHERE ticket_id = ? AND actor = 'auto-close' "
                + "AND event_type = 'status.changed'", String.class, ticketId(key)))
                .isEqualTo("WAITING_ON_CUSTOMER -> CLOSED (no answer for 5 days, P10)");
        List<JsonNode> mails = mails(key);
        assertThat(mails).hasSize(1);
        JsonNode mail = mails.get(0);
        assertThat(mail.get("to").get(0).asText()).isEqualTo(email);
        assertThat(mail.get("cc")).isEmpty();
        assertThat(mail.get("automatic").asBoolean()).isTrue();
        assertThat(mail.get("subject").asText()).isEqualTo("[" + key + "] Your request is closed");
        assertThat(mail.get("text").asText()).contains("5 days").contains("reply to this message");
        assertThat(count("SELECT COUNT(*) FROM feedback_request WHERE ticket_id = ?", ticketId(key)))
                .as("auto-closed tickets get no feedback request unless configured").isZero();
    }

    @Test
    @DisplayName("P10 P19: a customer's answer stops the auto-close clock")
    void customerAnswerStopsAutoClose_P10() {
        clock.pin(MONDAY_0900);
        String key = newTicket("runmy", email("life"), "Print", "Print fails");
        String base = "/api/v1/tickets/" + key;
        assertThat(post(AGENT, base + "/wait-on-customer", "{\"text\":\"Which printer?\"}").status()).isEqualTo(200);
        clock.pin(Instant.parse(MONDAY_0900).plus(Duration.ofDays(3)));
        assertThat(post(AGENT, base + "/transitions", "{\"action\":\"CUSTOMER_REPLY\"}").status()).isEqualTo(200);
        clock.pin(Instant.parse(MONDAY_0900).plus(Duration.ofDays(6)));
        autoClose.run();
        assertThat(status(key)).isEqualTo("OPEN");
    }

    // ---------------------------------------------------------------- P11

    private String feedbackPath(String key) throws Exception {
        List<JsonNode> requests = mails(key).stream().filter(m -> m.get("subject").asText().contains("How did we do"))
                .toList();
        assertThat(requests).hasSize(1);
        String text = requests.get(0).get("text").asText();
        int at = text.indexOf("/api/v1/feedback/");
        assertThat(at).as(text).isPositive();
        return text.substring(at).split("\\s")[0];
    }

    @Test
    @DisplayName("P11: one feedback request per ticket, even when resolved twice; GET of the link records nothing; POST records once")
    void feedbackOncePerTicket_GetRecordsNothing_P11() throws Exception {
        clock.pin(MONDAY_0900);
        String email = email("life");
        String key = newTicket("runmy", email, "Invoice", "Invoice missing");
        String base = "/api/v1/tickets/" + key;
        assertThat(post(AGENT, base + "/transitions", "{\"action\":\"RESOLVE\"}").status()).isEqualTo(200);
        assertThat(post(AGENT, base + "/transitions", "{\"action\":\"REOPEN\"}").status()).isEqualTo(200);
        assertThat(post(AGENT, base + "/transitions", "{\"action\":\"RESOLVE\"}").status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM feedback_request WHERE ticket_id = ?", ticketId(key))).isEqualTo(1);
        assertThat(events(key, "feedback.requested")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM hub_secret WHERE name = 'feedback-link'"))
                .as("without HUB_FEEDBACK_SECRET the signing key is generated once and kept in the database").isEqualTo(1);
        JsonNode request = mails(key).get(0);
        assertThat(request.get("to").get(0).asText()).isEqualTo(email);
        assertThat(request.get("automatic").asBoolean()).isTrue();
        String path = feedbackPath(key);

        for (int i = 0; i < 3; i++) { // a mail scanner opening the link, twice, then the customer
            Reply page = http.send(http.get(path));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("name=\"rating\" value=\"1\"").contains("name=\"rating\" value=\"5\"")
                    .contains("<form method=\"post\"");
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT rating, responded_at FROM feedback_request WHERE ticket_id = ?",
                ticketId(key));
        assertThat(row.get("rating")).isNull();
        assertThat(row.get("responded_at")).isNull();
        assertThat(events(key, "feedback.received")).isZero();

        Reply sent = http.send(http.get(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("rating=4&comment=Quick+help%2C+thanks")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("Thank you");
        row = jdbc.queryForMap("SELECT rating, rating_comment, responded_at FROM feedback_request WHERE ticket_id = ?",
                ticketId(key));
        assertThat(((Number) row.get("rating")).intValue()).isEqualTo(4);
        assertThat(row.get("rating_comment")).isEqualTo("Quick help, thanks");
        assertThat(events(key, "feedback.received")).isEqualTo(1);

        Reply again = http.send(http.post(path, "{\"rating\":1}"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(((Number) jdbc.queryForObject("SELECT rating FROM feedback_request WHERE ticket_id = ?", Integer.class,
                ticketId(key))).intValue()).isEqualTo(4);
    }

    @Test
    @DisplayName("P11: a tampered link is refused, an expired one is gone, a rating outside 1-5 is refused")
    void feedbackLinkSignedAndExpiring_P11() throws Exception {
        clock.pin(MONDAY_0900);
        String key = newTicket("runmy", email("life"), "Login", "Cannot log in");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/transitions", "{\"action\":\"RESOLVE\"}").status())
                .isEqualTo(200);
        String path = feedbackPath(key);
        String tampered = path.substring(0, path.lastIndexOf('.') + 1) + "AAAA" + path.substring(path.lastIndexOf('.') + 5);
        assertThat(http.send(http.get(tampered)).status()).isEqualTo(404);
        String otherTicket = path.replaceFirst("/feedback/\\d+", "/feedback/" + (ticketId(key) + 1));
        assertThat(http.send(http.get(otherTicket)).status()).isEqualTo(404);
        assertThat(http.send(http.post(path, "{\"rating\":9}")).status()).isEqualTo(422);

        clock.pin(Instant.parse(MONDAY_0900).plus(Duration.ofDays(31)));
        assertThat(http.send(http.get(path)).status()).isEqualTo(410);
        assertThat(http.send(http.post(path, "{\"rating\":5}")).status()).isEqualTo(410);
        assertThat(jdbc.queryForObject("SELECT rating FROM feedback_request WHERE ticket_id = ?", Integer.class,
                ticketId(key))).isNull();
    }
}
