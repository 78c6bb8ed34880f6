-- Staff accounts run by coordinators: a role is invited, active, suspended or removed (kept,
-- not deleted, so the audit log and old reviews still name a role that existed); invitations
-- by emailed single-use link, the token stored hashed like password resets; whether an
-- association asks reviewers endorsed elsewhere, and whether a reviewer agrees to be asked.
-- Paired with migrations/sqlite of the same name.
ALTER TABLE staff_roles ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('invited', 'active', 'suspended', 'removed'));

CREATE TABLE staff_invitations (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    role TEXT NOT NULL CHECK (role IN ('coordinator', 'reviewer')),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX staff_invitations_person ON staff_invitations(person_id);

ALTER TABLE associations ADD COLUMN outside_reviewers BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reviewer_profiles ADD COLUMN reviews_elsewhere BIGINT NOT NULL DEFAULT 0;
