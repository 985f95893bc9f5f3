package com.cfh.supporthub.telephony;


/**
 * A telephony provider adapter: a Spring bean named {@code <id>Mapper} and a route file
 * {@code routes/intake-telephony-<id>.camel.yaml} reading {@code direct:intake-telephony-<id>}.
 * Adding one touches no other provider (docs/telephony.md).
 */
public interface TelephonyProvider {

    /** The {provider} path segment, e.g. {@code twilio}. */
    String id();

    /** False while the provider's secret is empty: its webhook then answers 404. */
    boolean configured();

    /**
     * Checks the request's authenticity (401 problem when it fails) and maps it to a call event;
     * null for an event that concerns no call (acknowledged, nothing stored).
     */
    CallEvent toEvent(WebhookRequest request);
}
