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
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.email.LoopDetector;
import com.cfh.supporthub.email.MailSettings;
import com.cfh.supporthub.email.OutboundMessageIds;
import com.cfh.supporthub.intake.JdbcTransactions;
import com.cfh.supporthub.sla.SlaColumns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivery of the outbox's mail rows over SMTP (P03; docs/outbox.md), safe with several nodes: a
 * row is claimed by a conditional UPDATE that moves its {@code available_at} one lease ahead, so
 * exactly one node sends it; a node that dies mid-send loses the lease and the row comes back.
 * A failure pushes the row back with exponential backoff and never holds up the others; the number
 * of rows waiting is the gauge {@code hub.outbox.mail.pending}. When the SMTP server cannot be reached
 * at all, the rest of the claimed batch is pushed back without connecting again (one connection
 * timeout per batch, not one per row).
 */
@Component("mailOutbox")
public class MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    /** A claimed row. */
    public record Claimed(long id, String type, Long ticketId, String ticketKey, String payload, int attempts) {
    }

    private final JdbcTemplate jdbc;
    private final MailComposer composer;
    private final SmtpMailer smtp;
    private final OutboundMessageIds messageIds;
    private final MailSettings settings;
    private final HubProperties hub;
    private final ObjectMapper json;
    private final Clock clock;
    private final Counter failures;
    private final TransactionTemplate tx;
    /**
     * Why the SMTP server could not be reached during the current batch, or null. Set by the first
     * connection failure, cleared by the next {@link #claim()}: the outbox-mail route runs one batch at
     * a time (a stateful Quartz job on one node).
     */
    private volatile String unreachable;

    public MailOutbox(JdbcTemplate jdbc, MailComposer composer, SmtpMailer smtp, OutboundMessageIds messageIds,
                      MailSettings settings, HubProperties hub, ObjectMapper json, Clock clock, MeterRegistry meters,
                      DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = JdbcTransactions.template(dataSource);
        this.composer = composer;
        this.smtp = smtp;
        this.messageIds = messageIds;
        this.settings = settings;
        this.hub = hub;
        this.json = json;
        this.clock = clock;
        Gauge.builder("hub.outbox.mail.pending", this, MailOutbox::pending)
                .description("Outbox mail rows not yet delivered (waiting, retrying or held)").register(meters);
        this.failures = Counter.builder("hub.outbox.mail.failures").description("Failed SMTP delivery attempts")
                .register(meters);
    }

    public double pending() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination = 'mail' AND status = 'PENDING' "
                + "AND event_type IN ('" + String.join("','", MailComposer.TYPES) + "')", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Claims up to hub.mail.batch-size due rows for this node, in one transaction: one commit (one
     * fsync on HSQLDB) for the batch rather than one per row, which the intake writer's commits would
     * queue behind.
     */
    public List<Claimed> claim() {
        unreachable = null;
        Instant now = clock.instant();
        Instant lease = now.plus(settings.getMail().getLease());
        List<Claimed> candidates = jdbc.query("SELECT id, event_type, ticket_id, ticket_key, payload, attempts FROM outbox "
                        + "WHERE destination = 'mail' AND status = 'PENDING' AND available_at <= ? AND event_type IN ('"
                        + String.join("','", MailComposer.TYPES) + "') "
                        // every column of ix_outbox_destination (V41), so the batch is read in index order and the
                        // scan stops at the LIMIT, however many rows wait (destination and status are fixed above)
                        + "ORDER BY destination, status, available_at, id LIMIT "
                        + Math.max(1, settings.getMail().getBatchSize()),
                (rs, n) -> new Claimed(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3, Long.class), rs.getString(4),
                        rs.getString(5), rs.getInt(6) + 1), SlaColumns.ts(now));
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

    /** Sends one claimed row and records the result on it; never throws, so one row never stops the batch. */
    public String deliver(Claimed row) {
        try {
            JsonNode payload = json.readTree(row.payload());
            OutgoingMail mail = composer.compose(row.type(), row.ticketKey(), payload, thread(row.ticketId()));
            mail = recipients(mail);
            MimeMessage message = build(mail);
            String down = unreachable;
            if (down != null) {
                throw new NotAttempted(down);
            }
            try {
                smtp.send(message);
            } catch (MessagingException e) {
                if (SmtpMailer.unreachable(e)) {
                    unreachable = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                throw e;
            }
            done(row, mail, message.getMessageID());
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
                    + " are no-reply, daemon or support addresses, or over the daily cap of automatic mail");
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
            if (mail.capped() && sentToday(address, today) >= settings.getMail().getAutoDailyCap()) {
                LOG.info("Daily cap of automatic mail reached for {}: not sent", address);
                continue;
            }
            out.add(address);
        }
        return new ArrayList<>(out);
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

    MimeMessage build(OutgoingMail mail) throws MessagingException, UnsupportedEncodingException {
        String id = mail.ticketKey() != null ? messageIds.create(mail.ticketKey())
                : "<hub." + UUID.randomUUID() + "@" + domainOf(settings.getSmtp().getFrom()) + ">";
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
        String replyTo = mail.product() == null ? null
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

    private void done(Claimed row, OutgoingMail mail, String messageId) {
        if (mail.capped()) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            mail.to().forEach(a -> count(a, today));
            mail.cc().forEach(a -> count(a, today));
        }
        Instant now = clock.instant();
        jdbc.update("UPDATE outbox SET status = 'DONE', delivered_at = ?, last_error = ? WHERE id = ?", SlaColumns.ts(now),
                cut("sent as " + messageId + " to " + mail.to() + (mail.cc().isEmpty() ? "" : " cc " + mail.cc())), row.id());
    }

    private void finish(Claimed row, String status, String reason) {
        jdbc.update("UPDATE outbox SET status = ?, delivered_at = ?, last_error = ? WHERE id = ?", status,
                SlaColumns.ts(clock.instant()), cut(reason), row.id());
    }

    /**
     * Pushes the row back with backoff, or gives it up after hub.mail.max-attempts; attempted is false for a
     * row left untried after the server was found unreachable (logged at DEBUG, see NotAttempted).
     */
    private void retry(Claimed row, String error, boolean attempted) {
        if (row.attempts() >= settings.getMail().getMaxAttempts()) {
            LOG.error("Outbox row {} ({}) failed {} times, given up: {}", row.id(), row.type(), row.attempts(), error);
            finish(row, "FAILED", error);
            return;
        }
        Duration delay = backoff(row.attempts());
        if (attempted) {
            LOG.warn("Outbox row {} ({}) failed (attempt {}), retry in {}: {}", row.id(), row.type(), row.attempts(), delay, error);
        } else {
            LOG.debug("Outbox row {} ({}) pushed back untried, retry in {}: {}", row.id(), row.type(), delay, error);
        }
        jdbc.update("UPDATE outbox SET available_at = ?, last_error = ? WHERE id = ?",
                SlaColumns.ts(clock.instant().plus(delay)), cut(error), row.id());
    }

    /** backoff × 2^(attempt−1), at most hub.mail.max-backoff. */
    Duration backoff(int attempt) {
        Duration base = settings.getMail().getBackoff();
        Duration max = settings.getMail().getMaxBackoff();
        Duration d = base;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    private static String domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 ? "support-hub.invalid" : address.substring(at + 1).replace(">", "").trim();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }
}
