-- The mail outbox claim (MailOutbox.claim) takes the oldest due rows in (available_at, id) order, a batch at a time.
-- With id in the index and the ORDER BY naming every index column, HSQLDB reads the batch in index order and stops
-- at the LIMIT; with (destination, status, available_at) it read and sorted every pending row first (200 ms per
-- claim with 16,000 rows waiting during an SMTP outage, every 10 s: BENCHMARKS.md). Same rows, same order.
DROP INDEX ix_outbox_destination;
CREATE INDEX ix_outbox_destination ON outbox (destination, status, available_at, id);
