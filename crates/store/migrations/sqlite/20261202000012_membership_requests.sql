-- A person asks an association to record their membership (joining or renewing); the
-- coordinator records it once the dues are in, which closes the request in the same
-- transaction. One open request per person and association.
-- Paired with migrations/postgres of the same name.
CREATE TABLE membership_requests (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    kind TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'recorded')),
    decided_by INTEGER REFERENCES people(id),
    decided_at INTEGER
);
CREATE UNIQUE INDEX membership_requests_open ON membership_requests(person_id, association_id)
    WHERE status = 'open';
CREATE INDEX membership_requests_association ON membership_requests(association_id, status);
