-- A rating on paper, recorded by a coordinator who attests to it: a rater request already
-- answered, with the coordinator's id. The portfolio counts it as the staff's word, not the
-- rater's through the link. Paired with migrations/postgres of the same name.
ALTER TABLE rater_requests ADD COLUMN recorded_by INTEGER REFERENCES people(id);
