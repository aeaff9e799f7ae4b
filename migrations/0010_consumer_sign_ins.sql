-- Signal 4: the consuming applications' own sign-ins, read from the tenant's sign-in log.

-- One row per tenant: how far the log has been read, and whether the signal is available.
CREATE TABLE consumer_reads (
    tenant_ref     INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    status         TEXT NOT NULL,          -- read | no_premium | denied | failed
    detail         TEXT,
    read_at        TEXT NOT NULL,          -- when the last read was tried
    read_through   TEXT,                   -- the newest time the log is read up to
    covered_since  TEXT                    -- the log is read without a gap from here to read_through
);

-- The application's last successful sign-in per account ('' for its app-only sign-ins).
CREATE TABLE consumer_state (
    tenant_ref     INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    app_id         TEXT NOT NULL COLLATE NOCASE,
    principal      TEXT NOT NULL COLLATE NOCASE,
    last_success_at TEXT NOT NULL,
    key_id         TEXT,
    PRIMARY KEY (tenant_ref, app_id, principal)
);

-- Its failed sign-ins (kept 30 days), once each however often the log lists them.
CREATE TABLE consumer_failures (
    id             TEXT PRIMARY KEY,
    tenant_ref     INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    app_id         TEXT NOT NULL COLLATE NOCASE,
    principal      TEXT NOT NULL COLLATE NOCASE,
    at             TEXT NOT NULL,
    error_code     INTEGER NOT NULL,
    key_id         TEXT
);
CREATE INDEX consumer_failures_by_principal ON consumer_failures (tenant_ref, app_id, principal, at);

-- The credential activity report: when anyone last signed in with each credential.
CREATE TABLE credential_uses (
    tenant_ref     INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    app_id         TEXT NOT NULL COLLATE NOCASE,
    key_id         TEXT NOT NULL COLLATE NOCASE,
    last_sign_in_at TEXT,
    PRIMARY KEY (tenant_ref, app_id, key_id)
);

-- A fix made in linkwatch (re-link, rotation) that the application itself still has to get:
-- open until its own sign-ins succeed after fixed_at, or an operator confirms it. `noted_at`:
-- when a check cycle reported how it closed (in the recovery alert).
CREATE TABLE pending_fixes (
    target         TEXT NOT NULL CHECK (target IN ('app', 'mailbox')),
    target_ref     INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('relink', 'rotate')),
    fixed_at       TEXT NOT NULL,
    fixed_by       TEXT NOT NULL,
    closed_at      TEXT,
    closed_by      TEXT,
    closed_how     TEXT CHECK (closed_how IN ('signins', 'confirmed')),
    old_key_id     TEXT,                   -- rotations: the credential the application used before
    noted_at       TEXT,
    PRIMARY KEY (target, target_ref)
);
