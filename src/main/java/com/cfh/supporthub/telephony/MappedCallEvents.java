package com.cfh.supporthub.telephony;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The call event of a provider added by configuration (issue 17 item 4): its route maps the webhook with JSONata to
 * a JSON object with the fields of {@link CallEvent}, and this turns that object into the event
 * {@code telephony-call} merges, like the mappers written in Java do. {@code null} (or no {@code callId}) is an
 * event about no call: acknowledged, nothing stored.
 *
 * <p>Fields: {@code callId} (required), {@code event}, {@code direction} (INBOUND / OUTBOUND), {@code customerNumber},
 * {@code lineNumber}, {@code occurredAt}, {@code startedAt}, {@code answeredAt}, {@code endedAt} (ISO-8601 instants
 * or Unix seconds), {@code answered}, {@code ended}, {@code followUp} (booleans), {@code endCause}, {@code durationSec},
 * {@code agent}, {@code recordingUrl}, {@code voicemailUrl}, {@code transcription}, {@code note}, {@code menuProduct},
 * {@code menuChoice}. A field the mapping names that is not one of these is a mistake in the mapping (500, named);
 * a value of the wrong kind comes from the provider's body (400).
 */
@Component("mappedCallEvents")
public class MappedCallEvents {

    static final Set<String> FIELDS = Set.of("callId", "event", "direction", "customerNumber", "lineNumber",
            "occurredAt", "startedAt", "answeredAt", "endedAt", "answered", "ended", "followUp", "endCause",
            "durationSec", "agent", "recordingUrl", "voicemailUrl", "transcription", "note", "menuProduct", "menuChoice");

    private final Clock clock;

    public MappedCallEvents(Clock clock) {
        this.clock = clock;
    }

    public CallEvent toEvent(@Body JsonNode mapped, @Header("provider") String provider) {
        if (mapped == null || mapped.isNull() || mapped.isMissingNode()) {
            return null;
        }
        if (!mapped.isObject()) {
            throw new IllegalStateException("The " + provider + " mapping must give a JSON object or null, not "
                    + mapped.getNodeType() + ".");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = mapped.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The " + provider + " mapping gives fields a call event does not have: "
                    + unknown + " (docs/telephony.md lists the fields).");
        }
        String callId = text(mapped, "callId");
        if (callId == null) {
            return null;
        }
        String direction = text(mapped, "direction");
        Instant occurredAt = instant(mapped, "occurredAt");
        CallEvent e = new CallEvent(provider, callId, text(mapped, "event"))
                .direction(direction == null ? null
                        : "OUTBOUND".equals(direction.toUpperCase(Locale.ROOT)) ? Direction.OUTBOUND : Direction.INBOUND)
                .customerNumber(text(mapped, "customerNumber"))
                .lineNumber(text(mapped, "lineNumber"))
                .occurredAt(occurredAt == null ? clock.instant() : occurredAt)
                .startedAt(instant(mapped, "startedAt"))
                .answeredAt(instant(mapped, "answeredAt"))
                .endedAt(instant(mapped, "endedAt"))
                .answered(mapped.path("answered").asBoolean(false))
                .ended(mapped.path("ended").asBoolean(false))
                .followUp(mapped.path("followUp").asBoolean(false))
                .endCause(text(mapped, "endCause"))
                .durationSec(duration(mapped))
                .agent(text(mapped, "agent"))
                .recordingUrl(text(mapped, "recordingUrl"))
                .voicemailUrl(text(mapped, "voicemailUrl"))
                .transcription(text(mapped, "transcription"))
                .note(text(mapped, "note"));
        String menuProduct = text(mapped, "menuProduct");
        if (menuProduct != null) {
            e.menu(menuProduct, text(mapped, "menuChoice"));
        }
        return e;
    }

    private static Integer duration(JsonNode mapped) {
        JsonNode v = mapped.path("durationSec");
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() && !(v.isTextual() && v.asText().matches("\\d{1,9}"))) {
            throw WebhookAuth.malformed("The call's duration '" + v.asText() + "' is not a number of seconds.");
        }
        int seconds = v.asInt();
        return seconds > 0 ? seconds : null;
    }

    private static Instant instant(JsonNode mapped, String field) {
        JsonNode v = mapped.path(field);
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        if (v.isNumber() || v.asText().matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(v.asLong());
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException ex) {
            throw WebhookAuth.malformed("The value '" + v.asText() + "' (" + field + ") is not an ISO-8601 instant.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
