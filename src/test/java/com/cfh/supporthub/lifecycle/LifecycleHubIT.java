package com.cfh.supporthub.lifecycle;

import static com.cfh.supporthub.lifecycle.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the lifecycle and privacy tests share: the AGENT and MANAGER accounts, widget tickets, calls as an account. */
public abstract class LifecycleHubIT extends HubIT {

    @Autowired
    protected ObjectMapper json;

    @BeforeEach
    void accounts() {
        Accounts.create(jdbc);
    }

    /** A widget ticket of the product; its key. */
    protected String newTicket(String product, String email, String subject, String message) {
        Reply reply = http.send(http.widget(HubHttp.widgetJson(product, email, subject, message)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    protected Reply post(String user, String path, String body) {
        return http.send(as(user, http.post(path, body)));
    }

    protected Reply get(String user, String path) {
        return http.send(as(user, http.get(path)));
    }

    protected long ticketId(String key) {
        return count("SELECT id FROM ticket WHERE ticket_key = ?", key);
    }

    protected static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }
}
