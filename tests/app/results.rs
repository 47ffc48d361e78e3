//! The deliberation: the ranking from the jury's submitted reviews, under each method, the
//! proposed laureates, the CSV export and the `ranking` command.

use label_territoires::accounts::Role;
use rocket::http::Status;

use crate::common::*;
use crate::jury::*;

/// Three dossiers scored by three jurors: Bordeaux best, then Rennes, then Nantes; returns
/// (edition, [bordeaux, rennes, nantes]).
pub(crate) async fn scored(app: &TestApp) -> (i64, [i64; 3]) {
    let edition = jury_edition(app).await;
    let bordeaux =
        eligible(app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet bordelais").await;
    let rennes = eligible(app, edition, ("commune", "35238"), "innovation-citoyenne", "Projet rennais").await;
    let nantes = eligible(app, edition, ("commune", "44109"), "innovation-citoyenne", "Projet nantais").await;
    let mut jurors = Vec::new();
    for (i, kind) in ["expert", "elu", "partenaire"].iter().enumerate() {
        let email = format!("jure{i}@label.fr");
        let id = juror(app, &email, None, kind).await;
        accept_charter(app, id, edition).await;
        jurors.push(email);
    }
    organiser(app).await;
    organiser_post(app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let criteria = criteria_ids(app, edition).await;
    for email in &jurors {
        let b = browser(app, email).await;
        for (dossier, score) in [(bordeaux, 5), (rennes, 4), (nantes, 2)] {
            let r =
                post_scores(&b, dossier, &score_form(&criteria, &[Some(score)], OVERALL, "soumettre")).await;
            assert_eq!(r.status(), Status::SeeOther);
        }
    }
    (edition, [bordeaux, rennes, nantes])
}

fn csv_rows(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[rocket::async_test]
async fn the_deliberation_ranks_under_every_method_and_proposes_laureates() {
    let app = TestApp::new().await;
    let (_, [_, _, nantes]) = scored(&app).await;
    let page = page_text(&app.client, "/admin/editions/2026/resultats").await;
    assert!(page.contains("Délibération") && page.contains("Projet bordelais"), "{page}");
    assert!(page.contains("médiane corrigée"), "every method side by side");
    assert!(page.contains(">Or<") && page.contains(">Argent<"), "levels proposed: {page}");

    // The export: one row per review, the rank, the level, the aggregate under each method.
    let response = app.client.get("/admin/editions/2026/resultats.csv").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let bytes = response.into_bytes().await.unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let (header, rows) = csv_rows(&bytes, b';');
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    assert_eq!(rows.len(), 9, "three reviews of three dossiers");
    let first: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("titre")] == "Projet bordelais").collect();
    assert_eq!(first.len(), 3);
    assert_eq!(first[0][col("rang")], "1");
    assert_eq!(first[0][col("niveau")], "or");
    assert_eq!(first[0][col("agregat")], "100,00", "a decimal comma in the French form");
    assert_eq!(first[0][col("rang_median_corrigee")], "1");
    assert!(first.iter().all(|r| r[col("appreciation")] == OVERALL));
    let last = rows.iter().find(|r| r[col("titre")] == "Projet nantais").unwrap();
    assert_eq!((last[col("rang")].as_str(), last[col("niveau")].as_str()), ("3", "argent"));
    let plain = app
        .client
        .get("/admin/editions/2026/resultats.csv?format=virgule")
        .dispatch()
        .await
        .into_bytes()
        .await
        .unwrap();
    let (_, rows) = csv_rows(&plain, b',');
    assert_eq!(rows.len(), 9);
    assert!(rows.iter().any(|r| r.contains(&"100.00".to_string())));

    // A review from a juror who then declares a conflict no longer counts.
    let mut conn = app.conn().await;
    let juror = app.find_user("jure0@label.fr").await.unwrap().id;
    label_territoires::jury::repo::conflicts::declare(
        &mut conn,
        juror,
        nantes,
        "declared",
        "Lien découvert après coup.",
        juror,
        0,
    )
    .await
    .unwrap();
    drop(conn);
    let bytes =
        app.client.get("/admin/editions/2026/resultats.csv").dispatch().await.into_bytes().await.unwrap();
    let (header, rows) = csv_rows(&bytes, b';');
    let jure = header.iter().position(|h| h == "jure").unwrap();
    let titre = header.iter().position(|h| h == "titre").unwrap();
    let nantais: Vec<&Vec<String>> = rows.iter().filter(|r| r[titre] == "Projet nantais").collect();
    assert_eq!(nantais.len(), 2, "the conflicted review is set aside");
    assert!(nantais.iter().all(|r| r[jure] != "Personne jure0"));
    assert!(
        page_text(&app.client, "/admin/editions/2026/resultats").await.contains("Non classable"),
        "two reviews out of three"
    );
}

#[rocket::async_test]
async fn organisers_change_the_method_and_only_they_see_the_deliberation() {
    let app = TestApp::new().await;
    scored(&app).await;
    let refused = post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/reglages",
        &[
            ("aggregate", "mode"),
            ("min_reviews", "douze"),
            ("laureates_per_category", "4"),
            ("level_kind", "rank"),
        ],
    )
    .await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let html = unescape(&refused.into_string().await.unwrap());
    assert!(html.contains("Choisissez la façon de combiner") && html.contains("entier de 1 à 10"), "{html}");
    assert!(
        html.contains("value=\"douze\"") && html.contains("value=\"4\""),
        "what was typed is kept: {html}"
    );
    let saved = post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/reglages",
        &[
            ("aggregate", "median"),
            ("severity_correction", "oui"),
            ("min_reviews", "2"),
            ("disagreement_threshold", "30"),
            ("laureates_per_category", "2"),
            ("level_kind", "score"),
            ("level_or", "90"),
            ("level_argent", "70,5"),
        ],
    )
    .await;
    assert_eq!(saved.status(), Status::SeeOther);
    let page = page_text(&app.client, "/admin/editions/2026/resultats").await;
    assert!(page.contains("Classement par <strong>médiane corrigée</strong>"), "{page}");
    assert!(page.contains("par note : Or à partir de 90,0, Argent à partir de 70,5"));
    assert!(page.contains("Sévérité estimée de chaque juré"));

    for (email, role) in [("jury@label.fr", Role::Juror), ("mairie@label.fr", Role::Applicant)] {
        app.user(email, role).await;
        let other = browser(&app, email).await;
        for uri in ["/admin/editions/2026/resultats", "/admin/editions/2026/resultats.csv"] {
            assert_eq!(other.get(uri).dispatch().await.status(), Status::Forbidden, "{email} {uri}");
        }
    }
}

pub(crate) const JUSTIFICATION: &str =
    "Trois dossiers recevables seulement cette année : le jury publie ceux qu’il a classés.";

pub(crate) async fn publications(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM publications").fetch_one(&mut *app.conn().await).await.unwrap()
}

/// Publishing is refused while scoring is open, then without the typed year, then without the
/// justification a short category calls for; then it goes through. Nothing is published before.
async fn publish_confirmed(app: &TestApp) {
    let uri = "/admin/editions/2026/resultats/publier";
    let page = page_text(&app.client, uri).await;
    assert!(page.contains("L’évaluation est encore ouverte : la publication n’est pas possible"), "{page}");
    assert!(!page.contains("Tapez l’année"), "no confirmation form while scoring is open");
    let early =
        post_with_csrf(&app.client, uri, &[("annee", "2026"), ("justification", JUSTIFICATION)]).await;
    assert_eq!(early.status(), Status::UnprocessableEntity);
    assert!(unescape(&early.into_string().await.unwrap()).contains("clôturez-la d’abord"));
    assert_eq!(publications(app).await, 0);

    assert!(page_text(&app.client, "/admin/editions/2026/jury/cloture")
        .await
        .contains("Ce que fait la clôture"));
    let closed =
        post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;
    assert_eq!(closed.status(), Status::SeeOther);

    let page = page_text(&app.client, uri).await;
    assert!(
        page.contains("version 1") && page.contains("Projet bordelais") && page.contains(">Or<"),
        "{page}"
    );
    assert!(page.contains("Seulement 3 dossiers classables pour 5 lauréats prévus"), "{page}");
    let unconfirmed =
        post_with_csrf(&app.client, uri, &[("justification", JUSTIFICATION), ("annee", "2025")]).await;
    assert_eq!(unconfirmed.status(), Status::UnprocessableEntity);
    let html = unescape(&unconfirmed.into_string().await.unwrap());
    assert!(
        html.contains("Tapez l’année de l’édition pour confirmer") && html.contains("value=\"2025\""),
        "{html}"
    );
    assert!(html.contains(&format!(">{JUSTIFICATION}</textarea>")), "what was typed is kept");
    let unjustified = post_with_csrf(&app.client, uri, &[("annee", "2026"), ("justification", "")]).await;
    assert_eq!(unjustified.status(), Status::UnprocessableEntity);
    assert!(unescape(&unjustified.into_string().await.unwrap()).contains("justifiez par écrit"));
    assert_eq!(publications(app).await, 0, "nothing published by a refused confirmation");

    let done = post_with_csrf(&app.client, uri, &[("annee", "2026"), ("justification", JUSTIFICATION)]).await;
    assert_eq!(done.status(), Status::SeeOther);
    let stored: String = sqlx::query_scalar("SELECT justification FROM publications WHERE version = 1")
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(stored, JUSTIFICATION);
}

async fn code_of(app: &TestApp, dossier: i64) -> String {
    sqlx::query_scalar("SELECT code FROM laureates WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(dossier)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn publishing_freezes_the_palmares_and_certificates_can_be_verified() {
    let app = TestApp::new().await;
    let (_, [bordeaux, rennes, nantes]) = scored(&app).await;
    let visitor = app.another_browser().await;
    for uri in ["/palmares/2026", "/palmares/2026.csv", "/palmares/2026.json"] {
        assert_eq!(visitor.get(uri).dispatch().await.status(), Status::NotFound, "{uri} before publication");
    }

    // A justified change: Nantes goes down to Bronze.
    let unjustified = post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/ajustements",
        &[
            ("dossier_id", &nantes.to_string()),
            ("action", "niveau"),
            ("level", "bronze"),
            ("justification", "bref"),
        ],
    )
    .await;
    assert_eq!(unjustified.status(), Status::UnprocessableEntity);
    let html = unescape(&unjustified.into_string().await.unwrap());
    assert!(html.contains("Justifiez le changement"), "{html}");
    assert!(
        html.contains(">bref</textarea>") && html.contains("value=\"niveau\" checked"),
        "what was typed is kept"
    );
    post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/ajustements",
        &[
            ("dossier_id", &nantes.to_string()),
            ("action", "niveau"),
            ("level", "bronze"),
            ("justification", "Écart de 40 points avec Rennes : le jury réserve l’Argent aux deux premiers."),
        ],
    )
    .await;
    publish_confirmed(&app).await;

    let page = page_text(&visitor, "/palmares/2026").await;
    assert!(
        page.contains("Palmarès 2026") && page.contains("Projet bordelais") && page.contains("Bordeaux"),
        "{page}"
    );
    let csv = visitor.get("/palmares/2026.csv").dispatch().await.into_bytes().await.unwrap();
    let (header, rows) = csv_rows(&csv, b';');
    assert_eq!(
        header,
        label_territoires::results::core::open_data::COLUMNS.map(String::from).to_vec(),
        "stable columns"
    );
    assert_eq!(rows.len(), 3);
    let json: serde_json::Value = serde_json::from_slice(
        &visitor.get("/palmares/2026.json").dispatch().await.into_bytes().await.unwrap(),
    )
    .unwrap();
    let levels: Vec<(&str, &str)> = json["laureats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["collectivite"].as_str().unwrap(), l["niveau"].as_str().unwrap()))
        .collect();
    assert_eq!(levels, vec![("Bordeaux", "or"), ("Rennes", "argent"), ("Nantes", "bronze")]);

    // The certificate: verified by its code, downloadable, with the right text.
    let code = code_of(&app, bordeaux).await;
    let verified = page_text(&visitor, &format!("/certificats/{code}")).await;
    assert!(verified.contains("Certificat authentique") && verified.contains("Bordeaux"), "{verified}");
    assert!(page_text(&visitor, &format!("/certificats/{}", code.to_lowercase()))
        .await
        .contains("authentique"));
    let pdf = visitor.get(format!("/certificats/{code}.pdf")).dispatch().await;
    assert_eq!(pdf.status(), Status::Ok);
    let bytes = pdf.into_bytes().await.unwrap();
    let text =
        pdf_extract::extract_text_from_mem(&bytes).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("Bordeaux") && text.contains("Innovation citoyenne") && text.contains("NIVEAU OR"),
        "{text}"
    );
    assert!(text.contains(&code));
    let mut forged = code.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let unknown = visitor.get(format!("/certificats/{forged}")).dispatch().await;
    assert_eq!(unknown.status(), Status::NotFound);
    assert!(unescape(&unknown.into_string().await.unwrap()).contains("Certificat inconnu"));
    assert_eq!(visitor.get(format!("/certificats/{forged}.pdf")).dispatch().await.status(), Status::NotFound);
    assert_eq!(visitor.get("/certificats/..%2Fetc").dispatch().await.status(), Status::NotFound);

    // Organisers download every certificate at once; the laureate finds its own on its dashboard.
    let zip = app.client.get("/admin/editions/2026/resultats/certificats.zip").dispatch().await;
    assert_eq!(zip.status(), Status::Ok);
    assert_eq!(zip.content_type(), Some(rocket::http::ContentType::ZIP));
    let bytes = zip.into_bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), 3);
    for i in 0..archive.len() {
        use std::io::Read;
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        assert!(name.starts_with("certificat-2026-innovation-citoyenne-"), "{name}");
        let mut head = [0u8; 4];
        file.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"%PDF");
    }
    let mairie = app.another_browser().await;
    app.applicant_of("mairie@bordeaux.fr", "33063").await;
    login_on(&mairie, "mairie@bordeaux.fr", PASSWORD).await;
    let dashboard = page_text(&mairie, "/candidatures").await;
    assert!(dashboard.contains("Félicitations") && dashboard.contains("Lauréat Or"), "{dashboard}");
    assert!(dashboard.contains(&format!("/certificats/{code}.pdf")));
    let nantes_board = app.another_browser().await;
    app.applicant_of("mairie@nantes.fr", "44109").await;
    login_on(&nantes_board, "mairie@nantes.fr", PASSWORD).await;
    assert!(page_text(&nantes_board, "/candidatures").await.contains("Lauréat Bronze"));

    // A correction is a new, visible version; what was published is never edited.
    let rennes_code = code_of(&app, rennes).await;
    post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/ajustements",
        &[
            ("dossier_id", &rennes.to_string()),
            ("action", "retirer"),
            ("justification", "Projet déjà primé en 2024 sous un autre nom."),
        ],
    )
    .await;
    let silent = post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/publier",
        &[("annee", "2026"), ("justification", JUSTIFICATION), ("note", "Oups")],
    )
    .await;
    assert_eq!(silent.status(), Status::UnprocessableEntity);
    let html = unescape(&silent.into_string().await.unwrap());
    assert!(
        html.contains("Une correction publiée dit ce qu’elle change") && html.contains(">Oups</textarea>"),
        "{html}"
    );
    post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/publier",
        &[
            ("annee", "2026"),
            ("justification", JUSTIFICATION),
            ("note", "Rennes retiré : projet déjà primé en 2024."),
        ],
    )
    .await;
    let page = page_text(&visitor, "/palmares/2026").await;
    assert!(page.contains("Ce palmarès a été corrigé") && page.contains("Rennes retiré"), "{page}");
    assert!(!page.contains("Projet rennais"));
    assert_eq!(code_of(&app, bordeaux).await, code, "an unchanged laureate keeps its certificate");
    assert!(page_text(&visitor, &format!("/certificats/{code}")).await.contains("authentique"));
    let replaced = page_text(&visitor, &format!("/certificats/{rennes_code}")).await;
    assert!(replaced.contains("Certificat remplacé"), "{replaced}");
    assert_eq!(
        visitor.get(format!("/certificats/{rennes_code}.pdf")).dispatch().await.status(),
        Status::NotFound
    );
    let mut conn = app.conn().await;
    assert!(sqlx::query("UPDATE laureates SET level = 'or'").execute(&mut *conn).await.is_err());
    assert!(sqlx::query("DELETE FROM publications").execute(&mut *conn).await.is_err());
}

#[rocket::async_test]
async fn tie_rules_are_declared_before_scoring() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    organiser(&app).await;
    let settings = |rules: &'static [&'static str]| {
        let mut fields = vec![
            ("aggregate", "mean"),
            ("min_reviews", "3"),
            ("disagreement_threshold", "25"),
            ("laureates_per_category", "5"),
            ("level_kind", "rank"),
            ("level_or", "1"),
            ("level_argent", "3"),
        ];
        fields.extend(rules.iter().map(|r| ("tie_rules", *r)));
        fields
    };
    post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/reglages",
        &settings(&["criterion:usagers", "median", ""]),
    )
    .await;
    let stored: String = sqlx::query_scalar("SELECT tie_rules FROM results_settings WHERE edition_id = $1")
        .bind(edition)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(stored, r#"[{"rule":"criterion","criterion":"usagers"},{"rule":"median"}]"#);
    assert!(page_text(&app.client, "/admin/editions/2026/resultats")
        .await
        .contains("la note du critère « Prise en compte des usagers », puis la médiane"));

    // Once a review is submitted, they no longer change.
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let b = browser(&app, "jure@label.fr").await;
    post_scores(&b, d, &score_form(&criteria_ids(&app, edition).await, &[Some(3)], OVERALL, "soumettre"))
        .await;
    let late =
        post_with_csrf(&app.client, "/admin/editions/2026/resultats/reglages", &settings(&["review_count"]))
            .await;
    assert_eq!(late.status(), Status::UnprocessableEntity);
    assert!(unescape(&late.into_string().await.unwrap()).contains("se déclarent avant l’évaluation"));
}

/// The elements of an HTML page (its opening tags).
fn elements(html: &str) -> usize {
    html.match_indices('<')
        .filter(|(i, _)| html[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .count()
}

#[rocket::async_test]
async fn the_deliberation_shows_one_category_at_a_time() {
    let app = TestApp::new().await;
    let (edition, _) = scored(&app).await;
    let lille =
        eligible(&app, edition, ("commune", "59350"), "numerique-responsable", "Projet lillois").await;
    let page = page_text(&app.client, "/admin/editions/2026/resultats").await;
    assert!(page.contains("Projet bordelais") && !page.contains("Projet lillois"), "{page}");
    assert!(
        page.contains(r#"href="/admin/editions/2026/resultats?categorie=numerique-responsable#classement""#),
        "a tab for each category: {page}"
    );
    assert!(page.contains("— 3 classés, 3 classables sur 3, 3 lauréats"), "the tab's summary: {page}");
    let other =
        page_text(&app.client, "/admin/editions/2026/resultats?categorie=numerique-responsable").await;
    assert!(other.contains("Projet lillois") && !other.contains("Projet bordelais"), "{other}");
    assert!(
        other.contains(&format!(r#"<option value="{lille}">"#)),
        "the adjustment lists the category's dossiers"
    );
    let unknown = app.client.get("/admin/editions/2026/resultats?categorie=inconnue").dispatch().await;
    assert_eq!(unknown.status(), Status::NotFound);
}

/// At the scaled demo's size the deliberation stays within the page budget: one category at
/// a time, under 100 KB of HTML and 1 500 elements.
#[rocket::async_test]
async fn the_deliberation_of_five_hundred_dossiers_stays_within_the_page_budget() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    let scale = label_territoires::demo::Scale { dossiers: Some(500), jurors: Some(20) };
    label_territoires::demo::seed_scaled(&pool, scale).await.expect("the scaled demo loads");
    let claire = app.another_browser().await;
    login_on(&claire, "organisateur@demo.test", label_territoires::demo::DEMO_PASSWORD).await;
    let mut conn = app.conn().await;
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT c.slug FROM categories c JOIN editions e ON e.id = c.edition_id WHERE e.year = 2026 ORDER BY c.position",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    assert_eq!(slugs.len(), 5);
    for slug in slugs {
        let html = claire
            .get(format!("/admin/editions/2026/resultats?categorie={slug}"))
            .dispatch()
            .await
            .into_string()
            .await
            .unwrap();
        assert!(html.contains("Délibération"), "{html}");
        assert!(html.len() < 100_000, "{slug}: {} bytes", html.len());
        assert!(elements(&html) < 1_500, "{slug}: {} elements", elements(&html));
    }
}
