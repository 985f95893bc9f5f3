-- Stored files (issue 14.4, P13): attachments of inbound mail and redacted copies of whole messages, one row per
-- SHA-256 of the content, in the database every node shares (hub.files.store=database, the default on PostgreSQL).
CREATE TABLE stored_file (
    sha256      VARCHAR(64) NOT NULL PRIMARY KEY,
    size_bytes  BIGINT NOT NULL,
    content     BYTEA NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
