package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.icegreen.greenmail.store.StoredMessage;

import jakarta.mail.Flags;

/**
 * The e-mail channel end to end (P03, P16, P19): real IMAP mailboxes (GreenMail) polled by the
 * intake-email routes, tickets and outcomes read back from the database.
 */
class EmailIntakeIT extends EmailIT {

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    private static final MailParser PARSER = new MailParser(26_214_400);
    private static final Map<String, String> KEYS = new HashMap<>();
    private static boolean corpusDelivered;

    @BeforeEach
    void deliverCorpusOnce() throws Exception {
        synchronized (KEYS) {
            if (corpusDelivered) {
                return;
            }
            MailParserCorpusTest.corpusFiles().forEachOrdered(file -> {
                MailServers.deliver(MailServers.DOCMAIL, MailParserCorpusTest.read(file));
                // the key the hub will see: Message-ID, else the digest of the bytes the IMAP server serves
                List<StoredMessage> inbox = MailServers.folder(MailServers.DOCMAIL, "INBOX").getMessages();
                byte[] served = MailServers.served(inbox.get(inbox.size() - 1));
                KEYS.put(file.substring(0, 3), EmailIntakeMapper.messageKey(PARSER.parse(served), MailParser.sha256Hex(served)));
            });
            corpusDelivered = true;
        }
        await().atMost(WAIT).until(() -> KEYS.values().stream().distinct()
                .allMatch(k -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", k) == 1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("P03: every corpus message delivered over IMAP ends as exactly one outcome")
    @CsvSource({
            "001,TICKET", "002,TICKET", "003,TICKET", "004,TICKET", "005,TICKET", "006,TICKET", "007,TICKET",
            "008,TICKET", "009,TICKET", "010,TICKET", "011,TICKET", "012,TICKET", "013,TICKET", "014,TICKET",
            "015,TICKET", "016,TICKET", "017,TICKET", "018,TICKET", "019,TICKET", "020,PARKED", "021,TICKET",
            "022,TICKET", "023,TICKET", "024,TICKET", "025,TICKET", "026,TICKET", "027,TICKET", "028,TICKET",
            "029,LOOP", "030,LOOP", "031,LOOP", "032,LOOP", "033,LOOP", "034,LOOP", "035,LOOP", "036,LOOP",
            "037,LOOP", "038,LOOP", "039,LOOP", "040,LOOP", "041,LOOP", "042,TICKET", "043,REPLY", "044,REPLY",
            "045,TICKET", "046,TICKET", "047,TICKET", "048,TICKET", "049,TICKET", "050,PARKED", "051,TICKET",
            "052,PARKED", "053,PARKED", "054,TICKET", "055,TICKET", "056,TICKET", "057,TICKET", "058,TICKET",
            "059,TICKET", "060,TICKET", "061,TICKET", "062,TICKET", "063,TICKET"})
    void corpusOutcome_P03(String file, String outcome) {
        String key = KEYS.get(file);
        assertThat(jdbc.queryForList("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, key))
                .as("outcome of %s (%s)", file, key).containsExactly(outcome);
        switch (outcome) {
            case "TICKET" -> assertThat(count("SELECT COUNT(*) FROM ticket t JOIN mail_intake i ON i.ticket_id = t.id "
                    + "WHERE i.message_key = ? AND t.channel = 'EMAIL'", key)).isEqualTo(1);
            case "REPLY" -> assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", key)).isEqualTo(1);
            case "LOOP" -> assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", key)).isZero();
            default -> assertThat(jdbc.queryForObject("SELECT detail FROM mail_intake WHERE message_key = ?", String.class,
                    key)).isNotBlank();
        }
    }

    @Test
    @DisplayName("P03: the corpus leaves the mailbox drained: every message seen, the parked ones in Parked")
    void corpusMailboxDrained_P03() {
        await().atMost(WAIT).until(() -> MailServers.folder(MailServers.DOCMAIL, "INBOX").getUnseenCount() == 0);
        long parked = count("SELECT COUNT(*) FROM mail_intake WHERE product = 'docmail' AND outcome = 'PARKED'");
        await().atMost(WAIT).until(() -> MailServers.folder(MailServers.DOCMAIL, "Parked").getMessageCount() == parked);
    }

    @Test
    @DisplayName("P03: threading, HTML, attachments: 043 and 044 join 042's ticket; 059's over-size TNEF is recorded as skipped")
    void threadsAndAttachments_P03() {
        Long ticket = jdbc.queryForObject("SELECT ticket_id FROM mail_intake WHERE message_key = ?", Long.class, KEYS.get("042"));
        assertThat(jdbc.queryForList("SELECT ticket_id FROM mail_intake WHERE message_key IN (?, ?)", Long.class,
                KEYS.get("043"), KEYS.get("044"))).containsOnly(ticket);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE ticket_id = ?", ticket)).isEqualTo(3);

        Long tnef = jdbc.queryForObject("SELECT ticket_id FROM mail_intake WHERE message_key = ?", Long.class, KEYS.get("059"));
        assertThat(jdbc.queryForObject("SELECT skipped_reason FROM mail_attachment WHERE ticket_id = ? AND "
                + "LOWER(file_name) = 'winmail.dat'", String.class, tnef)).isNotBlank();
        Long pdf = jdbc.queryForObject("SELECT ticket_id FROM mail_intake WHERE message_key = ?", Long.class, KEYS.get("015"));
        Map<String, Object> a = jdbc.queryForMap("SELECT content_type, size_bytes, sha256, skipped_reason FROM mail_attachment "
                + "WHERE ticket_id = ?", pdf);
        assertThat(a.get("CONTENT_TYPE") == null ? a.get("content_type") : a.get("CONTENT_TYPE")).isEqualTo("application/pdf");
        Long html = jdbc.queryForObject("SELECT ticket_id FROM mail_intake WHERE message_key = ?", Long.class, KEYS.get("004"));
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE ticket_id = ? AND body_html IS NOT NULL", html)).isEqualTo(1);
    }

    @Test
    @DisplayName("P03: one mail sent to both product mailboxes makes one ticket")
    void oneMailToBothMailboxes_P03() {
        String id = "<both-" + UUID.randomUUID() + "@customer.example>";
        byte[] raw = mail("ann-" + UUID.randomUUID() + "@customer.example", "Both mailboxes", id, "", "Hello both").getBytes(StandardCharsets.UTF_8);
        MailServers.deliver(MailServers.DOCMAIL, raw);
        MailServers.deliver(MailServers.RUNMY, raw);
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", id) == 1
                && unseen(MailServers.DOCMAIL, id) == 0 && unseen(MailServers.RUNMY, id) == 0);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", id)).isEqualTo(1);
        // the runmy mailbox moves what it finished with to its processed folder
        await().atMost(WAIT).until(() -> MailServers.folder(MailServers.RUNMY, "Processed").getMessages().stream()
                .anyMatch(m -> id.equals(messageId(m))));
    }

    @Test
    @DisplayName("P03: a full mailbox drained, then every message offered again (a crash after the commit, before the seen flag): no duplicates, no loss")
    void redeliveryAfterCrashMakesNoDuplicates_P03() throws Exception {
        String run = UUID.randomUUID().toString();
        int n = 40;
        for (int i = 0; i < n; i++) {
            MailServers.deliver(MailServers.RUNMY, mail("r" + i + "-" + run + "@customer.example", "Restart " + i,
                    "<restart-" + i + "-" + run + "@customer.example>", "", "body " + i).getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ?",
                "<restart-%-" + run + "@customer.example>") == n);

        // a crash after the commit and before the seen flag: the server offers every message again
        for (StoredMessage m : MailServers.folder(MailServers.RUNMY, "Processed").getMessages()) {
            if (messageId(m) != null && messageId(m).contains(run)) {
                MailServers.folder(MailServers.RUNMY, "INBOX").appendMessage(m.getMimeMessage(), new Flags(), null);
            }
        }
        await().atMost(WAIT).until(() -> unseenContaining(MailServers.RUNMY, run) == 0);
        assertThat(count("SELECT COUNT(*) FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE c.email LIKE ?",
                "%-" + run + "@customer.example")).isEqualTo(n);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id LIKE ?",
                "<restart-%-" + run + "@customer.example>")).isEqualTo(n);
    }

    @Test
    @DisplayName("P03: several messages of one poll in flight at once; a reply chain in the same poll still threads onto one ticket")
    void replyChainInOnePollThreads_P03() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "chain-" + run + "@customer.example";
        camel.getRouteController().stopRoute("intake-email-runmy");
        try {
            String references = "";
            for (int i = 0; i < 6; i++) {
                String id = "<chain-" + i + "-" + run + "@customer.example>";
                String headers = i == 0 ? "" : "In-Reply-To: <chain-" + (i - 1) + "-" + run + "@customer.example>\r\n"
                        + "References:" + references + "\r\n";
                MailServers.deliver(MailServers.RUNMY, mail(customer, (i == 0 ? "" : "Re: ") + "Chain " + run, id, headers,
                        "message " + i).getBytes(StandardCharsets.UTF_8));
                references += " " + id;
                // unrelated mail between the replies, so the workers have other messages to take
                MailServers.deliver(MailServers.RUNMY, mail("other-" + i + "-" + run + "@customer.example", "Other " + i,
                        "<other-" + i + "-" + run + "@customer.example>", "", "other " + i).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            camel.getRouteController().startRoute("intake-email-runmy");
        }
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ?", "<%-" + run + "@customer.example>") == 12
                && unseenContaining(MailServers.RUNMY, run) == 0);
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ? AND outcome = 'TICKET'",
                "<chain-%-" + run + "@customer.example>")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ? AND outcome = 'REPLY'",
                "<chain-%-" + run + "@customer.example>")).isEqualTo(5);
        assertThat(count("SELECT COUNT(DISTINCT ticket_id) FROM ticket_message WHERE external_id LIKE ?",
                "<chain-%-" + run + "@customer.example>")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id LIKE ?",
                "<chain-%-" + run + "@customer.example>")).isEqualTo(6);
        assertThat(count("SELECT COUNT(DISTINCT ticket_id) FROM ticket_message WHERE external_id LIKE ?",
                "<other-%-" + run + "@customer.example>")).isEqualTo(6);
    }

    @Test
    @DisplayName("P03 P16: Cc recipients become participants, the support addresses never")
    void ccBecomeParticipants_P16() {
        String id = "<cc-" + UUID.randomUUID() + "@customer.example>";
        String from = "ann-" + UUID.randomUUID() + "@customer.example";
        String bob = "bob-" + UUID.randomUUID() + "@customer.example";
        deliverAndWait(MailServers.DOCMAIL, mail(from, "With cc", id, "Cc: Bob <" + bob + ">, RunMy <" + MailServers.RUNMY
                + ">, " + MailServers.DOCMAIL + "\r\n", "Hi"), id);
        assertThat(jdbc.queryForList("SELECT c.email FROM ticket_participant p JOIN contact c ON c.id = p.contact_id "
                + "JOIN ticket_message m ON m.ticket_id = p.ticket_id WHERE m.external_id = ?", String.class, id))
                .containsExactly(bob);
    }

    @Test
    @DisplayName("P03 P19: a reply with the [KEY] tag to a ticket waiting on the customer reopens it and resumes the clock")
    void replyToWaitingTicketResumesClock_P19() {
        String from = "wait-" + UUID.randomUUID() + "@customer.example";
        String first = "<w1-" + UUID.randomUUID() + "@customer.example>";
        clock.pin("2026-03-02T09:00:00Z");
        String key = deliverAndWait(MailServers.DOCMAIL, mail(from, "Invoice wrong", first, "", "Wrong VAT"), first);
        clock.pin("2026-03-02T10:00:00Z");
        assertThat(transition(key, "WAIT_ON_CUSTOMER").status()).isEqualTo(200);
        Object dueWhilePaused = jdbc.queryForObject("SELECT resolution_due FROM ticket WHERE ticket_key = ?", Object.class, key);
        clock.pin("2026-03-02T12:00:00Z");
        String reply = "<w2-" + UUID.randomUUID() + "@customer.example>";
        deliverAndWait(MailServers.DOCMAIL, mail(from, "Re: [" + key + "] Invoice wrong", reply, "", "Here it is"), reply);

        Map<String, Object> t = jdbc.queryForMap("SELECT status, sla_paused_at, resolution_paused_min, resolution_due "
                + "FROM ticket WHERE ticket_key = ?", key);
        assertThat(t.values()).element(0).isEqualTo("OPEN");
        assertThat(t.values()).element(1).isNull();
        assertThat(((Number) t.values().toArray()[2]).intValue()).isEqualTo(120);
        assertThat(t.values().toArray()[3]).isNotEqualTo(dueWhilePaused);
    }

    @Test
    @DisplayName("P03: a reply to a RESOLVED ticket within the window reopens it; to a CLOSED one it opens a linked ticket")
    void replyToResolvedAndClosed_P03() {
        String from = "res-" + UUID.randomUUID() + "@customer.example";
        String first = "<r1-" + UUID.randomUUID() + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL, mail(from, "Broken", first, "", "It broke"), first);
        assertThat(transition(key, "RESOLVE").status()).isEqualTo(200);
        String again = "<r2-" + UUID.randomUUID() + "@customer.example>";
        String same = deliverAndWait(MailServers.DOCMAIL, mail(from, "Re: Broken", again, "In-Reply-To: " + first + "\r\n",
                "Still broken"), again);
        assertThat(same).isEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("SELECT resolution_cycle FROM ticket WHERE ticket_key = ?", Integer.class, key))
                .isEqualTo(2);

        jdbc.update("UPDATE ticket SET status = 'CLOSED' WHERE ticket_key = ?", key);
        String late = "<r3-" + UUID.randomUUID() + "@customer.example>";
        String linked = deliverAndWait(MailServers.DOCMAIL, mail(from, "Re: [" + key + "] Broken", late, "", "Again"), late);
        assertThat(linked).isNotEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT l.ticket_key FROM ticket t JOIN ticket l ON l.id = t.linked_ticket_id "
                + "WHERE t.ticket_key = ?", String.class, linked)).isEqualTo(key);
    }

    @Test
    @DisplayName("P03: an auto-reply naming a ticket is a system note on it: no ticket, no status change, no mail")
    void autoReplyIsRecordedOnly_P03() {
        String from = "ooo-" + UUID.randomUUID() + "@customer.example";
        String first = "<o1-" + UUID.randomUUID() + "@customer.example>";
        String key = deliverAndWait(MailServers.DOCMAIL, mail(from, "Question", first, "", "Hi"), first);
        long tickets = tickets();
        long outbox = count("SELECT COUNT(*) FROM outbox");
        String auto = "<o2-" + UUID.randomUUID() + "@customer.example>";
        deliverAndWait(MailServers.DOCMAIL, mail(from, "Automatic reply: [" + key + "] Question", auto,
                "Auto-Submitted: auto-replied\r\n", "I am away"), auto);
        assertThat(tickets()).isEqualTo(tickets);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(outbox);
        assertThat(jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, key)).isEqualTo("NEW");
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.ticket_key = ? "
                + "AND e.event_type = 'mail.automatic'", key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT outcome FROM mail_intake WHERE message_key = ?", String.class, auto))
                .isEqualTo("LOOP");
    }

    @Test
    @DisplayName("P03: a message that keeps failing is parked after max-attempts with its reason and blocks nothing")
    void poisonMessageIsParked_P03() {
        String poison = "<p1-" + UUID.randomUUID() + "@customer.example>";
        String fine = "<p2-" + UUID.randomUUID() + "@customer.example>";
        MailServers.deliver(MailServers.DOCMAIL, mail("not an address <@@>", "Broken sender", poison, "", "x")
                .getBytes(StandardCharsets.UTF_8));
        MailServers.deliver(MailServers.DOCMAIL, mail("fine-" + UUID.randomUUID() + "@customer.example", "Fine", fine, "",
                "ok").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", fine) == 1);
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", poison) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT outcome, detail FROM mail_intake WHERE message_key = ?", poison);
        assertThat(row.values()).element(0).isEqualTo("PARKED");
        assertThat((String) row.values().toArray()[1]).startsWith("failed 3 times");
        await().atMost(WAIT).until(() -> MailServers.folder(MailServers.DOCMAIL, "Parked").getMessages().stream()
                .anyMatch(m -> poison.equals(messageId(m))));
    }

    // ---- helpers -------------------------------------------------------------------------------

    HubHttp.Reply transition(String key, String action) {
        return http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/transitions", "{\"action\":\"" + action + "\"}")));
    }
}
