//! Concurrency is normal: jurors save at the same moment, through the one Rocket instance, and
//! no write fails for lock reasons (on SQLite every write transaction starts `BEGIN IMMEDIATE`;
//! the first save of a review is an upsert). Each test drives many sessions in parallel on a
//! multi-threaded runtime, on both engines.

use std::collections::BTreeMap;
use std::sync::Arc;

use label_territoires::demo::{self, Scale};
use rocket::http::{ContentType, Cookie, Status};
use rocket::local::asynchronous::Client;
use rocket::tokio::task::JoinSet;

use crate::common::*;

/// One browser's session on a shared, untracked client: its cookies and CSRF token.
struct Session {
    cookies: Vec<Cookie<'static>>,
    token: String,
}

impl Session {
    fn absorb(&mut self, response: &rocket::local::asynchronous::LocalResponse<'_>) {
        for cookie in response.cookies().iter() {
            self.cookies.retain(|c| c.name() != cookie.name());
            self.cookies.push(Cookie::new(cookie.name().to_string(), cookie.value().to_string()));
        }
    }

    /// Logs `email` in with the demo password, as a browser does.
    async fn login(client: &Client, email: &str) -> Session {
        Session::login_with(client, email, demo::DEMO_PASSWORD).await
    }

    async fn login_with(client: &Client, email: &str, password: &str) -> Session {
        let mut session = Session { cookies: Vec::new(), token: String::new() };
        let response = client.get("/connexion").dispatch().await;
        session.absorb(&response);
        let html = response.into_string().await.unwrap_or_default();
        session.token = extract_token(&html).expect("the login form has a CSRF token");
        let body =
            encode(&[("csrf_token", session.token.as_str()), ("email", email), ("password", password)]);
        let response = client
            .post("/connexion")
            .header(ContentType::Form)
            .cookies(session.cookies.clone())
            .body(body)
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::SeeOther, "login of {email}");
        session.absorb(&response);
        session
    }

    async fn post(&self, client: &Client, uri: &str, fields: &[(String, String)]) -> Status {
        let mut all = vec![("csrf_token", self.token.as_str())];
        all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        client
            .post(uri.to_string())
            .header(ContentType::Form)
            .cookies(self.cookies.clone())
            .body(encode(&all))
            .dispatch()
            .await
            .status()
    }
}

impl Session {
    /// A multipart upload of `bytes` as the file `fichier`, as the attachment form sends it.
    async fn upload(&self, client: &Client, uri: &str, bytes: &[u8]) -> Status {
        let boundary = "----ltboundaryConcurrent";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"piece.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n",
            self.token
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        client
            .post(uri.to_string())
            .header(ContentType::new("multipart", "form-data").with_params(("boundary", boundary)))
            .cookies(self.cookies.clone())
            .body(body)
            .dispatch()
            .await
            .status()
    }
}

/// A multi-threaded runtime, so that the sessions really run at the same time.
fn runtime() -> rocket::tokio::runtime::Runtime {
    rocket::tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("runtime")
}

/// The demo (scaled when `scale` says so) in the test database, and a second, untracked client
/// on the same application and database for the parallel sessions.
async fn demo_app(scale: Scale) -> (TestApp, Arc<Client>) {
    let app = TestApp::with(|f| {
        f.merge(rocket::figment::providers::Serialized::global("databases.main.max_connections", 8))
    })
    .await;
    demo::seed_scaled(app.db(), scale).await.expect("the demo loads");
    let client = Client::untracked(label_territoires::build(app.figment.clone())).await.expect("starts");
    (app, Arc::new(client))
}

/// The 2026 rubric's criteria ids and its scale.
async fn rubric(app: &TestApp) -> (Vec<i64>, i64, i64) {
    let mut conn = app.conn().await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM criteria c JOIN editions e ON e.id = c.edition_id WHERE e.year = 2026 ORDER BY c.position",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let (min, max): (i64, i64) =
        sqlx::query_as("SELECT scale_min, scale_max FROM editions WHERE year = 2026")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    (ids, min, max)
}

/// The scoring form with `scores[i]` on criterion i and a comment naming the juror.
fn form(criteria: &[i64], scores: &[i64], overall: &str, action: &str) -> Vec<(String, String)> {
    let mut fields =
        vec![("overall_comment".to_string(), overall.to_string()), ("action".into(), action.into())];
    for (id, score) in criteria.iter().zip(scores) {
        fields.push((format!("note[{id}]"), score.to_string()));
        fields.push((format!("commentaire[{id}]"), format!("Critère {id} : note {score}.")));
    }
    fields
}

/// The stored scores of (dossier, juror)'s review, by criterion.
async fn stored(app: &TestApp, dossier: i64, juror: i64) -> (String, String, BTreeMap<i64, Option<i64>>) {
    let mut conn = app.conn().await;
    let (id, state, overall): (i64, String, String) = sqlx::query_as(
        "SELECT id, state, overall_comment FROM reviews WHERE dossier_id = $1 AND juror_id = $2",
    )
    .bind(dossier)
    .bind(juror)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    let marks: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT criterion_id, score FROM review_scores WHERE review_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    (state, overall, marks.into_iter().collect())
}

#[test]
fn thirty_two_jurors_save_and_submit_at_the_same_moment() {
    runtime().block_on(async {
        let (app, client) = demo_app(Scale { dossiers: Some(120), jurors: Some(32) }).await;
        let (criteria, min, max) = rubric(&app).await;
        // Each juror's first assigned dossier (every juror of the scaled demo has some).
        let pairs: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.email, MIN(a.dossier_id) FROM assignments a JOIN users u ON u.id = a.juror_id \
             JOIN editions e ON e.id = a.edition_id WHERE e.year = 2026 \
             AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.juror_id = a.juror_id AND c.dossier_id = a.dossier_id) \
             GROUP BY u.id, u.email ORDER BY u.id",
        )
        .fetch_all(&mut *app.conn().await)
        .await
        .unwrap();
        assert_eq!(pairs.len(), 32, "32 jurors with an assignment");

        let mut sessions = Vec::new();
        for (_, email, _) in &pairs {
            sessions.push(Session::login(&client, email).await);
        }
        let mut tasks = JoinSet::new();
        let mut expected = Vec::new();
        for (n, ((juror, _, dossier), session)) in pairs.iter().zip(sessions).enumerate() {
            let draft: Vec<i64> = criteria.iter().enumerate().map(|(i, _)| min + ((n + i) as i64 % (max - min + 1))).collect();
            let last: Vec<i64> = draft.iter().map(|s| if *s == max { min } else { s + 1 }).collect();
            let overall = format!("Évaluation du juré {juror} : projet solide, bien documenté et transposable.");
            expected.push((*juror, *dossier, last.clone(), overall.clone()));
            let client = Arc::clone(&client);
            let criteria = criteria.clone();
            let dossier = *dossier;
            tasks.spawn(async move {
                let uri = format!("/jury/dossiers/{dossier}");
                let mut statuses = Vec::new();
                statuses.push(session.post(&client, &uri, &form(&criteria, &draft, &overall, "brouillon")).await);
                statuses.push(session.post(&client, &uri, &form(&criteria, &last, &overall, "soumettre")).await);
                statuses
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.extend(done.expect("a session task"));
        }
        assert_eq!(statuses.len(), 64);
        assert!(statuses.iter().all(|s| *s == Status::SeeOther), "every save accepted: {statuses:?}");

        for (juror, dossier, last, overall) in expected {
            let (state, stored_overall, marks) = stored(&app, dossier, juror).await;
            assert_eq!(state, "submitted");
            assert_eq!(stored_overall, overall);
            let want: BTreeMap<i64, Option<i64>> = criteria.iter().copied().zip(last.iter().map(|s| Some(*s))).collect();
            assert_eq!(marks, want, "juror {juror} finds exactly what was sent");
            let reviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reviews WHERE dossier_id = $1 AND juror_id = $2")
                .bind(dossier)
                .bind(juror)
                .fetch_one(&mut *app.conn().await)
                .await
                .unwrap();
            assert_eq!(reviews, 1);
        }
    });
}

#[test]
fn eight_simultaneous_first_saves_of_one_review_make_one_review() {
    runtime().block_on(async {
        let (app, client) = demo_app(Scale::default()).await;
        let (criteria, min, max) = rubric(&app).await;
        // An assigned dossier this juror has not scored yet.
        let (juror, email, dossier): (i64, String, i64) = sqlx::query_as(
            "SELECT u.id, u.email, a.dossier_id FROM assignments a JOIN users u ON u.id = a.juror_id \
             JOIN editions e ON e.id = a.edition_id WHERE e.year = 2026 \
             AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.juror_id = a.juror_id AND r.dossier_id = a.dossier_id) \
             AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.juror_id = a.juror_id AND c.dossier_id = a.dossier_id) \
             ORDER BY a.id LIMIT 1",
        )
        .fetch_one(&mut *app.conn().await)
        .await
        .expect("an assigned dossier without a review in the demo");
        let session = Arc::new(Session::login(&client, &email).await);
        let overall = "Premier enregistrement, envoyé huit fois à la fois (double clic, onglets).";
        let scores: Vec<i64> = criteria.iter().map(|_| (min + max) / 2).collect();
        let fields = form(&criteria, &scores, overall, "brouillon");
        let mut tasks = JoinSet::new();
        for _ in 0..8 {
            let (client, session, fields) = (Arc::clone(&client), Arc::clone(&session), fields.clone());
            tasks.spawn(async move { session.post(&client, &format!("/jury/dossiers/{dossier}"), &fields).await });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.expect("a session task"));
        }
        assert!(statuses.iter().all(|s| *s == Status::SeeOther), "every save accepted: {statuses:?}");
        let (state, stored_overall, marks) = stored(&app, dossier, juror).await;
        assert_eq!((state.as_str(), stored_overall.as_str()), ("draft", overall));
        assert_eq!(marks.values().filter(|s| **s == Some((min + max) / 2)).count(), criteria.len());
        let (reviews, created_events): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM reviews WHERE dossier_id = $1 AND juror_id = $2), \
             (SELECT COUNT(*) FROM score_events ev JOIN reviews r ON r.id = ev.review_id \
              WHERE r.dossier_id = $1 AND r.juror_id = $2 AND ev.field = 'state')",
        )
        .bind(dossier)
        .bind(juror)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
        assert_eq!(reviews, 1, "one review");
        assert_eq!(created_events, 1, "its creation is logged once; the seven others changed nothing");
    });
}

#[test]
fn eight_collectivites_deposit_at_the_same_moment_and_get_distinct_numbers() {
    runtime().block_on(async {
        let app = TestApp::new().await;
        app.open_edition().await;
        let client =
            Arc::new(Client::untracked(label_territoires::build(app.figment.clone())).await.expect("starts"));
        let towns = ["69123", "75056", "13055", "31555", "06088", "44109", "67482", "34172"];
        let mut drafts = Vec::new();
        for insee in towns {
            let email = format!("mairie-{insee}@exemple.fr");
            app.applicant_of(&email, insee).await;
            let session = Session::login_with(&client, &email, PASSWORD).await;
            let mut all = vec![("csrf_token".to_string(), session.token.clone())];
            all.extend(dossier_form("innovation-citoyenne", &format!("Projet de {insee}"), "enregistrer"));
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let response = client
                .post("/candidatures/nouvelle")
                .header(ContentType::Form)
                .cookies(session.cookies.clone())
                .body(encode(&pairs))
                .dispatch()
                .await;
            assert_eq!(response.status(), Status::SeeOther, "draft of {insee}");
            drafts.push((dossier_id(&response), session));
        }
        let mut tasks = JoinSet::new();
        for (id, session) in drafts {
            let client = Arc::clone(&client);
            tasks.spawn(async move {
                let fields = dossier_form("innovation-citoyenne", &format!("Projet {id}"), "deposer");
                session.post(&client, &format!("/candidatures/{id}"), &fields).await
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.expect("a session task"));
        }
        assert!(statuses.iter().all(|s| *s == Status::SeeOther), "every deposit accepted: {statuses:?}");
        let numbers: Vec<i64> =
            sqlx::query_scalar("SELECT number FROM dossiers WHERE state = 'submitted' ORDER BY number")
                .fetch_all(&mut *app.conn().await)
                .await
                .unwrap();
        assert_eq!(numbers, (1..=8).collect::<Vec<i64>>(), "eight deposits, eight distinct numbers");
    });
}

#[test]
fn a_double_click_on_publish_publishes_once() {
    runtime().block_on(async {
        let (app, client) = demo_app(Scale::default()).await;
        let organiser = Arc::new(Session::login(&client, "organisateur@demo.test").await);
        let closed = organiser
            .post(&client, "/admin/editions/2026/jury/cloture", &[("confirmer".into(), "oui".into())])
            .await;
        assert_eq!(closed, Status::SeeOther);
        let fields: Vec<(String, String)> = vec![
            ("annee".into(), "2026".into()),
            ("justification".into(), "Jury restreint cette année : moins de dossiers classables.".into()),
        ];
        let mut tasks = JoinSet::new();
        for _ in 0..4 {
            let (client, organiser, fields) = (Arc::clone(&client), Arc::clone(&organiser), fields.clone());
            tasks.spawn(async move {
                organiser.post(&client, "/admin/editions/2026/resultats/publier", &fields).await
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = tasks.join_next().await {
            statuses.push(done.expect("a session task"));
        }
        assert_eq!(statuses.iter().filter(|s| **s == Status::SeeOther).count(), 1, "{statuses:?}");
        assert!(
            statuses.iter().all(|s| *s == Status::SeeOther || *s == Status::UnprocessableEntity),
            "the others are refused as corrections without a note, never an error: {statuses:?}"
        );
        let versions: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM publications p JOIN editions e ON e.id = p.edition_id WHERE e.year = 2026",
        )
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
        assert_eq!(versions, 1, "published once");
    });
}

#[test]
fn sixteen_uploads_at_once_never_pass_the_limit_of_five_attachments() {
    runtime().block_on(async {
        let app = TestApp::new().await;
        app.open_edition().await;
        let client =
            Arc::new(Client::untracked(label_territoires::build(app.figment.clone())).await.expect("starts"));
        app.applicant_of("mairie@lyon.fr", "69123").await;
        let session = Arc::new(Session::login_with(&client, "mairie@lyon.fr", PASSWORD).await);
        let fields = dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer");
        let response = {
            let mut all = vec![("csrf_token", session.token.as_str())];
            all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            client
                .post("/candidatures/nouvelle")
                .header(ContentType::Form)
                .cookies(session.cookies.clone())
                .body(encode(&all))
                .dispatch()
                .await
        };
        assert_eq!(response.status(), Status::SeeOther);
        let id = dossier_id(&response);
        let mut tasks = JoinSet::new();
        for n in 0..16 {
            let (client, session) = (Arc::clone(&client), Arc::clone(&session));
            tasks.spawn(async move {
                let pdf = format!("%PDF-1.4\n% pièce {n}\n%%EOF\n");
                session.upload(&client, &format!("/candidatures/{id}/pieces"), pdf.as_bytes()).await
            });
        }
        while let Some(done) = tasks.join_next().await {
            assert_eq!(
                done.expect("a session task"),
                Status::SeeOther,
                "accepted or refused, never an error"
            );
        }
        let attached: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE dossier_id = $1")
            .bind(id)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
        assert_eq!(attached, 5, "the limit holds under concurrent uploads");
        let stored = std::fs::read_dir(app.db.dir.path().join("uploads")).map_or(0, |d| d.count());
        assert_eq!(stored, 5, "the files of the refused uploads are deleted");
    });
}
