package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cfh.supporthub.SupportHubApplication;
import com.cfh.supporthub.privacy.RetentionPurge;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.cfh.supporthub.support.MutableClock;

/**
 * Issue 14.4 (P13) with two nodes on one PostgreSQL database: node A (this test's hub) takes in a mail with an
 * attachment, node B (a second Spring context, its own data folder) reads the stored file and runs the 2-year
 * purge, which removes the file wherever it is kept. And a node-local folder store is refused at start-up.
 * PostgreSQL suite only: the embedded HSQLDB is one process's file database.
 */
@EnabledIfSystemProperty(named = "spring.profiles.active", matches = ".*postgres.*")
class StoredFilesClusterIT extends EmailIT {

    private static ConfigurableApplicationContext nodeB;

    @Autowired
    StoredFiles filesA;

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    /** Node B: no mailbox, its own data folder and Quartz scheduler name, the same database. */
    private static ConfigurableApplicationContext nodeB() {
        if (nodeB == null) {
            nodeB = new SpringApplicationBuilder(SupportHubApplication.class, MutableClock.Config.class)
                    .run(args("support-hub-files-node-b"));
        }
        return nodeB;
    }

    private static String[] args(String scheduler, String... more) {
        String[] base = {"--server.port=0", "--hub.data-dir=target/it-data-files-node-b",
                "--spring.quartz.properties.org.quartz.scheduler.instanceName=" + scheduler,
                "--hub.security.admin-username=" + HubHttp.ADMIN_USER, "--hub.security.admin-password=" + HubHttp.ADMIN_PASSWORD,
                "--hub.sla.scan.cron=0 0 0 1 1 ? 2099", "--hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099", "--hub.retention.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.outbox.destinations.customer-mail.enabled=false", "--hub.outbox.destinations.staff-mail.enabled=false", "--hub.email.raw-copies.expiry-cron=0 0 0 1 1 ? 2099"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    @DisplayName("P13 issue 14.4: a mail's attachment taken in on node A is read by node B, and node B's purge removes it")
    void purgeOnAnotherNodeRemovesStoredFiles_P13() {
        String run = UUID.randomUUID().toString();
        String id = "<files-" + run + "@customer.example>";
        byte[] pdf = ("%PDF-1.4 statement " + run).getBytes(StandardCharsets.US_ASCII);
        clock.pin("2026-03-02T09:00:00Z");
        MailServers.deliver(MailServers.DOCMAIL, ("From: files-" + run + "@customer.example\r\nTo: " + MailServers.DOCMAIL
                + "\r\nSubject: Statement\r\nMessage-ID: " + id + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached\r\n"
                + "--b\r\nContent-Type: application/pdf; name=statement.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", id) == 1);
        String key = jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, id);
        String sha = jdbc.queryForObject("SELECT sha256 FROM mail_attachment WHERE message_key = ?", String.class, id);
        String copy = jdbc.queryForObject("SELECT raw_sha256 FROM mail_intake WHERE message_key = ?", String.class, id);
        assertThat(count("SELECT COUNT(*) FROM stored_file WHERE sha256 IN (?, ?)", sha, copy))
                .as("attachment and message copy kept in the database on PostgreSQL").isEqualTo(2);

        StoredFiles filesB = nodeB().getBean(StoredFiles.class);
        assertThat(filesB.get(sha)).as("node B reads node A's file").contains(pdf);

        assertThat(http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/transitions", "{\"action\":\"RESOLVE\"}")))
                .status()).isEqualTo(200);
        clock.pin("2028-03-10T10:00:00Z");
        RetentionPurge.Result purged = nodeB().getBean(RetentionPurge.class).run();

        assertThat(purged.tickets()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE ticket_key = ?", key)).isZero();
        assertThat(count("SELECT COUNT(*) FROM stored_file WHERE sha256 IN (?, ?)", sha, copy)).isZero();
        assertThat(filesA.contains(sha)).as("node A no longer has the file either").isFalse();
    }

    @Test
    @DisplayName("P13 issue 14.4: on PostgreSQL a folder store on one node's disk is refused at start-up, unless declared shared or the only node")
    void nodeLocalFolderRefusedOnPostgres_P13() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SupportHubApplication.class, MutableClock.Config.class)
                .run(args("support-hub-files-refused", "--hub.files.store=filesystem")))
                .hasStackTraceContaining("hub.files.store=filesystem on PostgreSQL keeps attachments and message copies on "
                        + "this node's disk");
    }
}
