-- Issue 14 item 10 (P05): the widget's per-client rate limit is one limit for the whole cluster, not one per node.
-- Bucket4j's PostgreSQL proxy manager (SELECT ... FOR UPDATE) keeps each client's bucket here; expires_at
-- (epoch milliseconds) is when a bucket would be full again, after which the hub deletes it in small batches.
-- PostgreSQL only: on HSQLDB (one node by construction) the buckets stay in memory.
CREATE TABLE widget_rate_bucket (
    id         VARCHAR(128) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX ix_widget_rate_bucket_expires ON widget_rate_bucket (expires_at);
