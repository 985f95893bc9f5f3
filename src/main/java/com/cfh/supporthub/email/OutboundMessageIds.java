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
 * <p>The key is {@code hub.mail.message-id-secret} (env {@code HUB_MAIL_MESSAGE_ID_SECRET}); when
 * that is empty, the first node generates one and keeps it in {@code hub_setting}, so it survives
 * restarts and every node shares it.
 */
@Component
public class OutboundMessageIds {

    static final String SETTING = "mail.message-id-secret";
    private static final Pattern ID = Pattern.compile("<?hub\\.([A-Za-z][A-Za-z0-9]*-\\d+)\\.([0-9a-f]{16})\\.([0-9a-f]{32})@[^>]+>?");

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

    /** A new Message-ID for a mail about ticket {@code key}. */
    public String create(String key) {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        String n = HexFormat.of().formatHex(nonce);
        return "<hub." + key + "." + n + "." + mac(key, n) + "@" + domain() + ">";
    }

    /** The ticket key an id of the hub's names, when its HMAC is right. */
    public Optional<String> ticketKey(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(messageId.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String key = m.group(1).toUpperCase(Locale.ROOT);
        byte[] expected = mac(key, m.group(2)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = m.group(3).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(key) : Optional.empty();
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

    String domain() {
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
