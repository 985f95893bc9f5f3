package com.cfh.supporthub.widget;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The widget's answer: the ticket key to quote, and where an agent finds the ticket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetTicketResponse(String key, String product, String status, Instant receivedAt, String location,
                                   Boolean replayed) {
}
