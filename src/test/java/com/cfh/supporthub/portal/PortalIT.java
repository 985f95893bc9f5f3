package com.cfh.supporthub.portal;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.lifecycle.LifecycleHubIT;
import com.cfh.supporthub.support.HubHttp.Reply;

/**
 * The customer portal through real HTTP (P16-P18, issue 18 item 2): the link mailed from the portal's form, the
 * list and the ticket page, a reply through the intake pipeline (channel PORTAL), sharing and unsharing by the
 * requester, and the pages a removed participant, a revoked contact and a stale link get. The same flows in a
 * real browser are {@code browser.PortalBrowserIT}.
 */
class PortalIT extends LifecycleHubIT {

    static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** What a browser sends for a form. */
    Reply form(String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(http.get(path).header("Accept", HTML).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply page(String path) {
        return http.send(http.get(path).header("Accept", HTML));
    }

    /** The customer asks for a link on the portal's form; the token of the link mailed to them. */
    String portalToken(String email) throws Exception {
        Reply asked = form("/portal/access", "email", email);
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.body()).contains("Check your inbox");
        return PortalLinks.mailedLink(jdbc, json, email).substring("/portal?token=".length());
    }

    static String nonce(String html) {
        Matcher m = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    @Test
    @DisplayName("P16: the requester lists, reads and replies through the portal; the reply enters the intake pipeline once, channel PORTAL")
    void requesterReadsAndReplies_P16() throws Exception {
        String ann = email("ann");
        String key = newTicket("runmy", ann, "Report export fails", "The CSV export stops at 100 rows");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/replies", "{\"text\":\"Which browser do you use?\"}").status())
                .isEqualTo(200);
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/notes", "{\"text\":\"internal: known bug 42\"}").status())
                .isEqualTo(200);
        String token = portalToken(ann);

        Reply list = page("/portal?token=" + token);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("text/html");
        assertThat(list.body()).contains(key).contains("Report export fails").contains("RunMy");
        assertThat(list.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'");
        assertThat(list.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(list.header("Cache-Control")).as("pages with a token are never stored").isEqualTo("no-store");
        assertThat(list.raw().headers().allValues("Set-Cookie")).as("no cookies").isEmpty();

        Reply ticket = page("/portal/tickets/" + key + "?token=" + token);
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(200);
        assertThat(ticket.body()).contains("The CSV export stops at 100 rows").contains("Which browser do you use?")
                .contains("Support team").doesNotContain("known bug 42");

        String nonce = nonce(ticket.body());
        for (int i = 0; i < 2; i++) { // the form sent twice (a double click): one message
            Reply sent = form("/portal/tickets/" + key + "/replies", "token", token, "nonce", nonce,
                    "message", "Chrome 120 on Windows");
            assertThat(sent.status()).as(sent.body()).isEqualTo(303);
            assertThat(sent.header("Location")).startsWith("/portal/tickets/" + key + "?token=").endsWith("&done=replied");
        }
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                + "AND m.channel = 'PORTAL' AND m.direction = 'INBOUND' AND m.author = ? AND m.body = ?", key, ann,
                "Chrome 120 on Windows")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                + "AND e.event_type = 'message.received' AND e.detail LIKE 'via PORTAL%'", key)).isEqualTo(1);
        Reply after = page("/portal/tickets/" + key + "?token=" + token + "&done=replied");
        assertThat(after.body()).contains("your message was added").contains("Chrome 120 on Windows");
    }

    @Test
    @DisplayName("P16: the requester shares a ticket and removes the participant again; the removed participant's link no longer shows it")
    void requesterSharesAndUnshares_P16() throws Exception {
        String bob = email("bob");
        String carol = email("carol");
        String key = newTicket("docmail", bob, "Letters not printed", "Batch 7 is stuck");
        String bobToken = portalToken(bob);

        Reply shared = form("/portal/tickets/" + key + "/participants", "token", bobToken, "email", carol, "name", "Carol");
        assertThat(shared.status()).as(shared.body()).isEqualTo(303);
        long carolId = count("SELECT id FROM contact WHERE email = ?", carol);
        assertThat(count("SELECT COUNT(*) FROM ticket_participant p JOIN ticket t ON t.id = p.ticket_id WHERE "
                + "t.ticket_key = ? AND p.contact_id = ?", key, carolId)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                + "AND e.event_type = 'participant.added' AND e.actor = ?", key, "portal:" + bob)).isEqualTo(1);
        assertThat(page("/portal/tickets/" + key + "?token=" + bobToken).body()).contains("Carol (" + carol + ")");

        String carolToken = portalToken(carol);
        Reply carolSees = page("/portal/tickets/" + key + "?token=" + carolToken);
        assertThat(carolSees.status()).isEqualTo(200);
        assertThat(carolSees.body()).contains("Batch 7 is stuck").doesNotContain("participant-email");
        assertThat(form("/portal/tickets/" + key + "/participants", "token", carolToken, "email", email("x")).status())
                .as("only the requester shares").isEqualTo(403);

        Reply removed = form("/portal/tickets/" + key + "/participants/" + carolId + "/remove", "token", bobToken);
        assertThat(removed.status()).isEqualTo(303);
        assertThat(count("SELECT COUNT(*) FROM ticket_participant p JOIN ticket t ON t.id = p.ticket_id WHERE "
                + "t.ticket_key = ?", key)).isZero();
        Reply gone = page("/portal/tickets/" + key + "?token=" + carolToken);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("text/html");
        assertThat(gone.body()).contains("Not found").doesNotContain("Batch 7");
        assertThat(page("/portal?token=" + carolToken).body()).doesNotContain(key);
    }

    @Test
    @DisplayName("P18: a revoked contact gets a clear page, a stale link the form for a new one; API clients keep problem+json")
    void revokedAndStaleLinksArePages_P18() throws Exception {
        String dan = email("dan");
        String key = newTicket("docmail", dan, "Invoice", "Wrong VAT");
        String token = portalToken(dan);
        long danId = count("SELECT id FROM contact WHERE email = ?", dan);
        assertThat(post(MANAGER, "/api/v1/contacts/" + danId + "/revoke-access", "").status()).isEqualTo(200);

        for (String path : List.of("/portal?token=" + token, "/portal/tickets/" + key + "?token=" + token)) {
            Reply revoked = page(path);
            assertThat(revoked.status()).isEqualTo(403);
            assertThat(revoked.contentType()).startsWith("text/html");
            assertThat(revoked.body()).contains("Access to your requests has been removed").doesNotContain("Wrong VAT");
        }
        Reply reply = form("/portal/tickets/" + key + "/replies", "token", token, "nonce", "0123456789abcdef0123",
                "message", "still there?");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE body = 'still there?'")).isZero();

        Reply stale = page("/portal?token=1.2.forged");
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.body()).contains("This link has expired or is not valid").contains("action=\"/portal/access\"");
        Reply api = http.send(http.get("/portal?token=1.2.forged").header("Accept", "application/json"));
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(page("/portal").body()).as("no token: the form for a link").contains("E-mail me a link");
    }
}
