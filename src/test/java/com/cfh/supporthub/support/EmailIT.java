package com.cfh.supporthub.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

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
        registry.add("hub.smtp.port", MailServers::smtpPort);
        // dynamic properties win over HubIT's hub.data-dir
        registry.add("hub.data-dir", () -> "target/it-email-data");
    }
}
