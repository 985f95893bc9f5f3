package com.cfh.supporthub.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.cfh.supporthub.config.HubProperties;

/** {@code hub.lifecycle.*}: auto-close (P10) and feedback (P11). */
@ConfigurationProperties(prefix = "hub.lifecycle")
public class LifecycleProperties {

    private AutoClose autoClose = new AutoClose();
    private Feedback feedback = new Feedback();

    public static class AutoClose {
        /** Calendar days (in the product's time zone) a ticket waits on the customer before it is closed. */
        private int afterDays = 5;
        private HubProperties.Schedule schedule = new HubProperties.Schedule("0 15 * * * ?");

        public int getAfterDays() { return afterDays; }
        public void setAfterDays(int afterDays) { this.afterDays = afterDays; }
        public HubProperties.Schedule getSchedule() { return schedule; }
        public void setSchedule(HubProperties.Schedule schedule) { this.schedule = schedule; }
    }

    public static class Feedback {
        /** Signing key of feedback links; empty: one generated and kept in the database. */
        private String secret = "";
        /** Where customers reach the hub's public API, the start of every feedback link. */
        private String baseUrl = "http://localhost:8080";
        /** How long a feedback link works. */
        private Duration validFor = Duration.ofDays(30);
        /** Also ask for feedback when a ticket is closed automatically (P10). */
        private boolean afterAutoClose = false;

        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public Duration getValidFor() { return validFor; }
        public void setValidFor(Duration validFor) { this.validFor = validFor; }
        public boolean isAfterAutoClose() { return afterAutoClose; }
        public void setAfterAutoClose(boolean afterAutoClose) { this.afterAutoClose = afterAutoClose; }
    }

    public AutoClose getAutoClose() { return autoClose; }
    public void setAutoClose(AutoClose autoClose) { this.autoClose = autoClose; }
    public Feedback getFeedback() { return feedback; }
    public void setFeedback(Feedback feedback) { this.feedback = feedback; }
}
