-- Accounts, sessions' revocation counter, activation links and failed logins.
CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,          -- stored trimmed and lower-cased
    display_name    TEXT    NOT NULL,
    password_hash   TEXT,                             -- NULL until the account is activated
    role            TEXT    NOT NULL CHECK (role IN ('applicant', 'juror', 'organiser')),
    is_active       BIGINT  NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    session_version BIGINT  NOT NULL DEFAULT 1,       -- bumped to end every session
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    last_login_at   BIGINT
);

CREATE TABLE account_tokens (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,              -- SHA-256 of the secret, hex
    purpose     TEXT    NOT NULL CHECK (purpose IN ('activation', 'reset')),
    created_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

CREATE TABLE login_failures (
    id           BIGSERIAL PRIMARY KEY,
    email        TEXT    NOT NULL,
    attempted_at BIGINT  NOT NULL
);
CREATE INDEX login_failures_email_time ON login_failures (email, attempted_at);
