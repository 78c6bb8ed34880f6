-- Mail that other people can make the service send (password resets, rater requests) is
-- counted here per key (the account, the recipient, the client address), so the limits hold
-- across every node. Rows older than the longest window are deleted as new ones are written.
CREATE TABLE mail_sends (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX mail_sends_key ON mail_sends(key, at);
