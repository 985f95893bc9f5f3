package com.cfh.supporthub.widget;

import io.github.bucket4j.ConsumptionProbe;

/**
 * The widget's per-client buckets (P05): one token per request, {@code hub.widget.rate-limit.capacity} per
 * {@code period}, refilled gradually. In memory on one node (HSQLDB); in the database on PostgreSQL, so N
 * nodes share one limit instead of allowing N times it (issue 14 item 10). Chosen by {@link RateLimitConfig}.
 */
public interface WidgetRateLimits {

    /** Takes one token from the client's bucket; the probe says whether it was there and when the next one is. */
    ConsumptionProbe tryConsume(String client);

    /** Where the buckets live, for the start-up log: memory or database. */
    String store();
}
