-- linkwatch schema, version 1. Never edit a merged migration: add a new file.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE tenants (
    id                INTEGER PRIMARY KEY,
    tenant_id         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name              TEXT NOT NULL,
    monitor_client_id TEXT,
    monitor_secret    BLOB,             -- sealed by the vault
    from_config       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE apps (
    id              INTEGER PRIMARY KEY,
    tenant_ref      INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    client_id       TEXT NOT NULL COLLATE NOCASE,
    name            TEXT NOT NULL,
    secret          BLOB,               -- sealed by the vault
    secret_hint     TEXT,               -- first three characters, as Entra ID shows them
    secret_expires  TEXT,               -- RFC 3339, entered by hand
    required_scopes TEXT NOT NULL,      -- space separated
    consumer_kind   TEXT NOT NULL DEFAULT 'generic',
    consumer_name   TEXT,
    consumer_url    TEXT,
    from_config     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_ref, client_id)
);

CREATE TABLE mailboxes (
    id              INTEGER PRIMARY KEY,
    app_ref         INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    address         TEXT NOT NULL COLLATE NOCASE,
    object_id       TEXT NOT NULL,
    required_scopes TEXT,               -- space separated; NULL = the app's
    from_config     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (app_ref, address)
);

CREATE TABLE links (
    mailbox_ref    INTEGER PRIMARY KEY REFERENCES mailboxes(id) ON DELETE CASCADE,
    refresh_token  BLOB NOT NULL,       -- sealed by the vault
    linked_at      TEXT NOT NULL,
    linked_by      TEXT NOT NULL,
    account_id     TEXT,
    account_upn    TEXT,
    granted_scopes TEXT NOT NULL DEFAULT '',
    rotated_at     TEXT
);

CREATE TABLE target_state (
    target_key        TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    findings          TEXT NOT NULL,    -- JSON array of findings
    checked_at        TEXT NOT NULL,
    failures_in_row   INTEGER NOT NULL DEFAULT 0,
    last_known_status TEXT              -- last status that was not 'unknown'
);

CREATE TABLE status_history (
    id              INTEGER PRIMARY KEY,
    target_key      TEXT NOT NULL,
    status          TEXT NOT NULL,
    previous_status TEXT,
    findings        TEXT NOT NULL,
    changed_at      TEXT NOT NULL
);
CREATE INDEX status_history_by_target ON status_history (target_key, changed_at);
