//! Test harness: `TestApp::new()` builds the application on a fresh database and offers the
//! steps a browser would take (GET a page, read its CSRF token, POST a form, log in).

use base64::Engine as _;
use label_territoires::accounts::model::{Email, Role};
use label_territoires::accounts::{password, repo};
use label_territoires::db::{Db, Engine};
use rand::Rng;
use rocket::figment::providers::Serialized;
use rocket::figment::Figment;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use rocket_db_pools::Database;

pub const PASSWORD: &str = "un-mot-de-passe-solide";

/// A database that exists for one test only.
pub struct TestDb {
    pub url: String,
    pub engine: Engine,
    pub dir: tempfile::TempDir,
    /// For PostgreSQL: the server URL and the database to drop at the end.
    postgres: Option<(String, String)>,
}

/// The PostgreSQL server of `TEST_DATABASE_URL`, if the tests run on PostgreSQL.
fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.trim().is_empty())
}

impl TestDb {
    /// An empty database: no schema, no data (what `label-territoires migrate` starts from).
    pub async fn new() -> TestDb {
        Self::create(None).await
    }

    /// A database already migrated and holding the reference data of the collectivités: a
    /// copy of a template built once per migration set and extract (see [`template`]), so that
    /// a test does not load the 36 000 rows itself. Still a fresh database of its own.
    pub async fn prepared() -> TestDb {
        Self::create(Some(template::get())).await
    }

    async fn create(template: Option<&template::Template>) -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        match postgres_server() {
            None => {
                let path = dir.path().join("test.sqlite");
                if let Some(template::Template::Sqlite(file)) = template {
                    std::fs::copy(file, &path).expect("copy of the template database");
                }
                TestDb {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    engine: Engine::Sqlite,
                    dir,
                    postgres: None,
                }
            }
            Some(server) => {
                let name = format!("lt_test_{:016x}", rand::thread_rng().gen::<u64>());
                let sql = match template {
                    Some(template::Template::Postgres(source)) => {
                        format!("CREATE DATABASE {name} TEMPLATE {source}")
                    }
                    _ => format!("CREATE DATABASE {name}"),
                };
                admin_exec(&server, &sql).await.expect("CREATE DATABASE on TEST_DATABASE_URL");
                TestDb {
                    url: database_url(&server, &name),
                    engine: Engine::Postgres,
                    dir,
                    postgres: Some((server, name)),
                }
            }
        }
    }
}

/// The URL of database `name` on the server of `server`.
fn database_url(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// The prepared database every [`TestDb::prepared`] copies: migrated, reference loaded.
///
/// Built at most once per migration set and extract, named after their fingerprint, and kept
/// for the next runs: a SQLite file under Cargo's target `tmp/`, a PostgreSQL database
/// `lt_tpl_<fingerprint>` on the test server. Several test processes may start at once (other
/// worktrees, `cargo test` running binaries, nextest): the SQLite file is built aside and
/// renamed into place (atomic), the PostgreSQL one under an advisory lock and renamed once
/// complete. The PostgreSQL template refuses connections, since `CREATE DATABASE … TEMPLATE`
/// fails while anyone is connected to its source.
pub mod template {
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    use label_territoires::db::{self, Engine};
    use label_territoires::reference::repo as reference;
    use sha2::{Digest, Sha256};
    use sqlx::{Connection, Executor};

    pub enum Template {
        Sqlite(PathBuf),
        /// The name of the template database.
        Postgres(String),
    }

    /// The template of this run's engine, built on first use (blocking: other tests wait).
    pub fn get() -> &'static Template {
        static TEMPLATE: OnceLock<Template> = OnceLock::new();
        TEMPLATE.get_or_init(|| {
            // Built on a runtime of its own: the calling test's runtime ends with the test.
            std::thread::spawn(|| {
                let runtime = rocket::tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime");
                runtime.block_on(async {
                    match super::postgres_server() {
                        None => Template::Sqlite(sqlite().await),
                        Some(server) => Template::Postgres(postgres(&server).await),
                    }
                })
            })
            .join()
            .expect("the template database is built")
        })
    }

    /// Identifies what a template holds: the engine's migrations and the reference extract.
    fn fingerprint(engine: Engine) -> String {
        let mut hash = Sha256::new();
        hash.update(db::migrations_fingerprint(engine));
        hash.update(reference::extract_version(reference::EXTRACT));
        hex::encode(&hash.finalize()[..12])
    }

    /// Migrates the database at `url` and loads the reference into it.
    async fn fill(url: &str) -> db::DbPool {
        let pool = db::connect(url, 1).await.expect("connect to the template database");
        db::migrate(&pool).await.expect("migrations of the template database");
        let mut tx = pool.begin_write().await.expect("a write transaction");
        reference::load_if_changed(&mut tx, reference::EXTRACT).await.expect("the reference loads");
        tx.commit().await.expect("commit of the reference");
        pool
    }

    async fn sqlite() -> PathBuf {
        let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-databases");
        let path = folder.join(format!("sqlite-{}.sqlite", fingerprint(Engine::Sqlite)));
        if path.exists() {
            return path;
        }
        let building = tempfile::tempdir_in({
            std::fs::create_dir_all(&folder).expect("folder of the template databases");
            &folder
        })
        .expect("a building folder");
        let pool = fill(&format!("sqlite://{}?mode=rwc", building.path().join("db.sqlite").display())).await;
        // One self-contained file (no WAL beside it), written whole before it takes its name.
        let single = building.path().join("template.sqlite");
        sqlx::query("VACUUM INTO $1")
            .bind(single.to_str().expect("a UTF-8 path"))
            .execute(&pool.pool)
            .await
            .expect("VACUUM INTO the template file");
        pool.pool.close().await;
        std::fs::rename(&single, &path).expect("the template takes its name");
        path
    }

    async fn postgres(server: &str) -> String {
        sqlx::any::install_default_drivers();
        let fingerprint = fingerprint(Engine::Postgres);
        let name = format!("lt_tpl_{fingerprint}");
        let lock = i64::from_str_radix(&fingerprint[..15], 16).expect("hex");
        let mut admin = sqlx::AnyConnection::connect(server).await.expect("connect to TEST_DATABASE_URL");
        admin
            .execute(format!("SELECT 1 FROM pg_advisory_lock({lock})").as_str())
            .await
            .expect("advisory lock");
        let exists: Option<String> =
            sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut admin)
                .await
                .expect("pg_database");
        if exists.is_none() {
            // A build that died half-way leaves this name behind; nobody else builds meanwhile.
            let building = format!("{name}_building");
            for sql in [
                format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
                format!("CREATE DATABASE {building}"),
            ] {
                admin.execute(sql.as_str()).await.expect("create the template database");
            }
            let pool = fill(&super::database_url(server, &building)).await;
            pool.pool.close().await;
            for sql in [
                format!("ALTER DATABASE {building} RENAME TO {name}"),
                format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"),
            ] {
                admin.execute(sql.as_str()).await.expect("the template takes its name");
            }
        }
        admin.execute(format!("SELECT 1 FROM pg_advisory_unlock({lock})").as_str()).await.expect("unlock");
        let _ = admin.close().await;
        name
    }
}

/// Runs one statement on the PostgreSQL server of `TEST_DATABASE_URL`.
async fn admin_exec(server: &str, sql: &str) -> sqlx::Result<()> {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(server).await?;
    admin.execute(sql).await?;
    admin.close().await
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = self.postgres.take() {
            // Drop runs outside any runtime we may block: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let runtime = rocket::tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(runtime) = runtime {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = runtime.block_on(admin_exec(&server, &sql));
                }
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub client: Client,
    pub figment: Figment,
    pub db: TestDb,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with(|f| f).await
    }

    /// An application whose configuration `adjust` may change.
    pub async fn with(adjust: impl FnOnce(Figment) -> Figment) -> TestApp {
        let db = TestDb::prepared().await;
        let mut key = [0u8; 64];
        rand::thread_rng().fill(&mut key[..]);
        let key = base64::engine::general_purpose::STANDARD.encode(key);
        let figment = label_territoires::config::figment()
            .merge(Serialized::global("databases.main.url", &db.url))
            .merge(Serialized::global("databases.main.max_connections", 4))
            .merge(Serialized::global("data_dir", db.dir.path()))
            .merge(Serialized::global("secret_key", key))
            .merge(Serialized::global("log_level", "off"));
        let figment = adjust(figment);
        let client =
            Client::tracked(label_territoires::build(figment.clone())).await.expect("the application starts");
        TestApp { client, figment, db }
    }

    /// A second browser on the same application and database.
    pub async fn another_browser(&self) -> Client {
        Client::tracked(label_territoires::build(self.figment.clone())).await.expect("the application starts")
    }

    pub fn db(&self) -> &Db {
        Db::fetch(self.client.rocket()).expect("database attached")
    }

    pub async fn conn(&self) -> sqlx::pool::PoolConnection<sqlx::Any> {
        self.db().pool().acquire().await.expect("a connection")
    }

    /// Creates an active account with `PASSWORD`.
    pub async fn user(&self, email: &str, role: Role) -> i64 {
        let hash = password::hash(PASSWORD).expect("hash");
        let email = Email::parse(email).expect("valid e-mail");
        let name = format!("Personne {}", email.as_str().split('@').next().unwrap_or("x"));
        let new = repo::NewUser { email: &email, display_name: &name, role, password_hash: Some(&hash) };
        repo::insert(&mut *self.conn().await, &new, label_territoires::db::now())
            .await
            .expect("insert")
            .expect("e-mail not taken")
    }

    pub async fn find_user(&self, email: &str) -> Option<repo::User> {
        repo::find_by_email(&mut *self.conn().await, email).await.expect("query")
    }

    /// Logs in through the form as a browser does; returns the response to the POST.
    pub async fn login(&self, email: &str, password: &str) -> LocalResponse<'_> {
        login_on(&self.client, email, password).await
    }

    /// Creates an account of `role` and logs in with it.
    pub async fn logged_in(&self, email: &str, role: Role) -> i64 {
        let id = self.user(email, role).await;
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), Status::SeeOther, "login of {email}");
        id
    }
}

pub async fn login_on<'c>(client: &'c Client, email: &str, password: &str) -> LocalResponse<'c> {
    let token = csrf_token(client).await;
    post_form(client, "/connexion", &[("csrf_token", &token), ("email", email), ("password", password)]).await
}

/// The CSRF token of this browser, read from a page as a browser would.
pub async fn csrf_token(client: &Client) -> String {
    let html = client.get("/connexion").dispatch().await.into_string().await.unwrap_or_default();
    if let Some(token) = extract_token(&html) {
        return token;
    }
    // Logged in: /connexion redirects; any page with the header form carries the token.
    let html = client.get("/compte").dispatch().await.into_string().await.unwrap_or_default();
    extract_token(&html).expect("a page with a CSRF token")
}

pub fn extract_token(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

pub async fn post_form<'c>(client: &'c Client, uri: &str, fields: &[(&str, &str)]) -> LocalResponse<'c> {
    client.post(uri.to_string()).header(ContentType::Form).body(encode(fields)).dispatch().await
}

/// POSTs `fields` plus this browser's CSRF token.
pub async fn post_with_csrf<'c>(client: &'c Client, uri: &str, fields: &[(&str, &str)]) -> LocalResponse<'c> {
    let token = csrf_token(client).await;
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    post_form(client, uri, &all).await
}

pub fn location(response: &LocalResponse<'_>) -> String {
    response.headers().get_one("Location").unwrap_or_default().to_string()
}

/// The text of an HTML page with Tera's entity escapes undone, to search it as a person reads it.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// GET `uri` and return the page as readable text.
pub async fn page_text(client: &Client, uri: &str) -> String {
    unescape(&client.get(uri.to_string()).dispatch().await.into_string().await.unwrap_or_default())
}

/// Builders for the applications features.
impl TestApp {
    /// An edition of `year`, current, open for applications from `opens_at` to `closes_at`.
    pub async fn edition(&self, year: i64, opens_at: i64, closes_at: i64) -> i64 {
        use label_territoires::editions::{model::NewEdition, repo};
        let new = NewEdition {
            year,
            title: format!("Label Territoires Innovants {year}"),
            opens_at,
            closes_at,
            scoring_ends_at: closes_at + 90 * 86_400,
            ceremony_at: None,
            ceremony_place: "Paris".into(),
            laureates_count: 25,
        };
        let mut tx = self.db().begin_write().await.unwrap();
        let id = repo::create(&mut tx, &new, &label_territoires::site::default_categories(), 0)
            .await
            .unwrap()
            .expect("a new year");
        repo::set_current(&mut tx, id).await.unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// An edition open now (closing in 30 days).
    pub async fn open_edition(&self) -> i64 {
        let now = label_territoires::db::now();
        self.edition(2026, now - 86_400, now + 30 * 86_400).await
    }

    /// An applicant account attached to the commune with this INSEE code; returns
    /// (user id, organisation id).
    pub async fn applicant_of(&self, email: &str, insee: &str) -> (i64, i64) {
        use label_territoires::applications::repo as apps;
        use label_territoires::reference::repo as reference;
        let user = self.user(email, Role::Applicant).await;
        let mut conn = self.conn().await;
        let commune = reference::by_kind_code(&mut conn, "commune", insee).await.unwrap().expect("a commune");
        let org = match apps::organisation_by_collectivite(&mut conn, commune.id).await.unwrap() {
            Some(org) => org.id,
            None => {
                let new = apps::NewOrganisation {
                    collectivite_id: Some(commune.id),
                    name: &commune.name,
                    kind: "commune",
                    siren: commune.siren.as_deref(),
                    departement: commune.departement.as_deref(),
                    region: commune.region.as_deref(),
                };
                apps::create_organisation(&mut conn, &new, 0).await.unwrap()
            }
        };
        apps::set_member(&mut conn, user, org, None, "Chargée de mission", "01 23 45 67 89", false)
            .await
            .unwrap();
        (user, org)
    }
}

/// A complete dossier form, as a browser sends it (`dossier.` prefix), plus `action`.
pub fn dossier_form(category: &str, title: &str, action: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("title", title),
        ("category", category),
        ("summary", "Un budget participatif en ligne, ouvert à tous les habitants dès 11 ans."),
        (
            "context",
            "Une participation faible aux réunions publiques.\nDes habitants éloignés des instances.",
        ),
        ("objectives", "Doubler le nombre de participants."),
        ("realisation", "Plateforme libre Decidim, ateliers dans les quartiers."),
        ("results", "4 200 votants, 38 projets lauréats."),
        ("innovation", "Le vote en ligne et en mairie, avec médiation."),
        ("reproducibility", "Code libre sous licence AGPL, documentation publiée."),
        ("sobriety", "Hébergement mutualisé, pages légères."),
        ("participation", "Comité d’habitants tiré au sort."),
        ("budget_euros", "45 000"),
        ("funding", "Fonds propres 60 %, Région 40 %"),
        ("partners", "Centres sociaux"),
        ("project_state", "deployed"),
        ("start_date", "2024-09"),
        ("video_url", ""),
        ("contact_name", "Élodie Lefèvre"),
        ("contact_email", "elodie.lefevre@mairie.fr"),
        ("contact_phone", "04 72 10 30 30"),
    ]
    .iter()
    .map(|(k, v)| (format!("dossier.{k}"), v.to_string()))
    .collect();
    fields.push(("action".into(), action.into()));
    fields
}

/// POSTs owned fields with this browser's CSRF token.
pub async fn post_owned<'c>(client: &'c Client, uri: &str, fields: &[(String, String)]) -> LocalResponse<'c> {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_with_csrf(client, uri, &pairs).await
}

/// A multipart upload of one file in field `fichier`, with the CSRF token.
pub async fn upload<'c>(client: &'c Client, uri: &str, file_name: &str, bytes: &[u8]) -> LocalResponse<'c> {
    let token = csrf_token(client).await;
    let boundary = "----ltboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    client
        .post(uri.to_string())
        .header(ContentType::new("multipart", "form-data").with_params(("boundary", boundary)))
        .body(body)
        .dispatch()
        .await
}

/// The id at the end of a `/candidatures/<id>` redirect.
pub fn dossier_id(response: &LocalResponse<'_>) -> i64 {
    location(response).trim_start_matches("/candidatures/").split(['#', '?']).next().unwrap().parse().unwrap()
}
