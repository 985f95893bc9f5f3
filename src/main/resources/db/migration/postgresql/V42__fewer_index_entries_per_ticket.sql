-- ix_outbox_pending (status, available_at) serves no query since the mail claim and the pending gauge read
-- ix_outbox_destination (V10, V41). The HSQLDB twin of this migration also drops indexes that repeat HSQLDB's
-- own foreign key indexes; PostgreSQL does not index foreign keys, so it keeps those.
DROP INDEX ix_outbox_pending;
