-- The periods in which an association offers the exam; a sitting falls inside one.
-- Paired with migrations/sqlite of the same name.
CREATE TABLE exam_windows (
    id BIGSERIAL PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    place TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX exam_windows_association ON exam_windows(association_id, opens);
