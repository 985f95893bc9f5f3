package com.cfh.supporthub.widget;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.EmailAddresses;
import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.RequestText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps the widget's JSON to the canonical envelope and the intake result back to the widget's
 * answer. Every field rule of the widget lives here; an invalid request is refused whole (422)
 * with every invalid field listed.
 */
@Component("widgetMapper")
public class WidgetMapper {

    private final HubProperties properties;
    private final ObjectMapper json;

    public WidgetMapper(HubProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** 415 unless the body is declared as JSON. */
    public void checkContentType(@Header("Content-Type") String contentType) {
        if (contentType == null || !contentType.toLowerCase().matches("application/(.+\\+)?json\\s*(;.*)?")) {
            throw ProblemException.unsupportedMediaType("Send the request as application/json"
                    + (contentType == null ? "." : ", not " + contentType + "."));
        }
    }

    /** The request of a JSON text (already decoded by its charset); malformed JSON is a 400 (ProblemResponder). */
    public WidgetTicketRequest parse(String body) throws JsonProcessingException {
        return json.readValue(body, WidgetTicketRequest.class);
    }

    public TicketIntake toIntake(WidgetTicketRequest request, @Header("Idempotency-Key") String idempotencyKey,
                                 @Header("Origin") String origin) {
        if (request == null) {
            throw ProblemException.malformed("The body must be a JSON object.");
        }
        HubProperties.Widget limits = properties.getWidget();
        List<FieldError> errors = new ArrayList<>();
        HubProperties.Product product = properties.product(request.product()).orElse(null);
        if (product == null) {
            errors.add(new FieldError("product", request.product() == null || request.product().isBlank()
                    ? "is required" : "must be one of " + properties.getProducts().keySet()));
        }
        // Control characters never reach a stored field (issue 14 item 7): one-line fields lose them all
        // (line breaks become spaces), the message keeps its line breaks and tabs (RequestText).
        String name = text(RequestText.oneLine(request.name()), "name", limits.getMaxNameLength(), false, errors);
        String email = text(RequestText.oneLine(request.email()), "email", 254, true, errors);
        if (email != null && EmailAddresses.normalize(email).isEmpty()) {
            errors.add(new FieldError("email", "is not a valid e-mail address"));
        }
        String subject = text(RequestText.oneLine(request.subject()), "subject", limits.getMaxSubjectLength(), true, errors);
        String message = text(RequestText.multiLine(request.message()), "message", limits.getMaxMessageLength(), true, errors);
        String pageUrl = text(request.pageUrl(), "pageUrl", limits.getMaxPageUrlLength(), false, errors);
        if (pageUrl != null && !isWebUrl(pageUrl)) {
            errors.add(new FieldError("pageUrl", "must be an absolute http or https URL"));
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255
                || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
            errors.add(new FieldError("Idempotency-Key", "must be 1 to 255 printable ASCII characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The request has invalid fields; nothing was stored.", errors);
        }
        if (origin != null && !product.getWidgetOrigins().contains(origin)) {
            throw ProblemException.forbidden("Origin " + origin + " may not post " + request.product() + " tickets.");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (pageUrl != null) {
            attributes.put("page-url", pageUrl);
        }
        if (origin != null) {
            attributes.put("origin", origin);
        }
        return new TicketIntake(Channel.WIDGET, request.product(), new Party(name, email, null), subject, message,
                List.of(), null, idempotencyKey, null, List.of(), null, attributes);
    }

    public WidgetTicketResponse toResponse(IntakeResult result) {
        return new WidgetTicketResponse(result.key(), result.product(), result.status().name(), result.receivedAt(),
                "/api/v1/tickets/" + result.key(), result.outcome() == IntakeOutcome.DUPLICATE ? Boolean.TRUE : null,
                result.firstResponseDue(), result.promise());
    }

    private static String text(String value, String field, int max, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return trimmed;
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
