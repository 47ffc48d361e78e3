//! The command line: serve (default), demo, migrate, create-organiser, backup.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rocket::figment::providers::Serialized;
use rocket::figment::Figment;

use crate::accounts::model::{DisplayName, Email, NewPassword, Role};
use crate::accounts::password;
use crate::accounts::service::{self, NewAccount};
use crate::config;
use crate::db::{self, Engine};
use crate::demo;

#[derive(Debug, Parser)]
#[command(
    name = "label-territoires",
    version,
    about = "Label Territoires Innovants : candidatures, jury, palmarès, certificats"
)]
pub struct Cli {
    /// Database URL (sqlite://… or postgres://…); overrides Rocket.toml.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the application (the default).
    Serve,
    /// Recreate the demo database (data/demo.sqlite, or the database of --database-url / DATABASE_URL
    /// when it holds nothing but a former demo), load the demo dataset and serve it.
    Demo {
        /// Scale the 2026 edition to this many dossiers (the extra ones eligible, each with
        /// three submitted reviews), for load tests and benchmarks.
        #[arg(long)]
        dossiers: Option<usize>,
        /// Scale the jury to this many jurors (the twelve demo jurors first).
        #[arg(long)]
        jurors: Option<usize>,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Create an organiser account. The password is read from LABEL_PASSWORD or a prompt.
    CreateOrganiser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Rebuild fixtures/collectivites.csv from the JSON files of the npm package
    /// @etalab/decoupage-administratif (communes.json, epci.json, departements.json, regions.json).
    ImportCollectivites {
        /// The four JSON files, in any order (recognised by their names).
        #[arg(required = true, num_args = 4)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = "fixtures/collectivites.csv")]
        out: PathBuf,
    },
    /// Print performance figures: search in the reference, PDF generation, assignment, ranking,
    /// and an HTTP load scenario (jurors saving and submitting reviews over real sockets on the
    /// scaled demo, in a throw-away database: SQLite, or a new database on the PostgreSQL server
    /// of --database-url).
    Bench {
        /// Jurors saving at the same time in the load scenario.
        #[arg(long, default_value_t = 16)]
        load_jurors: usize,
        /// Duration of the load scenario, in seconds.
        #[arg(long, default_value_t = 10)]
        load_seconds: u64,
        /// Dossiers of the scaled demo the load scenario runs on.
        #[arg(long, default_value_t = 500)]
        load_dossiers: usize,
        /// Skip the load scenario (and the page scenario, which runs on its server).
        #[arg(long)]
        skip_load: bool,
        /// Seconds of load on each organiser and juror page after the saves (0: skip the pages).
        #[arg(long, default_value_t = 2)]
        page_seconds: u64,
    },
    /// Print the ranking of an edition as CSV (the same as /admin/editions/<year>/resultats.csv): every dossier with
    /// its rank, its aggregate under each method, its flags and every review.
    Ranking {
        #[arg(long)]
        edition: i64,
        /// `virgule` for commas without BOM; by default `;` with a BOM, for French spreadsheets.
        #[arg(long, default_value = "point-virgule")]
        format: String,
    },
    /// Write the certificates of an edition's published palmarès as PDF files in a folder.
    Certificates {
        #[arg(long)]
        edition: i64,
        #[arg(long)]
        out: PathBuf,
        /// The public address printed in the QR codes; by default `public_url`, else http://127.0.0.1:8000.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Write a consistent copy of the SQLite database, even while the server runs.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let figment = config::with_database_url(config::figment(), cli.database_url.as_deref());
    let database_url = cli.database_url.clone();
    let result = rocket::execute(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(figment).await,
            Command::Demo { dossiers, jurors } => {
                run_demo(figment, demo::Scale { dossiers, jurors }, database_url.as_deref()).await
            }
            Command::Migrate => migrate(&figment).await,
            Command::CreateOrganiser { email, name } => create_organiser(&figment, &email, &name).await,
            Command::Backup { out } => backup(&figment, &out).await,
            Command::Ranking { edition, format } => ranking(&figment, edition, &format).await,
            Command::Certificates { edition, out, base_url } => {
                certificates(&figment, edition, &out, base_url.as_deref()).await
            }
            Command::Bench { load_jurors, load_seconds, load_dossiers, skip_load, page_seconds } => {
                let load = crate::bench::load::Settings {
                    jurors: load_jurors,
                    seconds: load_seconds,
                    dossiers: load_dossiers,
                    page_seconds,
                    database_url,
                };
                crate::bench::run((!skip_load).then_some(load)).await
            }
            Command::ImportCollectivites { files, out } => import_collectivites(&files, &out),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Erreur : {message}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), String>;

async fn serve(figment: Figment) -> CliResult {
    crate::build(figment).launch().await.map(|_| ()).map_err(|e| e.to_string())
}

async fn open_migrated(figment: &Figment) -> Result<db::DbPool, String> {
    let url = config::database_url(figment);
    let pool = db::connect(&url, 2)
        .await
        .map_err(|e| format!("connexion à {} impossible : {e}", db::redact(&url)))?;
    db::migrate(&pool).await.map_err(|e| format!("migrations : {e}"))?;
    Ok(pool)
}

async fn migrate(figment: &Figment) -> CliResult {
    let pool = open_migrated(figment).await?;
    println!("Base à jour : {}", db::redact(&config::database_url(figment)));
    pool.pool.close().await;
    Ok(())
}

/// The migrated database, a connection and the edition of `year`.
async fn open_edition(
    figment: &Figment,
    year: i64,
) -> Result<(db::DbPool, sqlx::pool::PoolConnection<sqlx::Any>, crate::editions::model::Edition), String> {
    let pool = open_migrated(figment).await?;
    let mut conn = pool.pool.acquire().await.map_err(|e| e.to_string())?;
    let edition = crate::editions::repo::by_year(&mut conn, year)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("aucune édition {year}"))?;
    Ok((pool, conn, edition))
}

async fn ranking(figment: &Figment, year: i64, format: &str) -> CliResult {
    use crate::applications::export::Dialect;
    let dialect = match format {
        "virgule" => Dialect::Plain,
        "point-virgule" => Dialect::French,
        other => return Err(format!("format inconnu « {other} » : point-virgule ou virgule")),
    };
    let (pool, mut conn, edition) = open_edition(figment, year).await?;
    let bytes =
        crate::results::service::export_csv(&mut conn, &edition, dialect).await.map_err(|e| e.to_string())?;
    drop(conn);
    pool.pool.close().await;
    use std::io::Write;
    std::io::stdout().write_all(&bytes).map_err(|e| e.to_string())
}

async fn certificates(figment: &Figment, year: i64, out: &Path, base_url: Option<&str>) -> CliResult {
    let config = config::app_config(figment);
    let base = base_url
        .map(str::to_string)
        .or_else(|| (!config.public_url.trim().is_empty()).then(|| config.public_url.trim().to_string()))
        .unwrap_or_else(|| "http://127.0.0.1:8000".to_string());
    let base = base.trim_end_matches('/').to_string();
    let (pool, mut conn, edition) = open_edition(figment, year).await?;
    let files = crate::results::service::issue_certificates(&mut conn, &edition, &base, config.logo())
        .await
        .map_err(|_| format!("le palmarès {year} n’est pas publié"))?;
    drop(conn);
    pool.pool.close().await;
    std::fs::create_dir_all(out).map_err(|e| format!("{} : {e}", out.display()))?;
    for (name, bytes) in &files {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{} : {e}", path.display()))?;
    }
    println!("{} certificats écrits dans {}", files.len(), out.display());
    Ok(())
}

async fn run_demo(figment: Figment, scale: demo::Scale, database_url: Option<&str>) -> CliResult {
    let url = match database_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => url.to_string(),
        None => {
            let path = config::app_config(&figment).data_dir.join("demo.sqlite");
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    // A database named by the user is emptied only if it holds nothing but a former demo.
    recreate_demo_database(&url, database_url.is_some()).await?;
    let figment = figment.merge(Serialized::global("databases.main.url", &url));
    let pool = open_migrated(&figment).await?;
    let started = std::time::Instant::now();
    let summary = demo::seed_scaled(&pool, scale).await.map_err(|e| format!("jeu de démonstration : {e}"))?;
    tracing::info!("jeu de démonstration chargé en {:.1} s", started.elapsed().as_secs_f64());
    pool.pool.close().await;
    // What loading allocated is free now; give it back rather than serve with it.
    crate::memory::trim();
    tracing::info!("mémoire résidente après le chargement : {}", crate::memory::resident_label());

    let rocket = crate::build(figment).ignite().await.map_err(|e| e.to_string())?;
    let config = rocket.config();
    let address = format!("http://{}:{}", config.address, config.port);
    println!();
    println!("Label Territoires Innovants — démonstration sur {address}");
    println!("Base de démonstration : {}", db::redact(&url));
    println!("Mot de passe de tous les comptes : {}", demo::DEMO_PASSWORD);
    println!();
    println!(
        "Édition 2026, phase de jury : {} dossiers de collectivités réelles, affectation publiée, {}.",
        crate::web::fr::number(summary.dossiers as f64, 0),
        if scale.dossiers.is_some() || scale.jurors.is_some() {
            "trois évaluations soumises par dossier recevable"
        } else {
            "deux tiers des évaluations soumises"
        }
    );
    println!(
        "Édition 2025 terminée : {} dossiers, palmarès publié avec 25 lauréats et leurs certificats : {address}/palmares/2025",
        crate::web::fr::number(summary.past_dossiers as f64, 0)
    );
    println!();
    for login in &summary.logins {
        println!("  {:<28} {:<22} {}", login.email, login.role.label(), login.name);
    }
    println!();
    rocket.launch().await.map(|_| ()).map_err(|e| e.to_string())
}

async fn create_organiser(figment: &Figment, email: &str, name: &str) -> CliResult {
    let email = Email::parse(email).map_err(str::to_string)?;
    let name = DisplayName::parse(name).map_err(str::to_string)?;
    let secret = read_password()?;
    let pool = open_migrated(figment).await?;
    let hash = password::hash_async(secret.expose().to_string()).await.map_err(|e| e.to_string())?;
    let mut conn = pool.pool.acquire().await.map_err(|e| e.to_string())?;
    let account = NewAccount { email: &email, name: &name, role: Role::Organiser };
    let created = service::create_account_with_password(&mut conn, &account, &hash, db::now())
        .await
        .map_err(|e| e.to_string())?;
    drop(conn);
    pool.pool.close().await;
    match created {
        Some(id) => {
            println!("Compte organisateur créé (n° {id}) : {}", email.as_str());
            Ok(())
        }
        None => Err(format!("un compte existe déjà avec l’adresse {}", email.as_str())),
    }
}

fn read_password() -> Result<NewPassword, String> {
    if let Ok(secret) = std::env::var("LABEL_PASSWORD") {
        return NewPassword::parse(&secret, &secret).map_err(|(_, msg)| msg.to_string());
    }
    if !std::io::stdin().is_terminal() {
        return Err("aucun terminal pour saisir le mot de passe : définissez LABEL_PASSWORD".into());
    }
    let first =
        rpassword::prompt_password("Mot de passe (12 caractères au moins) : ").map_err(|e| e.to_string())?;
    let second = rpassword::prompt_password("Confirmez le mot de passe : ").map_err(|e| e.to_string())?;
    NewPassword::parse(&first, &second).map_err(|(_, msg)| msg.to_string())
}

async fn backup(figment: &Figment, out: &Path) -> CliResult {
    let url = config::database_url(figment);
    match Engine::from_url(&url) {
        Some(Engine::Sqlite) => {}
        Some(Engine::Postgres) => return Err(
            "la base est PostgreSQL : utilisez pg_dump (par exemple `pg_dump -Fc -f sauvegarde.dump URL`)"
                .into(),
        ),
        None => return Err(format!("URL de base non prise en charge : {}", db::redact(&url))),
    }
    if out.exists() {
        return Err(format!("{} existe déjà : choisissez un autre fichier", out.display()));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{} : {e}", parent.display()))?;
    }
    let pool = db::connect(&url, 1).await.map_err(|e| e.to_string())?;
    let target = out.to_str().ok_or("chemin de sauvegarde non UTF-8")?;
    // VACUUM INTO reads one consistent snapshot, even while the server writes (WAL).
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&pool.pool)
        .await
        .map_err(|e| format!("sauvegarde : {e}"))?;
    pool.pool.close().await;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!("Sauvegarde écrite dans {} ({} octets)", out.display(), crate::web::fr::number(size as f64, 0));
    Ok(())
}

fn import_collectivites(files: &[PathBuf], out: &Path) -> CliResult {
    let read = |stem: &str| -> Result<String, String> {
        let path = files
            .iter()
            .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(stem))
            .ok_or_else(|| format!("il manque le fichier {stem}.json"))?;
        std::fs::read_to_string(path).map_err(|e| format!("{} : {e}", path.display()))
    };
    let rows = crate::reference::extract::from_package(
        &read("communes")?,
        &read("epci")?,
        &read("departements")?,
        &read("regions")?,
    )
    .map_err(|e| e.to_string())?;
    let bytes = crate::reference::extract::write_csv(&rows).map_err(|e| e.to_string())?;
    std::fs::write(out, &bytes).map_err(|e| format!("{} : {e}", out.display()))?;
    let count = |kind: &str| rows.iter().filter(|r| r.kind == kind).count();
    println!(
        "{} écrit : {} régions, {} départements, {} EPCI, {} communes ({} octets)",
        out.display(),
        count("region"),
        count("departement"),
        count("epci"),
        count("commune"),
        crate::web::fr::number(bytes.len() as f64, 0)
    );
    Ok(())
}

/// Empties the demo's database: deletes the SQLite file, or drops the PostgreSQL database's
/// tables. When the user named the database, it must hold no account but the demo's.
async fn recreate_demo_database(url: &str, named: bool) -> CliResult {
    let engine = Engine::from_url(url)
        .ok_or_else(|| format!("URL de base non prise en charge : {}", db::redact(url)))?;
    let path = db::sqlite_path(url);
    let exists = path.as_ref().map(|p| p.exists()).unwrap_or(engine == Engine::Postgres);
    if named && exists {
        let pool = db::connect(url, 1)
            .await
            .map_err(|e| format!("connexion à {} impossible : {e}", db::redact(url)))?;
        let others: Result<i64, sqlx::Error> =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email NOT LIKE '%demo.test'")
                .fetch_one(&pool.pool)
                .await;
        pool.pool.close().await;
        if let Ok(n) = others {
            if n > 0 {
                return Err(format!(
                    "la base {} contient {n} compte(s) qui ne viennent pas de la démonstration : elle n’est pas effacée. \
                     Donnez une base vide ou dédiée à la démonstration.",
                    db::redact(url)
                ));
            }
        }
    }
    match (engine, path) {
        (Engine::Sqlite, Some(path)) => {
            for suffix in ["", "-wal", "-shm"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                if file.exists() {
                    std::fs::remove_file(&file)
                        .map_err(|e| format!("suppression de {} : {e}", file.display()))?;
                }
            }
            Ok(())
        }
        (Engine::Sqlite, None) => Ok(()),
        (Engine::Postgres, _) => {
            use sqlx::Executor;
            let pool = db::connect(url, 1)
                .await
                .map_err(|e| format!("connexion à {} impossible : {e}", db::redact(url)))?;
            let result = pool.pool.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;").await;
            pool.pool.close().await;
            result.map(|_| ()).map_err(|e| format!("remise à zéro de {} : {e}", db::redact(url)))
        }
    }
}
