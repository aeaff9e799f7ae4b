//! API tokens for the read-only API: created with a name and a role, shown once, stored as
//! hashes, listed without their values, revoked.

use super::accounts::audit;
use super::targets::parse_time;
use super::{Store, StoreError};
use crate::accounts::{random_token, token_hash};
use chrono::{DateTime, Utc};
use rusqlite::params;

/// An API token as listed (never its value).
#[derive(Debug, Clone)]
pub struct ApiToken {
    /// Row id.
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Last use.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Creates an API token; returns its value (shown once; only its hash is kept).
    pub fn create_api_token(
        &self,
        name: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = format!("lw_{}", random_token());
        self.write(|tx| {
            tx.execute("INSERT INTO api_tokens (name, token_hash, created_by, created_at) VALUES (?1, ?2, ?3, ?4)", params![name, token_hash(&token), by, now.to_rfc3339()])?;
            audit(tx, now, by, "api_token.create", Some(name), None)
        })?;
        Ok(token)
    }

    /// Whether a presented API token is valid (and records its use).
    pub fn check_api_token(&self, token: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1",
                params![token_hash(token), now.to_rfc3339()],
            )? == 1)
        })
    }

    /// All API tokens.
    pub fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT id, name, created_by, created_at, last_used_at FROM api_tokens ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_by: r.get(2)?,
                    created_at: parse_time(&r.get::<_, String>(3)?),
                    last_used_at: r.get::<_, Option<String>>(4)?.as_deref().map(parse_time),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Revokes an API token.
    pub fn delete_api_token(
        &self,
        id: i64,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM api_tokens WHERE id = ?1", [id])?;
            audit(tx, now, by, "api_token.delete", Some(&id.to_string()), None)
        })
    }
}
