-- Text search of the ticket list (issue 16.2, q=): key, subject, requester name and address, matched with
-- LIKE '%text%' on lower(...). pg_trgm's GIN indexes serve such patterns. pg_trgm is a trusted extension
-- (PostgreSQL 13+): the database owner may create it; otherwise a superuser runs this line once beforehand.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_ticket_subject_trgm ON ticket USING gin (lower(subject) gin_trgm_ops);
CREATE INDEX ix_ticket_key_trgm ON ticket USING gin (lower(ticket_key) gin_trgm_ops);
CREATE INDEX ix_contact_name_trgm ON contact USING gin (lower(display_name) gin_trgm_ops);
CREATE INDEX ix_contact_email_trgm ON contact USING gin (lower(email) gin_trgm_ops);
