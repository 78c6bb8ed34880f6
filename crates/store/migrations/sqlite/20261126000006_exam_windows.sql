-- The periods in which an association offers the exam; a sitting falls inside one.
-- Paired with migrations/postgres of the same name.
CREATE TABLE exam_windows (
    id INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id),
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    place TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX exam_windows_association ON exam_windows(association_id, opens);
