//! The holes closed by issue 10: formulas in CSV exports, control characters at the door,
//! return addresses and login throttling, and the takeover of a collectivité by sign-up.

use rocket::http::Status;

use crate::common::*;
use crate::jury::*;

fn csv_records(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn column<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    &row[header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"))]
}

const FORMULA_TITLE: &str = "=HYPERLINK(\"http://evil.example\";\"Cliquez\")";
const FORMULA_COMMENT: &str = "@SUM(1+1) un projet solide, documenté et transposable ailleurs.";

/// One dossier titled with a formula, scored by three jurors whose appreciation starts with `@`.
async fn formula_dossier(app: &TestApp) -> i64 {
    let edition = jury_edition(app).await;
    let dossier = eligible(app, edition, ("commune", "33063"), "innovation-citoyenne", FORMULA_TITLE).await;
    let mut jurors = Vec::new();
    for (i, kind) in ["expert", "elu", "partenaire"].iter().enumerate() {
        let email = format!("jure{i}@label.fr");
        let id = juror(app, &email, None, kind).await;
        accept_charter(app, id, edition).await;
        jurors.push(email);
    }
    organiser(app).await;
    organiser_post(app, "/admin/jury/affectation/calculer", &[]).await;
    organiser_post(app, "/admin/jury/affectation/publier", &[]).await;
    let criteria = criteria_ids(app, edition).await;
    for email in &jurors {
        let b = browser(app, email).await;
        let r =
            post_scores(&b, dossier, &score_form(&criteria, &[Some(4)], FORMULA_COMMENT, "soumettre")).await;
        assert_eq!(r.status(), Status::SeeOther);
    }
    dossier
}

#[rocket::async_test]
async fn the_dossiers_export_neutralises_formulas() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    eligible(&app, edition, ("commune", "69123"), "innovation-citoyenne", FORMULA_TITLE).await;
    organiser(&app).await;
    for (format, delimiter) in [("", b';'), ("&format=virgule", b',')] {
        let response =
            app.client.get(format!("/admin/candidatures.csv?edition=2026{format}")).dispatch().await;
        assert_eq!(response.status(), Status::Ok);
        let (header, rows) = csv_records(&response.into_bytes().await.unwrap(), delimiter);
        assert_eq!(rows.len(), 1);
        assert_eq!(column(&header, &rows[0], "titre"), format!("'{FORMULA_TITLE}"));
        assert_eq!(column(&header, &rows[0], "collectivite"), "Lyon", "ordinary text unchanged");
    }
}

#[rocket::async_test]
async fn the_results_export_neutralises_formulas_and_keeps_numbers() {
    let app = TestApp::new().await;
    formula_dossier(&app).await;
    let response = app.client.get("/admin/resultats.csv").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let (header, rows) = csv_records(&response.into_bytes().await.unwrap(), b';');
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(column(&header, row, "titre"), format!("'{FORMULA_TITLE}"));
        assert_eq!(column(&header, row, "appreciation"), format!("'{FORMULA_COMMENT}"));
        let corrected = column(&header, row, "note_corrigee");
        assert!(corrected.parse::<f64>().is_ok() || corrected.replace(',', ".").parse::<f64>().is_ok());
        assert!(!corrected.starts_with('\''), "our numbers stay numbers: {corrected}");
    }
}

#[rocket::async_test]
async fn the_public_palmares_export_neutralises_formulas() {
    let app = TestApp::new().await;
    formula_dossier(&app).await;
    let published = post_with_csrf(&app.client, "/admin/resultats/publier", &[("confirm", "oui")]).await;
    assert_eq!(published.status(), Status::SeeOther);
    let visitor = app.another_browser().await;
    let response = visitor.get("/palmares/2026.csv").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let (header, rows) = csv_records(&response.into_bytes().await.unwrap(), b';');
    assert_eq!(rows.len(), 1);
    assert_eq!(column(&header, &rows[0], "titre"), format!("'{FORMULA_TITLE}"));
    assert_eq!(column(&header, &rows[0], "collectivite"), "Bordeaux");
    // The JSON form keeps the text as it was typed.
    let json: serde_json::Value = serde_json::from_slice(
        &visitor.get("/palmares/2026.json").dispatch().await.into_bytes().await.unwrap(),
    )
    .unwrap();
    assert_eq!(json["laureats"][0]["titre"], FORMULA_TITLE);
}
