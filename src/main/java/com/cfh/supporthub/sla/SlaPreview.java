package com.cfh.supporthub.sla;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.ticket.Priority;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/sla/preview}: the due instants a request received at a given instant would get,
 * computed by the same {@link SlaPolicy} as a real ticket's, for integrators to check their channel
 * against the policy (P01, P02, P07, P08).
 */
@Component("slaPreview")
public class SlaPreview {

    /** Instants are given with the offset of the product's time zone at that instant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preview(String product, String priority, OffsetDateTime receivedAt, OffsetDateTime clockStart,
                          OffsetDateTime firstResponseDue, OffsetDateTime resolutionDue, String firstResponseGoal,
                          String resolutionGoal, String promise) {
    }

    private final SlaPolicy policy;
    private final HubProperties properties;

    public SlaPreview(SlaPolicy policy, HubProperties properties) {
        this.policy = policy;
        this.properties = properties;
    }

    public Preview preview(@Header("product") String product, @Header("receivedAt") String receivedAt,
                           @Header("priority") String priority) {
        if (product == null || product.isBlank() || properties.product(product.trim()).isEmpty()) {
            throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                    "must be one of " + properties.getProducts().keySet())));
        }
        String id = product.trim();
        OffsetDateTime received = instant(receivedAt);
        Priority level = priority(priority);
        SlaClock.State state;
        try {
            state = policy.start(id, level, received.toInstant());
        } catch (CalendarCoverageException e) {
            throw ProblemException.unprocessable("calendar-not-covered", "Date not covered by the holiday data",
                    e.getMessage());
        }
        ZoneId zone = policy.calendar(id).zone();
        SlaPolicy.Goals goals = policy.goals(id, level);
        return new Preview(id, level.name(), received, at(state.clockStart, zone), at(state.firstResponseDue, zone),
                at(state.resolutionDue, zone), goals.firstResponse().toString(), goals.resolution().toString(),
                policy.promise(id, received.toInstant(), state.firstResponseDue));
    }

    private static OffsetDateTime instant(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("receivedAt is required.", List.of(new FieldError("receivedAt",
                    "is required: an ISO-8601 instant with offset, e.g. 2026-01-16T16:00:00Z or 2026-07-01T09:00:00+01:00")));
        }
        try {
            // A '+' in a query string arrives as a space unless the client encoded it as %2B.
            return OffsetDateTime.parse(value.trim().replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("receivedAt is not an ISO-8601 instant with offset.",
                    List.of(new FieldError("receivedAt", "'" + shorten(value) + "' is not an ISO-8601 instant with "
                            + "offset, e.g. 2026-01-16T16:00:00Z or 2026-07-01T09:00:00+01:00")));
        }
    }

    private static Priority priority(String value) {
        if (value == null || value.isBlank()) {
            return Priority.NORMAL;
        }
        try {
            return Priority.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown priority.", List.of(new FieldError("priority",
                    "must be one of " + Arrays.toString(Priority.values()))));
        }
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
