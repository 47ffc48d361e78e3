//! One connection pool for both engines: SQLite (embedded default) and PostgreSQL,
//! chosen by the database URL, behind sqlx's `Any` driver.
//!
//! `rocket_db_pools` 0.2 only knows sqlx 0.7, whose `Any` driver mishandles NULLs and
//! large integers, so we implement its `Pool` trait for our own newtype around an sqlx
//! 0.8 `AnyPool` (see `shared/notes/stack.md`). Queries use `$N` placeholders, which
//! both engines accept.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rocket::fairing::{self, AdHoc};
use rocket::figment::Figment;
use rocket::tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use rocket::{Build, Rocket};
use rocket_db_pools::Database;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

/// The SQL connection handed to repository functions.
pub type Conn = sqlx::AnyConnection;

/// The string aggregate of the connection's engine, called as `agg(text, ',')`: one of the
/// rare dialect differences (SQLite's `group_concat`, PostgreSQL's `string_agg`).
pub fn string_agg(conn: &Conn) -> &'static str {
    if conn.backend_name() == "PostgreSQL" {
        "string_agg"
    } else {
        "group_concat"
    }
}

/// A write transaction, opened by [`DbPool::begin_write`] / [`Db::begin_write`].
pub type Tx = WriteTx<'static>;

/// A write transaction and, on SQLite, this process's turn to write (see [`WriteGate`]).
/// It dereferences to the connection, as sqlx's `Transaction` does: `&mut *tx` is an
/// executor. Dropped without [`WriteTx::commit`], it rolls back.
pub struct WriteTx<'c> {
    tx: sqlx::Transaction<'c, sqlx::Any>,
    // Declared after `tx`: the turn is given back once the transaction is dropped.
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        self.tx.rollback().await
    }
}

impl Deref for WriteTx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl DerefMut for WriteTx<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

/// The order in which this process's requests write to one SQLite database.
///
/// SQLite has one writer at a time. Without a queue, writers that find the lock taken wait in
/// SQLite's busy handler, which sleeps and polls (1, 2, 5 … then 100 ms at a time): under load
/// a save waits for the next poll rather than for the previous writer, and the throughput
/// falls while the database is idle between polls. Writers of this process therefore take
/// turns on an async FIFO mutex, held until their transaction ends; `BEGIN IMMEDIATE` and
/// `busy_timeout` stay as the guard against other processes (a CLI run beside the server).
/// PostgreSQL has row locks and needs no gate.
#[derive(Clone, Default)]
pub struct WriteGate(Option<Arc<AsyncMutex<()>>>);

impl WriteGate {
    /// The gate of the SQLite database at `url`, shared by every pool of this process on
    /// the same file; none for PostgreSQL.
    fn for_url(engine: Engine, url: &str) -> WriteGate {
        if engine != Engine::Sqlite {
            return WriteGate(None);
        }
        let Some(path) = sqlite_path(url) else {
            // An in-memory database belongs to its pool alone.
            return WriteGate(Some(Arc::default()));
        };
        let key = std::fs::canonicalize(&path).unwrap_or(path);
        static GATES: OnceLock<Mutex<HashMap<PathBuf, Arc<AsyncMutex<()>>>>> = OnceLock::new();
        let mut gates = GATES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        WriteGate(Some(gates.entry(key).or_default().clone()))
    }

    /// Waits for this process's turn to write, as long as SQLite would wait for the lock.
    async fn turn(&self) -> sqlx::Result<Option<OwnedMutexGuard<()>>> {
        let Some(gate) = &self.0 else {
            return Ok(None);
        };
        let wait = Duration::from_millis(u64::from(SQLITE_BUSY_TIMEOUT_MS));
        match rocket::tokio::time::timeout(wait, gate.clone().lock_owned()).await {
            Ok(turn) => Ok(Some(turn)),
            // Reported as a busy database (a French 503), as SQLite's own timeout would be.
            Err(_) => Err(sqlx::Error::PoolTimedOut),
        }
    }
}

/// How SQLite opens a write transaction: it takes the write lock at once, so concurrent
/// writers queue through `busy_timeout` instead of failing with `SQLITE_BUSY` when a deferred
/// transaction that has read tries to upgrade (see `shared/notes/stack.md`).
const SQLITE_BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// How long a SQLite writer waits for the lock before giving up (milliseconds).
const SQLITE_BUSY_TIMEOUT_MS: u32 = 15_000;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The database engine, read from the URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// The file behind a SQLite URL (`sqlite://data/x.sqlite?mode=rwc`), if it names one.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Our pool type; `Db` below gives handlers the usual `Connection<Db>` guard.
#[derive(Clone)]
pub struct DbPool {
    pub pool: AnyPool,
    pub engine: Engine,
    pub gate: WriteGate,
}

/// The application database, configured under `databases.main` (or `DATABASE_URL`).
#[derive(Database)]
#[database("main")]
pub struct Db(DbPool);

impl Db {
    pub fn pool(&self) -> &AnyPool {
        &self.0.pool
    }
    pub fn engine(&self) -> Engine {
        self.0.engine
    }
    /// The pool itself, for code that runs outside a request (the demo, tests).
    pub fn handle(&self) -> &DbPool {
        &self.0
    }
    /// Opens a write transaction: the one way the application writes (see [`DbPool::begin_write`]).
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        self.0.begin_write().await
    }
    /// Opens a write transaction on a connection the request holds (see [`DbPool::begin_write_on`]).
    pub async fn begin_write_on<'c>(&self, conn: &'c mut Conn) -> sqlx::Result<WriteTx<'c>> {
        self.0.begin_write_on(conn).await
    }
}

impl DbPool {
    /// Opens a write transaction. On SQLite it waits for this process's turn to write
    /// ([`WriteGate`]), then starts `BEGIN IMMEDIATE`, so that concurrent writers of other
    /// processes wait for each other (through `busy_timeout`) instead of failing; on
    /// PostgreSQL a plain `BEGIN` (races between first writes are handled by upserts and row
    /// locks, see `editions::repo::lock`). Reads use a plain connection and never write.
    ///
    /// The connection is taken before the turn: a writer holding the turn never waits for
    /// the pool.
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        let conn = self.pool.acquire().await?;
        let turn = self.gate.turn().await?;
        // What `AnyPool::begin_with` does, on the connection already taken (sqlx 0.8.6 keeps
        // this constructor public but undocumented; Cargo.lock pins the version).
        let statement = (self.engine == Engine::Sqlite).then(|| SQLITE_BEGIN_WRITE.into());
        let tx = sqlx::Transaction::begin(conn, statement).await?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// Opens a write transaction on a connection the request already holds, as
    /// [`DbPool::begin_write`] does. A handler that has read on a connection writes on the
    /// same one: holding one connection while waiting for a second starves the pool as soon
    /// as as many requests as it has connections do the same at once.
    pub async fn begin_write_on<'c>(&self, conn: &'c mut Conn) -> sqlx::Result<WriteTx<'c>> {
        use sqlx::Connection;
        let turn = self.gate.turn().await?;
        let tx = match self.engine {
            Engine::Sqlite => conn.begin_with(SQLITE_BEGIN_WRITE).await?,
            Engine::Postgres => conn.begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }
}

/// Whether `error` means the database is too busy to answer now (the request may be tried
/// again): lock timeouts, exhausted pool.
pub fn is_busy(error: &sqlx::Error) -> bool {
    if matches!(error, sqlx::Error::PoolTimedOut) {
        return true;
    }
    let Some(db) = error.as_database_error() else {
        return false;
    };
    matches!(db.code().as_deref(), Some("5" | "6" | "517" | "40001" | "40P01" | "55P03"))
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("URL de base de données non prise en charge (sqlite: ou postgres://) : {0}")]
    UnsupportedUrl(String),
    #[error("impossible de créer le dossier de la base : {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens a pool on `url` with the engine's settings (SQLite: WAL, foreign keys, busy timeout).
pub async fn connect(url: &str, max_connections: u32) -> Result<DbPool, DbError> {
    sqlx::any::install_default_drivers();
    let engine = Engine::from_url(url).ok_or_else(|| DbError::UnsupportedUrl(redact(url)))?;
    if let Some(parent) = sqlite_path(url).as_deref().and_then(Path::parent) {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let options: AnyConnectOptions = url.parse::<AnyConnectOptions>()?.disable_statement_logging();
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(20))
        // sqlx pings a connection each time it leaves the pool: on SQLite a round trip to the
        // connection's thread for a file that cannot go away, twice a request (the session
        // guard's connection and the handler's). A PostgreSQL server may close a connection.
        .test_before_acquire(engine == Engine::Postgres)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == "SQLite" {
                    let pragmas = format!(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};"
                    );
                    conn.execute(pragmas.as_str()).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(DbPool { pool, engine, gate: WriteGate::for_url(engine, url) })
}

/// Applies the engine's pending migrations.
pub async fn migrate(pool: &DbPool) -> Result<(), DbError> {
    pool.engine.migrator().run(&pool.pool).await?;
    Ok(())
}

/// What identifies the schema the engine's embedded migrations produce: a SHA-256 over their
/// versions and checksums. The test harness names its prepared databases after it, so that a
/// new or changed migration gets a new one.
pub fn migrations_fingerprint(engine: Engine) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for migration in engine.migrator().iter() {
        hash.update(migration.version.to_le_bytes());
        hash.update(&*migration.checksum);
    }
    hex::encode(hash.finalize())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

#[rocket::async_trait]
impl rocket_db_pools::Pool for DbPool {
    type Connection = sqlx::pool::PoolConnection<sqlx::Any>;
    type Error = rocket_db_pools::Error<DbError, sqlx::Error>;

    async fn init(figment: &Figment) -> Result<Self, Self::Error> {
        let config: rocket_db_pools::Config = figment.extract()?;
        let pool = connect(&config.url, config.max_connections as u32)
            .await
            .map_err(rocket_db_pools::Error::Init)?;
        Ok(pool)
    }

    async fn get(&self) -> Result<Self::Connection, Self::Error> {
        self.pool.acquire().await.map_err(rocket_db_pools::Error::Get)
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Runs the migrations once the pool is up, before the first request.
pub fn migrations_fairing() -> AdHoc {
    AdHoc::try_on_ignite("Migrations", run_migrations)
}

async fn run_migrations(rocket: Rocket<Build>) -> fairing::Result {
    let Some(db) = Db::fetch(&rocket) else {
        return Err(rocket);
    };
    match migrate(&db.0).await {
        Ok(()) => Ok(rocket),
        Err(e) => {
            tracing::error!("échec des migrations : {e}");
            Err(rocket)
        }
    }
}

/// Current time as unix seconds (UTC); the only clock the application reads.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_and_path_from_url() {
        assert_eq!(Engine::from_url("sqlite://data/a.sqlite?mode=rwc"), Some(Engine::Sqlite));
        assert_eq!(Engine::from_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::from_url("mysql://h/db"), None);
        assert_eq!(sqlite_path("sqlite://data/a.sqlite?mode=rwc"), Some(PathBuf::from("data/a.sqlite")));
        assert_eq!(sqlite_path("sqlite:///tmp/x.db"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn redact_hides_password() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://data/a.sqlite"), "sqlite://data/a.sqlite");
    }

    #[test]
    fn one_gate_per_sqlite_file_none_for_postgres() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/g.sqlite?mode=rwc", dir.path().display());
        std::fs::write(dir.path().join("g.sqlite"), b"").unwrap();
        let (a, b) = (WriteGate::for_url(Engine::Sqlite, &url), WriteGate::for_url(Engine::Sqlite, &url));
        assert!(Arc::ptr_eq(a.0.as_ref().unwrap(), b.0.as_ref().unwrap()));
        let (m, n) = (
            WriteGate::for_url(Engine::Sqlite, "sqlite::memory:"),
            WriteGate::for_url(Engine::Sqlite, "sqlite::memory:"),
        );
        assert!(!Arc::ptr_eq(m.0.as_ref().unwrap(), n.0.as_ref().unwrap()));
        assert!(WriteGate::for_url(Engine::Postgres, "postgres://u@h/db").0.is_none());
    }

    /// A second writer waits for the first one's commit (its turn), then writes: nothing is
    /// refused, and two pools on one file share the queue.
    #[rocket::async_test]
    async fn writers_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.path().display());
        let a = connect(&url, 2).await.unwrap();
        let b = connect(&url, 2).await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER)").execute(&a.pool).await.unwrap();
        let mut first = a.begin_write().await.unwrap();
        sqlx::query("INSERT INTO t VALUES (1)").execute(&mut *first).await.unwrap();
        let second = rocket::tokio::spawn(async move {
            let mut tx = b.begin_write().await?;
            sqlx::query("INSERT INTO t VALUES (2)").execute(&mut *tx).await?;
            tx.commit().await
        });
        rocket::tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!second.is_finished(), "the second writer waits for its turn");
        first.commit().await.unwrap();
        second.await.unwrap().expect("the second writer writes once the first has committed");
        let rows: Vec<i64> =
            sqlx::query_scalar("SELECT n FROM t ORDER BY rowid").fetch_all(&a.pool).await.unwrap();
        assert_eq!(rows, [1, 2]);
    }
}
