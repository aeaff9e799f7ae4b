-- Alert channels managed on the dashboard. Their settings (SMTP password, webhook URL and
-- signing secret) are sealed by the vault as one JSON document.

CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    settings   BLOB NOT NULL,
    created_at TEXT NOT NULL
);
