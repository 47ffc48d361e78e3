//! The assignment page: its totals, filters and pages, and adding a juror by name or e-mail
//! on a large jury, through the real application on both engines.

use label_territoires::accounts::model::{Email, Role};
use label_territoires::accounts::repo as accounts;
use label_territoires::jury::repo::conflicts;
use label_territoires::jury::repo::jurors::{self, Profile};
use rocket::http::Status;

use crate::common::*;
use crate::jury::{eligible, juror, jury_edition, organiser};

const PAGE: &str = "/admin/editions/2026/jury/affectation";

/// The dossier rows of an assignment page.
fn rows(html: &str) -> usize {
    html.matches(r#"<tr id="dossier-"#).count()
}

async fn category(app: &TestApp, edition: i64, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM categories WHERE edition_id = $1 AND slug = $2")
        .bind(edition)
        .bind(slug)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap()
}

async fn has_pair(app: &TestApp, juror: i64, dossier: i64) -> bool {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM assignments WHERE juror_id = $1 AND dossier_id = $2")
            .bind(juror)
            .bind(dossier)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    n == 1
}

#[rocket::async_test]
async fn the_assignment_page_counts_filters_and_pages_the_dossiers() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    // One dossier per collectivité and category: 45 communes of the reference.
    let communes: Vec<String> =
        sqlx::query_scalar("SELECT code FROM collectivites WHERE kind = 'commune' ORDER BY code LIMIT 45")
            .fetch_all(&mut *app.conn().await)
            .await
            .unwrap();
    let mut dossiers = Vec::new();
    for (i, code) in communes.iter().enumerate() {
        let slug = if i < 25 { "innovation-citoyenne" } else { "numerique-responsable" };
        dossiers.push(eligible(&app, edition, ("commune", code), slug, &format!("Projet {i}")).await);
    }
    let mut jurors = Vec::new();
    for (i, kind) in ["elu", "expert", "partenaire"].iter().enumerate() {
        jurors.push(juror(&app, &format!("jure{i}@label.fr"), None, kind).await);
    }
    organiser(&app).await;
    post_with_csrf(&app.client, &format!("{PAGE}/calculer"), &[]).await;
    // k = 3 and three jurors: every dossier has its jurors. Five lose one, and a conflict
    // recorded on a pair of the sixth (as when a review was started) takes it from the count.
    {
        let mut conn = app.conn().await;
        for d in &dossiers[..5] {
            sqlx::query("DELETE FROM assignments WHERE dossier_id = $1 AND juror_id = $2")
                .bind(d)
                .bind(jurors[0])
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        conflicts::declare(
            &mut conn,
            jurors[1],
            dossiers[5],
            "declared",
            "Mon conjoint y travaille.",
            jurors[1],
            0,
        )
        .await
        .unwrap();
    }
    let all = page_text(&app.client, PAGE).await;
    assert!(all.contains("129 attributions, 45 dossiers recevables"), "{all}");
    assert!(all.contains("6 dossiers sans ses 3 jurés"), "{all}");
    assert!(all.contains("Page 1 sur 3") && rows(&all) == 20, "{all}");
    let last = page_text(&app.client, &format!("{PAGE}?page=3")).await;
    assert!(last.contains("Page 3 sur 3") && rows(&last) == 5, "{last}");

    let second = category(&app, edition, "numerique-responsable").await;
    let one_category = page_text(&app.client, &format!("{PAGE}?categorie={second}")).await;
    assert_eq!(rows(&one_category), 20);
    assert!(!one_category.contains("pagination"), "20 dossiers fill one page");
    assert!(one_category.contains("45 dossiers recevables"), "the totals cover the edition");

    let short = page_text(&app.client, &format!("{PAGE}?incomplets=1")).await;
    assert_eq!(rows(&short), 6, "{short}");
    for d in &dossiers[..6] {
        assert!(short.contains(&format!(r#"id="dossier-{d}""#)), "{d}: {short}");
    }
    assert!(!short.contains(&format!(r#"id="dossier-{}""#, dossiers[6])));
    assert!(short.contains(r#"<span class="badge badge-state-ineligible">conflit</span>"#), "{short}");
    assert!(short.contains("2 / 3 jurés"));

    let first = category(&app, edition, "innovation-citoyenne").await;
    let none = page_text(&app.client, &format!("{PAGE}?categorie={second}&incomplets=1")).await;
    assert!(none.contains("Aucun dossier ne correspond.") && rows(&none) == 0, "{none}");
    let clamped = page_text(&app.client, &format!("{PAGE}?categorie={first}&incomplets=1&page=7")).await;
    assert_eq!(rows(&clamped), 6, "a page beyond the last shows the last");

    // Removing a juror from a dossier of page 2 of a category comes back to that page.
    let (pair, dossier): (i64, i64) =
        sqlx::query_as("SELECT id, dossier_id FROM assignments WHERE dossier_id = $1 ORDER BY id LIMIT 1")
            .bind(dossiers[24])
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    let removed = post_with_csrf(
        &app.client,
        &format!("{PAGE}/{pair}/retirer"),
        &[("categorie", &first.to_string()), ("page", "2")],
    )
    .await;
    assert_eq!(location(&removed), format!("{PAGE}?categorie={first}&page=2#dossier-{dossier}"));
    let back = page_text(&app.client, &format!("{PAGE}?categorie={first}&page=2")).await;
    assert!(back.contains(r#"name="page" value="2""#), "the page's forms carry it: {back}");
}

/// An active juror with a profile and no password yet (no hashing: 26 are created).
async fn quick_juror(app: &TestApp, email: &str, name: &str) -> i64 {
    let mut conn = app.conn().await;
    let email = Email::parse(email).unwrap();
    let new = accounts::NewUser { email: &email, display_name: name, role: Role::Juror, password_hash: None };
    let id = accounts::insert(&mut conn, &new, 0).await.unwrap().unwrap();
    let profile = Profile {
        collectivite_id: None,
        affiliation: "Cerema".into(),
        kind: "expert".into(),
        preferred: Vec::new(),
    };
    jurors::save_profile(&mut conn, id, &profile, 0).await.unwrap();
    id
}

#[rocket::async_test]
async fn a_large_jury_is_added_by_name_or_email_and_an_ambiguous_name_is_refused() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet bordelais").await;
    let anne = quick_juror(&app, "anne@lyon.fr", "Anne Martin").await;
    let other = quick_juror(&app, "amartinez@nantes.fr", "Anne Martinez").await;
    for i in 0..24 {
        quick_juror(&app, &format!("jure{i}@label.fr"), &format!("Juré {i:02}")).await;
    }
    organiser(&app).await;
    let page = page_text(&app.client, PAGE).await;
    assert!(!page.contains(&format!(r#"<select id="ajout-{d}""#)), "no select above 25 jurors");
    assert!(page.contains(&format!(r#"<input type="text" id="ajout-{d}" name="juror""#)), "{page}");
    assert!(page.contains("26 jurés actifs") && page.contains("26 jurés : 0 dossier"), "{page}");

    let add = |typed: &'static str| {
        let d = d.to_string();
        let client = &app.client;
        async move {
            post_with_csrf(client, &format!("{PAGE}/ajouter"), &[("dossier_id", &d), ("juror", typed)]).await
        }
    };
    let fields = [("dossier_id", d.to_string()), ("juror", "anne".into()), ("incomplets", "1".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let ambiguous = post_with_csrf(&app.client, &format!("{PAGE}/ajouter"), &fields).await;
    assert_eq!(ambiguous.status(), Status::UnprocessableEntity);
    let html = unescape(&ambiguous.into_string().await.unwrap());
    assert!(html.contains("Plusieurs jurés correspondent à « anne » (Anne Martin, Anne Martinez)"), "{html}");
    assert!(html.contains(r#"name="juror" value="anne""#), "what was typed is kept: {html}");
    assert!(
        html.contains(r#"<input type="hidden" name="incomplets" value="1">"#),
        "on the same page: {html}"
    );
    let unknown = add("Zoé").await;
    assert_eq!(unknown.status(), Status::UnprocessableEntity);
    assert!(
        unescape(&unknown.into_string().await.unwrap()).contains("Aucun juré actif ne correspond à « Zoé ».")
    );
    let empty = add(" ").await;
    assert_eq!(empty.status(), Status::UnprocessableEntity);
    assert!(!has_pair(&app, anne, d).await && !has_pair(&app, other, d).await);

    let added = add("anne martin").await;
    assert_eq!(location(&added), format!("{PAGE}#dossier-{d}"));
    assert_eq!(add("AMARTINEZ@nantes.fr").await.status(), Status::SeeOther);
    assert!(has_pair(&app, anne, d).await && has_pair(&app, other, d).await);
    let page = page_text(&app.client, PAGE).await;
    assert!(page.contains("2 attributions") && page.contains("24 jurés : 0 dossier"), "{page}");
}
