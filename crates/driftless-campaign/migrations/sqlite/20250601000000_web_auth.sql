-- Web sessions and API tokens (issue 6), SQLite flavour (the PostgreSQL twin is
-- ../postgres/, same name). Neither table holds a secret: a session id and an API token
-- are stored only as the lowercase hex SHA-256 of the value the client holds.

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    id_hash    TEXT    NOT NULL,              -- hex SHA-256 of the cookie's 256-bit id
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT    NOT NULL,              -- sent back in every cookie-authenticated form
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    CONSTRAINT sessions_id_hash_key UNIQUE (id_hash)
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   TEXT    NOT NULL,            -- hex SHA-256 of the token
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
-- A name is unique among a user's live tokens; a revoked token's name can be reused.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (user_id, name) WHERE revoked_at IS NULL;
