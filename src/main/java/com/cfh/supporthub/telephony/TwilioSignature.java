package com.cfh.supporthub.telephony;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the
 * account's Auth Token, over the full public URL followed by every POST parameter as name then
 * value, sorted by name and then by value. The URL is tried as given, with and without its
 * default port, as Twilio's own validators do.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String compute(String authToken, String url, List<Map.Entry<String, String>> params) {
        StringBuilder data = new StringBuilder(url);
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(Comparator.<Map.Entry<String, String>, String>comparing(Map.Entry::getKey)
                .thenComparing(Map.Entry::getValue));
        sorted.forEach(p -> data.append(p.getKey()).append(p.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 unavailable", e);
        }
    }

    /** Whether the header matches the URL (with or without its default port) and parameters, in constant time. */
    public static boolean verify(String authToken, String url, List<Map.Entry<String, String>> params, String header) {
        if (authToken == null || authToken.isEmpty() || header == null || header.isBlank()) {
            return false;
        }
        byte[] given = header.strip().getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String candidate : urlVariants(url)) {
            byte[] expected = compute(authToken, candidate, params).getBytes(StandardCharsets.US_ASCII);
            ok |= MessageDigest.isEqual(expected, given);
        }
        return ok;
    }

    /** The URL as given, without its default port, and with it. */
    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            if (defaultPort < 0 || uri.getHost() == null) {
                return variants;
            }
            String rest = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String authority = (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@") + uri.getHost();
            if (uri.getPort() == defaultPort || uri.getPort() == -1) {
                variants.add(uri.getScheme() + "://" + authority + rest);
                variants.add(uri.getScheme() + "://" + authority + ":" + defaultPort + rest);
            }
        } catch (java.net.URISyntaxException e) {
            // an unparsable URL is only tried as given
        }
        return variants;
    }
}
