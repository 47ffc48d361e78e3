//! No silent overwrite: a form carries the version it was opened at, and a save from an older
//! version is refused (422) with what changed meanwhile, keeping what was typed.

use rocket::http::Status;
use rocket::local::asynchronous::Client;

use crate::common::*;
use crate::jury::{
    accept_charter, browser, criteria_ids, eligible, juror, jury_edition, organiser, organiser_post,
    post_scores, score_form, OVERALL,
};

/// The version a page's form carries.
pub(crate) fn version_in(html: &str) -> String {
    let marker = "name=\"version\" id=\"version\" value=\"";
    let start = html.find(marker).expect("a version field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

async fn version_of(client: &Client, uri: &str) -> String {
    version_in(&client.get(uri.to_string()).dispatch().await.into_string().await.unwrap_or_default())
}

fn with(mut fields: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in changes {
        match fields.iter_mut().find(|(key, _)| key == k) {
            Some(field) => field.1 = v.to_string(),
            None => fields.push((k.to_string(), v.to_string())),
        }
    }
    fields
}

/// A form that carries the version it was opened at: `page` shows it, `action` saves it.
struct Versioned<'c> {
    client: &'c Client,
    page: String,
    action: String,
}

/// A save refused because its version was stale: the page sent back, as HTML and as text.
struct Refusal {
    html: String,
    text: String,
}

impl<'c> Versioned<'c> {
    fn form(client: &'c Client, page: impl Into<String>, action: impl Into<String>) -> Versioned<'c> {
        Versioned { client, page: page.into(), action: action.into() }
    }

    /// The version the page's form carries now.
    async fn opened(&self) -> String {
        version_of(self.client, &self.page).await
    }

    /// A save that goes through.
    async fn saves(&self, fields: &[(String, String)]) {
        assert_eq!(post_owned(self.client, &self.action, fields).await.status(), Status::SeeOther);
    }

    /// A save refused as stale: 422, the notice, and the page to look into.
    async fn is_refused(&self, fields: &[(String, String)]) -> Refusal {
        let refused = post_owned(self.client, &self.action, fields).await;
        assert_eq!(refused.status(), Status::UnprocessableEntity);
        let html = refused.into_string().await.unwrap();
        let text = unescape(&html);
        assert!(text.contains("enregistré par quelqu’un d’autre"), "{text}");
        Refusal { html, text }
    }
}

impl Refusal {
    fn says(&self, what: &str) {
        assert!(self.text.contains(what), "{}", self.text);
    }

    /// The version the refused form carries: the stored one, newer than the stale one.
    fn fresh_version(&self, stale: &str) -> String {
        let fresh = version_in(&self.html);
        assert_ne!(fresh, stale, "the refused form carries the new version");
        fresh
    }
}

async fn stored_title_and_summary(app: &TestApp, id: i64) -> (String, String) {
    sqlx::query_as("SELECT title, summary FROM dossiers WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn the_second_of_two_agents_saving_the_same_dossier_is_refused_and_nothing_is_lost() {
    let app = TestApp::new().await;
    app.open_edition().await;
    app.applicant_of("dsi@lyon.fr", "69123").await;
    app.applicant_of("mairie@lyon.fr", "69123").await;
    let first = browser_of(&app, "dsi@lyon.fr").await;
    let second = browser_of(&app, "mairie@lyon.fr").await;
    let created = post_owned(
        &first,
        "/candidatures/nouvelle",
        &dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer"),
    )
    .await;
    let id = dossier_id(&created);
    let uri = format!("/candidatures/{id}");

    // Both open the dossier, then both save.
    let mine_tab = Versioned::form(&first, &uri, &uri);
    let their_tab = Versioned::form(&second, &uri, &uri);
    let v1 = mine_tab.opened().await;
    let v2 = their_tab.opened().await;
    assert_eq!(v1, v2);
    let form = dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer");
    let mine =
        with(form.clone(), &[("dossier.title", "Budget participatif des quartiers"), ("version", &v1)]);
    mine_tab.saves(&mine).await;
    let theirs = with(
        form,
        &[("dossier.summary", "Un budget participatif voté par les collégiens."), ("version", &v2)],
    );
    let refused = their_tab.is_refused(&theirs).await;
    refused.says("Titre du projet — votre saisie : « Budget participatif » ; enregistré entre-temps : « Budget participatif des quartiers »");
    refused.says("Un budget participatif voté par les collégiens.");
    // Nothing of the first save is lost.
    let (title, summary) = stored_title_and_summary(&app, id).await;
    assert_eq!(title, "Budget participatif des quartiers");
    assert!(!summary.contains("collégiens"));

    // The refused form carries the new version: saving again after merging goes through.
    let fresh = refused.fresh_version(&v2);
    let merged =
        with(theirs, &[("dossier.title", "Budget participatif des quartiers"), ("version", fresh.as_str())]);
    their_tab.saves(&merged).await;
    let (title, summary) = stored_title_and_summary(&app, id).await;
    assert_eq!(title, "Budget participatif des quartiers");
    assert!(summary.contains("collégiens"));
    // The first agent's tab is now stale in turn.
    mine_tab.is_refused(&mine).await;
}

async fn browser_of(app: &TestApp, email: &str) -> Client {
    let client = app.another_browser().await;
    assert_eq!(login_on(&client, email, PASSWORD).await.status(), Status::SeeOther);
    client
}

#[rocket::async_test]
async fn a_jurors_stale_tab_cannot_overwrite_a_review_saved_after_a_reopening() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Conseil citoyen").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let tab_a = browser(&app, "jure@label.fr").await;
    let criteria = criteria_ids(&app, edition).await;
    let uri = format!("/jury/dossiers/{d}");

    let v = version_of(&tab_a, &uri).await;
    assert_eq!(v, "0", "no review yet");
    let submitted = with(score_form(&criteria, &[Some(4)], OVERALL, "soumettre"), &[("version", &v)]);
    assert_eq!(post_scores(&tab_a, d, &submitted).await.status(), Status::SeeOther);
    // Tab A stays open on the submitted review; the organiser reopens it, tab B saves it again.
    let stale = version_of(&tab_a, &uri).await;
    let review: i64 = sqlx::query_scalar("SELECT id FROM reviews WHERE dossier_id = $1")
        .bind(d)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    organiser_post(&app, &format!("/admin/editions/2026/jury/evaluations/{review}/rouvrir"), &[]).await;
    let tab_b = browser(&app, "jure@label.fr").await;
    let current = version_of(&tab_b, &uri).await;
    assert_ne!(current, stale, "a reopening changes the version");
    let second = "Relu après réouverture : le projet est solide mais coûteux.";
    let resaved = with(score_form(&criteria, &[Some(2)], second, "soumettre"), &[("version", &current)]);
    assert_eq!(post_scores(&tab_b, d, &resaved).await.status(), Status::SeeOther);

    let late = with(score_form(&criteria, &[Some(5)], OVERALL, "soumettre"), &[("version", &stale)]);
    let refused = Versioned::form(&tab_a, &uri, &uri).is_refused(&late).await;
    refused.says("votre saisie : « 5 » ; enregistré entre-temps : « 2 »");
    refused.says(second);
    let stored: (String, i64) = sqlx::query_as(
        "SELECT r.overall_comment, s.score FROM reviews r JOIN review_scores s ON s.review_id = r.id \
         WHERE r.id = $1 AND s.criterion_id = $2",
    )
    .bind(review)
    .bind(criteria[0])
    .fetch_one(&mut *app.conn().await)
    .await
    .unwrap();
    assert_eq!(stored, (second.to_string(), 2), "nothing of the later save is lost");
    refused.fresh_version(&stale);
}

/// The set-up of the organiser's forms: the jury's edition, an organiser logged in on the
/// app's client. The edition's id.
async fn organiser_on_a_jury_edition(app: &TestApp) -> i64 {
    let edition = jury_edition(app).await;
    organiser(app).await;
    edition
}

/// The rubric form as the page sends it, with the first criterion named `first`.
fn rubric_form(first: &str, version: &str) -> Vec<(String, String)> {
    let rubric = label_territoires::jury::core::rubric::Rubric::default_rubric();
    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), version.into()),
        ("scale_min".into(), "0".into()),
        ("scale_max".into(), "5".into()),
    ];
    for (i, c) in rubric.criteria.iter().enumerate() {
        let name = if i == 0 { first.to_string() } else { c.name.clone() };
        fields.push((format!("criteria[{i}].slug"), c.slug.clone()));
        fields.push((format!("criteria[{i}].name"), name));
        fields.push((format!("criteria[{i}].description"), c.description.clone()));
        fields.push((format!("criteria[{i}].weight"), c.weight.to_string()));
        fields.push((
            format!("criteria[{i}].eliminatory_below"),
            c.eliminatory_below.map(|t| t.to_string()).unwrap_or_default(),
        ));
        for (l, a) in c.anchors.iter().enumerate() {
            fields.push((format!("criteria[{i}].anchors[{l}]"), a.clone()));
        }
    }
    fields
}

#[rocket::async_test]
async fn a_rubric_saved_from_an_older_version_is_refused() {
    let app = TestApp::new().await;
    let edition = organiser_on_a_jury_edition(&app).await;
    let rubric =
        Versioned::form(&app.client, "/admin/editions/2026/jury/grille", "/admin/editions/2026/jury/grille");
    let opened = rubric.opened().await;
    rubric.saves(&rubric_form("Innovation et originalité", &opened)).await;
    let refused = rubric.is_refused(&rubric_form("Originalité du projet", &opened)).await;
    refused.says(
        "votre saisie : « Originalité du projet » ; enregistré entre-temps : « Innovation et originalité »",
    );
    refused.says("value=\"Originalité du projet\"");
    let stored: String =
        sqlx::query_scalar("SELECT name FROM criteria WHERE edition_id = $1 ORDER BY position LIMIT 1")
            .bind(edition)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    assert_eq!(stored, "Innovation et originalité");
    let fresh = refused.fresh_version(&opened);
    rubric.saves(&rubric_form("Originalité du projet", &fresh)).await;
}

fn settings_form(laureates: &str, version: &str) -> Vec<(String, String)> {
    [
        ("version", version),
        ("aggregate", "mean"),
        ("min_reviews", "3"),
        ("disagreement_threshold", "25"),
        ("laureates_per_category", laureates),
        ("level_kind", "rank"),
        ("level_or", "1"),
        ("level_argent", "3"),
        ("signatories", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[rocket::async_test]
async fn results_settings_saved_from_an_older_version_are_refused() {
    let app = TestApp::new().await;
    let edition = organiser_on_a_jury_edition(&app).await;
    let settings = Versioned::form(
        &app.client,
        "/admin/editions/2026/resultats",
        "/admin/editions/2026/resultats/reglages",
    );
    let opened = settings.opened().await;
    assert_eq!(opened, "0", "no settings saved yet");
    settings.saves(&settings_form("4", &opened)).await;
    let refused = settings.is_refused(&settings_form("7", &opened)).await;
    refused.says("Lauréats par catégorie — votre saisie : « 7 » ; enregistré entre-temps : « 4 »");
    let stored: i64 =
        sqlx::query_scalar("SELECT laureates_per_category FROM results_settings WHERE edition_id = $1")
            .bind(edition)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    assert_eq!(stored, 4, "nothing of the first save is lost");
    let fresh = refused.fresh_version(&opened);
    settings.saves(&settings_form("7", &fresh)).await;
}
