-- Tenants connected with one admin consent to linkwatch's own monitor app ([monitor]): their
-- monitor credential is that app's, kept current from the configuration at every start.
ALTER TABLE tenants ADD COLUMN monitor_shared INTEGER NOT NULL DEFAULT 0;

-- An admin-consent round trip: bound to the dashboard session that started it, its callback
-- used once, then polled until the consent reached Microsoft's token service.
CREATE TABLE consent_states (
    state           TEXT PRIMARY KEY,
    session_hash    TEXT NOT NULL,
    tenant          TEXT NOT NULL,          -- as entered: domain or GUID
    name            TEXT,
    started_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    consented_at    TEXT,                   -- the callback came back with admin_consent=True
    returned_tenant TEXT,                   -- the callback's `tenant` (never trusted alone)
    finished_at     TEXT,
    tenant_ref      INTEGER REFERENCES tenants(id) ON DELETE SET NULL
);
