-- Comments and help requests from applicants to their association's coordinators.
-- Paired with migrations/sqlite of the same name.
CREATE TABLE messages (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT REFERENCES applications(id),
    section TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'help-technical', 'help-process')),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_association ON messages(association_id, id);
