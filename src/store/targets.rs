//! Tenants, app registrations, mailboxes and links: syncing the declared ones from the config
//! file, loading them for a check cycle, and storing refresh tokens.

use super::{Store, StoreError};
use crate::targets::{AppSpec, Consumer, ConsumerKind, Link, MailboxSpec, Secret, TenantSpec};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

const SECRET: &str = "client_secret";
const MONITOR_SECRET: &str = "monitor_secret";
const REFRESH_TOKEN: &str = "refresh_token";

/// What a config sync changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    /// Rows inserted or updated.
    pub upserted: usize,
    /// Declared rows removed because they left the file.
    pub removed: usize,
}

const UPSERT_TENANT: &str = "INSERT INTO tenants (tenant_id, name, monitor_client_id, monitor_secret, from_config)
     VALUES (?1, ?2, ?3, ?4, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET name = ?2, monitor_client_id = ?3, monitor_secret = ?4, from_config = 1
     RETURNING id";
const UPSERT_APP: &str = "INSERT INTO apps (tenant_ref, client_id, name, secret, secret_hint, secret_expires, required_scopes,
                       consumer_kind, consumer_name, consumer_url, from_config)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)
     ON CONFLICT (tenant_ref, client_id) DO UPDATE SET name = ?3, secret = ?4, secret_hint = ?5, secret_expires = ?6,
        required_scopes = ?7, consumer_kind = ?8, consumer_name = ?9, consumer_url = ?10, from_config = 1
     RETURNING id";
const UPSERT_MAILBOX: &str = "INSERT INTO mailboxes (app_ref, address, object_id, required_scopes, from_config)
     VALUES (?1, ?2, ?3, ?4, 1)
     ON CONFLICT (app_ref, address) DO UPDATE SET object_id = ?3, required_scopes = ?4, from_config = 1
     RETURNING id";

impl Store {
    /// The client secret of one app registration (only that one is decrypted).
    pub fn app_secret(&self, app_id: i64) -> Result<Option<Secret>, StoreError> {
        let sealed: Option<Option<Vec<u8>>> = self
            .read()?
            .query_row("SELECT secret FROM apps WHERE id = ?1", [app_id], |r| {
                r.get(0)
            })
            .optional()?;
        sealed
            .flatten()
            .map(|s| self.vault.open_string(SECRET, &s).map(Secret::new))
            .transpose()
            .map_err(Into::into)
    }
}

impl Store {
    /// Makes the declared targets match `tenants` in one transaction: adds, updates, and removes
    /// declared rows that left the file. Rows managed in the dashboard are left alone.
    pub fn sync_declared(&self, tenants: &[TenantSpec]) -> Result<SyncSummary, StoreError> {
        self.write(|tx| {
            let mut summary = SyncSummary::default();
            let (mut keep_t, mut keep_a, mut keep_m) = (Vec::new(), Vec::new(), Vec::new());
            for t in tenants {
                let monitor_secret = t
                    .monitor
                    .as_ref()
                    .map(|(_, s)| self.vault.seal(MONITOR_SECRET, s.expose().as_bytes()));
                let tid: i64 = tx.query_row(
                    UPSERT_TENANT,
                    params![
                        t.tenant_id,
                        t.name,
                        t.monitor.as_ref().map(|(id, _)| id),
                        monitor_secret
                    ],
                    |r| r.get(0),
                )?;
                keep_t.push(tid);
                summary.upserted += 1;
                for a in &t.apps {
                    let aid = upsert_app(tx, &self.vault, tid, a)?;
                    keep_a.push(aid);
                    summary.upserted += 1;
                    for m in &a.mailboxes {
                        let scopes = m.required_scopes.as_ref().map(|s| s.join(" "));
                        let mid: i64 = tx.query_row(
                            UPSERT_MAILBOX,
                            params![aid, m.address, m.object_id, scopes],
                            |r| r.get(0),
                        )?;
                        keep_m.push(mid);
                        summary.upserted += 1;
                    }
                }
            }
            summary.removed += remove_declared_except(tx, "mailboxes", &keep_m)?;
            summary.removed += remove_declared_except(tx, "apps", &keep_a)?;
            summary.removed += remove_declared_except(tx, "tenants", &keep_t)?;
            Ok(summary)
        })
    }

    /// Every tenant with its apps, mailboxes and links, secrets decrypted, for a check cycle.
    pub fn load_tenants(&self) -> Result<Vec<TenantSpec>, StoreError> {
        self.load_tenants_where(None)
    }

    /// One tenant as [`Store::load_tenants`] gives it (only its secrets are decrypted).
    pub fn load_tenant(&self, id: i64) -> Result<Option<TenantSpec>, StoreError> {
        Ok(self.load_tenants_where(Some(id))?.pop())
    }

    fn load_tenants_where(&self, only: Option<i64>) -> Result<Vec<TenantSpec>, StoreError> {
        let conn = self.read()?;
        let mut tenants: Vec<TenantSpec> = conn
            .prepare("SELECT id, tenant_id, name, monitor_client_id, monitor_secret, from_config FROM tenants WHERE ?1 IS NULL OR id = ?1 ORDER BY name, id")?
            .query_map([only], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<Vec<u8>>>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?
            .map(|row| {
                let (id, tenant_id, name, monitor_id, monitor_secret, from_config) = row?;
                let monitor = match (monitor_id, monitor_secret) {
                    (Some(id), Some(sealed)) => Some((id, Secret::new(self.vault.open_string(MONITOR_SECRET, &sealed)?))),
                    _ => None,
                };
                Ok(TenantSpec { id, from_config, tenant_id, name, monitor, apps: Vec::new() })
            })
            .collect::<Result<_, StoreError>>()?;
        let mut app_stmt = conn.prepare(
            "SELECT id, client_id, name, secret, secret_expires, required_scopes, consumer_kind, consumer_name, consumer_url, from_config, expiry_only
             FROM apps WHERE tenant_ref = ?1 ORDER BY name, id",
        )?;
        let mut mbx_stmt = conn.prepare(
            "SELECT m.id, m.address, m.object_id, m.required_scopes, m.from_config,
                    l.refresh_token, l.linked_at, l.linked_by, l.account_id, l.account_upn, l.granted_scopes
             FROM mailboxes m LEFT JOIN links l ON l.mailbox_ref = m.id WHERE m.app_ref = ?1 ORDER BY m.address",
        )?;
        for t in &mut tenants {
            let rows: Vec<_> = app_stmt
                .query_map([t.id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<Vec<u8>>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        (r.get::<_, bool>(9)?, r.get::<_, bool>(10)?),
                    ))
                })?
                .collect::<Result<_, _>>()?;
            for (
                id,
                client_id,
                name,
                secret,
                expires,
                scopes,
                kind,
                cname,
                curl,
                (from_config, expiry_only),
            ) in rows
            {
                let client_secret = secret
                    .map(|s| self.vault.open_string(SECRET, &s).map(Secret::new))
                    .transpose()?;
                let mailboxes = mbx_stmt
                    .query_map([id], |r| {
                        let link = match r.get::<_, Option<Vec<u8>>>(5)? {
                            None => None,
                            Some(sealed) => Some((
                                sealed,
                                r.get::<_, String>(6)?,
                                r.get::<_, String>(7)?,
                                r.get::<_, Option<String>>(8)?,
                                r.get::<_, Option<String>>(9)?,
                                r.get::<_, String>(10)?,
                            )),
                        };
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, bool>(4)?,
                            link,
                        ))
                    })?
                    .map(|row| {
                        let (id, address, object_id, scopes, from_config, link) = row?;
                        let link = link
                            .map(|(sealed, at, by, account_id, account_upn, granted)| -> Result<Link, StoreError> {
                                Ok(Link {
                                    refresh_token: Secret::new(self.vault.open_string(REFRESH_TOKEN, &sealed)?),
                                    linked_at: parse_time(&at),
                                    linked_by: by,
                                    account_id,
                                    account_upn,
                                    granted_scopes: split_scopes(&granted),
                                })
                            })
                            .transpose()?;
                        Ok(MailboxSpec {
                            id,
                            from_config,
                            address,
                            object_id,
                            required_scopes: scopes.map(|s| split_scopes(&s)),
                            link,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                t.apps.push(AppSpec {
                    id,
                    from_config,
                    client_id,
                    name,
                    client_secret,
                    secret_expires: expires.as_deref().map(parse_time),
                    required_scopes: split_scopes(&scopes),
                    consumer: Consumer {
                        kind: ConsumerKind::parse(&kind).unwrap_or_default(),
                        name: cname,
                        url: curl,
                    },
                    mailboxes,
                    expiry_only,
                });
            }
        }
        Ok(tenants)
    }

    /// Stores `refresh_token` as the link of the mailbox with `address` (for `link import`).
    /// Fails, changing nothing, when no mailbox or more than one has that address.
    pub fn import_link(
        &self,
        address: &str,
        refresh_token: &Secret,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| Ok(self.link_one(tx, address, refresh_token, by, now)?.0))
    }

    /// Stores many links at once, all or nothing: `(line, address, token)` each. Every line
    /// whose mailbox is unknown or ambiguous is named in one error, and then nothing is stored.
    /// Returns, per line, whether it replaced an earlier link.
    pub fn import_links(
        &self,
        items: &[(usize, String, Secret)],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<bool>, StoreError> {
        self.write(|tx| {
            let mut replaced = Vec::with_capacity(items.len());
            let mut problems = Vec::new();
            for (line, address, token) in items {
                match self.link_one(tx, address, token, by, now) {
                    Ok((_, r)) => replaced.push(r),
                    Err(StoreError::NotFound(m) | StoreError::Invalid(m)) => {
                        problems.push(format!("line {line}: {m}"))
                    }
                    Err(e) => return Err(e),
                }
            }
            if !problems.is_empty() {
                // Returning an error rolls the transaction back: nothing is half-imported.
                return Err(StoreError::Invalid(problems.join("\n")));
            }
            Ok(replaced)
        })
    }

    /// One link in a transaction: the mailbox's id, and whether a link was replaced.
    fn link_one(
        &self,
        tx: &rusqlite::Transaction<'_>,
        address: &str,
        refresh_token: &Secret,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, bool), StoreError> {
        let ids: Vec<i64> = tx
            .prepare_cached("SELECT id FROM mailboxes WHERE address = ?1")?
            .query_map([address], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let id = match ids.as_slice() {
            [id] => *id,
            [] => {
                return Err(StoreError::NotFound(format!(
                    "no mailbox {address} is configured; add it to the config file first"
                )))
            }
            _ => {
                return Err(StoreError::Invalid(format!(
                    "{address} is linked through {} app registrations; say which",
                    ids.len()
                )))
            }
        };
        let replaced: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM links WHERE mailbox_ref = ?1)")?
            .query_row([id], |r| r.get(0))?;
        tx.prepare_cached(
            "INSERT INTO links (mailbox_ref, refresh_token, linked_at, linked_by, granted_scopes)
             VALUES (?1, ?2, ?3, ?4, '')
             ON CONFLICT (mailbox_ref) DO UPDATE SET refresh_token = ?2, linked_at = ?3, linked_by = ?4,
                account_id = NULL, account_upn = NULL, granted_scopes = '', rotated_at = NULL",
        )?
        .execute(params![id, self.vault.seal(REFRESH_TOKEN, refresh_token.expose().as_bytes()), now.to_rfc3339(), by])?;
        Ok((id, replaced))
    }

    /// Stores a rotated refresh token and what its redemption showed, before anything else
    /// happens with it. `account` is the signed-in account (id, UPN) when it was learned.
    pub fn save_rotated_token(
        &self,
        mailbox_id: i64,
        refresh_token: Option<&Secret>,
        granted_scopes: &[String],
        account: Option<(&str, Option<&str>)>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sealed = refresh_token.map(|rt| self.vault.seal(REFRESH_TOKEN, rt.expose().as_bytes()));
        let (account_id, upn) = account.unzip();
        self.write(|tx| {
            // One statement, prepared once: this runs for every linked mailbox in every cycle.
            tx.prepare_cached(
                "UPDATE links SET
                    refresh_token = coalesce(?2, refresh_token),
                    rotated_at = CASE WHEN ?2 IS NULL THEN rotated_at ELSE ?3 END,
                    granted_scopes = ?4,
                    account_id = coalesce(?5, account_id),
                    account_upn = CASE WHEN ?5 IS NULL THEN account_upn ELSE coalesce(?6, account_upn) END
                 WHERE mailbox_ref = ?1",
            )?
            .execute(params![
                mailbox_id,
                sealed,
                now.to_rfc3339(),
                granted_scopes.join(" "),
                account_id,
                upn.flatten()
            ])?;
            Ok(())
        })
    }

    /// The current sealed refresh token of a mailbox's link, decrypted (for tests and tools).
    pub fn link_token(&self, mailbox_id: i64) -> Result<Option<Secret>, StoreError> {
        let sealed: Option<Vec<u8>> = self
            .read()?
            .query_row(
                "SELECT refresh_token FROM links WHERE mailbox_ref = ?1",
                [mailbox_id],
                |r| r.get(0),
            )
            .optional()?;
        sealed
            .map(|s| self.vault.open_string(REFRESH_TOKEN, &s).map(Secret::new))
            .transpose()
            .map_err(Into::into)
    }
}

fn upsert_app(
    tx: &Transaction<'_>,
    vault: &crate::vault::Vault,
    tenant_ref: i64,
    a: &AppSpec,
) -> Result<i64, StoreError> {
    let sealed = a
        .client_secret
        .as_ref()
        .map(|s| vault.seal(SECRET, s.expose().as_bytes()));
    let hint = a.client_secret.as_ref().map(|s| s.hint());
    Ok(tx.query_row(
        UPSERT_APP,
        params![
            tenant_ref,
            a.client_id,
            a.name,
            sealed,
            hint,
            a.secret_expires.map(|d| d.to_rfc3339()),
            a.required_scopes.join(" "),
            a.consumer.kind.as_str(),
            a.consumer.name,
            a.consumer.url,
        ],
        |r| r.get(0),
    )?)
}

fn remove_declared_except(
    tx: &Transaction<'_>,
    table: &str,
    keep: &[i64],
) -> Result<usize, StoreError> {
    let keep_json = serde_json::to_string(keep).unwrap_or_else(|_| "[]".into());
    // Table names are our own constants, never input.
    let sql = format!(
        "DELETE FROM {table} WHERE from_config = 1 AND id NOT IN (SELECT value FROM json_each(?1))"
    );
    Ok(tx.execute(&sql, [keep_json])?)
}

/// Splits a stored space-separated scope list.
pub fn split_scopes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

/// Parses a stored RFC 3339 time; a damaged value reads as the epoch rather than failing a cycle.
pub fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::vault::Vault;

    fn spec(text: &str) -> Vec<TenantSpec> {
        Config::from_toml(text, "t", &[])
            .unwrap()
            .validate(&|_| None)
            .unwrap()
    }

    const ONE: &str = r#"
        [[tenants]]
        id = "contoso.onmicrosoft.com"
        [[tenants.apps]]
        client_id = "46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b"
        client_secret = "abc-secret"
        [[tenants.apps.mailboxes]]
        address = "info@contoso.nl"
        object_id = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
        [[tenants.apps.mailboxes]]
        address = "sales@contoso.nl"
        object_id = "87d349ed-44d7-43e1-9a83-5f2406dee5be"
    "#;

    #[test]
    fn sync_adds_updates_and_removes_and_keeps_links() {
        let store = Store::open_in_memory(Vault::from_key(&[3; 32])).unwrap();
        store.sync_declared(&spec(ONE)).unwrap();
        let now = Utc::now();
        store
            .import_link("info@contoso.nl", &Secret::new("rt-1"), "import", now)
            .unwrap();
        let loaded = store.load_tenants().unwrap();
        let app = &loaded[0].apps[0];
        assert_eq!(app.client_secret.as_ref().unwrap().expose(), "abc-secret");
        assert_eq!(app.mailboxes.len(), 2);
        assert_eq!(
            app.mailboxes[0]
                .link
                .as_ref()
                .unwrap()
                .refresh_token
                .expose(),
            "rt-1"
        );

        // sales@ leaves the file; info@ keeps its link across the resync.
        let fewer = ONE
            .split("[[tenants.apps.mailboxes]]\n        address = \"sales")
            .next()
            .unwrap();
        let summary = store.sync_declared(&spec(fewer)).unwrap();
        assert_eq!(summary.removed, 1);
        let loaded = store.load_tenants().unwrap();
        assert_eq!(loaded[0].apps[0].mailboxes.len(), 1);
        assert!(loaded[0].apps[0].mailboxes[0].link.is_some());
    }

    #[test]
    fn secrets_are_not_stored_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = Store::open(&path, Vault::from_key(&[3; 32])).unwrap();
        store.sync_declared(&spec(ONE)).unwrap();
        store
            .import_link(
                "info@contoso.nl",
                &Secret::new("rt-plain-value"),
                "import",
                Utc::now(),
            )
            .unwrap();
        drop(store);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend(std::fs::read(dir.path().join("db-wal")).unwrap_or_default());
        for needle in [&b"abc-secret"[..], b"rt-plain-value"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        }
    }

    #[test]
    fn import_for_unknown_mailbox_changes_nothing() {
        let store = Store::open_in_memory(Vault::from_key(&[3; 32])).unwrap();
        store.sync_declared(&spec(ONE)).unwrap();
        let err = store
            .import_link("nobody@contoso.nl", &Secret::new("x"), "import", Utc::now())
            .unwrap_err();
        assert!(err.to_string().contains("nobody@contoso.nl"));
        assert!(store.load_tenants().unwrap()[0].apps[0]
            .mailboxes
            .iter()
            .all(|m| m.link.is_none()));
    }
}
