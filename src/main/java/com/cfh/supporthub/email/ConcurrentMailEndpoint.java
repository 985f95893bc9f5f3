package com.cfh.supporthub.email;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;

/** Camel's mail endpoint whose consumer is a {@link ConcurrentMailConsumer}; everything else is Camel's. */
public class ConcurrentMailEndpoint extends MailEndpoint {

    private final int workers;

    public ConcurrentMailEndpoint(String uri, MailComponent component, MailConfiguration configuration, int workers) {
        super(uri, component, configuration);
        this.workers = workers;
    }

    /** As {@link MailEndpoint#createConsumer(Processor, JavaMailSender)}, with the concurrent consumer. */
    @Override
    public Consumer createConsumer(Processor processor, JavaMailSender sender) throws Exception {
        ConcurrentMailConsumer consumer = new ConcurrentMailConsumer(this, processor, sender, workers);
        consumer.setHandleFailedMessage(getConfiguration().isHandleFailedMessage());
        consumer.setSkipFailedMessage(getConfiguration().isSkipFailedMessage());
        consumer.setMaxMessagesPerPoll(getMaxMessagesPerPoll());
        configureConsumer(consumer);
        return consumer;
    }
}
