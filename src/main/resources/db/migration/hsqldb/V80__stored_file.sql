-- Stored files (issue 14.4, P13), as on PostgreSQL: used on HSQLDB only with hub.files.store=database. The embedded
-- default keeps files in a folder instead (HSQLDB's LOB store grows and is not compacted: TRAPS.md).
CREATE TABLE stored_file (
    sha256      VARCHAR(64) NOT NULL PRIMARY KEY,
    size_bytes  BIGINT NOT NULL,
    content     BLOB(1G) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
