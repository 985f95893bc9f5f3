-- One outbox (issue 15.2): the Jira mirror's rows move into table outbox with destination 'jira', and jira_outbox
-- goes. Plain SQL for HSQLDB 2.7 and PostgreSQL 15.
-- claim_token: the claim of the node delivering the row (the Jira mirror finishes a row only with its own token).
-- last_status: the destination's last answer (an HTTP status; 0 for none).
-- external_ref: what the destination answered: the Jira issue key of a delivered create, the Jira comment id of a
--   delivered comment (the Jira webhook recognises the hub's own issues and comments by it).
ALTER TABLE outbox ADD COLUMN claim_token VARCHAR(64);
ALTER TABLE outbox ADD COLUMN last_status INTEGER;
ALTER TABLE outbox ADD COLUMN external_ref VARCHAR(64);
-- Statuses as every destination has them: DELIVERED -> DONE, DEAD -> FAILED (the dead letter), PENDING, SKIPPED.
-- New ids below every id either sequence handed out (negative, in the old order), so they meet no outbox id.
-- Delivered rows come too: their external_ref is how the webhook tells the hub's own comments and issues.
INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, attempts, available_at, created_at,
                    delivered_at, last_error, destination, priority, message_id, claim_token, last_status, external_ref)
SELECT j.id - (SELECT MAX(m.id) FROM jira_outbox m) - 1, j.kind, j.ticket_id, j.ticket_key, j.payload,
       CASE j.status WHEN 'DELIVERED' THEN 'DONE' WHEN 'DEAD' THEN 'FAILED' ELSE j.status END,
       j.attempts, j.available_at, j.created_at, j.delivered_at,
       CASE WHEN CHAR_LENGTH(j.last_error) > 2000 THEN SUBSTRING(j.last_error FROM 1 FOR 2000) ELSE j.last_error END,
       'jira', 1, NULL, j.claim_token, j.last_status, j.jira_ref
FROM jira_outbox j;
DROP TABLE jira_outbox;
DROP SEQUENCE jira_outbox_seq;
-- The Jira mirror's per-ticket order and the webhook's look-ups.
CREATE INDEX ix_outbox_ticket ON outbox (ticket_id, destination, status);
CREATE INDEX ix_outbox_external_ref ON outbox (external_ref);
