-- When a customer link was last mailed to each contact (P16-P18): POST /api/v1/customer/access is public, so a
-- contact is sent at most one link per hub.customer.link-resend-after, however often it is asked for.
CREATE TABLE customer_link_request (
    contact_id  BIGINT NOT NULL PRIMARY KEY REFERENCES contact (id),
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
