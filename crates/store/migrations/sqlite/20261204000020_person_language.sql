-- The language a person chose for Lattice's pages (issue #23), from the switch in every page's
-- header: a BCP 47 primary code the service speaks ('en', 'es'; lattice_domain::language).
-- NULL until they choose, when the browser's Accept-Language decides. No CHECK: adding a
-- language is then a new message file, not a migration.
-- Paired with migrations/postgres of the same name.
ALTER TABLE people ADD COLUMN language TEXT;
