-- A coordinator checks each degree against its official transcript: verified, or another
-- transcript asked for, with a note. The entry's data as checked is kept, so a degree edited
-- afterwards is no longer verified. The latest check of an entry is the one in force.
-- Paired with migrations/postgres of the same name.
CREATE TABLE education_checks (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    entry_id INTEGER NOT NULL,
    entry_data TEXT NOT NULL,
    verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
    note TEXT NOT NULL,
    checked_by INTEGER NOT NULL REFERENCES people(id),
    checked_at INTEGER NOT NULL
);
CREATE INDEX education_checks_person ON education_checks(person_id, entry_id, id);
