package com.cfh.supporthub.email;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code hub-imap} and {@code hub-imaps} Camel components of the hub: Camel's mail component with
 * {@code hub.email.workers} messages of a poll in flight (see {@link ConcurrentMailConsumer}). They have
 * names of their own, so a route that says {@code imap:} or {@code imaps:} gets Camel's component unchanged
 * and the mailbox routes say which consumer they use.
 */
@Configuration(proxyBeanMethods = false)
public class MailComponents {

    /**
     * Jakarta Mail 2.1 looks its stream provider up through ServiceLoader, scanning every jar, each
     * time it reads a header block (InternetHeaders) or makes a multipart: about a tenth of the CPU
     * of a mailbox drain (JFR, BENCHMARKS.md; jakartaee/mail-api issue 861). Named in its system
     * property, the provider is found by class name instead; the same provider either way.
     */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    @Bean("hub-imap")
    ConcurrentMailComponent imap(MailSettings settings) {
        return new ConcurrentMailComponent(Math.max(1, settings.getEmail().getWorkers()));
    }

    @Bean("hub-imaps")
    ConcurrentMailComponent imaps(MailSettings settings) {
        return new ConcurrentMailComponent(Math.max(1, settings.getEmail().getWorkers()));
    }
}
