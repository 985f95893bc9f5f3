-- Finding the work (issue 16.2): "my tickets" and "unassigned" (assignee), and the due-time sort.
-- Channel and tier have a handful of values each: an index would cost every intake write and save little.
-- Text search (q=) is a LIKE on HSQLDB; PostgreSQL adds trigram indexes (postgresql/V112).
CREATE INDEX ix_ticket_assignee ON ticket (assignee, created_at);
CREATE INDEX ix_ticket_resolution_due ON ticket (resolution_due);
