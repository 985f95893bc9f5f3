package com.cfh.supporthub.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getCommitTimeout() { return commitTimeout; }
        public void setCommitTimeout(Duration commitTimeout) { this.commitTimeout = commitTimeout; }
        public int getMaxSubjectLength() { return maxSubjectLength; }
        public void setMaxSubjectLength(int maxSubjectLength) { this.maxSubjectLength = maxSubjectLength; }
        public int getMaxBodyLength() { return maxBodyLength; }
        public void setMaxBodyLength(int maxBodyLength) { this.maxBodyLength = maxBodyLength; }
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
}
