-- Issue 16.5 (P20): progress of the Jira back-fill, one row (id = 1). state: RUNNING (the jira-backfill route works
-- through it batch by batch) or DONE. cursor_id: the last ticket id done; the rows a batch queues and the new cursor
-- commit together, so a restart resumes after the last whole batch and queues no ticket twice.
CREATE TABLE jira_backfill (
    id          INTEGER NOT NULL PRIMARY KEY,
    state       VARCHAR(16) NOT NULL,
    cursor_id   BIGINT NOT NULL,
    queued      BIGINT NOT NULL,
    skipped     BIGINT NOT NULL,
    batches     BIGINT NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE
);
-- Issue 16.4 (P20): what the jira-sla-sync route last queued for a mirrored ticket (tier, due instants, SLA labels),
-- as one JSON text; a ticket whose current state differs gets an UPDATE row in the outbox.
CREATE TABLE jira_sync_sent (
    ticket_id BIGINT NOT NULL PRIMARY KEY REFERENCES ticket (id),
    state     VARCHAR(2000) NOT NULL,
    sent_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
