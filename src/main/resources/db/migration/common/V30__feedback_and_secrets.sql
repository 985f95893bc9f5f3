-- Lifecycle and privacy (issue 6). Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL 15.

-- One feedback request per ticket (P11), sent when it is first resolved; the link it carries is signed,
-- expires at expires_at and can be used once (responded_at). The nonce is part of the signed link.
CREATE TABLE feedback_request (
    ticket_id     BIGINT NOT NULL PRIMARY KEY REFERENCES ticket (id),
    product       VARCHAR(32) NOT NULL,
    nonce         VARCHAR(64) NOT NULL,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    rating        INTEGER,
    rating_comment VARCHAR(2000),
    responded_at  TIMESTAMP WITH TIME ZONE
);

-- Keys the hub makes for itself when no environment variable gives one (e.g. the feedback link key):
-- generated once by the first node that needs it, then shared by every node through the database.
CREATE TABLE hub_secret (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    secret      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
