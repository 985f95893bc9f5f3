package com.cfh.supporthub.email;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailComponentConfigurer;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * The {@code hub-imap} and {@code hub-imaps} components of the hub (registered under those names by
 * {@link MailComponents}; Camel's own {@code imap} and {@code imaps} stay as they are): Camel's mail
 * component whose endpoints take {@code hub.email.workers} messages of a poll at once (see
 * {@link ConcurrentMailConsumer}). An endpoint {@code hub-imaps://host} is Camel's {@code imaps://host}
 * with that consumer; its options are Camel's own. The {@code searchTerm} and {@code sortTerm} bean
 * options of Camel's component are not offered, as no hub route uses them. Which Camel internals this
 * relies on, and the test that fails when they change: docs/email.md, "Why a subclass of Camel's consumer".
 */
public class ConcurrentMailComponent extends MailComponent {

    /** What the hub's scheme names put before Camel's: hub-imap, hub-imaps. */
    static final String SCHEME_PREFIX = "hub-";

    private final int workers;

    public ConcurrentMailComponent(int workers) {
        this.workers = workers;
    }

    /** Camel's generated binding of the mail endpoint's options (it is looked up by class name, which ours does not share). */
    private static final PropertyConfigurer ENDPOINT_OPTIONS = new MailEndpointConfigurer();
    private static final PropertyConfigurer COMPONENT_OPTIONS = new MailComponentConfigurer();

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_OPTIONS;
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return COMPONENT_OPTIONS;
    }

    /** {@code hub-imaps://host...} as Camel's mail component names it: {@code imaps://host...}. */
    static String camelUri(String uri) {
        return uri.startsWith(SCHEME_PREFIX) ? uri.substring(SCHEME_PREFIX.length()) : uri;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        for (String unsupported : new String[] {"searchTerm", "sortTerm"}) {
            if (parameters.keySet().stream().anyMatch(k -> k.startsWith(unsupported))) {
                throw new IllegalArgumentException(unsupported + " is not supported by the hub's mail component: " + uri);
            }
        }
        MailConfiguration config = getConfiguration().copy();
        config.configure(new URI(camelUri(uri))); // protocol, host, port and folder as Camel reads them
        for (Iterator<Map.Entry<String, Object>> it = parameters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().startsWith("mail.")) { // Jakarta Mail session properties, as Camel's component takes them
                config.getAdditionalJavaMailProperties().put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        MailEndpoint endpoint = new ConcurrentMailEndpoint(uri, this, config, workers);
        endpoint.setContentTypeResolver(getContentTypeResolver());
        setEndpointHeaderFilterStrategy(endpoint);
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getSslContextParameters() == null) {
            endpoint.getConfiguration().setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        return endpoint;
    }
}
