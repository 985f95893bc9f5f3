package com.cfh.supporthub.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.intake.TicketIntake;

/**
 * PII redaction (P14): a step of {@code direct:ticket-intake} right after validation, so no channel's
 * request is stored, deduplicated or queued with the values in it, and the engine of on-demand
 * redaction of stored messages. Replaces each match of the configured patterns ({@code hub.privacy})
 * with a marker such as {@code [REDACTED:card]}; a match that fails its check (an order number that
 * fails Luhn) is kept. The kinds removed go into the envelope's attribute {@value #ATTRIBUTE}, which the
 * intake writer keeps on the audit event; the values are never kept anywhere.
 */
@Component("piiRedactor")
public class PiiRedactor {

    /** Envelope attribute naming the kinds removed, e.g. {@code card,nino}. */
    public static final String ATTRIBUTE = "redacted";

    /** A redacted text and the kinds removed from it, in pattern order. */
    public record Redaction(String text, Set<String> kinds) {
        public boolean changed() {
            return !kinds.isEmpty();
        }
    }

    private record CompiledRule(String kind, Pattern pattern, PrivacyProperties.Check check, String group) {
    }

    private final List<CompiledRule> rules = new ArrayList<>();
    private final String marker;

    public PiiRedactor(PrivacyProperties properties) {
        this.marker = properties.getMarker();
        properties.getPatterns().forEach((kind, rule) -> {
            if (rule.isEnabled() && rule.getPattern() != null && !rule.getPattern().isBlank()) {
                Pattern pattern = Pattern.compile(rule.getPattern());
                String group = rule.getGroup() == null || rule.getGroup().isBlank() ? null : rule.getGroup();
                if (group != null && !pattern.pattern().contains("(?<" + group + ">")) {
                    throw new IllegalStateException("hub.privacy.patterns." + kind + ".group names a group '" + group
                            + "' its pattern does not have");
                }
                rules.add(new CompiledRule(kind, pattern, rule.getCheck(), group));
            }
        });
    }

    /** The intake step: subject and body redacted, the kinds removed recorded as an attribute. */
    public TicketIntake redact(TicketIntake intake) {
        Redaction subject = redactText(intake.subject());
        Redaction body = redactText(intake.body());
        if (!subject.changed() && !body.changed()) {
            return intake;
        }
        Set<String> kinds = new LinkedHashSet<>(subject.kinds());
        kinds.addAll(body.kinds());
        Map<String, String> attributes = new HashMap<>(intake.attributes());
        attributes.put(ATTRIBUTE, String.join(",", kinds));
        return new TicketIntake(intake.channel(), intake.product(), intake.requester(), subject.text(), body.text(),
                intake.participants(), intake.externalId(), intake.idempotencyKey(), intake.ticketReference(),
                intake.inReplyTo(), intake.receivedAt(), attributes);
    }

    /** Every configured pattern applied to the text, in order. */
    public Redaction redactText(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, Set.of());
        }
        Set<String> kinds = new LinkedHashSet<>();
        String current = text;
        for (CompiledRule rule : rules) {
            Matcher m = rule.pattern().matcher(current);
            StringBuilder out = new StringBuilder(current.length());
            int last = 0;
            boolean any = false;
            while (m.find()) {
                int start = rule.group() == null ? m.start() : m.start(rule.group());
                int end = rule.group() == null ? m.end() : m.end(rule.group());
                if (start < 0 || !passes(rule.check(), current.substring(start, end))) {
                    continue;
                }
                out.append(current, last, start).append(marker.formatted(rule.kind()));
                last = end;
                any = true;
            }
            if (any) {
                out.append(current, last, current.length());
                current = out.toString();
                kinds.add(rule.kind());
            }
        }
        return new Redaction(current, kinds);
    }

    /** Literal values a manager names, replaced like a pattern match of kind {@code kind}. */
    public Redaction redactValues(String text, List<String> values, String kind) {
        String current = text;
        boolean any = false;
        for (String value : values) {
            if (value != null && !value.isBlank() && current.contains(value)) {
                current = current.replace(value, marker.formatted(kind));
                any = true;
            }
        }
        return new Redaction(current, any ? Set.of(kind) : Set.of());
    }

    static boolean passes(PrivacyProperties.Check check, String match) {
        return switch (check) {
            case NONE -> true;
            case LUHN -> luhn(match);
            case IBAN -> iban(match);
        };
    }

    /** The Luhn check of a card number's digits (separators ignored), 13 to 19 digits. */
    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The ISO 13616 check of an IBAN (spaces ignored): country and check digits moved last, mod 97 is 1. */
    static boolean iban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            if (value < 0) {
                return false;
            }
            remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
