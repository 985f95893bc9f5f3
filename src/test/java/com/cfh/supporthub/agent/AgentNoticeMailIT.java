package com.cfh.supporthub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.MailServers;

/**
 * Agent accounts end to end with real mail (issue 16.1 and 16.6; P03, P06, P15): an administrator creates an
 * agent who follows Docmail; a customer's mail opens a ticket and the agent is mailed; the ticket is assigned to
 * the agent, who is mailed; the agent signs in and finds it with assignee=me; the customer's reply reaches the
 * agent by mail; disabled, the agent is refused (401) from the next request.
 */
class AgentNoticeMailIT extends EmailIT {

    private static final String PASSWORD = "mail-agent-password";

    @Autowired
    ProducerTemplate producer;

    private HttpRequest.Builder as(String user, String password, HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private void deliverAll(String key) {
        await().atMost(WAIT).until(() -> {
            producer.sendBody("direct:outbox-customer-mail-deliver", null);
            producer.sendBody("direct:outbox-staff-mail-deliver", null);
            return count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = 'mail.notice' "
                    + "AND status = 'PENDING'", key) == 0;
        });
    }

    private List<String> subjects(String address) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (MimeMessage m : MailServers.received(address)) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    @DisplayName("P03 P06 P15: create an agent, a mailed ticket notifies them, assignment notifies them, they find it as 'me', the customer's reply reaches them, disabled -> 401")
    void agentEndToEndWithMail_P03_P06_P15() throws Exception {
        String sam = "sam-" + UUID.randomUUID().toString().substring(0, 8);
        String samMail = sam + "@staff.example.net";
        Reply created = http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"" + sam + "\","
                + "\"displayName\":\"Sam Agent\",\"email\":\"" + samMail + "\",\"role\":\"AGENT\",\"password\":\""
                + PASSWORD + "\",\"products\":[\"docmail\"],\"notifications\":{\"newTicket\":true}}")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        try {
            String customer = "ann-" + UUID.randomUUID() + "@customer.example";
            String first = "<" + UUID.randomUUID() + "@customer.example>";
            String key = deliverAndWait(MailServers.DOCMAIL, mail(customer, "Letters not posted", first, "",
                    "Yesterday's batch never went out."), first);

            Reply assigned = http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/assignment",
                    "{\"assignee\":\"" + sam + "\"}")));
            assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);

            Reply mine = http.send(as(sam, PASSWORD, http.get("/api/v1/tickets?assignee=me")));
            assertThat(mine.status()).isEqualTo(200);
            assertThat(mine.json().get("items")).extracting(i -> i.get("key").asText()).containsExactly(key);

            String reply = "<" + UUID.randomUUID() + "@customer.example>";
            deliverAndWait(MailServers.DOCMAIL, mail(customer, "Re: [" + key + "] Letters not posted", reply,
                    "In-Reply-To: " + first + "\r\n", "Any news?"), reply);

            deliverAll(key);
            await().atMost(WAIT).until(() -> MailServers.received(samMail).size() >= 3);
            assertThat(subjects(samMail)).containsExactlyInAnyOrder(
                    key + ": New ticket: Letters not posted",
                    key + ": Assigned to you: Letters not posted",
                    key + ": Customer reply: Letters not posted");
            for (MimeMessage m : MailServers.received(samMail)) {
                assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
                // staff mail (issue 14.3): an internal Message-ID, never the customer thread's [KEY] tag
                assertThat(m.getMessageID()).startsWith("<hub-internal.");
                assertThat((String) m.getContent()).contains(key);
            }
            assertThat(subjects(customer)).noneMatch(s -> s.contains("Assigned to you") || s.contains("New ticket:"));

            Reply disabled = http.send(http.asAdmin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/agents/" + sam)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))));
            assertThat(disabled.status()).isEqualTo(200);
            assertThat(http.send(as(sam, PASSWORD, http.get("/api/v1/tickets?assignee=me"))).status()).isEqualTo(401);
        } finally {
            // the other mail tests count their tickets' notices: nobody follows new tickets after this test
            jdbc.update("UPDATE agent SET notify_new_ticket = FALSE WHERE username = ?", sam);
        }
    }
}
