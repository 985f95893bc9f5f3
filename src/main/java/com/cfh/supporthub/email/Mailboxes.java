package com.cfh.supporthub.email;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;

/**
 * Every mailbox the hub polls (P03, issue 17): a product's single {@code mailbox} (id = the product id,
 * route {@code intake-email-<product>}, as before) and its named {@code mailboxes.<name>} (id
 * {@code <product>-<name>}, route {@code intake-email-<product>-<name>}). Only mailboxes with a host count.
 * Refuses at start-up a mailbox name that cannot be part of a route id, and two mailboxes polling the same
 * folder of the same account.
 */
@Component
public class Mailboxes {

    /** Prefix of every mailbox route id. */
    public static final String ROUTE_PREFIX = "intake-email-";

    /** One polled mailbox: {@code id} names its route and its Quartz trigger. */
    public record Mailbox(String id, String product, String name, HubProperties.Mailbox settings) {

        public String routeId() {
            return ROUTE_PREFIX + id;
        }

        /** The account and folder, as it appears in logs and the intake envelope. */
        public String key() {
            return settings.getUsername() + "@" + settings.getHost() + "/" + settings.getFolder();
        }

        public String parkedFolder() {
            String folder = settings.getParkedFolder();
            return folder == null || folder.isBlank() ? "Parked" : folder.trim();
        }

        /** The processed folder, or null when finished messages are only marked seen. */
        public String processedFolder() {
            String folder = settings.getProcessedFolder();
            return folder == null || folder.isBlank() ? null : folder.trim();
        }
    }

    private final Map<String, Mailbox> byId = new LinkedHashMap<>();

    public Mailboxes(HubProperties hub) {
        Map<String, String> accounts = new HashMap<>();
        for (Map.Entry<String, HubProperties.Product> e : hub.getProducts().entrySet()) {
            String product = e.getKey();
            HubProperties.Product p = e.getValue();
            if (p == null) {
                continue;
            }
            List<Mailbox> boxes = new ArrayList<>();
            if (p.getMailbox() != null && p.getMailbox().configured()) {
                boxes.add(new Mailbox(product, product, null, p.getMailbox()));
            }
            p.getMailboxes().forEach((name, settings) -> {
                if (!name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                    throw new IllegalStateException("hub.products." + product + ".mailboxes." + name
                            + ": a mailbox name is lower-case letters, digits and '-', up to 32 characters (it is part of "
                            + "the route id intake-email-" + product + "-<name>)");
                }
                if (settings != null && settings.configured()) {
                    boxes.add(new Mailbox(product + "-" + name, product, name, settings));
                }
            });
            for (Mailbox box : boxes) {
                String account = (box.settings().getUsername() + "@" + box.settings().getHost() + ":"
                        + box.settings().portOrDefault() + "/" + box.settings().getFolder()).toLowerCase(Locale.ROOT);
                String other = accounts.putIfAbsent(account, box.id());
                if (other != null) {
                    throw new IllegalStateException("Mailboxes " + other + " and " + box.id() + " poll the same folder "
                            + account + ": configure each mailbox once");
                }
                if (byId.putIfAbsent(box.id(), box) != null) {
                    throw new IllegalStateException("Two mailboxes are named " + box.id()
                            + ": a product's named mailbox must not repeat another product's id");
                }
            }
        }
    }

    public List<Mailbox> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Mailbox> get(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The mailbox a route polls, from its route id. */
    public Optional<Mailbox> byRouteId(String routeId) {
        return routeId != null && routeId.startsWith(ROUTE_PREFIX) ? get(routeId.substring(ROUTE_PREFIX.length()))
                : Optional.empty();
    }
}
