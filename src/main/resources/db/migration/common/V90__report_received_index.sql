-- The manager's report (P12, issue 18 item 1): the live part of GET /api/v1/reports/sla and of the /reports page
-- reads the tickets received in the period. Without an index on received_at that was a scan of the whole ticket
-- table (1,000,000 rows: BENCHMARKS.md, "Report"); with it, a range of the index. ticket_stats has the same index
-- since V31. One more index entry per new ticket, measured in the same place.
CREATE INDEX ix_ticket_received ON ticket (received_at, product);
