-- The manager's report over long periods (P12, issue 18 item 1; docs/report.md): the figures of each settled hour
-- (every ticket received in it closed, no feedback link still open) summed once per product and channel by the
-- report-settle route, so a report over a year reads a few rows per hour instead of every ticket. Hours not settled
-- (recent, or holding a ticket still open) are read from the tickets as before. Anonymous counts, like ticket_stats.
CREATE TABLE report_hour (
    hour_start          TIMESTAMP WITH TIME ZONE NOT NULL,
    product             VARCHAR(32) NOT NULL,
    channel             VARCHAR(16) NOT NULL,
    tickets             INTEGER NOT NULL,
    first_response_met  INTEGER NOT NULL,
    first_response_breached INTEGER NOT NULL,
    resolution_met      INTEGER NOT NULL,
    resolution_breached INTEGER NOT NULL,
    ratings             INTEGER NOT NULL,
    rating_sum          INTEGER NOT NULL,
    rated_1             INTEGER NOT NULL,
    rated_2             INTEGER NOT NULL,
    rated_3             INTEGER NOT NULL,
    rated_4             INTEGER NOT NULL,
    rated_5             INTEGER NOT NULL,
    PRIMARY KEY (hour_start, product, channel)
);

-- The hours whose figures are in report_hour (an hour with no ticket is settled with no row there).
CREATE TABLE report_settled_hour (
    hour_start  TIMESTAMP WITH TIME ZONE NOT NULL PRIMARY KEY,
    settled_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
