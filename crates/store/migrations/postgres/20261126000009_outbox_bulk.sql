-- Bulk mail (renewal and review reminders, lapse notices) is sent after mail somebody is
-- waiting for (confirmations, rater links, password resets): a yearly reminder pass queues one
-- for every endorsee, and a renewal's confirmation must not wait behind a hundred thousand of
-- them. The worker claims by (bulk, next_attempt_at, id).
-- Paired with migrations/sqlite of the same name.
ALTER TABLE outbox ADD COLUMN bulk BIGINT NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1));
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(status, bulk, next_attempt_at, id);

-- The yearly pass reads endorsements ending by a day one page of people at a time.
CREATE INDEX endorsements_ending ON endorsements(status, person_id, valid_through);
