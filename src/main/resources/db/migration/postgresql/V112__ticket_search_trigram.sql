-- Text search of the ticket list (issue 16.2, q=): key, subject, requester name and address, matched with
-- LIKE '%text%' on lower(...). pg_trgm's GIN indexes serve such patterns. pg_trgm is a trusted extension
-- (PostgreSQL 13+): the database owner may create it; otherwise a superuser runs this line once beforehand.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The operator class is named with the schema pg_trgm lives in: the hub's schema may not be on the same search path
-- as the extension (an extension exists once per database, in one schema).
DO $$
DECLARE
    s text;
BEGIN
    SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX ix_ticket_subject_trgm ON ticket USING gin (lower(subject) %I.gin_trgm_ops)', s);
    EXECUTE format('CREATE INDEX ix_ticket_key_trgm ON ticket USING gin (lower(ticket_key) %I.gin_trgm_ops)', s);
    EXECUTE format('CREATE INDEX ix_contact_name_trgm ON contact USING gin (lower(display_name) %I.gin_trgm_ops)', s);
    EXECUTE format('CREATE INDEX ix_contact_email_trgm ON contact USING gin (lower(email) %I.gin_trgm_ops)', s);
END $$;
