-- Messages form a thread per application: the applicant writes (author_id NULL: the
-- person_id wrote it) and a coordinator answers (author_id is the coordinator; person_id stays
-- the applicant whose thread it is). Paired with migrations/sqlite of the same name.
ALTER TABLE messages ADD COLUMN author_id BIGINT REFERENCES people(id);
CREATE INDEX messages_application ON messages(application_id, id);
