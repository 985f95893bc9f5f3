package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.PackagedHub;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real restart in the middle of a full mailbox (P03): the packaged hub drains a GreenMail IMAP
 * mailbox of N distinct messages, is killed with SIGKILL part way through, restarted on the same
 * data folder, and must end with exactly one ticket per message. GreenMail is an instance of its own
 * (not {@code MailServers}): the Spring contexts of the other e-mail tests in this JVM poll that one.
 */
class MailRestartIT {

    private static final int N = 300;
    private static final String MAILBOX = "customersupport@runmy.com";
    private static final String PASSWORD = "restart-secret";

    private final PackagedHub hubs = new PackagedHub();
    private GreenMail greenMail;

    @AfterEach
    void stopAll() {
        hubs.stopAll();
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    @DisplayName("P03: killed with SIGKILL in the middle of a full mailbox, the restarted hub makes one ticket per message, none lost")
    void sigkillInTheMiddleOfAFullMailbox() throws Exception {
        greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
                new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}));
        greenMail.start();
        GreenMailUser user = greenMail.setUser(MAILBOX, MAILBOX, PASSWORD);

        Path dataDir = Files.createDirectories(Path.of("target", "mail-restart-it", UUID.randomUUID().toString()));
        int port = PackagedHub.freePort();
        HubHttp http = new HubHttp(port);
        Process hub = start(dataDir, port);
        PackagedHub.awaitReady(http, hub, PackagedHub.START_LIMIT);

        // the full mailbox, filled at once so that one poll finds all of it
        String run = UUID.randomUUID().toString();
        Set<String> messageIds = new HashSet<>();
        Set<String> senders = new HashSet<>();
        for (int i = 0; i < N; i++) {
            String id = "<mail-restart-" + i + "-" + run + "@customer.example>";
            String from = "sender-" + i + "-" + run + "@customer.example";
            messageIds.add(id);
            senders.add(from);
            user.deliver(message(from, id, i));
        }

        // some but not all messages have become tickets: kill -9 in the middle of the drain
        AtomicLong seenBeforeKill = new AtomicLong();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(hub.isAlive()).as("hub process alive").isTrue();
                    seenBeforeKill.set(ticketCount(http));
                    return seenBeforeKill.get() >= N / 5;
                });
        hub.destroyForcibly();
        assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long beforeKill = seenBeforeKill.get();
        assertThat(beforeKill).as("killed in the middle of the mailbox, not after it").isLessThan(N);

        Process again = start(dataDir, port);
        PackagedHub.awaitReady(http, again, PackagedHub.START_LIMIT);
        long afterRestartReady = ticketCount(http);
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(again.isAlive()).as("hub process alive").isTrue();
                    return unseen(user) == 0 && ticketCount(http) >= N;
                });

        // every sender (one per message) has exactly one ticket: checked through the agent API
        List<String> requesters = PackagedHub.allTickets(http, "runmy", item -> item.get("requester").get("email").asText());
        assertThat(requesters).hasSize(N);
        assertThat(new HashSet<>(requesters)).isEqualTo(senders);

        // stopped cleanly (SIGTERM: HSQLDB closes its files), then the database itself
        again.destroy();
        assertThat(again.waitFor(90, TimeUnit.SECONDS)).as("hub stopped on SIGTERM").isTrue();
        Map<String, Integer> perMessage = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:hsqldb:file:"
                + dataDir.resolve("db").resolve("hub").toAbsolutePath() + ";shutdown=true", "SA", "")) {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT external_id, COUNT(*) FROM ticket_message WHERE external_id LIKE ? GROUP BY external_id")) {
                st.setString(1, "<mail-restart-%-" + run + "@customer.example>");
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        perMessage.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT message_key, outcome FROM mail_intake WHERE message_key LIKE ?")) {
                st.setString(1, "<mail-restart-%-" + run + "@customer.example>");
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        outcomes.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        System.out.printf("MailRestartIT: N=%d, tickets at the kill=%d, when the restarted hub was ready=%d, "
                + "at the end=%d, message ids=%d%n", N, beforeKill, afterRestartReady, requesters.size(), perMessage.size());
        assertThat(perMessage.keySet()).as("every Message-ID has its ticket message").isEqualTo(messageIds);
        assertThat(perMessage.values()).as("no Message-ID twice").allMatch(c -> c == 1);
        assertThat(outcomes.keySet()).as("every message has its mail_intake outcome").isEqualTo(messageIds);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static MimeMessage message(String from, String messageId, int i) throws Exception {
        String raw = "From: " + from + "\r\nTo: " + MAILBOX + "\r\nSubject: Restart " + i + "\r\nMessage-ID: "
                + messageId + "\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nBody of message " + i + "\r\n";
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private long unseen(GreenMailUser user) throws Exception {
        return greenMailInbox(user).getMessages().stream()
                .filter(m -> !m.isSet(jakarta.mail.Flags.Flag.SEEN)).count();
    }

    private com.icegreen.greenmail.store.MailFolder greenMailInbox(GreenMailUser user) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(user);
    }

    private Process start(Path dataDir, int port) throws IOException {
        return hubs.start(dataDir, port,
                "--hub.products.runmy.mailbox.protocol=imap",
                "--hub.products.runmy.mailbox.host=127.0.0.1",
                "--hub.products.runmy.mailbox.port=" + greenMail.getImap().getPort(),
                "--hub.products.runmy.mailbox.username=" + MAILBOX,
                "--hub.products.runmy.mailbox.password=" + PASSWORD,
                "--hub.products.runmy.mailbox.poll-interval=1s");
    }

    private static long ticketCount(HubHttp http) {
        HubHttp.Reply reply = http.send(http.asAdmin(http.get("/api/v1/tickets?product=runmy&size=1&page=0")));
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("total").asLong();
    }
}
