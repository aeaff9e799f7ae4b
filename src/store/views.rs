//! Read models for the dashboard: the overview list with filters and pages, and the detail of
//! one tenant, app registration or mailbox. No secret is read here.

use super::targets::{parse_time, split_scopes};
use super::{Store, StoreError};
use crate::model::{Finding, Severity};
use crate::targets::ConsumerKind;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// One row of the overview.
#[derive(Debug, Clone)]
pub struct TargetRow {
    /// `app` or `mailbox`.
    pub kind: String,
    /// Row id of the app or mailbox.
    pub id: i64,
    /// Tenant row id.
    pub tenant_ref: i64,
    /// Tenant display name.
    pub tenant_name: String,
    /// App display name.
    pub app_name: String,
    /// App name or mailbox address.
    pub name: String,
    /// Current status; `None` before the first check.
    pub status: Option<Severity>,
    /// Current findings.
    pub findings: Vec<Finding>,
    /// When last checked.
    pub checked_at: Option<DateTime<Utc>>,
    /// Last status that was not unknown.
    pub last_known: Option<Severity>,
    /// The app registration (itself, or the mailbox's).
    pub app_id: i64,
    /// Since when the status is what it is (its last change).
    pub since: Option<DateTime<Utc>>,
    /// Who acknowledged it (no reminders until the status changes).
    pub acked_by: Option<String>,
    /// Silenced until then, and why.
    pub silenced: Option<(DateTime<Utc>, String)>,
}

/// The last full cycle.
#[derive(Debug, Clone, Copy)]
pub struct CycleSummary {
    /// When it started.
    pub started: DateTime<Utc>,
    /// When it finished.
    pub finished: DateTime<Utc>,
    /// Its overall status.
    pub status: Severity,
}

/// Overview filters.
#[derive(Debug, Clone, Default)]
pub struct OverviewFilter {
    /// Text in the name, address or app name.
    pub q: Option<String>,
    /// Tenant row id.
    pub tenant: Option<i64>,
    /// Status.
    pub status: Option<Severity>,
    /// Finding code.
    pub code: Option<String>,
}

/// Counts per status over all targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Healthy.
    pub ok: u64,
    /// Warnings.
    pub warning: u64,
    /// Critical.
    pub critical: u64,
    /// Could not be checked.
    pub unknown: u64,
    /// Never checked yet.
    pub pending: u64,
}

/// An app registration as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct AppDetail {
    /// Row id.
    pub id: i64,
    /// Tenant row id.
    pub tenant_ref: i64,
    /// Tenant id (GUID or domain).
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: String,
    /// Client id.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// First three characters of the stored secret.
    pub secret_hint: Option<String>,
    /// Expiry entered by hand.
    pub secret_expires: Option<DateTime<Utc>>,
    /// Required scopes.
    pub required_scopes: Vec<String>,
    /// Consumer kind.
    pub consumer_kind: ConsumerKind,
    /// Consumer name.
    pub consumer_name: Option<String>,
    /// Consumer URL.
    pub consumer_url: Option<String>,
    /// Declared in the config file.
    pub from_config: bool,
    /// Watched only for its credentials' expiry (every app registration of its tenant).
    pub expiry_only: bool,
}

/// A mailbox as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct MailboxDetail {
    /// Row id.
    pub id: i64,
    /// The app registration's row id.
    pub app_ref: i64,
    /// Address.
    pub address: String,
    /// Account object id.
    pub object_id: String,
    /// Own scopes, if any.
    pub required_scopes: Option<Vec<String>>,
    /// Declared in the config file.
    pub from_config: bool,
    /// The link, without its token.
    pub link: Option<LinkInfo>,
}

/// A link's facts, never its token.
#[derive(Debug, Clone)]
pub struct LinkInfo {
    /// When linked.
    pub linked_at: DateTime<Utc>,
    /// By whom.
    pub linked_by: String,
    /// Signed-in account id.
    pub account_id: Option<String>,
    /// Signed-in account UPN.
    pub account_upn: Option<String>,
    /// Scopes granted at the last redemption.
    pub granted_scopes: Vec<String>,
    /// When the token last rotated.
    pub rotated_at: Option<DateTime<Utc>>,
}

/// A tenant as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct TenantDetail {
    /// Row id.
    pub id: i64,
    /// GUID or domain.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Monitor credential's client id.
    pub monitor_client_id: Option<String>,
    /// Declared in the config file.
    pub from_config: bool,
    /// Every app registration's expiry is watched.
    pub watch_all: bool,
    /// Its own exclusion patterns (one per line); none: the defaults.
    pub exclude_apps: Option<String>,
    /// The app registrations its patterns left out at the last directory read: name and
    /// pattern.
    pub left_out: Vec<(String, String)>,
}

const TARGETS: &str = "
    WITH k AS (
        SELECT 'app' AS kind, a.id AS id, a.id AS app_id, t.id AS tenant_ref, t.name AS tenant_name,
               a.name AS app_name, a.name AS name, 'app:' || t.tenant_id || '/' || a.client_id AS key
        FROM apps a JOIN tenants t ON t.id = a.tenant_ref
        UNION ALL
        SELECT 'mailbox', m.id, a.id, t.id, t.name, a.name, m.address,
               'mailbox:' || t.tenant_id || '/' || a.client_id || '/' || m.address
        FROM mailboxes m JOIN apps a ON a.id = m.app_ref JOIN tenants t ON t.id = a.tenant_ref)
    SELECT k.kind, k.id, k.tenant_ref, k.tenant_name, k.app_name, k.name,
           s.status, s.findings, s.checked_at, s.last_known_status,
           k.app_id, (SELECT max(h.changed_at) FROM status_history h WHERE h.target_key = k.key),
           al.acked_by, al.silenced_until, al.silence_reason
    FROM k LEFT JOIN target_state s ON s.target_key = k.key
    LEFT JOIN alert_state al ON al.target_key = k.key";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TargetRow> {
    Ok(TargetRow {
        kind: r.get(0)?,
        id: r.get(1)?,
        tenant_ref: r.get(2)?,
        tenant_name: r.get(3)?,
        app_name: r.get(4)?,
        name: r.get(5)?,
        status: r
            .get::<_, Option<String>>(6)?
            .as_deref()
            .and_then(Severity::parse),
        findings: r
            .get::<_, Option<String>>(7)?
            .and_then(|f| serde_json::from_str(&f).ok())
            .unwrap_or_default(),
        checked_at: r.get::<_, Option<String>>(8)?.as_deref().map(parse_time),
        last_known: r
            .get::<_, Option<String>>(9)?
            .as_deref()
            .and_then(Severity::parse),
        app_id: r.get(10)?,
        since: r.get::<_, Option<String>>(11)?.as_deref().map(parse_time),
        acked_by: r.get(12)?,
        silenced: match (
            r.get::<_, Option<String>>(13)?,
            r.get::<_, Option<String>>(14)?,
        ) {
            (Some(until), reason) => Some((parse_time(&until), reason.unwrap_or_default())),
            _ => None,
        },
    })
}

impl Store {
    /// Every target with its current state, unsorted: the source of [`Store::overview_data`].
    pub(super) fn all_targets(&self) -> Result<Vec<TargetRow>, StoreError> {
        let conn = self.read()?;
        let rows = conn
            .prepare_cached(TARGETS)?
            .query_map([], row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One page of targets, worst first, and how many match in all.
    pub fn overview(
        &self,
        f: &OverviewFilter,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<TargetRow>, u64), StoreError> {
        Ok(self.overview_data()?.page(f, limit, offset))
    }

    /// Counts of targets per status.
    pub fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        Ok(self.overview_data()?.counts.clone())
    }

    /// All tenants, for filters and the tenant list.
    pub fn tenants(&self) -> Result<Vec<TenantDetail>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT id, tenant_id, name, monitor_client_id, from_config, watch_all, exclude_apps, left_out_apps FROM tenants ORDER BY name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TenantDetail {
                    id: r.get(0)?,
                    tenant_id: r.get(1)?,
                    name: r.get(2)?,
                    monitor_client_id: r.get(3)?,
                    from_config: r.get(4)?,
                    watch_all: r.get(5)?,
                    exclude_apps: r.get(6)?,
                    left_out: r
                        .get::<_, Option<String>>(7)?
                        .unwrap_or_default()
                        .lines()
                        .filter_map(|l| l.split_once('\t'))
                        .map(|(n, p)| (n.to_string(), p.to_string()))
                        .collect(),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One tenant.
    pub fn tenant(&self, id: i64) -> Result<Option<TenantDetail>, StoreError> {
        Ok(self.tenants()?.into_iter().find(|t| t.id == id))
    }

    /// Turns watching every app registration's expiry on or off, with the exclusion patterns
    /// (one per line; empty: the defaults); audited.
    pub fn set_watch_all(
        &self,
        id: i64,
        on: bool,
        excludes: &str,
        by: &str,
        now: chrono::DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let excludes = Some(excludes.trim()).filter(|e| !e.is_empty());
        self.write(|tx| {
            let tenant: Option<String> = tx
                .query_row(
                    "UPDATE tenants SET watch_all = ?2, exclude_apps = ?3 WHERE id = ?1 RETURNING tenant_id",
                    rusqlite::params![id, on, excludes],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(tenant) = tenant else {
                return Err(StoreError::NotFound("the tenant".into()));
            };
            if !on {
                tx.execute("DELETE FROM apps WHERE tenant_ref = ?1 AND expiry_only = 1", [id])?;
            }
            super::accounts::audit(
                tx,
                now,
                by,
                "tenant.watch_all",
                Some(&tenant),
                Some(if on { "on" } else { "off" }),
            )
        })
    }

    /// The config file's `watch_all_apps` and `exclude_apps` of a declared tenant (applied at
    /// each start; the tenant page can change them until the next).
    pub fn declare_watch_all(
        &self,
        tenant_id: &str,
        on: bool,
        excludes: Option<&[String]>,
    ) -> Result<(), StoreError> {
        let excludes = excludes.map(|e| e.join("\n"));
        self.write(|tx| {
            tx.execute(
                "UPDATE tenants SET watch_all = ?2, exclude_apps = ?3 WHERE tenant_id = ?1 AND from_config = 1",
                rusqlite::params![tenant_id, on, excludes],
            )?;
            if !on {
                tx.execute("DELETE FROM apps WHERE expiry_only = 1 AND tenant_ref = (SELECT id FROM tenants WHERE tenant_id = ?1)", [tenant_id])?;
            }
            Ok(())
        })
    }

    /// One app registration.
    pub fn app(&self, id: i64) -> Result<Option<AppDetail>, StoreError> {
        Ok(self.apps_where("a.id = ?1", id)?.into_iter().next())
    }

    /// The app registrations of a tenant.
    pub fn apps_of_tenant(&self, tenant_ref: i64) -> Result<Vec<AppDetail>, StoreError> {
        self.apps_where("a.tenant_ref = ?1", tenant_ref)
    }

    fn apps_where(&self, clause: &str, arg: i64) -> Result<Vec<AppDetail>, StoreError> {
        let conn = self.read()?;
        let sql = format!(
            "SELECT a.id, a.tenant_ref, t.tenant_id, t.name, a.client_id, a.name, a.secret_hint, a.secret_expires, a.required_scopes,
                    a.consumer_kind, a.consumer_name, a.consumer_url, a.from_config, a.expiry_only
             FROM apps a JOIN tenants t ON t.id = a.tenant_ref WHERE {clause} ORDER BY a.name"
        );
        let rows = conn
            .prepare(&sql)?
            .query_map([arg], |r| {
                Ok(AppDetail {
                    id: r.get(0)?,
                    tenant_ref: r.get(1)?,
                    tenant_id: r.get(2)?,
                    tenant_name: r.get(3)?,
                    client_id: r.get(4)?,
                    name: r.get(5)?,
                    secret_hint: r.get(6)?,
                    secret_expires: r.get::<_, Option<String>>(7)?.as_deref().map(parse_time),
                    required_scopes: split_scopes(&r.get::<_, String>(8)?),
                    consumer_kind: ConsumerKind::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
                    consumer_name: r.get(10)?,
                    consumer_url: r.get(11)?,
                    from_config: r.get(12)?,
                    expiry_only: r.get(13)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One mailbox.
    pub fn mailbox(&self, id: i64) -> Result<Option<MailboxDetail>, StoreError> {
        Ok(self.mailboxes_where("m.id = ?1", id)?.into_iter().next())
    }

    /// The mailboxes of an app registration.
    pub fn mailboxes_of_app(&self, app_ref: i64) -> Result<Vec<MailboxDetail>, StoreError> {
        self.mailboxes_where("m.app_ref = ?1", app_ref)
    }

    fn mailboxes_where(&self, clause: &str, arg: i64) -> Result<Vec<MailboxDetail>, StoreError> {
        let conn = self.read()?;
        let sql = format!(
            "SELECT m.id, m.app_ref, m.address, m.object_id, m.required_scopes, m.from_config,
                    l.linked_at, l.linked_by, l.account_id, l.account_upn, l.granted_scopes, l.rotated_at
             FROM mailboxes m LEFT JOIN links l ON l.mailbox_ref = m.id WHERE {clause} ORDER BY m.address"
        );
        let rows = conn
            .prepare(&sql)?
            .query_map([arg], |r| {
                let link = match r.get::<_, Option<String>>(6)? {
                    None => None,
                    Some(at) => Some(LinkInfo {
                        linked_at: parse_time(&at),
                        linked_by: r.get(7)?,
                        account_id: r.get(8)?,
                        account_upn: r.get(9)?,
                        granted_scopes: split_scopes(&r.get::<_, String>(10)?),
                        rotated_at: r.get::<_, Option<String>>(11)?.as_deref().map(parse_time),
                    }),
                };
                Ok(MailboxDetail {
                    id: r.get(0)?,
                    app_ref: r.get(1)?,
                    address: r.get(2)?,
                    object_id: r.get(3)?,
                    required_scopes: r.get::<_, Option<String>>(4)?.map(|s| split_scopes(&s)),
                    from_config: r.get(5)?,
                    link,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Status changes of all targets, newest first.
    pub fn recent_history(
        &self,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<super::HistoryEntry>, StoreError> {
        self.history_search("", limit, offset)
    }

    /// Status changes of the targets whose key (kind, tenant, client id, address) contains `q`
    /// (any case), newest first; `""` matches all.
    pub fn history_search(
        &self,
        q: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<super::HistoryEntry>, StoreError> {
        self.history_filtered(q, &HistoryFilter::default(), limit, offset)
    }

    /// Status changes matching `q` (in the target key) and `f`, newest first.
    pub fn history_filtered(
        &self,
        q: &str,
        f: &HistoryFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<super::HistoryEntry>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT target_key, status, previous_status, findings, changed_at FROM status_history
             WHERE (?3 = '' OR target_key LIKE ?4 ESCAPE '\\')
               AND (?5 IS NULL OR status = ?5)
               AND (?6 IS NULL OR changed_at >= ?6) AND (?7 IS NULL OR changed_at < ?7)
             ORDER BY changed_at DESC, id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt
            .query_map(
                rusqlite::params![
                    limit as i64,
                    offset as i64,
                    q,
                    super::like_pattern(q),
                    f.status.map(|s| s.as_str()),
                    f.from.map(|t| t.to_rfc3339()),
                    f.to.map(|t| t.to_rfc3339()),
                ],
                super::results::history_row,
            )?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The name and dashboard page of each target key (as the cycle records them) that still
    /// exists, for lists of status changes.
    pub fn target_links(
        &self,
        keys: &[&str],
    ) -> Result<std::collections::HashMap<String, (String, String)>, StoreError> {
        let conn = self.read()?;
        let mut out = std::collections::HashMap::new();
        for &key in keys {
            // (query, its arguments from the key, the page): a mailbox key has three parts after
            // its kind (tenant, client id, address), an app key two.
            let (sql, args, page) = match key.split_once(':') {
                Some(("mailbox", rest)) => (
                    "SELECT m.id, m.address FROM mailboxes m JOIN apps a ON a.id = m.app_ref
                     JOIN tenants t ON t.id = a.tenant_ref
                     WHERE t.tenant_id = ?1 AND a.client_id = ?2 AND m.address = ?3",
                    rest.splitn(3, '/').collect::<Vec<_>>(),
                    "mailboxes",
                ),
                Some(("app", rest)) => (
                    "SELECT a.id, a.name FROM apps a JOIN tenants t ON t.id = a.tenant_ref
                     WHERE t.tenant_id = ?1 AND a.client_id = ?2",
                    rest.splitn(2, '/').collect::<Vec<_>>(),
                    "apps",
                ),
                _ => continue,
            };
            if args.len() != if page == "mailboxes" { 3 } else { 2 } {
                continue;
            }
            let found: Option<(i64, String)> = conn
                .prepare_cached(sql)?
                .query_row(rusqlite::params_from_iter(&args), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            if let Some((id, name)) = found {
                out.insert(key.to_string(), (name, format!("/{page}/{id}")));
            }
        }
        Ok(out)
    }

    /// When the last full cycle started and finished, and its status.
    pub fn last_cycle(&self) -> Result<Option<CycleSummary>, StoreError> {
        Ok(self
            .read()?
            .query_row("SELECT started_at, finished_at, status FROM cycles WHERE scope = 'all' ORDER BY id DESC LIMIT 1", [], |r| {
                Ok(CycleSummary { started: parse_time(&r.get::<_, String>(0)?), finished: parse_time(&r.get::<_, String>(1)?), status: Severity::parse(&r.get::<_, String>(2)?).unwrap_or(Severity::Unknown) })
            })
            .optional()?)
    }
}

/// What the History page narrows its lists to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFilter {
    /// Status changes to this status only.
    pub status: Option<crate::model::Severity>,
    /// Actions by this actor only.
    pub actor: Option<String>,
    /// From this instant on.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Sign-ins (`login`) listed too; else only counted.
    pub sign_ins: bool,
}
