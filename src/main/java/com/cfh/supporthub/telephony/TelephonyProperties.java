package com.cfh.supporthub.telephony;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.telephony.*} keys (phone channel, P04). A provider whose secret is empty is not
 * configured: its webhook answers 404.
 */
@ConfigurationProperties(prefix = "hub.telephony")
public class TelephonyProperties {

    /** Public URL under which {@code /api/v1/telephony/} is reached (what Twilio signs), e.g. https://hub.example.com/api/v1/telephony/. */
    private String publicBaseUrl = "";
    /** Product of a call whose line is not listed in {@link #lines}. */
    private String defaultProduct = "docmail";
    /** Region for numbers written without a country code. */
    private String defaultRegion = "GB";
    /** Requests whose provider timestamp is older than this (or as far in the future) are refused as replays. */
    private Duration replayWindow = Duration.ofMinutes(10);
    /** Largest webhook body accepted, in bytes. */
    private long maxBodyBytes = 65536;
    /** Support line (any format libphonenumber reads) to product id. */
    private Map<String, String> lines = new LinkedHashMap<>();
    private Twilio twilio = new Twilio();
    private Cti cti = new Cti();
    private Aircall aircall = new Aircall();

    /** The product of a support line in E.164: its entry in {@link #lines}, else the default product. */
    public String productOf(String lineE164, PhoneNumbers numbers) {
        if (lineE164 != null) {
            for (Map.Entry<String, String> entry : lines.entrySet()) {
                if (lineE164.equals(numbers.e164(entry.getKey()))) {
                    return entry.getValue();
                }
            }
        }
        return defaultProduct;
    }

    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public String getDefaultProduct() { return defaultProduct; }
    public void setDefaultProduct(String defaultProduct) { this.defaultProduct = defaultProduct; }
    public String getDefaultRegion() { return defaultRegion; }
    public void setDefaultRegion(String defaultRegion) { this.defaultRegion = defaultRegion; }
    public Duration getReplayWindow() { return replayWindow; }
    public void setReplayWindow(Duration replayWindow) { this.replayWindow = replayWindow; }
    public long getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
    public Map<String, String> getLines() { return lines; }
    public void setLines(Map<String, String> lines) { this.lines = lines; }
    public Twilio getTwilio() { return twilio; }
    public void setTwilio(Twilio twilio) { this.twilio = twilio; }
    public Cti getCti() { return cti; }
    public void setCti(Cti cti) { this.cti = cti; }
    public Aircall getAircall() { return aircall; }
    public void setAircall(Aircall aircall) { this.aircall = aircall; }

    public static class Twilio {
        /** The account's Auth Token: the HMAC-SHA1 key of X-Twilio-Signature. */
        private String authToken = "";

        public String getAuthToken() { return authToken; }
        public void setAuthToken(String authToken) { this.authToken = authToken; }
    }

    public static class Cti {
        /** The secret path segment of POST /api/v1/telephony/cti/{token}. */
        private String token = "";

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
    }

    public static class Aircall {
        /** The webhook's token, carried in the body of every event. */
        private String token = "";
        /** Tags (case-insensitive) that flag an answered call for follow-up. */
        private List<String> followUpTags = List.of("follow-up", "ticket");

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public List<String> getFollowUpTags() { return followUpTags; }
        public void setFollowUpTags(List<String> followUpTags) { this.followUpTags = followUpTags; }
    }
}
