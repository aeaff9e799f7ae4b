-- The app registrations left out of every app registration's expiry at the last directory read,
-- with the pattern that left each out (lines "name<TAB>pattern"), so the tenant page can name them.
ALTER TABLE tenants ADD COLUMN left_out_apps TEXT;
