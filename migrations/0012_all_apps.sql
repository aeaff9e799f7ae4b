-- Every app registration's expiry, tenant-wide (optional per tenant): the tenant's flag and
-- its exclusions (name patterns, one per line; NULL: the defaults), and the app rows linkwatch
-- keeps in step with the tenant's directory for it.
ALTER TABLE tenants ADD COLUMN watch_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN exclude_apps TEXT;
ALTER TABLE apps ADD COLUMN expiry_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent_states ADD COLUMN watch_all INTEGER NOT NULL DEFAULT 0;
