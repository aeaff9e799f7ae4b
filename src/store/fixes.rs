//! Fixes made in linkwatch that the consuming application still has to get (DESIGN.md, the
//! incident paragraph): a re-link or a rotation opens one; the application's own successful
//! sign-ins after it, or an operator's confirmation (audited), close it; the next check cycle
//! notes how it closed, for the recovery alert.

use super::accounts::audit;
use super::{Store, StoreError};
pub use crate::activity::{Closed, Fix, FixKind};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Opens (or reopens) the fix of a target, in the caller's transaction.
pub(super) fn open_fix(
    tx: &Transaction<'_>,
    target: &'static str,
    target_ref: i64,
    kind: FixKind,
    old_key: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO pending_fixes (target, target_ref, kind, fixed_at, fixed_by, old_key_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (target, target_ref) DO UPDATE SET kind = ?3, fixed_at = ?4, fixed_by = ?5, old_key_id = ?6,
            closed_at = NULL, closed_by = NULL, closed_how = NULL, noted_at = NULL",
        params![target, target_ref, kind.as_str(), now.to_rfc3339(), by, old_key],
    )?;
    Ok(())
}

fn read_fix(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Fix>> {
    let target: String = r.get(0)?;
    let kind: String = r.get(2)?;
    let fixed_at: String = r.get(3)?;
    let closed_at: Option<String> = r.get(5)?;
    let closed_by: Option<String> = r.get(6)?;
    let how: Option<String> = r.get(7)?;
    let old_key: Option<String> = r.get(8)?;
    let closed = match (how.as_deref(), closed_at.as_deref().and_then(time)) {
        (Some("signins"), Some(at)) => Some(Closed::BySignIns(at)),
        (Some("confirmed"), Some(at)) => Some(Closed::Confirmed {
            by: closed_by.unwrap_or_default(),
            at,
        }),
        _ => None,
    };
    Ok(Some(Fix {
        target: if target == "app" { "app" } else { "mailbox" },
        target_ref: r.get(1)?,
        kind: if kind == "rotate" {
            FixKind::Rotate
        } else {
            FixKind::Relink
        },
        fixed_at: match time(&fixed_at) {
            Some(t) => t,
            None => return Ok(None),
        },
        fixed_by: r.get(4)?,
        old_key,
        closed,
    }))
}

const COLUMNS: &str =
    "target, target_ref, kind, fixed_at, fixed_by, closed_at, closed_by, closed_how, old_key_id";

impl Store {
    /// Records a rotation made in linkwatch: the audit entry and the fix that stays open
    /// until the application signs in with another credential than `old_key` (the one it
    /// used before, when known), in one transaction.
    /// Records a secret rotation in one transaction: the new secret (sealed) and its expiry
    /// when the app is managed in the dashboard (`new`), the audit entry, and the fix that stays
    /// open until the application signs in with another secret than `old_key`.
    #[allow(clippy::too_many_arguments)]
    pub fn rotate_secret(
        &self,
        app_id: i64,
        client_id: &str,
        new: Option<(&crate::targets::Secret, Option<DateTime<Utc>>)>,
        old_key: Option<&str>,
        detail: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sealed = new.map(|(s, expires)| {
            (
                self.vault.seal("client_secret", s.expose().as_bytes()),
                s.hint(),
                expires.map(|d| d.to_rfc3339()),
            )
        });
        self.write(|tx| {
            if let Some((secret, hint, expires)) = &sealed {
                let changed = tx.execute(
                    "UPDATE apps SET secret = ?2, secret_hint = ?3, secret_expires = ?4 WHERE id = ?1 AND from_config = 0",
                    params![app_id, secret, hint, expires],
                )?;
                if changed == 0 {
                    return Err(StoreError::Invalid(
                        "it is declared in the config file: change it there".into(),
                    ));
                }
            }
            audit(tx, now, by, "secret.rotate", Some(client_id), Some(detail))?;
            open_fix(tx, "app", app_id, FixKind::Rotate, old_key, by, now)
        })
    }

    /// Records a rotation validated but kept elsewhere (the config file).
    pub fn record_rotation(
        &self,
        app_id: i64,
        client_id: &str,
        old_key: Option<&str>,
        detail: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            audit(tx, now, by, "secret.rotate", Some(client_id), Some(detail))?;
            open_fix(tx, "app", app_id, FixKind::Rotate, old_key, by, now)
        })
    }

    /// Fixes the next cycle must look at: the open ones, and the closed ones whose closing
    /// no cycle has noted yet.
    pub fn fixes_for_cycle(&self) -> Result<Vec<Fix>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM pending_fixes WHERE closed_at IS NULL OR noted_at IS NULL"
        ))?;
        let rows = stmt.query_map([], read_fix)?;
        Ok(rows.filter_map(|r| r.ok().flatten()).collect())
    }

    /// The latest fix of a target, open or closed.
    pub fn fix_of(&self, target: &str, target_ref: i64) -> Result<Option<Fix>, StoreError> {
        Ok(self
            .read()?
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM pending_fixes WHERE target = ?1 AND target_ref = ?2"
                ),
                params![target, target_ref],
                read_fix,
            )
            .optional()?
            .flatten())
    }

    /// An operator confirms the application has the fix: closed, audited in the same
    /// transaction. `false` when there was no open fix.
    pub fn confirm_fix(
        &self,
        target: &str,
        target_ref: i64,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE pending_fixes SET closed_at = ?3, closed_by = ?4, closed_how = 'confirmed'
                 WHERE target = ?1 AND target_ref = ?2 AND closed_at IS NULL",
                params![target, target_ref, now.to_rfc3339(), by],
            )?;
            if n > 0 {
                audit(
                    tx,
                    now,
                    by,
                    "fix.confirmed",
                    Some(&format!("{target}:{target_ref}")),
                    Some("the application has the fix (confirmed by hand)"),
                )?;
            }
            Ok(n > 0)
        })
    }

    /// The cycle's outcome for fixes: those closed by the application's sign-ins (with the
    /// time of the first success after the fix), and those whose closing it noted.
    pub fn settle_fixes(
        &self,
        closed_by_sign_ins: &[(&'static str, i64, DateTime<Utc>)],
        noted: &[(&'static str, i64)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if closed_by_sign_ins.is_empty() && noted.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for (target, id, at) in closed_by_sign_ins {
                tx.execute(
                    "UPDATE pending_fixes SET closed_at = ?3, closed_by = 'sign-ins', closed_how = 'signins', noted_at = ?4
                     WHERE target = ?1 AND target_ref = ?2 AND closed_at IS NULL",
                    params![target, id, at.to_rfc3339(), now.to_rfc3339()],
                )?;
            }
            for (target, id) in noted {
                tx.execute(
                    "UPDATE pending_fixes SET noted_at = ?3 WHERE target = ?1 AND target_ref = ?2 AND closed_at IS NOT NULL",
                    params![target, id, now.to_rfc3339()],
                )?;
            }
            Ok(())
        })
    }
}
