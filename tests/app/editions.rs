//! Organisers create editions, set their calendar, rename their categories and choose the
//! current one.

use label_territoires::accounts::Role;
use label_territoires::editions::model::{Category, Edition};
use label_territoires::editions::repo;
use rocket::http::Status;

use crate::common::*;

/// The fields of a valid edition form for `year`, as a browser sends them.
fn settings(year: &str) -> Vec<(&'static str, String)> {
    vec![
        ("year", year.to_string()),
        ("title", format!("Label Territoires Innovants {year}")),
        ("opens_at", format!("{year}-03-01T09:00")),
        ("closes_at", format!("{year}-06-30T23:59")),
        ("scoring_ends_at", format!("{year}-10-15T18:00")),
        ("ceremony_at", format!("{year}-11-26T18:30")),
        ("ceremony_place", "Hôtel de Région, Lyon".to_string()),
        ("laureates_count", "25".to_string()),
    ]
}

/// `fields` with some of them replaced.
fn with(mut fields: Vec<(&'static str, String)>, changes: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    for (name, value) in changes {
        let field = fields.iter_mut().find(|(f, _)| f == name).expect("a field of the form");
        field.1 = value.to_string();
    }
    fields
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(f, v)| (*f, v.as_str())).collect()
}

async fn post_edition<'c>(
    app: &'c TestApp,
    uri: &str,
    fields: &[(&'static str, String)],
) -> rocket::local::asynchronous::LocalResponse<'c> {
    post_with_csrf(&app.client, uri, &borrowed(fields)).await
}

async fn create_edition(app: &TestApp, year: &str) {
    let response = post_edition(app, "/admin/editions/nouvelle", &settings(year)).await;
    assert_eq!(response.status(), Status::SeeOther, "edition {year} created");
    assert_eq!(location(&response), format!("/admin/editions/{year}"));
}

async fn edition(app: &TestApp, year: i64) -> Option<Edition> {
    repo::by_year(&mut *app.conn().await, year).await.expect("query")
}

async fn current_year(app: &TestApp) -> Option<i64> {
    repo::current(&mut *app.conn().await).await.expect("query").map(|e| e.year)
}

async fn categories(app: &TestApp, year: i64) -> Vec<Category> {
    let edition = edition(app, year).await.expect("the edition exists");
    repo::categories(&mut *app.conn().await, edition.id).await.expect("query")
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut *app.conn().await)
        .await
        .expect("count")
}

#[rocket::async_test]
async fn the_first_edition_is_created_with_its_categories_and_becomes_current() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let empty = page_text(&app.client, "/admin/editions").await;
    assert!(empty.contains("Aucune édition pour le moment"));
    let form = page_text(&app.client, "/admin/editions/nouvelle").await;
    assert!(form.contains("Nouvelle édition"));
    assert!(form.contains("type=\"datetime-local\""));
    assert!(form.contains("Heure de Paris"));

    create_edition(&app, "2026").await;
    let created = edition(&app, 2026).await.unwrap();
    assert!(created.current());
    assert_eq!(created.opens_at, 1_772_352_000, "09:00 in Paris is 08:00 UTC in March");
    assert_eq!(created.ceremony_at, Some(1_795_714_200), "18:30 in Paris is 17:30 UTC in November");
    assert_eq!(created.laureates_count, 25);
    let stored = categories(&app, 2026).await;
    let fixtures = label_territoires::site::default_categories();
    assert_eq!(stored.len(), 5);
    for (position, (category, fixture)) in (1..).zip(stored.iter().zip(&fixtures)) {
        assert_eq!(category.position, position);
        assert_eq!((&category.slug, &category.name), (&fixture.slug, &fixture.name));
    }

    let page = page_text(&app.client, "/admin/editions/2026").await;
    assert!(page.contains("C’est désormais l’édition en cours."), "flash message");
    assert!(page.contains("value=\"2026-03-01T09:00\""), "the stored instant is shown in Paris time");
    for fixture in &fixtures {
        assert!(page.contains(&fixture.name), "category {} listed", fixture.name);
    }
    let list = page_text(&app.client, "/admin/editions").await;
    assert!(list.contains("En cours"));
    assert!(list.contains("1er mars 2026 à 9\u{a0}h\u{a0}00"));
    assert!(list.contains("À venir") || list.contains("Candidatures ouvertes") || list.contains("Terminée"));

    // A second edition is not current by itself.
    create_edition(&app, "2027").await;
    assert_eq!(current_year(&app).await, Some(2026));
    assert_eq!(count(&app, "categories").await, 10);
    let next = page_text(&app.client, "/admin/editions/nouvelle").await;
    assert!(next.contains("value=\"2028\""), "the next year is suggested");
}

#[rocket::async_test]
async fn every_error_is_listed_at_once_with_the_values_kept() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let fields = with(
        settings("2026"),
        &[
            ("year", "deux mille"),
            ("closes_at", "2026-02-01T09:00"),
            ("ceremony_at", "2026-03-29T02:30"),
            ("laureates_count", "0"),
        ],
    );
    let response = post_edition(&app, "/admin/editions/nouvelle", &fields).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = unescape(&response.into_string().await.unwrap());
    assert!(html.contains("Le formulaire contient 4 erreurs"));
    assert!(html.contains("L’année doit être un nombre entre 2000 et 2100."));
    assert!(html.contains("La clôture des candidatures doit venir après leur ouverture."));
    assert!(html.contains("n’existe pas à Paris"), "the hour skipped in spring");
    assert!(html.contains("Le nombre de lauréats doit être un entier entre 1 et 100."));
    assert!(html.contains("value=\"deux mille\""));
    assert!(html.contains("value=\"2026-02-01T09:00\""));
    assert!(html.contains("value=\"2026-03-29T02:30\""));
    assert!(html.contains("value=\"Hôtel de Région, Lyon\""));
    assert!(html.contains("id=\"closes_at\" name=\"closes_at\" type=\"datetime-local\" value=\"2026-02-01T09:00\" required aria-invalid=\"true\""));
    assert_eq!(count(&app, "editions").await, 0);

    // A form with every field missing is answered in French too, not by Rocket.
    let empty = post_with_csrf(&app.client, "/admin/editions/nouvelle", &[]).await;
    assert_eq!(empty.status(), Status::UnprocessableEntity);
    assert!(unescape(&empty.into_string().await.unwrap())
        .contains("Indiquez la date et l’heure de l’ouverture des candidatures."));
}

#[rocket::async_test]
async fn a_year_has_one_edition() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    create_edition(&app, "2026").await;
    let again = post_edition(&app, "/admin/editions/nouvelle", &settings("2026")).await;
    assert_eq!(again.status(), Status::UnprocessableEntity);
    assert!(
        unescape(&again.into_string().await.unwrap()).contains("Une édition existe déjà pour l’année 2026.")
    );
    assert_eq!(count(&app, "editions").await, 1);
    assert_eq!(count(&app, "categories").await, 5, "nothing of the refused edition is left");

    create_edition(&app, "2027").await;
    let moved = post_edition(&app, "/admin/editions/2027", &settings("2026")).await;
    assert_eq!(moved.status(), Status::UnprocessableEntity);
    assert!(unescape(&moved.into_string().await.unwrap())
        .contains("Une autre édition existe déjà pour l’année 2026."));
    assert!(edition(&app, 2027).await.is_some());
}

#[rocket::async_test]
async fn organisers_edit_the_settings_and_the_categories() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    create_edition(&app, "2026").await;

    let bad = with(settings("2026"), &[("title", "ab"), ("scoring_ends_at", "2026-06-01T12:00")]);
    let response = post_edition(&app, "/admin/editions/2026", &bad).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = unescape(&response.into_string().await.unwrap());
    assert!(html.contains("Le titre doit compter de 3 à 200 caractères."));
    assert!(html.contains("La fin de l’évaluation ne peut pas précéder la clôture des candidatures."));
    assert!(html.contains("value=\"ab\""));
    assert!(html.contains("Innovation citoyenne"), "the categories are still listed");

    let good = with(
        settings("2026"),
        &[("title", "Label 2026 : la sobriété"), ("ceremony_at", ""), ("laureates_count", "15")],
    );
    let response = post_edition(&app, "/admin/editions/2026", &good).await;
    assert_eq!(response.status(), Status::SeeOther);
    let stored = edition(&app, 2026).await.unwrap();
    assert_eq!(stored.title, "Label 2026 : la sobriété");
    assert_eq!(stored.ceremony_at, None);
    assert_eq!(stored.laureates_count, 15);
    assert!(page_text(&app.client, "/admin/editions/2026")
        .await
        .contains("Les réglages de l’édition sont enregistrés."));

    // A category is renamed through its own form.
    let category = categories(&app, 2026).await.remove(0);
    let uri = format!("/admin/editions/2026/categories/{}", category.id);
    let response = post_with_csrf(
        &app.client,
        &uri,
        &[("name", "Participation citoyenne"), ("description", "Les habitants décident avec nous.")],
    )
    .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), format!("/admin/editions/2026#categorie-{}", category.id));
    let renamed = categories(&app, 2026).await.remove(0);
    assert_eq!(renamed.name, "Participation citoyenne");
    assert_eq!(renamed.description, "Les habitants décident avec nous.");
    assert_eq!(renamed.slug, category.slug, "the slug does not change");
    let page = page_text(&app.client, "/admin/editions/2026").await;
    assert!(page.contains("La catégorie « Participation citoyenne » est enregistrée."));

    let response = post_with_csrf(&app.client, &uri, &[("name", "x"), ("description", "Gardée")]).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = unescape(&response.into_string().await.unwrap());
    assert!(html.contains("Le nom d’une catégorie doit compter de 3 à 120 caractères."));
    assert!(html.contains(&format!("id=\"categorie-{}-name\"", category.id)));
    assert!(html.contains("value=\"x\""));
    assert!(html.contains(">Gardée</textarea>"));
    assert_eq!(categories(&app, 2026).await[0].name, "Participation citoyenne");

    // A category of another edition, an unknown category, an unknown year.
    create_edition(&app, "2027").await;
    let other = categories(&app, 2027).await.remove(0);
    let response = post_with_csrf(
        &app.client,
        &format!("/admin/editions/2026/categories/{}", other.id),
        &[("name", "Détournée"), ("description", "")],
    )
    .await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(categories(&app, 2027).await[0].name, other.name);
    let response =
        post_with_csrf(&app.client, "/admin/editions/2026/categories/999999", &[("name", "Nouvelle")]).await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(app.client.get("/admin/editions/1999").dispatch().await.status(), Status::NotFound);
    assert_eq!(app.client.get("/admin/editions/abc").dispatch().await.status(), Status::NotFound);
    let response =
        post_with_csrf(&app.client, "/admin/editions/2026/categories/abc", &[("name", "Nom")]).await;
    assert_eq!(response.status(), Status::NotFound);
    let response = post_edition(&app, "/admin/editions/1999", &settings("1999")).await;
    assert_eq!(response.status(), Status::NotFound);
}

#[rocket::async_test]
async fn organisers_switch_the_current_edition() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    create_edition(&app, "2026").await;
    create_edition(&app, "2027").await;
    assert_eq!(current_year(&app).await, Some(2026));

    let response = post_with_csrf(&app.client, "/admin/editions/2027/courante", &[]).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/admin/editions");
    assert_eq!(current_year(&app).await, Some(2027));
    let currents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM editions WHERE is_current = 1")
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(currents, 1);
    let list = page_text(&app.client, "/admin/editions").await;
    assert!(list.contains("L’édition 2027 est désormais l’édition en cours."));

    // Choosing the current one again changes nothing; an unknown year is not found.
    post_with_csrf(&app.client, "/admin/editions/2027/courante", &[]).await;
    assert_eq!(current_year(&app).await, Some(2027));
    let response = post_with_csrf(&app.client, "/admin/editions/2031/courante", &[]).await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(current_year(&app).await, Some(2027));
}

#[rocket::async_test]
async fn only_organisers_manage_editions() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    create_edition(&app, "2026").await;
    let category = categories(&app, 2026).await.remove(0);
    let category_uri = format!("/admin/editions/2026/categories/{}", category.id);

    for (email, role) in [("jure@exemple.fr", Role::Juror), ("mairie@exemple.fr", Role::Applicant)] {
        app.user(email, role).await;
        let browser = app.another_browser().await;
        assert_eq!(login_on(&browser, email, PASSWORD).await.status(), Status::SeeOther);
        for uri in ["/admin/editions", "/admin/editions/nouvelle", "/admin/editions/2026"] {
            assert_eq!(browser.get(uri).dispatch().await.status(), Status::Forbidden, "{role:?} GET {uri}");
        }
        let fields = settings("2030");
        let posts = [
            ("/admin/editions/nouvelle", borrowed(&fields)),
            ("/admin/editions/2026", borrowed(&fields)),
            ("/admin/editions/2026/courante", Vec::new()),
            (category_uri.as_str(), vec![("name", "Piratée"), ("description", "")]),
        ];
        for (uri, fields) in posts {
            let response = post_with_csrf(&browser, uri, &fields).await;
            assert_eq!(response.status(), Status::Forbidden, "{role:?} POST {uri}");
        }
    }

    let anonymous = app.another_browser().await;
    for uri in ["/admin/editions", "/admin/editions/nouvelle", "/admin/editions/2026"] {
        let response = anonymous.get(uri).dispatch().await;
        assert_eq!(response.status(), Status::SeeOther, "anonymous GET {uri}");
        assert!(location(&response).starts_with("/connexion"));
    }
    let response = post_with_csrf(&anonymous, "/admin/editions/nouvelle", &borrowed(&settings("2030"))).await;
    assert_eq!(response.status(), Status::SeeOther);

    assert_eq!(count(&app, "editions").await, 1);
    assert_eq!(edition(&app, 2026).await.unwrap().title, "Label Territoires Innovants 2026");
    assert_eq!(categories(&app, 2026).await[0].name, category.name);
}

#[rocket::async_test]
async fn a_post_without_the_csrf_token_is_refused() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    create_edition(&app, "2026").await;
    create_edition(&app, "2027").await;
    let category = categories(&app, 2026).await.remove(0);

    let typed = settings("2030");
    let fields = borrowed(&typed);
    let response = post_form(&app.client, "/admin/editions/nouvelle", &fields).await;
    assert_eq!(response.status(), Status::Forbidden);
    let mut wrong = vec![("csrf_token", "pas-le-bon-jeton")];
    wrong.extend_from_slice(&fields);
    assert_eq!(post_form(&app.client, "/admin/editions/nouvelle", &wrong).await.status(), Status::Forbidden);
    let response = post_form(&app.client, "/admin/editions/2026", &borrowed(&settings("2030"))).await;
    assert_eq!(response.status(), Status::Forbidden);
    let response = post_form(&app.client, "/admin/editions/2027/courante", &[]).await;
    assert_eq!(response.status(), Status::Forbidden);
    let response = post_form(
        &app.client,
        &format!("/admin/editions/2026/categories/{}", category.id),
        &[("name", "Sans jeton"), ("description", "")],
    )
    .await;
    assert_eq!(response.status(), Status::Forbidden);

    assert_eq!(count(&app, "editions").await, 2);
    assert!(edition(&app, 2030).await.is_none());
    assert_eq!(current_year(&app).await, Some(2026));
    assert_eq!(categories(&app, 2026).await[0].name, category.name);
}
