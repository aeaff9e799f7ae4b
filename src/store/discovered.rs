//! What discovery has seen: a mail app that appears in a tenant after its first read is new
//! until an admin dismisses it or watches it.

use super::accounts::audit;
use super::targets::parse_time;
use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// A mail app discovery found since the tenant's baseline, not watched.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMailApp {
    /// Tenant row.
    pub tenant_ref: i64,
    /// Tenant name.
    pub tenant_name: String,
    /// Client id.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// When discovery first saw it.
    pub first_seen: DateTime<Utc>,
}

/// What a discovery queues for the mail apps it found new (client id, name): the notices.
pub type Notify<'a> = &'a dyn Fn(&[(String, String)]) -> Vec<super::NewMessage>;

impl Store {
    /// Records one read of a tenant's mail apps (client id, name); returns the apps new since
    /// the last read (none on the first read, which is the baseline). New ones are audited.
    pub fn record_discovery(
        &self,
        tenant_ref: i64,
        found: &[(String, String)],
        now: DateTime<Utc>,
        notify: Notify<'_>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        self.write(|tx| {
            let baseline: Option<String> = tx
                .query_row("SELECT discovered_at FROM tenants WHERE id = ?1", [tenant_ref], |r| r.get(0))
                .optional()?
                .flatten();
            let mut new = Vec::new();
            for (client, name) in found {
                let known: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM discovered_apps WHERE tenant_ref = ?1 AND client_id = ?2)",
                    params![tenant_ref, client],
                    |r| r.get(0),
                )?;
                if known {
                    continue;
                }
                tx.execute(
                    "INSERT INTO discovered_apps (tenant_ref, client_id, name, first_seen, is_new) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![tenant_ref, client, name, now.to_rfc3339(), baseline.is_some()],
                )?;
                if baseline.is_some() {
                    audit(tx, now, "discovery", "discover.new_app", Some(client), Some(name))?;
                    new.push((client.clone(), name.clone()));
                }
            }
            tx.execute("UPDATE tenants SET discovered_at = ?2 WHERE id = ?1", params![tenant_ref, now.to_rfc3339()])?;
            // The notices go out with what they announce, or not at all.
            super::outbox::enqueue(tx, &notify(&new), now)?;
            Ok(new)
        })
    }

    /// Mail apps found after their tenant's baseline, not dismissed and not watched.
    pub fn new_mail_apps(&self) -> Result<Vec<NewMailApp>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT d.tenant_ref, t.name, d.client_id, d.name, d.first_seen FROM discovered_apps d JOIN tenants t ON t.id = d.tenant_ref
             WHERE d.is_new = 1 AND NOT EXISTS (SELECT 1 FROM apps a WHERE a.tenant_ref = d.tenant_ref AND a.client_id = d.client_id AND a.expiry_only = 0)
             ORDER BY d.first_seen DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(NewMailApp {
                    tenant_ref: r.get(0)?,
                    tenant_name: r.get(1)?,
                    client_id: r.get(2)?,
                    name: r.get(3)?,
                    first_seen: parse_time(&r.get::<_, String>(4)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// An admin has seen a new mail app and does not want it watched (audited).
    pub fn dismiss_new_app(
        &self,
        tenant_ref: i64,
        client_id: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE discovered_apps SET is_new = 0 WHERE tenant_ref = ?1 AND client_id = ?2 AND is_new = 1",
                params![tenant_ref, client_id],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("that new app".into()));
            }
            audit(tx, now, by, "discover.dismiss", Some(client_id), None)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    #[test]
    fn the_first_read_is_the_baseline_and_later_ones_notice_what_is_new() {
        let store = Store::open_in_memory(Vault::from_key(&[4; 32])).unwrap();
        let now = Utc::now();
        let input = crate::store::TenantInput {
            tenant_id: "t.example".into(),
            name: "T".into(),
            ..Default::default()
        };
        let t = store.save_tenant(None, &input, "alice", now).unwrap();
        let app = |c: &str, n: &str| (c.to_string(), n.to_string());
        assert!(
            store
                .record_discovery(t, &[app("a1", "Econobis")], now, &|_| Vec::new())
                .unwrap()
                .is_empty(),
            "baseline"
        );
        assert!(store.new_mail_apps().unwrap().is_empty());
        let new = store
            .record_discovery(
                t,
                &[app("a1", "Econobis"), app("a2", "Scanner")],
                now,
                &|_| Vec::new(),
            )
            .unwrap();
        assert_eq!(new, [app("a2", "Scanner")]);
        assert_eq!(
            store
                .record_discovery(t, &[app("a2", "Scanner")], now, &|_| Vec::new())
                .unwrap()
                .len(),
            0,
            "noticed once"
        );
        let listed = store.new_mail_apps().unwrap();
        assert_eq!(
            (
                listed.len(),
                listed[0].name.as_str(),
                listed[0].tenant_name.as_str()
            ),
            (1, "Scanner", "T")
        );
        store.dismiss_new_app(t, "A2", "alice", now).unwrap();
        assert!(store.new_mail_apps().unwrap().is_empty());
        assert!(store.dismiss_new_app(t, "a2", "alice", now).is_err());
    }
}
