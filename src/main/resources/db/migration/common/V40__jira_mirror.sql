-- Jira mirror (P20): its own queue, written in the same transaction as the change it mirrors and
-- delivered per ticket in order by the jira-mirror route. Plain SQL for HSQLDB 2.7 and PostgreSQL 15.
-- status: PENDING (waiting, or claimed by a node until available_at: the lease), DELIVERED, SKIPPED
-- (nothing to send, e.g. a status with no Jira transition), DEAD (a 4xx or too many attempts: the
-- dead letter, with Jira's answer in last_status / last_error; the admin API puts it back to PENDING).
CREATE SEQUENCE jira_outbox_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE jira_outbox (
    id            BIGINT NOT NULL PRIMARY KEY,
    ticket_id     BIGINT NOT NULL REFERENCES ticket (id),
    ticket_key    VARCHAR(40) NOT NULL,
    kind          VARCHAR(24) NOT NULL,
    payload       VARCHAR(32000) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    attempts      INTEGER DEFAULT 0 NOT NULL,
    available_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claim_token   VARCHAR(64),
    last_status   INTEGER,
    last_error    VARCHAR(4000),
    jira_ref      VARCHAR(64),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at  TIMESTAMP WITH TIME ZONE
);
-- The delivery reads due rows through this index; per-ticket order through the second.
CREATE INDEX ix_jira_outbox_due ON jira_outbox (status, available_at);
CREATE INDEX ix_jira_outbox_ticket ON jira_outbox (ticket_id, status);
-- jira_ref: the Jira issue key of a delivered create, the Jira comment id of a delivered comment.
-- The webhook finds a ticket and the hub's own comments through it (no extra index on ticket, whose
-- every insert pays for each index: BENCHMARKS.md).
CREATE INDEX ix_jira_outbox_ref ON jira_outbox (jira_ref);
