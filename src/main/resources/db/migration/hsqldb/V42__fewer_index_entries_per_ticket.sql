-- Fewer index entries per new ticket (BENCHMARKS.md, intake): every index is one more AVL insert of the
-- single intake writer, and HSQLDB already indexes every foreign key on its own (SYS_FK_* indexes).
-- ix_ticket_requester (requester_id) repeats the foreign key index of ticket.requester_id; ix_message_ticket
-- (ticket_id, created_at) and ix_event_ticket (ticket_id, occurred_at) repeat the foreign key indexes on
-- ticket_id (a ticket's messages and events are few; ordering them needs no index). PostgreSQL does not
-- index foreign keys, so it keeps these three (postgresql/V42).
-- ix_outbox_pending (status, available_at) serves no query since the mail claim and the pending gauge read
-- ix_outbox_destination (V10, V41): dropped on both databases.
DROP INDEX ix_ticket_requester;
DROP INDEX ix_message_ticket;
DROP INDEX ix_event_ticket;
DROP INDEX ix_outbox_pending;
