-- Comments and help requests from applicants to their association's coordinators.
-- Paired with migrations/postgres of the same name.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    application_id INTEGER REFERENCES applications(id),
    section TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'help-technical', 'help-process')),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_association ON messages(association_id, id);
