//! The HTTP load scenario of `bench`: the scaled demo in a throw-away database, the real
//! application on a free port of 127.0.0.1, and N jurors, each on its own keep-alive
//! connection, saving and submitting reviews as fast as the server answers for a bounded time.
//! Prints accepted saves per second, p50, p99 and the error count.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use rand::RngCore;
use rocket::figment::providers::Serialized;
use rocket::tokio::net::TcpStream;
use rocket::tokio::task::JoinSet;

use crate::db::{self, Engine};
use crate::demo::{self, Scale};

/// What `bench` was asked to load.
#[derive(Debug, Clone)]
pub struct Settings {
    pub jurors: usize,
    pub seconds: u64,
    pub dossiers: usize,
    /// A PostgreSQL server to run on (a new database is created there and dropped after);
    /// otherwise a SQLite file in a temporary folder.
    pub database_url: Option<String>,
    /// Seconds of load on each page of the page scenario (0: skip it).
    pub page_seconds: u64,
}

/// The throw-away database of the scenario.
struct Scratch {
    url: String,
    engine: Engine,
    dir: std::path::PathBuf,
    /// PostgreSQL: the server's URL and the database to drop.
    postgres: Option<(String, String)>,
}

impl Scratch {
    async fn create(server: Option<&str>) -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("lt-bench-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{} : {e}", dir.display()))?;
        match server.filter(|u| Engine::from_url(u) == Some(Engine::Postgres)) {
            None => Ok(Scratch {
                url: format!("sqlite://{}/load.sqlite?mode=rwc", dir.display()),
                engine: Engine::Sqlite,
                dir,
                postgres: None,
            }),
            Some(server) => {
                let name = format!("lt_bench_{}", std::process::id());
                admin(server, &format!("DROP DATABASE IF EXISTS {name}")).await?;
                admin(server, &format!("CREATE DATABASE {name}")).await?;
                let mut url = url::Url::parse(server).map_err(|e| e.to_string())?;
                url.set_path(&format!("/{name}"));
                Ok(Scratch {
                    url: url.to_string(),
                    engine: Engine::Postgres,
                    dir,
                    postgres: Some((server.to_string(), name)),
                })
            }
        }
    }

    async fn remove(self) {
        if let Some((server, name)) = &self.postgres {
            let _ = admin(server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn admin(server: &str, sql: &str) -> Result<(), String> {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn =
        sqlx::AnyConnection::connect(server).await.map_err(|e| format!("{} : {e}", db::redact(server)))?;
    conn.execute(sql).await.map_err(|e| format!("{sql} : {e}"))?;
    conn.close().await.map_err(|e| e.to_string())
}

/// A juror of the scenario: login and the dossiers they may score.
#[derive(Debug, Clone)]
struct Juror {
    email: String,
    dossiers: Vec<i64>,
}

/// One juror's results: (latency, status) of each save.
type Samples = Vec<(Duration, u16)>;

pub async fn run(settings: Settings) -> Result<(), String> {
    let scratch = Scratch::create(settings.database_url.as_deref()).await?;
    let result = scenario(&settings, &scratch).await;
    scratch.remove().await;
    result
}

async fn scenario(settings: &Settings, scratch: &Scratch) -> Result<(), String> {
    let engine = match scratch.engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    };
    let pool = db::connect(&scratch.url, 4).await.map_err(|e| e.to_string())?;
    db::migrate(&pool).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let scale = Scale { dossiers: Some(settings.dossiers), jurors: Some(settings.jurors.max(20)) };
    demo::seed_scaled(&pool, scale).await.map_err(|e| e.to_string())?;
    let loaded = started.elapsed();
    let (jurors, criteria, (min, max)) = workload(&pool, settings.jurors).await.map_err(|e| e.to_string())?;
    pool.pool.close().await;
    // As `demo` does: serve without what loading allocated.
    crate::memory::trim();
    if jurors.len() < settings.jurors {
        return Err(format!("{} jurés seulement ont des dossiers à évaluer", jurors.len()));
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut key = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let figment = crate::config::figment()
        .merge(Serialized::global("databases.main.url", &scratch.url))
        .merge(Serialized::global("databases.main.max_connections", 8))
        .merge(Serialized::global("address", "127.0.0.1"))
        .merge(Serialized::global("port", port))
        .merge(Serialized::global("data_dir", &scratch.dir))
        .merge(Serialized::global("secret_key", base64::engine::general_purpose::STANDARD.encode(key)))
        .merge(Serialized::global("log_level", "off"))
        .merge(Serialized::global("shutdown.grace", 1))
        .merge(Serialized::global("shutdown.mercy", 1));
    let rocket = crate::build(figment).ignite().await.map_err(|e| e.to_string())?;
    let shutdown = rocket.shutdown();
    let server = rocket::tokio::spawn(rocket.launch());
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        rocket::tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let first_juror = jurors.first().map(|j| j.email.clone()).unwrap_or_default();
    let mut sessions = Vec::new();
    for juror in jurors.into_iter().take(settings.jurors) {
        sessions.push(Client::login(port, &juror.email).await.map(|c| (c, juror))?);
    }
    let duration = Duration::from_secs(settings.seconds.max(1));
    let begun = Instant::now();
    let deadline = begun + duration;
    let mut tasks = JoinSet::new();
    for (n, (client, juror)) in sessions.into_iter().enumerate() {
        let criteria = criteria.clone();
        tasks.spawn(save_until(client, juror, criteria, (min, max), n, deadline));
    }
    let mut samples: Samples = Vec::new();
    let mut failures = 0usize;
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(s)) => samples.extend(s),
            _ => failures += 1,
        }
    }
    let elapsed = begun.elapsed();
    let pages = if settings.page_seconds > 0 {
        let each = Duration::from_secs(settings.page_seconds);
        Some(super::pages::measure(port, first_juror, settings.jurors, each).await)
    } else {
        None
    };
    shutdown.notify();
    let _ = server.await;

    let accepted = samples.iter().filter(|(_, s)| *s == 303).count();
    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    for (_, s) in samples.iter().filter(|(_, s)| *s != 303) {
        *by_status.entry(*s).or_default() += 1;
    }
    let errors: usize = by_status.values().sum::<usize>() + failures;
    let mut latencies: Vec<Duration> = samples.iter().map(|(d, _)| *d).collect();
    latencies.sort();
    let pct = |p: usize| latencies.get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    let rate = accepted as f64 / elapsed.as_secs_f64();
    println!(
        "Charge HTTP ({engine}, démo {} dossiers chargée en {:.1} s) : {} jurés enregistrent et soumettent pendant {:.0} s — \
         {} enregistrements acceptés, {} par seconde (cible ≥ 500 à 16 jurés sur SQLite), p50 {:.1} ms, p99 {:.1} ms, \
         {errors} erreur(s){}",
        settings.dossiers,
        loaded.as_secs_f64(),
        settings.jurors,
        elapsed.as_secs_f64(),
        crate::web::fr::number(accepted as f64, 0),
        crate::web::fr::number(rate, 0),
        ms(pct(50)),
        ms(pct(99)),
        if by_status.is_empty() { String::new() } else { format!(" {by_status:?}") }
    );
    if let Some(pages) = pages {
        super::pages::print(engine, settings.dossiers, settings.jurors, &pages?);
    }
    Ok(())
}

/// The jurors with the dossiers they may score (assigned, no conflict), the rubric's
/// criteria and the scale of the 2026 edition.
async fn workload(pool: &db::DbPool, wanted: usize) -> sqlx::Result<(Vec<Juror>, Vec<i64>, (i64, i64))> {
    let mut conn = pool.pool.acquire().await?;
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT u.email, a.dossier_id FROM assignments a JOIN users u ON u.id = a.juror_id \
         JOIN editions e ON e.id = a.edition_id WHERE e.year = 2026 \
         AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.juror_id = a.juror_id AND c.dossier_id = a.dossier_id) \
         ORDER BY u.id, a.dossier_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut jurors: Vec<Juror> = Vec::new();
    for (email, dossier) in rows {
        match jurors.last_mut() {
            Some(j) if j.email == email => j.dossiers.push(dossier),
            _ => jurors.push(Juror { email, dossiers: vec![dossier] }),
        }
    }
    jurors.truncate(wanted);
    let criteria: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM criteria c JOIN editions e ON e.id = c.edition_id WHERE e.year = 2026 ORDER BY c.position",
    )
    .fetch_all(&mut *conn)
    .await?;
    let scale: (i64, i64) = sqlx::query_as("SELECT scale_min, scale_max FROM editions WHERE year = 2026")
        .fetch_one(&mut *conn)
        .await?;
    Ok((jurors, criteria, scale))
}

/// Saves drafts and submissions in turn on the juror's dossiers until `deadline`.
async fn save_until(
    mut client: Client,
    juror: Juror,
    criteria: Vec<i64>,
    (min, max): (i64, i64),
    seed: usize,
    deadline: Instant,
) -> Result<Samples, String> {
    let mut samples = Vec::new();
    let overall = "Projet solide et bien documenté, transposable à d’autres territoires ; \
                   la sobriété numérique est réelle et mesurée.";
    let mut i = seed;
    while Instant::now() < deadline {
        let dossier = juror.dossiers[i % juror.dossiers.len()];
        let mut fields = vec![
            ("csrf_token".to_string(), client.token.clone()),
            ("overall_comment".to_string(), overall.to_string()),
            ("action".to_string(), if i.is_multiple_of(2) { "brouillon" } else { "soumettre" }.to_string()),
        ];
        for (k, id) in criteria.iter().enumerate() {
            let score = min + ((i + k) as i64).rem_euclid(max - min + 1);
            fields.push((format!("note[{id}]"), score.to_string()));
            fields.push((format!("commentaire[{id}]"), format!("Note {score} : argumentée.")));
        }
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&fields).finish();
        let t = Instant::now();
        let (status, _) = client.send(Method::POST, &format!("/jury/dossiers/{dossier}"), Some(body)).await?;
        samples.push((t.elapsed(), status.as_u16()));
        i += 1;
    }
    Ok(samples)
}

/// One browser on one keep-alive HTTP/1.1 connection, with its cookies and CSRF token.
pub(super) struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    cookies: BTreeMap<String, String>,
    token: String,
}

impl Client {
    /// A visitor, on a new connection.
    pub(super) async fn anonymous(port: u16) -> Result<Client, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        rocket::tokio::spawn(connection);
        Ok(Client { sender, cookies: BTreeMap::new(), token: String::new() })
    }

    /// Someone of the demo logged in, on a new connection.
    pub(super) async fn login(port: u16, email: &str) -> Result<Client, String> {
        let mut client = Client::anonymous(port).await?;
        let (_, page) = client.send(Method::GET, "/connexion", None).await?;
        let marker = "name=\"csrf_token\" value=\"";
        let start = page.find(marker).ok_or("pas de jeton CSRF sur /connexion")? + marker.len();
        let end = page[start..].find('"').ok_or("jeton CSRF illisible")?;
        client.token = page[start..start + end].to_string();
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf_token", client.token.as_str()),
                ("email", email),
                ("password", demo::DEMO_PASSWORD),
            ])
            .finish();
        let (status, _) = client.send(Method::POST, "/connexion", Some(body)).await?;
        if status != StatusCode::SEE_OTHER {
            return Err(format!("connexion de {email} refusée ({status})"));
        }
        Ok(client)
    }

    /// Sends one request and reads the whole answer; keeps the cookies it sets.
    pub(super) async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<String>,
    ) -> Result<(StatusCode, String), String> {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut request = Request::builder().method(method).uri(path).header(HOST, "127.0.0.1");
        if !cookie.is_empty() {
            request = request.header(COOKIE, cookie);
        }
        if form.is_some() {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let request =
            request.body(Full::new(Bytes::from(form.unwrap_or_default()))).map_err(|e| e.to_string())?;
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let response = self.sender.send_request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        for value in response.headers().get_all(SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.trim().to_string(), value.trim().to_string());
            }
        }
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}
