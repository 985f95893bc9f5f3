-- Phone channel (issue 5, P04): one row per call of a telephony provider, keyed uniquely by
-- (provider, call_id). Every webhook of a call merges into this row, so repeats and events out of
-- order converge on one state; the unique key is the idempotency guard across hub nodes.
-- Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL 15.

CREATE SEQUENCE call_log_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE call_log (
    id               BIGINT NOT NULL PRIMARY KEY,
    provider         VARCHAR(32) NOT NULL,
    call_id          VARCHAR(250) NOT NULL,
    product          VARCHAR(32) NOT NULL,
    -- INBOUND or OUTBOUND; null until an event says
    direction        VARCHAR(16),
    -- the customer's number in E.164, null when withheld or not a phone number
    caller           VARCHAR(32),
    -- the number as the provider sent it (anonymous, client:alice, sip:...)
    caller_raw       VARCHAR(250),
    caller_withheld  BOOLEAN DEFAULT FALSE NOT NULL,
    -- the support line that was called (or that called out), E.164
    line             VARCHAR(32),
    contact_id       BIGINT REFERENCES contact (id),
    first_event_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    answered_at      TIMESTAMP WITH TIME ZONE,
    ended_at         TIMESTAMP WITH TIME ZONE,
    answered         BOOLEAN DEFAULT FALSE NOT NULL,
    ended            BOOLEAN DEFAULT FALSE NOT NULL,
    -- provider's end cause or missed reason (cancel, no-answer, out_of_opening_hours, ...)
    end_cause        VARCHAR(64),
    duration_sec     INTEGER,
    agent            VARCHAR(200),
    recording_url    VARCHAR(2048),
    voicemail_url    VARCHAR(2048),
    transcription    VARCHAR(10000),
    -- provider comments or the agent's note
    note             VARCHAR(4000),
    follow_up        BOOLEAN DEFAULT FALSE NOT NULL,
    -- LOGGED, MISSED, VOICEMAIL or FOLLOW_UP: what the merged state amounts to
    outcome          VARCHAR(16) NOT NULL,
    ticket_id        BIGINT REFERENCES ticket (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT DEFAULT 0 NOT NULL
);
CREATE UNIQUE INDEX ux_call_log_call ON call_log (provider, call_id);
CREATE INDEX ix_call_log_contact ON call_log (contact_id);
CREATE INDEX ix_call_log_ticket ON call_log (ticket_id);
