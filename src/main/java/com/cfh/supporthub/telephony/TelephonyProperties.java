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
    /**
     * Product of a call nothing else names (no menu choice, no line of its own, a caller without tickets): the
     * team that triages shared-line calls (issue 14 item 6a). It replaces the former {@code default-product}.
     */
    private String triageProduct = "docmail";
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
    /**
     * Providers added by configuration (issue 17 item 4): by id (the {provider} path segment), how their webhooks
     * authenticate. Each has a route {@code intake-telephony-<id>.camel.yaml} that verifies with
     * {@code configuredWebhooks} and maps the body with JSONata (docs/telephony.md, "Adding a provider without Java").
     */
    private Map<String, Webhook> webhooks = new LinkedHashMap<>();

    /** The product of a support line in E.164 when {@link #lines} lists it as one product's own line, else null. */
    public String productOf(String lineE164, PhoneNumbers numbers) {
        if (lineE164 != null) {
            for (Map.Entry<String, String> entry : lines.entrySet()) {
                if (lineE164.equals(numbers.e164(entry.getKey()))) {
                    return entry.getValue();
                }
            }
        }
        return null;
    }

    public String getPublicBaseUrl() { return publicBaseUrl; }
    public void setPublicBaseUrl(String publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    public String getTriageProduct() { return triageProduct; }
    public void setTriageProduct(String triageProduct) { this.triageProduct = triageProduct; }
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
    public Map<String, Webhook> getWebhooks() { return webhooks; }
    public void setWebhooks(Map<String, Webhook> webhooks) { this.webhooks = webhooks; }

    /** How a webhook added by configuration proves where it comes from. */
    public enum AuthType {
        /** The header (after its prefix) is the shared secret. */
        TOKEN,
        /** The header (after its prefix) is the HMAC of the raw body with the secret, hex or Base64. */
        HMAC,
        /** The header (after its prefix) is a JWT signed with the secret (HS256/384/512), {@code iat} in the replay window. */
        JWT
    }

    /** A webhook provider added by configuration: its authentication (the mapping is in its route). */
    public static class Webhook {
        private AuthType auth = AuthType.HMAC;
        /** The request header that carries the token, signature or JWT. */
        private String header = "";
        /** Text before the value in that header, e.g. "Bearer " or "sha256="; empty: none. */
        private String prefix = "";
        /** The shared secret (from an environment variable). Empty: the provider is not configured (404). */
        private String secret = "";
        /** HMAC and JWT: the JCA MAC algorithm, HmacSHA256 (JWT HS256), HmacSHA384 or HmacSHA512; HMAC also HmacSHA1. */
        private String algorithm = "HmacSHA256";
        /** HMAC: how the signature is written, hex or base64 (base64url accepted too). */
        private String encoding = "hex";
        /** JWT: the claim holding the SHA-256 (hex) of the raw body, checked when set (Vonage: payload_hash). */
        private String payloadHashClaim = "";

        public AuthType getAuth() { return auth; }
        public void setAuth(AuthType auth) { this.auth = auth; }
        public String getHeader() { return header; }
        public void setHeader(String header) { this.header = header; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getAlgorithm() { return algorithm; }
        public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
        public String getEncoding() { return encoding; }
        public void setEncoding(String encoding) { this.encoding = encoding; }
        public String getPayloadHashClaim() { return payloadHashClaim; }
        public void setPayloadHashClaim(String payloadHashClaim) { this.payloadHashClaim = payloadHashClaim; }
    }

    public static class Twilio {
        /** The account's Auth Token: the HMAC-SHA1 key of X-Twilio-Signature. */
        private String authToken = "";
        /** The caller's menu choice ({@code Digits} of a {@code <Gather>} callback) to product id, e.g. "1": docmail. */
        private Map<String, String> digits = new LinkedHashMap<>();

        public String getAuthToken() { return authToken; }
        public void setAuthToken(String authToken) { this.authToken = authToken; }
        public Map<String, String> getDigits() { return digits; }
        public void setDigits(Map<String, String> digits) { this.digits = digits; }
    }

    public static class Cti {
        /** The secret path segment of POST /api/v1/telephony/cti/{token}. */
        private String token = "";
        /** The CTI field that names the product (e.g. product, queue or user); empty: none does. */
        private String productField = "";
        /** Values of that field to product id; a value that is a product id needs no entry. */
        private Map<String, String> products = new LinkedHashMap<>();

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public String getProductField() { return productField; }
        public void setProductField(String productField) { this.productField = productField; }
        public Map<String, String> getProducts() { return products; }
        public void setProducts(Map<String, String> products) { this.products = products; }
    }

    public static class Aircall {
        /** The webhook's token, carried in the body of every event. */
        private String token = "";
        /** Tags (case-insensitive) that flag an answered call for follow-up. */
        private List<String> followUpTags = List.of("follow-up", "ticket");
        /** Aircall numbers (their id, or their digits in any format) to product id. */
        private Map<String, String> numbers = new LinkedHashMap<>();
        /** Call tags (case-insensitive, e.g. set by the Aircall IVR) to product id. */
        private Map<String, String> tags = new LinkedHashMap<>();

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public List<String> getFollowUpTags() { return followUpTags; }
        public void setFollowUpTags(List<String> followUpTags) { this.followUpTags = followUpTags; }
        public Map<String, String> getNumbers() { return numbers; }
        public void setNumbers(Map<String, String> numbers) { this.numbers = numbers; }
        public Map<String, String> getTags() { return tags; }
        public void setTags(Map<String, String> tags) { this.tags = tags; }
    }
}
