-- Each endorsement's bit in its association's status lists. New endorsements draw it at random
-- among the unused ones (the store does, in the transaction that creates them). Endorsements
-- granted before keep their record id: the credentials already issued to them carry it as
-- their statusListIndex, and a revocation must still reach those copies.
-- Unique across associations, so a transfer keeps it and no index is ever handed out twice.
-- Paired with migrations/postgres of the same name.
ALTER TABLE endorsements ADD COLUMN status_index INTEGER;
UPDATE endorsements SET status_index = id;
CREATE UNIQUE INDEX endorsements_status_index ON endorsements(status_index);
