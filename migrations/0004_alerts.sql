-- Alerts: the durable outbox of messages still to be sent, written in the same transaction as
-- the status change that causes them, and per-target alert state (reminders, thresholds,
-- acknowledgements, silences).

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,   -- idempotency key, the same on every attempt ("msg_…")
    channel         TEXT NOT NULL,
    alert           TEXT NOT NULL,          -- JSON of the alert; rendered per channel when sent
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE alert_state (
    target_key      TEXT PRIMARY KEY,
    last_alert_at   TEXT,
    last_threshold  INTEGER,                -- the last expiry threshold (days) alerted
    acked_at        TEXT,
    acked_by        TEXT,
    silenced_until  TEXT,
    silence_reason  TEXT
);
