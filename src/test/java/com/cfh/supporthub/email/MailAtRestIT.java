package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.lifecycle.Accounts;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;

/**
 * Issue 14.1 (P14, P13): nothing the redactor removes survives at rest. Mail carrying a card number and a
 * password in its subject, text, HTML, a text attachment (with the card number in its file name too), a
 * forwarded message, a parked message and an auto-reply is taken in over real IMAP; then every file under the
 * data folder (HSQLDB's own .script/.log/.data files and the stored files) and every column of every table is
 * searched. A manager then redacts a phrase the patterns do not know, and the search is repeated for it.
 */
class MailAtRestIT extends EmailIT {

    private static final String CARD = "5555 5555 5555 4444";
    private static final String PASSWORD = "Summer2026!";
    /** What the manager redacts: no pattern knows it (one of its own per run: the PostgreSQL database outlives runs). */
    private static final String PHRASE = "Blue Heron Lighthouse " + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    StoredFiles storedFiles;

    @Test
    @DisplayName("P14 P13: after intake and after a manager's redaction, no file under the data folder and no row holds what was removed")
    void nothingRedactedSurvivesAtRest_P14() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "rest-" + run + "@customer.example";
        String id = "<rest-" + run + "@customer.example>";
        String parked = "<rest-parked-" + run + "@customer.example>";
        String secrets = "My card is " + CARD + " (or " + CARD.replace(" ", "") + ") and my password is " + PASSWORD + ".";

        MailServers.deliver(MailServers.DOCMAIL, customerMail(customer, id, secrets + " The vault phrase is " + PHRASE + "."));
        // no sender: parked, with its copy kept (hub.email.raw-copies)
        MailServers.deliver(MailServers.DOCMAIL, ("To: " + MailServers.DOCMAIL + "\r\nSubject: card " + CARD
                + "\r\nMessage-ID: " + parked + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + secrets + "\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key IN (?, ?)", id, parked) == 2);
        String key = jdbc.queryForObject("SELECT ticket_key FROM mail_intake WHERE message_key = ?", String.class, id);
        // an auto-reply naming the ticket, the card number in its subject: a system note on the ticket
        String auto = "<rest-auto-" + run + "@customer.example>";
        MailServers.deliver(MailServers.DOCMAIL, ("From: " + customer + "\r\nTo: " + MailServers.DOCMAIL
                + "\r\nSubject: Automatic reply: [" + key + "] card " + CARD + "\r\nMessage-ID: " + auto
                + "\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nAway: "
                + secrets + "\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", auto) == 1);

        assertThat(jdbc.queryForList("SELECT outcome FROM mail_intake WHERE message_key IN (?, ?, ?) ORDER BY outcome",
                String.class, id, parked, auto)).containsExactly("LOOP", "PARKED", "TICKET");
        assertThat(count("SELECT COUNT(*) FROM mail_intake WHERE message_key IN (?, ?) AND raw_sha256 IS NOT NULL", id,
                parked)).as("redacted copies kept").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM mail_attachment WHERE message_key = ? AND skipped_reason IS NULL", id))
                .as("text attachment, forwarded message and PDF kept").isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ? AND body_html IS NOT NULL", id))
                .as("the HTML shown to agents kept, redacted").isEqualTo(1);

        for (String removed : new String[] {CARD, CARD.replace(" ", ""), PASSWORD}) {
            assertThat(filesHolding(removed)).as("files under the data folder holding %s", removed).isEmpty();
            assertThat(rowsHolding(removed)).as("rows holding %s", removed).isEmpty();
        }
        // the search finds what is there: the phrase no pattern knows is in the message, its copy and its text
        // attachment, i.e. in the database files and the stored files (HSQLDB), or in stored_file rows (PostgreSQL)
        if (storedFiles instanceof FileSystemStoredFiles) {
            assertThat(filesHolding(PHRASE)).anyMatch(p -> p.contains("db")).anyMatch(p -> p.contains("attachments"));
            assertThat(rowsHolding(PHRASE)).contains("\"PUBLIC\".\"TICKET_MESSAGE\".BODY");
        } else {
            assertThat(rowsHolding(PHRASE)).contains("\"public\".\"ticket_message\".body",
                    "\"public\".\"stored_file\".content");
        }

        // a manager redacts the phrase from the stored message: every stored copy of it goes too
        Accounts.create(jdbc);
        long messageId = count("SELECT id FROM ticket_message WHERE external_id = ?", id);
        HubHttp.Reply redacted = http.send(Accounts.as(Accounts.MANAGER, http.post("/api/v1/tickets/" + key + "/messages/"
                + messageId + "/redaction", "{\"values\":[\"" + PHRASE + "\"]}")));
        assertThat(redacted.status()).as(redacted.body()).isEqualTo(200);
        assertThat(rowsHolding(PHRASE)).as("rows holding the redacted phrase").isEmpty();
        assertThat(filesHolding(PHRASE)).as("files under the data folder holding the redacted phrase").isEmpty();
    }

    /** The mail of the test: subject, text, HTML, a text attachment, a forwarded message and a PDF. */
    private static byte[] customerMail(String from, String messageId, String secrets) throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage forwarded = new MimeMessage(session);
        forwarded.setFrom(new InternetAddress("colleague@customer.example"));
        forwarded.setSubject("Card " + CARD, "UTF-8");
        forwarded.setText("Forwarded: " + secrets, "UTF-8");
        forwarded.saveChanges();
        ByteArrayOutputStream forwardedBytes = new ByteArrayOutputStream();
        forwarded.writeTo(forwardedBytes);

        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hello,\n\n" + secrets + "\n\nRegards", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hello,</p><p>My card is " + CARD + " and my password is <b>" + PASSWORD + "</b>.</p><p>"
                + "The vault phrase is " + PHRASE + ".</p>", "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);

        MimeBodyPart notes = new MimeBodyPart();
        notes.setDataHandler(new DataHandler(new ByteArrayDataSource(("Notes: " + secrets).getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8")));
        notes.setFileName("card-" + CARD.replace(" ", "") + ".txt");
        notes.setHeader("Content-Transfer-Encoding", "base64");
        MimeBodyPart eml = new MimeBodyPart();
        eml.setDataHandler(new DataHandler(new ByteArrayDataSource(forwardedBytes.toByteArray(), "message/rfc822")));
        eml.setFileName("forwarded.eml");
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(("%PDF-1.4 invoice " + UUID.randomUUID())
                .getBytes(StandardCharsets.US_ASCII), "application/pdf")));
        pdf.setFileName("invoice.pdf");

        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(MailServers.DOCMAIL));
        mail.setSubject("Card " + CARD + " charged twice", "UTF-8");
        mail.setContent(new MimeMultipart("mixed", body, notes, eml, pdf));
        mail.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toByteArray();
    }

    /** Every file under the data folder whose bytes hold {@code needle}. */
    private static List<String> filesHolding(String needle) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.exists(Path.of("target/it-email-data"))) {
            return found; // PostgreSQL with its default database store: nothing is kept under the data folder
        }
        try (Stream<Path> files = Files.walk(Path.of("target/it-email-data"))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(needle)) {
                        found.add(p.toString());
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file the database removed meanwhile
                }
            }
        }
        return found;
    }

    /** table.column of every value of every table (text, binary, LOBs) that holds {@code needle}. */
    private List<String> rowsHolding(String needle) throws SQLException, IOException {
        List<String> found = new ArrayList<>();
        try (Connection c = jdbc.getDataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && schema.equalsIgnoreCase("public")) {
                        tables.add("\"" + schema + "\".\"" + rs.getString("TABLE_NAME") + "\"");
                    }
                }
            }
            assertThat(tables).as("tables found").hasSizeGreaterThan(20);
            for (String table : tables) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = text(rs.getObject(i));
                            if (value != null && value.contains(needle)) {
                                found.add(table + "." + rs.getMetaData().getColumnName(i));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String text(Object value) throws SQLException, IOException {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Blob blob) {
            try (InputStream in = blob.getBinaryStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value == null ? null : value.toString();
    }
}
