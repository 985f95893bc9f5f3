package com.cfh.supporthub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.support.HubHttp.Reply;

/** A working feedback link (P11) for tests of its page: a widget ticket resolved by the admin, its link as mailed. */
public final class FeedbackLinks {

    private static final Pattern LINK = Pattern.compile("/api/v1/feedback/[A-Za-z0-9._~-]+");

    private FeedbackLinks() {
    }

    /** The path of the feedback link mailed for a new, resolved ticket of the product. */
    public static String resolvedTicketLink(HubHttp http, JdbcTemplate jdbc, String product) {
        Reply created = http.send(http.widget(HubHttp.widgetJson(product, "fb-" + UUID.randomUUID() + "@example.com",
                "Feedback", "Please rate")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asText();
        Reply resolved = http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/transitions",
                "{\"action\":\"RESOLVE\"}")));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        for (String payload : jdbc.queryForList("SELECT payload FROM outbox WHERE ticket_key = ?", String.class, key)) {
            Matcher m = LINK.matcher(payload);
            if (m.find()) {
                return m.group();
            }
        }
        throw new AssertionError("no feedback link was mailed for " + key);
    }
}
