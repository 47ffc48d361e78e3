//! One connection pool for both engines: SQLite (embedded default) and PostgreSQL,
//! chosen by the database URL, behind sqlx's `Any` driver.
//!
//! `rocket_db_pools` 0.2 only knows sqlx 0.7, whose `Any` driver mishandles NULLs and
//! large integers, so we implement its `Pool` trait for our own newtype around an sqlx
//! 0.8 `AnyPool` (see `shared/notes/stack.md`). Queries use `$N` placeholders, which
//! both engines accept.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rocket::fairing::{self, AdHoc};
use rocket::figment::Figment;
use rocket::{Build, Rocket};
use rocket_db_pools::Database;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

/// The SQL connection handed to repository functions.
pub type Conn = sqlx::AnyConnection;

/// A write transaction, opened by [`DbPool::begin_write`] / [`Db::begin_write`].
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

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
pub struct DbPool {
    pub pool: AnyPool,
    pub engine: Engine,
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
    /// Opens a write transaction: the one way the application writes (see [`DbPool::begin_write`]).
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        self.0.begin_write().await
    }
}

impl DbPool {
    /// Opens a write transaction. On SQLite it starts `BEGIN IMMEDIATE`, so that concurrent
    /// writers wait for each other (through `busy_timeout`) instead of failing; on PostgreSQL a
    /// plain `BEGIN` (races between first writes are handled by upserts and row locks, see
    /// `editions::repo::lock`).
    /// Reads use a plain connection and never write.
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with(SQLITE_BEGIN_WRITE).await,
            Engine::Postgres => self.pool.begin().await,
        }
    }
}

/// Opens a write transaction on a connection the request already holds (`BEGIN IMMEDIATE` on
/// SQLite, as [`DbPool::begin_write`]). A handler that has read on a connection writes on the
/// same one: holding one connection while waiting for a second starves the pool as soon as as
/// many requests as it has connections do the same at once.
pub async fn begin_write_on(conn: &mut Conn) -> sqlx::Result<sqlx::Transaction<'_, sqlx::Any>> {
    use sqlx::Connection;
    if conn.backend_name() == "SQLite" {
        conn.begin_with(SQLITE_BEGIN_WRITE).await
    } else {
        conn.begin().await
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
    Ok(DbPool { pool, engine })
}

/// Applies the engine's pending migrations.
pub async fn migrate(pool: &DbPool) -> Result<(), DbError> {
    pool.engine.migrator().run(&pool.pool).await?;
    Ok(())
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
}
