package com.cfh.supporthub.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.sla.SlaColumns;

/**
 * Message-IDs of the hub's own mail (P03 threading): {@code <hub.DOC-12.nonce.mac@domain>} where
 * {@code mac} is an HMAC-SHA256 of the ticket key and nonce. A customer's reply names it in
 * In-Reply-To/References, and the hub threads on it only when the HMAC is right, so an id cannot be
 * forged or guessed to post into someone else's ticket.
 *
 * <p>Staff-only mail about a ticket (escalation notices, agent notifications; P09, P15) gets
 * {@code <hub-internal.DOC-12.nonce.mac@domain>}, its HMAC taken over {@code internal.KEY.nonce}: it
 * never threads into the customer conversation ({@link #ticketKey} does not accept it), and a reply
 * naming it is recognised by {@link #internalTicketKey} as staff mail about that ticket.
 *
 * <p>The nonce may be given ({@link #create(String, String)}): a mail whose id is fixed when its
 * outbox row is written keeps that id on every delivery attempt, so a resend after a crash is
 * recognisable as the same mail.
 *
 * <p>The key is {@code hub.mail.message-id-secret} (env {@code HUB_MAIL_MESSAGE_ID_SECRET}); when
 * that is empty, the first node generates one and keeps it in {@code hub_setting}, so it survives
 * restarts and every node shares it.
 */
@Component
public class OutboundMessageIds {

    static final String SETTING = "mail.message-id-secret";
    private static final Pattern ID = Pattern.compile(
            "<?hub(-internal)?\\.([A-Za-z][A-Za-z0-9]*-\\d+)\\.([0-9a-f]{16})\\.([0-9a-f]{32})@[^>]+>?");
    private static final String INTERNAL = "internal.";

    private final JdbcTemplate jdbc;
    private final MailSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] secret;

    public OutboundMessageIds(JdbcTemplate jdbc, MailSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new Message-ID for a mail to the customer about ticket {@code key}. */
    public String create(String key) {
        return create(key, randomNonce());
    }

    /** The Message-ID of a customer mail about {@code key} with a given 16-hex-digit nonce (the same nonce, the same id). */
    public String create(String key, String nonce) {
        return "<hub." + key + "." + checkNonce(nonce) + "." + mac(key, nonce) + "@" + domain() + ">";
    }

    /** A new Message-ID for staff-only mail about ticket {@code key} (P09, P15). */
    public String createInternal(String key) {
        return createInternal(key, randomNonce());
    }

    /** The Message-ID of staff-only mail about {@code key} with a given 16-hex-digit nonce. */
    public String createInternal(String key, String nonce) {
        return "<hub-internal." + key + "." + checkNonce(nonce) + "." + mac(INTERNAL + key, nonce) + "@" + domain() + ">";
    }

    /** A nonce for {@link #create(String, String)} made of a number, e.g. an outbox row id. */
    public static String nonce(long value) {
        return HexFormat.of().toHexDigits(value);
    }

    /** The ticket key a customer-conversation id of the hub's names, when its HMAC is right. */
    public Optional<String> ticketKey(String messageId) {
        return verified(messageId, false);
    }

    /** The ticket key a staff-only id of the hub's names (an escalation notice ...), when its HMAC is right. */
    public Optional<String> internalTicketKey(String messageId) {
        return verified(messageId, true);
    }

    /** Whether the id is one the hub made (customer or staff mail, HMAC verified). */
    public boolean isOwn(String messageId) {
        return ticketKey(messageId).isPresent() || internalTicketKey(messageId).isPresent();
    }

    private Optional<String> verified(String messageId, boolean internal) {
        if (messageId == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(messageId.trim());
        if (!m.matches() || (m.group(1) != null) != internal) {
            return Optional.empty();
        }
        String key = m.group(2).toUpperCase(Locale.ROOT);
        byte[] expected = mac(internal ? INTERNAL + key : key, m.group(3)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = m.group(4).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(key) : Optional.empty();
    }

    private String randomNonce() {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    private static String checkNonce(String nonce) {
        if (nonce == null || !nonce.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a Message-ID nonce is 16 lower-case hex digits: " + nonce);
        }
        return nonce;
    }

    private String mac(String key, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] out = mac.doFinal((key.toUpperCase(Locale.ROOT) + "." + nonce).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String domain() {
        String configured = settings.getMail().getMessageIdDomain();
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String from = settings.getSmtp().getFrom();
        int at = from == null ? -1 : from.lastIndexOf('@');
        return at < 0 ? "support-hub.invalid" : from.substring(at + 1).replace(">", "").trim();
    }

    private byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            synchronized (this) {
                if (secret == null) {
                    secret = loadSecret();
                }
                s = secret;
            }
        }
        return s;
    }

    private byte[] loadSecret() {
        String configured = settings.getMail().getMessageIdSecret();
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        String stored = stored();
        if (stored == null) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                jdbc.update("INSERT INTO hub_setting (name, setting_value, created_at) VALUES (?, ?, ?)", SETTING,
                        Base64.getEncoder().encodeToString(fresh), SlaColumns.ts(clock.instant()));
            } catch (DataIntegrityViolationException raced) {
                // another node stored one first: use that one
            }
            stored = stored();
        }
        return Base64.getDecoder().decode(stored);
    }

    private String stored() {
        return jdbc.query("SELECT setting_value FROM hub_setting WHERE name = ?", rs -> rs.next() ? rs.getString(1) : null,
                SETTING);
    }
}
