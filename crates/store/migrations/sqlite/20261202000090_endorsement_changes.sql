-- Each node's registry index catches up by reading the endorsements changed since the last
-- change it saw. It used to go by updated_at, each node's clock: a write stamped more than a
-- few seconds before the newest change already read was missed until the row changed again.
-- change_seq is a counter the database assigns in the writing transaction instead. SQLite has
-- one writer at a time, so taking the largest number plus one inside that transaction gives
-- numbers in the order the writes commit, and a reader never sees a smaller number appear
-- after a larger one.
ALTER TABLE endorsements ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE endorsements SET change_seq = id;
CREATE INDEX endorsements_change_seq ON endorsements(change_seq);

CREATE TRIGGER endorsements_change_on_insert AFTER INSERT ON endorsements
BEGIN
    UPDATE endorsements SET change_seq = (SELECT MAX(change_seq) + 1 FROM endorsements)
    WHERE id = NEW.id;
END;

-- The WHEN clause keeps the trigger's own update from counting as another change.
CREATE TRIGGER endorsements_change_on_update AFTER UPDATE ON endorsements
WHEN NEW.change_seq = OLD.change_seq
BEGIN
    UPDATE endorsements SET change_seq = (SELECT MAX(change_seq) + 1 FROM endorsements)
    WHERE id = NEW.id;
END;
