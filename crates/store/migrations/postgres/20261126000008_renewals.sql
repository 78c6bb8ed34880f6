-- Annual renewals: one per endorsee, association and renewal year; a late fee, when owed, is
-- paid before the endorsements are extended. Paired with migrations/sqlite of the same name.
CREATE TABLE renewals (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    year BIGINT NOT NULL,
    fee_usd BIGINT NOT NULL,
    valid_through TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    paid_at BIGINT,
    paid_by BIGINT REFERENCES people(id),
    UNIQUE (person_id, association_id, year)
);
CREATE INDEX renewals_association ON renewals(association_id, paid_at);

-- A reinstatement is an application that revives a lapsed endorsement instead of making one.
ALTER TABLE applications ADD COLUMN reinstates BIGINT REFERENCES endorsements(id);
