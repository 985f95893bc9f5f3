package com.cfh.supporthub.email;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

import com.cfh.supporthub.intake.EmailAddresses;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.JdbcTransactions;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.intake.TicketLookup;
import com.cfh.supporthub.jira.JiraQueue;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.MessageDirection;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketStore;

/**
 * The steps of the {@code intake-email} route template (P03): read the raw message, skip what was
 * already finished with (the persistent idempotent repository {@code mail_intake}), decide, and
 * after the pipeline committed the ticket record the outcome with its attachments. The mail consumer
 * marks the message seen (or moves it) only after the route completed, so a crash before the commit
 * leaves it unseen for the next poll; a crash between the commit and this record is caught by the
 * pipeline's own duplicate check on the Message-ID. Everything kept beside the ticket is redacted
 * like the ticket's text ({@link MailFiles}, P14).
 */
@Component("emailIntake")
public class EmailIntake {

    /** Exchange property: the Jakarta Mail message as the consumer holds it (for moving a parked message). */
    static final String ORIGINAL = "hub.mail.original";
    /** Exchange property: the message was parked and moved already; it is not moved to the processed folder. */
    private static final String PARKED = "hub.mail.parked";

    private static final Logger LOG = LoggerFactory.getLogger(EmailIntake.class);

    /**
     * One inbound message while the route works on it.
     *
     * @param mailbox   the mailbox's account and folder (user@host/folder), as the envelope records it
     * @param mailboxId the mailbox's id in {@link Mailboxes} (its route is {@code intake-email-<mailboxId>})
     */
    public record Inbound(String product, String mailbox, String mailboxId, String key, byte[] raw, ParsedMail mail,
                          MailDecision decision) {

        public MailDecision.Kind kind() {
            return decision == null ? null : decision.kind();
        }

        public Object intake() {
            return decision.intake();
        }

        Inbound with(MailDecision d) {
            return new Inbound(product, mailbox, mailboxId, key, raw, mail, d);
        }
    }

    private final MailParser parser;
    private final EmailIntakeMapper mapper;
    private final TicketLookup lookup;
    private final MailFiles files;
    private final ParkedMoves parkedMoves;
    private final Mailboxes mailboxes;
    private final TicketJournal journal;
    private final JiraQueue jira;
    private final IdAllocator ids;
    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final MailSettings settings;
    private final Clock clock;

    public EmailIntake(MailParser parser, EmailIntakeMapper mapper, TicketLookup lookup, MailFiles files,
                       ParkedMoves parkedMoves, Mailboxes mailboxes, TicketJournal journal, JiraQueue jira,
                       IdAllocator ids, JdbcTemplate jdbc, MailSettings settings, Clock clock, TicketStore store) {
        this.store = store;
        this.parser = parser;
        this.mapper = mapper;
        this.lookup = lookup;
        this.files = files;
        this.parkedMoves = parkedMoves;
        this.mailboxes = mailboxes;
        this.journal = journal;
        this.jira = jira;
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
        Message original = exchange.getIn(MailMessage.class).getOriginalMessage();
        byte[] raw = exchange.removeProperty(ConcurrentMailConsumer.RAW_MESSAGE) instanceof byte[] ahead ? ahead : raw(original);
        ParsedMail mail = parser.parse(raw);
        String key = EmailIntakeMapper.messageKey(mail, MailParser.sha256Hex(raw));
        exchange.setProperty(ORIGINAL, original);
        org.apache.camel.support.DefaultMessage plain = new org.apache.camel.support.DefaultMessage(exchange);
        plain.setBody(new Inbound(exchange.getProperty("product", String.class), exchange.getProperty("mailbox", String.class),
                exchange.getProperty("mailboxId", String.class), key, raw, mail, null));
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

    /**
     * A message finished with before comes again (a crash before its flag, the same mail in two mailboxes): a
     * parked one still goes to the parked folder (issue 14.9), any other is marked seen or moved as processed.
     */
    public void finishTaken(Exchange exchange, Inbound in) {
        String outcome = jdbc.query("SELECT outcome FROM mail_intake WHERE message_key = ?",
                rs -> rs.next() ? rs.getString(1) : null, in.key());
        if ("PARKED".equals(outcome)) {
            exchange.setProperty(PARKED, true);
            parkedMoves.moveNow(exchange.getProperty(ORIGINAL, Message.class), in.mailboxId(), in.key());
        } else {
            processed(exchange, in.mailboxId());
        }
    }

    /**
     * The mapper's decision, completed with what the database knows: the ticket an internal note goes on (no
     * ticket: an internal sender's mail is an ordinary request; a staff-only reply about a ticket that is gone is
     * parked), and P18: a reply from a contact whose access was revoked joins no ticket, it opens one of its own.
     */
    public Inbound decide(Inbound in) {
        MailDecision d = mapper.decide(in.mail(), in.product(), in.mailbox(), clock.instant());
        if (d.kind() == MailDecision.Kind.NOTE) {
            String ticket = d.ticketKey() != null ? existingKey(d.ticketKey()) : threadKey(d.intake());
            if (ticket != null) {
                d = new MailDecision(MailDecision.Kind.NOTE, d.intake(), d.reason(), ticket);
            } else if (d.ticketKey() != null) {
                d = new MailDecision(MailDecision.Kind.PARK, d.intake(), d.reason() + ": no such ticket any more");
            } else {
                d = new MailDecision(MailDecision.Kind.INTAKE, d.intake(), null);
            }
        }
        if (d.kind() == MailDecision.Kind.INTAKE && d.intake().references() && revoked(d.intake())) {
            d = new MailDecision(MailDecision.Kind.INTAKE, EmailIntakeMapper.unthreaded(d.intake(),
                    "sender's access revoked (P18): not added to the ticket the mail refers to"), null);
        }
        return in.with(d);
    }

    /** After the pipeline's commit: the outcome, attachments, the HTML for display and a copy when one is kept. */
    public void recordTicket(Inbound in, IntakeResult result) {
        Long ticketId = ticketId(result.key());
        String outcome = result.outcome() == IntakeOutcome.CREATED ? "TICKET"
                : result.outcome() == IntakeOutcome.ATTACHED ? "REPLY" : firstMessage(ticketId, in.key()) ? "TICKET" : "REPLY";
        Optional<MailFiles.Stored> copy = files.copy(in.raw(), outcome);
        List<MailFiles.Stored> attachments = attachments(in);
        String html = in.mail().html() != null && in.mail().html().length() <= 400_000 ? files.html(in.mail().html()) : null;
        once(() -> {
            writeAttachments(in, ticketId, attachments);
            if (html != null) {
                // P14: the HTML for display goes through the same redaction as the text the pipeline stored
                store.setEmailHtml(in.key(), html);
            }
            copy.ifPresent(files::put);
            insertOutcome(in, outcome, ticketId, result.key(), copy, null);
        });
    }

    /**
     * Staff mail on a ticket (P09, P15; issue 14.3): an internal note, never a customer message, never shown by the
     * customer API; it changes no status and no SLA clock. The note, its attachments and the outcome are one
     * transaction.
     */
    public void recordNote(Inbound in) {
        String key = in.decision().ticketKey();
        Long ticketId = ticketId(key);
        TicketIntake intake = in.decision().intake();
        String author = intake.requester().email();
        String text = cut(files.patterns(intake.body()), 200_000);
        String reason = files.patterns(in.decision().reason());
        Optional<MailFiles.Stored> copy = files.copy(in.raw(), "NOTE");
        List<MailFiles.Stored> attachments = attachments(in);
        Instant now = clock.instant();
        once(() -> {
            store.addMessage(ticketId, MessageDirection.INTERNAL, "EMAIL", cut(author, 320), text, in.key(),
                    intake.receivedAt(), now);
            journal.events(List.of(new TicketJournal.Event(ticketId, "note.added", author,
                    "internal note by e-mail (" + reason + ")", now)));
            jira.agentMessage(ticketId, key, text, true, author, now);
            writeAttachments(in, ticketId, attachments);
            copy.ifPresent(files::put);
            insertOutcome(in, "NOTE", ticketId, key, copy, reason);
        });
    }

    /**
     * An auto-reply, a bounce or the hub's own mail (P03 loop protection): no ticket, no status change, no mail.
     * When automatic mail names a ticket (subject tag, In-Reply-To/References) it is noted on that ticket.
     */
    public void recordLoop(Inbound in) {
        Long ticketId = in.decision().intake().references() ? lookup.resolveThread(in.decision().intake()) : null;
        String ticketKey = ticketId == null ? null
                : jdbc.queryForObject("SELECT ticket_key FROM ticket WHERE id = ?", String.class, ticketId);
        boolean own = in.decision().reason().startsWith(EmailIntakeMapper.OWN_MAIL);
        String reason = files.patterns(in.decision().reason());
        Optional<MailFiles.Stored> copy = files.copy(in.raw(), "LOOP");
        Instant now = clock.instant();
        once(() -> {
            if (ticketId != null && !own) {
                String from = in.mail().from() == null ? "unknown sender" : String.valueOf(in.mail().from().address());
                journal.events(List.of(new TicketJournal.Event(ticketId, "mail.automatic", "system",
                        "System note: automatic mail from " + from + " (" + reason + "), subject '"
                                + files.patterns(in.mail().subject()) + "'; no status change, no reply", now)));
            }
            copy.ifPresent(files::put);
            insertOutcome(in, "LOOP", ticketId, ticketKey, copy, reason);
        });
    }

    /**
     * Parks a message that cannot become a ticket, with its reason, and moves it to its mailbox's parked folder.
     * The outcome and the open move are one transaction; a crash before the move is finished by the next poll
     * ({@link ParkedMoves}).
     */
    public void park(Exchange exchange, Inbound in, String reason) {
        String detail = files.patterns(reason);
        Optional<MailFiles.Stored> copy = files.copy(in.raw(), "PARKED");
        Message original = exchange.getProperty(ORIGINAL, Message.class);
        ParkedMoves.Position position = ParkedMoves.position(original);
        boolean recorded = once(() -> {
            copy.ifPresent(files::put);
            insertOutcome(in, "PARKED", null, null, copy, detail);
            parkedMoves.record(in.key(), in.mailboxId(), position);
        });
        LOG.warn("Parked mail {} of {}: {}", in.key(), in.mailbox(), detail);
        exchange.setProperty(PARKED, true);
        if (recorded) {
            parkedMoves.moveNow(original, in.mailboxId(), in.key());
        }
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
        String reason = files.patterns(error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage());
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

    /** After success: moves the message to its mailbox's processed folder when it has one (else it is marked seen). */
    public void processed(Exchange exchange, String mailboxId) {
        if (Boolean.TRUE.equals(exchange.getProperty(PARKED, Boolean.class))) {
            return;
        }
        String folder = mailboxes.get(mailboxId).map(Mailboxes.Mailbox::processedFolder).orElse(null);
        if (folder != null && exchange.getIn().getHeader(MailConstants.MAIL_MOVE_TO) == null) {
            exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, folder);
        }
    }

    private List<MailFiles.Stored> attachments(Inbound in) {
        List<MailFiles.Stored> stored = new ArrayList<>();
        for (ParsedAttachment a : in.mail().attachments()) {
            stored.add(files.attachment(a));
        }
        return stored;
    }

    /** The attachments' rows and files (inside the outcome's transaction); names redacted like the text. */
    private void writeAttachments(Inbound in, Long ticketId, List<MailFiles.Stored> stored) {
        List<Object[]> rows = new ArrayList<>();
        Instant now = clock.instant();
        List<ParsedAttachment> parsed = in.mail().attachments();
        for (int i = 0; i < parsed.size(); i++) {
            ParsedAttachment a = parsed.get(i);
            MailFiles.Stored s = stored.get(i);
            files.put(s);
            rows.add(new Object[] {ids.next("mail_attachment_seq"), ticketId, in.key(),
                    cut(files.patterns(a.fileName() == null ? "attachment" : a.fileName()), 500), cut(s.contentType(), 200),
                    s.size(), s.sha256(), a.inline(), cut(a.contentId(), 500), cut(s.skippedReason(), 500), SlaColumns.ts(now)});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO mail_attachment (id, ticket_id, message_key, file_name, content_type, "
                    + "size_bytes, sha256, inline_part, content_id, skipped_reason, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    /** P18: the sender is a contact whose access was revoked. */
    private boolean revoked(TicketIntake intake) {
        String email = intake.requester() == null ? null : EmailAddresses.normalize(intake.requester().email()).orElse(null);
        if (email == null) {
            return false;
        }
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE email = ? AND access_revoked_at IS NOT NULL",
                Integer.class, email);
        return n != null && n > 0;
    }

    private String threadKey(TicketIntake intake) {
        Long id = lookup.resolveThread(intake);
        return id == null ? null : jdbc.queryForObject("SELECT ticket_key FROM ticket WHERE id = ?", String.class, id);
    }

    private String existingKey(String key) {
        return ticketId(key) == null ? null : key;
    }

    private Long ticketId(String key) {
        return jdbc.query("SELECT id FROM ticket WHERE ticket_key = ?", rs -> rs.next() ? rs.getLong(1) : null, key);
    }

    /**
     * Runs {@code work} in one transaction that ends with the outcome row; a clash on its key means done already.
     * Returns whether this run recorded it.
     */
    private boolean once(Runnable work) {
        try {
            tx.executeWithoutResult(s -> work.run());
            return true;
        } catch (DuplicateKeyException finishedElsewhere) {
            LOG.debug("mail finished by another node or mailbox first", finishedElsewhere);
            return false;
        }
    }

    private void insertOutcome(Inbound in, String outcome, Long ticketId, String ticketKey,
                               Optional<MailFiles.Stored> copy, String detail) {
        jdbc.update("INSERT INTO mail_intake (message_key, product, outcome, ticket_id, ticket_key, raw_sha256, raw_size, "
                        + "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", in.key(), in.product(), outcome,
                ticketId, ticketKey, copy.map(MailFiles.Stored::sha256).orElse(null), (long) in.raw().length,
                cut(detail, 2000), SlaColumns.ts(clock.instant()));
        jdbc.update("DELETE FROM mail_failure WHERE message_key = ?", in.key());
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
