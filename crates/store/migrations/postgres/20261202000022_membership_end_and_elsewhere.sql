-- A coordinator may end a membership early (ended_reason says why), and where the rules accept
-- membership in another infant mental health association, a coordinator verifies the
-- applicant's proof and records it (other_association names that association; the row's
-- association is the one that verified it). The request carries what the applicant claimed
-- and the uploaded proof. Paired with migrations/sqlite of the same name.
-- A proof is an upload of its own kind.
ALTER TABLE uploads DROP CONSTRAINT uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
    CHECK (kind IN ('transcript', 'certificate', 'membership-proof'));
ALTER TABLE memberships ADD COLUMN ended_reason TEXT;
ALTER TABLE memberships ADD COLUMN other_association TEXT;
ALTER TABLE membership_requests ADD COLUMN other_association TEXT;
ALTER TABLE membership_requests ADD COLUMN other_number TEXT;
ALTER TABLE membership_requests ADD COLUMN other_until TEXT;
ALTER TABLE membership_requests ADD COLUMN proof_upload_id BIGINT REFERENCES uploads(id);
