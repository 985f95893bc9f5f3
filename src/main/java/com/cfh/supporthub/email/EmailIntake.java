package com.cfh.supporthub.email;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Message;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.privacy.PiiRedactor;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.intake.JdbcTransactions;
import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.TicketLookup;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal;

/**
 * The steps of the {@code intake-email} route template (P03): read the raw message, skip what was
 * already finished with (the persistent idempotent repository {@code mail_intake}), decide, and
 * after the pipeline committed the ticket record the outcome with its attachments and raw bytes.
 * The mail consumer marks the message seen (or moves it) only after the route completed, so a
 * crash before the commit leaves it unseen for the next poll; a crash between the commit and this
 * record is caught by the pipeline's own duplicate check on the Message-ID.
 */
@Component("emailIntake")
public class EmailIntake {

    private static final Logger LOG = LoggerFactory.getLogger(EmailIntake.class);

    /** One inbound message while the route works on it. */
    public record Inbound(String product, String mailbox, String key, byte[] raw, ParsedMail mail, MailDecision decision) {

        public MailDecision.Kind kind() {
            return decision == null ? null : decision.kind();
        }

        public Object intake() {
            return decision.intake();
        }

        Inbound with(MailDecision d) {
            return new Inbound(product, mailbox, key, raw, mail, d);
        }
    }

    private final MailParser parser;
    private final EmailIntakeMapper mapper;
    private final TicketLookup lookup;
    private final AttachmentStore store;
    private final TicketJournal journal;
    private final IdAllocator ids;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MailSettings settings;
    private final Clock clock;
    /** P14: the sanitised HTML kept for display is redacted like the text. */
    private final PiiRedactor piiRedactor;

    public EmailIntake(MailParser parser, EmailIntakeMapper mapper, TicketLookup lookup, AttachmentStore store,
                       TicketJournal journal, IdAllocator ids, JdbcTemplate jdbc,
                       MailSettings settings, Clock clock, PiiRedactor piiRedactor) {
        this.parser = parser;
        this.piiRedactor = piiRedactor;
        this.mapper = mapper;
        this.lookup = lookup;
        this.store = store;
        this.journal = journal;
        this.ids = ids;
        this.jdbc = jdbc;
        this.tx = JdbcTransactions.template(jdbc.getDataSource()); // plain JDBC inside
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Reads the message the consumer fetched (or already read ahead), exactly as the server holds it,
     * parses it, and puts the result in place of the mail message. Camel's mail headers are never mapped: a server that cannot
     * build an IMAP envelope for a broken message would otherwise fail every step that touches headers.
     * The consumer still marks or moves the original message after the route.
     */
    public void receive(Exchange exchange) throws Exception {
        byte[] raw = exchange.removeProperty(ConcurrentMailConsumer.RAW_MESSAGE) instanceof byte[] ahead ? ahead
                : raw(exchange.getIn(MailMessage.class).getOriginalMessage());
        ParsedMail mail = parser.parse(raw);
        String key = EmailIntakeMapper.messageKey(mail, MailParser.sha256Hex(raw));
        org.apache.camel.support.DefaultMessage plain = new org.apache.camel.support.DefaultMessage(exchange);
        plain.setBody(new Inbound(exchange.getProperty("product", String.class), exchange.getProperty("mailbox", String.class),
                key, raw, mail, null));
        exchange.setIn(plain);
    }

    /** The message exactly as the server holds it. */
    static byte[] raw(Message message) throws java.io.IOException, jakarta.mail.MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** True when this message (same Message-ID or raw digest) was finished with before, in any mailbox. */
    public boolean taken(Inbound in) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mail_intake WHERE message_key = ?", Integer.class, in.key());
        return n != null && n > 0;
    }

    public Inbound decide(Inbound in) {
        return in.with(mapper.decide(in.mail(), in.product(), in.mailbox(), clock.instant()));
    }

    /** After the pipeline's commit: the outcome, attachments, sanitised HTML and the raw message. */
    public void recordTicket(Inbound in, IntakeResult result) {
        Long ticketId = jdbc.query("SELECT id FROM ticket WHERE ticket_key = ?", rs -> rs.next() ? rs.getLong(1) : null,
                result.key());
        String outcome = result.outcome() == IntakeOutcome.CREATED ? "TICKET"
                : result.outcome() == IntakeOutcome.ATTACHED ? "REPLY" : firstMessage(ticketId, in.key()) ? "TICKET" : "REPLY";
        String rawSha = storeRaw(in);
        List<Object[]> attachments = new ArrayList<>();
        Instant now = clock.instant();
        for (ParsedAttachment a : in.mail().attachments()) {
            if (!a.skipped()) {
                store.put(a.sha256(), a.content());
            }
            attachments.add(new Object[] {ids.next("mail_attachment_seq"), ticketId, in.key(),
                    cut(a.fileName() == null ? "attachment" : a.fileName(), 500), cut(a.contentType(), 200), a.size(),
                    a.sha256(), a.inline(), cut(a.contentId(), 500), cut(a.skippedReason(), 500), SlaColumns.ts(now)});
        }
        once(() -> {
            if (!attachments.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO mail_attachment (id, ticket_id, message_key, file_name, content_type, "
                        + "size_bytes, sha256, inline_part, content_id, skipped_reason, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attachments);
            }
            if (in.mail().html() != null && in.mail().html().length() <= 400_000) {
                // P14: the HTML for display goes through the same redaction as the text the pipeline stored
                jdbc.update("UPDATE ticket_message SET body_html = ? WHERE external_id = ? AND channel = 'EMAIL' "
                        + "AND body_html IS NULL", piiRedactor.redactText(in.mail().html()).text(), in.key());
            }
            insertOutcome(in, outcome, ticketId, result.key(), rawSha, null);
        });
    }

    /**
     * An auto-reply or bounce (P03 loop protection): no ticket, no status change, no mail. When it
     * names a ticket (subject tag, In-Reply-To/References) it is noted on that ticket.
     */
    public void recordLoop(Inbound in) {
        Long ticketId = in.decision().intake().references() ? lookup.resolveThread(in.decision().intake()) : null;
        String ticketKey = ticketId == null ? null
                : jdbc.queryForObject("SELECT ticket_key FROM ticket WHERE id = ?", String.class, ticketId);
        String rawSha = storeRaw(in);
        Instant now = clock.instant();
        once(() -> {
            if (ticketId != null) {
                String from = in.mail().from() == null ? "unknown sender" : String.valueOf(in.mail().from().address());
                journal.events(List.of(new TicketJournal.Event(ticketId, "mail.automatic", "system",
                        "System note: automatic mail from " + from + " (" + in.decision().reason() + "), subject '"
                                + in.mail().subject() + "'; no status change, no reply", now)));
            }
            insertOutcome(in, "LOOP", ticketId, ticketKey, rawSha, in.decision().reason());
        });
    }

    /** Parks a message that cannot become a ticket, with its reason; the consumer moves it to the parked folder. */
    public void park(Exchange exchange, Inbound in, String reason) {
        String rawSha = storeRaw(in);
        once(() -> insertOutcome(in, "PARKED", null, null, rawSha, reason));
        LOG.warn("Parked mail {} of {}: {}", in.key(), in.mailbox(), reason);
        moveTo(exchange, parkedFolder(in.product()));
    }

    public void parkDecided(Exchange exchange, Inbound in) {
        park(exchange, in, in.decision().reason());
    }

    /**
     * A failed attempt (P03 poison messages): counted per message; below hub.email.max-attempts the
     * failure stands, the message stays unseen and the next poll tries again; at the limit it is
     * parked with the last error. Other messages are never held up.
     */
    public void failed(Exchange exchange, Inbound in) throws Exception {
        Exception error = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        String reason = error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
        Instant now = clock.instant();
        int updated = jdbc.update("UPDATE mail_failure SET attempts = attempts + 1, last_error = ?, updated_at = ? "
                    + "WHERE message_key = ?", cut(reason, 2000), SlaColumns.ts(now), in.key());
        if (updated == 0) { // statements of their own: a clash with another node must not abort a transaction
            try {
                jdbc.update("INSERT INTO mail_failure (message_key, product, attempts, last_error, updated_at) "
                        + "VALUES (?, ?, 1, ?, ?)", in.key(), in.product(), cut(reason, 2000), SlaColumns.ts(now));
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE mail_failure SET attempts = attempts + 1 WHERE message_key = ?", in.key());
            }
        }
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM mail_failure WHERE message_key = ?", Integer.class,
                in.key());
        if (attempts != null && attempts >= settings.getEmail().getMaxAttempts()) {
            park(exchange, in, "failed " + attempts + " times; last error: " + reason);
            return;
        }
        throw error != null ? error : new IllegalStateException(reason);
    }

    /** After success: moves the message to the processed folder when one is configured (else it is marked seen). */
    public void processed(Exchange exchange, String product) {
        MailSettings.ProductMail p = settings.getProducts().get(product);
        String folder = p == null || p.getMailbox() == null ? null : p.getMailbox().getProcessedFolder();
        if (folder != null && !folder.isBlank() && exchange.getIn().getHeader(MailConstants.MAIL_MOVE_TO) == null) {
            moveTo(exchange, folder.trim());
        }
    }

    private String parkedFolder(String product) {
        MailSettings.ProductMail p = settings.getProducts().get(product);
        String folder = p == null || p.getMailbox() == null ? null : p.getMailbox().getParkedFolder();
        return folder == null || folder.isBlank() ? "Parked" : folder.trim();
    }

    private static void moveTo(Exchange exchange, String folder) {
        exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, folder);
    }

    private String storeRaw(Inbound in) {
        String sha = MailParser.sha256Hex(in.raw());
        store.put(sha, in.raw());
        return sha;
    }

    /** Runs {@code work} in one transaction that ends with the outcome row; a clash on its key means done already. */
    private void once(Runnable work) {
        try {
            tx.executeWithoutResult(s -> work.run());
        } catch (DuplicateKeyException finishedElsewhere) {
            LOG.debug("mail finished by another node or mailbox first", finishedElsewhere);
        }
    }

    private void insertOutcome(Inbound in, String outcome, Long ticketId, String ticketKey, String rawSha, String detail) {
        {
            jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, ticket_id, ticket_key, raw_sha256, raw_size, "
                            + "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", in.key(), in.product(), outcome,
                    ticketId, ticketKey, rawSha, (long) in.raw().length, cut(detail, 2000), SlaColumns.ts(clock.instant()));
            jdbc.update("DELETE FROM mail_failure WHERE message_key = ?", in.key());
        }
    }

    private boolean firstMessage(Long ticketId, String key) {
        if (ticketId == null) {
            return false;
        }
        String first = jdbc.query("SELECT external_id FROM ticket_message WHERE ticket_id = ? ORDER BY id",
                rs -> rs.next() ? rs.getString(1) : null, ticketId);
        return key.equals(first);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
