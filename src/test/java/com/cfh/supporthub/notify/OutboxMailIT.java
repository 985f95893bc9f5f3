package com.cfh.supporthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.email.EmailIntakeMapper;
import com.cfh.supporthub.email.MailSettings;
import com.cfh.supporthub.email.OutboundMessageIds;
import com.cfh.supporthub.outbox.OutboxProperties;
import com.cfh.supporthub.ticket.TicketJournal;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.transaction.PlatformTransactionManager;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.MailServers;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Outbound mail through the outbox over real SMTP (GreenMail): acknowledgements, agent replies and
 * notices, threaded and loop-safe; an SMTP outage delays mail and never loses or doubles it (P03, P02, P07, P16).
 */
class OutboxMailIT extends EmailIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    ProducerTemplate producer;
    @Autowired
    MailSettings settings;
    @Autowired
    IdAllocator ids;
    @Autowired
    MeterRegistry meters;
    @Autowired
    OutboxProperties outboxProperties;
    @Autowired
    OutboundMessageIds messageIds;
    @Autowired
    TicketJournal journal;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    MailComposer composer;
    @Autowired
    MailOutbox mailOutbox;
    @Autowired
    SmtpMailer smtp;
    @Autowired
    ObjectMapper json;

    @Test
    @DisplayName("P03 P02: a new e-mail ticket is acknowledged once, threaded on the customer's mail, marked automatic")
    void acknowledgement_P03_P02() throws Exception {
        String ann = "ack-" + UUID.randomUUID() + "@customer.example";
        String id = "<ack-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "Printer jam", id, "");
        long row = row(key, "ticket.created");
        deliverUntilDone(row);

        List<MimeMessage> mail = MailServers.received(ann);
        assertThat(mail).hasSize(1);
        MimeMessage ack = mail.get(0);
        assertThat(ack.getSubject()).isEqualTo("[" + key + "] Printer jam");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(id);
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
        assertThat(ack.getHeader("X-Support-Hub-Loop", null)).isEqualTo(key);
        assertThat(ack.getMessageID()).startsWith("<hub." + key + ".");
        assertThat(ack.getReplyTo()[0].toString()).isEqualTo(MailServers.DOCMAIL);
        String text = (String) ack.getContent();
        assertThat(text).contains(key).contains(promise(key)).contains("Thank you for contacting Docmail support.");
        assertThat(text.toLowerCase().split("thank you", -1)).as("issue 14.11: one thank you").hasSize(2);
        assertThat(text).as("issue 14.11: the promise for people in the product's zone").containsPattern(
                "We will reply by [A-Z][a-z]+day \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d\\d:\\d\\d (GMT|BST)\\.")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
        producer.sendBody("direct:outbox-customer-mail-deliver", null);
        assertThat(MailServers.received(ann)).hasSize(1);
    }

    @Test
    @DisplayName("P03 P07 P16: an agent's public reply goes to requester and Cc participants, threaded; the customer's answer to it threads back by the signed Message-ID")
    void agentReplyAndCustomerAnswer_P03_P16() throws Exception {
        String ann = "rep-" + UUID.randomUUID() + "@customer.example";
        String bob = "bob-" + UUID.randomUUID() + "@customer.example";
        String id = "<rep-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "Login fails", id, "Cc: " + bob + "\r\n");
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies",
                "{\"text\":\"Please reset your password.\"}"))).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT first_response_at FROM ticket WHERE ticket_key = ?", Object.class, key))
                .isNotNull();
        deliverUntilDone(row(key, "reply.public"));

        MimeMessage reply = MailServers.received(ann).stream().filter(m -> subject(m).startsWith("Re: [" + key + "]"))
                .findFirst().orElseThrow();
        assertThat(reply.getSubject()).isEqualTo("Re: [" + key + "] Login fails");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(id);
        assertThat(reply.getHeader("References", null)).contains(id);
        assertThat(reply.getHeader("Auto-Submitted")).isNull();
        assertThat(reply.getRecipients(Message.RecipientType.CC)[0].toString()).isEqualTo(bob);
        assertThat(MailServers.received(bob)).anyMatch(m -> subject(m).startsWith("Re: [" + key + "]"));
        assertThat((String) reply.getContent()).contains("Please reset your password.").contains("Docmail support");

        String answer = "<ans-" + UUID.randomUUID() + "@customer.example>";
        MailServers.deliver(MailServers.DOCMAIL, ("From: " + ann + "\r\nTo: " + MailServers.DOCMAIL
                + "\r\nSubject: Re: Login fails\r\nMessage-ID: " + answer + "\r\nIn-Reply-To: " + reply.getMessageID()
                + "\r\n\r\nDone, thanks\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", answer) == 1);
        assertThat(jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, answer))
                .isEqualTo(key);
    }

    @Test
    @DisplayName("P03: a generic mail.notice about a ticket is threaded like a reply; automatic mail is capped per address and day, never sent to no-reply")
    void noticesCapAndNoReply_P03() throws Exception {
        String ann = "cap-" + UUID.randomUUID() + "@customer.example";
        String id = "<cap-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "Closure", id, "");
        deliverUntilDone(row(key, "ticket.created")); // the acknowledgement: 1 of the cap of 3
        long first = notice(key, ann, "Your request " + key + " was closed");
        deliverUntilDone(first);
        MimeMessage closure = MailServers.received(ann).stream().filter(m -> subject(m).contains("was closed"))
                .findFirst().orElseThrow();
        assertThat(closure.getSubject()).isEqualTo("[" + key + "] Your request " + key + " was closed");
        assertThat(closure.getHeader("In-Reply-To", null)).isEqualTo(id);
        assertThat(closure.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");

        long second = notice(key, ann, "How did we do?");
        deliverUntilDone(second);
        long third = notice(key, ann, "Reminder");
        deliverUntilDone(third);
        assertThat(status(second)).isEqualTo("DONE");
        assertThat(status(third)).isEqualTo("SKIPPED");
        assertThat(MailServers.received(ann)).hasSize(3);

        long noReply = notice(key, "no-reply@customer.example", "Never sent");
        deliverUntilDone(noReply);
        assertThat(status(noReply)).isEqualTo("SKIPPED");
        assertThat(MailServers.received("no-reply@customer.example")).isEmpty();
    }

    @Test
    @DisplayName("P03: SMTP down: the row waits with backoff, is counted as pending, and is delivered exactly once when SMTP is back")
    void smtpOutageDeliversOnceLater_P03() throws Exception {
        String ann = "down-" + UUID.randomUUID() + "@customer.example";
        String id = "<down-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "Outage", id, "");
        long row = row(key, "ticket.created");
        withSmtpDown(() -> {
            deliverUntilAttempted(List.of(row));
            assertThat(status(row)).isEqualTo("PENDING");
            assertThat(jdbc.queryForObject("SELECT last_error FROM outbox WHERE id = ?", String.class, row)).isNotBlank();
            assertThat(meters.get("hub.outbox.mail.pending").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(MailServers.received(ann)).isEmpty();
        });
        producer.sendBody("direct:outbox-customer-mail-deliver", null);
        assertThat(status(row)).as("held back by the backoff").isEqualTo("PENDING");
        double sentBefore = sent("customer-mail");
        clock.pin(Instant.now().plus(Duration.ofMinutes(10)));
        deliverUntilDone(row);
        producer.sendBody("direct:outbox-customer-mail-deliver", null);
        assertThat(MailServers.received(ann)).hasSize(1);
        assertThat(sent("customer-mail") - sentBefore).as("hub.outbox.mail.sent counts the delivery")
                .isGreaterThanOrEqualTo(1);
    }

    private double sent(String destination) {
        io.micrometer.core.instrument.Counter c = meters.find("hub.outbox.mail.sent").tag("destination", destination).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    @DisplayName("P03: SMTP unreachable: one connection attempt per batch, the rest of the batch waits with backoff untried")
    void smtpUnreachableTriedOncePerBatch_P03() throws Exception {
        String ann = "unreach-" + UUID.randomUUID() + "@customer.example";
        String key = intake(ann, "Unreachable", "<unreach-" + UUID.randomUUID() + "@customer.example>", "");
        List<Long> rows = List.of(notice(key, "a-" + ann, "First"), notice(key, "b-" + ann, "Second"),
                notice(key, "c-" + ann, "Third"));
        double failedBefore = meters.get("hub.outbox.mail.failures").counter().count();
        withSmtpDown(() -> deliverUntilAttempted(rows));
        double failed = meters.get("hub.outbox.mail.failures").counter().count() - failedBefore;
        List<String> errors = rows.stream()
                .map(r -> jdbc.queryForObject("SELECT last_error FROM outbox WHERE id = ?", String.class, r)).toList();
        assertThat(rows).allSatisfy(r -> assertThat(status(r)).isEqualTo("PENDING"));
        assertThat(rows).allSatisfy(r -> assertThat(attempts(r)).isEqualTo(1));
        // the batch's first row met the refused connection (another test's leftover row may have been first)
        assertThat(errors.stream().filter(e -> e.contains("not attempted: the SMTP server was unreachable")))
                .as(errors.toString()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(errors).allSatisfy(e -> assertThat(e).containsIgnoringCase("connect"));
        // one per batch run that met the refused connection (the test's run, perhaps the scheduled one), not one per row
        assertThat(failed).as("failed attempts counted").isGreaterThanOrEqualTo(1).isLessThan(rows.size());
        clock.pin(Instant.now().plus(Duration.ofMinutes(10)));
        rows.forEach(this::deliverUntilDone);
        assertThat(MailServers.received("a-" + ann)).hasSize(1);
        assertThat(MailServers.received("c-" + ann)).hasSize(1);
    }

    @Test
    @DisplayName("P09 P15 issue 14.3: an escalation notice goes to its tier as staff mail: internal Message-ID, no [KEY] tag, no customer threading, no support Reply-To")
    void escalationNoticeIsStaffMail_P09_P15() throws Exception {
        String ann = "esc-" + UUID.randomUUID() + "@customer.example";
        String first = "<esc-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "Slow answer", first, "");
        String tier = "tier2-" + UUID.randomUUID() + "@support.example";
        // as Escalations writes it (the customer's subject may itself carry the tag)
        journalTx(() -> journal.notices(List.of(new TicketJournal.Notice(ticketId(key), key, "escalation.notice",
                Map.of("to", tier, "subject", "Escalation " + key + ": First response overdue: [" + key + "] Slow answer",
                        "text", "Escalated to tier 2."), clock.instant(), clock.instant()).toStaff())));
        long id = jdbc.queryForObject("SELECT id FROM outbox WHERE ticket_key = ? AND event_type = 'escalation.notice'",
                Long.class, key);
        assertThat(jdbc.queryForObject("SELECT destination FROM outbox WHERE id = ?", String.class, id)).isEqualTo("staff-mail");
        deliverUntilDone(id, "direct:outbox-staff-mail-deliver");
        assertThat(status(id)).isEqualTo("DONE");

        MimeMessage notice = MailServers.received(tier).get(0);
        assertThat(notice.getSubject()).isEqualTo("Escalation " + key + ": First response overdue: " + key + " Slow answer");
        assertThat(EmailIntakeMapper.subjectKey(notice.getSubject())).as("no tag the customer-thread matcher reads").isNull();
        assertThat(messageIds.internalTicketKey(notice.getMessageID())).contains(key);
        assertThat(messageIds.ticketKey(notice.getMessageID())).as("never threads into the customer conversation").isEmpty();
        assertThat(notice.getMessageID()).isEqualTo(messageId(id));
        assertThat(notice.getHeader("In-Reply-To")).isNull();
        assertThat(notice.getHeader("References")).isNull();
        assertThat(notice.getHeader("Reply-To")).as("no Reply-To unless an internal one is configured").isNull();
        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(MailServers.received(ann)).as("the customer got the acknowledgement row only, not yet sent").isEmpty();

        // an old row with the customer tag in front, and a configured internal Reply-To
        outboxProperties.destination("staff-mail").setReplyTo("tier-desk@staff.support.example");
        try {
            long old = outbox(key, "escalation.notice", "staff-mail", "{\"to\":\"" + tier + "\",\"subject\":\"[" + key
                    + "] Resolution overdue: Slow answer\",\"text\":\"Escalated.\"}");
            deliverUntilDone(old, "direct:outbox-staff-mail-deliver");
            MimeMessage second = MailServers.received(tier).stream().filter(m -> subject(m).contains("Resolution overdue"))
                    .findFirst().orElseThrow();
            assertThat(second.getSubject()).isEqualTo(key + ": Resolution overdue: Slow answer");
            assertThat(second.getReplyTo()[0].toString()).isEqualTo("tier-desk@staff.support.example");
            assertThat(messageIds.internalTicketKey(second.getMessageID())).contains(key);
        } finally {
            outboxProperties.destination("staff-mail").setReplyTo("");
        }
    }

    @Test
    @DisplayName("P03 issue 14.5: the Message-ID is fixed when the row is written; a row whose node died after sending is sent again after the lease with the same Message-ID")
    void resendAfterCrashKeepsMessageId_P03() throws Exception {
        String ann = "crash-" + UUID.randomUUID() + "@customer.example";
        String key = intake(ann, "Crash", "<crash-" + UUID.randomUUID() + "@customer.example>", "");
        long row = row(key, "ticket.created");
        String fixed = messageId(row);
        assertThat(fixed).as("written with the row").startsWith("<hub." + key + ".");
        assertThat(messageIds.ticketKey(fixed)).contains(key);

        // the node that claimed the row sent it and died before marking it: its claim holds the row for the lease
        Duration lease = outboxProperties.destination("customer-mail").getLease();
        jdbc.update("UPDATE outbox SET attempts = attempts + 1, available_at = ? WHERE id = ?",
                SlaColumns.ts(clock.instant().plus(lease)), row);
        MailOutbox.Claimed claimed = new MailOutbox.Claimed(row, "customer-mail", "ticket.created", ticketId(key), key,
                jdbc.queryForObject("SELECT payload FROM outbox WHERE id = ?", String.class, row), 1, fixed, 0);
        OutgoingMail mail = composer.compose("ticket.created", key, json.readTree(claimed.payload()), MailComposer.Thread.NONE);
        smtp.send(mailOutbox.build(mail, claimed));
        assertThat(MailServers.received(ann)).hasSize(1);

        producer.sendBody("direct:outbox-customer-mail-deliver", null);
        assertThat(status(row)).as("still another node's until the lease ends").isEqualTo("PENDING");
        assertThat(MailServers.received(ann)).hasSize(1);

        clock.pin(clock.instant().plus(lease).plusSeconds(1));
        deliverUntilDone(row);
        List<MimeMessage> copies = MailServers.received(ann);
        assertThat(copies).hasSize(2);
        assertThat(copies).extracting(MimeMessage::getMessageID).containsOnly(fixed);
        assertThat(messageId(row)).isEqualTo(fixed);
    }

    @Test
    @DisplayName("P18 issue 14.2: a contact whose access was revoked after the rows were written receives nothing: no acknowledgement, reply or notice")
    void revokedContactReceivesNothing_P18() throws Exception {
        String ann = "revoked-" + UUID.randomUUID() + "@customer.example";
        String key = intake(ann, "Revoke me", "<revoked-" + UUID.randomUUID() + "@customer.example>", "");
        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/replies",
                "{\"text\":\"Here is your answer.\"}"))).status()).isEqualTo(200);
        long ack = row(key, "ticket.created");
        long reply = row(key, "reply.public");
        long notice = notice(key, ann, "How did we do?");
        long contact = jdbc.queryForObject("SELECT id FROM contact WHERE email = ?", Long.class, ann);
        assertThat(http.send(http.asAdmin(http.post("/api/v1/contacts/" + contact + "/revoke-access", "{}"))).status())
                .isEqualTo(200);

        List.of(ack, reply, notice).forEach(this::deliverUntilDone);
        assertThat(List.of(ack, reply, notice)).allSatisfy(r -> {
            assertThat(status(r)).isEqualTo("SKIPPED");
            assertThat(jdbc.queryForObject("SELECT last_error FROM outbox WHERE id = ?", String.class, r)).contains("P18");
        });
        assertThat(MailServers.received(ann)).isEmpty();
    }

    @Test
    @DisplayName("P02 P03 issue 15.3: with 2,000 notices queued, an acknowledgement written after them goes out in the next batch")
    void acknowledgementNotBehindNotices_P02() {
        String bulk = "bulk-" + UUID.randomUUID() + "@customer.example";
        Instant earlier = clock.instant().minusSeconds(60);
        List<Object[]> rows = new java.util.ArrayList<>();
        List<Long> notices = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long id = ids.next("outbox_seq");
            notices.add(id);
            rows.add(new Object[] {id, "{\"to\":[\"" + i + bulk + "\"],\"cc\":[],\"subject\":\"Notice " + i
                    + "\",\"text\":\"Notice\",\"automatic\":true}", SlaColumns.ts(earlier), SlaColumns.ts(earlier)});
        }
        jdbc.batchUpdate("INSERT INTO outbox (id, event_type, payload, status, available_at, created_at, destination, priority) "
                + "VALUES (?, 'mail.notice', ?, 'PENDING', ?, ?, 'customer-mail', 1)", rows);
        try {
            String ann = "prio-" + UUID.randomUUID() + "@customer.example";
            String key = intake(ann, "Urgent", "<prio-" + UUID.randomUUID() + "@customer.example>", "");
            long ack = row(key, "ticket.created");
            // the first batch of the route, step by step as the route runs it (claim -> split -> deliver)
            List<MailOutbox.Claimed> first = mailOutbox.claim("customer-mail");
            try {
                assertThat(first).extracting(MailOutbox.Claimed::id).as("claimed in the first batch").contains(ack);
                first.forEach(mailOutbox::deliver);
            } finally {
                mailOutbox.endBatch();
            }
            assertThat(status(ack)).isEqualTo("DONE");
            assertThat(MailServers.received(ann)).hasSize(1);
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND event_type = 'mail.notice' "
                    + "AND payload LIKE ?", "%" + bulk + "%")).isGreaterThan(1900);
        } finally {
            jdbc.update("UPDATE outbox SET status = 'DONE' WHERE status = 'PENDING' AND event_type = 'mail.notice' "
                    + "AND payload LIKE ?", "%" + bulk + "%");
        }
    }

    @Test
    @DisplayName("P03 issue 15.3: one SMTP connection carries a whole batch")
    void oneConnectionPerBatch_P03() {
        String run = UUID.randomUUID().toString();
        String ann = "batch-" + run + "@customer.example";
        String key = intake(ann, "Many", "<batch-" + run + "@customer.example>", "");
        producer.sendBody("direct:outbox-customer-mail-deliver", null); // whatever else is due first
        List<Long> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(notice(key, i + "-" + ann, "Batch " + i));
        }
        double before = meters.get("hub.outbox.smtp.connections").counter().count();
        producer.sendBody("direct:outbox-customer-mail-deliver", null);
        assertThat(rows).allSatisfy(r -> assertThat(status(r)).isEqualTo("DONE"));
        assertThat(meters.get("hub.outbox.smtp.connections").counter().count() - before).isEqualTo(1.0);
        for (int i = 0; i < 5; i++) {
            assertThat(MailServers.received(i + "-" + ann)).hasSize(1);
        }
    }

    @Test
    @DisplayName("P03 issue 15.5: a customer's further mail writes no outbox row (nothing ever read ticket.message-received)")
    void noMessageReceivedRows_P03() {
        String ann = "other-" + UUID.randomUUID() + "@customer.example";
        String id = "<other-" + UUID.randomUUID() + "@customer.example>";
        String key = intake(ann, "First", id, "");
        String again = "<other2-" + UUID.randomUUID() + "@customer.example>";
        MailServers.deliver(MailServers.DOCMAIL, ("From: " + ann + "\r\nSubject: Re: [" + key + "] First\r\nMessage-ID: "
                + again + "\r\n\r\nMore\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", again) == 1);
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ?",
                key)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ?", key)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'ticket.message-received'")).isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String intake(String from, String subject, String id, String headers) {
        MailServers.deliver(MailServers.DOCMAIL, ("From: " + from + "\r\nTo: " + MailServers.DOCMAIL + "\r\nSubject: "
                + subject + "\r\nMessage-ID: " + id + "\r\n" + headers + "\r\nHello\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", id) == 1);
        return jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, id);
    }

    /** A mail.notice row as the lifecycle routes write them (docs/outbox.md). */
    private long notice(String key, String to, String subject) {
        return outbox(key, "mail.notice", "{\"to\":[\"" + to + "\"],\"cc\":[],\"subject\":\"" + subject
                + "\",\"text\":\"Notice text\",\"automatic\":true}");
    }

    private long outbox(String key, String type, String payload) {
        return outbox(key, type, "customer-mail", payload);
    }

    /** A row as written before V70: no message_id (made from the row id at delivery). */
    private long outbox(String key, String type, String destination, String payload) {
        long id = ids.next("outbox_seq");
        Long ticket = jdbc.queryForObject("SELECT id FROM ticket WHERE ticket_key = ?", Long.class, key);
        Instant now = clock.instant();
        jdbc.update("INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, available_at, created_at, "
                + "destination) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)", id, type, ticket, key, payload, SlaColumns.ts(now),
                SlaColumns.ts(now), destination);
        return id;
    }

    private long ticketId(String key) {
        return jdbc.queryForObject("SELECT id FROM ticket WHERE ticket_key = ?", Long.class, key);
    }

    private String messageId(long row) {
        return jdbc.queryForObject("SELECT message_id FROM outbox WHERE id = ?", String.class, row);
    }

    private void journalTx(Runnable write) {
        new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(s -> write.run());
    }

    /** Runs {@code check} while the SMTP port refuses connections (a port just freed), then restores it. */
    private void withSmtpDown(Runnable check) throws Exception {
        int smtpPort = settings.getSmtp().getPort();
        try (ServerSocket free = new ServerSocket(0)) {
            settings.getSmtp().setPort(free.getLocalPort());
        }
        try {
            check.run();
        } finally {
            settings.getSmtp().setPort(smtpPort);
        }
    }

    private void deliverUntilAttempted(List<Long> rows) {
        await().atMost(WAIT).until(() -> {
            producer.sendBody("direct:outbox-customer-mail-deliver", null);
            return rows.stream().allMatch(r -> attempts(r) > 0);
        });
    }

    private void deliverUntilDone(long row) {
        deliverUntilDone(row, "direct:outbox-customer-mail-deliver");
    }

    private void deliverUntilDone(long row, String route) {
        await().atMost(WAIT).until(() -> {
            producer.sendBody(route, null);
            return !"PENDING".equals(status(row));
        });
    }

    private long row(String key, String type) {
        return jdbc.queryForObject("SELECT id FROM outbox WHERE ticket_key = ? AND event_type = ?", Long.class, key, type);
    }

    private String status(long row) {
        return jdbc.queryForObject("SELECT status FROM outbox WHERE id = ?", String.class, row);
    }

    private int attempts(long row) {
        return jdbc.queryForObject("SELECT attempts FROM outbox WHERE id = ?", Integer.class, row);
    }

    private String promise(String key) throws Exception {
        String payload = jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'ticket.created'",
                String.class, key);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload).path("promise").asText();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }
}
