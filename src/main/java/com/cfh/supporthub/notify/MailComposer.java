package com.cfh.supporthub.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.email.EmailIntakeMapper;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What each outbox type sends (docs/outbox.md): the acknowledgement of a new e-mail or widget ticket
 * with its first-response promise (P02), an agent's public reply, an escalation notice and the
 * generic {@code mail.notice}. Plain logic over the row's JSON payload, no I/O.
 */
@Component
public class MailComposer {

    /** The outbox types the mail delivery claims. */
    public static final List<String> TYPES = List.of("ticket.created", "reply.public", "escalation.notice", "mail.notice");

    /** A row that is not to be mailed, and why. */
    public static final class Skip extends RuntimeException {
        public Skip(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The latest customer message of a ticket and the chain before it, for In-Reply-To and References. */
    public record Thread(String inReplyTo, List<String> references) {
        public static final Thread NONE = new Thread(null, List.of());
    }

    private final HubProperties hub;

    public MailComposer(HubProperties hub) {
        this.hub = hub;
    }

    public OutgoingMail compose(String type, String ticketKey, JsonNode p, Thread thread) {
        String product = text(p, "product");
        return switch (type) {
            case "ticket.created" -> acknowledgement(ticketKey, product, p, thread);
            case "reply.public" -> new OutgoingMail(list(p, "to"), list(p, "cc"),
                    "Re: " + tagged(ticketKey, text(p, "subject")), require(p, "text"), null, false, ticketKey, product,
                    thread.inReplyTo(), thread.references());
            case "escalation.notice" -> new OutgoingMail(list(p, "to"), List.of(), require(p, "subject"), require(p, "text"),
                    "auto-generated", false, ticketKey, product, null, List.of());
            case "mail.notice" -> notice(ticketKey, product, p, thread);
            default -> throw new Skip("type " + type + " is not mailed");
        };
    }

    private OutgoingMail acknowledgement(String key, String product, JsonNode p, Thread thread) {
        String channel = text(p, "channel");
        if (!"EMAIL".equals(channel) && !"WIDGET".equals(channel)) {
            throw new Skip("no acknowledgement for channel " + channel);
        }
        JsonNode requester = p.path("requester");
        String to = text(requester, "email");
        if (to == null) {
            throw new Skip("requester has no e-mail address");
        }
        String name = text(requester, "name");
        String productName = hub.product(product).map(HubProperties.Product::getName).orElse(product);
        StringBuilder body = new StringBuilder();
        body.append(name == null ? "Hello" : "Dear " + name).append(",\n\n");
        body.append("thank you for contacting ").append(productName).append(" support. Your request has been logged as ")
                .append(key).append(".\n");
        String promise = text(p, "promise");
        if (promise != null) {
            body.append(promise).append("\n");
        }
        body.append("\nTo add anything, reply to this message and keep [").append(key).append("] in the subject.\n");
        String inReplyTo = "EMAIL".equals(channel) ? text(p, "externalId") : null;
        if (inReplyTo != null && !inReplyTo.startsWith("<")) {
            inReplyTo = null; // a digest key, not a Message-ID
        }
        return new OutgoingMail(List.of(to), List.of(), tagged(key, text(p, "subject")), body.toString(), "auto-replied",
                true, key, product, inReplyTo, inReplyTo == null ? List.of() : List.of(inReplyTo));
    }

    private OutgoingMail notice(String key, String product, JsonNode p, Thread thread) {
        boolean automatic = !p.has("automatic") || p.path("automatic").asBoolean(true);
        String subject = require(p, "subject");
        return new OutgoingMail(list(p, "to"), list(p, "cc"), key == null ? subject : tagged(key, subject), require(p, "text"),
                automatic ? "auto-generated" : null, automatic, key, product,
                key == null ? null : thread.inReplyTo(), key == null ? List.of() : thread.references());
    }

    /** The subject with {@code [KEY]} in front, unless it already carries that tag. */
    static String tagged(String key, String subject) {
        String s = subject == null || subject.isBlank() ? "(no subject)" : subject.strip();
        if (key == null || key.equalsIgnoreCase(EmailIntakeMapper.subjectKey(s))) {
            return s;
        }
        return "[" + key + "] " + s;
    }

    private static String require(JsonNode p, String field) {
        String v = text(p, field);
        if (v == null) {
            throw new Skip("payload has no " + field);
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** A field that is an address or a list of addresses. */
    static List<String> list(JsonNode p, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(a -> Optional.ofNullable(a.isNull() ? null : a.asText()).filter(s -> !s.isBlank())
                    .ifPresent(s -> out.add(s.trim().toLowerCase(Locale.ROOT))));
        } else if (!v.asText().isBlank()) {
            for (String a : v.asText().split(",")) {
                if (!a.isBlank()) {
                    out.add(a.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
