//! The holes closed by issue 10: formulas in CSV exports, control characters at the door,
//! return addresses and login throttling, and the takeover of a collectivité by sign-up.

use label_territoires::accounts::Role;
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
    organiser_post(app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
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
        let response = app
            .client
            .get(format!("/admin/editions/2026/candidatures.csv{}", format.replacen('&', "?", 1)))
            .dispatch()
            .await;
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
    let response = app.client.get("/admin/editions/2026/resultats.csv").dispatch().await;
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
    let closed =
        post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;
    assert_eq!(closed.status(), Status::SeeOther);
    let published = post_with_csrf(
        &app.client,
        "/admin/editions/2026/resultats/publier",
        &[("annee", "2026"), ("justification", "Un seul dossier recevable dans la catégorie cette année.")],
    )
    .await;
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

// --- Login: return addresses and throttling ----------------------------------------------

/// A login attempt from the client address `ip` (Rocket reads it from `X-Real-IP`).
async fn login_from<'c>(
    client: &'c rocket::local::asynchronous::Client,
    ip: &str,
    email: &str,
    password: &str,
    next: &str,
) -> rocket::local::asynchronous::LocalResponse<'c> {
    let token = csrf_token(client).await;
    let body = encode(&[("csrf_token", &token), ("email", email), ("password", password), ("suivant", next)]);
    client
        .post("/connexion")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new("X-Real-IP", ip.to_string()))
        .body(body)
        .dispatch()
        .await
}

#[rocket::async_test]
async fn malformed_return_addresses_are_dropped_never_a_500() {
    let app = TestApp::new().await;
    app.user("orga@label.fr", Role::Organiser).await;
    for next in ["/ /x", "/\t/x", "//evil.example", "/\\evil", "https://evil.example/", "/\u{0}x", "/é"] {
        let browser = app.another_browser().await;
        let response = login_from(&browser, "10.0.0.1", "orga@label.fr", PASSWORD, next).await;
        assert_eq!(response.status(), Status::SeeOther, "{next:?}");
        assert_eq!(location(&response), "/admin", "{next:?} is dropped");
    }
    let browser = app.another_browser().await;
    let kept =
        login_from(&browser, "10.0.0.1", "orga@label.fr", PASSWORD, "/admin/utilisateurs?q=a%20b").await;
    assert_eq!(location(&kept), "/admin/utilisateurs?q=a%20b", "a good one is kept");

    // Logged in, a crafted link to the login page lands on the home page.
    for query in
        ["suivant=/%20x", "suivant=/%09/x", "suivant=%2F%2Fevil.example", "suivant=/%5Cevil", "suivant=%00"]
    {
        let response = browser.get(format!("/connexion?{query}")).dispatch().await;
        assert_eq!(response.status(), Status::SeeOther, "{query}");
        assert_eq!(location(&response), "/admin", "{query}");
    }
    // Anonymous, the page shows without keeping the bad address.
    let anonymous = app.another_browser().await;
    let response = anonymous.get("/connexion?suivant=%2F%2Fevil.example").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert!(!response.into_string().await.unwrap().contains("evil.example"));
}

#[rocket::async_test]
async fn wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere() {
    let app = TestApp::new().await;
    app.user("orga@label.fr", Role::Organiser).await;
    let attacker = app.another_browser().await;
    for i in 0..5 {
        let response =
            login_from(&attacker, "203.0.113.7", "orga@label.fr", "mauvais-mot-de-passe", "").await;
        assert_eq!(response.status(), Status::UnprocessableEntity, "attempt {i}");
        let locks = response.into_string().await.unwrap().contains("Trop de tentatives");
        assert_eq!(locks, i == 4, "the fifth failure locks, attempt {i}");
    }
    // Locked for the attacker's address, even with the right password…
    let locked = login_from(&attacker, "203.0.113.7", "orga@label.fr", PASSWORD, "").await;
    assert_eq!(locked.status(), Status::TooManyRequests);
    assert!(locked.into_string().await.unwrap().contains("Trop de tentatives"));
    // …but the organiser, elsewhere, logs in.
    let organiser = app.another_browser().await;
    let response = login_from(&organiser, "198.51.100.20", "orga@label.fr", PASSWORD, "").await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/admin");
}

#[rocket::async_test]
async fn an_address_trying_many_emails_hits_its_own_ceiling_and_answers_reveal_nothing() {
    let app = TestApp::new().await;
    app.user("orga@label.fr", Role::Organiser).await;
    let attacker = app.another_browser().await;
    let mut bodies = Vec::new();
    for i in 0..20 {
        // Half the e-mails exist, half do not: the answers are the same.
        let email = if i % 2 == 0 { format!("inconnu{i}@label.fr") } else { "orga@label.fr".to_string() };
        let email = if i % 2 == 1 && i > 7 { format!("autre{i}@label.fr") } else { email };
        let response = login_from(&attacker, "203.0.113.9", &email, "mauvais-mot-de-passe", "").await;
        let status = response.status();
        bodies.push((status, email, unescape(&response.into_string().await.unwrap())));
    }
    assert!(bodies[..4].iter().all(|(s, _, _)| *s == Status::UnprocessableEntity));
    let first_unknown = &bodies[0].2;
    let first_known = &bodies[1].2;
    let message = "Adresse électronique ou mot de passe incorrect.";
    assert!(first_unknown.contains(message) && first_known.contains(message), "same answer for both");
    assert!(bodies[19].2.contains("depuis votre réseau"), "the twentieth failure locks the address");
    let response = login_from(&attacker, "203.0.113.9", "tout-autre@label.fr", "x", "").await;
    assert_eq!(response.status(), Status::TooManyRequests);
    assert!(unescape(&response.into_string().await.unwrap()).contains("depuis votre réseau"));
    // The organiser elsewhere is not concerned.
    let organiser = app.another_browser().await;
    assert_eq!(
        login_from(&organiser, "198.51.100.20", "orga@label.fr", PASSWORD, "").await.status(),
        Status::SeeOther
    );
}

// --- Control characters at the door ------------------------------------------------------

const CONTROL: &str = "Ce champ contient un caractère non autorisé (caractère de contrôle).";

/// The page's text, after checking that the answer is a French re-render (422), not a 500.
async fn refused_page(response: rocket::local::asynchronous::LocalResponse<'_>) -> String {
    assert_eq!(response.status(), Status::UnprocessableEntity);
    unescape(&response.into_string().await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&mut *app.conn().await).await.unwrap()
}

#[rocket::async_test]
async fn a_nul_in_the_login_email_is_refused_next_to_the_field() {
    let app = TestApp::new().await;
    app.user("orga@label.fr", Role::Organiser).await;
    let html =
        refused_page(login_from(&app.client, "10.0.0.1", "orga\u{0}@label.fr", PASSWORD, "").await).await;
    assert!(html.contains(CONTROL), "{html}");
    assert!(html.contains("value=\"orga@label.fr\""), "what was typed is kept, less the character");
    assert!(!html.contains('\u{0}'));
    let html =
        refused_page(login_from(&app.client, "10.0.0.1", "orga@label.fr", "mot\u{1b}de-passe", "").await)
            .await;
    assert!(html.contains(CONTROL));
}

#[rocket::async_test]
async fn a_nul_in_an_edition_title_stores_nothing() {
    let app = TestApp::new().await;
    organiser(&app).await;
    let fields = [
        ("year", "2031"),
        ("title", "Label\u{0} 2031"),
        ("opens_at", "2031-03-01T09:00"),
        ("closes_at", "2031-06-30T23:59"),
        ("scoring_ends_at", "2031-10-15T18:00"),
        ("ceremony_at", "2031-11-26T18:30"),
        ("ceremony_place", "Lyon\tcentre"),
        ("laureates_count", "25"),
    ];
    let html = refused_page(post_with_csrf(&app.client, "/admin/editions/nouvelle", &fields).await).await;
    assert_eq!(
        html.matches(CONTROL).count(),
        2 * 2,
        "title and place, next to the fields and in the summary: {html}"
    );
    assert!(html.contains("Label 2031"), "the rest of what was typed is kept");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM editions").await, 0);
}

#[rocket::async_test]
async fn a_nul_in_a_dossier_stores_nothing_and_line_breaks_stay_allowed() {
    let app = TestApp::new().await;
    app.open_edition().await;
    app.applicant_of("mairie@lyon.fr", "69123").await;
    assert_eq!(app.login("mairie@lyon.fr", PASSWORD).await.status(), Status::SeeOther);
    let mut fields = dossier_form("innovation-citoyenne", "Budget\u{0}participatif", "enregistrer");
    for (name, value) in fields.iter_mut() {
        if name == "dossier.context" {
            *value = "Ligne 1\r\nLigne 2\tavec une tabulation\u{7}".into();
        }
    }
    let html = refused_page(post_owned(&app.client, "/candidatures/nouvelle", &fields).await).await;
    assert!(html.contains(CONTROL), "{html}");
    assert!(html.contains("Budgetparticipatif"), "typed text kept without the character");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM dossiers").await, 0);

    // Line breaks and tabs in a multi-line field are fine; in a single-line one they are not.
    let ok = dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer");
    let mut ok: Vec<(String, String)> = ok
        .into_iter()
        .map(|(k, v)| if k == "dossier.context" { (k, "Ligne 1\r\nLigne 2\tsuite".into()) } else { (k, v) })
        .collect();
    let created = post_owned(&app.client, "/candidatures/nouvelle", &ok).await;
    assert_eq!(created.status(), Status::SeeOther);
    let id = dossier_id(&created);
    for (k, v) in ok.iter_mut() {
        if k == "dossier.title" {
            *v = "Budget\nparticipatif".into();
        }
    }
    let html = refused_page(post_owned(&app.client, &format!("/candidatures/{id}"), &ok).await).await;
    assert!(html.contains(CONTROL));
    let title: String = sqlx::query_scalar("SELECT title FROM dossiers WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(title, "Budget participatif", "nothing stored");
}

#[rocket::async_test]
async fn a_nul_in_a_scoring_comment_stores_nothing() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let dossier = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet").await;
    let id = juror(&app, "jure@label.fr", None, "expert").await;
    accept_charter(&app, id, edition).await;
    organiser(&app).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/calculer", &[]).await;
    organiser_post(&app, "/admin/editions/2026/jury/affectation/publier", &[]).await;
    let criteria = criteria_ids(&app, edition).await;
    let b = browser(&app, "jure@label.fr").await;
    let mut form = score_form(&criteria, &[Some(4)], &format!("{OVERALL}\u{0}"), "soumettre");
    form.push((format!("commentaire[{}]", criteria[0]), "bien\u{0}".into()));
    form.retain(|(k, v)| !(k == &format!("commentaire[{}]", criteria[0]) && v.is_empty()));
    let html = refused_page(post_scores(&b, dossier, &form).await).await;
    assert_eq!(html.matches(CONTROL).count(), 2 * 2, "two fields, next to each and in the summary: {html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reviews").await, 0);
}

#[rocket::async_test]
async fn a_nul_in_an_organiser_justification_is_reported_next_to_the_field_and_stores_nothing() {
    let app = TestApp::new().await;
    let (edition, _) = crate::results::scored(&app).await;
    // A juror from Bordeaux: an automatic conflict with the Bordeaux dossier, to lift.
    let j = juror(&app, "bordeaux@label.fr", Some(("commune", "33063")), "agent").await;
    accept_charter(&app, j, edition).await;
    organiser_post(&app, "/admin/editions/2026/jury/conflits/actualiser", &[]).await;
    let conflict: i64 =
        sqlx::query_scalar("SELECT id FROM conflicts WHERE juror_id = $1 AND source = 'auto'")
            .bind(j)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
    let lift = format!("/admin/editions/2026/jury/conflits/{conflict}/lever");
    let html = refused_page(
        post_with_csrf(&app.client, &lift, &[("justification", "Agent des sports\u{0}, sans lien.")]).await,
    )
    .await;
    assert!(
        html.contains(&format!(
            "<p class=\"field-error\" id=\"justification-{conflict}-erreur\">{CONTROL}</p>"
        )),
        "{html}"
    );
    assert!(html.contains("Agent des sports"), "what was typed is kept: {html}");
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM conflicts WHERE id = {conflict} AND lifted_at IS NOT NULL")
        )
        .await,
        0
    );

    let closed =
        post_with_csrf(&app.client, "/admin/editions/2026/jury/cloture", &[("confirmer", "oui")]).await;
    assert_eq!(closed.status(), Status::SeeOther);
    let fields = [("annee", "2026"), ("justification", "Trois dossiers\u{0} classables seulement.")];
    let html =
        refused_page(post_with_csrf(&app.client, "/admin/editions/2026/resultats/publier", &fields).await)
            .await;
    assert!(
        html.contains(&format!("<p class=\"field-error\" id=\"justification-erreur\">{CONTROL}</p>")),
        "{html}"
    );
    assert!(html.contains("value=\"2026\""), "the rest of what was typed is kept: {html}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM publications").await, 0);
}

#[rocket::async_test]
async fn a_nul_at_signup_creates_no_account() {
    let app = TestApp::new().await;
    let fields = [
        ("collectivite_id", ""),
        ("org_name", "Syndicat\u{0} mixte"),
        ("org_kind", "syndicat"),
        ("siren", "200046977"),
        ("civility", "Madame"),
        ("display_name", "Claire Martin"),
        ("job_title", "Directrice\u{0}"),
        ("email", "c.martin@syndicat.fr"),
        ("phone", "04 77 48 77 48"),
        ("password", "une-phrase-de-passe-solide"),
        ("password_confirmation", "une-phrase-de-passe-solide"),
    ];
    let html = refused_page(post_with_csrf(&app.client, "/inscription", &fields).await).await;
    assert!(html.contains(CONTROL), "{html}");
    assert!(app.find_user("c.martin@syndicat.fr").await.is_none());
}

#[rocket::async_test]
async fn control_characters_in_search_parameters_are_reported_never_a_500() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let anonymous = app.another_browser().await;
    let response = anonymous.get("/inscription?q=saint%00etienne").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let html = unescape(&response.into_string().await.unwrap());
    assert!(html.contains(CONTROL) && html.contains("value=\"saintetienne\""), "{html}");
    organiser(&app).await;
    for uri in [
        "/admin/utilisateurs?q=%00",
        "/admin/editions/2026/candidatures?q=a%00b",
        "/admin/editions/2026/candidatures?region=%00&departement=%1b",
        "/admin/jury/jures/nouveau?q=%00",
    ] {
        let response = app.client.get(uri).dispatch().await;
        assert_eq!(response.status(), Status::Ok, "{uri}");
        if uri.contains("q=") {
            assert!(unescape(&response.into_string().await.unwrap()).contains(CONTROL), "{uri}");
        }
    }
    // Elsewhere (a path, a token), the database's refusal is a French 4xx, never a 500.
    let response = anonymous.get("/compte/activer/abc%00def").dispatch().await;
    assert!(matches!(response.status().code, 404 | 422), "{}", response.status());
}

#[rocket::async_test]
async fn forms_that_show_no_fields_refuse_control_characters_with_a_french_page() {
    let app = TestApp::new().await;
    organiser(&app).await;
    let response = post_with_csrf(&app.client, "/deconnexion", &[("x", "\u{0}")]).await;
    let html = refused_page(response).await;
    assert!(html.contains("Caractère non autorisé"), "{html}");
    assert_eq!(app.client.get("/admin").dispatch().await.status(), Status::Ok, "still logged in");
}

// --- No takeover of a collectivité by sign-up --------------------------------------------

/// The sign-up form for the commune with this INSEE code.
async fn signup_fields(app: &TestApp, insee: &str, email: &str, password: &str) -> Vec<(String, String)> {
    use label_territoires::reference::repo as reference;
    let mut conn = app.conn().await;
    let id = reference::by_kind_code(&mut conn, "commune", insee).await.unwrap().unwrap().id;
    [
        ("collectivite_id", id.to_string()),
        ("civility", "Monsieur".into()),
        ("display_name", "Paul Intrus".into()),
        ("job_title", "Chargé de mission".into()),
        ("email", email.into()),
        ("phone", "04 72 10 30 30".into()),
        ("password", password.into()),
        ("password_confirmation", password.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[rocket::async_test]
async fn signing_up_for_a_collectivite_whose_accounts_are_disabled_shows_nothing_until_an_organiser_confirms()
{
    let app = TestApp::new().await;
    app.open_edition().await;
    // Lyon's only account has a draft, then is disabled.
    let (mayor, _) = app.applicant_of("mairie@lyon.fr", "69123").await;
    let lyon = app.another_browser().await;
    login_on(&lyon, "mairie@lyon.fr", PASSWORD).await;
    let created = post_owned(
        &lyon,
        "/candidatures/nouvelle",
        &dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer"),
    )
    .await;
    let dossier = dossier_id(&created);
    organiser(&app).await;
    let disabled = post_with_csrf(&app.client, &format!("/admin/utilisateurs/{mayor}/desactiver"), &[]).await;
    assert_eq!(disabled.status(), Status::SeeOther);

    // Someone signs up for Lyon: the request waits for an organiser; nothing of Lyon is shown.
    let intruder = app.another_browser().await;
    let fields = signup_fields(&app, "69123", "paul@exemple.fr", "une-phrase-de-passe-solide").await;
    let answer = post_owned(&intruder, "/inscription", &fields).await;
    assert_eq!((answer.status(), location(&answer)), (Status::SeeOther, "/connexion".to_string()));
    assert_eq!(
        login_on(&intruder, "paul@exemple.fr", "une-phrase-de-passe-solide").await.status(),
        Status::SeeOther
    );
    let list = page_text(&intruder, "/candidatures").await;
    assert!(
        list.contains("attend d’être confirmée") && list.contains("par l’équipe organisatrice du label"),
        "{list}"
    );
    assert!(!list.contains("Budget participatif"), "{list}");
    for uri in [format!("/candidatures/{dossier}"), format!("/candidatures/{dossier}/recepisse.pdf")] {
        assert_eq!(intruder.get(uri.clone()).dispatch().await.status(), Status::NotFound, "{uri}");
    }
    let new_page = intruder.get("/candidatures/nouvelle").dispatch().await;
    assert_eq!(location(&new_page), "/candidatures", "no new dossier for a collectivité not confirmed");
    let save = post_owned(
        &intruder,
        &format!("/candidatures/{dossier}"),
        &dossier_form("innovation-citoyenne", "Pris", "enregistrer"),
    )
    .await;
    assert_eq!(save.status(), Status::NotFound);
    let paul = app.find_user("paul@exemple.fr").await.unwrap().id;
    let self_confirm =
        post_with_csrf(&intruder, &format!("/candidatures/rattachements/{paul}/confirmer"), &[]).await;
    assert_eq!(self_confirm.status(), Status::NotFound, "a waiting member cannot confirm anyone");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE membership_pending = 1").await, 1);

    // The organiser sees the request and confirms it: now the dossiers are shared.
    let requests = page_text(&app.client, "/admin/rattachements").await;
    assert!(requests.contains("Paul Intrus") && requests.contains("Lyon"), "{requests}");
    let confirmed = post_with_csrf(&app.client, &format!("/admin/rattachements/{paul}/confirmer"), &[]).await;
    assert_eq!(confirmed.status(), Status::SeeOther);
    assert_eq!(intruder.get(format!("/candidatures/{dossier}")).dispatch().await.status(), Status::Ok);
}

#[rocket::async_test]
async fn signing_up_with_an_address_that_has_an_account_answers_the_same_and_changes_nothing() {
    let app = TestApp::new().await;
    app.open_edition().await;
    app.applicant_of("mairie@lyon.fr", "69123").await;
    let users_before = count(&app, "SELECT COUNT(*) FROM users").await;
    let organisations_before = count(&app, "SELECT COUNT(*) FROM organisations").await;

    let new = app.another_browser().await;
    let fields = signup_fields(&app, "13055", "nouveau@marseille.fr", "une-phrase-de-passe-solide").await;
    let new_answer = post_owned(&new, "/inscription", &fields).await;
    let known = app.another_browser().await;
    let fields = signup_fields(&app, "33063", "Mairie@Lyon.fr", "une-autre-phrase-de-passe").await;
    let known_answer = post_owned(&known, "/inscription", &fields).await;
    assert_eq!(new_answer.status(), known_answer.status());
    assert_eq!(location(&new_answer), location(&known_answer));
    let flash = |c: &rocket::local::asynchronous::LocalResponse<'_>| {
        c.cookies().get("_flash").map(|c| c.value().to_string()).unwrap_or_default()
    };
    assert!(!flash(&new_answer).is_empty());
    assert_eq!(flash(&new_answer), flash(&known_answer), "the same message");
    assert!(known.cookies().iter().all(|c| c.name() != "lt_session"), "no session either way");
    let new_text = page_text(&new, "/connexion").await;
    let known_text = page_text(&known, "/connexion").await;
    assert_eq!(extract_flash(&new_text), extract_flash(&known_text));

    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, users_before + 1, "only the new account");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM organisations").await, organisations_before + 1);
    // The existing account is untouched: its password still works, the one typed does not.
    let other = app.another_browser().await;
    assert_eq!(
        login_on(&other, "mairie@lyon.fr", "une-autre-phrase-de-passe").await.status(),
        Status::UnprocessableEntity
    );
    assert_eq!(login_on(&other, "mairie@lyon.fr", PASSWORD).await.status(), Status::SeeOther);
}

fn extract_flash(html: &str) -> String {
    let start = html.find("Votre demande d’inscription").unwrap_or(0);
    html[start..].chars().take(80).collect()
}
