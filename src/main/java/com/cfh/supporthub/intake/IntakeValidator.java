package com.cfh.supporthub.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * First step of {@code direct:ticket-intake}: rejects an envelope no channel should send (422 with
 * every invalid field) and returns it in canonical form (trimmed text, lower-case addresses,
 * a receipt instant).
 */
@Component("intakeValidator")
public class IntakeValidator {

    /** Attribute a phone channel sets for a caller whose number was withheld. */
    public static final String WITHHELD_CALLER = "withheld-caller";
    static final String NO_SUBJECT = "(no subject)";
    private static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    private final HubProperties properties;
    private final Clock clock;

    public IntakeValidator(HubProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public TicketIntake validate(TicketIntake intake) {
        if (intake == null) {
            throw ProblemException.invalid("The intake envelope is missing.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        if (intake.channel() == null) {
            errors.add(new FieldError("channel", "is required"));
        }
        if (properties.product(intake.product()).isEmpty()) {
            errors.add(new FieldError("product", intake.product() == null ? "is required"
                    : "is not a configured product; known: " + properties.getProducts().keySet()));
        }
        Party requester = requester(intake, errors);
        if (intake.externalId() != null && (intake.externalId().isBlank() || intake.externalId().length() > 998)) {
            errors.add(new FieldError("externalId", "must be 1 to 998 characters"));
        }
        if (intake.idempotencyKey() != null && !validIdempotencyKey(intake.idempotencyKey())) {
            errors.add(new FieldError("idempotencyKey", "must be 1 to 255 printable ASCII characters"));
        }
        Instant now = clock.instant();
        Instant receivedAt = intake.receivedAt() == null ? now : intake.receivedAt();
        if (receivedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            errors.add(new FieldError("receivedAt", "lies in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The intake envelope has invalid fields.", errors);
        }
        List<Party> participants = intake.participants().stream()
                .map(IntakeValidator::participant)
                .filter(p -> p != null)
                .toList();
        return new TicketIntake(intake.channel(), intake.product(), requester,
                subject(intake), body(intake.body()), participants,
                blankToNull(intake.externalId()), intake.idempotencyKey(),
                blankToNull(intake.ticketReference()), intake.inReplyTo().stream()
                        .filter(id -> id != null && !id.isBlank()).map(String::trim).toList(),
                receivedAt, intake.attributes());
    }

    private Party requester(TicketIntake intake, List<FieldError> errors) {
        Party r = intake.requester();
        boolean withheld = "true".equals(intake.attributes().get(WITHHELD_CALLER));
        if (r == null) {
            if (withheld) {
                return new Party(null, null, null);
            }
            errors.add(new FieldError("requester", "is required"));
            return null;
        }
        String email = null;
        if (r.email() != null && !r.email().isBlank()) {
            email = EmailAddresses.normalize(r.email()).orElse(null);
            if (email == null) {
                errors.add(new FieldError("requester.email", "is not a valid e-mail address"));
            }
        }
        String phone = blankToNull(r.phone());
        if (email == null && phone == null && !withheld && errors.stream().noneMatch(e -> e.field().equals("requester.email"))) {
            errors.add(new FieldError("requester", "needs an e-mail address or a phone number"));
        }
        return new Party(truncate(blankToNull(r.name()), 200), email, phone);
    }

    private static Party participant(Party p) {
        if (p == null) {
            return null;
        }
        String email = EmailAddresses.normalize(p.email()).orElse(null);
        String phone = blankToNull(p.phone());
        if (email == null && phone == null) {
            return null;
        }
        return new Party(truncate(blankToNull(p.name()), 200), email, phone);
    }

    private String subject(TicketIntake intake) {
        String subject = blankToNull(intake.subject());
        if (subject == null) {
            String body = blankToNull(intake.body());
            subject = body == null ? NO_SUBJECT : body.lines().filter(l -> !l.isBlank()).findFirst().orElse(NO_SUBJECT);
            subject = truncate(subject.strip(), 80);
        }
        return truncate(subject.replaceAll("\\s+", " "), properties.getIntake().getMaxSubjectLength());
    }

    private String body(String body) {
        String text = body == null ? "" : body.strip();
        return truncate(text, properties.getIntake().getMaxBodyLength());
    }

    private static boolean validIdempotencyKey(String key) {
        return !key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 1) + "…";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
