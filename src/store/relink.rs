//! Re-link flows: the OAuth state of each (bound to the session and the mailbox, used once,
//! 10 minutes), and storing the new link with who made it.

use super::accounts::audit;
use super::targets::parse_time;
use super::{Store, StoreError};
use crate::targets::Secret;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};

const PURPOSE: &str = "pkce_verifier";

/// mailbox, session hash, sealed verifier, created at, used at.
type StateRow = (i64, String, Vec<u8>, String, Option<String>);
const TOKEN: &str = "refresh_token";

/// Why a callback's state is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelinkRefused {
    /// Never issued (or the mailbox was deleted).
    Unknown,
    /// Already used once.
    Replayed,
    /// Older than 10 minutes.
    Expired,
    /// Issued to another dashboard session.
    OtherSession,
}

impl Store {
    /// Records a new flow's state with its PKCE verifier.
    pub fn start_relink(
        &self,
        state: &str,
        mailbox_id: i64,
        session_hash: &str,
        verifier: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM relink_states WHERE created_at < ?1", [(now - Duration::days(1)).to_rfc3339()])?;
            tx.execute(
                "INSERT INTO relink_states (state, mailbox_ref, session_hash, verifier, started_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![state, mailbox_id, session_hash, self.vault.seal(PURPOSE, verifier.as_bytes()), by, now.to_rfc3339()],
            )?;
            audit(tx, now, by, "relink.start", Some(&crate::key::RowRef::Mailbox(mailbox_id).to_string()), None)
        })
    }

    /// Takes a flow's state once: the mailbox and the PKCE verifier, or why not (a refusal is
    /// audited under `by` in the same transaction).
    pub fn take_relink(
        &self,
        state: &str,
        session_hash: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(i64, Secret), RelinkRefused>, StoreError> {
        self.write(|tx| {
            let taken = Self::take_in(tx, state, session_hash, now)?;
            if let Err(why) = &taken {
                audit(
                    tx,
                    now,
                    by,
                    "relink.refused",
                    None,
                    Some(&format!("{why:?}")),
                )?;
            }
            Ok(taken)
        })
        .and_then(|taken| match taken {
            Ok((mailbox, sealed)) => Ok(Ok((
                mailbox,
                Secret::new(self.vault.open_string(PURPOSE, &sealed)?),
            ))),
            Err(why) => Ok(Err(why)),
        })
    }

    fn take_in(
        tx: &rusqlite::Transaction<'_>,
        state: &str,
        session_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(i64, Vec<u8>), RelinkRefused>, StoreError> {
        {
            let row: Option<StateRow> = tx
                .query_row("SELECT mailbox_ref, session_hash, verifier, created_at, used_at FROM relink_states WHERE state = ?1", [state], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .optional()?;
            let Some((mailbox, session, sealed, created, used)) = row else {
                return Ok(Err(RelinkRefused::Unknown));
            };
            if used.is_some() {
                return Ok(Err(RelinkRefused::Replayed));
            }
            if session != session_hash {
                return Ok(Err(RelinkRefused::OtherSession));
            }
            // Used now, whatever follows: a state never works twice.
            tx.execute(
                "UPDATE relink_states SET used_at = ?2 WHERE state = ?1",
                params![state, now.to_rfc3339()],
            )?;
            if now - parse_time(&created) > Duration::minutes(10) {
                return Ok(Err(RelinkRefused::Expired));
            }
            Ok(Ok((mailbox, sealed)))
        }
    }

    /// Stores a new link made by `by` for the verified account, replacing any old one.
    #[allow(clippy::too_many_arguments)]
    pub fn store_link(
        &self,
        mailbox_id: i64,
        refresh_token: &Secret,
        by: &str,
        account_id: &str,
        account_upn: Option<&str>,
        scopes: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let relink: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM links WHERE mailbox_ref = ?1)",
                [mailbox_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO links (mailbox_ref, refresh_token, linked_at, linked_by, account_id, account_upn, granted_scopes, rotated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?3)
                 ON CONFLICT (mailbox_ref) DO UPDATE SET refresh_token = ?2, linked_at = ?3, linked_by = ?4, account_id = ?5, account_upn = ?6,
                    granted_scopes = ?7, rotated_at = ?3",
                params![mailbox_id, self.vault.seal(TOKEN, refresh_token.expose().as_bytes()), now.to_rfc3339(), by, account_id, account_upn, scopes.join(" ")],
            )?;
            audit(tx, now, by, "relink.done", Some(&crate::key::RowRef::Mailbox(mailbox_id).to_string()), account_upn)?;
            // A re-link (not a first link): the application has its own link to the mailbox,
            // so the incident stays open until its own sign-ins work again (or someone
            // confirms it).
            if relink {
                super::fixes::open_fix(tx, "mailbox", mailbox_id, super::fixes::FixKind::Relink, None, by, now)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    #[test]
    fn a_state_works_once_for_its_session_within_ten_minutes() {
        let store = Store::open_in_memory(Vault::from_key(&[4; 32])).unwrap();
        let cfg = crate::config::Config::from_toml("[[tenants]]\nid = \"t.example.org\"\n[[tenants.apps]]\nclient_id = \"a0000000-0000-4000-8000-000000000001\"\nclient_secret = \"x-secret\"\n[[tenants.apps.mailboxes]]\naddress = \"a@t.example.org\"\nobject_id = \"11111111-0000-4000-8000-000000000001\"\n", "t", &[]).unwrap();
        store
            .sync_declared(&cfg.validate(&|_| None).unwrap())
            .unwrap();
        let m = store.load_tenants().unwrap()[0].apps[0].mailboxes[0].id;
        let now = Utc::now();
        store
            .start_relink("s1", m, "session-a", "the-verifier", "anna", now)
            .unwrap();
        assert_eq!(
            store
                .take_relink("s1", "session-b", "oscar", now)
                .unwrap()
                .unwrap_err(),
            RelinkRefused::OtherSession
        );
        let (id, verifier) = store
            .take_relink("s1", "session-a", "oscar", now)
            .unwrap()
            .unwrap();
        assert_eq!((id, verifier.expose()), (m, "the-verifier"));
        assert_eq!(
            store
                .take_relink("s1", "session-a", "oscar", now)
                .unwrap()
                .unwrap_err(),
            RelinkRefused::Replayed
        );
        store
            .start_relink(
                "s2",
                m,
                "session-a",
                "v2",
                "anna",
                now - Duration::minutes(11),
            )
            .unwrap();
        assert_eq!(
            store
                .take_relink("s2", "session-a", "oscar", now)
                .unwrap()
                .unwrap_err(),
            RelinkRefused::Expired
        );
        assert_eq!(
            store
                .take_relink("s2", "session-a", "oscar", now)
                .unwrap()
                .unwrap_err(),
            RelinkRefused::Replayed,
            "an expired state is spent too"
        );
        assert_eq!(
            store
                .take_relink("nope", "session-a", "oscar", now)
                .unwrap()
                .unwrap_err(),
            RelinkRefused::Unknown
        );
    }
}
