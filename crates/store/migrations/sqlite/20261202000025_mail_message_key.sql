-- Every mail keeps one Message-ID from its first attempt through retries and a staff resend,
-- so a receiver that did get an attempt the relay reported as failed can tell the resend is
-- the same message. The row keeps the unique part; the mailer adds `@host` of the base URL.
-- Mail queued before this migration gets a random key here.
-- Paired with migrations/postgres of the same name.
ALTER TABLE outbox ADD COLUMN message_key TEXT NOT NULL DEFAULT '';
UPDATE outbox SET message_key = lower(hex(randomblob(16))) WHERE message_key = '';

-- The failed-mail page and `lattice mail failed` list failed mail without reading sent mail.
CREATE INDEX outbox_status ON outbox(status, id);
