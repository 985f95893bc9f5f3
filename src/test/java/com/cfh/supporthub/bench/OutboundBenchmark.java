package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.outbox.MailMessageIds;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.cfh.supporthub.support.PackagedHub;

/**
 * Outbound mail benchmark (issue 15.3): N queued customer mails (default 15,000) drained by the hub's
 * {@code outbox-customer-mail} route to an SMTP sink (GreenMail in this JVM), with one node (this JVM's hub, HSQLDB
 * or PostgreSQL) or two (-Dhub.bench.nodes=2: plus a packaged hub as a child process on the same PostgreSQL
 * database). Each mail exactly once is asserted (distinct Message-IDs at the sink = N = messages at the sink);
 * timings are only reported, with the sink's own ceiling measured in the same run as the baseline (this JVM sending
 * N prebuilt messages over one SMTP connection). Not a test: run {@code bench/outbound-bench.sh}.
 */
@EnabledIfSystemProperty(named = "hub.bench", matches = "outbound", disabledReason = "benchmark: bench/outbound-bench.sh")
class OutboundBenchmark extends EmailIT {

    private static final PackagedHub HUBS = new PackagedHub();

    @Autowired
    IdAllocator ids;
    @Autowired
    MailMessageIds messageIds;

    @DynamicPropertySource
    static void outbound(DynamicPropertyRegistry registry) {
        // this node's route runs as in production (a timer), every second
        registry.add("hub.outbox.destinations.customer-mail.enabled", () -> "true");
        registry.add("hub.outbox.destinations.customer-mail.poll-interval", () -> "1s");
        registry.add("hub.outbox.destinations.customer-mail.batch-size",
                () -> System.getProperty("hub.bench.batch", "50"));
        registry.add("hub.products.docmail.mailbox.host", () -> "");
        registry.add("hub.products.runmy.mailbox.host", () -> "");
        registry.add("hub.products.docmail.mailboxes.billing.host", () -> "");
    }

    @AfterAll
    static void stop() {
        HUBS.stopAll();
    }

    @Test
    void drain() throws Exception {
        int n = Integer.getInteger("hub.bench.messages", 15_000);
        int nodes = Integer.getInteger("hub.bench.nodes", 1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        double sinkRate = sinkCeiling(n, run);

        if (nodes == 2) {
            startSecondNode();
        }
        // queued, not yet due: then all due at one instant
        Instant later = Instant.now().plus(Duration.ofDays(1));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = ids.next("outbox_seq");
            rows.add(new Object[] {id, "{\"to\":[\"o" + i + "-" + run + "@sink.example\"],\"cc\":[],\"subject\":\"Outbound "
                    + i + "\",\"text\":\"Benchmark mail " + i + ".\",\"automatic\":false}", SlaColumns.ts(later),
                    SlaColumns.ts(Instant.now()), messageIds.forRow("customer-mail", null, id)});
            if (rows.size() == 1000) {
                insert(rows);
            }
        }
        insert(rows);
        Instant start = Instant.now();
        jdbc.update("UPDATE outbox SET available_at = ? WHERE status = 'PENDING' AND payload LIKE ?",
                SlaColumns.ts(start), "%-" + run + "@sink.example%");
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT COUNT(*) FROM outbox WHERE status <> 'PENDING' AND payload LIKE ?",
                        "%-" + run + "@sink.example%") >= n);
        Instant last = jdbc.queryForObject("SELECT MAX(delivered_at) FROM outbox WHERE payload LIKE ?",
                java.time.OffsetDateTime.class, "%-" + run + "@sink.example%").toInstant();
        double seconds = Duration.between(start, last).toMillis() / 1000.0;

        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'DONE' AND payload LIKE ?",
                "%-" + run + "@sink.example%")).isEqualTo(n);
        Set<String> distinct = new HashSet<>();
        int received = 0;
        for (MimeMessage m : MailServers.greenMail().getReceivedMessages()) {
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.endsWith("-" + run + "@sink.example")) {
                received++;
                distinct.add(m.getMessageID());
            }
        }
        assertThat(received).as("messages at the sink").isEqualTo(n);
        assertThat(distinct).as("distinct Message-IDs at the sink").hasSize(n);
        String db = "postgres".equals(System.getProperty("spring.profiles.active")) ? "PostgreSQL" : "HSQLDB";
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String report = String.format(Locale.ROOT, "outbound: %d mails, %d node(s), %s, batch %s: %.1f s = %.0f mails/s; "
                        + "sink ceiling (one connection, this JVM) %.0f mails/s, ratio %.2f; %d received, %d distinct "
                        + "Message-IDs; load average %.1f%n", n, nodes, db, System.getProperty("hub.bench.batch", "50"), seconds,
                n / seconds, sinkRate, (n / seconds) / sinkRate, received, distinct.size(), load);
        System.out.print(report);
        Files.writeString(Path.of("target/outbound-bench.txt"), report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void insert(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO outbox (id, event_type, payload, status, available_at, created_at, destination, "
                    + "priority, message_id) VALUES (?, 'mail.notice', ?, 'PENDING', ?, ?, 'customer-mail', 1, ?)", rows);
            rows.clear();
        }
    }

    /** The sink's ceiling: n prebuilt messages over one SMTP connection from this JVM, mails/s. */
    private double sinkCeiling(int n, String run) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(MailServers.smtpPort()));
        Session session = Session.getInstance(p);
        List<MimeMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("help@support.example"));
            m.addRecipient(Message.RecipientType.TO, new InternetAddress("b" + i + "-" + run + "@baseline.example"));
            m.setSubject("Baseline " + i);
            m.setText("Benchmark mail " + i + ".");
            m.saveChanges();
            messages.add(m);
        }
        long t = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage m : messages) {
                transport.sendMessage(m, m.getAllRecipients());
            }
        }
        return n / ((System.nanoTime() - t) / 1e9);
    }

    private void startSecondNode() throws Exception {
        Path dir = Files.createTempDirectory("outbound-bench-node2");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = HUBS.start(dir, port, "--spring.profiles.active=postgres",
                "--hub.smtp.host=127.0.0.1", "--hub.smtp.port=" + MailServers.smtpPort(), "--hub.smtp.from=help@support.example",
                "--hub.outbox.destinations.customer-mail.poll-interval=1s",
                "--hub.outbox.destinations.customer-mail.batch-size=" + System.getProperty("hub.bench.batch", "50"),
                "--spring.quartz.auto-startup=false",
                "--hub.sla.scan.cron=0 0 0 1 1 ? 2099", "--hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099", "--hub.retention.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.email.raw-copies.expiry-cron=0 0 0 1 1 ? 2099");
        PackagedHub.awaitReady(new HubHttp(port), p, PackagedHub.START_LIMIT);
    }
}
