-- The languages an association offers its applicants (issue #23): BCP 47 primary codes joined
-- by commas ('en', 'en,es'; lattice_domain::language::OfferedLanguages). English only until
-- the association chooses more on its settings page. Read with the association's branding
-- (one query per signed-in page, cached per node).
-- Paired with migrations/sqlite of the same name.
ALTER TABLE associations ADD COLUMN languages TEXT NOT NULL DEFAULT 'en';
