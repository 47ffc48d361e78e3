//! Every organiser act names its edition (`/admin/editions/<year>/…`), the old addresses lead
//! to the current edition's pages, and irreversible acts go through a confirmation page.

use label_territoires::accounts::Role;
use rocket::http::Status;

use crate::applications::{lyon_draft, PDF};
use crate::common::*;
use crate::jury::*;
use crate::results::{publications, scored, JUSTIFICATION};

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(&mut *app.conn().await).await.unwrap()
}

async fn make_current(app: &TestApp, edition: i64) {
    let mut tx = app.db().begin_write().await.unwrap();
    label_territoires::editions::repo::set_current(&mut tx, edition).await.unwrap();
    tx.commit().await.unwrap();
}

#[rocket::async_test]
async fn old_addresses_lead_to_the_current_editions_pages() {
    let app = TestApp::new().await;
    app.edition(2025, 0, 1).await;
    app.open_edition().await;
    organiser(&app).await;
    for (old, new) in [
        ("/admin/candidatures", "/admin/editions/2026/candidatures"),
        (
            "/admin/candidatures?etat=submitted&q=lyon",
            "/admin/editions/2026/candidatures?etat=submitted&q=lyon",
        ),
        ("/admin/candidatures/12", "/admin/editions/2026/candidatures/12"),
        ("/admin/candidatures.csv?format=virgule", "/admin/editions/2026/candidatures.csv?format=virgule"),
        ("/admin/jury", "/admin/editions/2026/jury"),
        ("/admin/jury/affectation?incomplets=1", "/admin/editions/2026/jury/affectation?incomplets=1"),
        ("/admin/jury/grille", "/admin/editions/2026/jury/grille"),
        ("/admin/resultats", "/admin/editions/2026/resultats"),
        ("/admin/resultats?edition=2025", "/admin/editions/2025/resultats"),
        (
            "/admin/resultats.csv?edition=2025&format=virgule",
            "/admin/editions/2025/resultats.csv?format=virgule",
        ),
        ("/admin/resultats/certificats.zip", "/admin/editions/2026/resultats/certificats.zip"),
    ] {
        let response = app.client.get(old).dispatch().await;
        assert_eq!(response.status(), Status::SeeOther, "{old}");
        assert_eq!(location(&response), new, "{old}");
    }
    for page in
        ["/admin/editions/2025/candidatures", "/admin/editions/2025/jury", "/admin/editions/2025/resultats"]
    {
        assert_eq!(app.client.get(page).dispatch().await.status(), Status::Ok, "{page}");
    }
    let nav = page_text(&app.client, "/admin/editions/2025/jury").await;
    assert!(
        nav.contains("href=\"/admin/editions/2025/resultats\"")
            && nav.contains("href=\"/admin/editions/2025/jury/affectation\""),
        "the navigation stays on the edition of the page: {nav}"
    );
    assert_eq!(
        app.client.get("/admin/jury/jures").dispatch().await.status(),
        Status::Ok,
        "jurors keep their page"
    );
    assert_eq!(app.client.get("/admin/editions/1999/jury").dispatch().await.status(), Status::NotFound);
    assert_eq!(app.client.get("/admin/editions/1999/resultats").dispatch().await.status(), Status::NotFound);
    // The organiser's home names the current edition in its links.
    let home = page_text(&app.client, "/admin").await;
    assert!(
        home.contains("/admin/editions/2026/jury") && home.contains("/admin/editions/2025/candidatures"),
        "{home}"
    );

    // Old addresses stay the organisers'.
    let mairie = app.another_browser().await;
    app.user("mairie@exemple.fr", Role::Applicant).await;
    login_on(&mairie, "mairie@exemple.fr", PASSWORD).await;
    for uri in ["/admin/jury", "/admin/resultats", "/admin/editions/2026/resultats"] {
        assert_eq!(mairie.get(uri).dispatch().await.status(), Status::Forbidden, "{uri}");
    }
}

/// The defect that made this issue: pressing « Publier » on the 2025 page published 2026.
#[rocket::async_test]
async fn a_post_under_2025_never_touches_2026() {
    let app = TestApp::new().await;
    let (edition_2026, [bordeaux, _, _]) = scored(&app).await;
    let edition_2025 = app.edition(2025, 0, 1).await;
    make_current(&app, edition_2026).await;
    // 2026's scoring is closed: its palmarès could be published, from its own page only.
    post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;

    let publish = post_with_csrf(
        &app.client,
        "/admin/editions/2025/resultats/publier",
        &[
            ("annee", "2025"),
            ("justification", JUSTIFICATION),
            ("note", "Correction de 2025 qui n’en est pas une."),
        ],
    )
    .await;
    assert_eq!(publish.status(), Status::UnprocessableEntity);
    assert!(unescape(&publish.into_string().await.unwrap()).contains("Aucun lauréat"));
    assert_eq!(publications(&app).await, 0, "nothing published, in 2025 nor in 2026");

    let adjust = post_with_csrf(
        &app.client,
        "/admin/editions/2025/resultats/ajustements",
        &[
            ("dossier_id", &bordeaux.to_string()),
            ("action", "retirer"),
            ("justification", "Retrait tenté depuis la page 2025."),
        ],
    )
    .await;
    assert_eq!(adjust.status(), Status::UnprocessableEntity);
    assert!(unescape(&adjust.into_string().await.unwrap())
        .contains("Choisissez un dossier recevable de cette édition"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM laureate_adjustments")
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(n, 0);

    let settings = post_with_csrf(
        &app.client,
        "/admin/editions/2025/jury/reglages",
        &[("reviewers_per_dossier", "7"), ("conflict_scope", "nested"), ("assignment_seed", "42")],
    )
    .await;
    assert_eq!(location(&settings), "/admin/editions/2025/jury");
    let k = "SELECT reviewers_per_dossier FROM editions WHERE id = $1";
    assert_eq!(scalar(&app, k, edition_2025).await, 7);
    assert_ne!(scalar(&app, k, edition_2026).await, 7);

    let results = post_with_csrf(
        &app.client,
        "/admin/editions/2025/resultats/reglages",
        &[
            ("aggregate", "median"),
            ("min_reviews", "2"),
            ("disagreement_threshold", "30"),
            ("laureates_per_category", "9"),
            ("level_kind", "rank"),
            ("level_or", "1"),
            ("level_argent", "2"),
        ],
    )
    .await;
    assert_eq!(results.status(), Status::SeeOther);
    let per_category =
        "SELECT COALESCE(MAX(laureates_per_category), 0) FROM results_settings WHERE edition_id = $1";
    assert_eq!(scalar(&app, per_category, edition_2025).await, 9);
    assert_ne!(scalar(&app, per_category, edition_2026).await, 9);
    assert!(page_text(&app.client, "/admin/editions/2026/resultats")
        .await
        .contains("5 lauréats par catégorie"));

    // An act on another edition's dossier, review or conflict under this URL is a 404.
    let review: i64 = scalar(&app, "SELECT MIN(id) FROM reviews WHERE dossier_id = $1", bordeaux).await;
    let reopen =
        post_with_csrf(&app.client, &format!("/admin/editions/2025/jury/evaluations/{review}/rouvrir"), &[])
            .await;
    assert_eq!(reopen.status(), Status::NotFound);
    let decide = post_with_csrf(
        &app.client,
        &format!("/admin/editions/2025/candidatures/{bordeaux}/decision"),
        &[("decision", "ineligible"), ("reason", "Décision prise depuis la mauvaise édition.")],
    )
    .await;
    assert_eq!(decide.status(), Status::NotFound);
    assert_eq!(
        app.client.get(format!("/admin/editions/2025/candidatures/{bordeaux}")).dispatch().await.status(),
        Status::NotFound
    );
    assert_eq!(
        app.client.get(format!("/admin/editions/2026/candidatures/{bordeaux}")).dispatch().await.status(),
        Status::Ok
    );
}

#[rocket::async_test]
async fn withdrawing_is_confirmed_and_an_organiser_can_restore_the_dossier() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    post_owned(
        &app.client,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Budget participatif", "deposer"),
    )
    .await;
    let state = "SELECT CASE state WHEN 'submitted' THEN 1 WHEN 'withdrawn' THEN 2 ELSE 0 END FROM dossiers WHERE id = $1";
    assert_eq!(scalar(&app, state, id).await, 1);

    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains(&format!("href=\"/candidatures/{id}/retrait\"")), "a link, not a one-click form");
    let confirm = page_text(&app.client, &format!("/candidatures/{id}/retrait")).await;
    assert!(
        confirm.contains("ne sera pas examiné") && confirm.contains("seule l’équipe organisatrice"),
        "{confirm}"
    );
    let unconfirmed = post_with_csrf(&app.client, &format!("/candidatures/{id}/retrait"), &[]).await;
    assert_eq!(location(&unconfirmed), format!("/candidatures/{id}/retrait"));
    assert_eq!(scalar(&app, state, id).await, 1, "nothing withdrawn without the confirmation");
    let withdrawn =
        post_with_csrf(&app.client, &format!("/candidatures/{id}/retrait"), &[("confirmer", "oui")]).await;
    assert_eq!(withdrawn.status(), Status::SeeOther);
    assert_eq!(scalar(&app, state, id).await, 2);

    let organiser = app.another_browser().await;
    app.user("orga@label.fr", Role::Organiser).await;
    login_on(&organiser, "orga@label.fr", PASSWORD).await;
    let restore = format!("/admin/editions/2026/candidatures/{id}/restauration");
    assert!(page_text(&organiser, &format!("/admin/editions/2026/candidatures/{id}"))
        .await
        .contains(&restore));
    assert_eq!(post_with_csrf(&organiser, &restore, &[]).await.status(), Status::SeeOther);
    assert_eq!(scalar(&app, state, id).await, 1, "back to submitted, as before the withdrawal");
    let history = page_text(&organiser, &format!("/admin/editions/2026/candidatures/{id}")).await;
    assert!(history.contains("Dossier rétabli par l’équipe organisatrice (état : déposé)"), "{history}");
    assert!(history.contains("Dossier retiré par la collectivité"));
    // Restoring twice is refused; so is restoring under another edition.
    let again = post_with_csrf(&organiser, &restore, &[]).await;
    assert!(page_text(&organiser, &location(&again))
        .await
        .contains("Seul un dossier retiré peut être rétabli"));
    app.edition(2025, 0, 1).await;
    let elsewhere =
        post_with_csrf(&organiser, &format!("/admin/editions/2025/candidatures/{id}/restauration"), &[])
            .await;
    assert_eq!(elsewhere.status(), Status::NotFound);
}

#[rocket::async_test]
async fn removing_an_attachment_is_confirmed() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    upload(&app.client, &format!("/candidatures/{id}/pieces"), "plan.pdf", PDF).await;
    let attachment = scalar(&app, "SELECT MIN(id) FROM attachments WHERE dossier_id = $1", id).await;
    let count = "SELECT COUNT(*) FROM attachments WHERE dossier_id = $1";
    let uri = format!("/candidatures/{id}/pieces/{attachment}/suppression");
    assert!(page_text(&app.client, &format!("/candidatures/{id}"))
        .await
        .contains(&format!("href=\"{uri}\"")));
    let confirm = page_text(&app.client, &uri).await;
    assert!(
        confirm.contains("Retirer « plan.pdf » ?") && confirm.contains("ne pourra pas être récupéré"),
        "{confirm}"
    );
    let unconfirmed = post_with_csrf(&app.client, &uri, &[]).await;
    assert_eq!(location(&unconfirmed), uri);
    assert_eq!(scalar(&app, count, id).await, 1);
    post_with_csrf(&app.client, &uri, &[("confirmer", "oui")]).await;
    assert_eq!(scalar(&app, count, id).await, 0);
}

#[rocket::async_test]
async fn closing_scoring_is_confirmed() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let closed = "SELECT COUNT(*) FROM editions WHERE id = $1 AND scoring_closed_at IS NOT NULL";
    let unconfirmed = post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[]).await;
    assert_eq!(location(&unconfirmed), "/admin/editions/2026/jury/cloture");
    assert_eq!(scalar(&app, closed, edition).await, 0);
    let page = page_text(&app.client, "/admin/editions/2026/jury/cloture").await;
    assert!(page.contains("1 évaluation attendue sur 1 n’est pas soumise"), "{page}");
    assert!(page.contains("les brouillons sont ignorés"));
    post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;
    assert_eq!(scalar(&app, closed, edition).await, 1);
}

#[rocket::async_test]
async fn changing_the_current_edition_while_jurors_work_is_confirmed() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    let next = app.edition(2027, 0, 1).await;
    make_current(&app, edition).await;
    organiser(&app).await;
    // Before the assignment is published nobody is locked out: it is done at once.
    let direct = post_with_csrf(&app.client, "/admin/editions/2027/courante", &[]).await;
    assert_eq!(location(&direct), "/admin/editions");
    make_current(&app, edition).await;

    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let current = "SELECT is_current FROM editions WHERE id = $1";
    let unconfirmed = post_with_csrf(&app.client, "/admin/editions/2027/courante", &[]).await;
    assert_eq!(location(&unconfirmed), "/admin/editions/2027/courante");
    assert_eq!(scalar(&app, current, edition).await, 1, "2026 stays current");
    let page = page_text(&app.client, "/admin/editions/2027/courante").await;
    assert!(page.contains("l’accès à leurs dossiers de 2026"), "{page}");
    let confirmed =
        post_with_csrf(&app.client, "/admin/editions/2027/courante", &[("confirmer", "oui")]).await;
    assert_eq!(confirmed.status(), Status::SeeOther);
    assert_eq!(scalar(&app, current, next).await, 1);
}

#[rocket::async_test]
async fn refused_organiser_forms_keep_what_was_typed() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let lyon = eligible(&app, edition, ("commune", "69123"), "innovation-citoyenne", "Projet lyonnais").await;
    let j = juror(&app, "lyon@label.fr", Some(("commune", "69123")), "agent").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/conflits/actualiser", &[]).await;

    let settings = post_with_csrf(
        &app.client,
        "/admin/editions/2026/jury/reglages",
        &[("reviewers_per_dossier", "onze"), ("conflict_scope", "nested"), ("assignment_seed", "-3")],
    )
    .await;
    assert_eq!(settings.status(), Status::UnprocessableEntity);
    let html = unescape(&settings.into_string().await.unwrap());
    assert!(
        html.contains("entier de 1 à 10") && html.contains("La graine du tirage est un entier positif"),
        "{html}"
    );
    assert!(html.contains("value=\"onze\"") && html.contains("value=\"-3\""), "{html}");

    let declare = post_with_csrf(
        &app.client,
        "/admin/editions/2026/jury/conflits",
        &[("juror_id", &j.to_string()), ("dossier_id", &lyon.to_string()), ("reason", "court")],
    )
    .await;
    assert_eq!(declare.status(), Status::UnprocessableEntity);
    let html = unescape(&declare.into_string().await.unwrap());
    assert!(html.contains("Décrivez le lien d’intérêt") && html.contains(">court</textarea>"), "{html}");

    let conflict = scalar(&app, "SELECT MIN(id) FROM conflicts WHERE dossier_id = $1", lyon).await;
    let lift = post_with_csrf(
        &app.client,
        &format!("/admin/editions/2026/jury/conflits/{conflict}/lever"),
        &[("justification", "bref")],
    )
    .await;
    assert_eq!(lift.status(), Status::UnprocessableEntity);
    let html = unescape(&lift.into_string().await.unwrap());
    assert!(html.contains("Justifiez la levée du conflit") && html.contains(">bref</textarea>"), "{html}");
    assert!(html.contains(&format!("id=\"justification-{conflict}-erreur\"")), "next to its field");

    let add = post_with_csrf(
        &app.client,
        "/admin/editions/2026/jury/affectation/ajouter",
        &[("dossier_id", &lyon.to_string()), ("juror_id", &j.to_string())],
    )
    .await;
    assert_eq!(add.status(), Status::UnprocessableEntity);
    let html = unescape(&add.into_string().await.unwrap());
    assert!(
        html.contains("en conflit d’intérêts avec ce dossier")
            && html.contains(&format!("id=\"ajout-{lyon}-erreur\"")),
        "{html}"
    );
    let n = scalar(&app, "SELECT COUNT(*) FROM assignments WHERE dossier_id = $1", lyon).await;
    assert_eq!(n, 0);
}
