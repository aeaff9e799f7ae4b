//! Dashboard accounts managed on the Users page: the list, creating and changing accounts
//! (never removing the last admin), and ending an account's sessions.

use super::accounts::{audit, User};
use super::targets::parse_time;
use super::{Store, StoreError};
use crate::accounts::{token_hash, Role};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// A dashboard account as the users page lists it.
#[derive(Debug, Clone)]
pub struct UserRow {
    /// The account.
    pub user: User,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Its last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Sessions still open.
    pub sessions: i64,
}

/// A change to an account made on the dashboard.
#[derive(Debug, Clone)]
pub struct UserChange<'a> {
    /// The new role.
    pub role: Role,
    /// A new password's hash, when it is reset.
    pub password_hash: Option<&'a str>,
}

const LAST_ADMIN: &str =
    "this is the last admin account: make another account admin first, so somebody can still manage linkwatch";

impl Store {
    /// Every account with its last sign-in and open sessions.
    pub fn user_rows(&self, now: DateTime<Utc>) -> Result<Vec<UserRow>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT u.id, u.name, u.role, u.created_at, u.last_login_at,
                    (SELECT COUNT(*) FROM sessions s WHERE s.user_ref = u.id AND s.expires_at > ?1)
             FROM users u ORDER BY u.name",
        )?;
        let rows = stmt
            .query_map([now.to_rfc3339()], |r| {
                Ok(UserRow {
                    user: User {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Viewer),
                    },
                    created_at: parse_time(&r.get::<_, String>(3)?),
                    last_login_at: r.get::<_, Option<String>>(4)?.as_deref().map(parse_time),
                    sessions: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One account, by id.
    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        Ok(self.users()?.into_iter().find(|u| u.id == id))
    }

    /// Creates an account; a name already taken (in any case) is refused.
    pub fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Invalid(format!(
                    "an account named {name} already exists"
                )));
            }
            tx.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, role.as_str(), password_hash, now.to_rfc3339()],
            )?;
            let id = tx.last_insert_rowid();
            audit(tx, now, by, "user.create", Some(name), Some(role.as_str()))?;
            Ok(id)
        })
    }

    /// Changes an account's role and, when given, resets its password: then every session of
    /// that account ends except `keep` (the caller's own, when it edits itself). The last admin
    /// keeps its role.
    pub fn update_user(
        &self,
        id: i64,
        change: &UserChange<'_>,
        by: &str,
        keep: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let (name, role) = user_in(tx, id)?;
            if role == Role::Admin && change.role != Role::Admin && other_admins(tx, id)? == 0 {
                return Err(StoreError::Invalid(LAST_ADMIN.into()));
            }
            tx.execute(
                "UPDATE users SET role = ?2 WHERE id = ?1",
                params![id, change.role.as_str()],
            )?;
            let mut detail = Vec::new();
            if role != change.role {
                detail.push(format!("role {} → {}", role.as_str(), change.role.as_str()));
            }
            if let Some(hash) = change.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                    params![id, hash],
                )?;
                end_sessions(tx, id, keep)?;
                detail.push("password reset, sessions ended".into());
            }
            let detail = (!detail.is_empty()).then(|| detail.join("; "));
            audit(tx, now, by, "user.update", Some(&name), detail.as_deref())
        })
    }

    /// Deletes an account and its sessions. Nobody deletes their own account, and the last
    /// admin stays.
    pub fn delete_user(&self, id: i64, by: &User, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|tx| {
            let (name, role) = user_in(tx, id)?;
            if id == by.id {
                return Err(StoreError::Invalid(
                    "you cannot delete your own account; another admin can".into(),
                ));
            }
            if role == Role::Admin && other_admins(tx, id)? == 0 {
                return Err(StoreError::Invalid(LAST_ADMIN.into()));
            }
            tx.execute("DELETE FROM users WHERE id = ?1", [id])?;
            audit(
                tx,
                now,
                &by.name,
                "user.delete",
                Some(&name),
                Some(role.as_str()),
            )
        })
    }

    /// Whether `password` is the account's current one.
    pub fn password_matches(&self, id: i64, password: &str) -> Result<bool, StoreError> {
        let hash: Option<String> = self
            .read()?
            .query_row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(hash.is_some_and(|h| crate::accounts::verify_password(password, &h)))
    }

    /// How many sessions of account `id` are open.
    pub fn open_sessions(&self, id: i64, now: DateTime<Utc>) -> Result<i64, StoreError> {
        Ok(self.read()?.query_row(
            "SELECT COUNT(*) FROM sessions WHERE user_ref = ?1 AND expires_at > ?2",
            params![id, now.to_rfc3339()],
            |r| r.get(0),
        )?)
    }

    /// Ends every session of `user` but the one whose cookie is `keep`; returns how many.
    pub fn end_other_sessions(
        &self,
        user: &User,
        keep: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            let ended = end_sessions(tx, user.id, Some(keep))?;
            audit(
                tx,
                now,
                &user.name,
                "sessions.end",
                Some(&user.name),
                Some(&format!("{ended} other sessions ended")),
            )?;
            Ok(ended)
        })
    }

    /// Sets a user's own new password and ends their other sessions.
    pub fn change_own_password(
        &self,
        user: &User,
        password_hash: &str,
        keep: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                params![user.id, password_hash],
            )?;
            let ended = end_sessions(tx, user.id, Some(keep))?;
            audit(
                tx,
                now,
                &user.name,
                "password.change",
                Some(&user.name),
                Some(&format!("{ended} other sessions ended")),
            )
        })
    }
}

impl super::Store {
    /// Sets an account's own time zone (`None`: the server's); audited.
    pub fn set_time_zone(
        &self,
        user: &User,
        zone: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET time_zone = ?2 WHERE id = ?1",
                params![user.id, zone],
            )?;
            audit(
                tx,
                now,
                &user.name,
                "account.time_zone",
                Some(&user.name),
                Some(zone.unwrap_or("the server's")),
            )
        })
    }
}

/// The name and role of account `id`.
fn user_in(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<(String, Role), StoreError> {
    tx.query_row("SELECT name, role FROM users WHERE id = ?1", [id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Role::parse(&r.get::<_, String>(1)?).unwrap_or(Role::Viewer),
        ))
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no account with id {id}")))
}

fn other_admins(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<i64, StoreError> {
    Ok(tx.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND id != ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Ends the sessions of account `id`, except the one whose cookie is `keep`.
pub(super) fn end_sessions(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    keep: Option<&str>,
) -> Result<usize, StoreError> {
    let keep = keep.map(token_hash).unwrap_or_default();
    Ok(tx.execute(
        "DELETE FROM sessions WHERE user_ref = ?1 AND token_hash != ?2",
        params![id, keep],
    )?)
}
