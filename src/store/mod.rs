//! The SQLite store: opening (WAL, foreign keys, busy timeout), the migration runner, and
//! the key check. One file per group of tables: `targets.rs`, `results.rs`.

mod accounts;
mod api_tokens;
mod cache;
mod channels;
mod connect;
mod consumer;
mod discovered;
mod fixes;
mod manage;
mod outbox;
mod relink;
mod results;
mod snapshots;
mod targets;
mod users;
mod views;

pub use accounts::{AuditEntry, Session, User};
pub use api_tokens::ApiToken;
pub use cache::OverviewData;
pub use connect::{ConsentFlow, WatchAll};
pub use consumer::{SignInsRead, Watermark};
pub use discovered::NewMailApp;
pub use fixes::{Closed, Fix, FixKind};
pub use manage::{AppInput, MailboxInput, Managed, PickedMailbox, TenantInput};
pub use outbox::{AlertOutcome, Attention, NewMessage, OutboxMessage, OutboxRow, OutboxStats};
pub use relink::RelinkRefused;
pub use results::{AlertPlanner, HistoryEntry, TargetState};
pub use snapshots::{AppSnapshot, CredentialView, MailboxSnapshot, Snapshots};
pub use targets::SyncSummary;
pub use users::{UserChange, UserRow};
pub use views::{
    AppDetail, CycleSummary, HistoryFilter, LinkInfo, MailboxDetail, OverviewFilter, StatusCounts,
    TargetRow, TenantDetail,
};

use crate::vault::{Vault, VaultError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The migrations, in order. Append only.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        "0002_cycles",
        include_str!("../../migrations/0002_cycles.sql"),
    ),
    (
        "0003_dashboard",
        include_str!("../../migrations/0003_dashboard.sql"),
    ),
    (
        "0004_alerts",
        include_str!("../../migrations/0004_alerts.sql"),
    ),
    (
        "0005_relink",
        include_str!("../../migrations/0005_relink.sql"),
    ),
    (
        "0006_channels",
        include_str!("../../migrations/0006_channels.sql"),
    ),
    (
        "0007_owners",
        include_str!("../../migrations/0007_owners.sql"),
    ),
    (
        "0008_api_tokens",
        include_str!("../../migrations/0008_api_tokens.sql"),
    ),
    (
        "0009_user_sign_ins",
        include_str!("../../migrations/0009_user_sign_ins.sql"),
    ),
    (
        "0010_consumer_sign_ins",
        include_str!("../../migrations/0010_consumer_sign_ins.sql"),
    ),
    (
        "0011_connect",
        include_str!("../../migrations/0011_connect.sql"),
    ),
    (
        "0012_all_apps",
        include_str!("../../migrations/0012_all_apps.sql"),
    ),
    (
        "0013_discovered",
        include_str!("../../migrations/0013_discovered.sql"),
    ),
    (
        "0014_left_out",
        include_str!("../../migrations/0014_left_out.sql"),
    ),
    (
        "0015_time_zone",
        include_str!("../../migrations/0015_time_zone.sql"),
    ),
    (
        "0016_mailbox_address",
        include_str!("../../migrations/0016_mailbox_address.sql"),
    ),
];

const KEY_CHECK_PURPOSE: &str = "key_check";
const KEY_CHECK_PLAIN: &[u8] = b"linkwatch key check";

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A sealed value could not be opened.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The database is newer than this binary.
    #[error("the database is at schema version {found}, newer than this linkwatch knows ({known}); upgrade linkwatch")]
    TooNew {
        /// Version in the file.
        found: usize,
        /// Latest version known.
        known: usize,
    },
    /// A lookup found nothing.
    #[error("{0}")]
    NotFound(String),
    /// Input was refused.
    #[error("{0}")]
    Invalid(String),
}

/// `%q%` for `LIKE … ESCAPE '\'`: `q`'s own `%`, `_` and `\` match only themselves.
fn like_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A handle on the database, shared by the scheduler, the web server and commands: one
/// writer connection (behind a lock: SQLite has one writer at a time) and, for a database in a
/// file, a small pool of read-only connections, so that reads never wait for a long write (a
/// cycle's commit at 10,000 mailboxes, a backup); WAL lets them read beside it.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    readers: Option<Readers>,
    vault: Vault,
    cache: Arc<Mutex<cache::ViewCache>>,
    sessions: Arc<Mutex<accounts::SessionCache>>,
}

/// The read connections, and one more that only watches for commits (`PRAGMA data_version`).
#[derive(Clone)]
struct Readers {
    pool: r2d2::Pool<r2d2_sqlite::SqliteConnectionManager>,
    watch: Arc<Mutex<Connection>>,
}

/// Read connections in the pool.
const READERS: u32 = 4;

/// A connection to read with: from the pool, or the writer's for an in-memory database.
pub(crate) enum ReadConn<'a> {
    Pooled(r2d2::PooledConnection<r2d2_sqlite::SqliteConnectionManager>),
    Writer(MutexGuard<'a, Connection>),
}

impl std::ops::Deref for ReadConn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            ReadConn::Pooled(c) => c,
            ReadConn::Writer(c) => c,
        }
    }
}

fn open_reader(path: &Path) -> Result<Connection, rusqlite::Error> {
    let c = Connection::open(path)?;
    init_reader(&c)?;
    Ok(c)
}

fn init_reader(c: &Connection) -> Result<(), rusqlite::Error> {
    c.busy_timeout(Duration::from_secs(30))?;
    c.pragma_update(None, "query_only", true)
}

impl Store {
    /// Opens (creating when missing) the database at `path`, migrates it and checks the key.
    pub fn open(path: &Path, vault: Vault) -> Result<Store, StoreError> {
        let mut store = Store::from_connection(Connection::open(path)?, vault)?;
        let manager =
            r2d2_sqlite::SqliteConnectionManager::file(path).with_init(|c| init_reader(c));
        let pool = r2d2::Pool::builder()
            .max_size(READERS)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(30))
            .build(manager)
            .map_err(|e| StoreError::Invalid(format!("opening read connections: {e}")))?;
        store.readers = Some(Readers {
            pool,
            watch: Arc::new(Mutex::new(open_reader(path)?)),
        });
        Ok(store)
    }

    /// An in-memory database, for tests: reads use the one connection.
    pub fn open_in_memory(vault: Vault) -> Result<Store, StoreError> {
        Store::from_connection(Connection::open_in_memory()?, vault)
    }

    fn from_connection(conn: Connection, vault: Vault) -> Result<Store, StoreError> {
        // Several processes may share the file (`check --once` next to `serve`): WAL lets readers
        // run beside one writer, and the busy timeout makes a writer wait instead of failing.
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A cycle's commit runs a dozen statements per target: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        let mut conn = conn;
        migrate(&mut conn, MIGRATIONS.len())?;
        check_key(&mut conn, &vault)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            readers: None,
            vault,
            cache: Default::default(),
            sessions: Default::default(),
        })
    }

    /// Runs `f` on the blocking thread pool, for async callers: SQLite calls (and waits for the
    /// writer) never hold an async worker.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| StoreError::Invalid(format!("a database task failed: {e}")))?
    }

    /// The key that signs form tokens, derived from the encryption key (see
    /// [`Vault::form_key`]).
    pub fn form_key(&self) -> [u8; 32] {
        self.vault.form_key()
    }

    /// The writer connection.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite itself consistent; keep going.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A connection for reads, which does not wait for the writer.
    pub(crate) fn read(&self) -> Result<ReadConn<'_>, StoreError> {
        match &self.readers {
            Some(r) => r
                .pool
                .get()
                .map(ReadConn::Pooled)
                .map_err(|e| StoreError::Invalid(format!("no read connection: {e}"))),
            None => Ok(ReadConn::Writer(self.conn())),
        }
    }

    /// A number that changes whenever anyone commits (this process's writer or another
    /// process), read without waiting for the writer.
    fn commit_stamp(&self) -> Result<(i64, u64), StoreError> {
        let read = |c: &Connection| -> Result<i64, StoreError> {
            Ok(c.prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get(0))?)
        };
        match &self.readers {
            // `data_version` moves on every other connection's commit, the writer's included.
            Some(r) => Ok((read(&r.watch.lock().unwrap_or_else(|e| e.into_inner()))?, 0)),
            None => {
                let c = self.conn();
                Ok((read(&c)?, c.total_changes()))
            }
        }
    }

    /// Runs `f` in an IMMEDIATE transaction: the write lock is taken at once, so two
    /// processes never deadlock upgrading a read lock.
    fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        Ok(schema_version(&*self.read()?)?)
    }

    /// Runs `PRAGMA integrity_check`; `Ok("ok")` when healthy.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .read()?
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn schema_version(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| v as usize)
}

/// Applies migrations up to `target` (a count), each in its own transaction with its version.
pub fn migrate(conn: &mut Connection, target: usize) -> Result<(), StoreError> {
    let current = schema_version(conn)?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            found: current,
            known: MIGRATIONS.len(),
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().take(target).skip(current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if schema_version(&tx)? > i {
            continue;
        }
        tracing::info!(migration = name, "applying database migration");
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn check_key(conn: &mut Connection, vault: &Vault) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored: Option<Vec<u8>> = tx
        .query_row("SELECT value FROM meta WHERE key = 'key_check'", [], |r| {
            r.get(0)
        })
        .optional()?;
    match stored {
        Some(sealed) => {
            vault
                .open_sealed(KEY_CHECK_PURPOSE, &sealed)
                .map_err(|_| VaultError::WrongKey("data (key check)".into()))?;
        }
        None => {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('key_check', ?1)",
                [vault.seal(KEY_CHECK_PURPOSE, KEY_CHECK_PLAIN)],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

impl Store {
    /// Seals `text` for a form to carry back (base64url), readable only by this server and
    /// only for `purpose` (bind it to the session).
    pub fn seal_for_form(&self, purpose: &str, text: &str) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(self.vault.seal(purpose, text.as_bytes()))
    }

    /// Opens what [`Store::seal_for_form`] sealed for `purpose`; `None` when it was not.
    pub fn open_from_form(&self, purpose: &str, sealed: &str) -> Option<String> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(sealed.trim())
            .ok()?;
        self.vault.open_string(purpose, &bytes).ok()
    }
}

impl Store {
    /// Copies the live database to `dest` with SQLite's online backup (safe while `serve` and
    /// other processes write), then checks the copy's integrity.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} exists already; choose a new file",
                dest.display()
            )));
        }
        let mut out = Connection::open(dest)?;
        {
            // From a read connection: the backup never holds up the writer.
            let conn = self.read()?;
            let backup = rusqlite::backup::Backup::new(&conn, &mut out)?;
            backup.run_to_completion(256, Duration::from_millis(10), None)?;
        }
        let check: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Invalid(format!(
                "the copy fails its integrity check: {check}"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_migration_upgrades_with_data_kept() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 1).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 1);
        conn.execute(
            "INSERT INTO status_history (target_key, status, findings, changed_at) VALUES ('app:t/c', 'ok', '[]', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        assert!(conn.execute("SELECT * FROM cycles", []).is_err());
        migrate(&mut conn, MIGRATIONS.len()).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), MIGRATIONS.len());
        let n: i64 = conn
            .query_row("SELECT count(*) FROM status_history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        conn.execute("INSERT INTO cycles (started_at) VALUES ('x')", [])
            .unwrap();
    }

    #[test]
    fn wrong_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        Store::open(&path, Vault::from_key(&[1; 32])).unwrap();
        let err = Store::open(&path, Vault::from_key(&[2; 32])).err().unwrap();
        assert!(err.to_string().contains("encryption key"), "{err}");
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        Store::open(&path, Vault::from_key(&[1; 32])).unwrap();
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&path, Vault::from_key(&[1; 32])).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    }
}
