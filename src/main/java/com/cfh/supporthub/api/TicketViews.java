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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlaView(Instant firstResponseDue, Instant resolutionDue, String state, int escalationLevel) {
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
                                Instant receivedAt, Instant createdAt, Instant updatedAt) {
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
