package com.cfh.supporthub.telephony;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.telephony.TelephonyProperties.AuthType;
import com.cfh.supporthub.telephony.TelephonyProperties.Webhook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The one verifier of the webhook providers added by configuration (issue 17 item 4): a route
 * {@code intake-telephony-<id>.camel.yaml} calls {@link #verify} with the webhook, which checks the authentication
 * {@code hub.telephony.webhooks.<id>} declares (a shared token, an HMAC over the raw body, or a JWT signed with the
 * secret), in constant time, and answers the body as a JSON object for the route's JSONata mapping. Refusals are
 * 401 problems and nothing is stored; a body that is not a JSON object is 400. Settings that cannot work (no header,
 * an unknown algorithm or encoding) stop the start.
 */
@Component("configuredWebhooks")
public class ConfiguredWebhooks {

    private static final Map<String, JWSAlgorithm> JWT_ALGORITHMS = Map.of(
            "HmacSHA256", JWSAlgorithm.HS256, "HmacSHA384", JWSAlgorithm.HS384, "HmacSHA512", JWSAlgorithm.HS512);

    private final TelephonyProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public ConfiguredWebhooks(TelephonyProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        check(properties.getWebhooks());
    }

    /** Whether {@code id} is a provider added by configuration (configured or not). */
    public boolean declares(String id) {
        return properties.getWebhooks().containsKey(id);
    }

    /** False while the provider's secret is empty: its webhook then answers 404. */
    public boolean configured(String id) {
        Webhook w = properties.getWebhooks().get(id);
        return w != null && w.getSecret() != null && !w.getSecret().isEmpty();
    }

    /** Checks the webhook's authentication (401 problem otherwise) and answers its body as a JSON object (400 otherwise). */
    public JsonNode verify(@Body WebhookRequest request) {
        Webhook w = properties.getWebhooks().get(request.provider());
        if (w == null || !configured(request.provider())) {
            throw com.cfh.supporthub.web.ProblemException.notFound(
                    "No telephony provider '" + request.provider() + "' is configured here.");
        }
        String value = credential(w, request);
        switch (w.getAuth()) {
            case TOKEN -> {
                if (!WebhookAuth.sameSecret(w.getSecret(), value)) {
                    throw WebhookAuth.unauthenticated("The " + w.getHeader() + " token is missing or wrong.");
                }
            }
            case HMAC -> {
                byte[] expected = mac(w.getAlgorithm(), w.getSecret(), request.body().getBytes(StandardCharsets.UTF_8));
                byte[] received = decode(w.getEncoding(), value);
                if (received == null || !MessageDigest.isEqual(expected, received)) {
                    throw WebhookAuth.unauthenticated("The " + w.getHeader() + " signature does not match the body.");
                }
            }
            case JWT -> verifyJwt(w, value, request.body());
        }
        return WebhookAuth.jsonObject(json, request.body());
    }

    private static String credential(Webhook w, WebhookRequest request) {
        String header = request.header(w.getHeader());
        String prefix = w.getPrefix() == null ? "" : w.getPrefix();
        if (header == null || header.isBlank()
                || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw WebhookAuth.unauthenticated("The request has no " + w.getHeader() + " header"
                    + (prefix.isEmpty() ? "" : " starting with '" + prefix.strip() + "'") + ".");
        }
        return header.substring(prefix.length()).strip();
    }

    private void verifyJwt(Webhook w, String token, String body) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException ex) {
            throw WebhookAuth.unauthenticated("The " + w.getHeader() + " header is not a signed JWT.");
        }
        // The algorithm is the configured one, never the token's choice ("none", RS256 with the secret as a key, ...)
        if (!JWT_ALGORITHMS.get(w.getAlgorithm()).equals(jwt.getHeader().getAlgorithm())) {
            throw WebhookAuth.unauthenticated("The JWT is not signed with " + JWT_ALGORITHMS.get(w.getAlgorithm()) + ".");
        }
        byte[] expected = mac(w.getAlgorithm(), w.getSecret(), jwt.getSigningInput());
        if (!MessageDigest.isEqual(expected, jwt.getSignature().decode())) {
            throw WebhookAuth.unauthenticated("The JWT's signature does not match the configured secret.");
        }
        if (claims.getIssueTime() == null) {
            throw WebhookAuth.unauthenticated("The JWT has no iat (issued at) claim.");
        }
        WebhookAuth.checkFresh(claims.getIssueTime().toInstant(), clock, properties.getReplayWindow());
        String claim = w.getPayloadHashClaim();
        if (claim != null && !claim.isBlank()) {
            Object hash = claims.getClaim(claim);
            String actual = HexFormat.of().formatHex(sha256(body.getBytes(StandardCharsets.UTF_8)));
            if (!(hash instanceof String s) || !MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                    s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                throw WebhookAuth.unauthenticated("The JWT's " + claim + " is not the SHA-256 of the body.");
            }
        }
    }

    private static byte[] mac(String algorithm, String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("MAC " + algorithm + " unavailable", ex);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The signature's bytes, or null when it is not in the encoding. */
    private static byte[] decode(String encoding, String value) {
        try {
            return switch (encoding.toLowerCase(Locale.ROOT)) {
                case "hex" -> HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
                default -> value.contains("-") || value.contains("_") ? Base64.getUrlDecoder().decode(value)
                        : Base64.getDecoder().decode(value);
            };
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Refuses settings that could never authenticate a request, naming every one. */
    static void check(Map<String, Webhook> webhooks) {
        List<String> problems = new ArrayList<>();
        webhooks.forEach((id, w) -> {
            String at = "hub.telephony.webhooks." + id + ".";
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                problems.add(at.substring(0, at.length() - 1) + ": the id must be lower-case letters, digits and '-'");
            }
            if (w.getAuth() == null) {
                problems.add(at + "auth: one of token, hmac, jwt");
                return;
            }
            if (w.getHeader() == null || w.getHeader().isBlank()) {
                problems.add(at + "header: the request header that carries the " + w.getAuth().name().toLowerCase(Locale.ROOT));
            }
            if (w.getAuth() == AuthType.HMAC) {
                try {
                    Mac.getInstance(w.getAlgorithm());
                } catch (NoSuchAlgorithmException | RuntimeException ex) {
                    problems.add(at + "algorithm: '" + w.getAlgorithm() + "' is not a MAC algorithm (HmacSHA256, HmacSHA1, ...)");
                }
                if (!List.of("hex", "base64").contains(String.valueOf(w.getEncoding()).toLowerCase(Locale.ROOT))) {
                    problems.add(at + "encoding: '" + w.getEncoding() + "' is not hex or base64");
                }
            }
            if (w.getAuth() == AuthType.JWT && !JWT_ALGORITHMS.containsKey(w.getAlgorithm())) {
                problems.add(at + "algorithm: a JWT is checked with HmacSHA256, HmacSHA384 or HmacSHA512, not '"
                        + w.getAlgorithm() + "'");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid webhook provider settings: " + String.join("; ", problems) + ".");
        }
    }
}
