-- The coordinator's queue pages through an association's applications newest change first,
-- then by id (keyset pagination); this index serves that order without sorting the association.
CREATE INDEX applications_queue ON applications(association_id, updated_at DESC, id);
