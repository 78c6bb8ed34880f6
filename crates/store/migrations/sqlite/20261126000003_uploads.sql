-- Uploaded files (transcripts, certificates): the bytes live in object storage under
-- object_key; this row says whose they are. Paired with migrations/postgres of the same name.
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    entry_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('transcript', 'certificate')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    object_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX uploads_person ON uploads(person_id);
