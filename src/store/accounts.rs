//! Dashboard accounts, sessions and the audit log.

use super::targets::parse_time;
use super::users::end_sessions;
use super::{Store, StoreError};
use crate::accounts::{random_token, token_hash, Role};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension};

/// A dashboard account.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// What it may do.
    pub role: Role,
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: User,
    /// The token forms must carry.
    pub csrf: String,
    /// The account's own time zone, if it chose one.
    pub time_zone: Option<String>,
}

/// Sessions as last read, valid while the database's commit stamp stays the same.
#[derive(Default)]
pub(super) struct SessionCache {
    stamp: Option<(i64, u64)>,
    map: std::collections::HashMap<String, Option<(Session, DateTime<Utc>)>>,
}

/// Sessions kept in the cache at most (it is emptied when full).
const SESSION_CACHE_SIZE: usize = 10_000;

/// One audit log entry.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What (`login`, `check_now`, `tenant.create`, …).
    pub action: String,
    /// On what.
    pub target: Option<String>,
    /// Detail.
    pub detail: Option<String>,
}

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

impl Store {
    /// Creates an account, or replaces the password and role of an existing one and signs it
    /// out everywhere (the command line's way back in, and its way to lock a stolen account).
    pub fn upsert_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let id = tx.query_row(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET role = ?2, password_hash = ?3 RETURNING id",
                params![name, role.as_str(), password_hash, now.to_rfc3339()],
                |r| r.get(0),
            )?;
            end_sessions(tx, id, None)?;
            audit(
                tx,
                now,
                "cli",
                "user.upsert",
                Some(name),
                Some(role.as_str()),
            )?;
            Ok(id)
        })
    }

    /// An account and its password hash, by name.
    pub fn user_by_name(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        Ok(self
            .read()?
            .query_row(
                "SELECT id, name, role, password_hash FROM users WHERE name = ?1",
                [name],
                |r| {
                    Ok((
                        User {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Viewer),
                        },
                        r.get(3)?,
                    ))
                },
            )
            .optional()?)
    }

    /// All accounts.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT id, name, role FROM users ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(User {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Viewer),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Starts a session; returns the cookie value (only its hash is stored).
    pub fn create_session(&self, user: &User, now: DateTime<Utc>) -> Result<String, StoreError> {
        let token = random_token();
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE expires_at < ?1", [now.to_rfc3339()])?;
            tx.execute(
                "INSERT INTO sessions (token_hash, user_ref, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![token_hash(&token), user.id, random_token(), now.to_rfc3339(), (now + Duration::hours(SESSION_HOURS)).to_rfc3339()],
            )?;
            tx.execute(
                "UPDATE users SET last_login_at = ?2 WHERE id = ?1",
                params![user.id, now.to_rfc3339()],
            )?;
            audit(tx, now, &user.name, "login", None, None)?;
            Ok(())
        })?;
        Ok(token)
    }

    /// The live session of a cookie value.
    pub fn session(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
        // The stamp before the read: a commit after it empties the cache at the next look.
        let stamp = self.commit_stamp()?;
        let found = self.session_uncached(token, now)?;
        let mut cache = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if cache.stamp != Some(stamp) {
            cache.stamp = Some(stamp);
            cache.map.clear();
        }
        if cache.map.len() >= SESSION_CACHE_SIZE {
            cache.map.clear();
        }
        cache.map.insert(token_hash(token), found.clone());
        Ok(found.map(|(s, _)| s))
    }

    /// A session as last read, if nothing was committed since (by this process or another
    /// sharing the database): no query, so page requests need not leave the async worker to
    /// know who is asking. `None`: not known, ask [`Store::session`].
    pub fn cached_session(&self, token: &str, now: DateTime<Utc>) -> Option<Option<Session>> {
        let stamp = self.commit_stamp().ok()?;
        let cache = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if cache.stamp != Some(stamp) {
            return None;
        }
        let hit = cache.map.get(&token_hash(token))?;
        Some(
            hit.clone()
                .filter(|(_, expires)| *expires > now)
                .map(|(s, _)| s),
        )
    }

    fn session_uncached(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, DateTime<Utc>)>, StoreError> {
        let row = self
            .read()?
            .prepare_cached(
                "SELECT u.id, u.name, u.role, s.csrf, s.expires_at, u.time_zone FROM sessions s JOIN users u ON u.id = s.user_ref WHERE s.token_hash = ?1",
            )?
            .query_row(
                [token_hash(token)],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?)),
            )
            .optional()?;
        Ok(row.and_then(|(id, name, role, csrf, expires, time_zone)| {
            let expires = parse_time(&expires);
            (expires > now).then(|| {
                (
                    Session {
                        user: User {
                            id,
                            name,
                            role: Role::parse(&role).unwrap_or(Role::Viewer),
                        },
                        csrf,
                        time_zone,
                    },
                    expires,
                )
            })
        }))
    }

    /// Ends a session.
    pub fn delete_session(&self, token: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                [token_hash(token)],
            )?;
            Ok(())
        })
    }

    /// Writes one audit entry.
    pub fn audit(
        &self,
        now: DateTime<Utc>,
        actor: &str,
        action: &str,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| audit(tx, now, actor, action, target, detail))
    }

    /// Audit entries, newest first.
    pub fn audit_log(&self, limit: usize, offset: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_search("", limit, offset)
    }

    /// Audit entries whose actor, action, target or detail contains `q` (any case), newest
    /// first; `""` matches all.
    pub fn audit_search(
        &self,
        q: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let all = super::HistoryFilter {
            sign_ins: true,
            ..Default::default()
        };
        self.audit_filtered(q, &all, limit, offset)
    }

    /// How many sign-ins (`login`) match `q` and `f` apart from the sign-in switch: the rows
    /// the History page folds.
    pub fn sign_ins_folded(&self, q: &str, f: &super::HistoryFilter) -> Result<i64, StoreError> {
        let conn = self.read()?;
        Ok(conn.query_row(
            &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND {AUDIT_WHERE}"),
            params![
                q,
                super::like_pattern(q),
                f.actor,
                f.from.map(|t| t.to_rfc3339()),
                f.to.map(|t| t.to_rfc3339()),
                true,
            ],
            |r| r.get(0),
        )?)
    }

    /// Everyone who did something, for the History page's filter.
    pub fn audit_actors(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Audit entries matching `q` (in any column) and `f`, newest first.
    pub fn audit_filtered(
        &self,
        q: &str,
        f: &super::HistoryFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let conn = self.read()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT at, actor, action, target, detail FROM audit_log WHERE {AUDIT_WHERE}
             ORDER BY at DESC, id DESC LIMIT ?7 OFFSET ?8"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    q,
                    super::like_pattern(q),
                    f.actor,
                    f.from.map(|t| t.to_rfc3339()),
                    f.to.map(|t| t.to_rfc3339()),
                    f.sign_ins,
                    limit as i64,
                    offset as i64
                ],
                |r| {
                    Ok(AuditEntry {
                        at: parse_time(&r.get::<_, String>(0)?),
                        actor: r.get(1)?,
                        action: r.get(2)?,
                        target: r.get(3)?,
                        detail: r.get(4)?,
                    })
                },
            )?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// The audit log's filter: ?1 the text, ?2 its LIKE pattern, ?3 the actor, ?4 and ?5 the
/// period, ?6 whether sign-ins count.
const AUDIT_WHERE: &str = "(?1 = '' OR actor LIKE ?2 ESCAPE '\\' OR action LIKE ?2 ESCAPE '\\'
        OR target LIKE ?2 ESCAPE '\\' OR detail LIKE ?2 ESCAPE '\\')
    AND (?3 IS NULL OR actor = ?3)
    AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)
    AND (?6 OR action != 'login')";

/// Writes an audit entry inside a transaction, so the action and its record commit together.
pub(super) fn audit(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now.to_rfc3339(), actor, action, target, detail],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    #[test]
    fn sessions_expire_and_end() {
        let store = Store::open_in_memory(Vault::from_key(&[1; 32])).unwrap();
        let now = Utc::now();
        store
            .upsert_user("anna", Role::Operator, "$argon2id$x", now)
            .unwrap();
        let (user, _) = store.user_by_name("ANNA").unwrap().unwrap();
        let token = store.create_session(&user, now).unwrap();
        let s = store.session(&token, now).unwrap().unwrap();
        assert_eq!(s.user.role, Role::Operator);
        assert!(store
            .session(&token, now + Duration::hours(SESSION_HOURS + 1))
            .unwrap()
            .is_none());
        assert!(store.session("forged", now).unwrap().is_none());
        store.delete_session(&token).unwrap();
        assert!(store.session(&token, now).unwrap().is_none());
        let log = store.audit_log(10, 0).unwrap();
        assert_eq!(
            log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            vec!["login", "user.upsert"]
        );
    }
}
