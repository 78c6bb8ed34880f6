-- Conflicts an applicant declares, as typed (a name or email), decided by a coordinator:
-- pending until accepted or overridden with a reason. Kept as typed so the applicant never
-- learns whether the person reviews, and so a reviewer invited later is matched too.
-- Paired with migrations/postgres of the same name.
CREATE TABLE declared_conflicts (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    named TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'overridden', 'withdrawn')),
    decided_by INTEGER REFERENCES people(id),
    decision_reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX declared_conflicts_application ON declared_conflicts(application_id);
