-- Parked messages whose move to the parked folder is not confirmed yet (issue 14.9, P03): written with the PARKED
-- outcome, deleted once the message is moved. A row left by a crash is finished before the mailbox's next poll,
-- the message found by its IMAP UID (when the folder's UIDVALIDITY is still the one recorded) or its Message-ID.
CREATE TABLE mail_parked_move (
    message_key   VARCHAR(998) NOT NULL PRIMARY KEY,
    mailbox       VARCHAR(100) NOT NULL,
    uid_validity  BIGINT,
    uid           BIGINT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_mail_parked_move_mailbox ON mail_parked_move (mailbox, created_at);
