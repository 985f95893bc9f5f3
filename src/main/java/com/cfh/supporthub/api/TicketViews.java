package com.cfh.supporthub.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** JSON shapes of the agent read API. Entities never leave the hub: these records do. */
public final class TicketViews {

    private TicketViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactView(Long id, String name, String email, String phone) {
    }

    /**
     * One SLA cycle (P07, P08): goal, elapsed and remaining are working time as ISO-8601 durations
     * (PT4H); {@code due} is the breach instant, pushed back by time spent waiting on the customer.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlaCycleView(String kind, int cycle, String goal, Instant start, Instant due, String elapsed,
                               String remaining, boolean paused, boolean atRisk, boolean breached, Instant metAt) {
    }

    /**
     * The ticket's SLA: the first-response cycle, the current resolution cycle, the resolution cycles
     * that ended with a reopening, and how far the escalation ladder went (0 none, 1 tier 2, 2 manager).
     * The cycles are absent when the receipt date lies outside the holiday data.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlaView(SlaCycleView firstResponse, SlaCycleView resolution, List<SlaCycleView> completedCycles,
                          int escalationLevel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(Long id, String direction, String channel, String author, String body,
                              String externalId, Instant receivedAt, Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(String type, String actor, String detail, Instant occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketSummary(String key, String product, String channel, String status, String priority,
                                String tier, String assignee, String subject, ContactView requester,
                                Instant receivedAt, Instant createdAt, Instant updatedAt,
                                /* issue 16.2: what is due next (sort=due), and the SLA sweep's marks */
                                Instant nextDue, boolean atRisk, boolean breached) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketDetail(String key, String product, String channel, String status, String priority,
                               String tier, String assignee, String subject, ContactView requester,
                               String organisation, List<ContactView> participants, String linkedTicket,
                               String jiraKey, Instant receivedAt, Instant createdAt, Instant updatedAt,
                               Instant firstResponseAt, Instant resolvedAt, Instant closedAt, SlaView sla,
                               List<MessageView> messages, List<EventView> events) {
    }

    public record TicketPage(List<TicketSummary> items, int page, int size, long total) {
    }
}
