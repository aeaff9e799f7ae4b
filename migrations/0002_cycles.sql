-- Every check cycle, so the dashboard and /readyz can tell when the last one ran and how it went.

CREATE TABLE cycles (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT,
    targets     INTEGER NOT NULL DEFAULT 0,
    http_calls  INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
CREATE INDEX status_history_by_time ON status_history (changed_at);
