-- Issue 14 item 6a (P04): both products publish one shared support line, so the called number alone does not
-- say whose call it is. call_log.product_source records how a call's product was chosen: menu (the provider's
-- IVR choice: Twilio Digits, a CTI field, an Aircall number or tag), line (a line listed as one product's own),
-- caller (the product of the caller's newest ticket) or triage (hub.telephony.triage-product).
-- Plain SQL that runs unchanged on HSQLDB 2.7 and PostgreSQL.
ALTER TABLE call_log ADD COLUMN product_source VARCHAR(32);
