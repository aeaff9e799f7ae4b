//! The outbox: alerts waiting to be sent, claimed by the delivery worker with a lease so a
//! crash mid-send leaves them to be sent again (at least once), never lost.

use super::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Transaction};

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

    /// Counts per state.
    pub fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        let conn = self.conn();
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
        let conn = self.conn();
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
