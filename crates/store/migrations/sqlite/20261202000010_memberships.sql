-- Membership is a record of the association, not something an applicant types: a coordinator
-- records it (member number, type, start and end) and the audit log names who did. The
-- eligibility engine reads a person's membership from here. Rating entries that a rater's
-- request points at are kept by a portfolio import (see replace_portfolio).
-- Paired with migrations/postgres of the same name.
CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    member_number TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES people(id),
    recorded_at INTEGER NOT NULL,
    UNIQUE (association_id, member_number, starts_on)
);
CREATE INDEX memberships_person ON memberships(person_id, ends_on);
