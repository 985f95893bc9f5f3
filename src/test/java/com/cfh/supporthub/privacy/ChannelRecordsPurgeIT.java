package com.cfh.supporthub.privacy;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.email.StoredFiles;
import com.cfh.supporthub.lifecycle.LifecycleHubIT;
import com.cfh.supporthub.sla.SlaColumns;

/**
 * P13 across channels: the 2-year purge also removes what the phone and e-mail channels keep beside a
 * ticket (call logs with caller numbers and transcriptions, mail outcomes, attachment rows and their
 * files), and the records that never became a ticket (logged calls, auto-replies, parked mail).
 */
class ChannelRecordsPurgeIT extends LifecycleHubIT {

    private static final String CTI = "/api/v1/telephony/cti/PhXp3ZG63QyJfcb1pVOnBKJWIbI";

    @Autowired
    RetentionPurge purge;

    @Autowired
    StoredFiles files;

    @Test
    @DisplayName("P13 P04 P03: call logs, mail outcomes, attachments and their files go with the ticket; old channel records without a ticket go too")
    void purgeRemovesChannelRecords_P13() {
        clock.pin("2023-03-07T10:00:00Z"); // a Tuesday, open
        String missed = "purge-missed-" + UUID.randomUUID();
        String logged = "purge-logged-" + UUID.randomUUID();
        // A missed call from a new number becomes a ticket (P04); an answered one is only logged
        assertThat(cti("event=newCall&from=447700900555&to=442079460958&direction=in&callId=" + missed)).isEqualTo(200);
        assertThat(cti("event=hangup&from=447700900555&to=442079460958&direction=in&callId=" + missed + "&cause=cancel"))
                .isEqualTo(200);
        assertThat(cti("event=newCall&from=447700900556&to=442079460958&direction=in&callId=" + logged)).isEqualTo(200);
        assertThat(cti("event=answer&from=447700900556&to=442079460958&direction=in&callId=" + logged + "&user=Alice"))
                .isEqualTo(200);
        assertThat(cti("event=hangup&from=447700900556&to=442079460958&direction=in&callId=" + logged + "&cause=normalClearing"))
                .isEqualTo(200);
        String phoneTicket = jdbc.queryForObject("SELECT t.ticket_key FROM call_log c JOIN ticket t ON t.id = c.ticket_id "
                + "WHERE c.call_id = ?", String.class, missed);
        assertThat(count("SELECT COUNT(*) FROM call_log WHERE call_id = ? AND ticket_id IS NULL", logged)).isEqualTo(1);

        // An e-mail ticket's channel records: its outcome row and an attachment stored once under its digest
        String mailTicket = newTicket("docmail", email("mail-purge"), "Invoice", "See the attached invoice");
        long mailTicketId = ticketId(mailTicket);
        byte[] pdf = ("%PDF-1.4 invoice " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        String sha = com.cfh.supporthub.email.MailParser.sha256Hex(pdf);
        files.put(sha, pdf);
        String messageKey = "<" + UUID.randomUUID() + "@customer.example>";
        jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, ticket_id, ticket_key, raw_sha256, raw_size, "
                + "created_at) VALUES (?, 'docmail', 'TICKET', ?, ?, ?, ?, ?)", messageKey, mailTicketId, mailTicket, sha,
                pdf.length, SlaColumns.ts(clock.instant()));
        jdbc.update("INSERT INTO mail_attachment (id, ticket_id, message_key, file_name, content_type, size_bytes, sha256, "
                + "created_at) VALUES (?, ?, ?, 'invoice.pdf', 'application/pdf', ?, ?, ?)", 900_000_001L, mailTicketId,
                messageKey, pdf.length, sha, SlaColumns.ts(clock.instant()));
        // An auto-reply that matched no ticket: recorded without one
        String loopKey = "<" + UUID.randomUUID() + "@vacation.example>";
        jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, detail, created_at) "
                + "VALUES (?, 'docmail', 'LOOP', 'Auto-Submitted: auto-replied', ?)", loopKey, SlaColumns.ts(clock.instant()));

        for (String key : new String[] {phoneTicket, mailTicket}) {
            assertThat(post(AGENT, "/api/v1/tickets/" + key + "/replies", "{\"text\":\"Done\"}").status()).isEqualTo(200);
            assertThat(post(AGENT, "/api/v1/tickets/" + key + "/transitions", "{\"action\":\"RESOLVE\"}").status())
                    .isEqualTo(200);
        }
        long phoneTicketId = ticketId(phoneTicket);

        clock.pin("2025-03-06T10:00:00Z"); // not yet two years: everything stays
        purge.run();
        assertThat(count("SELECT COUNT(*) FROM call_log WHERE call_id IN (?, ?)", missed, logged)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key IN (?, ?)", messageKey, loopKey)).isEqualTo(2);
        assertThat(files.contains(sha)).isTrue();

        clock.pin("2025-03-09T10:00:00Z");
        RetentionPurge.Result result = purge.run();
        assertThat(result.tickets()).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id IN (?, ?)", phoneTicketId, mailTicketId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM call_log WHERE call_id IN (?, ?)", missed, logged)).isZero();
        assertThat(count("SELECT COUNT(*) FROM contact WHERE phone IN ('+447700900555', '+447700900556')")).isZero();
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key IN (?, ?)", messageKey, loopKey)).isZero();
        assertThat(count("SELECT COUNT(*) FROM mail_attachment WHERE ticket_id = ?", mailTicketId)).isZero();
        assertThat(files.contains(sha)).as("attachment file of a purged ticket").isFalse();
        assertThat(count("SELECT COUNT(*) FROM ticket_stats WHERE ticket_id IN (?, ?)", phoneTicketId, mailTicketId))
                .isEqualTo(2);
    }

    private int cti(String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CTI))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        return http.send(b).status();
    }
}
