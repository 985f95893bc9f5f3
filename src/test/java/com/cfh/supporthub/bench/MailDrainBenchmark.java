package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.MailServers;

/**
 * Mailbox drain benchmark (issue 4, item 10): 10,000 messages (BENCH_MESSAGES) waiting in the RunMy
 * mailbox of an IMAP server, the intake-email-runmy route started, the time until every one has its
 * outcome. Not a test (neither *Test nor *IT) and only with -Dhub.bench=mail: run
 * {@code bench/mail-drain-bench.sh}. Asserts exactly one outcome (a ticket) per message; timings are
 * only reported. Against GreenMail in this JVM by default; with -Dhub.bench.imap.host/port/user/password
 * against another server (Dovecot), whose mailbox the script fills beforehand. With -Dhub.bench.warmup=W,
 * W warm-up messages wait ahead of the measured ones: drained and checked, but outside the timed span.
 */
@EnabledIfSystemProperty(named = "hub.bench", matches = "mail", disabledReason = "benchmark: bench/mail-drain-bench.sh")
class MailDrainBenchmark extends EmailIT {

    @Autowired
    CamelContext camel;

    /** With -Dhub.bench.imap.port the RunMy mailbox is another server's (Dovecot), filled by bench/dovecot-bench.sh. */
    @DynamicPropertySource
    static void externalImap(DynamicPropertyRegistry registry) {
        String port = System.getProperty("hub.bench.imap.port");
        if (port != null) {
            registry.add("hub.products.runmy.mailbox.username", () -> System.getProperty("hub.bench.imap.user"));
            registry.add("hub.products.runmy.mailbox.password", () -> System.getProperty("hub.bench.imap.password"));
        }
        registry.add("hub.products.runmy.mailbox.processed-folder", () -> "");
        // the hub's defaults, not the e-mail tests' (EmailIT keeps a copy of every message)
        registry.add("hub.email.raw-copies.keep", () -> "parked");
    }

    @Test
    void drain() throws Exception {
        int n = Integer.getInteger("hub.bench.messages", 10_000);
        // Warm-up messages ahead of the measured ones in the mailbox (JIT, caches): drained and checked, not timed.
        int warmup = Integer.getInteger("hub.bench.warmup", 0);
        boolean external = System.getProperty("hub.bench.imap.port") != null;
        String run = external ? System.getProperty("hub.bench.run") : UUID.randomUUID().toString().substring(0, 8);
        double fillSeconds = 0;
        if (!external) { // fill GreenMail with the route stopped; Dovecot's mailbox was filled before the hub started
            camel.getRouteController().stopRoute("intake-email-runmy");
            long fill = System.nanoTime();
            for (int i = 0; i < warmup; i++) {
                MailServers.deliver(MailServers.RUNMY, message("warm-" + run, i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < n; i++) {
                MailServers.deliver(MailServers.RUNMY, message(run, i).getBytes(StandardCharsets.UTF_8));
            }
            fillSeconds = (System.nanoTime() - fill) / 1e9;
            camel.getRouteController().startRoute("intake-email-runmy");
        }
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ?", "<bench-" + run + "-%") >= n);
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ? AND outcome = 'TICKET'",
                "<bench-warm-" + run + "-%")).isEqualTo(warmup);
        // drain time: from the first outcome recorded to the last, as the database saw them
        java.util.Map<String, Object> span = jdbc.queryForMap("SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at "
                + "FROM mail_intake WHERE message_key LIKE ?", "<bench-" + run + "-%");
        double seconds = Duration.between(((java.time.OffsetDateTime) span.get("first_at")).toInstant(),
                ((java.time.OffsetDateTime) span.get("last_at")).toInstant()).toMillis() / 1000.0;

        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ?", "<bench-" + run + "-%")).isEqualTo(n);
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key LIKE ? AND outcome = 'TICKET'",
                "<bench-" + run + "-%")).isEqualTo(n);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id LIKE ?", "<bench-" + run + "-%")).isEqualTo(n);
        String report = String.format(Locale.ROOT, (external ? "Dovecot" : "GreenMail") + " mail drain: %d messages in %.1f s = %.0f messages/s "
                        + "(first to last outcome, after %d warm-up messages; mailbox filled in %.1f s)%n",
                n, seconds, n / seconds, warmup, fillSeconds);
        System.out.print(report);
        Files.writeString(Path.of("target/mail-drain-bench.txt"), report);
    }

    static String message(String run, int i) {
        return "From: Customer " + i + " <c" + (i % 500) + "-" + run + "@customer.example>\r\n"
                + "To: " + MailServers.RUNMY + "\r\nSubject: Benchmark request " + i + "\r\n"
                + "Message-ID: <bench-" + run + "-" + i + "@customer.example>\r\n"
                + "Date: Mon, 2 Mar 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + ("Hello, request number " + i + " about my RunMy account.\r\n").repeat(10);
    }
}
