package com.cfh.supporthub.email;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The e-mail keys of {@code application.yaml} (P03) that are not a product's: inbound handling
 * ({@code hub.email.*}), outbound SMTP ({@code hub.smtp.*}) and outbound mail rules ({@code hub.mail.*}).
 * A product's mailboxes are part of its entry ({@code HubProperties.Product#getMailbox()},
 * {@code #getMailboxes()}); no key is bound both here and in {@code HubProperties}.
 */
@ConfigurationProperties(prefix = "hub")
public class MailSettings {

    private Email email = new Email();
    private Smtp smtp = new Smtp();
    private Mail mail = new Mail();

    public Email getEmail() { return email; }
    public void setEmail(Email email) { this.email = email; }
    public Smtp getSmtp() { return smtp; }
    public void setSmtp(Smtp smtp) { this.smtp = smtp; }
    public Mail getMail() { return mail; }
    public void setMail(Mail mail) { this.mail = mail; }

    /** Inbound handling. */
    public static class Email {
        /** Failed attempts after which a message is parked. */
        private int maxAttempts = 3;
        /** Messages of one poll processed at once (each marked seen after its own commit); 1: one at a time. */
        private int workers = 4;
        /** Senders whose mail on a ticket becomes an internal note (P09, P15), besides the escalation tiers' addresses. */
        private List<String> internalAddresses = new ArrayList<>();
        /** Domains whose senders count as internal, e.g. cfh.com. */
        private List<String> internalDomains = new ArrayList<>();
        private RawCopies rawCopies = new RawCopies();

        public int getWorkers() { return workers; }
        public void setWorkers(int workers) { this.workers = workers; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public List<String> getInternalAddresses() { return internalAddresses; }
        public void setInternalAddresses(List<String> internalAddresses) { this.internalAddresses = internalAddresses; }
        public List<String> getInternalDomains() { return internalDomains; }
        public void setInternalDomains(List<String> internalDomains) { this.internalDomains = internalDomains; }
        public RawCopies getRawCopies() { return rawCopies; }
        public void setRawCopies(RawCopies rawCopies) { this.rawCopies = rawCopies; }
    }

    /** Which inbound messages keep a (redacted) copy of the whole message, and for how long (P13, P14). */
    public enum Keep {
        /** No copy: the mailbox itself keeps the message (processed or parked folder). */
        NONE,
        /** A copy of each parked message only. */
        PARKED,
        /** A copy of every message (forensics). */
        ALL
    }

    /** Copies of whole inbound messages, redacted like everything else the hub stores. */
    public static class RawCopies {
        private Keep keep = Keep.PARKED;
        /** Copies older than this are removed by the email-copy-expiry route. */
        private Duration keepFor = Duration.ofDays(30);
        /** Quartz cron of the email-copy-expiry route (seconds first), read in the time zone below. */
        private String expiryCron = "0 45 2 * * ?";
        private ZoneId expiryTimeZone = ZoneId.of("Europe/London");

        public Keep getKeep() { return keep; }
        public void setKeep(Keep keep) { this.keep = keep; }
        public Duration getKeepFor() { return keepFor; }
        public void setKeepFor(Duration keepFor) { this.keepFor = keepFor; }
        public String getExpiryCron() { return expiryCron; }
        public void setExpiryCron(String expiryCron) { this.expiryCron = expiryCron; }
        public ZoneId getExpiryTimeZone() { return expiryTimeZone; }
        public void setExpiryTimeZone(ZoneId expiryTimeZone) { this.expiryTimeZone = expiryTimeZone; }
    }

    /** The SMTP server outbound mail goes through. */
    public static class Smtp {
        private String host = "localhost";
        private int port = 25;
        private String username = "";
        private String password = "";
        private String from = "support-hub@localhost";
        private boolean tls = false;
        private Duration timeout = Duration.ofSeconds(20);

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public boolean isTls() { return tls; }
        public void setTls(boolean tls) { this.tls = tls; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }

    /** Rules of outbound mail and the outbox delivery. */
    public static class Mail {
        /** HMAC key of outbound Message-IDs; empty: one is generated and kept in the database. */
        private String messageIdSecret = "";
        /** Domain of outbound Message-IDs; empty: the domain of hub.smtp.from. */
        private String messageIdDomain = "";
        /** Most automatic mails one address gets per UTC day (acknowledgements, notices). */
        private int autoDailyCap = 10;
        // batch size, backoff, lease and attempts of the outbox delivery: hub.outbox.destinations.* (OutboxProperties)

        public String getMessageIdSecret() { return messageIdSecret; }
        public void setMessageIdSecret(String messageIdSecret) { this.messageIdSecret = messageIdSecret; }
        public String getMessageIdDomain() { return messageIdDomain; }
        public void setMessageIdDomain(String messageIdDomain) { this.messageIdDomain = messageIdDomain; }
        public int getAutoDailyCap() { return autoDailyCap; }
        public void setAutoDailyCap(int autoDailyCap) { this.autoDailyCap = autoDailyCap; }
    }
}
