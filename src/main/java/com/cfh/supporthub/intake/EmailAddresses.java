package com.cfh.supporthub.intake;

import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** E-mail address syntax, checked by Jakarta Mail's RFC 822 parser rather than a home-made regex. */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    /**
     * The address in canonical form (trimmed, lower case), or empty when it is not one plain
     * {@code local@domain.tld} address (no display name, no group, no list, a dotted domain).
     */
    public static Optional<String> normalize(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 320) {
            return Optional.empty();
        }
        String candidate = raw.trim();
        try {
            InternetAddress address = new InternetAddress(candidate, true);
            address.validate();
            String plain = address.getAddress();
            if (!plain.equals(candidate) || address.getPersonal() != null || address.isGroup()) {
                return Optional.empty();
            }
            int at = plain.lastIndexOf('@');
            if (at < 1 || at > 64) {
                return Optional.empty();
            }
            String domain = plain.substring(at + 1);
            if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")
                    || domain.startsWith("[")) {
                return Optional.empty();
            }
            return Optional.of(plain.toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
