package com.cfh.supporthub.email;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;

/**
 * One route per configured mailbox (issue 17: several per product), made from the YAML route template
 * {@code intake-email} (routes/intake-email.camel.yaml) once the routes are loaded: {@code intake-email-<product>}
 * for a product's {@code mailbox}, {@code intake-email-<product>-<name>} for each of its {@code mailboxes.<name>}.
 * Adding a mailbox is configuration only. A mailbox without a host polls nothing.
 */
@Component
public class MailboxRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxRoutes.class);

    private final Mailboxes mailboxes;

    public MailboxRoutes(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (Mailboxes.Mailbox mailbox : mailboxes.all()) {
            HubProperties.Mailbox box = mailbox.settings();
            TemplatedRouteBuilder.builder(camel, "intake-email")
                    .routeId(mailbox.routeId())
                    .parameter("product", mailbox.product())
                    .parameter("mailboxId", mailbox.id())
                    .parameter("mailboxKey", mailbox.key())
                    .parameter("protocol", box.getProtocol())
                    .parameter("host", box.getHost())
                    .parameter("port", String.valueOf(box.portOrDefault()))
                    .parameter("username", nullToEmpty(box.getUsername()))
                    .parameter("password", nullToEmpty(box.getPassword()))
                    .parameter("folder", box.getFolder())
                    .parameter("cron", cron(box.getPollInterval()))
                    .parameter("maxMessagesPerPoll", String.valueOf(box.getMaxMessagesPerPoll()))
                    .add();
            LOG.info("Mailbox {} of {}: {}://{}:{}/{} every {}", mailbox.id(), mailbox.product(), box.getProtocol(),
                    box.getHost(), box.portOrDefault(), box.getFolder(), box.getPollInterval());
        }
    }

    /**
     * A Quartz cron for a poll interval: whole seconds that divide a minute, or whole minutes that
     * divide an hour (e.g. 1s, 10s, 30s, 1m, 5m); anything else is refused at start-up.
     */
    static String cron(Duration interval) {
        long seconds = interval.getSeconds();
        if (seconds >= 1 && seconds < 60 && 60 % seconds == 0 && interval.getNano() == 0) {
            return "0/" + seconds + " * * * * ?";
        }
        if (seconds >= 60 && seconds % 60 == 0 && 60 % (seconds / 60) == 0) {
            return "0 0/" + (seconds / 60) + " * * * ?";
        }
        throw new IllegalArgumentException("poll-interval " + interval + " must be whole seconds dividing a minute "
                + "(1s, 5s, 30s) or whole minutes dividing an hour (1m, 5m, 15m)");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
