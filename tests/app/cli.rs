//! The command line, run as a user would run it.

use std::process::{Command, Output};

use label_territoires::accounts::Role;
use label_territoires::db::Engine;
use rocket::http::Status;

use crate::common::*;

fn run(db: &TestDb, args: &[&str], password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_label-territoires"));
    command
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("ROCKET_DATA_DIR", db.dir.path())
        .env("LABEL_LOG", "warn")
        .env_remove("LABEL_PASSWORD");
    if let Some(password) = password {
        command.env("LABEL_PASSWORD", password);
    }
    command.output().expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[rocket::async_test]
async fn migrate_then_create_organiser_who_can_log_in() {
    let db = TestDb::new().await;
    let migrated = run(&db, &["migrate"], None);
    assert!(migrated.status.success(), "{}", text(&migrated));

    let weak = run(
        &db,
        &["create-organiser", "--email", "dg@association.fr", "--name", "Anne Directrice"],
        Some("court"),
    );
    assert!(!weak.status.success());
    assert!(text(&weak).contains("12 caractères"));

    let created = run(
        &db,
        &["create-organiser", "--email", "DG@association.fr", "--name", "Anne Directrice"],
        Some("une-phrase-de-passe-solide"),
    );
    assert!(created.status.success(), "{}", text(&created));

    let again = run(
        &db,
        &["create-organiser", "--email", "dg@association.fr", "--name", "Anne Bis"],
        Some("une-phrase-de-passe-solide"),
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("existe déjà"));

    let no_password =
        run(&db, &["create-organiser", "--email", "autre@association.fr", "--name", "Autre"], None);
    assert!(!no_password.status.success(), "no terminal and no LABEL_PASSWORD");

    // The same database served by the application: the organiser logs in.
    let url = db.url.clone();
    let app =
        TestApp::with(|f| f.merge(rocket::figment::providers::Serialized::global("databases.main.url", url)))
            .await;
    let response = app.login("dg@association.fr", "une-phrase-de-passe-solide").await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/admin");
}

#[rocket::async_test]
async fn backup_copies_a_live_database() {
    let app = TestApp::new().await;
    for i in 0..20 {
        app.user(&format!("personne{i}@exemple.fr"), if i % 2 == 0 { Role::Juror } else { Role::Applicant })
            .await;
    }
    let out = app.db.dir.path().join("sauvegardes").join("copie.sqlite");
    let out_str = out.to_str().unwrap().to_string();
    // The server is still running (the client holds it) while the copy is taken.
    let output = run(&app.db, &["backup", "--out", &out_str], None);

    if app.db.engine == Engine::Postgres {
        assert!(!output.status.success());
        assert!(text(&output).contains("pg_dump"));
        return;
    }
    assert!(output.status.success(), "{}", text(&output));

    let copy =
        label_territoires::db::connect(&format!("sqlite://{out_str}"), 1).await.expect("the copy opens");
    let rows = |pool: sqlx::AnyPool| async move {
        sqlx::query_as::<_, (i64, String, String)>("SELECT id, email, role FROM users ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap()
    };
    let original = rows(app.db().pool().clone()).await;
    let copied = rows(copy.pool.clone()).await;
    assert_eq!(original.len(), 20);
    assert_eq!(original, copied);

    let twice = run(&app.db, &["backup", "--out", &out_str], None);
    assert!(!twice.status.success(), "an existing file is never overwritten");
    assert!(text(&twice).contains("existe déjà"));
}

/// The quick start: `demo` recreates its database, prints the logins and serves.
#[test]
fn demo_command_prints_logins_and_serves() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    // A stale demo database is replaced, not reused.
    std::fs::write(dir.path().join("demo.sqlite"), b"not a database").unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_label-territoires"))
        .arg("demo")
        .env("ROCKET_DATA_DIR", dir.path())
        .env("ROCKET_PORT", port.to_string())
        .env("LABEL_LOG", "warn")
        .env_remove("DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("demo starts");
    // Drain the output on a thread so the child never writes into a closed pipe.
    let stdout = child.stdout.take().unwrap();
    let (lines_tx, lines_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = String::new();
    while let Ok(line) = lines_rx.recv_timeout(Duration::from_secs(60)) {
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("candidat@demo.test") {
            break;
        }
    }
    let health = (|| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
                stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
                stream
                    .write_all(b"GET /sante HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .ok()?;
                let mut response = String::new();
                stream.read_to_string(&mut response).ok()?;
                return Some(response);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    })();
    let _ = child.kill();
    let _ = child.wait();

    assert!(printed.contains("demo-label-2026"), "{printed}");
    for email in ["organisateur@demo.test", "jure1@demo.test", "jure12@demo.test", "candidat@demo.test"] {
        assert!(printed.contains(email), "{email} in {printed}");
    }
    let health = health.expect("the demo answers on its port");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"));
    assert!(std::fs::metadata(dir.path().join("demo.sqlite")).unwrap().len() > 1024);
}

#[rocket::async_test]
async fn ranking_prints_the_results_csv() {
    let db = TestDb::new().await;
    let output = run(&db, &["migrate"], None);
    assert!(output.status.success(), "{}", text(&output));
    let missing = run(&db, &["ranking", "--edition", "2031"], None);
    assert!(!missing.status.success());
    assert!(text(&missing).contains("aucune édition 2031"), "{}", text(&missing));
    // An edition without reviews: the header and one row per eligible dossier (none here).
    let app_db = label_territoires::db::connect(&db.url, 1).await.unwrap();
    let mut conn = app_db.pool.acquire().await.unwrap();
    let new = label_territoires::editions::model::NewEdition {
        year: 2031,
        title: "Label 2031".into(),
        opens_at: 0,
        closes_at: 1,
        scoring_ends_at: 2,
        ceremony_at: None,
        ceremony_place: String::new(),
        laureates_count: 25,
    };
    label_territoires::editions::repo::create(
        &mut conn,
        &new,
        &label_territoires::site::default_categories(),
        0,
    )
    .await
    .unwrap();
    drop(conn);
    app_db.pool.close().await;
    let output = run(&db, &["ranking", "--edition", "2031", "--format", "virgule"], None);
    assert!(output.status.success(), "{}", text(&output));
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("categorie,reference,collectivite,titre,rang,agregat"), "{csv}");
    assert!(csv.contains("note_innovation"));
}

#[rocket::async_test]
async fn certificates_are_written_for_a_published_palmares() {
    let db = TestDb::new().await;
    let pool = label_territoires::db::connect(&db.url, 2).await.unwrap();
    label_territoires::db::migrate(&pool).await.unwrap();
    label_territoires::demo::seed(&pool).await.unwrap();
    pool.pool.close().await;
    let out = db.dir.path().join("certificats");
    let unpublished = run(&db, &["certificates", "--edition", "2026", "--out", out.to_str().unwrap()], None);
    assert!(!unpublished.status.success());
    assert!(text(&unpublished).contains("n’est pas publié"), "{}", text(&unpublished));
    let output = run(
        &db,
        &[
            "certificates",
            "--edition",
            "2025",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://label.example.fr",
        ],
        None,
    );
    assert!(output.status.success(), "{}", text(&output));
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 25);
    assert!(files.iter().all(|f| std::fs::read(f).unwrap().starts_with(b"%PDF")));
}

#[rocket::async_test]
async fn demo_never_erases_a_database_holding_real_accounts() {
    let db = TestDb::new().await;
    let created = run(
        &db,
        &["create-organiser", "--email", "dg@association.fr", "--name", "Anne Directrice"],
        Some("une-phrase-de-passe-solide"),
    );
    assert!(created.status.success(), "{}", text(&created));
    // DATABASE_URL names the database: the demo would load into it, but it holds a real account.
    let demo = run(&db, &["demo"], None);
    assert!(!demo.status.success());
    assert!(text(&demo).contains("n’est pas effacée"), "{}", text(&demo));
    let app = TestApp::with(|f| {
        f.merge(rocket::figment::providers::Serialized::global("databases.main.url", &db.url))
    })
    .await;
    assert!(app.find_user("dg@association.fr").await.is_some(), "the account is still there");
}
