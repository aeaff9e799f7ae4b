-- What discovery has seen per tenant, so a new mail app is noticed once. The first read of a
-- tenant is its baseline (nothing is new then).
CREATE TABLE discovered_apps (
    tenant_ref  INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL COLLATE NOCASE,
    name        TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    is_new      INTEGER NOT NULL DEFAULT 0,  -- appeared after the baseline, not yet dismissed
    PRIMARY KEY (tenant_ref, client_id)
);
ALTER TABLE tenants ADD COLUMN discovered_at TEXT;
