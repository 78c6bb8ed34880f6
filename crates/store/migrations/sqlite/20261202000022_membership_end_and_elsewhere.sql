-- A coordinator may end a membership early (ended_reason says why), and where the rules accept
-- membership in another infant mental health association, a coordinator verifies the
-- applicant's proof and records it (other_association names that association; the row's
-- association is the one that verified it). The request carries what the applicant claimed
-- and the uploaded proof. Paired with migrations/postgres of the same name.
-- A proof is an upload of its own kind. SQLite cannot change a CHECK in place, so the
-- table is rebuilt (nothing references it yet; the proof column below comes after).
CREATE TABLE uploads_new (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    entry_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('transcript', 'certificate', 'membership-proof')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
INSERT INTO uploads_new (id, person_id, entry_id, kind, file_name, content_type, size, object_key,
    created_at)
    SELECT id, person_id, entry_id, kind, file_name, content_type, size, object_key, created_at
    FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_new RENAME TO uploads;
CREATE INDEX uploads_person ON uploads(person_id);
ALTER TABLE memberships ADD COLUMN ended_reason TEXT;
ALTER TABLE memberships ADD COLUMN other_association TEXT;
ALTER TABLE membership_requests ADD COLUMN other_association TEXT;
ALTER TABLE membership_requests ADD COLUMN other_number TEXT;
ALTER TABLE membership_requests ADD COLUMN other_until TEXT;
ALTER TABLE membership_requests ADD COLUMN proof_upload_id INTEGER REFERENCES uploads(id);
