package com.cfh.supporthub.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.mail.Flags;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.icegreen.greenmail.store.StoredMessage;

/**
 * Base of the e-mail integration tests: the whole hub polling the product mailboxes of the shared
 * GreenMail every second (Docmail has two) and sending through its SMTP server. A database of its own (the Quartz jobs
 * of the mailbox routes live there), one Spring context for every subclass.
 */
@TestPropertySource(properties = {
        // Quartz keeps each scheduler's DataSource in a JVM-wide registry by scheduler name: a name of its
        // own, or the other test context's database would be used for this context's job store
        "spring.quartz.properties.org.quartz.scheduler.instanceName=support-hub-email-it",
        "hub.products.docmail.mailbox.protocol=imap",
        "hub.products.docmail.mailbox.host=127.0.0.1",
        "hub.products.docmail.mailbox.username=" + MailServers.DOCMAIL,
        "hub.products.docmail.mailbox.password=" + MailServers.PASSWORD,
        "hub.products.docmail.mailbox.poll-interval=1s",
        "hub.products.runmy.mailbox.protocol=imap",
        "hub.products.runmy.mailbox.host=127.0.0.1",
        "hub.products.runmy.mailbox.username=" + MailServers.RUNMY,
        "hub.products.runmy.mailbox.password=" + MailServers.PASSWORD,
        "hub.products.runmy.mailbox.poll-interval=1s",
        "hub.products.runmy.mailbox.processed-folder=Processed",
        // a second Docmail mailbox (issue 17), route intake-email-docmail-billing
        "hub.products.docmail.mailboxes.billing.protocol=imap",
        "hub.products.docmail.mailboxes.billing.host=127.0.0.1",
        "hub.products.docmail.mailboxes.billing.username=" + MailServers.DOCMAIL_BILLING,
        "hub.products.docmail.mailboxes.billing.password=" + MailServers.PASSWORD,
        "hub.products.docmail.mailboxes.billing.poll-interval=1s",
        // staff (issue 14.3): anyone at staff.support.example, besides the escalation tiers of HubIT
        "hub.email.internal-domains=staff.support.example",
        // a redacted copy of every message, so the privacy tests see every kind of stored copy (issue 14.1)
        "hub.email.raw-copies.keep=all",
        "hub.smtp.host=127.0.0.1",
        "hub.smtp.from=help@support.example",
        "hub.smtp.timeout=5s",
        "hub.mail.auto-daily-cap=3",
        "hub.email.max-attachment-bytes=500000"
})
public abstract class EmailIT extends HubIT {

    static {
        TestFiles.deleteTree("target/it-email-data");
    }

    @DynamicPropertySource
    static void mailServers(DynamicPropertyRegistry registry) {
        registry.add("hub.products.docmail.mailbox.port", MailServers::imapPort);
        registry.add("hub.products.docmail.mailboxes.billing.port", MailServers::imapPort);
        // the mail drain benchmark may point the RunMy mailbox at another IMAP server (bench/dovecot-bench.sh)
        registry.add("hub.products.runmy.mailbox.port",
                () -> System.getProperty("hub.bench.imap.port", String.valueOf(MailServers.imapPort())));
        // the outbound benchmark may point the hub at Postfix's smtp-sink (bench/outbound-bench.sh)
        registry.add("hub.smtp.port", () -> System.getProperty("hub.bench.sink-port", String.valueOf(MailServers.smtpPort())));
        // dynamic properties win over HubIT's hub.data-dir
        registry.add("hub.data-dir", () -> "target/it-email-data");
    }

    /** How long a test waits for the mailbox routes. */
    protected static final Duration WAIT = Duration.ofSeconds(90);

    // ---- mail in and out of the GreenMail mailboxes ------------------------------------------------

    /** A plain-text mail as it arrives: {@code extraHeaders} end with CRLF. */
    public static String mail(String from, String subject, String messageId, String extraHeaders, String body) {
        return "From: " + from + "\r\nTo: " + MailServers.DOCMAIL + "\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n" + extraHeaders
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n";
    }

    /** Delivers a mail and waits until the hub finished with it; returns its ticket key. */
    protected String deliverAndWait(String mailbox, String mail, String messageId) {
        MailServers.deliver(mailbox, mail.getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", messageId) == 1);
        return jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, messageId);
    }

    public static String messageId(StoredMessage m) {
        try {
            return m.getMimeMessage().getMessageID();
        } catch (Exception e) {
            return null;
        }
    }

    public static long unseen(String mailbox, String id) {
        return unseenMatching(mailbox, id::equals);
    }

    public static long unseenContaining(String mailbox, String part) {
        return unseenMatching(mailbox, i -> i.contains(part));
    }

    private static long unseenMatching(String mailbox, java.util.function.Predicate<String> id) {
        List<StoredMessage> all = MailServers.folder(mailbox, "INBOX").getMessages();
        return all.stream().filter(m -> !m.isSet(Flags.Flag.SEEN)).map(EmailIT::messageId)
                .filter(i -> i != null && id.test(i)).count();
    }
}
