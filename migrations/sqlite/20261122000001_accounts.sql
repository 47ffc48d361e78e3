-- Accounts, sessions' revocation counter, activation links and failed logins.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT    NOT NULL UNIQUE,          -- stored trimmed and lower-cased
    display_name    TEXT    NOT NULL,
    password_hash   TEXT,                             -- NULL until the account is activated
    role            TEXT    NOT NULL CHECK (role IN ('applicant', 'juror', 'organiser')),
    is_active       INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    session_version INTEGER NOT NULL DEFAULT 1,       -- bumped to end every session
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_login_at   INTEGER
);

CREATE TABLE account_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,              -- SHA-256 of the secret, hex
    purpose     TEXT    NOT NULL CHECK (purpose IN ('activation', 'reset')),
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

CREATE TABLE login_failures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    email        TEXT    NOT NULL,
    attempted_at INTEGER NOT NULL
);
CREATE INDEX login_failures_email_time ON login_failures (email, attempted_at);
