//! The jury: assignment, conflicts of interest, the juror's workspace, scoring, the rubric
//! lock and the audit log, through the real application on both engines.

use std::collections::BTreeMap;

use label_territoires::accounts::Role;
use label_territoires::jury::core::model::CHARTER_VERSION;
use label_territoires::jury::repo::jurors::{self, Profile};
use label_territoires::reference::repo as reference;
use rocket::http::Status;
use rocket::local::asynchronous::Client;

use crate::common::*;

/// An edition in its jury phase: applications closed yesterday, scoring open for 90 days.
pub(crate) async fn jury_edition(app: &TestApp) -> i64 {
    let now = label_territoires::db::now();
    app.edition(2026, now - 60 * 86_400, now - 86_400).await
}

/// An eligible dossier of the collectivité (kind, code) in `category`; returns its id.
pub(crate) async fn eligible(
    app: &TestApp,
    edition: i64,
    (kind, code): (&str, &str),
    category: &str,
    title: &str,
) -> i64 {
    use label_territoires::applications::repo as apps;
    let mut conn = app.conn().await;
    let c = reference::by_kind_code(&mut conn, kind, code).await.unwrap().expect("in the reference");
    let org = match apps::organisation_by_collectivite(&mut conn, c.id).await.unwrap() {
        Some(o) => o.id,
        None => {
            let new = apps::NewOrganisation {
                collectivite_id: Some(c.id),
                name: &c.name,
                kind: &c.kind,
                siren: c.siren.as_deref(),
                departement: c.departement.as_deref(),
                region: c.region.as_deref(),
            };
            apps::create_organisation(&mut conn, &new, 0).await.unwrap()
        }
    };
    let category: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE edition_id = $1 AND slug = $2")
        .bind(edition)
        .bind(category)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let number: i64 = sqlx::query_scalar("SELECT COUNT(*) + 1 FROM dossiers WHERE edition_id = $1")
        .bind(edition)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    sqlx::query_scalar(
        "INSERT INTO dossiers (edition_id, organisation_id, category_id, state, number, reference, title, summary, \
         context, created_at, updated_at, submitted_at) \
         VALUES ($1, $2, $3, 'eligible', $4, $5, $6, 'Résumé du projet.', 'Contexte du projet.', 0, 0, 0) RETURNING id",
    )
    .bind(edition)
    .bind(org)
    .bind(category)
    .bind(number)
    .bind(format!("LTI-2026-{number:04}"))
    .bind(title)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
}

/// A juror with a profile; `collectivite` as (kind, code) of the reference.
pub(crate) async fn juror(app: &TestApp, email: &str, collectivite: Option<(&str, &str)>, kind: &str) -> i64 {
    let id = app.user(email, Role::Juror).await;
    let mut conn = app.conn().await;
    let (collectivite_id, affiliation) = match collectivite {
        Some((k, code)) => {
            let c = reference::by_kind_code(&mut conn, k, code).await.unwrap().expect("in the reference");
            (Some(c.id), c.name)
        }
        None => (None, "Cerema".to_string()),
    };
    let profile = Profile { collectivite_id, affiliation, kind: kind.into(), preferred: Vec::new() };
    jurors::save_profile(&mut conn, id, &profile, 0).await.unwrap();
    id
}

pub(crate) async fn accept_charter(app: &TestApp, juror: i64, edition: i64) {
    jurors::accept_charter(&mut *app.conn().await, juror, edition, CHARTER_VERSION, 0).await.unwrap();
}

/// A browser logged in as `email`.
pub(crate) async fn browser(app: &TestApp, email: &str) -> Client {
    let client = app.another_browser().await;
    assert_eq!(login_on(&client, email, PASSWORD).await.status(), Status::SeeOther, "login of {email}");
    client
}

pub(crate) async fn organiser(app: &TestApp) {
    app.logged_in("orga@label.fr", Role::Organiser).await;
}

/// POSTs as the organiser and returns the flash-bearing redirect's target page text.
pub(crate) async fn organiser_post(app: &TestApp, uri: &str, fields: &[(&str, &str)]) -> Status {
    post_with_csrf(&app.client, uri, fields).await.status()
}

async fn pairs(app: &TestApp, edition: i64) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT juror_id, dossier_id FROM assignments WHERE edition_id = $1 ORDER BY juror_id, dossier_id",
    )
    .bind(edition)
    .fetch_all(&mut *app.conn().await)
    .await
    .unwrap()
}

pub(crate) async fn criteria_ids(app: &TestApp, edition: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM criteria WHERE edition_id = $1 ORDER BY position")
        .bind(edition)
        .fetch_all(&mut *app.conn().await)
        .await
        .unwrap()
}

/// The scoring form of a review with `score` on every criterion (None: leave it out).
pub(crate) fn score_form(
    criteria: &[i64],
    scores: &[Option<i64>],
    overall: &str,
    action: &str,
) -> Vec<(String, String)> {
    let mut fields =
        vec![("overall_comment".to_string(), overall.to_string()), ("action".into(), action.into())];
    for (id, score) in criteria.iter().zip(scores.iter().cycle()) {
        if let Some(s) = score {
            fields.push((format!("note[{id}]"), s.to_string()));
        }
        fields.push((format!("commentaire[{id}]"), String::new()));
    }
    fields
}

pub(crate) async fn post_scores<'c>(
    client: &'c Client,
    dossier: i64,
    fields: &[(String, String)],
) -> rocket::local::asynchronous::LocalResponse<'c> {
    let token = csrf_token(client).await;
    let mut all = vec![("csrf_token".to_string(), token)];
    all.extend_from_slice(fields);
    post_owned(client, &format!("/jury/dossiers/{dossier}"), &all).await
}

pub(crate) const OVERALL: &str = "Un projet solide, documenté et transposable ailleurs.";

#[rocket::async_test]
async fn nothing_is_visible_to_jurors_before_the_assignment_is_published() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d =
        eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Conseil citoyen numérique")
            .await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    assert_eq!(
        organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await,
        Status::SeeOther
    );
    assert_eq!(pairs(&app, edition).await, vec![(j, d)]);

    let jb = browser(&app, "jure@label.fr").await;
    let home = page_text(&jb, "/jury").await;
    assert!(home.contains("pas encore attribués"), "{home}");
    assert!(!home.contains("Conseil citoyen numérique"));
    let direct = jb.get(format!("/jury/dossiers/{d}")).dispatch().await;
    assert_eq!(direct.status(), Status::SeeOther, "no dossier page before publication");
    let text = page_text(&jb, &format!("/jury/dossiers/{d}")).await;
    assert!(!text.contains("Conseil citoyen numérique"));
    assert_eq!(
        post_scores(
            &jb,
            d,
            &score_form(&criteria_ids(&app, edition).await, &[Some(3)], OVERALL, "soumettre")
        )
        .await
        .status(),
        Status::SeeOther
    );
    let reviews: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reviews").fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(reviews, 0, "no score before publication");

    assert_eq!(
        organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await,
        Status::SeeOther
    );
    let home = page_text(&jb, "/jury").await;
    assert!(home.contains("Conseil citoyen numérique"), "{home}");
    assert_eq!(jb.get(format!("/jury/dossiers/{d}")).dispatch().await.status(), Status::Ok);

    // Once published, a new computation only completes: what jurors have stays as it is.
    let opened = "SELECT opened_at FROM assignments WHERE dossier_id = $1";
    let before: Option<i64> =
        sqlx::query_scalar(opened).bind(d).fetch_one(&mut *app.conn().await).await.unwrap();
    assert!(before.is_none(), "reading a dossier never writes");
    let assignment = "SELECT id FROM assignments WHERE dossier_id = $1 AND juror_id = $2";
    let kept: i64 =
        sqlx::query_scalar(assignment).bind(d).bind(j).fetch_one(&mut *app.conn().await).await.unwrap();
    let k = juror(&app, "nouveau@label.fr", None, "elu").await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    let after: Option<i64> =
        sqlx::query_scalar(opened).bind(d).fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(after, before);
    let still: i64 =
        sqlx::query_scalar(assignment).bind(d).bind(j).fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(still, kept, "the published pair is kept as it was");
    assert_eq!(pairs(&app, edition).await, vec![(j, d), (k, d)], "the short dossier gets the new juror");
}

#[rocket::async_test]
async fn the_charter_is_accepted_once_before_any_dossier() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Conseil citoyen").await;
    juror(&app, "jure@label.fr", None, "expert").await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let jb = browser(&app, "jure@label.fr").await;
    for uri in ["/jury".to_string(), format!("/jury/dossiers/{d}")] {
        let r = jb.get(uri.clone()).dispatch().await;
        assert_eq!((r.status(), location(&r)), (Status::SeeOther, "/jury/charte".to_string()), "{uri}");
    }
    let refused = post_with_csrf(&jb, "/jury/charte", &[]).await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    assert!(unescape(&refused.into_string().await.unwrap()).contains("Cochez la case"));
    let accepted = post_with_csrf(&jb, "/jury/charte", &[("accept", "oui")]).await;
    assert_eq!(location(&accepted), "/jury");
    let stored: Option<i64> = sqlx::query_scalar("SELECT accepted_at FROM charter_acceptances")
        .fetch_optional(&mut *app.conn().await)
        .await
        .unwrap();
    assert!(stored.is_some_and(|t| t > 0), "stored with its date");
    assert_eq!(jb.get(format!("/jury/dossiers/{d}")).dispatch().await.status(), Status::Ok);
}

#[rocket::async_test]
async fn a_conflicted_juror_never_sees_the_dossier() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    // The juror is an agent of Lyon: Lyon (same) and the Métropole de Lyon (contains Lyon)
    // are conflicts; Bordeaux is not.
    let lyon = eligible(&app, edition, ("commune", "69123"), "innovation-citoyenne", "Projet lyonnais").await;
    let metro =
        eligible(&app, edition, ("epci", "200046977"), "numerique-responsable", "Projet métropolitain").await;
    let bordeaux =
        eligible(&app, edition, ("commune", "33063"), "territoires-inclusifs", "Projet bordelais").await;
    let j = juror(&app, "lyon@label.fr", Some(("commune", "69123")), "agent").await;
    let other = juror(&app, "autre@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    accept_charter(&app, other, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let assigned = pairs(&app, edition).await;
    assert!(assigned.contains(&(j, bordeaux)));
    assert!(!assigned.contains(&(j, lyon)) && !assigned.contains(&(j, metro)), "{assigned:?}");

    // A manual addition is refused too.
    organiser_post(
        &app,
        "/admin/editions/2026/jury/affectation/ajouter",
        &[("dossier_id", &lyon.to_string()), ("juror_id", &j.to_string())],
    )
    .await;
    assert!(!pairs(&app, edition).await.contains(&(j, lyon)));
    let conflicts = page_text(&app.client, "/admin/editions/2026/jury/conflits").await;
    assert!(conflicts.contains("Projet lyonnais") || conflicts.contains("LTI-2026-0001"), "{conflicts}");

    let jb = browser(&app, "lyon@label.fr").await;
    let criteria = criteria_ids(&app, edition).await;
    for d in [lyon, metro] {
        assert_eq!(jb.get(format!("/jury/dossiers/{d}")).dispatch().await.status(), Status::NotFound);
        assert_eq!(
            jb.get(format!("/jury/dossiers/{d}/pieces/1")).dispatch().await.status(),
            Status::NotFound
        );
        assert_eq!(jb.get(format!("/jury/dossiers/{d}/conflit")).dispatch().await.status(), Status::NotFound);
        let scored = post_scores(&jb, d, &score_form(&criteria, &[Some(5)], OVERALL, "soumettre")).await;
        assert_eq!(scored.status(), Status::NotFound);
    }
    let home = page_text(&jb, "/jury").await;
    assert!(home.contains("Projet bordelais"));
    assert!(!home.contains("Projet lyonnais") && !home.contains("Projet métropolitain"), "{home}");
    assert!(home.contains("sur 1"), "counts only what the juror may see: {home}");

    // The juror declares a conflict on Bordeaux: it leaves their list at once.
    let short =
        post_with_csrf(&jb, &format!("/jury/dossiers/{bordeaux}/conflit"), &[("reason", "court")]).await;
    assert_eq!(short.status(), Status::UnprocessableEntity);
    let declared = post_with_csrf(
        &jb,
        &format!("/jury/dossiers/{bordeaux}/conflit"),
        &[("reason", "J’ai travaillé sur ce projet avec la ville en 2024.")],
    )
    .await;
    assert_eq!(location(&declared), "/jury");
    assert!(!page_text(&jb, "/jury").await.contains("Projet bordelais"));
    assert_eq!(jb.get(format!("/jury/dossiers/{bordeaux}")).dispatch().await.status(), Status::NotFound);
    assert!(!pairs(&app, edition).await.contains(&(j, bordeaux)));
    let listed = page_text(&app.client, "/admin/editions/2026/jury/conflits").await;
    assert!(listed.contains("Déclaré par le juré") && listed.contains("travaillé sur ce projet"), "{listed}");

    // An organiser lifts the automatic conflict with Lyon, with a justification.
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM conflicts WHERE juror_id = $1 AND dossier_id = $2 AND source = 'auto'",
    )
    .bind(j)
    .bind(lyon)
    .fetch_one(&mut *app.conn().await)
    .await
    .unwrap();
    organiser_post(&app, &format!("/admin/editions/2026/jury/conflits/{id}/lever"), &[("justification", "")])
        .await;
    let still: Option<i64> = sqlx::query_scalar("SELECT lifted_at FROM conflicts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert!(still.is_none(), "no lift without a justification");
    organiser_post(
        &app,
        &format!("/admin/editions/2026/jury/conflits/{id}/lever"),
        &[("justification", "Agent du service des sports, sans lien avec le projet.")],
    )
    .await;
    organiser_post(
        &app,
        "/admin/editions/2026/jury/affectation/ajouter",
        &[("dossier_id", &lyon.to_string()), ("juror_id", &j.to_string())],
    )
    .await;
    assert!(pairs(&app, edition).await.contains(&(j, lyon)));
    assert_eq!(jb.get(format!("/jury/dossiers/{lyon}")).dispatch().await.status(), Status::Ok);

    // An organiser records a conflict reported to them: the other juror leaves Bordeaux.
    assert!(pairs(&app, edition).await.contains(&(other, bordeaux)));
    organiser_post(
        &app,
        "/admin/editions/2026/jury/conflits",
        &[
            ("juror_id", &other.to_string()),
            ("dossier_id", &bordeaux.to_string()),
            ("reason", "Son conjoint est adjoint au maire."),
        ],
    )
    .await;
    assert!(!pairs(&app, edition).await.contains(&(other, bordeaux)));
    assert!(page_text(&app.client, "/admin/editions/2026/jury/conflits")
        .await
        .contains("Déclaré par l’organisation"));

    // In a large edition the form names the juror by e-mail and the dossier by reference.
    let reference: String = sqlx::query_scalar("SELECT reference FROM dossiers WHERE id = $1")
        .bind(metro)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    let refused = post_with_csrf(
        &app.client,
        "/admin/editions/2026/jury/conflits",
        &[
            ("juror_email", "personne@label.fr"),
            ("dossier_reference", "LTI-2026-9999"),
            ("reason", "Un lien déclaré."),
        ],
    )
    .await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let refused = unescape(&refused.into_string().await.unwrap());
    assert!(refused.contains("Aucun juré n’a cette adresse électronique."), "{refused}");
    assert!(refused.contains("Aucun dossier recevable de cette édition n’a cette référence."));
    assert!(refused.contains(">Un lien déclaré.</textarea>"), "what was typed is kept");
    organiser_post(
        &app,
        "/admin/editions/2026/jury/conflits",
        &[
            ("juror_email", "Autre@label.fr"),
            ("dossier_reference", &reference.to_lowercase()),
            ("reason", "Ancien directeur de cabinet du président."),
        ],
    )
    .await;
    assert!(page_text(&app.client, "/admin/editions/2026/jury/conflits")
        .await
        .contains("Ancien directeur de cabinet du président."));
}

#[rocket::async_test]
async fn scores_are_checked_against_the_scale_the_rubric_and_the_assignment() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let mine = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Mon dossier").await;
    let theirs =
        eligible(&app, edition, ("commune", "35238"), "numerique-responsable", "Le dossier d’un autre").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    {
        let mut conn = app.conn().await;
        sqlx::query("INSERT INTO assignments (edition_id, dossier_id, juror_id, origin, created_at) VALUES ($1, $2, $3, 'manual', 0)")
            .bind(edition)
            .bind(mine)
            .bind(j)
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("UPDATE editions SET assignment_published_at = 1 WHERE id = $1")
            .bind(edition)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    let jb = browser(&app, "jure@label.fr").await;
    let criteria = criteria_ids(&app, edition).await;
    assert_eq!(criteria.len(), 6);

    // Not assigned: 404, whatever is sent.
    assert_eq!(jb.get(format!("/jury/dossiers/{theirs}")).dispatch().await.status(), Status::NotFound);
    assert_eq!(
        post_scores(&jb, theirs, &score_form(&criteria, &[Some(3)], OVERALL, "soumettre")).await.status(),
        Status::NotFound
    );

    // Off the scale.
    let off = post_scores(&jb, mine, &score_form(&criteria, &[Some(6)], OVERALL, "soumettre")).await;
    assert_eq!(off.status(), Status::UnprocessableEntity);
    assert!(unescape(&off.into_string().await.unwrap()).contains("hors de l’échelle"));
    let negative = post_scores(&jb, mine, &score_form(&criteria, &[Some(-1)], OVERALL, "brouillon")).await;
    assert_eq!(negative.status(), Status::UnprocessableEntity, "even in a draft");

    // A criterion of another edition's rubric.
    let other_edition = app.edition(2025, 0, 1).await;
    let foreign = criteria_ids(&app, other_edition).await;
    let mut fields = score_form(&criteria, &[Some(3)], OVERALL, "soumettre");
    fields.push((format!("note[{}]", foreign[0]), "3".into()));
    // app.edition made 2025 current: make 2026 current again.
    sqlx::query("UPDATE editions SET is_current = CASE WHEN id = $1 THEN 1 ELSE 0 END")
        .bind(edition)
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    let refused = post_scores(&jb, mine, &fields).await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    assert!(unescape(&refused.into_string().await.unwrap()).contains("pas dans la grille"));
    let saved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reviews").fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(saved, 0, "nothing refused is saved");

    // Submitting with missing scores lists them all and keeps what was typed.
    let partial = post_scores(&jb, mine, &score_form(&criteria, &[Some(4), None], "", "soumettre")).await;
    assert_eq!(partial.status(), Status::UnprocessableEntity);
    let html = unescape(&partial.into_string().await.unwrap());
    assert!(
        html.contains("Le formulaire contient 4 erreurs"),
        "three scores and the overall comment: {html}"
    );
    assert_eq!(html.matches("<p class=\"field-error\" id=\"note-").count(), 3, "each next to its criterion");
    assert!(html.contains("appréciation d’ensemble"));
    assert!(html.contains(&format!("name=\"note[{}]\" value=\"4\" checked", criteria[0])), "kept");
    assert!(html.contains("#evaluation\" novalidate"), "a refused submission lands on its errors");

    // A draft may be partial; then the submission.
    let draft = post_scores(&jb, mine, &score_form(&criteria, &[Some(4), None], "", "brouillon")).await;
    assert_eq!(location(&draft), format!("/jury/dossiers/{mine}"));
    let done = post_scores(&jb, mine, &score_form(&criteria, &[Some(4)], OVERALL, "soumettre")).await;
    assert_eq!(done.status(), Status::SeeOther);
    let state: String = sqlx::query_scalar("SELECT state FROM reviews WHERE dossier_id = $1")
        .bind(mine)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(state, "submitted");
    let home = page_text(&jb, "/jury").await;
    assert!(home.contains("1 évaluation soumise sur 1"), "{home}");
}

#[rocket::async_test]
async fn the_rubric_locks_at_the_first_submitted_review_and_every_change_is_logged() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Mon dossier").await;
    juror(&app, "jure@label.fr", None, "expert").await;
    let j = app.find_user("jure@label.fr").await.unwrap().id;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;

    // Before any submission the rubric is editable: rename the first criterion.
    let page = page_text(&app.client, "/admin/editions/2026/jury/grille").await;
    assert!(page.contains("Enregistrer la grille"));
    let rubric = label_territoires::jury::core::rubric::Rubric::default_rubric();
    let mut fields: Vec<(String, String)> =
        vec![("scale_min".into(), "0".into()), ("scale_max".into(), "5".into())];
    for (i, c) in rubric.criteria.iter().enumerate() {
        let name = if i == 0 { "Innovation et originalité".to_string() } else { c.name.clone() };
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
    // A wrong rubric is refused with every problem next to its criterion, and what was typed is kept.
    let token = csrf_token(&app.client).await;
    let mut wrong = vec![("csrf_token".to_string(), token)];
    wrong.extend(fields.iter().cloned().map(|(k, v)| match k.as_str() {
        "criteria[1].weight" => (k, "lourd".to_string()),
        "criteria[2].anchors[3]" => (k, String::new()),
        _ => (k, v),
    }));
    let refused = post_owned(&app.client, "/admin/editions/2026/jury/grille", &wrong).await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let html = unescape(&refused.into_string().await.unwrap());
    assert!(html.contains("La grille contient 2 erreurs"), "{html}");
    assert!(html.contains("Le poids est un entier") && html.contains("Décrivez chacun des 6 niveaux"));
    assert!(
        html.contains("value=\"lourd\"") && html.contains("Innovation et originalité"),
        "typed values kept"
    );
    let token = csrf_token(&app.client).await;
    let mut with_token = vec![("csrf_token".to_string(), token)];
    with_token.extend(fields.clone());
    let saved = post_owned(&app.client, "/admin/editions/2026/jury/grille", &with_token).await;
    assert_eq!(saved.status(), Status::SeeOther);
    let first: String =
        sqlx::query_scalar("SELECT name FROM criteria WHERE edition_id = $1 ORDER BY position LIMIT 1")
            .bind(edition)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    assert_eq!(first, "Innovation et originalité");

    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let jb = browser(&app, "jure@label.fr").await;
    let criteria = criteria_ids(&app, edition).await;
    post_scores(&jb, d, &score_form(&criteria, &[Some(3)], "", "brouillon")).await;
    // A draft does not lock the rubric.
    let token = csrf_token(&app.client).await;
    let mut again = vec![("csrf_token".to_string(), token)];
    again.extend(fields.iter().cloned().map(|(k, v)| {
        if v == "Innovation et originalité" {
            (k, "Originalité".into())
        } else {
            (k, v)
        }
    }));
    post_owned(&app.client, "/admin/editions/2026/jury/grille", &again).await;
    let first: String =
        sqlx::query_scalar("SELECT name FROM criteria WHERE edition_id = $1 ORDER BY position LIMIT 1")
            .bind(edition)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    assert_eq!(first, "Originalité");

    let mut scores = vec![Some(4)];
    scores.extend(std::iter::repeat_n(Some(3), 5));
    post_scores(&jb, d, &score_form(&criteria, &scores, OVERALL, "soumettre")).await;
    // Now locked.
    assert!(page_text(&app.client, "/admin/editions/2026/jury/grille")
        .await
        .contains("La grille est verrouillée"));
    let token = csrf_token(&app.client).await;
    let mut late = vec![("csrf_token".to_string(), token)];
    late.extend(
        fields.iter().cloned().map(|(k, v)| if k.ends_with(".weight") { (k, "1".into()) } else { (k, v) }),
    );
    post_owned(&app.client, "/admin/editions/2026/jury/grille", &late).await;
    let weights: Vec<i64> =
        sqlx::query_scalar("SELECT weight FROM criteria WHERE edition_id = $1 ORDER BY position")
            .bind(edition)
            .fetch_all(&mut *app.conn().await)
            .await
            .unwrap();
    assert_eq!(weights, vec![25, 20, 15, 15, 15, 10], "a locked rubric does not change");

    // The organiser reopens the review; the juror changes a score and submits again.
    let review: i64 =
        sqlx::query_scalar("SELECT id FROM reviews").fetch_one(&mut *app.conn().await).await.unwrap();
    organiser_post(&app, &format!("/admin/editions/2026/jury/evaluations/{review}/rouvrir"), &[]).await;
    let state: String =
        sqlx::query_scalar("SELECT state FROM reviews").fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(state, "draft");
    scores[0] = Some(5);
    post_scores(&jb, d, &score_form(&criteria, &scores, OVERALL, "soumettre")).await;

    // Every change is in the log: the first criterion went 3 → 4 → 5, with its author.
    let changes: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT old_value, new_value FROM score_events WHERE field = 'score' AND criterion_id = $1 ORDER BY id",
    )
    .bind(criteria[0])
    .fetch_all(&mut *app.conn().await)
    .await
    .unwrap();
    assert_eq!(
        changes,
        vec![
            (None, Some("3".into())),
            (Some("3".into()), Some("4".into())),
            (Some("4".into()), Some("5".into()))
        ]
    );
    let states: Vec<(Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT old_value, new_value, user_id FROM score_events WHERE field = 'state' ORDER BY id",
    )
    .fetch_all(&mut *app.conn().await)
    .await
    .unwrap();
    let orga = app.find_user("orga@label.fr").await.unwrap().id;
    let steps: Vec<_> = states.iter().map(|(o, n, _)| (o.as_deref(), n.as_deref())).collect();
    assert_eq!(
        steps,
        vec![
            (None, Some("draft")),
            (Some("draft"), Some("submitted")),
            (Some("submitted"), Some("draft")),
            (Some("draft"), Some("submitted"))
        ]
    );
    assert_eq!(states[2].2, Some(orga), "the reopening is the organiser's");
    // Organisers see the review on the dossier: 5 on the first criterion (weight 25), 3 elsewhere.
    let dossier = page_text(&app.client, &format!("/admin/editions/2026/candidatures/{d}")).await;
    assert!(dossier.contains("Évaluations du jury") && dossier.contains("70,0 / 100"), "{dossier}");
    let log = page_text(&app.client, "/admin/editions/2026/jury/journal").await;
    assert!(log.contains("Originalité") && log.contains("Journal des notes"), "{log}");

    // The log is append-only, on both engines.
    let mut conn = app.conn().await;
    assert!(sqlx::query("UPDATE score_events SET new_value = '0'").execute(&mut *conn).await.is_err());
    assert!(sqlx::query("DELETE FROM score_events").execute(&mut *conn).await.is_err());
}

#[rocket::async_test]
async fn the_assignment_is_balanced_and_complete_when_feasible() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let communes = ["33063", "35238", "44109", "59350", "67482", "34172", "06088", "38185", "21231", "49007"];
    let mut dossiers = Vec::new();
    for (i, code) in communes.iter().enumerate() {
        let slug = ["innovation-citoyenne", "numerique-responsable"][i % 2];
        dossiers.push(eligible(&app, edition, ("commune", code), slug, &format!("Projet {i}")).await);
    }
    // Five jurors, one an agent of Bordeaux (conflict with one dossier).
    let mut jurors = vec![juror(&app, "bordeaux@label.fr", Some(("commune", "33063")), "agent").await];
    for (i, kind) in ["elu", "expert", "partenaire", "expert"].iter().enumerate() {
        jurors.push(juror(&app, &format!("jure{i}@label.fr"), None, kind).await);
    }
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    let assigned = pairs(&app, edition).await;
    assert_eq!(assigned.len(), 30, "every dossier gets k = 3 jurors");
    let mut per_dossier: BTreeMap<i64, usize> = BTreeMap::new();
    let mut per_juror: BTreeMap<i64, usize> = BTreeMap::new();
    for (j, d) in &assigned {
        *per_dossier.entry(*d).or_default() += 1;
        *per_juror.entry(*j).or_default() += 1;
    }
    assert!(per_dossier.values().all(|n| *n == 3));
    let (min, max) = (per_juror.values().min().unwrap(), per_juror.values().max().unwrap());
    assert!(max - min <= 1, "{per_juror:?}");
    assert!(!assigned.contains(&(jurors[0], dossiers[0])), "no conflict assigned");

    // Infeasible: k = 5 with only four jurors free of conflict for Bordeaux.
    organiser_post(
        &app,
        "/admin/editions/2026/jury/reglages",
        &[("reviewers_per_dossier", "5"), ("conflict_scope", "nested"), ("assignment_seed", "1")],
    )
    .await;
    let response = post_with_csrf(&app.client, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    let page = page_text(&app.client, &location(&response)).await;
    assert!(page.contains("n’ont pas leurs 5 jurés"), "{page}");
    let bordeaux: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assignments WHERE dossier_id = $1")
        .bind(dossiers[0])
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(bordeaux, 4);
    let incomplete = page_text(&app.client, "/admin/editions/2026/jury/affectation?incomplets=1").await;
    assert!(incomplete.contains("Projet 0") && !incomplete.contains("Projet 3"), "{incomplete}");
    let dashboard = page_text(&app.client, "/admin/editions/2026/jury").await;
    assert!(
        dashboard.contains("n’a pas encore 5 jurés") || dashboard.contains("pas encore 5 jurés"),
        "{dashboard}"
    );
}

#[rocket::async_test]
async fn organisers_create_jurors_and_only_they_reach_the_jury_admin() {
    let app = TestApp::new().await;
    jury_edition(&app).await;
    organiser(&app).await;
    let refused = post_with_csrf(
        &app.client,
        "/admin/jury/jures/nouveau",
        &[
            ("display_name", "Anne Juré"),
            ("email", "pas-une-adresse"),
            ("collectivite_id", ""),
            ("affiliation", ""),
        ],
    )
    .await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let html = unescape(&refused.into_string().await.unwrap());
    assert!(
        html.contains("n’est pas valide")
            && html.contains("Choisissez le profil")
            && html.contains("Anne Juré"),
        "{html}"
    );

    let lyon = {
        let mut conn = app.conn().await;
        reference::by_kind_code(&mut conn, "commune", "69123").await.unwrap().unwrap().id
    };
    let created = post_with_csrf(
        &app.client,
        "/admin/jury/jures/nouveau",
        &[
            ("display_name", "Anne Juré"),
            ("email", "anne@lyon.fr"),
            ("kind", "elu"),
            ("collectivite_id", &lyon.to_string()),
            ("preferred", "innovation-citoyenne"),
            ("preferred", "territoires-inclusifs"),
        ],
    )
    .await;
    assert_eq!(created.status(), Status::Created);
    assert!(unescape(&created.into_string().await.unwrap()).contains("/compte/activer/"), "a one-time link");
    let id = app.find_user("anne@lyon.fr").await.unwrap().id;
    let profile = jurors::get(&mut *app.conn().await, id).await.unwrap().unwrap();
    assert_eq!((profile.kind.as_str(), profile.affiliation.as_str()), ("elu", "Lyon"));
    assert_eq!(profile.preferred_slugs(), ["innovation-citoyenne", "territoires-inclusifs"]);
    assert!(page_text(&app.client, "/admin/jury/jures").await.contains("Anne Juré"));

    for (email, role) in [("jure@label.fr", Role::Juror), ("mairie@label.fr", Role::Applicant)] {
        app.user(email, role).await;
        let other = browser(&app, email).await;
        for uri in [
            "/admin/editions/2026/jury",
            "/admin/editions/2026/jury/affectation",
            "/admin/editions/2026/jury/journal",
            "/admin/editions/2026/jury/grille",
        ] {
            assert_eq!(other.get(uri).dispatch().await.status(), Status::Forbidden, "{email} {uri}");
        }
    }
    let applicant = browser(&app, "mairie@label.fr").await;
    assert_eq!(applicant.get("/jury").dispatch().await.status(), Status::Forbidden);
}

#[rocket::async_test]
async fn scores_cannot_change_once_scoring_is_closed() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Mon dossier").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;
    let jb = browser(&app, "jure@label.fr").await;
    let criteria = criteria_ids(&app, edition).await;
    let late = post_scores(&jb, d, &score_form(&criteria, &[Some(3)], OVERALL, "soumettre")).await;
    assert_eq!(location(&late), format!("/jury/dossiers/{d}"));
    let page = page_text(&jb, &format!("/jury/dossiers/{d}")).await;
    assert!(page.contains("période d’évaluation est close"), "{page}");
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reviews").fetch_one(&mut *app.conn().await).await.unwrap();
    assert_eq!(n, 0);
}

#[rocket::async_test]
async fn a_juror_never_sees_another_jurors_scores() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let d = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Dossier partagé").await;
    let a = juror(&app, "a@label.fr", None, "expert").await;
    let b = juror(&app, "b@label.fr", None, "elu").await;
    accept_charter(&app, a, edition).await;
    accept_charter(&app, b, edition).await;
    organiser(&app).await;
    organiser_post(
        &app,
        "/admin/editions/2026/jury/reglages",
        &[("reviewers_per_dossier", "2"), ("conflict_scope", "nested")],
    )
    .await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    assert_eq!(pairs(&app, edition).await.len(), 2);
    let criteria = criteria_ids(&app, edition).await;
    let ab = browser(&app, "a@label.fr").await;
    let secret = "Appréciation confidentielle de la première jurée, à ne montrer à personne.";
    let done = post_scores(&ab, d, &score_form(&criteria, &[Some(5)], secret, "soumettre")).await;
    assert_eq!(done.status(), Status::SeeOther);
    let bb = browser(&app, "b@label.fr").await;
    let page = page_text(&bb, &format!("/jury/dossiers/{d}")).await;
    assert!(page.contains("Dossier partagé"));
    assert!(!page.contains(secret) && !page.contains("checked"), "B sees a blank form, not A's review");
    assert!(page_text(&bb, "/jury").await.contains("0 évaluation soumise sur 1"));
}

#[rocket::async_test]
async fn the_scoring_form_links_the_jurors_previous_and_next_dossiers() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet bordelais").await;
    eligible(&app, edition, ("commune", "69123"), "numerique-responsable", "Projet lyonnais").await;
    eligible(&app, edition, ("commune", "13055"), "territoires-inclusifs", "Projet marseillais").await;
    let j = juror(&app, "seul@label.fr", None, "expert").await;
    accept_charter(&app, j, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT d.id FROM assignments a JOIN dossiers d ON d.id = a.dossier_id \
         JOIN categories c ON c.id = d.category_id WHERE a.juror_id = $1 ORDER BY c.position, d.number, d.id",
    )
    .bind(j)
    .fetch_all(&mut *app.conn().await)
    .await
    .unwrap();
    assert_eq!(ids.len(), 3);
    let jb = browser(&app, "seul@label.fr").await;
    let middle = page_text(&jb, &format!("/jury/dossiers/{}", ids[1])).await;
    assert!(middle.contains("Dossier 2 sur 3"), "{middle}");
    assert!(middle.contains(&format!(r#"<a href="/jury/dossiers/{}">‹ Précédent</a>"#, ids[0])));
    assert!(middle.contains(&format!(r#"<a href="/jury/dossiers/{}">Suivant ›</a>"#, ids[2])));
    let first = page_text(&jb, &format!("/jury/dossiers/{}", ids[0])).await;
    assert!(first.contains("Dossier 1 sur 3") && !first.contains("Précédent"), "{first}");

    // "Submit and go to the next": the next dossier not submitted yet, after this one.
    let criteria = criteria_ids(&app, edition).await;
    let done = post_scores(&jb, ids[1], &score_form(&criteria, &[Some(5)], OVERALL, "suivant")).await;
    assert_eq!(location(&done), format!("/jury/dossiers/{}", ids[2]));
    let done = post_scores(&jb, ids[2], &score_form(&criteria, &[Some(5)], OVERALL, "suivant")).await;
    assert_eq!(location(&done), format!("/jury/dossiers/{}", ids[0]), "wraps around");

    // A conflict on record keeps the dossier out of the navigation, assignment or not.
    sqlx::query(
        "INSERT INTO conflicts (dossier_id, juror_id, source, reason, created_at) VALUES ($1, $2, 'organiser', $3, 0)",
    )
    .bind(ids[2])
    .bind(j)
    .bind("Son conjoint est adjoint au maire.")
    .execute(&mut *app.conn().await)
    .await
    .unwrap();
    let middle = page_text(&jb, &format!("/jury/dossiers/{}", ids[1])).await;
    assert!(middle.contains("Dossier 2 sur 2") && !middle.contains("Suivant ›"), "{middle}");
    assert_eq!(jb.get(format!("/jury/dossiers/{}", ids[2])).dispatch().await.status(), Status::NotFound);
}
