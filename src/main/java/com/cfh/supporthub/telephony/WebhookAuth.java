package com.cfh.supporthub.telephony;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.cfh.supporthub.web.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cfh.supporthub.web.ProblemException;

/** The checks every provider adapter shares: constant-time secrets, refusals, the replay window (issue 5 item 6). */
final class WebhookAuth {

    private WebhookAuth() {
    }

    /** Constant-time comparison of a received secret with the configured one; false when either is empty. */
    static boolean sameSecret(String configured, String received) {
        if (configured == null || configured.isEmpty() || received == null || received.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(configured.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }

    static ProblemException unauthenticated(String detail) {
        return new ProblemException(Problem.of(401, "webhook-unauthenticated", "Webhook not authenticated",
                detail + " Nothing was stored."));
    }

    /** Refuses a request whose provider timestamp lies outside the window around now (a replay, or a wrong clock). */
    static void checkFresh(Instant sentAt, Clock clock, Duration window) {
        if (sentAt == null) {
            return;
        }
        Instant now = clock.instant();
        if (sentAt.isBefore(now.minus(window)) || sentAt.isAfter(now.plus(window))) {
            throw new ProblemException(Problem.of(401, "webhook-replayed", "Webhook outside the replay window",
                    "The request's timestamp " + sentAt + " is more than " + window.toMinutes()
                            + " minutes from the hub's clock; refused as a replay. Nothing was stored."));
        }
    }

    static ProblemException malformed(String detail) {
        return ProblemException.malformed(detail);
    }

    /** The body as a JSON object, or a 400 problem. */
    static JsonNode jsonObject(ObjectMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException ex) {
            throw malformed("The body is not valid JSON: " + ex.getOriginalMessage() + ".");
        }
        if (root == null || !root.isObject()) {
            throw malformed("The body must be a JSON object.");
        }
        return root;
    }
}
