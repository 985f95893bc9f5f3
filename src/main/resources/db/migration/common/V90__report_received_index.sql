-- The manager's report (P12, issue 18 item 1): the live part of GET /api/v1/reports/sla and of the /reports page
-- reads the tickets received in the period. Without an index on received_at that read every ticket (1,000,000 rows:
-- BENCHMARKS.md, "Report"); with it, a range of the index. One more index entry per new ticket.
CREATE INDEX ix_ticket_received ON ticket (received_at, product);
