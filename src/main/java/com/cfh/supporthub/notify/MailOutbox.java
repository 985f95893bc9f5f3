package com.cfh.supporthub.notify;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Comparator;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.email.LoopDetector;
import com.cfh.supporthub.email.MailSettings;
import com.cfh.supporthub.intake.JdbcTransactions;
import com.cfh.supporthub.outbox.Destinations;
import com.cfh.supporthub.outbox.MailMessageIds;
import com.cfh.supporthub.outbox.OutboxPolicy;
import com.cfh.supporthub.outbox.OutboxProperties;
import com.cfh.supporthub.sla.SlaColumns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivery of the outbox's mail destinations over SMTP (P03; docs/outbox.md): {@code customer-mail} and
 * {@code staff-mail}, each claimed by its own route, safe with several nodes. On PostgreSQL a batch is
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so nodes take disjoint batches at once; on HSQLDB (one node)
 * with a conditional UPDATE per row. Either way a claim moves the row's {@code available_at} one lease
 * ahead ({@code hub.outbox.destinations.<name>.lease}): a node that dies mid-send loses the lease and the row
 * comes back, and is sent again with the same Message-ID, fixed in {@code message_id} when the row was
 * written (issue 14.5). Rows are claimed by {@code priority} first (acknowledgements and replies before
 * notices, issue 15.3). One SMTP connection serves a whole batch.
 *
 * <p>Retry, backoff, dead letters (FAILED) and the circuit are {@link OutboxPolicy}'s, configured per
 * destination. When the SMTP server cannot be reached at all, the rest of the claimed batch is pushed back
 * without connecting again. A revoked contact (P18) is dropped from the recipients at send time; staff mail
 * has an internal Message-ID, no customer {@code [KEY]} tag, no customer threading and never the product's
 * support address as Reply-To (issue 14.3).
 */
@Component("mailOutbox")
public class MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private static final Pattern KEY_TAG = Pattern.compile("\\[([A-Za-z][A-Za-z0-9]*-\\d{1,12})\\]");

    /** A claimed row; {@code attempts} counts this attempt. */
    public record Claimed(long id, String destination, String type, Long ticketId, String ticketKey, String payload,
                          int attempts, String messageId, int priority) {
    }

    /** The batch this thread is delivering: its SMTP connection, and why the server was unreachable, if it was. */
    private static final class Batch {
        final String destination;
        Transport transport;
        String unreachable;
        /** Rows sent in this batch, marked DONE together at the end of the batch (one commit, not one per mail). */
        final List<Object[]> sent = new ArrayList<>();

        Batch(String destination) {
            this.destination = destination;
        }
    }

    private final JdbcTemplate jdbc;
    private final MailComposer composer;
    private final SmtpMailer smtp;
    private final MailMessageIds messageIds;
    private final MailSettings settings;
    private final HubProperties hub;
    private final OutboxPolicy policy;
    private final ObjectMapper json;
    private final Clock clock;
    private final Counter failures;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final boolean skipLocked;
    /**
     * The batch of the calling thread, from {@link #claim} to {@link #endBatch}: a destination's route runs one
     * batch at a time on one thread (a stateful Quartz job; the split is sequential).
     */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();

    public MailOutbox(JdbcTemplate jdbc, MailComposer composer, SmtpMailer smtp, MailMessageIds messageIds,
                      MailSettings settings, HubProperties hub, OutboxPolicy policy, ObjectMapper json, Clock clock,
                      MeterRegistry meters, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = JdbcTransactions.template(dataSource);
        this.composer = composer;
        this.smtp = smtp;
        this.messageIds = messageIds;
        this.settings = settings;
        this.hub = hub;
        this.policy = policy;
        this.json = json;
        this.clock = clock;
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        this.skipLocked = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
        Gauge.builder("hub.outbox.mail.pending", this, MailOutbox::pending)
                .description("Outbox mail rows not yet delivered (waiting, retrying or held)").register(meters);
        this.failures = Counter.builder("hub.outbox.mail.failures").description("Failed SMTP delivery attempts")
                .register(meters);
        this.meters = meters;
    }

    public double pending() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination IN ('" + Destinations.CUSTOMER_MAIL
                + "', '" + Destinations.STAFF_MAIL + "') AND status = 'PENDING'", Long.class);
        return n == null ? 0 : n;
    }

    /** Claims a batch of customer mail (the route of the tests and of older route files). */
    public List<Claimed> claim() {
        return claim(Destinations.CUSTOMER_MAIL);
    }

    /**
     * Claims up to {@code hub.outbox.destinations.<destination>.batch-size} due rows of the destination for this
     * node, in one transaction (one commit, one fsync on HSQLDB, for the batch), highest priority first; none
     * while the destination's circuit is open. Starts this thread's batch (see {@link #endBatch}).
     */
    public List<Claimed> claim(String destination) {
        endBatch();
        batch.set(new Batch(destination));
        if (!policy.allows(destination)) {
            return List.of();
        }
        OutboxProperties.Destination d = policy.settings(destination);
        Instant now = clock.instant();
        Instant lease = now.plus(d.getLease());
        int limit = Math.max(1, d.getBatchSize());
        if (skipLocked) {
            // PostgreSQL: rows another node is claiming right now are skipped, not waited for: disjoint batches
            List<Claimed> mine = new ArrayList<>(jdbc.query("UPDATE outbox SET attempts = attempts + 1, available_at = ? "
                            + "WHERE id IN (SELECT id FROM outbox WHERE destination = ? AND status = 'PENDING' "
                            + "AND available_at <= ? ORDER BY priority, available_at, id LIMIT " + limit
                            + " FOR UPDATE SKIP LOCKED) "
                            + "RETURNING id, destination, event_type, ticket_id, ticket_key, payload, attempts, message_id, priority",
                    (rs, n) -> claimed(rs), SlaColumns.ts(lease), destination, SlaColumns.ts(now)));
            mine.sort(Comparator.comparingInt(Claimed::priority).thenComparingLong(Claimed::id));
            return mine;
        }
        List<Claimed> candidates = jdbc.query("SELECT id, destination, event_type, ticket_id, ticket_key, payload, "
                        + "attempts + 1, message_id, priority FROM outbox "
                        + "WHERE destination = ? AND status = 'PENDING' AND available_at <= ? "
                        // every column of ix_outbox_claim (V70), so the batch is read in index order and the
                        // scan stops at the LIMIT, however many rows wait (destination and status are fixed above)
                        + "ORDER BY destination, status, priority, available_at, id LIMIT " + limit,
                (rs, n) -> claimed(rs), destination, SlaColumns.ts(now));
        List<Claimed> mine = new ArrayList<>();
        if (candidates.isEmpty()) {
            return mine;
        }
        tx.executeWithoutResult(status -> {
            for (Claimed c : candidates) {
                int won = jdbc.update("UPDATE outbox SET attempts = attempts + 1, available_at = ? WHERE id = ? AND status = "
                        + "'PENDING' AND available_at <= ?", SlaColumns.ts(lease), c.id(), SlaColumns.ts(now));
                if (won == 1) {
                    mine.add(c);
                }
            }
        });
        return mine;
    }

    private static Claimed claimed(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4, Long.class),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getInt(9));
    }

    /**
     * Whether the route claims another batch: always before the first, then while the last batch was full (more
     * rows are likely due) and the destination's circuit allows.
     */
    public boolean again(Object lastBatch, Integer loopIndex, String destination) {
        if (loopIndex == null || !(lastBatch instanceof List<?> batch)) {
            return true;
        }
        return batch.size() >= Math.max(1, policy.settings(destination).getBatchSize()) && policy.allows(destination);
    }

    /**
     * Ends this thread's batch: marks its sent rows DONE in one transaction and closes its SMTP connection. The route
     * calls it after the split.
     */
    public void endBatch() {
        Batch b = batch.get();
        batch.remove();
        if (b != null) {
            try {
                markSent(b);
            } finally {
                SmtpMailer.close(b.transport);
            }
        }
    }

    /** Sends one claimed row and records the result on it; never throws, so one row never stops the batch. */
    public String deliver(Claimed row) {
        Batch b = batch.get();
        if (b == null) {
            b = new Batch(row.destination());
            batch.set(b);
        }
        try {
            JsonNode payload = json.readTree(row.payload());
            boolean staff = Destinations.STAFF_MAIL.equals(row.destination());
            OutgoingMail mail = composer.compose(row.type(), row.ticketKey(), payload,
                    staff ? MailComposer.Thread.NONE : thread(row.ticketId()));
            if (staff) {
                mail = internal(mail);
            }
            mail = recipients(mail);
            MimeMessage message = build(mail, row);
            if (b.unreachable != null) {
                throw new NotAttempted(b.unreachable);
            }
            send(b, message);
            policy.success(row.destination());
            done(b, row, mail, message.getMessageID());
            return "DONE";
        } catch (MailComposer.Skip skip) {
            finish(row, "SKIPPED", skip.getMessage());
            return "SKIPPED";
        } catch (NotAttempted e) {
            retry(row, e.getMessage(), false);
            return "RETRY";
        } catch (Exception e) {
            failures.increment();
            retry(row, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
            return "RETRY";
        }
    }

    /**
     * Sends over the batch's connection, opening it at the first message; a failed conversation drops the
     * connection (the next message opens a new one), an unreachable server marks the batch.
     */
    private void send(Batch b, MimeMessage message) throws MessagingException {
        try {
            if (b.transport == null || !b.transport.isConnected()) {
                SmtpMailer.close(b.transport);
                b.transport = null;
                b.transport = smtp.connect();
            }
            smtp.send(b.transport, message);
        } catch (MessagingException e) {
            if (SmtpMailer.unreachable(e)) {
                b.unreachable = e.getClass().getSimpleName() + ": " + e.getMessage();
                policy.outage(b.destination);
            }
            SmtpMailer.close(b.transport);
            b.transport = null;
            throw e;
        }
    }

    /**
     * Staff mail (issue 14.3): the subject names the ticket without the {@code [KEY]} tag the customer-thread
     * matcher reads, no In-Reply-To/References into the customer conversation.
     */
    static OutgoingMail internal(OutgoingMail mail) {
        String subject = mail.subject().strip();
        if (mail.ticketKey() != null && subject.regionMatches(true, 0, "[" + mail.ticketKey() + "]", 0, mail.ticketKey().length() + 2)) {
            subject = mail.ticketKey() + ":" + subject.substring(mail.ticketKey().length() + 2);
        }
        subject = KEY_TAG.matcher(subject).replaceAll("$1").replaceAll("\\s+", " ").strip();
        if (mail.ticketKey() != null && !subject.toUpperCase(Locale.ROOT).contains(mail.ticketKey().toUpperCase(Locale.ROOT))) {
            subject = mail.ticketKey() + ": " + subject;
        }
        return new OutgoingMail(mail.to(), mail.cc(), subject, mail.text(), mail.autoSubmitted(), mail.capped(),
                mail.ticketKey(), mail.product(), null, List.of());
    }

    /**
     * A row left untried because the SMTP server was unreachable earlier in the batch: pushed back like a
     * failure, but not counted as a failed attempt and logged at DEBUG, so an outage logs one WARN per batch
     * (the row that met the refused connection) instead of one per waiting row.
     */
    static final class NotAttempted extends MessagingException {
        NotAttempted(String cause) {
            super("not attempted: the SMTP server was unreachable earlier in this batch (" + cause + ")");
        }
    }

    /** No daemon or no-reply address, no support address of the hub, and automatic mail within the daily cap. */
    private OutgoingMail recipients(OutgoingMail mail) {
        List<String> to = allowed(mail, mail.to());
        List<String> cc = allowed(mail, mail.cc());
        cc.removeAll(to);
        if (to.isEmpty() && cc.isEmpty()) {
            throw new MailComposer.Skip("no recipient left: " + mail.to() + " " + mail.cc()
                    + " are no-reply, daemon or support addresses, revoked contacts (P18), or over the daily cap of automatic mail");
        }
        return mail.withRecipients(to, cc);
    }

    private List<String> allowed(OutgoingMail mail, List<String> addresses) {
        Set<String> out = new LinkedHashSet<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (String a : addresses) {
            String address = a.toLowerCase(Locale.ROOT);
            if (LoopDetector.undeliverableAutomatically(address) || supportAddress(address)) {
                continue;
            }
            if (revoked(address)) {
                // P18, issue 14.2: checked at send time, as the access may be revoked after the row was written
                LOG.info("Outbox mail not sent to a contact whose access is revoked (P18)");
                continue;
            }
            if (mail.capped() && sentToday(address, today) >= settings.getMail().getAutoDailyCap()) {
                LOG.info("Daily cap of automatic mail reached for {}: not sent", address);
                continue;
            }
            out.add(address);
        }
        return new ArrayList<>(out);
    }

    private boolean revoked(String address) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM contact WHERE email = ? AND access_revoked_at IS NOT NULL",
                Integer.class, address);
        return n != null && n > 0;
    }

    private boolean supportAddress(String address) {
        return hub.getProducts().values().stream().anyMatch(p -> address.equalsIgnoreCase(p.getSupportAddress()));
    }

    private int sentToday(String address, LocalDate day) {
        Integer n = jdbc.query("SELECT sent FROM mail_auto_count WHERE address = ? AND sent_day = ?",
                rs -> rs.next() ? rs.getInt(1) : 0, address, day);
        return n == null ? 0 : n;
    }

    private void count(String address, LocalDate day) {
        if (jdbc.update("UPDATE mail_auto_count SET sent = sent + 1 WHERE address = ? AND sent_day = ?", address, day) == 0) {
            try {
                jdbc.update("INSERT INTO mail_auto_count (address, sent_day, sent) VALUES (?, ?, 1)", address, day);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE mail_auto_count SET sent = sent + 1 WHERE address = ? AND sent_day = ?", address, day);
            }
        }
    }

    private MailComposer.Thread thread(Long ticketId) {
        if (ticketId == null) {
            return MailComposer.Thread.NONE;
        }
        List<String> ids = jdbc.queryForList("SELECT external_id FROM ticket_message WHERE ticket_id = ? AND channel = "
                + "'EMAIL' AND direction = 'INBOUND' AND external_id LIKE '<%' ORDER BY id", String.class, ticketId);
        if (ids.isEmpty()) {
            return MailComposer.Thread.NONE;
        }
        List<String> refs = new ArrayList<>();
        refs.add(ids.get(0));
        if (ids.size() > 1) {
            refs.add(ids.get(ids.size() - 1));
        }
        return new MailComposer.Thread(ids.get(ids.size() - 1), refs);
    }

    /**
     * The message of a row: its Message-ID is the row's {@code message_id} (fixed when the row was written), or
     * for a row written before V70 the same id made now from the row id, so every attempt carries the same one.
     */
    MimeMessage build(OutgoingMail mail, Claimed row) throws MessagingException, UnsupportedEncodingException {
        boolean staff = Destinations.STAFF_MAIL.equals(row.destination());
        String id = row.messageId() != null ? row.messageId() : messageIds.forRow(row.destination(), row.ticketKey(), row.id());
        MimeMessage m = new MimeMessage(smtp.session()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        String productName = mail.product() == null ? null
                : hub.product(mail.product()).map(HubProperties.Product::getName).orElse(null);
        InternetAddress from = new InternetAddress(settings.getSmtp().getFrom());
        if (productName != null && from.getPersonal() == null) {
            from.setPersonal(productName + " Support", "UTF-8");
        }
        m.setFrom(from);
        // staff mail: never the product's support address (a reply would open a customer ticket), only a configured
        // internal one, else none
        String replyTo = staff ? blankToNull(policy.settings(row.destination()).getReplyTo())
                : mail.product() == null ? null
                : hub.product(mail.product()).map(HubProperties.Product::getSupportAddress).orElse(null);
        if (replyTo != null) {
            m.setReplyTo(new InternetAddress[] {new InternetAddress(replyTo)});
        }
        for (String to : mail.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        for (String cc : mail.cc()) {
            m.addRecipient(Message.RecipientType.CC, new InternetAddress(cc));
        }
        m.setSubject(mail.subject(), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setText(mail.text(), "UTF-8");
        if (mail.inReplyTo() != null) {
            m.setHeader("In-Reply-To", mail.inReplyTo());
        }
        if (!mail.references().isEmpty()) {
            m.setHeader("References", String.join(" ", mail.references()));
        }
        m.setHeader(LoopDetector.LOOP_HEADER, mail.ticketKey() == null ? "1" : mail.ticketKey());
        if (mail.automatic()) {
            m.setHeader("Auto-Submitted", mail.autoSubmitted());
            m.setHeader("X-Auto-Response-Suppress", "All");
            m.setHeader("Precedence", "auto_reply");
        }
        m.saveChanges();
        return m;
    }

    /**
     * A sent row: counted against the daily cap at once; marked DONE with the rest of the batch ({@link #endBatch}).
     * Should the node die before that, the row is sent again after its lease, with the same Message-ID (issue 14.5).
     */
    private void done(Batch b, Claimed row, OutgoingMail mail, String messageId) {
        if (mail.capped()) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            mail.to().forEach(a -> count(a, today));
            mail.cc().forEach(a -> count(a, today));
        }
        b.sent.add(new Object[] {SlaColumns.ts(clock.instant()), messageId,
                cut("sent to " + mail.to() + (mail.cc().isEmpty() ? "" : " cc " + mail.cc())), row.id()});
    }

    private void markSent(Batch b) {
        if (!b.sent.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(b.sent);
            b.sent.clear();
            tx.executeWithoutResult(status -> jdbc.batchUpdate("UPDATE outbox SET status = 'DONE', delivered_at = ?, "
                    + "message_id = ?, last_error = ? WHERE id = ?", rows));
            // counted once the marks are committed: what this node delivered (several nodes: each its share)
            Counter.builder("hub.outbox.mail.sent").description("Mails this node delivered and marked DONE")
                    .tag("destination", b.destination).register(meters).increment(rows.size());
        }
    }

    private void finish(Claimed row, String status, String reason) {
        jdbc.update("UPDATE outbox SET status = ?, delivered_at = ?, last_error = ? WHERE id = ?", status,
                SlaColumns.ts(clock.instant()), cut(reason), row.id());
    }

    /**
     * Pushes the row back with the destination's backoff, or gives it up as FAILED after its max-attempts (the
     * dead letter); attempted is false for a row left untried after the server was found unreachable (logged at
     * DEBUG, see NotAttempted).
     */
    private void retry(Claimed row, String error, boolean attempted) {
        if (policy.givenUp(row.destination(), row.attempts())) {
            LOG.error("Outbox row {} ({}) failed {} times, given up: {}", row.id(), row.type(), row.attempts(), error);
            finish(row, "FAILED", error);
            return;
        }
        Duration delay = policy.backoff(row.destination(), row.attempts());
        if (attempted) {
            LOG.warn("Outbox row {} ({}) failed (attempt {}), retry in {}: {}", row.id(), row.type(), row.attempts(), delay, error);
        } else {
            LOG.debug("Outbox row {} ({}) pushed back untried, retry in {}: {}", row.id(), row.type(), delay, error);
        }
        jdbc.update("UPDATE outbox SET available_at = ?, last_error = ? WHERE id = ?",
                SlaColumns.ts(clock.instant().plus(delay)), cut(error), row.id());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }
}
