-- Users of the web application, their sessions and API tokens.
-- Keep in step with ../sqlite/0005_users.sql (same tables, columns and keys).
-- Secrets are never stored in clear: passwords as argon2id PHC strings,
-- session ids and API tokens as SHA-256 hex digests.

CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analytiker', 'region')),
    region        TEXT REFERENCES regions (code),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    CHECK ((role = 'region') = (region IS NOT NULL))
);

-- A session exists before sign-in too (username NULL): it carries the CSRF
-- token of the login and survey forms.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    username   TEXT REFERENCES users (username),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username),
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
