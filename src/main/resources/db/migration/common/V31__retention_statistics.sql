-- Retention (P13) and reports (P12). Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL 15.

-- What remains of a ticket after the purge: one anonymous row, no text, no contact, so reports over
-- purged and live tickets add up. ticket_id is the purged ticket's id (no foreign key: the ticket is gone).
-- The *_met / *_breached columns are 0 or 1.
CREATE TABLE ticket_stats (
    ticket_id               BIGINT NOT NULL PRIMARY KEY,
    product                 VARCHAR(32) NOT NULL,
    channel                 VARCHAR(16) NOT NULL,
    priority                VARCHAR(16) NOT NULL,
    received_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    first_response_at       TIMESTAMP WITH TIME ZONE,
    resolved_at             TIMESTAMP WITH TIME ZONE,
    closed_at               TIMESTAMP WITH TIME ZONE,
    first_response_met      INTEGER NOT NULL,
    first_response_breached INTEGER NOT NULL,
    resolution_met          INTEGER NOT NULL,
    resolution_breached     INTEGER NOT NULL,
    rating                  INTEGER,
    purged_at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_ticket_stats_received ON ticket_stats (received_at, product);

-- One row per purge run that removed something: when, up to which instant, and how much of what.
CREATE SEQUENCE purge_run_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE purge_run (
    id          BIGINT NOT NULL PRIMARY KEY,
    ran_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    cutoff      TIMESTAMP WITH TIME ZONE NOT NULL,
    tickets     INTEGER NOT NULL,
    messages    INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    outbox      INTEGER NOT NULL,
    contacts    INTEGER NOT NULL,
    feedback    INTEGER NOT NULL
);
