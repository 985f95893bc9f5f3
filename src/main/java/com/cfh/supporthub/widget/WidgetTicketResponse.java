package com.cfh.supporthub.widget;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The widget's answer: the ticket key to quote, where an agent finds the ticket, when the first
 * response is due and the sentence to show the customer (P02).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetTicketResponse(String key, String product, String status, Instant receivedAt, String location,
                                   Boolean replayed, Instant firstResponseDue, String promise) {
}
