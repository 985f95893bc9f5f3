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

/** Sends a composed message through the SMTP server of {@code hub.smtp.*} (P03 outbound mail). */
@Component
public class SmtpMailer {

    private final MailSettings.Smtp smtp;
    private final Session session;
    private final ChannelStatus channels;

    public SmtpMailer(MailSettings settings, ChannelStatus channels) {
        this.channels = channels;
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

    /** One SMTP conversation; host and port are read at each send, so a changed setting applies without a restart. */
    public void send(MimeMessage message) throws MessagingException {
        try (Transport transport = session.getTransport("smtp")) {
            boolean auth = smtp.getUsername() != null && !smtp.getUsername().isBlank();
            transport.connect(smtp.getHost(), smtp.getPort(), auth ? smtp.getUsername() : null,
                    auth ? smtp.getPassword() : null);
            channels.up(ChannelHealth.SMTP); // health (issue 14 item 12): the server answered
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            if (unreachable(e)) {
                channels.down(ChannelHealth.SMTP, e); // logged once per outage
            }
            throw e;
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
