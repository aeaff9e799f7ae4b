//! What the directory showed at the last check, kept for the dashboard: an app's credentials
//! and configured permissions, a mailbox's granted scopes and account state.

use super::targets::parse_time;
use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// A secret or certificate as shown on the dashboard (never its value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialView {
    /// `secret` or `certificate`.
    pub kind: String,
    /// The credential id.
    pub key_id: String,
    /// Its name in the portal.
    pub name: Option<String>,
    /// First three characters (secrets).
    pub hint: Option<String>,
    /// Expiry.
    pub end: Option<DateTime<Utc>>,
    /// Whether it is the one linkwatch (and so the consumers) use.
    pub in_use: bool,
}

/// An app's directory snapshot.
#[derive(Debug, Clone, Default)]
pub struct AppSnapshot {
    /// The app's row id.
    pub app_id: i64,
    /// When observed.
    pub observed_at: DateTime<Utc>,
    /// Credentials, when the application could be read.
    pub credentials: Vec<CredentialView>,
    /// Configured delegated Graph scopes, when read.
    pub configured_scopes: Option<Vec<String>>,
    /// `read`, or why not (`denied: …`, `failed: …`, `not tried: …`).
    pub directory_status: String,
    /// The owners' mail addresses, when read.
    pub owners: Vec<String>,
}

/// A mailbox's directory snapshot.
#[derive(Debug, Clone, Default)]
pub struct MailboxSnapshot {
    /// The mailbox's row id.
    pub mailbox_id: i64,
    /// Scopes the directory's grants give this account, when read.
    pub granted_scopes: Option<Vec<String>>,
    /// `accountEnabled`, when read.
    pub account_enabled: Option<bool>,
}

/// Snapshots gathered during one cycle.
#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    /// Per app.
    pub apps: Vec<AppSnapshot>,
    /// Per mailbox.
    pub mailboxes: Vec<MailboxSnapshot>,
}

pub(super) fn save(
    tx: &Transaction<'_>,
    s: &Snapshots,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut app_stmt = tx.prepare_cached(
        "INSERT INTO app_snapshot (app_ref, observed_at, credentials, configured_scopes, directory_status, owners) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (app_ref) DO UPDATE SET observed_at = ?2, credentials = ?3, configured_scopes = ?4, directory_status = ?5, owners = ?6",
    )?;
    for a in &s.apps {
        let creds = serde_json::to_string(&a.credentials).unwrap_or_else(|_| "[]".into());
        let scopes = a
            .configured_scopes
            .as_ref()
            .and_then(|c| serde_json::to_string(c).ok());
        // A row whose app was removed meanwhile is skipped by the foreign key check below.
        if tx
            .prepare_cached("SELECT 1 FROM apps WHERE id = ?1")?
            .query_row([a.app_id], |_| Ok(()))
            .optional()?
            .is_some()
        {
            app_stmt.execute(params![
                a.app_id,
                now.to_rfc3339(),
                creds,
                scopes,
                a.directory_status,
                serde_json::to_string(&a.owners).unwrap_or_else(|_| "[]".into())
            ])?;
        }
    }
    let mut m_stmt = tx.prepare_cached(
        "INSERT INTO mailbox_snapshot (mailbox_ref, observed_at, granted_scopes, account_enabled)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM mailboxes WHERE id = ?1)
         ON CONFLICT (mailbox_ref) DO UPDATE SET observed_at = ?2, granted_scopes = ?3, account_enabled = ?4",
    )?;
    for m in &s.mailboxes {
        let scopes = m
            .granted_scopes
            .as_ref()
            .and_then(|c| serde_json::to_string(c).ok());
        m_stmt.execute(params![
            m.mailbox_id,
            now.to_rfc3339(),
            scopes,
            m.account_enabled
        ])?;
    }
    Ok(())
}

impl Store {
    /// The last directory snapshot of an app.
    pub fn app_snapshot(&self, app_id: i64) -> Result<Option<AppSnapshot>, StoreError> {
        Ok(self
            .read()?
            .query_row(
                "SELECT observed_at, credentials, configured_scopes, directory_status, owners FROM app_snapshot WHERE app_ref = ?1",
                [app_id],
                |r| {
                    Ok(AppSnapshot {
                        app_id,
                        observed_at: parse_time(&r.get::<_, String>(0)?),
                        credentials: serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default(),
                        configured_scopes: r.get::<_, Option<String>>(2)?.and_then(|s| serde_json::from_str(&s).ok()),
                        directory_status: r.get(3)?,
                        owners: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                    })
                },
            )
            .optional()?)
    }

    /// The last directory snapshot of a mailbox.
    pub fn mailbox_snapshot(&self, mailbox_id: i64) -> Result<Option<MailboxSnapshot>, StoreError> {
        Ok(self
            .read()?
            .query_row("SELECT granted_scopes, account_enabled FROM mailbox_snapshot WHERE mailbox_ref = ?1", [mailbox_id], |r| {
                Ok(MailboxSnapshot {
                    mailbox_id,
                    granted_scopes: r.get::<_, Option<String>>(0)?.and_then(|s| serde_json::from_str(&s).ok()),
                    account_enabled: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Credentials of every app that expire before `until`: (app id, app name, tenant, credential), soonest first.
    pub fn expiring_credentials(
        &self,
        until: DateTime<Utc>,
    ) -> Result<Vec<(i64, String, String, CredentialView)>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT a.id, a.name, t.tenant_id, s.credentials, a.secret_expires FROM apps a JOIN tenants t ON t.id = a.tenant_ref
             LEFT JOIN app_snapshot s ON s.app_ref = a.id",
        )?;
        let mut out = Vec::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (id, name, tenant, creds, manual) = row?;
            let creds: Vec<CredentialView> = creds
                .and_then(|c| serde_json::from_str(&c).ok())
                .unwrap_or_default();
            let has_in_use = creds.iter().any(|c| c.in_use && c.end.is_some());
            // Expired credentials that are not in use are left-overs, not news.
            let now = Utc::now();
            for c in creds {
                if c.end.is_some_and(|e| e <= until && (e > now || c.in_use)) {
                    out.push((id, name.clone(), tenant.clone(), c));
                }
            }
            if let (false, Some(m)) = (has_in_use, manual) {
                let end = parse_time(&m);
                if end <= until {
                    out.push((
                        id,
                        name.clone(),
                        tenant.clone(),
                        CredentialView {
                            kind: "secret".into(),
                            key_id: "manual".into(),
                            name: Some("entered by hand".into()),
                            hint: None,
                            end: Some(end),
                            in_use: true,
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|(_, _, _, c)| c.end);
        Ok(out)
    }
}
