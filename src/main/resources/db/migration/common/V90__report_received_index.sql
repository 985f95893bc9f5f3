-- The manager's report (P12, issue 18 item 1): the live part of GET /api/v1/reports/sla and of the /reports page
-- reads the tickets of one product received in the period (one query per product when the report covers all).
-- Without this index that read every row of the product through ix_ticket_product_status, or the whole ticket
-- table (1,000,000 rows: BENCHMARKS.md, "Report"); with it, a range of the index. One more index entry per new ticket.
CREATE INDEX ix_ticket_product_received ON ticket (product, received_at);
