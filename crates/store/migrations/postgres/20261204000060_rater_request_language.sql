-- The language the applicant chose for a rater (issue #23): the rating request's mail and the
-- rating form at /rate/{token} are in it. A BCP 47 primary code (lattice_domain::language::
-- Language::code); requests made before the choice existed were English.
-- Paired with migrations/sqlite of the same name.
ALTER TABLE rater_requests ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
