//! Tenants, app registrations and mailboxes managed in the dashboard: create, update, delete,
//! each in one transaction with its audit entry. Rows declared in the config file are refused.

use super::accounts::audit;
use super::{Store, StoreError};
use crate::vault::Vault;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

/// A tenant as entered in the form.
#[derive(Debug, Clone, Default)]
pub struct TenantInput {
    /// GUID or domain.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Monitor credential's client id.
    pub monitor_client_id: Option<String>,
    /// A new monitor secret; `None` keeps the stored one.
    pub monitor_secret: Option<String>,
}

/// An app registration as entered in the form.
#[derive(Debug, Clone, Default)]
pub struct AppInput {
    /// Tenant row id.
    pub tenant_ref: i64,
    /// Client id.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// A new client secret; `None` keeps the stored one.
    pub client_secret: Option<String>,
    /// Expiry entered by hand.
    pub secret_expires: Option<DateTime<Utc>>,
    /// Required scopes.
    pub required_scopes: Vec<String>,
    /// econobis | imagecapture | generic.
    pub consumer_kind: String,
    /// Consumer URL.
    pub consumer_url: Option<String>,
}

/// A mailbox as entered in the form.
#[derive(Debug, Clone, Default)]
pub struct MailboxInput {
    /// App row id.
    pub app_ref: i64,
    /// Address.
    pub address: String,
    /// Object id.
    pub object_id: String,
    /// Own scopes.
    pub required_scopes: Option<Vec<String>>,
}

/// Which kind of row.
#[derive(Debug, Clone, Copy)]
pub enum Managed {
    /// `tenants`.
    Tenant,
    /// `apps`.
    App,
    /// `mailboxes`.
    Mailbox,
}

impl Managed {
    fn noun(self) -> &'static str {
        match self {
            Managed::Tenant => "tenant",
            Managed::App => "app",
            Managed::Mailbox => "mailbox",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Managed::Tenant => "tenants",
            Managed::App => "apps",
            Managed::Mailbox => "mailboxes",
        }
    }
}

fn refuse_declared(tx: &Transaction<'_>, kind: Managed, id: i64) -> Result<(), StoreError> {
    let sql = format!("SELECT from_config FROM {} WHERE id = ?1", kind.table());
    match tx
        .query_row(&sql, [id], |r| r.get::<_, bool>(0))
        .optional()?
    {
        None => Err(StoreError::NotFound("it no longer exists".into())),
        Some(true) => Err(StoreError::Invalid(
            "it is declared in the config file: change it there".into(),
        )),
        Some(false) => Ok(()),
    }
}

/// Maps a UNIQUE violation to a message about the field.
fn unique(e: rusqlite::Error, what: &str) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Invalid(format!("{what} already exists"))
        }
        _ => StoreError::Sql(e),
    }
}

fn seal(vault: &Vault, purpose: &str, v: &Option<String>) -> Option<Vec<u8>> {
    v.as_ref().map(|s| vault.seal(purpose, s.as_bytes()))
}

/// A mailbox picked from discovery: its address and account.
pub type PickedMailbox = (String, String);

impl Store {
    /// Watches an app registration picked from discovery, with the mailboxes chosen, in one
    /// transaction with its audit entry; returns the app's row id.
    pub fn watch_app(
        &self,
        app: &AppInput,
        mailboxes: &[PickedMailbox],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let secret = seal(&self.vault, "client_secret", &app.client_secret);
        let hint = app
            .client_secret
            .as_ref()
            .map(|s| s.chars().take(3).collect::<String>());
        self.write(|tx| {
            // Watched for expiry only until now: it becomes a mail app with its mailboxes.
            tx.execute(
                "DELETE FROM apps WHERE tenant_ref = ?1 AND client_id = ?2 AND expiry_only = 1",
                params![app.tenant_ref, app.client_id],
            )?;
            let id: i64 = tx
                .query_row(
                    "INSERT INTO apps (tenant_ref, client_id, name, secret, secret_hint, secret_expires, required_scopes, consumer_kind, consumer_url, from_config)
                     VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, 0) RETURNING id",
                    params![app.tenant_ref, app.client_id, app.name, secret, hint, app.required_scopes.join(" "), app.consumer_kind, app.consumer_url],
                    |r| r.get(0),
                )
                .map_err(|e| unique(e, "this app registration is watched already; it"))?;
            for (address, object_id) in mailboxes {
                tx.execute(
                    "INSERT INTO mailboxes (app_ref, address, object_id, required_scopes, from_config) VALUES (?1, ?2, ?3, NULL, 0)",
                    params![id, address, object_id],
                )
                .map_err(|e| unique(e, &format!("{address} twice; it")))?;
            }
            let detail = format!(
                "from discovery, {} mailbox(es){}",
                mailboxes.len(),
                if app.client_secret.is_some() { ", with its secret" } else { ", without a secret" }
            );
            audit(tx, now, actor, "app.watch", Some(&app.client_id), Some(&detail))?;
            Ok(id)
        })
    }

    /// Creates or updates (`id`) a tenant managed in the dashboard.
    pub fn save_tenant(
        &self,
        id: Option<i64>,
        t: &TenantInput,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let secret = seal(&self.vault, "monitor_secret", &t.monitor_secret);
            let id = match id {
                None => tx
                    .query_row(
                        "INSERT INTO tenants (tenant_id, name, monitor_client_id, monitor_secret, from_config) VALUES (?1, ?2, ?3, ?4, 0) RETURNING id",
                        params![t.tenant_id, t.name, t.monitor_client_id, secret],
                        |r| r.get(0),
                    )
                    .map_err(|e| unique(e, "a tenant with this ID"))?,
                Some(id) => {
                    refuse_declared(tx, Managed::Tenant, id)?;
                    tx.execute(
                        "UPDATE tenants SET tenant_id = ?2, name = ?3, monitor_client_id = ?4,
                            monitor_secret = CASE WHEN ?4 IS NULL THEN NULL ELSE coalesce(?5, monitor_secret) END WHERE id = ?1",
                        params![id, t.tenant_id, t.name, t.monitor_client_id, secret],
                    )
                    .map_err(|e| unique(e, "a tenant with this ID"))?;
                    id
                }
            };
            audit(tx, now, actor, "tenant.save", Some(&t.tenant_id), None)?;
            Ok(id)
        })
    }

    /// Creates or updates (`id`) an app registration managed in the dashboard.
    pub fn save_app(
        &self,
        id: Option<i64>,
        a: &AppInput,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let secret = seal(&self.vault, "client_secret", &a.client_secret);
            let hint = a.client_secret.as_ref().map(|s| s.chars().take(3).collect::<String>());
            let expires = a.secret_expires.map(|d| d.to_rfc3339());
            let id = match id {
                None => tx
                    .query_row(
                        "INSERT INTO apps (tenant_ref, client_id, name, secret, secret_hint, secret_expires, required_scopes, consumer_kind, consumer_url, from_config)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0) RETURNING id",
                        params![a.tenant_ref, a.client_id, a.name, secret, hint, expires, a.required_scopes.join(" "), a.consumer_kind, a.consumer_url],
                        |r| r.get(0),
                    )
                    .map_err(|e| unique(e, "this app registration in this tenant"))?,
                Some(id) => {
                    refuse_declared(tx, Managed::App, id)?;
                    tx.execute(
                        "UPDATE apps SET tenant_ref = ?2, client_id = ?3, name = ?4, secret = coalesce(?5, secret), secret_hint = coalesce(?6, secret_hint),
                            secret_expires = ?7, required_scopes = ?8, consumer_kind = ?9, consumer_url = ?10 WHERE id = ?1",
                        params![id, a.tenant_ref, a.client_id, a.name, secret, hint, expires, a.required_scopes.join(" "), a.consumer_kind, a.consumer_url],
                    )
                    .map_err(|e| unique(e, "this app registration in this tenant"))?;
                    id
                }
            };
            audit(tx, now, actor, "app.save", Some(&a.client_id), if a.client_secret.is_some() { Some("secret replaced") } else { None })?;
            Ok(id)
        })
    }

    /// Creates or updates (`id`) a mailbox managed in the dashboard.
    pub fn save_mailbox(
        &self,
        id: Option<i64>,
        m: &MailboxInput,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let scopes = m.required_scopes.as_ref().map(|s| s.join(" "));
            let id = match id {
                None => tx
                    .query_row(
                        "INSERT INTO mailboxes (app_ref, address, object_id, required_scopes, from_config) VALUES (?1, ?2, ?3, ?4, 0) RETURNING id",
                        params![m.app_ref, m.address, m.object_id, scopes],
                        |r| r.get(0),
                    )
                    .map_err(|e| unique(e, "this mailbox for this app registration"))?,
                Some(id) => {
                    refuse_declared(tx, Managed::Mailbox, id)?;
                    tx.execute(
                        "UPDATE mailboxes SET app_ref = ?2, address = ?3, object_id = ?4, required_scopes = ?5 WHERE id = ?1",
                        params![id, m.app_ref, m.address, m.object_id, scopes],
                    )
                    .map_err(|e| unique(e, "this mailbox for this app registration"))?;
                    id
                }
            };
            audit(tx, now, actor, "mailbox.save", Some(&m.address), None)?;
            Ok(id)
        })
    }

    /// Deletes a row managed in the dashboard (and what hangs off it).
    pub fn delete_managed(
        &self,
        kind: Managed,
        id: i64,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            refuse_declared(tx, kind, id)?;
            // Declared children would be deleted with a managed parent: refuse that too.
            let declared_children: i64 = match kind {
                Managed::Tenant => tx.query_row(
                    "SELECT count(*) FROM apps WHERE tenant_ref = ?1 AND from_config = 1",
                    [id],
                    |r| r.get(0),
                )?,
                Managed::App => tx.query_row(
                    "SELECT count(*) FROM mailboxes WHERE app_ref = ?1 AND from_config = 1",
                    [id],
                    |r| r.get(0),
                )?,
                Managed::Mailbox => 0,
            };
            if declared_children > 0 {
                return Err(StoreError::Invalid(
                    "it holds targets declared in the config file".into(),
                ));
            }
            tx.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [id])?;
            audit(
                tx,
                now,
                actor,
                &format!("{}.delete", kind.noun()),
                Some(&id.to_string()),
                None,
            )?;
            Ok(())
        })
    }
}

impl Store {
    /// Makes every declared target editable in the dashboard (the demo has no config file to
    /// edit, so its targets are managed in the dashboard like any added there).
    pub fn release_declared(&self) -> Result<(), StoreError> {
        self.write(|tx| {
            for table in ["tenants", "apps", "mailboxes"] {
                tx.execute(&format!("UPDATE {table} SET from_config = 0"), [])?;
            }
            Ok(())
        })
    }
}
