package com.cfh.supporthub.health;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.LoggingExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * The end of each poll of the mailbox routes (called by their poll strategy, {@code email/ParkedMoves}) and
 * their exception handler ({@code exceptionHandler: "#mailboxPollStatus"} in routes/intake-email.camel.yaml): each poll reports
 * its mailbox (component = route id) to {@link ChannelStatus}, which logs an outage once and its end
 * once. Camel's own handler would log every failed poll with its stack trace (some 30 lines every poll
 * interval); a failed poll is logged only through {@link ChannelStatus}, while failures of a message
 * (an exchange) are logged as before.
 */
@Component("mailboxPollStatus")
public class MailboxPollStatus implements PollingConsumerPollStrategy, ExceptionHandler {

    private final ChannelStatus channels;
    private final ExceptionHandler messages = new LoggingExceptionHandler(null, MailboxPollStatus.class);

    public MailboxPollStatus(ChannelStatus channels) {
        this.channels = channels;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        channels.up(component(consumer));
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        channels.down(component(consumer), cause);
        return false; // no retry within the poll: the next scheduled poll tries again
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange == null) {
            return; // a failed poll: rollback above reported it to ChannelStatus
        }
        messages.handleException(message, exchange, exception);
    }

    private static String component(Consumer consumer) {
        return consumer instanceof RouteIdAware r && r.getRouteId() != null ? r.getRouteId() : ChannelHealth.MAILBOX + "unknown";
    }
}
