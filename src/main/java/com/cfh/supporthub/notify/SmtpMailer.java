package com.cfh.supporthub.notify;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.email.MailSettings;
import com.cfh.supporthub.health.ChannelHealth;
import com.cfh.supporthub.health.ChannelStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Sends a composed message through the SMTP server of {@code hub.smtp.*} (P03 outbound mail). */
@Component
public class SmtpMailer {

    private final MailSettings.Smtp smtp;
    private final Session session;
    private final ChannelStatus channels;
    private final Counter connections;

    public SmtpMailer(MailSettings settings, ChannelStatus channels, MeterRegistry meters) {
        this.channels = channels;
        this.connections = Counter.builder("hub.outbox.smtp.connections")
                .description("SMTP connections opened by the outbox (one per batch while the server answers)").register(meters);
        this.smtp = settings.getSmtp();
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", smtp.getHost());
        p.setProperty("mail.smtp.port", String.valueOf(smtp.getPort()));
        String timeout = String.valueOf(smtp.getTimeout().toMillis());
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        boolean auth = smtp.getUsername() != null && !smtp.getUsername().isBlank();
        p.setProperty("mail.smtp.auth", String.valueOf(auth));
        if (smtp.isTls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    public Session session() {
        return session;
    }

    /**
     * An open SMTP connection for a batch of messages (issue 15.3: one connection per batch, not per mail); host
     * and port are read at each connect, so a changed setting applies without a restart. The caller closes it.
     */
    public Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        connections.increment();
        try {
            boolean auth = smtp.getUsername() != null && !smtp.getUsername().isBlank();
            transport.connect(smtp.getHost(), smtp.getPort(), auth ? smtp.getUsername() : null,
                    auth ? smtp.getPassword() : null);
            channels.up(ChannelHealth.SMTP); // health (issue 14 item 12): the server answered
            return transport;
        } catch (MessagingException e) {
            close(transport);
            if (unreachable(e)) {
                channels.down(ChannelHealth.SMTP, e); // logged once per outage
            }
            throw e;
        }
    }

    /** Sends one message over a connection from {@link #connect()}. */
    public void send(Transport transport, MimeMessage message) throws MessagingException {
        transport.sendMessage(message, message.getAllRecipients());
    }

    /** One SMTP conversation for one message. */
    public void send(MimeMessage message) throws MessagingException {
        Transport transport = connect();
        try {
            send(transport, message);
        } finally {
            close(transport);
        }
    }

    /** Closes a connection quietly (QUIT; a connection already broken is just dropped). */
    public static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // already gone
            }
        }
    }

    /**
     * Whether the failure means the server could not be reached at all (refused, unknown host, no
     * route, connect timeout), as opposed to a failure of this one message or conversation.
     */
    public static boolean unreachable(MessagingException e) {
        if (e instanceof org.eclipse.angus.mail.util.MailConnectException) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }
}
