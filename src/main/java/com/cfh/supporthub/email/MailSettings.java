package com.cfh.supporthub.email;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The e-mail keys of {@code application.yaml} (P03): each product's mailbox
 * ({@code hub.products.<id>.mailbox.*}), inbound handling ({@code hub.email.*}), outbound SMTP
 * ({@code hub.smtp.*}) and outbound mail rules ({@code hub.mail.*}). Kept apart from
 * {@code HubProperties} so the e-mail channel is one feature; both bind the same {@code hub} tree.
 */
@ConfigurationProperties(prefix = "hub")
public class MailSettings {

    private Map<String, ProductMail> products = new LinkedHashMap<>();
    private Email email = new Email();
    private Smtp smtp = new Smtp();
    private Mail mail = new Mail();

    public Map<String, ProductMail> getProducts() { return products; }
    public void setProducts(Map<String, ProductMail> products) { this.products = products; }
    public Email getEmail() { return email; }
    public void setEmail(Email email) { this.email = email; }
    public Smtp getSmtp() { return smtp; }
    public void setSmtp(Smtp smtp) { this.smtp = smtp; }
    public Mail getMail() { return mail; }
    public void setMail(Mail mail) { this.mail = mail; }

    /** The mail part of one product entry: its mailbox, or none. */
    public static class ProductMail {
        private Mailbox mailbox;

        public Mailbox getMailbox() { return mailbox; }
        public void setMailbox(Mailbox mailbox) { this.mailbox = mailbox; }
    }

    /** One IMAP mailbox polled for a product. A mailbox without a host polls nothing. */
    public static class Mailbox {
        private String protocol = "imaps";
        private String host;
        private Integer port;
        private String username;
        private String password;
        private String folder = "INBOX";
        private Duration pollInterval = Duration.ofSeconds(30);
        private String processedFolder = "";
        private String parkedFolder = "Parked";
        private int maxMessagesPerPoll = 500;

        public boolean configured() {
            return host != null && !host.isBlank();
        }

        public int portOrDefault() {
            return port != null ? port : "imap".equalsIgnoreCase(protocol) ? 143 : 993;
        }

        public String getProtocol() { return protocol; }
        public void setProtocol(String protocol) { this.protocol = protocol; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public Integer getPort() { return port; }
        public void setPort(Integer port) { this.port = port; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getFolder() { return folder; }
        public void setFolder(String folder) { this.folder = folder; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public String getProcessedFolder() { return processedFolder; }
        public void setProcessedFolder(String processedFolder) { this.processedFolder = processedFolder; }
        public String getParkedFolder() { return parkedFolder; }
        public void setParkedFolder(String parkedFolder) { this.parkedFolder = parkedFolder; }
        public int getMaxMessagesPerPoll() { return maxMessagesPerPoll; }
        public void setMaxMessagesPerPoll(int maxMessagesPerPoll) { this.maxMessagesPerPoll = maxMessagesPerPoll; }
    }

    /** Inbound handling. */
    public static class Email {
        /** Failed attempts after which a message is parked. */
        private int maxAttempts = 3;
        /** Folder of the attachment store; empty: {@code <hub.data-dir>/attachments}. */
        private String attachmentsDir = "";
        /** Messages of one poll processed at once (each marked seen after its own commit); 1: one at a time. */
        private int workers = 4;

        public int getWorkers() { return workers; }
        public void setWorkers(int workers) { this.workers = workers; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public String getAttachmentsDir() { return attachmentsDir; }
        public void setAttachmentsDir(String attachmentsDir) { this.attachmentsDir = attachmentsDir; }
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
        /** Outbox rows one delivery run claims. */
        private int batchSize = 50;
        /** First retry delay after a failed delivery; doubled per attempt up to maxBackoff. */
        private Duration backoff = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofHours(1);
        /** How long a claimed row is held by the node that claimed it before another node may take it. */
        private Duration lease = Duration.ofMinutes(5);
        /** Attempts after which a row is given up as FAILED (it stays in the table with its last error). */
        private int maxAttempts = 50;

        public String getMessageIdSecret() { return messageIdSecret; }
        public void setMessageIdSecret(String messageIdSecret) { this.messageIdSecret = messageIdSecret; }
        public String getMessageIdDomain() { return messageIdDomain; }
        public void setMessageIdDomain(String messageIdDomain) { this.messageIdDomain = messageIdDomain; }
        public int getAutoDailyCap() { return autoDailyCap; }
        public void setAutoDailyCap(int autoDailyCap) { this.autoDailyCap = autoDailyCap; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getBackoff() { return backoff; }
        public void setBackoff(Duration backoff) { this.backoff = backoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        public Duration getLease() { return lease; }
        public void setLease(Duration lease) { this.lease = lease; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    }
}
