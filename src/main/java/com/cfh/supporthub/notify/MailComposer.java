package com.cfh.supporthub.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.email.EmailIntakeMapper;
import com.cfh.supporthub.pages.Templates;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What each outbox type sends (docs/outbox.md): the acknowledgement of a new e-mail, widget or portal ticket
 * with its first-response promise (P02), an agent's public reply, an escalation notice and the
 * generic {@code mail.notice}. Plain logic over the row's JSON payload; the words of the acknowledgement and the
 * reply come from the templates {@code acknowledgement} and {@code reply} (docs/templates.md).
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

    /** The channels whose new tickets are acknowledged by mail (the phone and agents' own tickets are not). */
    static final List<String> ACKNOWLEDGED = List.of("EMAIL", "WIDGET", "PORTAL");

    private final Templates templates;

    public MailComposer(Templates templates) {
        this.templates = templates;
    }

    public OutgoingMail compose(String type, String ticketKey, JsonNode p, Thread thread) {
        String product = text(p, "product");
        return switch (type) {
            case "ticket.created" -> acknowledgement(ticketKey, product, p, thread);
            case "reply.public" -> reply(ticketKey, product, p, thread);
            case "escalation.notice" -> new OutgoingMail(list(p, "to"), List.of(), require(p, "subject"), require(p, "text"),
                    "auto-generated", false, ticketKey, product, null, List.of());
            case "mail.notice" -> notice(ticketKey, product, p, thread);
            default -> throw new Skip("type " + type + " is not mailed");
        };
    }

    private OutgoingMail acknowledgement(String key, String product, JsonNode p, Thread thread) {
        String channel = text(p, "channel");
        if (!ACKNOWLEDGED.contains(channel)) {
            throw new Skip("no acknowledgement for channel " + channel);
        }
        JsonNode requester = p.path("requester");
        String to = text(requester, "email");
        if (to == null) {
            throw new Skip("requester has no e-mail address");
        }
        Templates.Mail mail = templates.mail("acknowledgement", product, acknowledgementModel(key, channel, p));
        String inReplyTo = "EMAIL".equals(channel) ? text(p, "externalId") : null;
        if (inReplyTo != null && !inReplyTo.startsWith("<")) {
            inReplyTo = null; // a digest key, not a Message-ID
        }
        return new OutgoingMail(List.of(to), List.of(), tagged(key, mail.subject()), mail.text(), "auto-replied",
                true, key, product, inReplyTo, inReplyTo == null ? List.of() : List.of(inReplyTo));
    }

    /** What the template {@code acknowledgement} can use (docs/templates.md). */
    static Map<String, Object> acknowledgementModel(String key, String channel, JsonNode p) {
        Map<String, Object> model = subjectModel(key, p);
        model.put("requesterName", text(p.path("requester"), "name"));
        model.put("channel", Map.of(channel, true));
        model.put("promise", text(p, "promise"));
        model.put("receivedAt", instant(p.get("receivedAt")));
        model.put("firstResponseDue", instant(p.get("firstResponseDue")));
        return model;
    }

    private OutgoingMail reply(String key, String product, JsonNode p, Thread thread) {
        Map<String, Object> model = subjectModel(key, p);
        model.put("text", require(p, "text"));
        model.put("author", text(p, "author"));
        Templates.Mail mail = templates.mail("reply", product, model);
        String subject = key == null || key.equalsIgnoreCase(EmailIntakeMapper.subjectKey(mail.subject())) ? mail.subject()
                : "Re: " + tagged(key, mail.subject().replaceFirst("(?i)^re:\\s*", ""));
        return new OutgoingMail(list(p, "to"), list(p, "cc"), subject, mail.text(), null, false, key, product,
                thread.inReplyTo(), thread.references());
    }

    /** An instant of the payload: ISO-8601 text, or seconds since the epoch (Jackson's timestamps); else null. */
    static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochSecond(0).plusNanos(v.decimalValue().movePointRight(9).longValue());
        }
        try {
            return Instant.parse(v.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, Object> subjectModel(String key, JsonNode p) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticketKey", key);
        model.put("subject", text(p, "subject") == null ? "(no subject)" : text(p, "subject").strip());
        model.put("taggedSubject", tagged(key, text(p, "subject")));
        return model;
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
