package com.cfh.supporthub.email;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** First step of the intake-email routes: the raw message in, parsed, without Camel's header mapping (see {@link EmailIntake#receive}). */
@Component("emailReceiver")
public class MailReceiver implements Processor {

    private final EmailIntake intake;

    public MailReceiver(EmailIntake intake) {
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        intake.receive(exchange);
    }
}
