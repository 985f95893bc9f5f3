package com.cfh.supporthub.privacy;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static com.cfh.supporthub.lifecycle.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.lifecycle.AutoClose;
import com.cfh.supporthub.report.TicketGauges;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.lifecycle.LifecycleHubIT;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sharing, access, retention and reports through real HTTP (P12, P13, P16, P17, P18): participants, organisation
 * sharing and revocation as the customer read API enforces them, the 2-year purge fired directly at an instant
 * the test chooses, the statistics it leaves, the SLA report before and after, and the contact export.
 */
class PrivacyIT extends LifecycleHubIT {

    @Autowired
    RetentionPurge purge;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    AutoClose autoClose;

    @Autowired
    TicketGauges gauges;

    @Autowired
    MeterRegistry meters;

    private long contactId(String email) {
        return count("SELECT id FROM contact WHERE email = ?", email);
    }

    /** The customer asks for access and takes the token from the mail queued to them. */
    private String customerToken(String email) throws Exception {
        long before = count("SELECT COUNT(*) FROM outbox WHERE event_type = 'mail.notice' AND payload LIKE ?",
                "%Here is your link%" + email + "%");
        Reply asked = http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + email + "\"}"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        List<String> mails = jdbc.queryForList("SELECT payload FROM outbox WHERE event_type = 'mail.notice' ORDER BY id DESC",
                String.class);
        for (String m : mails) {
            JsonNode mail = json.readTree(m);
            if (mail.get("to").get(0).asText().equals(email) && mail.get("text").asText().contains("token=")) {
                assertThat(mail.get("automatic").asBoolean()).isTrue();
                String text = mail.get("text").asText();
                return text.substring(text.indexOf("token=") + 6).split("\\s")[0];
            }
        }
        throw new AssertionError("no access mail to " + email + " (before: " + before + ")");
    }

    private List<String> visible(String token) {
        Reply r = http.send(http.get("/api/v1/customer/tickets?token=" + token));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().forEach(t -> keys.add(t.get("key").asText()));
        return keys;
    }

    // ---------------------------------------------------------------- P16 P18

    @Test
    @DisplayName("P16 P18: a participant sees a shared ticket; revoking the contact removes them from every ticket and refuses them from then on")
    void revokeRemovesAccessEverywhere_P16_P18() throws Exception {
        String rita = email("rita");
        String other = email("other");
        String own = newTicket("docmail", rita, "Own", "My own request");
        String shared = newTicket("docmail", other, "Shared", "Shared with Rita");
        String third = newTicket("docmail", other, "Also shared", "Also with Rita");
        for (String key : List.of(shared, third)) {
            Reply added = post(AGENT, "/api/v1/tickets/" + key + "/participants", "{\"email\":\"" + rita + "\"}");
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            assertThat(added.json().findValuesAsText("email")).contains(rita);
        }
        String token = customerToken(rita);
        assertThat(visible(token)).containsExactlyInAnyOrder(own, shared, third);
        Reply read = http.send(http.get("/api/v1/customer/tickets/" + shared).header("X-Customer-Token", token));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("messages").get(0).get("text").asText()).isEqualTo("Shared with Rita");
        assertThat(visible(customerToken(other))).contains(shared, third).doesNotContain(own);

        long contact = contactId(rita);
        assertThat(post(AGENT, "/api/v1/contacts/" + contact + "/revoke-access", "").status()).isEqualTo(403);
        Reply revoked = post(MANAGER, "/api/v1/contacts/" + contact + "/revoke-access", "");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("removedFrom").toString()).isEqualTo("[\"" + shared + "\",\"" + third + "\"]");

        assertThat(count("SELECT COUNT(*) FROM ticket_participant WHERE contact_id = ?", contact)).isZero();
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ? AND event_type = 'participant.removed'",
                ticketId(shared))).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ? AND event_type = 'requester.access-revoked'",
                ticketId(own))).isEqualTo(1);
        assertThat(http.send(http.get("/api/v1/customer/tickets?token=" + token)).status()).isEqualTo(403);
        assertThat(http.send(http.get("/api/v1/customer/tickets/" + own + "?token=" + token)).status()).isEqualTo(403);
        assertThat(http.send(http.get("/api/v1/customer/tickets/" + shared + "?token=" + token)).status()).isEqualTo(403);
        assertThat(post(AGENT, "/api/v1/tickets/" + shared + "/participants", "{\"email\":\"" + rita + "\"}").status())
                .isEqualTo(409);
        IntakeResult copied = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail(null, other), "Again", "Copying Rita again", List.of(Party.ofEmail(null, rita)),
                "<" + UUID.randomUUID() + "@example.com>", null, shared, List.of(), null, Map.of()), IntakeResult.class);
        assertThat(copied.key()).isEqualTo(shared);
        assertThat(count("SELECT COUNT(*) FROM ticket_participant WHERE contact_id = ?", contact))
                .as("a revoked contact in CC is not added again").isZero();
        long mails = count("SELECT COUNT(*) FROM outbox WHERE event_type = 'mail.notice'");
        assertThat(http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + rita + "\"}")).status()).isEqualTo(202);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'mail.notice'")).as("no link for a revoked contact")
                .isEqualTo(mails);
        assertThat(visible(customerToken(other))).contains(shared, third);
    }

    @Test
    @DisplayName("P16: a removed participant no longer sees the ticket; a forged token is refused")
    void removedParticipantLosesAccess_P16() throws Exception {
        String owner = email("owner");
        String cc = email("cc");
        String key = newTicket("docmail", owner, "CC", "Copy my colleague");
        newTicket("docmail", cc, "Mine", "Something else");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/participants", "{\"email\":\"" + cc + "\"}").status())
                .isEqualTo(200);
        String token = customerToken(cc);
        assertThat(visible(token)).contains(key);
        long mails = count("SELECT COUNT(*) FROM outbox WHERE event_type = 'mail.notice'");
        assertThat(http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + cc + "\"}")).status()).isEqualTo(202);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'mail.notice'"))
                .as("one link per contact per hub.customer.link-resend-after").isEqualTo(mails);
        Reply removed = http.send(as(AGENT, http.get("/api/v1/tickets/" + key + "/participants/" + contactId(cc))
                .DELETE()));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json()).isEmpty();
        assertThat(visible(token)).doesNotContain(key);
        assertThat(http.send(http.get("/api/v1/customer/tickets/" + key + "?token=" + token)).status()).isEqualTo(404);
        String forged = contactId(owner) + token.substring(token.indexOf('.'));
        assertThat(http.send(http.get("/api/v1/customer/tickets?token=" + forged)).status()).isEqualTo(401);
        assertThat(http.send(http.get("/api/v1/customer/tickets")).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- P17

    @Test
    @DisplayName("P17: an organisation that shares all its tickets lets each of its contacts see them all; others see nothing of it")
    void organisationWideSharing_P17() throws Exception {
        String domain = "acme-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String ann = "ann@" + domain;
        String bob = "bob@" + domain;
        String outsider = email("outsider");
        String annTicket = newTicket("docmail", ann, "Ann's", "Ann asks");
        String bobTicket = newTicket("docmail", bob, "Bob's", "Bob asks");
        newTicket("docmail", outsider, "Outsider", "Outsider asks");
        Reply org = post(MANAGER, "/api/v1/organisations", "{\"name\":\"Acme\",\"emailDomain\":\"" + domain
                + "\",\"shareAllTickets\":false}");
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        assertThat(org.json().get("contacts").asInt()).isEqualTo(2);
        String bobToken = customerToken(bob);
        assertThat(visible(bobToken)).contains(bobTicket).doesNotContain(annTicket);

        Reply sharing = http.send(as(MANAGER, http.post("/api/v1/organisations/" + org.json().get("id").asLong() + "/sharing",
                "{\"shareAllTickets\":true}").method("PUT", HttpRequest.BodyPublishers.ofString("{\"shareAllTickets\":true}"))));
        assertThat(sharing.status()).as(sharing.body()).isEqualTo(200);
        assertThat(sharing.json().get("shareAllTickets").asBoolean()).isTrue();
        assertThat(visible(bobToken)).contains(bobTicket, annTicket);
        assertThat(visible(customerToken(ann))).contains(bobTicket, annTicket);
        String carolTicket = newTicket("docmail", "carol@" + domain, "Carol's", "Carol joined later"); // a contact created after the organisation
        assertThat(visible(customerToken("carol@" + domain))).contains(carolTicket, bobTicket, annTicket);
        assertThat(visible(bobToken)).contains(carolTicket);
        assertThat(visible(customerToken(outsider))).doesNotContain(bobTicket, annTicket);
    }

    // ---------------------------------------------------------------- P12 P13

    private JsonNode report(String from, String to) {
        Reply r = get(MANAGER, "/api/v1/reports/sla?from=" + from + "&to=" + to + "&product=docmail");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    @DisplayName("P13 P12: the 2-year purge removes messages, events and unreferenced contacts, keeps one statistics row per ticket, and the report totals do not change")
    void purgeKeepsStatisticsAndReportTotals_P13_P12() throws Exception {
        clock.pin("2023-01-10T09:00:00Z"); // Tuesday, 09:00 in London
        String resolvedBy = email("resolved");
        String closedBy = email("closed");
        String openBy = email("open");
        String resolved = newTicket("docmail", resolvedBy, "Resolved", "Will be resolved");
        String closed = newTicket("docmail", closedBy, "Closed", "Will be closed");
        String open = newTicket("docmail", openBy, "Open", "Stays open");
        clock.pin("2023-01-10T10:00:00Z");
        assertThat(post(AGENT, "/api/v1/tickets/" + resolved + "/replies", "{\"text\":\"Fixed\"}").status()).isEqualTo(200);
        assertThat(post(AGENT, "/api/v1/tickets/" + resolved + "/transitions", "{\"action\":\"RESOLVE\"}").status())
                .isEqualTo(200);
        String feedback = jdbc.queryForList("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'mail.notice'",
                String.class, resolved).get(0);
        String text = json.readTree(feedback).get("text").asText();
        String path = text.substring(text.indexOf("/api/v1/feedback/")).split("\\s")[0];
        assertThat(http.send(http.post(path, "{\"rating\":5}")).status()).isEqualTo(200);
        assertThat(http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + resolvedBy + "\"}")).status())
                .isEqualTo(202);
        assertThat(count("SELECT COUNT(*) FROM customer_link_request WHERE contact_id = ?", contactId(resolvedBy)))
                .isEqualTo(1);
        assertThat(post(AGENT, "/api/v1/tickets/" + closed + "/wait-on-customer", "{\"text\":\"Which one?\"}").status())
                .isEqualTo(200);
        clock.pin("2023-01-15T10:00:00Z");
        autoClose.run();
        assertThat(jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, closed))
                .isEqualTo("CLOSED");

        String from = "2023-01-10T08:00:00Z";
        String to = "2023-01-10T12:00:00Z";
        JsonNode before = report(from, to);
        assertThat(before.at("/total/tickets").asLong()).isEqualTo(3);
        assertThat(before.at("/total/firstResponseMet").asLong()).isEqualTo(2);
        assertThat(before.at("/total/firstResponseAttainment").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(before.at("/total/resolutionMet").asLong()).isEqualTo(1);
        assertThat(before.at("/total/resolutionAttainment").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(before.at("/total/breaches").asLong()).isZero();
        assertThat(before.at("/total/averageRating").decimalValue()).isEqualByComparingTo("5");
        assertThat(before.at("/channels/0/channel").asText()).isEqualTo("WIDGET");

        long resolvedId = ticketId(resolved);
        long resolvedContact = contactId(resolvedBy);
        long closedId = ticketId(closed);
        clock.pin("2025-01-10T09:00:00Z"); // not yet two years after either
        purge.run();
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id IN (?, ?)", resolvedId, closedId)).isEqualTo(2);

        clock.pin("2025-01-16T09:00:00Z");
        RetentionPurge.Result result = purge.run();
        assertThat(result.tickets()).isEqualTo(2);
        for (String table : List.of("ticket_message", "ticket_event", "outbox", "feedback_request", "ticket_participant")) {
            assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE ticket_id IN (?, ?)", resolvedId, closedId))
                    .as(table).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id IN (?, ?)", resolvedId, closedId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM contact WHERE email IN (?, ?)", resolvedBy, closedBy)).isZero();
        assertThat(count("SELECT COUNT(*) FROM customer_link_request WHERE contact_id = ?", resolvedContact)).isZero();
        assertThat(count("SELECT COUNT(*) FROM contact WHERE email = ?", openBy)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE ticket_key = ?", open)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT product || '|' || channel || '|' || first_response_met || '|' || resolution_met "
                + "|| '|' || COALESCE(rating, 0) FROM ticket_stats WHERE ticket_id IN (?, ?) ORDER BY ticket_id", String.class,
                resolvedId, closedId)).containsExactly("docmail|WIDGET|1|1|5", "docmail|WIDGET|1|0|0");
        assertThat(jdbc.queryForMap("SELECT tickets, messages, contacts, feedback FROM purge_run ORDER BY id DESC "
                + "FETCH FIRST 1 ROWS ONLY").values().stream().map(v -> ((Number) v).intValue()).toList())
                .containsExactly(2, 4, 2, 1);

        assertThat(report(from, to)).isEqualTo(before);
        assertThat(purge.run().tickets()).as("a second run purges nothing").isZero();
        assertThat(report(from, to)).isEqualTo(before);
    }

    @Test
    @DisplayName("P13: the contact export holds what was stored about the contact: contact, tickets, messages, feedback, mail")
    void exportContainsWhatWasStored_P13() throws Exception {
        clock.pin("2026-03-02T09:00:00Z");
        String email = email("export");
        String key = newTicket("docmail", email, "Export me", "Everything about me");
        String second = newTicket("docmail", email("someone"), "Shared", "Copied to the exported contact");
        assertThat(post(AGENT, "/api/v1/tickets/" + second + "/participants", "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/replies", "{\"text\":\"Our answer\"}").status()).isEqualTo(200);
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/transitions", "{\"action\":\"RESOLVE\"}").status()).isEqualTo(200);
        long contact = contactId(email);
        assertThat(get(AGENT, "/api/v1/contacts/" + contact + "/export").status()).isEqualTo(403);
        Reply export = get(MANAGER, "/api/v1/contacts/" + contact + "/export");
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode x = export.json();
        assertThat(x.at("/contact/email").asText()).isEqualTo(email);
        assertThat(x.at("/contact/display_name").asText()).isEqualTo("Test Customer");
        assertThat(x.get("tickets")).hasSize(2);
        JsonNode own = x.get("tickets").get(0);
        assertThat(own.get("ticket_key").asText()).isEqualTo(key);
        assertThat(own.get("role").asText()).isEqualTo("requester");
        assertThat(own.get("subject").asText()).isEqualTo("Export me");
        assertThat(own.get("messages").findValuesAsText("body")).containsExactly("Everything about me", "Our answer");
        assertThat(own.get("feedback").get(0).get("requested_at").asText()).startsWith("2026-03-02T09:00");
        assertThat(own.get("events").findValuesAsText("event_type")).contains("ticket.created", "feedback.requested");
        assertThat(x.get("tickets").get(1).get("role").asText()).isEqualTo("participant");
        assertThat(x.get("tickets").get(1).get("messages").findValuesAsText("body"))
                .containsExactly("Copied to the exported contact");
        assertThat(x.get("mail").findValuesAsText("payload")).anyMatch(p -> p.contains("How did we do"));
        assertThat(get(MANAGER, "/api/v1/contacts/999999999/export").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("P12: gauges count open tickets per product; the report refuses an unknown product and needs a manager")
    void gaugesAndReportAccess_P12() {
        gauges.refresh();
        double before = meters.get("hub.tickets.open").tag("product", "docmail").gauge().value();
        newTicket("docmail", email("gauge"), "Gauge", "Count me");
        gauges.refresh();
        assertThat(meters.get("hub.tickets.open").tag("product", "docmail").gauge().value()).isEqualTo(before + 1);
        assertThat(meters.get("hub.tickets.breached").tag("product", "runmy").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(get(AGENT, "/api/v1/reports/sla").status()).isEqualTo(403);
        assertThat(get(MANAGER, "/api/v1/reports/sla?product=nope").status()).isEqualTo(422);
        assertThat(get(MANAGER, "/api/v1/reports/sla?from=yesterday").status()).isEqualTo(422);
        Reply defaults = get(MANAGER, "/api/v1/reports/sla");
        assertThat(defaults.status()).as(defaults.body()).isEqualTo(200);
        assertThat(defaults.json().at("/total/tickets").asLong()).isPositive();
    }
}
