package com.cfh.supporthub.email;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.cfh.supporthub.privacy.PiiRedactor;
import com.cfh.supporthub.sla.SlaColumns;

/**
 * What the e-mail channel keeps of a message beside its ticket text, and how it goes (P13, P14; issue 14.1, 14.4):
 * nothing the redactor removes is kept at rest.
 * <ul>
 * <li>Attachments: text ones ({@code text/*}, reports, JSON, XML) redacted like the body, forwarded messages
 * redacted part by part ({@link MimeRedaction}); one whose text cannot be read is not kept (only its name, type,
 * size and digest). Binary ones (PDF, images, archives, TNEF) are kept as they came: patterns cannot be
 * applied to them (docs/email.md).</li>
 * <li>Copies of whole messages ({@code hub.email.raw-copies}): none, parked messages only (the default) or every
 * message, always redacted, removed after {@code keep-for} by the {@code email-copy-expiry} route.</li>
 * <li>The sanitised HTML shown to agents: redacted; dropped when its text still shows something the patterns
 * find (a value split by markup).</li>
 * <li>A manager's redaction of a message covers its stored copies too, and on HSQLDB the database's own files.</li>
 * </ul>
 * Files are in {@link StoredFiles}, named by digest; one is deleted when no row names it any more.
 */
@Component("mailFiles")
public class MailFiles {

    private static final Logger LOG = LoggerFactory.getLogger(MailFiles.class);

    /** What is stored of one part: the bytes under their digest, or why there are none ({@code content} null). */
    public record Stored(String sha256, long size, String contentType, byte[] content, String skippedReason) {
    }

    private final StoredFiles files;
    private final MailParser parser;
    private final PiiRedactor redactor;
    private final MailSettings settings;
    private final StoredFilesProperties fileSettings;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Clock clock;
    private final MimeRedaction mime = new MimeRedaction();
    private final boolean hsqldb;

    public MailFiles(StoredFiles files, MailParser parser, PiiRedactor redactor, MailSettings settings,
                     StoredFilesProperties fileSettings, JdbcTemplate jdbc, Clock clock) throws MetaDataAccessException {
        this.files = files;
        this.parser = parser;
        this.redactor = redactor;
        this.settings = settings;
        this.fileSettings = fileSettings;
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        this.clock = clock;
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        this.hsqldb = product != null && product.toLowerCase(Locale.ROOT).contains("hsql");
    }

    public StoredFiles files() {
        return files;
    }

    /** An attachment as it may be kept: redacted when it is text, as it came when binary, nothing when unreadable. */
    public Stored attachment(ParsedAttachment a) {
        if (a.skipped()) {
            return new Stored(a.sha256(), a.size(), a.contentType(), null, a.skippedReason());
        }
        return redacted(a.contentType(), a.content(), this::patterns)
                .orElseGet(() -> new Stored(a.sha256(), a.size(), a.contentType(), null,
                        "not kept: its text could not be read to remove personal data (P14)"));
    }

    /**
     * A redacted copy of a whole message whose outcome is {@code outcome} (TICKET, REPLY, NOTE, LOOP, PARKED),
     * when {@code hub.email.raw-copies.keep} keeps one for it; empty when none is kept, or when its text cannot be
     * read (the mailbox still holds the message).
     */
    public Optional<Stored> copy(byte[] raw, String outcome) {
        MailSettings.Keep keep = settings.getEmail().getRawCopies().getKeep();
        if (keep == MailSettings.Keep.NONE || (keep == MailSettings.Keep.PARKED && !"PARKED".equals(outcome))) {
            return Optional.empty();
        }
        return redactMessage(raw, this::patterns, 0).map(bytes -> stored(bytes, "message/rfc822"));
    }

    /** The HTML shown to agents, redacted, or null when it would still show something the patterns find. */
    public String html(String html) {
        if (html == null) {
            return null;
        }
        String redacted = HtmlBodies.sanitize(patterns(html)); // sanitised again: a redaction may cut through markup
        String text = HtmlBodies.toText(redacted);
        // a marker may match again ("password is [REDACTED:password]"): only a change of the text counts
        return patterns(text).equals(text) ? redacted : null;
    }

    /** Stores what {@link #attachment} or {@link #copy} prepared (inside the caller's transaction). */
    public void put(Stored stored) {
        if (stored != null && stored.content() != null) {
            files.put(stored.sha256(), stored.content());
        }
    }

    /** A text the hub keeps about a message (a reason, a subject in a note), redacted. */
    public String patterns(String text) {
        return text == null ? null : redactor.redactText(text).text();
    }

    /**
     * A manager's redaction of message {@code messageId} (P14), inside its transaction: the message's redacted
     * copy and its text attachments lose the patterns' matches and {@code values} too; on HSQLDB the database's
     * files are compacted after the commit, so the removed text leaves its redo log and data file as well.
     * Returns the kinds removed from the stored copies.
     */
    public Set<String> redactStoredCopies(long messageId, List<String> values) {
        Set<String> kinds = new LinkedHashSet<>();
        UnaryOperator<String> redact = text -> {
            PiiRedactor.Redaction byPattern = redactor.redactText(text);
            PiiRedactor.Redaction byValue = redactor.redactValues(byPattern.text(), values, "manual");
            if (!byPattern.text().equals(text)) { // a marker can match again ("password is [REDACTED:password]")
                kinds.addAll(byPattern.kinds());
            }
            kinds.addAll(byValue.kinds());
            return byValue.text();
        };
        String key = jdbc.query("SELECT external_id FROM ticket_message WHERE id = ? AND channel = 'EMAIL'",
                rs -> rs.next() ? rs.getString(1) : null, messageId);
        if (key != null) {
            redactCopy(key, redact);
            redactAttachments(key, redact);
        }
        afterCommit(this::compactDatabase);
        return kinds;
    }

    private void redactCopy(String key, UnaryOperator<String> redact) {
        String old = jdbc.query("SELECT raw_sha256 FROM mail_intake WHERE message_key = ?",
                rs -> rs.next() ? rs.getString(1) : null, key);
        Optional<byte[]> content = old == null ? Optional.empty() : files.get(old);
        if (content.isEmpty()) {
            return;
        }
        Optional<Stored> again = redactMessage(content.get(), redact, 0).map(bytes -> stored(bytes, "message/rfc822"));
        again.ifPresent(this::put);
        jdbc.update("UPDATE mail_intake SET raw_sha256 = ? WHERE message_key = ?", again.map(Stored::sha256).orElse(null),
                key);
        deleteUnreferenced(List.of(old));
    }

    private void redactAttachments(String key, UnaryOperator<String> redact) {
        record Row(long id, String sha256, String contentType, String fileName) {
        }
        List<Row> rows = jdbc.query("SELECT id, sha256, content_type, file_name FROM mail_attachment WHERE message_key = ? "
                + "AND skipped_reason IS NULL", (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4)), key);
        Set<String> replaced = new LinkedHashSet<>();
        for (Row row : rows) {
            String fileName = redact.apply(row.fileName());
            Optional<byte[]> content = files.get(row.sha256());
            Optional<Stored> again = content.isEmpty() ? Optional.empty()
                    : redacted(baseType(row.contentType()), content.get(), redact);
            if (content.isPresent() && again.isEmpty()) { // unreadable now: not kept, as at intake
                jdbc.update("UPDATE mail_attachment SET skipped_reason = ?, file_name = ? WHERE id = ?",
                        "not kept: its text could not be read to remove personal data (P14)", fileName, row.id());
                replaced.add(row.sha256());
            } else if (again.isPresent() && !again.get().sha256().equals(row.sha256())) {
                put(again.get());
                jdbc.update("UPDATE mail_attachment SET sha256 = ?, size_bytes = ?, content_type = ?, file_name = ? "
                        + "WHERE id = ?", again.get().sha256(), again.get().size(), again.get().contentType(), fileName,
                        row.id());
                replaced.add(row.sha256());
            } else if (!fileName.equals(row.fileName())) {
                jdbc.update("UPDATE mail_attachment SET file_name = ? WHERE id = ?", fileName, row.id());
            }
        }
        deleteUnreferenced(replaced);
    }

    /** Files are stored once per digest: one is removed only when no attachment or message copy row names it. */
    public void deleteUnreferenced(Collection<String> digests) {
        for (String sha : new LinkedHashSet<>(digests)) {
            if (sha == null) {
                continue;
            }
            Long attachments = jdbc.queryForObject("SELECT COUNT(*) FROM mail_attachment WHERE sha256 = ?", Long.class, sha);
            Long copies = jdbc.queryForObject("SELECT COUNT(*) FROM mail_intake WHERE raw_sha256 = ?", Long.class, sha);
            if (attachments != null && attachments == 0 && copies != null && copies == 0) {
                files.delete(sha);
            }
        }
    }

    /**
     * The {@code email-copy-expiry} route: copies of whole messages older than {@code hub.email.raw-copies.keep-for}
     * are removed, in batches; returns how many.
     */
    public int expireCopies() {
        Instant cutoff = clock.instant().minus(settings.getEmail().getRawCopies().getKeepFor());
        int removed = 0;
        while (true) {
            List<String[]> due = jdbc.query("SELECT message_key, raw_sha256 FROM mail_intake WHERE raw_sha256 IS NOT NULL "
                    + "AND created_at <= ? ORDER BY created_at FETCH FIRST 200 ROWS ONLY", (rs, n) -> new String[] {
                    rs.getString(1), rs.getString(2)}, SlaColumns.ts(cutoff));
            if (due.isEmpty()) {
                break;
            }
            for (String[] row : due) {
                jdbc.update("UPDATE mail_intake SET raw_sha256 = NULL WHERE message_key = ?", row[0]);
            }
            deleteUnreferenced(due.stream().map(r -> r[1]).toList());
            removed += due.size();
        }
        if (removed > 0) {
            LOG.info("Removed {} message copies older than {}", removed, settings.getEmail().getRawCopies().getKeepFor());
        }
        return removed;
    }

    /** Text content redacted (or a nested message, part by part); the bytes as they came when nothing matched. */
    private Optional<Stored> redacted(String contentType, byte[] content, UnaryOperator<String> redact) {
        String base = baseType(contentType);
        if (MimeRedaction.nestedMessage(base)) {
            return redactMessage(content, redact, 0).map(bytes -> stored(bytes, base));
        }
        if (!MimeRedaction.textLike(base)) {
            return Optional.of(stored(content, contentType));
        }
        String text = MailCharsets.decode(content, null);
        String redactedText = redact.apply(text);
        return Optional.of(redactedText.equals(text) ? stored(content, contentType)
                : stored(redactedText.getBytes(StandardCharsets.UTF_8), base + "; charset=utf-8"));
    }

    /**
     * A whole message redacted part by part ({@link MimeRedaction}); when Jakarta Mail cannot take it apart (a
     * broken boundary, an unknown transfer encoding), its bytes read as Latin-1 text and redacted as a whole,
     * kept only when the hub's own lenient parser then finds nothing the redaction would remove in its subject,
     * text, HTML or text attachments. Else nothing.
     */
    private Optional<byte[]> redactMessage(byte[] raw, UnaryOperator<String> redact, int depth) {
        Optional<byte[]> structured = mime.redact(raw, redact);
        if (structured.isPresent()) {
            return structured;
        }
        byte[] flat = redact.apply(new String(raw, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        return clean(flat, redact, depth) ? Optional.of(flat) : Optional.empty();
    }

    /** Nothing the redaction would remove is left in the message as the hub reads it. */
    private boolean clean(byte[] message, UnaryOperator<String> redact, int depth) {
        ParsedMail mail = parser.parse(message);
        for (String text : new String[] {mail.subject(), mail.text(), mail.html()}) {
            if (text != null && !redact.apply(text).equals(text)) {
                return false;
            }
        }
        for (ParsedAttachment a : mail.attachments()) {
            boolean nested = MimeRedaction.nestedMessage(a.contentType());
            if (!nested && !MimeRedaction.textLike(a.contentType())) {
                continue;
            }
            if (a.skipped() || (nested && (depth >= 3 || !clean(a.content(), redact, depth + 1)))) {
                return false;
            }
            String text = nested ? "" : MailCharsets.decode(a.content(), null);
            if (!redact.apply(text).equals(text)) {
                return false;
            }
        }
        return true;
    }

    private static Stored stored(byte[] content, String contentType) {
        return new Stored(MailParser.sha256Hex(content), content.length, contentType, content, null);
    }

    private static String baseType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static void afterCommit(Runnable work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            work.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                work.run();
            }
        });
    }

    /**
     * HSQLDB keeps a changed row's old text in its redo log until a checkpoint and in the free space of its data
     * file until a defragmentation; {@code CHECKPOINT DEFRAG} rewrites both from the live rows. On its own
     * connection (the committed transaction's may still be bound). PostgreSQL: old row versions go with
     * (auto)vacuum, its write-ahead log with the server's own retention (docs/email.md).
     */
    void compactDatabase() {
        if (!hsqldb || !fileSettings.isCompactDatabaseAfterRedaction()) {
            return;
        }
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT DEFRAG");
            LOG.info("Database compacted after a redaction in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("CHECKPOINT DEFRAG after a redaction failed; the removed text may stay in the database files until "
                    + "the next one", e);
        }
    }
}
