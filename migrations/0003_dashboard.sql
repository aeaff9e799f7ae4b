-- Dashboard: accounts, sessions, the audit log, and what the directory showed at the last check
-- (credentials, permissions, grants) so pages can show it without calling Microsoft.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash TEXT NOT NULL,        -- argon2id PHC string
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,        -- SHA-256 of the cookie value
    user_ref   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,               -- a user name, or 'config', 'scheduler', 'cli'
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TABLE app_snapshot (
    app_ref           INTEGER PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,
    observed_at       TEXT NOT NULL,
    credentials       TEXT NOT NULL,    -- JSON: [{kind, key_id, name, hint, end, in_use}]
    configured_scopes TEXT,             -- JSON array, NULL when not read
    directory_status  TEXT NOT NULL     -- read | denied | failed | not_tried, with detail
);

CREATE TABLE mailbox_snapshot (
    mailbox_ref     INTEGER PRIMARY KEY REFERENCES mailboxes(id) ON DELETE CASCADE,
    observed_at     TEXT NOT NULL,
    granted_scopes  TEXT,               -- JSON array from the directory's grants, NULL when not read
    account_enabled INTEGER             -- NULL when not read
);

CREATE INDEX target_state_by_status ON target_state (status);

-- 'all' for scheduled and command-line cycles; 'app:ID' or 'mailbox:ID' for "check now".
ALTER TABLE cycles ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';
