-- How an association presents itself (issue #21 item 2), set on /staff/{slug}/settings: the
-- name its pages and certificate show (NULL: the profile's name), its brand colour as
-- '#rrggbb' (checked for contrast before it is stored) and its logo, a PNG or JPEG of at most
-- 256 KB kept here so every node serves the same bytes. logo_digest (SHA-256, hex) versions
-- the logo's URL and ETag. Every change is in audit_log, written in the same transaction.
-- Paired with migrations/sqlite of the same name.
CREATE TABLE association_settings (
    association_id BIGINT PRIMARY KEY REFERENCES associations(id),
    display_name TEXT,
    colour TEXT,
    logo BYTEA,
    logo_format TEXT CHECK (logo_format IN ('png', 'jpeg')),
    logo_digest TEXT,
    updated_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL
);
