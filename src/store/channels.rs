//! Alert channels managed on the dashboard; their settings are sealed (they hold passwords,
//! URLs with tokens and signing secrets).

use super::accounts::audit;
use super::{Store, StoreError};
use crate::alerts::channel::ChannelDraft;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

const PURPOSE: &str = "channel_settings";

impl Store {
    /// Every channel managed on the dashboard, with its row id.
    pub fn channels(&self) -> Result<Vec<(i64, ChannelDraft)>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT id, settings FROM channels ORDER BY name")?;
        let rows: Vec<(i64, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, sealed)| {
                let json = self.vault.open_string(PURPOSE, &sealed)?;
                let cfg = serde_json::from_str(&json)
                    .map_err(|e| StoreError::Invalid(format!("stored channel {id}: {e}")))?;
                Ok((id, cfg))
            })
            .collect()
    }

    /// Creates or updates a channel (already validated).
    pub fn save_channel(
        &self,
        id: Option<i64>,
        c: &ChannelDraft,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sealed = self.vault.seal(
            PURPOSE,
            serde_json::to_string(c).unwrap_or_default().as_bytes(),
        );
        self.write(|tx| {
            let taken: Option<i64> = tx.query_row("SELECT id FROM channels WHERE name = ?1", [&c.name], |r| r.get(0)).optional()?;
            if taken.is_some_and(|t| Some(t) != id) {
                return Err(StoreError::Invalid(format!("a channel named {:?} already exists", c.name)));
            }
            let id = match id {
                None => tx.query_row("INSERT INTO channels (name, kind, settings, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id", params![c.name, c.kind, sealed, now.to_rfc3339()], |r| r.get(0))?,
                Some(id) => {
                    if tx.execute("UPDATE channels SET name = ?2, kind = ?3, settings = ?4 WHERE id = ?1", params![id, c.name, c.kind, sealed])? == 0 {
                        return Err(StoreError::NotFound("the channel no longer exists".into()));
                    }
                    id
                }
            };
            audit(tx, now, actor, "channel.save", Some(&c.name), Some(&c.kind))?;
            Ok(id)
        })
    }

    /// Deletes a managed channel.
    pub fn delete_channel(
        &self,
        id: i64,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let name: Option<String> = tx
                .query_row("SELECT name FROM channels WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(name) = name else {
                return Err(StoreError::NotFound("the channel no longer exists".into()));
            };
            tx.execute("DELETE FROM channels WHERE id = ?1", [id])?;
            audit(tx, now, actor, "channel.delete", Some(&name), None)
        })
    }
}
