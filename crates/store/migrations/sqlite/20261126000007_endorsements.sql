-- Endorsements once granted, the associations' credential signing keys, and transfers between
-- associations. Paired with migrations/postgres of the same name.
CREATE TABLE endorsements (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    association_id INTEGER NOT NULL REFERENCES associations(id),
    application_id INTEGER REFERENCES applications(id),
    category TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'lapsed', 'inactive', 'emeritus', 'revoked')),
    -- Set in the transaction that creates the row, from its id.
    credential_number TEXT UNIQUE,
    name_line TEXT NOT NULL,
    title_line TEXT NOT NULL,
    display_name TEXT NOT NULL,
    -- Lower-cased names for prefix search, family name first ("okafor grace") and given name
    -- first ("grace okafor"); compared byte by byte so a prefix range uses the index.
    search_family TEXT NOT NULL,
    search_given TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    search_city TEXT NOT NULL DEFAULT '',
    endorsed_on TEXT NOT NULL,
    valid_through TEXT NOT NULL,
    status_since TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- Each registry search is one range on one of these, read in order, so it stops after a page.
CREATE INDEX endorsements_registry_family ON endorsements(status, search_family, id);
CREATE INDEX endorsements_registry_given ON endorsements(status, search_given, id);
CREATE INDEX endorsements_registry_association ON endorsements(association_id, status, search_family, id);
CREATE INDEX endorsements_registry_city ON endorsements(status, search_city, id);
CREATE INDEX endorsements_person ON endorsements(person_id);
-- What the servers' in-memory registry reads to catch up.
CREATE INDEX endorsements_updated ON endorsements(updated_at);

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id),
    public_jwk TEXT NOT NULL,
    -- The PKCS#8 private key, sealed with the server's key-encryption key.
    sealed_private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);
CREATE INDEX signing_keys_association ON signing_keys(association_id, created_at);

CREATE TABLE transfers (
    id INTEGER PRIMARY KEY,
    endorsement_id INTEGER NOT NULL REFERENCES endorsements(id),
    from_association INTEGER NOT NULL REFERENCES associations(id),
    to_association INTEGER NOT NULL REFERENCES associations(id),
    requested_by INTEGER NOT NULL REFERENCES people(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'declined')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES people(id)
);
CREATE INDEX transfers_to ON transfers(to_association, status);
