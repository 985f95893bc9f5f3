package com.cfh.supporthub.report;

/**
 * The anonymous outcome of a ticket as SQL over {@code ticket t LEFT JOIN feedback_request f}: one
 * definition for the rows the purge keeps ({@code ticket_stats}) and for live tickets in the report, so
 * both count the same way (P12, P13). First response met: answered by its due instant and never marked
 * breached; resolution met likewise for the current resolution cycle.
 */
public final class TicketOutcomes {

    /** Columns in the order of {@code ticket_stats} (without purged_at). */
    public static final String COLUMNS = "ticket_id, product, channel, priority, received_at, first_response_at, "
            + "resolved_at, closed_at, first_response_met, first_response_breached, resolution_met, "
            + "resolution_breached, rating";

    /** The four outcomes (0 or 1) and the rating, over {@code ticket t LEFT JOIN feedback_request f}. */
    public static final String OUTCOMES = "CASE WHEN t.first_response_at IS NOT NULL AND t.first_response_due IS NOT NULL "
            + "AND t.first_response_at <= t.first_response_due AND t.first_response_breached_at IS NULL THEN 1 ELSE 0 END, "
            + "CASE WHEN t.first_response_breached_at IS NOT NULL OR (t.first_response_at IS NOT NULL "
            + "AND t.first_response_due IS NOT NULL AND t.first_response_at > t.first_response_due) THEN 1 ELSE 0 END, "
            + "CASE WHEN t.resolution_met_at IS NOT NULL AND t.resolution_due IS NOT NULL "
            + "AND t.resolution_met_at <= t.resolution_due AND t.resolution_breached_at IS NULL THEN 1 ELSE 0 END, "
            + "CASE WHEN t.resolution_breached_at IS NOT NULL OR (t.resolution_met_at IS NOT NULL "
            + "AND t.resolution_due IS NOT NULL AND t.resolution_met_at > t.resolution_due) THEN 1 ELSE 0 END, "
            + "f.rating";

    /** SELECT list of {@link #COLUMNS} over {@code ticket t LEFT JOIN feedback_request f}. */
    public static final String SELECT = "t.id, t.product, t.channel, t.priority, t.received_at, t.first_response_at, "
            + "t.resolved_at, t.closed_at, " + OUTCOMES;

    public static final String FROM = " FROM ticket t LEFT JOIN feedback_request f ON f.ticket_id = t.id";

    /** Over {@code ticket}: not yet resolved. */
    public static final String UNRESOLVED = "status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')";

    /** Over {@code ticket}: an SLA cycle at risk and not breached (P09). */
    public static final String AT_RISK = "((first_response_at IS NULL AND first_response_at_risk_at IS NOT NULL "
            + "AND first_response_breached_at IS NULL) OR (resolution_at_risk_at IS NOT NULL AND resolution_breached_at IS NULL))";

    /** Over {@code ticket}: an SLA cycle breached. */
    public static final String BREACHED = "(first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL)";

    private TicketOutcomes() {
    }
}
