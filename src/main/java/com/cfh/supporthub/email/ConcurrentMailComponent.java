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
 * The {@code imap} and {@code imaps} components of the hub (registered under those names by
 * {@link MailComponents}): Camel's mail component whose endpoints take {@code hub.email.workers}
 * messages of a poll at once (see {@link ConcurrentMailConsumer}). Endpoint options are Camel's own;
 * the {@code searchTerm} and {@code sortTerm} bean options of Camel's component are not offered, as
 * no hub route uses them.
 */
public class ConcurrentMailComponent extends MailComponent {

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

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        for (String unsupported : new String[] {"searchTerm", "sortTerm"}) {
            if (parameters.keySet().stream().anyMatch(k -> k.startsWith(unsupported))) {
                throw new IllegalArgumentException(unsupported + " is not supported by the hub's mail component: " + uri);
            }
        }
        MailConfiguration config = getConfiguration().copy();
        config.configure(new URI(uri));
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
