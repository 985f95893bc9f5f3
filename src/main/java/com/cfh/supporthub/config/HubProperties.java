package com.cfh.supporthub.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.cfh.supporthub.ticket.Priority;
import com.cfh.supporthub.ticket.Tier;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code hub.*} key of {@code application.yaml}. Adding a product is configuration only:
 * a new entry under {@code hub.products}.
 */
@ConfigurationProperties(prefix = "hub")
public class HubProperties {

    /** Folder of the embedded database and other local files. */
    private String dataDir = "./data";
    /** Folder the YAML routes are loaded from. */
    private String routesDir = "routes";
    private Map<String, Product> products = new LinkedHashMap<>();
    private Intake intake = new Intake();
    private Widget widget = new Widget();
    private Security security = new Security();
    private Sla sla = new Sla();
    private Escalation escalation = new Escalation();
    private Web web = new Web();

    public Optional<Product> product(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(products.get(id));
    }

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public String getRoutesDir() { return routesDir; }
    public void setRoutesDir(String routesDir) { this.routesDir = routesDir; }
    public Map<String, Product> getProducts() { return products; }
    public void setProducts(Map<String, Product> products) { this.products = products; }
    public Intake getIntake() { return intake; }
    public void setIntake(Intake intake) { this.intake = intake; }
    public Widget getWidget() { return widget; }
    public void setWidget(Widget widget) { this.widget = widget; }
    public Security getSecurity() { return security; }
    public void setSecurity(Security security) { this.security = security; }
    public Sla getSla() { return sla; }
    public void setSla(Sla sla) { this.sla = sla; }
    public Escalation getEscalation() { return escalation; }
    public void setEscalation(Escalation escalation) { this.escalation = escalation; }
    public Web getWeb() { return web; }
    public void setWeb(Web web) { this.web = web; }

    /** The HTTP edge (issue 14 items 7 and 8): bodies of the other public endpoints, the start-up answer. */
    public static class Web {
        /** Largest body of the other public endpoints (Jira webhook, feedback, customer API), in bytes. */
        private long maxBodyBytes = 1024 * 1024;
        /** Retry-After of the 503 answered while the hub is starting or stopping. */
        private java.time.Duration startingRetryAfter = java.time.Duration.ofSeconds(5);

        public long getMaxBodyBytes() { return maxBodyBytes; }
        public void setMaxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
        public java.time.Duration getStartingRetryAfter() { return startingRetryAfter; }
        public void setStartingRetryAfter(java.time.Duration startingRetryAfter) { this.startingRetryAfter = startingRetryAfter; }
    }

    public static class Product {
        /** Display name, e.g. "Docmail". */
        private String name;
        /** Prefix of the human ticket key, e.g. DOC for DOC-1. */
        private String keyPrefix;
        /** The published support address; never a participant, never an automatic-mail target. */
        private String supportAddress;
        private ZoneId timeZone = ZoneId.of("Europe/London");
        /** Browser origins allowed to post this product's widget. */
        private List<String> widgetOrigins = List.of();
        /** The product's IMAP mailbox (P03), route {@code intake-email-<product>}; none or no host: not polled. */
        private Mailbox mailbox;
        /** Further mailboxes of the product by name, each route {@code intake-email-<product>-<name>}. */
        private Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
        /** Colours of the product's pages (portal, feedback, widget), checked for WCAG AA contrast at start-up. */
        private Brand brand = new Brand();

        public Brand getBrand() { return brand; }
        public void setBrand(Brand brand) { this.brand = brand; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getKeyPrefix() { return keyPrefix; }
        public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
        public String getSupportAddress() { return supportAddress; }
        public void setSupportAddress(String supportAddress) { this.supportAddress = supportAddress; }
        public ZoneId getTimeZone() { return timeZone; }
        public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
        public List<String> getWidgetOrigins() { return widgetOrigins; }
        public void setWidgetOrigins(List<String> widgetOrigins) { this.widgetOrigins = widgetOrigins; }
        public Mailbox getMailbox() { return mailbox; }
        public void setMailbox(Mailbox mailbox) { this.mailbox = mailbox; }
        public Map<String, Mailbox> getMailboxes() { return mailboxes; }
        public void setMailboxes(Map<String, Mailbox> mailboxes) { this.mailboxes = mailboxes; }
    }

    /**
     * One IMAP mailbox polled for a product (P03; the e-mail channel's part of a product entry,
     * {@code hub.products.<id>.mailbox.*} or {@code hub.products.<id>.mailboxes.<name>.*}). A mailbox without a
     * host polls nothing.
     */
    public static class Mailbox {
        /** imaps (TLS) or imap. */
        private String protocol = "imaps";
        private String host;
        /** Empty: 993 for imaps, 143 for imap. */
        private Integer port;
        private String username;
        private String password;
        /** Folder polled for unseen mail. */
        private String folder = "INBOX";
        /** Whole seconds dividing a minute, or whole minutes dividing an hour. */
        private Duration pollInterval = Duration.ofSeconds(30);
        /** Folder a finished message is moved to; empty: it is only marked seen. */
        private String processedFolder = "";
        /** Folder parked messages are moved to. */
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

    /** A product's page colours as #rrggbb (issue 18): primary on white, on-primary on primary. */
    public static class Brand {
        /** Header, buttons and links: needs 4.5:1 against white. */
        private String primaryColour = "#1f4e79";
        /** Text on the primary colour: needs 4.5:1 against it. */
        private String onPrimaryColour = "#ffffff";
        /** Page background tint behind the white content cards. */
        private String backgroundColour = "#f4f6f8";

        public String getPrimaryColour() { return primaryColour; }
        public void setPrimaryColour(String primaryColour) { this.primaryColour = primaryColour; }
        public String getOnPrimaryColour() { return onPrimaryColour; }
        public void setOnPrimaryColour(String onPrimaryColour) { this.onPrimaryColour = onPrimaryColour; }
        public String getBackgroundColour() { return backgroundColour; }
        public void setBackgroundColour(String backgroundColour) { this.backgroundColour = backgroundColour; }
    }

    public static class Intake {
        /** Most tickets one commit of the intake writer takes. */
        private int batchSize = 256;
        /** How long a caller waits for its ticket to be committed before it gets an error. */
        private Duration commitTimeout = Duration.ofSeconds(10);
        /** Longest subject kept, in characters. */
        private int maxSubjectLength = 500;
        /** Longest message text kept, in characters. */
        private int maxBodyLength = 200_000;
        /** A customer message to a RESOLVED ticket within this long of its resolution reopens it; later: a new linked ticket. */
        private Duration reopenWindow = Duration.ofDays(7);

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getCommitTimeout() { return commitTimeout; }
        public void setCommitTimeout(Duration commitTimeout) { this.commitTimeout = commitTimeout; }
        public int getMaxSubjectLength() { return maxSubjectLength; }
        public void setMaxSubjectLength(int maxSubjectLength) { this.maxSubjectLength = maxSubjectLength; }
        public int getMaxBodyLength() { return maxBodyLength; }
        public void setMaxBodyLength(int maxBodyLength) { this.maxBodyLength = maxBodyLength; }
        public Duration getReopenWindow() { return reopenWindow; }
        public void setReopenWindow(Duration reopenWindow) { this.reopenWindow = reopenWindow; }
    }

    public static class Widget {
        /** Largest request body accepted, in bytes. */
        private long maxBodyBytes = 32 * 1024;
        private int maxNameLength = 200;
        private int maxSubjectLength = 200;
        private int maxMessageLength = 10_000;
        private int maxPageUrlLength = 2048;
        private RateLimit rateLimit = new RateLimit();

        public long getMaxBodyBytes() { return maxBodyBytes; }
        public void setMaxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
        public int getMaxNameLength() { return maxNameLength; }
        public void setMaxNameLength(int maxNameLength) { this.maxNameLength = maxNameLength; }
        public int getMaxSubjectLength() { return maxSubjectLength; }
        public void setMaxSubjectLength(int maxSubjectLength) { this.maxSubjectLength = maxSubjectLength; }
        public int getMaxMessageLength() { return maxMessageLength; }
        public void setMaxMessageLength(int maxMessageLength) { this.maxMessageLength = maxMessageLength; }
        public int getMaxPageUrlLength() { return maxPageUrlLength; }
        public void setMaxPageUrlLength(int maxPageUrlLength) { this.maxPageUrlLength = maxPageUrlLength; }
        public RateLimit getRateLimit() { return rateLimit; }
        public void setRateLimit(RateLimit rateLimit) { this.rateLimit = rateLimit; }
    }

    public static class RateLimit {
        /** Requests one client may make per period. */
        private long capacity = 20;
        private Duration period = Duration.ofMinutes(1);
        /** How many clients are tracked at once (least recently seen are forgotten first). */
        private long maxClients = 100_000;
        /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
        private boolean trustForwardedFor = false;
        /** Where the buckets live: auto (database on PostgreSQL, memory otherwise), memory or database. */
        private String store = "auto";

        public String getStore() { return store; }
        public void setStore(String store) { this.store = store; }

        public long getCapacity() { return capacity; }
        public void setCapacity(long capacity) { this.capacity = capacity; }
        public Duration getPeriod() { return period; }
        public void setPeriod(Duration period) { this.period = period; }
        public long getMaxClients() { return maxClients; }
        public void setMaxClients(long maxClients) { this.maxClients = maxClients; }
        public boolean isTrustForwardedFor() { return trustForwardedFor; }
        public void setTrustForwardedFor(boolean trustForwardedFor) { this.trustForwardedFor = trustForwardedFor; }
    }

    public static class Security {
        /** Extra paths open to anonymous callers (Ant patterns). */
        private List<String> publicPaths = List.of();

        public List<String> getPublicPaths() { return publicPaths; }
        public void setPublicPaths(List<String> publicPaths) { this.publicPaths = publicPaths; }
    }

    /** A first-response and a resolution goal in working time; null fields fall back to the wider rule. */
    public static class Target {
        private Duration firstResponse;
        private Duration resolution;

        public Target() {
        }

        public Target(Duration firstResponse, Duration resolution) {
            this.firstResponse = firstResponse;
            this.resolution = resolution;
        }

        public Duration getFirstResponse() { return firstResponse; }
        public void setFirstResponse(Duration firstResponse) { this.firstResponse = firstResponse; }
        public Duration getResolution() { return resolution; }
        public void setResolution(Duration resolution) { this.resolution = resolution; }
    }

    /** A product's own goals, and its own goals per priority. */
    public static class ProductTargets extends Target {
        private Map<Priority, Target> priorities = new LinkedHashMap<>();

        public Map<Priority, Target> getPriorities() { return priorities; }
        public void setPriorities(Map<Priority, Target> priorities) { this.priorities = priorities; }
    }

    /** SLA goals (P07, P08) and the sweep that marks tickets at risk and breached. */
    public static class Sla {
        /** First response due this much working time after receipt (P07). */
        private Duration firstResponse = Duration.ofHours(4);
        /** Resolution due this much working time after receipt: 3 working days of 9 hours (P08). */
        private Duration resolution = Duration.ofHours(27);
        /** Share of a goal after which a cycle is at risk (P09). */
        private double atRiskThreshold = 0.75;
        /** Goals per priority for every product. */
        private Map<Priority, Target> priorities = new LinkedHashMap<>();
        /** Goals per product (and per product and priority); these win over the ones above. */
        private Map<String, ProductTargets> products = new LinkedHashMap<>();
        private Schedule scan = new Schedule("0 * * * * ?");

        public Duration getFirstResponse() { return firstResponse; }
        public void setFirstResponse(Duration firstResponse) { this.firstResponse = firstResponse; }
        public Duration getResolution() { return resolution; }
        public void setResolution(Duration resolution) { this.resolution = resolution; }
        public double getAtRiskThreshold() { return atRiskThreshold; }
        public void setAtRiskThreshold(double atRiskThreshold) { this.atRiskThreshold = atRiskThreshold; }
        public Map<Priority, Target> getPriorities() { return priorities; }
        public void setPriorities(Map<Priority, Target> priorities) { this.priorities = priorities; }
        public Map<String, ProductTargets> getProducts() { return products; }
        public void setProducts(Map<String, ProductTargets> products) { this.products = products; }
        public Schedule getScan() { return scan; }
        public void setScan(Schedule scan) { this.scan = scan; }
    }

    /** When a Quartz route fires and how much one run takes on. */
    public static class Schedule {
        /** Quartz cron expression (seconds first). */
        private String cron;
        /** Time zone the cron expression is read in. */
        private ZoneId timeZone = ZoneId.of("Europe/London");
        /** Tickets per transaction. */
        private int batchSize = 500;
        /** Most batches one run takes on; the rest waits for the next run. */
        private int maxBatches = 200;

        public Schedule() {
        }

        public Schedule(String cron) {
            this.cron = cron;
        }

        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
        public ZoneId getTimeZone() { return timeZone; }
        public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getMaxBatches() { return maxBatches; }
        public void setMaxBatches(int maxBatches) { this.maxBatches = maxBatches; }
    }

    /** The escalation ladder (P09): tier 1 -> tier 2 -> manager, with a notice to each tier. */
    public static class Escalation {
        private Schedule schedule = new Schedule("30 * * * * ?");
        /** Where each tier's notices go; a product may name its own (products). */
        private Map<Tier, String> addresses = new LinkedHashMap<>();
        /** Per product: tier -> address, winning over the addresses above. */
        private Map<String, Map<Tier, String>> products = new LinkedHashMap<>();
        /** false: notices raised outside business hours wait for the next opening; true: they go at once. */
        private boolean notifyOutsideHours = false;

        public Optional<String> address(String product, Tier tier) {
            Map<Tier, String> own = products.get(product);
            String address = own == null ? null : own.get(tier);
            return Optional.ofNullable(address != null ? address : addresses.get(tier)).filter(a -> !a.isBlank());
        }

        public Schedule getSchedule() { return schedule; }
        public void setSchedule(Schedule schedule) { this.schedule = schedule; }
        public Map<Tier, String> getAddresses() { return addresses; }
        public void setAddresses(Map<Tier, String> addresses) { this.addresses = addresses; }
        public Map<String, Map<Tier, String>> getProducts() { return products; }
        public void setProducts(Map<String, Map<Tier, String>> products) { this.products = products; }
        public boolean isNotifyOutsideHours() { return notifyOutsideHours; }
        public void setNotifyOutsideHours(boolean notifyOutsideHours) { this.notifyOutsideHours = notifyOutsideHours; }
    }
}
