//! Signal 4 in the database: per tenant, how far its sign-in log has been read (the watermark)
//! and whether the signal is available; per application and account, the last successful
//! sign-in and the failures; per credential, its last use. Records are applied idempotently
//! (a failure once per id, a success as the latest time), so reading a record twice, as the
//! 15-minute overlap and Microsoft's duplicates make happen, changes nothing.

use super::{Store, StoreError};
use crate::activity::{Failure, SignalState, TenantActivity};
use crate::observed::signins::{CredentialUse, SignIn};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// How long failures are kept.
const KEEP_FAILURES_DAYS: i64 = 30;

/// One read of a tenant's sign-in log, as [`Store::record_sign_ins`] records it.
#[derive(Debug, Clone, Copy)]
pub struct SignInsRead<'a> {
    /// Where it started.
    pub since: DateTime<Utc>,
    /// The application's records (linkwatch's own left out).
    pub records: &'a [SignIn],
    /// The newest and oldest time of all the application's records read, when the records
    /// are a fold of them; `None`: computed from `records`.
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Whether every page was read.
    pub complete: bool,
    /// Records left out as unreadable.
    pub unreadable: usize,
}

/// Where the next read of a tenant's log starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Watermark {
    /// The newest time the log is read up to.
    pub read_through: Option<DateTime<Utc>>,
    /// When it was last read (by any process sharing the database).
    pub read_at: DateTime<Utc>,
}

fn time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Store {
    /// The tenant's watermark, if its log was ever read.
    pub fn sign_in_watermark(&self, tenant_ref: i64) -> Result<Option<Watermark>, StoreError> {
        Ok(self
            .read()?
            .query_row(
                "SELECT read_through, read_at FROM consumer_reads WHERE tenant_ref = ?1 AND status = 'read'",
                [tenant_ref],
                |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .and_then(|(through, at)| {
                Some(Watermark {
                    read_through: time(through),
                    read_at: time(Some(at))?,
                })
            }))
    }

    /// Records a read of the tenant's log that started at `since`: the application's records
    /// (linkwatch's own already left out), the credential report, and the new watermark. A
    /// read that stopped at its page limit covers only from its oldest record on.
    pub fn record_sign_ins(
        &self,
        tenant_ref: i64,
        read: &SignInsRead<'_>,
        uses: &[CredentialUse],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let SignInsRead {
            since,
            records,
            span,
            complete,
            unreadable,
        } = *read;
        self.write(|tx| {
            for r in records {
                let principal = r.user_id.clone().unwrap_or_default();
                if r.is_success() {
                    tx.prepare_cached(
                        "INSERT INTO consumer_state (tenant_ref, app_id, principal, last_success_at, key_id)
                         VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (tenant_ref, app_id, principal) DO UPDATE SET
                            last_success_at = excluded.last_success_at, key_id = excluded.key_id
                         WHERE excluded.last_success_at > consumer_state.last_success_at",
                    )?
                    .execute(params![tenant_ref, r.app_id, principal, r.at.to_rfc3339(), r.key_id])?;
                } else {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO consumer_failures (id, tenant_ref, app_id, principal, at, error_code, key_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![r.id, tenant_ref, r.app_id, principal, r.at.to_rfc3339(), r.error_code, r.key_id])?;
                }
            }
            for u in uses {
                tx.prepare_cached(
                    "INSERT INTO credential_uses (tenant_ref, app_id, key_id, last_sign_in_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (tenant_ref, app_id, key_id) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at",
                )?
                .execute(params![tenant_ref, u.app_id, u.key_id, u.last_sign_in_at.map(|t| t.to_rfc3339())])?;
            }
            tx.execute(
                "DELETE FROM consumer_failures WHERE tenant_ref = ?1 AND at < ?2",
                params![tenant_ref, (now - Duration::days(KEEP_FAILURES_DAYS)).to_rfc3339()],
            )?;
            let newest = span
                .map(|s| s.0)
                .or_else(|| records.iter().map(|r| r.at).max());
            let oldest = span
                .map(|s| s.1)
                .or_else(|| records.iter().map(|r| r.at).min());
            let previous: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT read_at, covered_since FROM consumer_reads WHERE tenant_ref = ?1 AND status = 'read'",
                    [tenant_ref],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            // The next read starts 15 minutes before the newest record seen (records arrive
            // late); with none seen, at the time of this read.
            let through = newest.map_or(now, |n| n.max(since)).min(now);
            let covered = match (complete, previous) {
                // A complete read that starts before the previous read was made joins the
                // coverage before it: the log has been read without a gap.
                (true, Some((prev_read_at, Some(prev_covered))))
                    if time(Some(prev_read_at.clone())).is_some_and(|t| t >= since) =>
                {
                    time(Some(prev_covered)).unwrap_or(since)
                }
                (true, _) => since,
                (false, _) => oldest.unwrap_or(now),
            };
            let detail = (unreadable > 0)
                .then(|| format!("{unreadable} records could not be read and were left out"));
            tx.execute(
                "INSERT INTO consumer_reads (tenant_ref, status, detail, read_at, read_through, covered_since)
                 VALUES (?1, 'read', ?2, ?3, ?4, ?5)
                 ON CONFLICT (tenant_ref) DO UPDATE SET status = 'read', detail = ?2, read_at = ?3,
                    read_through = ?4, covered_since = ?5",
                params![tenant_ref, detail, now.to_rfc3339(), through.to_rfc3339(), covered.to_rfc3339()],
            )?;
            Ok(())
        })
    }

    /// Records that the tenant's log could not be read: the watermark stays where it was, so
    /// nothing is skipped, and the coverage is kept (a failed read never makes anything idle).
    pub fn record_sign_in_problem(
        &self,
        tenant_ref: i64,
        state: &SignalState,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let detail = match state {
            SignalState::Denied(d) | SignalState::Failed(d) => Some(d.clone()),
            _ => None,
        };
        self.write(|tx| {
            if matches!(state, SignalState::Failed(_)) {
                // A failed read keeps the last good read's watermark and coverage.
                // `read_at` stays the last good read's: the log is known up to then only.
                let updated = tx.execute(
                    "UPDATE consumer_reads SET detail = ?2 WHERE tenant_ref = ?1 AND status = 'read'",
                    params![tenant_ref, detail.as_deref().map(|d| format!("the read at {} failed: {d}", now.format("%Y-%m-%d %H:%M UTC")))],
                )?;
                if updated > 0 {
                    return Ok(());
                }
            }
            tx.execute(
                "INSERT INTO consumer_reads (tenant_ref, status, detail, read_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant_ref) DO UPDATE SET status = ?2, detail = ?3, read_at = ?4,
                    read_through = NULL, covered_since = NULL",
                params![tenant_ref, state.as_str(), detail, now.to_rfc3339()],
            )?;
            Ok(())
        })
    }

    /// Everything known of the tenant's signal 4.
    pub fn tenant_activity(&self, tenant_ref: i64) -> Result<TenantActivity, StoreError> {
        let conn = self.read()?;
        let read: Option<(String, Option<String>, String, Option<String>)> = conn
            .query_row(
                "SELECT status, detail, read_at, covered_since FROM consumer_reads WHERE tenant_ref = ?1",
                [tenant_ref],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((status, detail, read_at, covered)) = read else {
            return Ok(TenantActivity::unavailable(SignalState::NotConfigured));
        };
        let mut out = TenantActivity::unavailable(SignalState::parse(&status, detail));
        out.read_at = time(Some(read_at));
        out.covered_since = time(covered);
        let mut stmt = conn.prepare_cached(
            "SELECT app_id, principal, last_success_at, key_id FROM consumer_state WHERE tenant_ref = ?1",
        )?;
        let rows = stmt.query_map([tenant_ref], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (app, principal, at, key) = row?;
            let a = out.activity_mut(&app, &principal);
            a.last_success_at = time(Some(at));
            a.last_success_key = key;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT f.app_id, f.principal, f.at, f.error_code, f.key_id FROM consumer_failures f
             LEFT JOIN consumer_state s ON s.tenant_ref = f.tenant_ref AND s.app_id = f.app_id AND s.principal = f.principal
             WHERE f.tenant_ref = ?1 AND (s.last_success_at IS NULL OR f.at > s.last_success_at)
             ORDER BY f.at",
        )?;
        let rows = stmt.query_map([tenant_ref], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (app, principal, at, code, key) = row?;
            let a = out.activity_mut(&app, &principal);
            if let Some(at) = time(Some(at)) {
                a.failure_count += 1;
                a.first_failure_at.get_or_insert(at);
                if a.failures.len() == crate::activity::RECENT_FAILURES {
                    a.failures.remove(0);
                }
                a.failures.push(Failure {
                    at,
                    code: code as u32,
                    key_id: key,
                });
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT app_id, key_id, last_sign_in_at FROM credential_uses WHERE tenant_ref = ?1 AND last_sign_in_at IS NOT NULL",
        )?;
        let uses: HashMap<_, _> = stmt
            .query_map([tenant_ref], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(a, k, t)| {
                Some((
                    (a.to_ascii_lowercase(), k.to_ascii_lowercase()),
                    time(Some(t))?,
                ))
            })
            .collect();
        out.credential_uses = uses;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observed::signins::EventType;
    use crate::vault::Vault;

    fn store() -> (Store, i64) {
        let s = Store::open_in_memory(Vault::from_key(&[3; 32])).unwrap();
        s.write(|tx| {
            tx.execute(
                "INSERT INTO tenants (tenant_id, name) VALUES ('t', 'T')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
        (s, 1)
    }

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::hours(h)
    }

    fn rec(id: &str, h: i64, user: &str, code: u32) -> SignIn {
        SignIn {
            id: id.into(),
            at: at(h),
            app_id: "app".into(),
            user_id: (!user.is_empty()).then(|| user.into()),
            upn: None,
            error_code: code,
            failure_reason: None,
            event: EventType::NonInteractiveUser,
            key_id: Some("k1".into()),
            correlation_id: None,
            user_agent: None,
        }
    }

    #[test]
    fn records_apply_once_and_failures_after_the_last_success_remain() {
        let (s, t) = store();
        let first = [
            rec("a", -5, "u1", 0),
            rec("b", -4, "u1", 50173),
            rec("c", -3, "u1", 50173),
            rec("d", -2, "u2", 0),
        ];
        s.record_sign_ins(
            t,
            &SignInsRead {
                span: None,
                since: at(-24),
                records: &first,
                complete: true,
                unreadable: 0,
            },
            &[],
            at(0),
        )
        .unwrap();
        // The overlap and a duplicate: the same records again change nothing.
        s.record_sign_ins(
            t,
            &SignInsRead {
                span: None,
                since: at(-1),
                records: &first,
                complete: true,
                unreadable: 1,
            },
            &[],
            at(0),
        )
        .unwrap();
        let a = s.tenant_activity(t).unwrap();
        assert_eq!(a.state, SignalState::Available);
        assert_eq!(
            a.covered_since,
            Some(at(-24)),
            "the second read joins the first"
        );
        let u1 = a.of("APP", "U1").unwrap();
        assert_eq!(u1.last_success_at, Some(at(-5)));
        assert_eq!(
            u1.failures.iter().map(|f| f.code).collect::<Vec<_>>(),
            vec![50173, 50173]
        );
        assert!(a.of("app", "u2").unwrap().failures.is_empty());
        // A success after the failures clears them from the view.
        s.record_sign_ins(
            t,
            &SignInsRead {
                span: None,
                since: at(-1),
                records: &[rec("e", -1, "u1", 0)],
                complete: true,
                unreadable: 0,
            },
            &[],
            at(0),
        )
        .unwrap();
        assert!(s
            .tenant_activity(t)
            .unwrap()
            .of("app", "u1")
            .unwrap()
            .failures
            .is_empty());
        assert_eq!(
            s.tenant_activity(t).unwrap().key_in_use("app").unwrap().0,
            "k1"
        );
    }

    #[test]
    fn a_failed_read_keeps_the_watermark_and_coverage_and_a_capped_one_narrows_it() {
        let (s, t) = store();
        s.record_sign_ins(
            t,
            &SignInsRead {
                span: None,
                since: at(-24),
                records: &[rec("a", -2, "u1", 0)],
                complete: true,
                unreadable: 0,
            },
            &[],
            at(0),
        )
        .unwrap();
        let wm = s.sign_in_watermark(t).unwrap().unwrap();
        assert_eq!(wm.read_through, Some(at(-2)));
        s.record_sign_in_problem(t, &SignalState::Failed("timeout".into()), at(1))
            .unwrap();
        let a = s.tenant_activity(t).unwrap();
        assert_eq!(
            (a.state, a.covered_since),
            (SignalState::Available, Some(at(-24)))
        );
        assert_eq!(
            a.read_at,
            Some(at(0)),
            "known up to the last good read only"
        );
        assert_eq!(
            s.sign_in_watermark(t).unwrap().unwrap().read_through,
            Some(at(-2))
        );
        // A read that stopped at its page limit covers only from its oldest record.
        let capped = [rec("b", 1, "u1", 0), rec("c", 2, "u1", 0)];
        let read = SignInsRead {
            span: None,
            since: at(-3),
            records: &capped,
            complete: false,
            unreadable: 0,
        };
        s.record_sign_ins(t, &read, &[], at(3)).unwrap();
        assert_eq!(s.tenant_activity(t).unwrap().covered_since, Some(at(1)));
        // No premium: the signal is unavailable, with no coverage.
        s.record_sign_in_problem(t, &SignalState::NoPremium, at(4))
            .unwrap();
        let a = s.tenant_activity(t).unwrap();
        assert_eq!((a.state, a.covered_since), (SignalState::NoPremium, None));
        assert!(s.sign_in_watermark(t).unwrap().is_none());
    }
}
