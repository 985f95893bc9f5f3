package com.cfh.supporthub.telephony;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.web.ProblemException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every {@link TelephonyProvider} bean, by id, and the providers added by configuration
 * ({@code hub.telephony.webhooks}, {@link ConfiguredWebhooks}): the webhook route asks here whether a provider exists
 * and is configured (404 otherwise), turns the HTTP request into a {@link WebhookRequest} and
 * lets the provider's route map it.
 */
@Component("telephonyProviders")
public class TelephonyProviders {

    public static final String PATH_PREFIX = "/api/v1/telephony/";

    private final Map<String, TelephonyProvider> providers = new TreeMap<>();

    private final ConfiguredWebhooks configured;

    public TelephonyProviders(List<TelephonyProvider> all, ConfiguredWebhooks configured) {
        all.forEach(p -> providers.put(p.id(), p));
        this.configured = configured;
        providers.keySet().stream().filter(configured::declares).findFirst().ifPresent(id -> {
            throw new IllegalStateException("hub.telephony.webhooks." + id + " names a provider the hub already has in Java; "
                    + "choose another id.");
        });
    }

    /** The configured provider of this id, or a 404 problem; null for a configured provider added by configuration. */
    public TelephonyProvider provider(String id) {
        TelephonyProvider p = id == null ? null : providers.get(id);
        if (p == null && id != null && configured.configured(id)) {
            return null; // hub.telephony.webhooks.<id>: its route verifies (configuredWebhooks) and maps (JSONata)
        }
        if (p == null || !p.configured()) {
            throw ProblemException.notFound("No telephony provider '" + id + "' is configured here.");
        }
        return p;
    }

    /** The webhook of the exchange, for a provider that is configured (404 otherwise). */
    public WebhookRequest request(Exchange exchange, @Header("provider") String provider,
                                  @Header("segment") String segment) {
        provider(provider);
        HttpServletRequest servlet = TelephonyRequestGuard.servletRequest(exchange);
        Map<String, String> headers = new TreeMap<>();
        String body;
        String path;
        String contentType;
        if (servlet != null) {
            servlet.getHeaderNames().asIterator().forEachRemaining(n -> headers.put(n.toLowerCase(), servlet.getHeader(n)));
            body = TelephonyRequestGuard.body(servlet);
            String uri = servlet.getRequestURI();
            path = (uri.startsWith(PATH_PREFIX) ? uri.substring(PATH_PREFIX.length()) : uri)
                    + (servlet.getQueryString() == null ? "" : "?" + servlet.getQueryString());
            contentType = servlet.getContentType();
        } else {
            exchange.getIn().getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.valueOf(v)));
            body = exchange.getIn().getBody(String.class);
            path = provider + (segment == null ? "" : "/" + segment);
            contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        }
        return new WebhookRequest(provider, segment, path, contentType, headers, body);
    }
}
