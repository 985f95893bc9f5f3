package com.cfh.supporthub.telephony;

import java.util.Locale;
import java.util.Map;

/**
 * One telephony webhook as it arrived, before any provider looked at it: what the provider
 * adapters map from, so they are tested without Camel or HTTP.
 *
 * @param provider    the {provider} path segment
 * @param segment     the path segment after it (Twilio: the callback's name; CTI: the secret token), or null
 * @param path        the request path after {@code /api/v1/telephony/}, with its query string (what Twilio signs)
 * @param contentType the Content-Type header, or null
 * @param headers     request headers, names in lower case (first value of each)
 * @param body        the raw body, decoded as UTF-8
 */
public record WebhookRequest(String provider, String segment, String path, String contentType,
                             Map<String, String> headers, String body) {

    public WebhookRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isJson() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).matches("application/(.+\\+)?json\\s*(;.*)?");
    }

    public boolean isForm() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
