-- Each node's registry index catches up by reading the endorsements changed since the last
-- change it saw. It used to go by updated_at, each node's clock: a write stamped more than a
-- few seconds before the newest change already read was missed until the row changed again.
-- change_seq is a number the database assigns in the writing transaction instead.
--
-- A sequence alone hands out numbers when a row is written, not when its transaction
-- commits: a transaction holding 10 can commit after another holding 11 has been read, and
-- 10 would be missed. So the trigger first takes a transaction-scoped advisory lock: writers
-- of endorsements take their numbers one transaction at a time, in commit order. Endorsement
-- writes are few (endorsing, renewing, the yearly pass), so the wait is short.
ALTER TABLE endorsements ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE SEQUENCE endorsement_change_seq;
UPDATE endorsements SET change_seq = id;
SELECT setval('endorsement_change_seq', GREATEST((SELECT MAX(id) FROM endorsements), 1));
CREATE INDEX endorsements_change_seq ON endorsements(change_seq);

-- The lock is taken by a statement-level trigger, before the statement locks any row: taken
-- per row, a transaction could hold a row's lock while waiting for the advisory lock held by
-- another that waits for that row (a deadlock).
CREATE FUNCTION endorsement_changes_in_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- 7406271: this lock's key, used nowhere else.
    PERFORM pg_advisory_xact_lock(7406271);
    RETURN NULL;
END
$$;

CREATE FUNCTION endorsement_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('endorsement_change_seq');
    RETURN NEW;
END
$$;

CREATE TRIGGER endorsements_change_in_turn BEFORE INSERT OR UPDATE ON endorsements
    FOR EACH STATEMENT EXECUTE FUNCTION endorsement_changes_in_turn();
CREATE TRIGGER endorsements_change BEFORE INSERT OR UPDATE ON endorsements
    FOR EACH ROW EXECUTE FUNCTION endorsement_changed();
