//! The outbox: alerts waiting to be sent, claimed by the delivery worker with a lease so a
//! crash mid-send leaves them to be sent again (at least once), never lost.

use super::{Store, StoreError};
use crate::model::AlertState;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

/// A message to send.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    /// Row id.
    pub id: i64,
    /// Idempotency key, the same on every attempt.
    pub message_id: String,
    /// Channel name.
    pub channel: String,
    /// The alert as JSON.
    pub alert: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Idempotency key.
    pub message_id: String,
    /// Channel name.
    pub channel: String,
    /// The alert as JSON.
    pub alert: String,
}

/// A queued message as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    /// Idempotency key.
    pub message_id: String,
    /// Channel name.
    pub channel: String,
    /// pending, sending, sent or dead.
    pub state: String,
    /// Attempts so far.
    pub attempts: u32,
    /// The last failure.
    pub last_error: Option<String>,
    /// The alert as JSON.
    pub alert: String,
}

/// Counts for the dashboard and metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxStats {
    /// Waiting or being sent.
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up on.
    pub dead: u64,
}

/// Queues messages inside the caller's transaction.
pub(super) fn enqueue(
    tx: &Transaction<'_>,
    rows: &[NewMessage],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached("INSERT INTO outbox (message_id, channel, alert, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?4)")?;
    for m in rows {
        stmt.execute(params![m.message_id, m.channel, m.alert, now.to_rfc3339()])?;
    }
    Ok(())
}

impl Store {
    /// Queues messages now (for test messages and tools).
    pub fn enqueue(&self, rows: &[NewMessage], now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| enqueue(tx, rows, now))
    }

    /// Claims up to `limit` due messages for `lease`: pending ones whose time has come, and ones
    /// whose earlier claim ran out (the sender crashed).
    pub fn claim_due(
        &self,
        now: DateTime<Utc>,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare(
                "UPDATE outbox SET state = 'sending', claimed_until = ?2, attempts = attempts + 1
                 WHERE id IN (SELECT id FROM outbox
                              WHERE (state = 'pending' AND next_attempt_at <= ?1) OR (state = 'sending' AND claimed_until <= ?1)
                              ORDER BY id LIMIT ?3)
                 RETURNING id, message_id, channel, alert, attempts",
            )?;
            let rows = stmt
                .query_map(params![now.to_rfc3339(), (now + lease).to_rfc3339(), limit as i64], |r| {
                    Ok(OutboxRow { id: r.get(0)?, message_id: r.get(1)?, channel: r.get(2)?, alert: r.get(3)?, attempts: r.get(4)? })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Records a delivery.
    pub fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = NULL, claimed_until = NULL WHERE id = ?1", params![id, now.to_rfc3339()])?;
            Ok(())
        })
    }

    /// Records a failed attempt: retry at `retry_at`, or dead-letter when `None`.
    pub fn mark_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            match retry_at {
                Some(at) => tx.execute("UPDATE outbox SET state = 'pending', next_attempt_at = ?2, last_error = ?3, claimed_until = NULL WHERE id = ?1", params![id, at.to_rfc3339(), error])?,
                None => tx.execute("UPDATE outbox SET state = 'dead', last_error = ?2, claimed_until = NULL WHERE id = ?1", params![id, error])?,
            };
            Ok(())
        })
    }

    /// Queues every dead letter again for a new round of attempts, once its cause is fixed.
    /// The message ids stay, so a receiver that did get one still sees each alert once.
    pub fn requeue_dead(&self, by: &str, now: DateTime<Utc>) -> Result<usize, StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?1, claimed_until = NULL
                 WHERE state = 'dead'",
                [now.to_rfc3339()],
            )?;
            super::accounts::audit(
                tx,
                now,
                by,
                "outbox.requeue",
                None,
                Some(&format!("{n} dead letters queued again")),
            )?;
            Ok(n)
        })
    }

    /// Records the last heartbeat ping.
    pub fn record_heartbeat(
        &self,
        ping: &crate::alerts::heartbeat::LastPing,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_vec(ping).unwrap_or_default();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('heartbeat', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [json],
            )?;
            Ok(())
        })
    }

    /// The last heartbeat ping, if any was sent.
    pub fn last_heartbeat(&self) -> Result<Option<crate::alerts::heartbeat::LastPing>, StoreError> {
        let v: Option<Vec<u8>> = self
            .read()?
            .query_row("SELECT value FROM meta WHERE key = 'heartbeat'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| serde_json::from_slice(&v).ok()))
    }

    /// Counts per state.
    pub fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT state, count(*) FROM outbox GROUP BY state")?;
        let mut s = OutboxStats::default();
        for r in stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })? {
            let (state, n) = r?;
            match state.as_str() {
                "sent" => s.sent = n,
                "dead" => s.dead = n,
                _ => s.pending += n,
            }
        }
        Ok(s)
    }

    /// The newest messages of a channel: (message id, state, attempts, last error, alert JSON).
    pub fn outbox_messages(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT message_id, channel, state, attempts, last_error, alert FROM outbox ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(OutboxMessage {
                    message_id: r.get(0)?,
                    channel: r.get(1)?,
                    state: r.get(2)?,
                    attempts: r.get(3)?,
                    last_error: r.get(4)?,
                    alert: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// What the alert rules decided for a cycle.
#[derive(Debug, Default)]
pub struct AlertOutcome {
    /// Messages to queue.
    pub messages: Vec<NewMessage>,
    /// New alert state per target key.
    pub updates: Vec<(String, AlertState)>,
}

const READ_STATE: &str = "SELECT last_alert_at, last_threshold, acked_at, acked_by, silenced_until, silence_reason FROM alert_state WHERE target_key = ?1";

fn time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().map(super::targets::parse_time)
}

/// The alert state of a target (and its tenant's maintenance window), inside a transaction.
pub(super) fn read_state(
    tx: &Transaction<'_>,
    key: &str,
    tenant_id: &str,
) -> Result<AlertState, StoreError> {
    let mut stmt = tx.prepare_cached(READ_STATE)?;
    let mut s = stmt
        .query_row([key], |r| {
            Ok(AlertState {
                last_alert_at: time(r.get(0)?),
                last_threshold: r.get(1)?,
                acked_at: time(r.get(2)?),
                acked_by: r.get(3)?,
                silenced_until: time(r.get(4)?),
                silence_reason: r.get(5)?,
                tenant_silenced_until: None,
            })
        })
        .optional()?
        .unwrap_or_default();
    s.tenant_silenced_until = stmt
        .query_row(
            [crate::key::TargetKey::tenant(tenant_id).to_string()],
            |r| Ok(time(r.get(4)?)),
        )
        .optional()?
        .flatten();
    Ok(s)
}

/// Writes new alert states inside a transaction.
pub(super) fn write_states(
    tx: &Transaction<'_>,
    updates: &[(String, AlertState)],
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO alert_state (target_key, last_alert_at, last_threshold, acked_at, acked_by, silenced_until, silence_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (target_key) DO UPDATE SET last_alert_at = ?2, last_threshold = ?3, acked_at = ?4, acked_by = ?5, silenced_until = ?6, silence_reason = ?7",
    )?;
    for (key, s) in updates {
        stmt.execute(params![
            key,
            s.last_alert_at.map(|t| t.to_rfc3339()),
            s.last_threshold,
            s.acked_at.map(|t| t.to_rfc3339()),
            s.acked_by,
            s.silenced_until.map(|t| t.to_rfc3339()),
            s.silence_reason
        ])?;
    }
    Ok(())
}

impl Store {
    /// The alert state of a target (`tenant:ID` for a tenant's maintenance window).
    pub fn alert_state(&self, key: &str, tenant_id: &str) -> Result<AlertState, StoreError> {
        self.write(|tx| read_state(tx, key, tenant_id))
    }

    /// Acknowledges a target's alert: no reminders until its status changes.
    pub fn acknowledge(&self, key: &str, by: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut s = read_state(tx, key, "")?;
            s.acked_at = Some(now);
            s.acked_by = Some(by.to_string());
            write_states(tx, &[(key.to_string(), s)])?;
            super::accounts::audit(tx, now, by, "alert.acknowledge", Some(key), None)
        })
    }

    /// Silences a target (or `tenant:ID`: a maintenance window) until `until`; `None` lifts it.
    pub fn silence(
        &self,
        key: &str,
        until: Option<DateTime<Utc>>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut s = read_state(tx, key, "")?;
            s.silenced_until = until;
            s.silence_reason = until.map(|_| reason.to_string());
            write_states(tx, &[(key.to_string(), s)])?;
            let detail = until.map(|u| format!("until {} — {reason}", u.to_rfc3339()));
            super::accounts::audit(
                tx,
                now,
                by,
                if until.is_some() {
                    "alert.silence"
                } else {
                    "alert.unsilence"
                },
                Some(key),
                detail.as_deref(),
            )
        })
    }
}

/// A target or tenant someone acknowledged or silenced (a tenant's silence is a maintenance
/// window).
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    /// `app:…`, `mailbox:…` or `tenant:…`.
    pub target_key: String,
    /// Acknowledged: by whom, when.
    pub acked: Option<(String, DateTime<Utc>)>,
    /// Silenced (or in maintenance) until, why, and by whom (from the audit log).
    pub silenced: Option<(DateTime<Utc>, String, Option<String>)>,
}

impl Store {
    /// Every acknowledgement, and every silence and maintenance window still running at
    /// `now`, silences ending soonest first.
    pub fn attention(&self, now: DateTime<Utc>) -> Result<Vec<Attention>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT s.target_key, s.acked_by, s.acked_at, s.silenced_until, s.silence_reason,
                    (SELECT actor FROM audit_log WHERE action = 'alert.silence' AND target = s.target_key ORDER BY at DESC, id DESC LIMIT 1)
             FROM alert_state s
             WHERE s.acked_at IS NOT NULL OR s.silenced_until > ?1
             ORDER BY s.silenced_until IS NULL, s.silenced_until, s.acked_at DESC",
        )?;
        let rows = stmt
            .query_map([now.to_rfc3339()], |r| {
                let time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
                    Ok(r.get::<_, Option<String>>(i)?
                        .map(|t| super::targets::parse_time(&t)))
                };
                let acked = r.get::<_, Option<String>>(1)?.zip(time(2)?);
                let silenced = time(3)?
                    .filter(|u| *u > now)
                    .map(|u| -> rusqlite::Result<_> {
                        Ok((
                            u,
                            r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                            r.get(5)?,
                        ))
                    })
                    .transpose()?;
                Ok(Attention {
                    target_key: r.get(0)?,
                    acked,
                    silenced,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
