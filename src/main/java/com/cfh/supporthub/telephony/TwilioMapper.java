package com.cfh.supporthub.telephony;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.telephony.CallEvent.Direction;

/**
 * Twilio Programmable Voice: form-encoded status callbacks, {@code <Dial>} action callbacks and
 * the transcription callback, each signed with {@code X-Twilio-Signature} over the public URL
 * ({@code hub.telephony.public-base-url} + the path after {@code /api/v1/telephony/}) and the
 * sorted parameters.
 *
 * <p>Mapping: {@code busy}, {@code no-answer}, {@code canceled}, {@code failed} end a call unanswered;
 * {@code completed} ends it answered, unless it carries a recording and no {@code <Dial>} outcome
 * (the caller left a voicemail with {@code <Record>}); {@code DialCallStatus=completed|answered}
 * answers it; a transcription adds the voicemail's text.
 */
@Component("twilioMapper")
public class TwilioMapper implements TelephonyProvider {

    private static final Set<String> UNANSWERED = Set.of("busy", "no-answer", "canceled", "failed");
    private static final Set<String> STARTED = Set.of("queued", "initiated", "ringing", "in-progress");

    private final TelephonyProperties properties;
    private final Clock clock;

    public TwilioMapper(TelephonyProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "twilio";
    }

    @Override
    public boolean configured() {
        return !properties.getTwilio().getAuthToken().isEmpty() && !properties.getPublicBaseUrl().isEmpty();
    }

    @Override
    public CallEvent toEvent(WebhookRequest request) {
        if (!request.isForm()) {
            throw WebhookAuth.unauthenticated("Twilio webhooks are signed form posts (application/x-www-form-urlencoded).");
        }
        FormBody form;
        try {
            form = FormBody.parse(request.body());
        } catch (IllegalArgumentException e) {
            throw WebhookAuth.malformed("The body is not form data: " + e.getMessage());
        }
        String url = signedUrl(request.path());
        if (!TwilioSignature.verify(properties.getTwilio().getAuthToken(), url, form.fields(),
                request.header("X-Twilio-Signature"))) {
            throw WebhookAuth.unauthenticated("X-Twilio-Signature does not match " + url + " and the parameters.");
        }
        Map<String, String> p = form.first();
        Instant sentAt = rfc2822(p.get("Timestamp"));
        WebhookAuth.checkFresh(sentAt, clock, properties.getReplayWindow());
        String callSid = p.get("CallSid");
        if (callSid == null || callSid.isBlank()) {
            return null; // not about a call (e.g. a messaging callback): acknowledged, nothing stored
        }
        boolean transcription = p.containsKey("TranscriptionSid");
        String status = lower(p.get("CallStatus"));
        String dialStatus = lower(p.get("DialCallStatus"));
        Direction direction = lower(p.get("Direction")).startsWith("outbound") ? Direction.OUTBOUND
                : p.containsKey("Direction") ? Direction.INBOUND : null;
        Instant at = sentAt == null ? clock.instant() : sentAt;
        CallEvent e = new CallEvent(id(), callSid.strip(),
                transcription ? "transcription" : dialStatus.isEmpty() ? status : "dial-" + dialStatus)
                .direction(direction)
                .customerNumber(direction == Direction.OUTBOUND ? p.get("To") : p.get("From"))
                .lineNumber(direction == Direction.OUTBOUND ? p.get("From") : p.get("To"))
                .occurredAt(at)
                .durationSec(integer(p.get("CallDuration")));
        String digits = p.get("Digits");
        if (digits != null && !digits.isBlank()) {
            // the caller's choice in the <Gather> menu of a shared line (issue 14 item 6a)
            String product = properties.getTwilio().getDigits().get(digits.strip());
            if (product != null) {
                e.menu(product, "Digits " + digits.strip());
            }
        }
        String recording = p.get("RecordingUrl");
        if (transcription) {
            e.voicemailUrl(recording);
            if ("completed".equals(lower(p.get("TranscriptionStatus")))) {
                e.transcription(p.get("TranscriptionText"));
            }
            return e;
        }
        if (STARTED.contains(status)) {
            e.startedAt(at);
        }
        if (!dialStatus.isEmpty()) {
            if (dialStatus.equals("completed") || dialStatus.equals("answered")) {
                e.answered(true).recordingUrl(recording);
            } else if (UNANSWERED.contains(dialStatus)) {
                e.ended(true).endedAt(at).endCause(dialStatus).voicemailUrl(recording);
            }
        } else if (UNANSWERED.contains(status)) {
            e.ended(true).endedAt(at).endCause(status).voicemailUrl(recording);
        } else if (status.equals("completed")) {
            e.ended(true).endedAt(at);
            if (recording != null && !recording.isBlank()) {
                e.voicemailUrl(recording).endCause("voicemail");
            } else {
                e.answered(true);
            }
        }
        return e;
    }

    /** The URL Twilio signed: the public base URL and the path after /api/v1/telephony/. */
    String signedUrl(String path) {
        String base = properties.getPublicBaseUrl();
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        return base + (path.startsWith("/") ? path.substring(1) : path);
    }

    private static Instant rfc2822(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw WebhookAuth.malformed("Timestamp '" + value + "' is not an RFC 2822 date.");
        }
    }

    private static Integer integer(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
