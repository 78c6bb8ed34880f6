-- Membership dues: what the association charges per membership type (set by a coordinator;
-- a type without a row is not charged through Lattice), the amount a request to join or renew
-- was told, the payment provider it goes through, and when a coordinator recorded it paid.
-- Paired with migrations/postgres of the same name.
CREATE TABLE membership_dues (
    association_id INTEGER NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL,
    amount_usd INTEGER NOT NULL CHECK (amount_usd >= 0),
    PRIMARY KEY (association_id, kind)
);
ALTER TABLE membership_requests ADD COLUMN dues_usd INTEGER;
ALTER TABLE membership_requests ADD COLUMN dues_provider TEXT;
ALTER TABLE membership_requests ADD COLUMN dues_paid_at INTEGER;
ALTER TABLE membership_requests ADD COLUMN dues_paid_by INTEGER REFERENCES people(id);
