-- Canonical ticket model (issue 2). Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL 15.
-- Instants are TIMESTAMP WITH TIME ZONE; message text is VARCHAR (no CLOB: see TRAPS.md).
-- Ids come from sequences that allocate 50 at a time so Hibernate can batch inserts.

CREATE SEQUENCE organisation_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE contact_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE ticket_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE ticket_message_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE ticket_event_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE outbox_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE organisation (
    id                BIGINT NOT NULL PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    email_domain      VARCHAR(253),
    share_all_tickets BOOLEAN DEFAULT FALSE NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_organisation_domain ON organisation (email_domain);

CREATE TABLE contact (
    id                BIGINT NOT NULL PRIMARY KEY,
    email             VARCHAR(320),
    phone             VARCHAR(32),
    display_name      VARCHAR(200),
    organisation_id   BIGINT REFERENCES organisation (id),
    access_revoked_at TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_contact_email ON contact (email);
CREATE INDEX ix_contact_phone ON contact (phone);

-- One row per product: the next number of its human key (DOC-1, RUN-1, ...).
CREATE TABLE ticket_counter (
    product     VARCHAR(32) NOT NULL PRIMARY KEY,
    next_number BIGINT NOT NULL
);

CREATE TABLE ticket (
    id                  BIGINT NOT NULL PRIMARY KEY,
    ticket_key          VARCHAR(40) NOT NULL,
    product             VARCHAR(32) NOT NULL,
    channel             VARCHAR(16) NOT NULL,
    status              VARCHAR(24) NOT NULL,
    priority            VARCHAR(16) NOT NULL,
    tier                VARCHAR(16) NOT NULL,
    assignee            VARCHAR(100),
    subject             VARCHAR(500) NOT NULL,
    requester_id        BIGINT NOT NULL REFERENCES contact (id),
    organisation_id     BIGINT REFERENCES organisation (id),
    linked_ticket_id    BIGINT REFERENCES ticket (id),
    idempotency_key     VARCHAR(255),
    request_hash        VARCHAR(64),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    first_response_at   TIMESTAMP WITH TIME ZONE,
    resolved_at         TIMESTAMP WITH TIME ZONE,
    closed_at           TIMESTAMP WITH TIME ZONE,
    -- SLA state of the current cycles (P07, P08); completed resolution cycles go to sla_cycle_history.
    -- Instants are absolute; goals are working minutes on the product's business calendar.
    sla_clock_start             TIMESTAMP WITH TIME ZONE,
    first_response_goal_min     INTEGER,
    first_response_due          TIMESTAMP WITH TIME ZONE,
    first_response_at_risk_at   TIMESTAMP WITH TIME ZONE,
    first_response_breached_at  TIMESTAMP WITH TIME ZONE,
    resolution_cycle            INTEGER DEFAULT 1 NOT NULL,
    resolution_goal_min         INTEGER,
    resolution_started_at       TIMESTAMP WITH TIME ZONE,
    resolution_due              TIMESTAMP WITH TIME ZONE,
    resolution_paused_min       INTEGER DEFAULT 0 NOT NULL,
    sla_paused_at               TIMESTAMP WITH TIME ZONE,
    resolution_met_at           TIMESTAMP WITH TIME ZONE,
    resolution_at_risk_at       TIMESTAMP WITH TIME ZONE,
    resolution_breached_at      TIMESTAMP WITH TIME ZONE,
    -- The next instant at which the SLA sweep has something to do for this ticket (null: nothing).
    sla_next_check_at           TIMESTAMP WITH TIME ZONE,
    escalation_level            INTEGER DEFAULT 0 NOT NULL,
    -- external references
    jira_key            VARCHAR(64),
    version             BIGINT DEFAULT 0 NOT NULL
);
CREATE UNIQUE INDEX ux_ticket_key ON ticket (ticket_key);
CREATE UNIQUE INDEX ux_ticket_idempotency ON ticket (channel, idempotency_key);
-- Few indexes on purpose: each one is paid on every insert (HSQLDB cached tables, see BENCHMARKS.md).
-- The SLA sweep reads only tickets whose next check is due, through this one index.
CREATE INDEX ix_ticket_sla_next_check ON ticket (sla_next_check_at);
CREATE INDEX ix_ticket_product_status ON ticket (product, status, created_at);
CREATE INDEX ix_ticket_requester ON ticket (requester_id);

-- Completed SLA cycles, kept when a ticket is resolved and reopened (P08).
CREATE SEQUENCE sla_cycle_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE sla_cycle_history (
    id            BIGINT NOT NULL PRIMARY KEY,
    ticket_id     BIGINT NOT NULL REFERENCES ticket (id),
    kind          VARCHAR(24) NOT NULL,
    cycle         INTEGER NOT NULL,
    goal_min      INTEGER NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    paused_min    INTEGER NOT NULL,
    met_at        TIMESTAMP WITH TIME ZONE,
    breached_at   TIMESTAMP WITH TIME ZONE,
    closed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_sla_cycle_ticket ON sla_cycle_history (ticket_id, cycle);

CREATE TABLE ticket_participant (
    ticket_id  BIGINT NOT NULL REFERENCES ticket (id),
    contact_id BIGINT NOT NULL REFERENCES contact (id),
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (ticket_id, contact_id)
);
CREATE INDEX ix_participant_contact ON ticket_participant (contact_id);

CREATE TABLE ticket_message (
    id                BIGINT NOT NULL PRIMARY KEY,
    ticket_id         BIGINT NOT NULL REFERENCES ticket (id),
    direction         VARCHAR(16) NOT NULL,
    channel           VARCHAR(16) NOT NULL,
    author            VARCHAR(320) NOT NULL,
    author_contact_id BIGINT REFERENCES contact (id),
    body              VARCHAR(200000) NOT NULL,
    body_html         VARCHAR(400000),
    external_id       VARCHAR(998),
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
-- external_id first: threading looks a reply up by external id alone.
CREATE UNIQUE INDEX ux_message_external_id ON ticket_message (external_id, channel);
CREATE INDEX ix_message_ticket ON ticket_message (ticket_id, created_at);

-- Append-only audit trail: rows are inserted, never updated.
CREATE TABLE ticket_event (
    id          BIGINT NOT NULL PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES ticket (id),
    event_type  VARCHAR(64) NOT NULL,
    actor       VARCHAR(320) NOT NULL,
    detail      VARCHAR(4000),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_event_ticket ON ticket_event (ticket_id, occurred_at);

-- Side effects (mail, Jira) written in the same transaction as the change that causes them.
CREATE TABLE outbox (
    id            BIGINT NOT NULL PRIMARY KEY,
    event_type    VARCHAR(64) NOT NULL,
    ticket_id     BIGINT REFERENCES ticket (id),
    ticket_key    VARCHAR(40),
    payload       VARCHAR(32000) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    attempts      INTEGER DEFAULT 0 NOT NULL,
    available_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at  TIMESTAMP WITH TIME ZONE,
    last_error    VARCHAR(2000)
);
CREATE INDEX ix_outbox_pending ON outbox (status, available_at);

-- Accounts of the agent API. The first one is created from HUB_ADMIN_USERNAME / HUB_ADMIN_PASSWORD.
CREATE TABLE hub_user (
    username      VARCHAR(100) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(100) NOT NULL,
    enabled       BOOLEAN DEFAULT TRUE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
