package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.store.MailFolder;

/**
 * The inbound rules of issue 14 (items 2, 3, 5, 9) and issue 17's mailboxes, end to end over GreenMail's IMAP:
 * a revoked contact's reply (P18), staff mail as internal notes (P09, P15), the hub's own mail coming back, a
 * parked message whose move a crash interrupted, and a product with two mailboxes (P03).
 */
class InboundMailRulesIT extends EmailIT {

    @Autowired
    OutboundMessageIds messageIds;

    @Autowired
    CamelContext camel;

    @Autowired
    MailFiles mailFiles;

    @Autowired
    StoredFiles storedFiles;

    @Test
    @DisplayName("P18: a revoked contact's reply with [KEY] does not join that ticket; it opens one of its own")
    void revokedContactReplyDoesNotJoinTicket_P18() {
        String run = UUID.randomUUID().toString();
        String ann = "ann-" + run + "@customer.example";
        String bob = "bob-" + run + "@customer.example";
        String first = "<revoke-1-" + run + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL, mail(ann, "Shared problem", first,
                "Cc: Bob <" + bob + ">\r\n", "Bob is in copy"), first);
        long bobId = count("SELECT id FROM contact WHERE email = ?", bob);
        assertThat(count("SELECT COUNT(*) FROM ticket_participant p JOIN ticket t ON t.id = p.ticket_id "
                + "WHERE t.ticket_key = ? AND p.contact_id = ?", key, bobId)).isEqualTo(1);
        HubHttp.Reply revoked = http.send(http.asAdmin(http.post("/api/v1/contacts/" + bobId + "/revoke-access", "{}")));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

        String reply = "<revoke-2-" + run + "@customer.example>";
        String landed = deliverAndWait(MailServers.DOCMAIL, mail(bob, "Re: [" + key + "] Shared problem",
                reply, "In-Reply-To: " + first + "\r\nReferences: " + first + "\r\n", "I still want to see this"), reply);

        assertThat(landed).isNotEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, reply))
                .isEqualTo("TICKET");
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ?",
                key)).as("messages of the ticket bob was removed from").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_participant p JOIN ticket t ON t.id = p.ticket_id "
                + "WHERE t.ticket_key = ? AND p.contact_id = ?", key, bobId)).isZero();
        assertThat(jdbc.queryForObject("SELECT e.detail FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = 'ticket.created'", String.class, landed)).contains("P18");
    }

    @Test
    @DisplayName("P09 P15: tier 2's reply to a staff-only escalation notice is an internal note; the customer API never shows it")
    void staffReplyToEscalationNoticeIsInternalNote_P09_P15() {
        String run = UUID.randomUUID().toString();
        String customer = "esc-" + run + "@customer.example";
        String first = "<esc-1-" + run + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL, mail(customer, "Invoices missing", first, "",
                "Where are my invoices?"), first);
        // the escalation notice to tier 2 went out with a staff-only Message-ID; tier 2 answers it
        String notice = messageIds.createInternal(key);
        String answer = "<esc-2-" + run + "@support.example>";
        deliverAndWait(MailServers.DOCMAIL, mail("tier2@support.example", "Re: Escalation " + key, answer,
                "In-Reply-To: " + notice + "\r\nReferences: " + notice + "\r\n",
                "Internal: the fix ships Friday, don't tell the customer yet"), answer);

        assertThat(jdbc.queryForObject("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, answer))
                .isEqualTo("NOTE");
        assertThat(jdbc.queryForObject("SELECT m.direction FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                + "WHERE t.ticket_key = ? AND m.external_id = ?", String.class, key, answer)).isEqualTo("INTERNAL");
        assertThat(jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("NEW");
        // the agent API shows the note, the customer API does not
        JsonNode agentView = http.send(http.asAdmin(http.get("/api/v1/tickets/" + key))).json();
        assertThat(agentView.toString()).contains("don't tell the customer yet");
        HubHttp.Reply customerView = http.send(http.get("/api/v1/customer/tickets/" + key + "?token=" + customerToken(customer)));
        assertThat(customerView.status()).as(customerView.body()).isEqualTo(200);
        assertThat(customerView.body()).contains("Where are my invoices?").doesNotContain("don't tell the customer yet");

        // staff at an internal domain replying with the [KEY] tag: an internal note too
        String colleague = "<esc-3-" + run + "@staff.support.example>";
        deliverAndWait(MailServers.DOCMAIL, mail("carol@staff.support.example", "Re: [" + key + "] Invoices",
                colleague, "", "Checked the billing run"), colleague);
        assertThat(jdbc.queryForObject("SELECT direction FROM ticket_message WHERE external_id = ?", String.class, colleague))
                .isEqualTo("INTERNAL");
    }

    @Test
    @DisplayName("P03: the hub's own mail coming back (a resend, a copy) is recorded as LOOP, never a ticket or a message")
    void hubsOwnMailComingBackIsLoop_P03() {
        String run = UUID.randomUUID().toString();
        String first = "<own-1-" + run + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL, mail("own-" + run + "@customer.example", "Question",
                first, "", "Hello"), first);
        long tickets = tickets();
        String own = messageIds.create(key, OutboundMessageIds.nonce(System.nanoTime()));
        deliverAndWait(MailServers.DOCMAIL, mail("help@support.example", "Re: [" + key + "] Question", own,
                "", "Our answer to you"), own);

        assertThat(jdbc.queryForObject("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, own))
                .isEqualTo("LOOP");
        assertThat(jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, own))
                .as("the ticket its Message-ID names").isEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT detail FROM mail_intake WHERE message_key = ?", String.class, own))
                .startsWith(EmailIntakeMapper.OWN_MAIL);
        assertThat(tickets()).isEqualTo(tickets);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", own)).isZero();
    }

    @Test
    @DisplayName("P03: a product with two mailboxes polls both, one route each; mail to the second becomes the product's ticket")
    void secondMailboxOfAProduct_P03() {
        assertThat(camel.getRoutes().stream().map(Route::getRouteId))
                .contains("intake-email-docmail", "intake-email-docmail-billing", "intake-email-runmy");
        String id = "<billing-" + UUID.randomUUID() + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL_BILLING, mail("payer-" + UUID.randomUUID()
                + "@customer.example", "Refund", id, "", "Please refund"), id);
        assertThat(key).startsWith("DOC-");
        assertThat(jdbc.queryForObject("SELECT product FROM mail_intake WHERE message_key = ?", String.class, id))
                .isEqualTo("docmail");
        await().atMost(WAIT).until(() -> unseen(MailServers.DOCMAIL_BILLING, id) == 0);
    }

    @Test
    @DisplayName("P03 issue 14.9: a message recorded PARKED but left in the inbox by a crash reaches the parked folder at the next poll")
    void parkedMessageLeftInInboxIsMoved_P03() throws Exception {
        String run = UUID.randomUUID().toString();
        String seen = "<crash-seen-" + run + "@customer.example>";
        String unseen = "<crash-unseen-" + run + "@customer.example>";
        MailFolder inbox = MailServers.folder(MailServers.DOCMAIL, "INBOX");
        // the state kill -9 leaves: the outcome and its open move committed, the message still in the inbox; one
        // already flagged seen by Camel's commit step (a poll never offers it again), one not even that
        long uid = inbox.appendMessage(message(seen), new Flags(Flags.Flag.SEEN), new Date());
        parkedWithOpenMove(seen, inbox.getUidValidity(), uid);
        parkedWithOpenMove(unseen, null, null); // no UID recorded: found by its Message-ID
        inbox.appendMessage(message(unseen), new Flags(), new Date());

        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_parked_move WHERE message_key IN (?, ?)", seen,
                unseen) == 0);
        List<String> parkedFolder = MailServers.folder(MailServers.DOCMAIL, "Parked").getMessages().stream()
                .map(EmailIT::messageId).toList();
        assertThat(parkedFolder).containsOnlyOnce(seen, unseen);
        assertThat(inbox.getMessages().stream().filter(m -> List.of(seen, unseen).contains(messageId(m))))
                .as("left in the inbox only flagged deleted").allMatch(m -> m.isSet(Flags.Flag.DELETED));
        assertThat(jdbc.queryForList("SELECT outcome FROM mail_intake WHERE message_key IN (?, ?)", String.class, seen, unseen))
                .containsExactly("PARKED", "PARKED");
    }

    @Test
    @DisplayName("P13 P14: a message's redacted copy is removed after hub.email.raw-copies.keep-for, with its file")
    void messageCopiesExpire_P13() {
        String id = "<expire-" + UUID.randomUUID() + "@customer.example>";
        deliverAndWait(MailServers.DOCMAIL, mail("expire-" + UUID.randomUUID() + "@customer.example", "Old news", id, "",
                "Kept for a while"), id);
        String copy = jdbc.queryForObject("SELECT raw_sha256 FROM mail_intake WHERE message_key = ?", String.class, id);
        assertThat(copy).as("EmailIT keeps a copy of every message").isNotNull();
        assertThat(storedFiles.contains(copy)).isTrue();

        clock.pin(clock.instant().plus(Duration.ofDays(29)));
        mailFiles.expireCopies();
        assertThat(storedFiles.contains(copy)).as("not yet due").isTrue();
        clock.pin(clock.instant().plus(Duration.ofDays(2)));
        assertThat(mailFiles.expireCopies()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT raw_sha256 FROM mail_intake WHERE message_key = ?", String.class, id)).isNull();
        assertThat(storedFiles.contains(copy)).isFalse();
        assertThat(jdbc.queryForObject("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, id))
                .as("the outcome stays").isEqualTo("TICKET");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void parkedWithOpenMove(String key, Long uidValidity, Long uid) {
        Object now = SlaColumns.ts(clock.instant());
        jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, raw_size, detail, created_at) "
                + "VALUES (?, 'docmail', 'PARKED', 10, 'no sender address (From)', ?)", key, now);
        jdbc.update("INSERT INTO mail_parked_move (message_key, mailbox, uid_validity, uid, created_at) VALUES (?, 'docmail', "
                + "?, ?, ?)", key, uidValidity, uid, now);
    }

    private static MimeMessage message(String messageId) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(("To: " + MailServers.DOCMAIL
                + "\r\nSubject: No sender\r\nMessage-ID: " + messageId + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain\r\n\r\nwho am I\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** The customer asks for access and takes the token from the mail queued to them. */
    private String customerToken(String email) {
        HubHttp.Reply asked = http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + email + "\"}"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        for (String payload : jdbc.queryForList("SELECT payload FROM outbox WHERE payload LIKE ? ORDER BY id DESC",
                String.class, "%token=%")) {
            if (payload.contains(email)) {
                String text = payload.substring(payload.indexOf("token=") + 6);
                return text.split("[\\s\"\\\\]")[0];
            }
        }
        throw new AssertionError("no access mail to " + email);
    }
}
