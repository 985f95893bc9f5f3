package com.cfh.supporthub.outbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.outbox.*}: the one outbox's delivery settings, one block per destination
 * ({@code customer-mail}, {@code staff-mail}, {@code jira}; docs/outbox.md). Retry, backoff, lease and
 * circuit are declared once ({@link OutboxPolicy}) and configured here per destination.
 */
@ConfigurationProperties(prefix = "hub.outbox")
public class OutboxProperties {

    private Map<String, Destination> destinations = new LinkedHashMap<>();

    public Map<String, Destination> getDestinations() { return destinations; }
    public void setDestinations(Map<String, Destination> destinations) { this.destinations = destinations; }

    /** The settings of a destination; the defaults below for one that is not configured. */
    public Destination destination(String name) {
        return destinations.computeIfAbsent(name, n -> new Destination());
    }

    /** {@code hub.outbox.destinations.<name>.*}. */
    public static class Destination {
        /** Whether this node runs the destination's route (a timer on every node); false: rows wait. */
        private boolean enabled = true;
        /** Pause between two runs of the destination's route on this node; a run drains batch after batch while they come back full. */
        private Duration pollInterval = Duration.ofSeconds(5);
        /** Rows one run claims. */
        private int batchSize = 50;
        /** Attempts after which a row is given up (status FAILED, listed by the dead-letter endpoint). */
        private int maxAttempts = 50;
        /** Delay after the first failed attempt; doubled per further attempt up to maxBackoff. */
        private Duration backoff = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofHours(1);
        /** How long a claimed row belongs to the node that claimed it; after that another node may take it. */
        private Duration lease = Duration.ofMinutes(2);
        /** Reply-To of the destination's mail when it may not be the product's support address (staff-mail), or empty. */
        private String replyTo = "";
        private Circuit circuit = new Circuit();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getBackoff() { return backoff; }
        public void setBackoff(Duration backoff) { this.backoff = backoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        public Duration getLease() { return lease; }
        public void setLease(Duration lease) { this.lease = lease; }
        public String getReplyTo() { return replyTo; }
        public void setReplyTo(String replyTo) { this.replyTo = replyTo; }
        public Circuit getCircuit() { return circuit; }
        public void setCircuit(Circuit circuit) { this.circuit = circuit; }
    }

    /** The destination's circuit breaker: after failureThreshold outages in a row no attempt for openFor. */
    public static class Circuit {
        private int failureThreshold = 5;
        private Duration openFor = Duration.ofMinutes(1);

        public int getFailureThreshold() { return failureThreshold; }
        public void setFailureThreshold(int failureThreshold) { this.failureThreshold = failureThreshold; }
        public Duration getOpenFor() { return openFor; }
        public void setOpenFor(Duration openFor) { this.openFor = openFor; }
    }
}
