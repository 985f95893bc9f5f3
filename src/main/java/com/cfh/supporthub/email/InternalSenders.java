package com.cfh.supporthub.email;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.ticket.Tier;

/**
 * Who counts as staff when mail arrives (P09, P15; issue 14.3): {@code hub.email.internal-addresses}, anyone at
 * {@code hub.email.internal-domains} (or a subdomain), the escalation tiers' addresses
 * ({@code hub.escalation.addresses} and per product), and the products' own support addresses. Their mail on a
 * ticket becomes an internal note, never a customer message.
 */
@Component
public class InternalSenders {

    /** Nobody is internal. */
    public static final InternalSenders NONE = new InternalSenders(Set.of(), Set.of());

    private final Set<String> addresses;
    private final Set<String> domains;

    @Autowired
    public InternalSenders(MailSettings settings, HubProperties hub) {
        this(addresses(settings, hub), lower(settings.getEmail().getInternalDomains()));
    }

    InternalSenders(Set<String> addresses, Set<String> domains) {
        this.addresses = Set.copyOf(addresses);
        this.domains = Set.copyOf(domains);
    }

    public boolean isInternal(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (addresses.contains(a)) {
            return true;
        }
        String domain = a.substring(a.lastIndexOf('@') + 1);
        for (String d : domains) {
            if (domain.equals(d) || domain.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> addresses(MailSettings settings, HubProperties hub) {
        Set<String> all = new HashSet<>(lower(settings.getEmail().getInternalAddresses()));
        all.addAll(lower(hub.getEscalation().getAddresses().values()));
        for (Map<Tier, String> tiers : hub.getEscalation().getProducts().values()) {
            all.addAll(lower(tiers.values()));
        }
        for (HubProperties.Product product : hub.getProducts().values()) {
            if (product != null && product.getSupportAddress() != null) {
                all.addAll(lower(List.of(product.getSupportAddress())));
            }
        }
        return all;
    }

    private static Set<String> lower(Collection<String> values) {
        Set<String> out = new HashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v.trim().toLowerCase(Locale.ROOT).replaceFirst("^@", ""));
            }
        }
        return out;
    }
}
