package com.cfh.supporthub.ops;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.MessageHistory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailureHandledEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * The latest failed exchanges of every route with their message history (issue 17 item 2): which route failed,
 * why, and the steps the exchange went through ({@code camel.main.message-history}), the failing one last.
 * Failures an {@code onException} handled (a 4xx problem+json) are listed too, marked {@code handled}.
 * Kept in memory, newest first, at most {@code hub.operations.route-failures}; no message body or header is kept
 * (they may hold personal data). Served as {@code GET /actuator/hubroutefailures} (ADMIN).
 */
@Component
@Endpoint(id = "hubroutefailures")
public class RouteFailures implements CamelContextConfiguration {

    private final int capacity;
    private final Clock clock;
    private final Deque<Map<String, Object>> latest = new ArrayDeque<>();

    public RouteFailures(@Value("${hub.operations.route-failures:100}") int capacity, Clock clock) {
        this.capacity = Math.max(1, capacity);
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> failures() {
        List<Map<String, Object>> copy;
        synchronized (latest) {
            copy = new ArrayList<>(latest);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("capacity", capacity);
        answer.put("failures", copy);
        return answer;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof ExchangeFailedEvent failed) {
                    record(failed.getExchange(), failed.getExchange().getException(), false);
                } else if (event instanceof ExchangeFailureHandledEvent handled) {
                    record(handled.getExchange(), handled.getExchange().getProperty(Exchange.EXCEPTION_CAUGHT,
                            Exception.class), true);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof ExchangeFailedEvent || event instanceof ExchangeFailureHandledEvent;
            }
        };
        // only the failure events reach this notifier: every other kind is skipped by Camel before it is made
        notifier.setIgnoreCamelContextEvents(true);
        notifier.setIgnoreCamelContextInitEvents(true);
        notifier.setIgnoreRouteEvents(true);
        notifier.setIgnoreServiceEvents(true);
        notifier.setIgnoreStepEvents(true);
        notifier.setIgnoreExchangeCreatedEvent(true);
        notifier.setIgnoreExchangeCompletedEvent(true);
        notifier.setIgnoreExchangeSendingEvents(true);
        notifier.setIgnoreExchangeSentEvents(true);
        notifier.setIgnoreExchangeRedeliveryEvents(true);
        notifier.setIgnoreExchangeAsyncProcessingStartedEvents(true);
        camelContext.getManagementStrategy().addEventNotifier(notifier);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    private void record(Exchange exchange, Throwable error, boolean handled) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("at", clock.instant().toString());
        String routeId = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        failure.put("routeId", routeId != null ? routeId : exchange.getFromRouteId());
        failure.put("fromRouteId", exchange.getFromRouteId());
        failure.put("exchangeId", exchange.getExchangeId());
        failure.put("handled", handled);
        if (error != null) {
            failure.put("error", error.getClass().getName());
            failure.put("message", error.getMessage() == null ? "" : abbreviate(error.getMessage()));
        }
        String endpoint = exchange.getProperty(ExchangePropertyKey.FAILURE_ENDPOINT, String.class);
        if (endpoint != null) {
            failure.put("failureEndpoint", org.apache.camel.util.URISupport.sanitizeUri(endpoint));
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        List<?> history = exchange.getProperty(ExchangePropertyKey.MESSAGE_HISTORY, List.class);
        if (history != null) {
            for (Object o : history) {
                if (o instanceof MessageHistory step) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("routeId", step.getRouteId());
                    s.put("nodeId", step.getNode() == null ? null : step.getNode().getId());
                    s.put("processor", step.getNode() == null ? null : step.getNode().getShortName());
                    s.put("elapsedMillis", step.getElapsed());
                    steps.add(s);
                }
            }
        }
        failure.put("messageHistory", steps);
        synchronized (latest) {
            latest.addFirst(failure);
            while (latest.size() > capacity) {
                latest.removeLast();
            }
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine;
    }
}
