//! Connecting a tenant with one admin consent: the round trip's state (bound to the session
//! that started it, its answer taken once), and the tenant saved with linkwatch's monitor app
//! as its monitor credential, in one transaction with its audit entry.

use super::accounts::audit;
use super::relink::RelinkRefused;
use super::targets::parse_time;
use super::{Store, StoreError};
use crate::targets::Secret;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};

/// How long an admin has between starting a connection and coming back.
const ROUND_TRIP: i64 = 15;

/// A connection under way.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentFlow {
    /// The tenant as entered.
    pub tenant: String,
    /// The name entered.
    pub name: Option<String>,
    /// When the admin consented (the callback came back).
    pub consented_at: Option<DateTime<Utc>>,
    /// The callback's `tenant` parameter, when it had one.
    pub returned_tenant: Option<String>,
    /// The tenant row, once connected.
    pub tenant_ref: Option<i64>,
}

type Row = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn flow(r: &Row) -> ConsentFlow {
    ConsentFlow {
        tenant: r.1.clone(),
        name: r.2.clone(),
        consented_at: r.4.as_deref().map(parse_time),
        returned_tenant: r.5.clone(),
        tenant_ref: r.7,
    }
}

const SELECT: &str = "SELECT session_hash, tenant, name, created_at, consented_at, returned_tenant, finished_at, tenant_ref FROM consent_states WHERE state = ?1";

fn read(tx: &rusqlite::Connection, state: &str) -> Result<Option<Row>, StoreError> {
    Ok(tx
        .query_row(SELECT, [state], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .optional()?)
}

impl Store {
    /// Records the start of a connection to `tenant`, by `by` in the session `session_hash`.
    /// `watch_all`: also watch every app registration's expiry once connected.
    pub fn start_consent(
        &self,
        state: &str,
        session_hash: &str,
        (tenant, name, watch_all): (&str, Option<&str>, bool),
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO consent_states (state, session_hash, tenant, name, started_by, created_at, watch_all) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![state, session_hash, tenant, name, by, now.to_rfc3339(), watch_all],
            )?;
            audit(tx, now, by, "tenant.connect.start", Some(tenant), None)
        })
    }

    /// Takes the admin-consent answer for `state` once, from the session that started it.
    /// `refused` is Microsoft's error, when the admin cancelled or the consent failed: the
    /// flow ends there. Every refusal is audited in the same transaction.
    pub fn take_consent(
        &self,
        state: &str,
        session_hash: &str,
        (returned_tenant, refused): (Option<&str>, Option<&str>),
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<ConsentFlow, RelinkRefused>, StoreError> {
        self.write(|tx| {
            let why = match read(tx, state)? {
                None => Some(RelinkRefused::Unknown),
                Some(r) if r.4.is_some() || r.6.is_some() => Some(RelinkRefused::Replayed),
                Some(r) if r.0 != session_hash => Some(RelinkRefused::OtherSession),
                Some(r) if now - parse_time(&r.3) > Duration::minutes(ROUND_TRIP) => {
                    Some(RelinkRefused::Expired)
                }
                Some(_) => None,
            };
            if let Some(why) = why {
                audit(tx, now, by, "tenant.connect.refused", None, Some(&format!("{why:?}")))?;
                return Ok(Err(why));
            }
            match refused {
                Some(error) => {
                    tx.execute(
                        "UPDATE consent_states SET finished_at = ?2 WHERE state = ?1",
                        params![state, now.to_rfc3339()],
                    )?;
                    let tenant: String = tx.query_row("SELECT tenant FROM consent_states WHERE state = ?1", [state], |r| r.get(0))?;
                    audit(tx, now, by, "tenant.connect.refused", Some(&tenant), Some(error))?;
                }
                None => {
                    tx.execute(
                        "UPDATE consent_states SET consented_at = ?2, returned_tenant = ?3 WHERE state = ?1",
                        params![state, now.to_rfc3339(), returned_tenant],
                    )?;
                }
            }
            let row = read(tx, state)?.ok_or(StoreError::NotFound("the connection".into()))?;
            Ok(Ok(flow(&row)))
        })
    }

    /// A connection the admin consented to, for the session that started it.
    pub fn consent_flow(
        &self,
        state: &str,
        session_hash: &str,
    ) -> Result<Option<ConsentFlow>, StoreError> {
        let conn = self.read()?;
        Ok(read(&conn, state)?
            .filter(|r| r.0 == session_hash && r.4.is_some())
            .map(|r| flow(&r)))
    }

    /// Ends a connection without a tenant (the consent never reached the token service, or it
    /// was for another tenant), audited.
    pub fn fail_consent(
        &self,
        state: &str,
        why: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let tenant: Option<String> = tx
                .query_row("UPDATE consent_states SET finished_at = ?2 WHERE state = ?1 AND finished_at IS NULL RETURNING tenant", params![state, now.to_rfc3339()], |r| r.get(0))
                .optional()?;
            if let Some(t) = tenant {
                audit(tx, now, by, "tenant.connect.failed", Some(&t), Some(why))?;
            }
            Ok(())
        })
    }

    /// Saves the connected tenant (`tenant_id` is the directory's GUID, from the token) with
    /// linkwatch's monitor app as its monitor credential, ends the connection and audits it,
    /// in one transaction; returns the tenant's row id. A tenant added in the dashboard before
    /// is switched to the monitor app; one declared in the config file is refused.
    #[allow(clippy::too_many_arguments)]
    pub fn finish_consent(
        &self,
        state: &str,
        (tenant_id, name): (&str, &str),
        (client_id, secret): (&str, &Secret),
        granted: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sealed = self
            .vault
            .seal("monitor_secret", secret.expose().as_bytes());
        self.write(|tx| {
            let entered: String = tx.query_row("SELECT tenant FROM consent_states WHERE state = ?1", [state], |r| r.get(0))?;
            let existing: Option<(i64, bool)> = tx
                .query_row(
                    "SELECT id, from_config FROM tenants WHERE tenant_id = ?1 OR tenant_id = ?2",
                    params![tenant_id, entered],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let id = match existing {
                Some((_, true)) => {
                    return Err(StoreError::Invalid(
                        "this tenant is declared in the config file: change its monitor credential there".into(),
                    ))
                }
                Some((id, false)) => {
                    tx.execute(
                        "UPDATE tenants SET monitor_client_id = ?2, monitor_secret = ?3, monitor_shared = 1 WHERE id = ?1",
                        params![id, client_id, sealed],
                    )?;
                    id
                }
                None => tx.query_row(
                    "INSERT INTO tenants (tenant_id, name, monitor_client_id, monitor_secret, monitor_shared, from_config) VALUES (?1, ?2, ?3, ?4, 1, 0) RETURNING id",
                    params![tenant_id, name, client_id, sealed],
                    |r| r.get(0),
                )?,
            };
            tx.execute(
                "UPDATE tenants SET watch_all = (SELECT watch_all FROM consent_states WHERE state = ?2) WHERE id = ?1",
                params![id, state],
            )?;
            tx.execute(
                "UPDATE consent_states SET finished_at = ?2, tenant_ref = ?3 WHERE state = ?1",
                params![state, now.to_rfc3339(), id],
            )?;
            audit(tx, now, by, "tenant.connect", Some(tenant_id), Some(granted))?;
            Ok(id)
        })
    }

    /// Gives every tenant connected with the monitor app its current client id and secret
    /// (the configuration's, at start); returns how many there are.
    pub fn refresh_shared_monitor(
        &self,
        client_id: &str,
        secret: &Secret,
    ) -> Result<usize, StoreError> {
        let sealed = self
            .vault
            .seal("monitor_secret", secret.expose().as_bytes());
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE tenants SET monitor_client_id = ?1, monitor_secret = ?2 WHERE monitor_shared = 1",
                params![client_id, sealed],
            )?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    #[test]
    fn a_consent_is_taken_once_from_its_session_and_saves_one_tenant() {
        let store = Store::open_in_memory(Vault::from_key(&[3; 32])).unwrap();
        let now = Utc::now();
        store
            .start_consent(
                "s1",
                "session-a",
                ("northwind.example", Some("Northwind"), true),
                "alice",
                now,
            )
            .unwrap();
        assert_eq!(
            store
                .take_consent("nope", "session-a", (None, None), "alice", now)
                .unwrap(),
            Err(RelinkRefused::Unknown)
        );
        assert_eq!(
            store
                .take_consent("s1", "session-b", (None, None), "alice", now)
                .unwrap(),
            Err(RelinkRefused::OtherSession)
        );
        let f = store
            .take_consent("s1", "session-a", (Some("guid-1"), None), "alice", now)
            .unwrap()
            .unwrap();
        assert_eq!(
            (f.tenant.as_str(), f.returned_tenant.as_deref()),
            ("northwind.example", Some("guid-1"))
        );
        assert_eq!(
            store
                .take_consent("s1", "session-a", (None, None), "alice", now)
                .unwrap(),
            Err(RelinkRefused::Replayed)
        );
        assert!(store.consent_flow("s1", "session-b").unwrap().is_none());
        assert!(store.consent_flow("s1", "session-a").unwrap().is_some());
        let secret = Secret::new("monitor-secret");
        let id = store
            .finish_consent(
                "s1",
                ("guid-1", "Northwind"),
                ("m-1", &secret),
                "Application.Read.All",
                "alice",
                now,
            )
            .unwrap();
        let t = store
            .load_tenants()
            .unwrap()
            .into_iter()
            .find(|t| t.id == id)
            .unwrap();
        assert_eq!(
            (t.tenant_id.as_str(), t.name.as_str()),
            ("guid-1", "Northwind")
        );
        assert_eq!(
            t.monitor.as_ref().map(|(c, s)| (c.as_str(), s.expose())),
            Some(("m-1", "monitor-secret"))
        );
        assert_eq!(
            store
                .refresh_shared_monitor("m-2", &Secret::new("new"))
                .unwrap(),
            1
        );
        let t = store
            .load_tenants()
            .unwrap()
            .into_iter()
            .find(|t| t.id == id)
            .unwrap();
        assert_eq!(
            t.monitor.map(|(c, s)| (c, s.expose().to_string())),
            Some(("m-2".into(), "new".into()))
        );
        // Expired, and a cancel ends the flow.
        store
            .start_consent(
                "s2",
                "session-a",
                ("x.example", None, false),
                "alice",
                now - Duration::minutes(20),
            )
            .unwrap();
        assert_eq!(
            store
                .take_consent("s2", "session-a", (None, None), "alice", now)
                .unwrap(),
            Err(RelinkRefused::Expired)
        );
        store
            .start_consent("s3", "session-a", ("x.example", None, false), "alice", now)
            .unwrap();
        store
            .take_consent(
                "s3",
                "session-a",
                (None, Some("access_denied")),
                "alice",
                now,
            )
            .unwrap()
            .unwrap();
        assert!(
            store.consent_flow("s3", "session-a").unwrap().is_none(),
            "a cancelled flow cannot be polled"
        );
    }
}

/// `id, tenant_id, monitor_client_id, monitor_secret, exclude_apps`.
type WatchAllRow = (i64, String, String, Vec<u8>, Option<String>);

/// A tenant whose every app registration is watched for expiry.
#[derive(Debug, Clone)]
pub struct WatchAll {
    /// Row id.
    pub tenant_ref: i64,
    /// Tenant id.
    pub tenant_id: String,
    /// Its monitor credential.
    pub monitor: (String, Secret),
    /// Its own exclusion patterns (one per line), if any.
    pub exclude_apps: Option<String>,
    /// Client ids watched as mail apps (not expiry-only).
    pub watched: Vec<String>,
}

impl Store {
    /// Tenants that watch every app registration's expiry and have a monitor credential.
    pub fn tenants_watching_all(&self) -> Result<Vec<WatchAll>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT id, tenant_id, monitor_client_id, monitor_secret, exclude_apps FROM tenants WHERE watch_all = 1 AND monitor_client_id IS NOT NULL AND monitor_secret IS NOT NULL")?;
        let rows: Vec<WatchAllRow> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut apps =
            conn.prepare("SELECT client_id FROM apps WHERE tenant_ref = ?1 AND expiry_only = 0")?;
        rows.into_iter()
            .map(|(tenant_ref, tenant_id, client, sealed, exclude_apps)| {
                let watched = apps
                    .query_map([tenant_ref], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?;
                Ok(WatchAll {
                    tenant_ref,
                    tenant_id,
                    monitor: (
                        client,
                        Secret::new(self.vault.open_string("monitor_secret", &sealed)?),
                    ),
                    exclude_apps,
                    watched,
                })
            })
            .collect()
    }

    /// Keeps a tenant's expiry-only apps in step with `wanted` (client id, name) read from its
    /// directory: new ones added, gone ones removed, names updated; returns (added, removed).
    pub fn sync_expiry_only(
        &self,
        tenant_ref: i64,
        wanted: &[(String, String)],
        left_out: &[crate::expiry::LeftOut],
    ) -> Result<(usize, usize), StoreError> {
        let left: String = left_out
            .iter()
            .map(|l| format!("{}\t{}\n", l.name.replace(['\t', '\n'], " "), l.pattern))
            .collect();
        self.write(|tx| {
            tx.execute(
                "UPDATE tenants SET left_out_apps = ?2 WHERE id = ?1",
                params![tenant_ref, left],
            )?;
            let have: Vec<String> = tx
                .prepare("SELECT client_id FROM apps WHERE tenant_ref = ?1 AND expiry_only = 1")?
                .query_map([tenant_ref], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut added = 0;
            for (client, name) in wanted {
                if have.iter().any(|h| h.eq_ignore_ascii_case(client)) {
                    tx.execute("UPDATE apps SET name = ?3 WHERE tenant_ref = ?1 AND client_id = ?2 AND expiry_only = 1", params![tenant_ref, client, name])?;
                } else {
                    added += tx.execute(
                        "INSERT OR IGNORE INTO apps (tenant_ref, client_id, name, required_scopes, consumer_kind, from_config, expiry_only) VALUES (?1, ?2, ?3, '', 'generic', 0, 1)",
                        params![tenant_ref, client, name],
                    )?;
                }
            }
            let mut removed = 0;
            for h in &have {
                if !wanted.iter().any(|(c, _)| c.eq_ignore_ascii_case(h)) {
                    removed += tx.execute("DELETE FROM apps WHERE tenant_ref = ?1 AND client_id = ?2 AND expiry_only = 1", params![tenant_ref, h])?;
                }
            }
            Ok((added, removed))
        })
    }
}
