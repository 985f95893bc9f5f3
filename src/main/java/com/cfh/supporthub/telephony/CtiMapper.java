package com.cfh.supporthub.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.cfh.supporthub.web.RequestText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Zammad-compatible generic CTI ({@code POST /api/v1/telephony/cti/{token}}): {@code newCall},
 * {@code answer}, {@code hangup} as form data or JSON. The only secret is the token in the path;
 * the protocol has no timestamp, so no replay window applies.
 *
 * <p>Mapping (Zammad's own rules): {@code answer} answers the call; {@code hangup} ends it, and with
 * {@code cause=normalClearing} means it had been answered; a call ended with any other cause and
 * never answered is a missed call.
 */
@Component("ctiMapper")
public class CtiMapper implements TelephonyProvider {

    private final TelephonyProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public CtiMapper(TelephonyProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "cti";
    }

    @Override
    public boolean configured() {
        return !properties.getCti().getToken().isEmpty();
    }

    @Override
    public CallEvent toEvent(WebhookRequest request) {
        if (!WebhookAuth.sameSecret(properties.getCti().getToken(), request.segment())) {
            throw WebhookAuth.unauthenticated("The CTI token in the path is missing or wrong.");
        }
        Map<String, String> p = request.isJson() ? fromJson(request.body()) : fromForm(request.body());
        String event = p.getOrDefault("event", "");
        String callId = RequestText.oneLine(p.get("callId"));
        if (callId == null || callId.isBlank()) {
            throw WebhookAuth.malformed("callId is required.");
        }
        if (callId.length() > 250) {
            throw WebhookAuth.malformed("callId is longer than 250 characters.");
        }
        Direction direction = "out".equalsIgnoreCase(p.get("direction")) ? Direction.OUTBOUND
                : "in".equalsIgnoreCase(p.get("direction")) ? Direction.INBOUND : null;
        Instant now = clock.instant();
        CallEvent e = new CallEvent(id(), callId.strip(), event)
                .direction(direction)
                .customerNumber(direction == Direction.OUTBOUND ? p.get("to") : p.get("from"))
                .lineNumber(direction == Direction.OUTBOUND ? p.get("from") : p.get("to"))
                .occurredAt(now);
        menu(e, p);
        switch (event) {
            case "newCall" -> e.startedAt(now);
            case "answer" -> e.answered(true).answeredAt(now).agent(first(p.get("user"), p.get("answeringNumber")));
            case "hangup" -> {
                String cause = p.get("cause");
                e.ended(true).endedAt(now).endCause(cause);
                if ("normalClearing".equals(cause)) {
                    // the agent is taken from answer only, so the merged state does not depend on the order
                    e.answered(true);
                }
            }
            default -> throw WebhookAuth.malformed("event must be newCall, answer or hangup, not '" + event + "'.");
        }
        return e;
    }

    /**
     * The product named by the configured field (hub.telephony.cti.product-field, e.g. queue): its value mapped in
     * hub.telephony.cti.products, or the value itself when it is a product id (issue 14 item 6a).
     */
    private void menu(CallEvent e, Map<String, String> p) {
        String field = properties.getCti().getProductField();
        String value = field == null || field.isBlank() ? null : p.get(field.strip());
        if (value == null || value.isBlank()) {
            return;
        }
        for (String part : value.split(",")) { // user[] arrives joined by ", "
            String v = part.strip();
            String mapped = properties.getCti().getProducts().get(v);
            String product = mapped != null ? mapped : v.toLowerCase(Locale.ROOT);
            e.menu(product, field.strip() + " " + v);
            if (mapped != null) {
                return;
            }
        }
    }

    private static Map<String, String> fromForm(String body) {
        FormBody form;
        try {
            form = FormBody.parse(body);
        } catch (IllegalArgumentException ex) {
            throw WebhookAuth.malformed("The body is not form data: " + ex.getMessage());
        }
        Map<String, String> p = new java.util.LinkedHashMap<>(form.first());
        List<String> users = new ArrayList<>(form.all("user[]"));
        users.addAll(form.all("user"));
        p.remove("user[]");
        if (!users.isEmpty()) {
            p.put("user", String.join(", ", users));
        }
        return p;
    }

    private Map<String, String> fromJson(String body) {
        JsonNode root = WebhookAuth.jsonObject(json, body);
        Map<String, String> p = new java.util.LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                p.put(f.getKey(), String.join(", ", items));
            } else if (!v.isNull()) {
                p.put(f.getKey().toLowerCase(Locale.ROOT).equals("callid") ? "callId" : f.getKey(), v.asText());
            }
        });
        return p;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
