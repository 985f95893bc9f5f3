-- E-mail channel (issue 4, P03, P16). Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL 15.

-- Who delivers an outbox row: 'mail' (the outbox-mail route) or, later, 'jira'. See docs/outbox.md.
ALTER TABLE outbox ADD COLUMN destination VARCHAR(16) DEFAULT 'mail' NOT NULL;
CREATE INDEX ix_outbox_destination ON outbox (destination, status, available_at);

-- Persistent idempotent repository of the mailboxes: one row per inbound mail the hub has finished with,
-- whatever the outcome (TICKET, REPLY, LOOP, PARKED). The key is the Message-ID, or sha256:<digest of
-- the raw message> when it has none; the primary key is the real guard against a second ticket, across
-- restarts, nodes and mailboxes.
CREATE TABLE mail_intake (
    message_key  VARCHAR(998) NOT NULL PRIMARY KEY,
    product      VARCHAR(32) NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    ticket_id    BIGINT REFERENCES ticket (id),
    ticket_key   VARCHAR(40),
    raw_sha256   VARCHAR(64),
    raw_size     BIGINT,
    detail       VARCHAR(2000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_mail_intake_ticket ON mail_intake (ticket_id);

-- Failed attempts of one inbound mail; at hub.email.max-attempts the mail is parked (P03: never dropped).
CREATE TABLE mail_failure (
    message_key  VARCHAR(998) NOT NULL PRIMARY KEY,
    product      VARCHAR(32) NOT NULL,
    attempts     INTEGER NOT NULL,
    last_error   VARCHAR(2000),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Attachments of inbound mail: the bytes live in the attachment store (files named by SHA-256 under
-- hub.email.attachments-dir), not in the row store; a part over the size limit is recorded as skipped.
CREATE SEQUENCE mail_attachment_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE mail_attachment (
    id              BIGINT NOT NULL PRIMARY KEY,
    ticket_id       BIGINT NOT NULL REFERENCES ticket (id),
    message_key     VARCHAR(998) NOT NULL,
    file_name       VARCHAR(500) NOT NULL,
    content_type    VARCHAR(200) NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          VARCHAR(64) NOT NULL,
    inline_part     BOOLEAN DEFAULT FALSE NOT NULL,
    content_id      VARCHAR(500),
    skipped_reason  VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_mail_attachment_ticket ON mail_attachment (ticket_id);

-- Automatic mail sent per recipient and UTC day: the daily cap (hub.mail.auto-daily-cap).
CREATE TABLE mail_auto_count (
    address   VARCHAR(320) NOT NULL,
    sent_day  DATE NOT NULL,
    sent      INTEGER NOT NULL,
    PRIMARY KEY (address, sent_day)
);

-- Settings the hub makes for itself and must keep across restarts and share between nodes
-- (the HMAC key of outbound Message-IDs when hub.mail.message-id-secret is not set).
CREATE TABLE hub_setting (
    name          VARCHAR(64) NOT NULL PRIMARY KEY,
    setting_value VARCHAR(500) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
