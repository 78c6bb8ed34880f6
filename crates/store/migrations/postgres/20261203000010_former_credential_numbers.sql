-- An endorsee imported from an association's earlier records carries the credential number
-- that association gave them. Lattice's own numbers have a shape and check digits that the
-- verifier, the credential addresses and the certificate rely on, so an imported endorsement
-- gets a Lattice number and keeps the one it carried here: still found on /verify, and the
-- key that makes a second import of the same file find the same endorsement.
-- Stored in the written form a typed number is read into (upper case, dashes between parts),
-- unique across associations so a typed number finds one endorsement.
-- Paired with migrations/postgres of the same name.
ALTER TABLE endorsements ADD COLUMN former_number TEXT;
CREATE UNIQUE INDEX endorsements_former_number ON endorsements(former_number);
