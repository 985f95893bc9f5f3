-- One outbox (issue 15.2, 14.3, 14.5, 15.3, 15.5; docs/outbox.md). Plain SQL for HSQLDB 2.7 and PostgreSQL 15.
-- message_id: the Message-ID of a mail row, fixed when the row is written, so every delivery attempt (a resend
--   after a node died mid-send) carries the same one. Rows written before this version get it at their first
--   claim, made from the row id as well (the HMAC cannot be computed in SQL).
-- priority: claim order within a destination, lower first: 0 conversation (acknowledgement, reply), 1 notices,
--   so a backlog of notices never holds up an acknowledgement.
-- destination: 'customer-mail', 'staff-mail' (escalation notices, agent notifications) or 'jira'.
ALTER TABLE outbox ADD COLUMN message_id VARCHAR(255);
ALTER TABLE outbox ADD COLUMN priority INTEGER DEFAULT 1 NOT NULL;
-- Written for every customer reply and never read by anything (issue 15.5).
DELETE FROM outbox WHERE event_type = 'ticket.message-received';
UPDATE outbox SET destination = 'staff-mail' WHERE destination = 'mail' AND event_type = 'escalation.notice';
UPDATE outbox SET destination = 'customer-mail', priority = 0
    WHERE destination = 'mail' AND event_type IN ('ticket.created', 'reply.public');
UPDATE outbox SET destination = 'customer-mail' WHERE destination = 'mail';
ALTER TABLE outbox ALTER COLUMN destination SET DEFAULT 'customer-mail';
-- The claim reads a destination's due rows in (priority, available_at, id) order and stops at the batch size.
DROP INDEX ix_outbox_destination;
CREATE INDEX ix_outbox_claim ON outbox (destination, status, priority, available_at, id);
