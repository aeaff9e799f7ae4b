-- Re-link flows in progress: the OAuth state, bound to the dashboard session and the mailbox,
-- used once, valid for 10 minutes; the PKCE verifier is sealed by the vault.

CREATE TABLE relink_states (
    state        TEXT PRIMARY KEY,
    mailbox_ref  INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    session_hash TEXT NOT NULL,
    verifier     BLOB NOT NULL,
    started_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    used_at      TEXT
);
