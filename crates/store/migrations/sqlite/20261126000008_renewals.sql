-- Annual renewals: one per endorsee, association and renewal year; a late fee, when owed, is
-- paid before the endorsements are extended. Paired with migrations/postgres of the same name.
CREATE TABLE renewals (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    year INTEGER NOT NULL,
    fee_usd INTEGER NOT NULL,
    valid_through TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    paid_at INTEGER,
    paid_by INTEGER REFERENCES people(id),
    UNIQUE (person_id, association_id, year)
);
CREATE INDEX renewals_association ON renewals(association_id, paid_at);

-- A reinstatement is an application that revives a lapsed endorsement instead of making one.
ALTER TABLE applications ADD COLUMN reinstates INTEGER REFERENCES endorsements(id);
