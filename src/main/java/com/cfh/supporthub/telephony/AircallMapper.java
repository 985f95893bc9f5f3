package com.cfh.supporthub.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Aircall webhooks: JSON {@code {resource, event, timestamp, token, data}} with the webhook's token
 * in the body and the Call object in {@code data}. Delivery is at least once and unordered: every
 * event merges into the call's state by {@code data.id}.
 *
 * <p>Mapping: {@code answered_at} answers the call, {@code ended_at} or {@code status=done} ends it,
 * {@code missed_call_reason} is the end cause, {@code voicemail} is a voicemail, a tag listed in
 * {@code hub.telephony.aircall.follow-up-tags} flags it for follow-up, comments are kept as its note.
 */
@Component("aircallMapper")
public class AircallMapper implements TelephonyProvider {

    private final TelephonyProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public AircallMapper(TelephonyProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "aircall";
    }

    @Override
    public boolean configured() {
        return !properties.getAircall().getToken().isEmpty();
    }

    @Override
    public CallEvent toEvent(WebhookRequest request) {
        JsonNode root = WebhookAuth.jsonObject(json, request.body());
        if (!WebhookAuth.sameSecret(properties.getAircall().getToken(), text(root, "token"))) {
            throw WebhookAuth.unauthenticated("The webhook token in the body is missing or wrong.");
        }
        JsonNode sent = root.path("timestamp");
        WebhookAuth.checkFresh(sent.canConvertToLong() ? Instant.ofEpochSecond(sent.asLong()) : null, clock,
                properties.getReplayWindow());
        JsonNode data = root.path("data");
        if (!"call".equals(text(root, "resource")) || !data.path("id").canConvertToLong()) {
            return null; // a user, number or contact event: acknowledged, nothing stored
        }
        Direction direction = "outbound".equals(text(data, "direction")) ? Direction.OUTBOUND : Direction.INBOUND;
        String event = text(root, "event");
        CallEvent e = new CallEvent(id(), data.path("id").asText(), event)
                .direction(direction)
                .customerNumber(text(data, "raw_digits"))
                .lineNumber(text(data.path("number"), "digits"))
                .occurredAt(sent.canConvertToLong() ? Instant.ofEpochSecond(sent.asLong()) : clock.instant())
                .startedAt(epoch(data, "started_at"))
                .answeredAt(epoch(data, "answered_at"))
                .endedAt(epoch(data, "ended_at"))
                .ended("done".equals(text(data, "status")) || "call.ended".equals(event) || "call.hungup".equals(event))
                .endCause(first(text(data, "missed_call_reason"), text(data, "hangup_cause")))
                .durationSec(data.path("duration").canConvertToInt() && data.path("duration").asInt() > 0
                        ? data.path("duration").asInt() : null)
                .agent(text(data.path("user"), "name"))
                .recordingUrl(text(data, "recording"))
                .voicemailUrl(text(data, "voicemail"))
                .note(comments(data))
                .followUp(flagged(data));
        menu(e, data);
        return e;
    }

    /**
     * The product of the Aircall number called (hub.telephony.aircall.numbers, by number id or digits) or of a
     * tag (hub.telephony.aircall.tags, e.g. set by Aircall's IVR), tags first (issue 14 item 6a).
     */
    private void menu(CallEvent e, JsonNode data) {
        Map<String, String> byTag = new java.util.HashMap<>();
        properties.getAircall().getTags().forEach((tag, product) -> byTag.put(tag.strip().toLowerCase(Locale.ROOT), product));
        for (JsonNode tag : data.path("tags")) {
            String name = text(tag, "name");
            if (name != null && byTag.containsKey(name.strip().toLowerCase(Locale.ROOT))) {
                e.menu(byTag.get(name.strip().toLowerCase(Locale.ROOT)), "tag " + name);
                return;
            }
        }
        JsonNode number = data.path("number");
        PhoneNumbers numbers = new PhoneNumbers(properties.getDefaultRegion());
        String digits = numbers.e164(text(number, "digits"));
        for (Map.Entry<String, String> entry : properties.getAircall().getNumbers().entrySet()) {
            String key = entry.getKey().strip();
            if (key.equals(text(number, "id")) || (digits != null && digits.equals(numbers.e164(key)))) {
                e.menu(entry.getValue(), "Aircall number " + first(text(number, "name"), key));
                return;
            }
        }
    }

    private boolean flagged(JsonNode data) {
        List<String> wanted = properties.getAircall().getFollowUpTags().stream()
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        for (JsonNode tag : data.path("tags")) {
            String name = text(tag, "name");
            if (name != null && wanted.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String comments(JsonNode data) {
        List<String> lines = new ArrayList<>();
        for (JsonNode c : data.path("comments")) {
            String content = text(c, "content");
            if (content != null) {
                String by = text(c.path("posted_by"), "name");
                lines.add(by == null ? content : by + ": " + content);
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static Instant epoch(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.canConvertToLong() && !v.isNull() ? Instant.ofEpochSecond(v.asLong()) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
