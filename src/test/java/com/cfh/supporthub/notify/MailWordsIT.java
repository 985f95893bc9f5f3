package com.cfh.supporthub.notify;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.lifecycle.Accounts;
import com.cfh.supporthub.lifecycle.AutoClose;
import com.cfh.supporthub.sla.Escalations;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.cfh.supporthub.ticket.Channel;

/**
 * The words of every mail kind as the SMTP server (GreenMail) received them, rendered from {@code templates/default}
 * (issue 17 item 3, issue 14 item 11): the product's name, one "thank you" in an acknowledgement, every date for
 * people in the product's time zone ("Monday 2 March 2026, 13:00 GMT"), never a raw instant.
 */
class MailWordsIT extends EmailIT {

    /** Monday 2 March 2026, 09:00 in London (GMT): inside opening hours. */
    private static final Instant MONDAY_0900 = Instant.parse("2026-03-02T09:00:00Z");
    /** What an instant looks like in a mail when nobody formatted it. */
    private static final String RAW_INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    AutoClose autoClose;
    @Autowired
    SlaSweep sweep;
    @Autowired
    Escalations escalations;

    @BeforeEach
    void accounts() {
        Accounts.create(jdbc);
    }

    @Test
    @DisplayName("P02 issue 14.11: a widget ticket's acknowledgement thanks once, names the product and promises a reply as 'Monday 2 March 2026, 13:00 GMT'")
    void widgetAcknowledgement_P02() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("ack");
        String key = widgetTicket("runmy", ann, "Exports fail");
        String text = deliveredText(key, "ticket.created", ann, "[" + key + "] Exports fail");
        assertThat(text).startsWith("Dear Test Customer,\n\nThank you for contacting RunMy support. Your request has been logged as "
                + key + ".\nWe will reply by Monday 2 March 2026, 13:00 GMT.\n")
                .contains("You asked through our website.").contains("[" + key + "]");
        assertOneThankYouNoRawInstant(text);
    }

    @Test
    @DisplayName("P02 issue 18: a PORTAL ticket is acknowledged like e-mail and widget tickets, with the portal's own line")
    void portalTicketIsAcknowledged_P02() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("portal");
        IntakeResult created = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.PORTAL, "docmail",
                new Party("Ann Lee", ann, null), "Printer offline", "It is offline again", List.of(),
                "portal:" + UUID.randomUUID(), null, null, List.of(), MONDAY_0900, Map.of()), IntakeResult.class);
        String key = created.key();
        assertThat(jdbc.queryForObject("SELECT channel FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("PORTAL");
        String text = deliveredText(key, "ticket.created", ann, "[" + key + "] Printer offline");
        assertThat(text).startsWith("Dear Ann Lee,\n\nThank you for contacting Docmail support.")
                .contains("We will reply by Monday 2 March 2026, 13:00 GMT.").contains("customer portal");
        assertOneThankYouNoRawInstant(text);
    }

    @Test
    @DisplayName("P07: an agent's reply arrives as written, signed by the product's support team")
    void replyIsSigned_P07() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("reply");
        String key = widgetTicket("runmy", ann, "Login");
        assertThat(http.send(as(AGENT, http.post("/api/v1/tickets/" + key + "/replies",
                "{\"text\":\"Please reset your password.\"}"))).status()).isEqualTo(200);
        String text = deliveredText(key, "reply.public", ann, "Re: [" + key + "] Login");
        assertThat(text).startsWith("Please reset your password.\n\n--\nRunMy support\n");
    }

    @Test
    @DisplayName("P10: the closure notice names the product, the days waited and the closing day for people")
    void autoCloseNotice_P10() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("closed");
        String key = widgetTicket("runmy", ann, "Upload");
        assertThat(http.send(as(AGENT, http.post("/api/v1/tickets/" + key + "/wait-on-customer",
                "{\"text\":\"Which file?\"}"))).status()).isEqualTo(200);
        clock.pin(MONDAY_0900.plus(Duration.ofDays(5)));
        autoClose.run();
        String text = deliveredText(key, "mail.notice", ann, "[" + key + "] Your request is closed");
        assertThat(text).contains("your RunMy support request " + key + " (\"Upload\")").contains("for 5 days")
                .contains("closed it on Saturday 7 March 2026, 09:00 GMT.").contains("reply to this message");
        assertOneThankYouNoRawInstant(text);
    }

    @Test
    @DisplayName("P11: the feedback request names the product and when its link expires, for people")
    void feedbackRequest_P11() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("feedback");
        String key = widgetTicket("docmail", ann, "Invoice");
        assertThat(http.send(as(AGENT, http.post("/api/v1/tickets/" + key + "/transitions",
                "{\"action\":\"RESOLVE\"}"))).status()).isEqualTo(200);
        String text = deliveredText(key, "mail.notice", ann, "[" + key + "] How did we do?");
        Instant expires = jdbc.queryForObject("SELECT expires_at FROM feedback_request f JOIN ticket t ON t.id = f.ticket_id "
                + "WHERE t.ticket_key = ?", java.time.OffsetDateTime.class, key).toInstant();
        assertThat(text).contains("Your Docmail support request " + key + " (\"Invoice\") has been resolved.")
                .contains("/api/v1/feedback/")
                .contains("The link works once, until " + people(expires) + ".");
        assertThat(text.replaceAll("/api/v1/feedback/\\S+", "")).doesNotContainPattern(RAW_INSTANT);
    }

    @Test
    @DisplayName("P16 issue 14.11: the customer-link mail says until when the link works for people, never a raw instant")
    void customerLinkMail_P16() throws Exception {
        clock.pin(MONDAY_0900);
        String ann = address("link");
        String key = widgetTicket("runmy", ann, "Where is my answer");
        HubHttp.Reply asked = http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + ann + "\"}"));
        assertThat(asked.status()).as(asked.body()).isBetween(200, 202);
        String text = deliveredText(key, "mail.notice", ann, "[" + key + "] Your RunMy support requests");
        assertThat(text).startsWith("Here is your link to see your RunMy support requests:\n").contains("/portal?token=")
                .contains("It works until Monday 9 March 2026, 09:00 GMT.");
        assertThat(text.replaceAll("token=\\S+", "")).doesNotContainPattern(RAW_INSTANT);
    }

    @Test
    @DisplayName("P09 issue 14.11: the escalation notice to tier 2 names the due instant for people in the product's zone")
    void escalationNotice_P09() throws Exception {
        clock.pin(MONDAY_0900);
        String key = widgetTicket("docmail", address("late"), "Slow answer");
        clock.pin("2026-03-02T13:30:00Z");
        sweep.run();
        escalations.run();
        String text = deliveredText(key, "escalation.notice", "tier2@support.example",
                "Escalation " + key + ": First response overdue: Slow answer");
        assertThat(text.strip()).isEqualTo("The first response to Docmail ticket " + key + " was due Monday 2 March 2026, "
                + "13:00 GMT (P07).\n\nThe ticket is now with tier 2.");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String address(String who) {
        return "words-" + who + "-" + UUID.randomUUID() + "@customer.example";
    }

    private String widgetTicket(String product, String email, String subject) {
        HubHttp.Reply reply = http.send(http.widget(HubHttp.widgetJson(product, email, subject, "Details of " + subject)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    /** Delivers the ticket's outbox rows of {@code type} and returns the text of the mail {@code to} received with {@code subject}. */
    private String deliveredText(String key, String type, String to, String subject) throws Exception {
        await().atMost(WAIT).until(() -> {
            producer.sendBody("direct:outbox-customer-mail-deliver", null);
            producer.sendBody("direct:outbox-staff-mail-deliver", null);
            return count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = ? AND status = 'PENDING'",
                    key, type) == 0;
        });
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = ? AND status = 'DONE'", key, type))
                .isPositive();
        List<MimeMessage> mails = MailServers.received(to).stream().filter(m -> subject.equals(subject(m))).toList();
        assertThat(mails).as("mail to " + to + " with subject " + subject).hasSize(1);
        return ((String) mails.get(0).getContent()).replace("\r\n", "\n");
    }

    private static void assertOneThankYouNoRawInstant(String text) {
        assertThat(text.toLowerCase().split("thank you", -1).length - 1).as("thank you in: " + text).isLessThanOrEqualTo(1);
        assertThat(text).doesNotContainPattern(RAW_INSTANT);
    }

    /** An instant as the templates' dayDateTime shows it in London. */
    private static String people(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm z", java.util.Locale.UK)
                .withZone(java.time.ZoneId.of("Europe/London")).format(at);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }
}
