package com.cfh.supporthub.email;

import java.time.Clock;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.HeaderTerm;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.health.MailboxPollStatus;
import com.cfh.supporthub.sla.SlaColumns;

/**
 * Moving parked messages to the parked folder, even across a crash (issue 14.9, P03). A message is recorded
 * PARKED together with a {@code mail_parked_move} row naming it (IMAP UID, else its Message-ID); the hub then
 * moves it at once (copied to the parked folder, flagged deleted and seen in the polled one) and drops the
 * row. A kill -9 in between leaves the row: before each poll of that mailbox (this is the routes'
 * {@code pollStrategy}, Camel's own extension point) the moves still open are finished on a connection of
 * their own, the message being found by UID or Message-ID whether it is still unseen or already seen.
 * The end of each poll is reported to {@link MailboxPollStatus} (the mailbox's health, issue 14.12).
 */
@Component("parkedMoves")
public class ParkedMoves extends DefaultPollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ParkedMoves.class);

    /** Where a message sits in its folder: the folder's UIDVALIDITY and the message's UID; null fields when unknown. */
    public record Position(Long uidValidity, Long uid) {
        static final Position UNKNOWN = new Position(null, null);
    }

    private record Pending(String key, Long uidValidity, Long uid) {
    }

    private final JdbcTemplate jdbc;
    private final Mailboxes mailboxes;
    private final Clock clock;
    private final MailboxPollStatus pollStatus;

    public ParkedMoves(JdbcTemplate jdbc, Mailboxes mailboxes, Clock clock, MailboxPollStatus pollStatus) {
        this.jdbc = jdbc;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.pollStatus = pollStatus;
    }

    /** A poll that ended well: the mailbox is up (health). */
    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        pollStatus.commit(consumer, endpoint, polledMessages);
    }

    /** A poll that failed: the mailbox is down (health, logged once per outage); the next scheduled poll tries again. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return pollStatus.rollback(consumer, endpoint, retryCounter, cause);
    }

    /** The message's position, read before it is recorded (one round trip; only for messages being parked). */
    public static Position position(Message message) {
        try {
            if (message != null && message.getFolder() instanceof UIDFolder folder) {
                return new Position(folder.getUIDValidity(), folder.getUID(message));
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("UID of a parked message not read; it is found by Message-ID if its move has to be finished", e);
        }
        return Position.UNKNOWN;
    }

    /** The open move, written in the transaction that records the PARKED outcome. */
    public void record(String messageKey, String mailboxId, Position position) {
        jdbc.update("INSERT INTO mail_parked_move (message_key, mailbox, uid_validity, uid, created_at) VALUES (?, ?, ?, ?, ?)",
                messageKey, mailboxId, position.uidValidity(), position.uid(), SlaColumns.ts(clock.instant()));
    }

    /**
     * Moves a message the route is working on to its mailbox's parked folder, on the consumer's own connection,
     * and closes its open move. A failure is left to the next poll ({@link #begin}).
     */
    public void moveNow(Message message, String mailboxId, String messageKey) {
        Mailboxes.Mailbox mailbox = mailboxes.get(mailboxId).orElse(null);
        if (message == null || mailbox == null) {
            return;
        }
        try {
            // the consumer's folder, used by several workers at once as Camel's own commit step uses it: Jakarta
            // Mail's IMAP folder does its own locking
            Folder source = message.getFolder();
            Folder parked = parkedFolder(source.getStore(), mailbox);
            if (!message.isSet(Flags.Flag.DELETED)) {
                source.copyMessages(new Message[] {message}, parked);
                message.setFlags(new Flags(Flags.Flag.DELETED), true);
            }
            done(messageKey);
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Parked message {} of {} not moved to {} yet; the next poll finishes the move: {}", messageKey,
                    mailboxId, mailbox.parkedFolder(), e.toString());
        }
    }

    /** Before each poll of a mailbox route: the moves a crash (or an IMAP error) left open are finished first. */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String routeId = consumer instanceof RouteIdAware aware ? aware.getRouteId() : null;
        Mailboxes.Mailbox mailbox = mailboxes.byRouteId(routeId).orElse(null);
        if (mailbox != null && endpoint instanceof MailEndpoint mail) {
            try {
                finishOpenMoves(mailbox, mail.getConfiguration());
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Open moves of parked messages of {} not finished; tried again at the next poll: {}", mailbox.id(),
                        e.toString());
            }
        }
        return true;
    }

    /** Finishes the open moves of one mailbox on a connection of its own; returns how many were closed. */
    int finishOpenMoves(Mailboxes.Mailbox mailbox, MailConfiguration config) throws MessagingException {
        List<Pending> open = jdbc.query("SELECT message_key, uid_validity, uid FROM mail_parked_move WHERE mailbox = ? "
                + "ORDER BY created_at FETCH FIRST 100 ROWS ONLY", (rs, n) -> new Pending(rs.getString(1),
                (Long) rs.getObject(2, Long.class), (Long) rs.getObject(3, Long.class)), mailbox.id());
        if (open.isEmpty()) {
            return 0;
        }
        Store store = session(config).getStore(config.getProtocol());
        PasswordAuthentication login = config.getPasswordAuthentication();
        store.connect(config.getHost(), config.getPort(), login.getUserName(), login.getPassword());
        try {
            Folder inbox = store.getFolder(config.getFolderName());
            inbox.open(Folder.READ_WRITE);
            try {
                Folder parked = parkedFolder(store, mailbox);
                for (Pending p : open) {
                    Message message = find(inbox, p);
                    if (message != null && !message.isSet(Flags.Flag.DELETED)) {
                        if (!alreadyIn(parked, p.key())) {
                            inbox.copyMessages(new Message[] {message}, parked);
                        }
                        message.setFlags(new Flags(Flags.Flag.DELETED), true);
                        message.setFlags(new Flags(Flags.Flag.SEEN), true);
                        LOG.info("Parked message {} of {} moved to {} after a restart or an earlier failure", p.key(),
                                mailbox.id(), mailbox.parkedFolder());
                    } else if (message == null) {
                        LOG.warn("Parked message {} of {} is no longer in {} (moved by hand, or known by its digest only "
                                + "and without its UID): its open move is closed", p.key(), mailbox.id(),
                                config.getFolderName());
                    }
                    done(p.key());
                }
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
        return open.size();
    }

    /** A session like the endpoint's: its Jakarta Mail properties and its connection timeout. */
    private static Session session(MailConfiguration config) {
        Properties properties = new Properties();
        if (config.getJavaMailProperties() != null) {
            properties.putAll(config.getJavaMailProperties());
        }
        if (config.getAdditionalJavaMailProperties() != null) {
            properties.putAll(config.getAdditionalJavaMailProperties());
        }
        String timeout = String.valueOf(config.getConnectionTimeout());
        properties.putIfAbsent("mail." + config.getProtocol() + ".connectiontimeout", timeout);
        properties.putIfAbsent("mail." + config.getProtocol() + ".timeout", timeout);
        return Session.getInstance(properties);
    }

    private void done(String messageKey) {
        jdbc.update("DELETE FROM mail_parked_move WHERE message_key = ?", messageKey);
    }

    private static Folder parkedFolder(Store store, Mailboxes.Mailbox mailbox) throws MessagingException {
        Folder parked = store.getFolder(mailbox.parkedFolder());
        if (!parked.exists()) {
            parked.create(Folder.HOLDS_MESSAGES);
        }
        return parked;
    }

    /** By UID when the folder's UIDVALIDITY is the recorded one, else by Message-ID. */
    private static Message find(Folder inbox, Pending p) throws MessagingException {
        if (p.uid() != null && inbox instanceof UIDFolder uids && p.uidValidity() != null
                && p.uidValidity() == uids.getUIDValidity()) {
            return uids.getMessageByUID(p.uid());
        }
        if (!p.key().startsWith("<")) {
            return null; // known by its digest only: without its UID it cannot be found again
        }
        for (Message m : inbox.search(new HeaderTerm("Message-ID", p.key()))) {
            if (!m.isSet(Flags.Flag.DELETED)) {
                return m;
            }
        }
        return null;
    }

    private static boolean alreadyIn(Folder parked, String key) throws MessagingException {
        if (!key.startsWith("<")) {
            return false;
        }
        parked.open(Folder.READ_ONLY);
        try {
            return parked.search(new HeaderTerm("Message-ID", key)).length > 0;
        } finally {
            parked.close(false);
        }
    }
}
