//! Collectivités file their dossiers; organisers see what came in.

use label_territoires::accounts::Role;
use rocket::http::Status;

use crate::common::*;

pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// An applicant of Lyon with a draft; returns the dossier id.
pub(crate) async fn lyon_draft(app: &TestApp) -> i64 {
    app.applicant_of("mairie@lyon.fr", "69123").await;
    app.login("mairie@lyon.fr", PASSWORD).await;
    let response = post_owned(
        &app.client,
        "/candidatures/nouvelle",
        &dossier_form("innovation-citoyenne", "Budget participatif", "enregistrer"),
    )
    .await;
    assert_eq!(response.status(), Status::SeeOther);
    dossier_id(&response)
}

#[rocket::async_test]
async fn a_dossier_goes_from_draft_to_deposit_with_a_receipt() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;

    let saved = post_owned(
        &app.client,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Budget participatif", "deposer"),
    )
    .await;
    assert_eq!(saved.status(), Status::SeeOther);
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("LTI-2026-0001"), "a reference number");
    assert!(page.contains("Déposé"));
    assert!(!page.contains("name=\"dossier.title\""), "read-only once submitted");

    let receipt = app.client.get(format!("/candidatures/{id}/recepisse.pdf")).dispatch().await;
    assert_eq!(receipt.status(), Status::Ok);
    assert_eq!(receipt.content_type(), Some(rocket::http::ContentType::PDF));
    let pdf = receipt.into_bytes().await.unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("LTI-2026-0001"));
    assert!(flat.contains("Lyon"));
    assert!(flat.contains("Innovation citoyenne"));

    // Once submitted, changes are refused.
    let late = post_owned(
        &app.client,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Autre titre", "enregistrer"),
    )
    .await;
    assert_eq!(late.status(), Status::SeeOther);
    let stored = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(stored.contains("Budget participatif") && !stored.contains("Autre titre"));
}

#[rocket::async_test]
async fn submission_lists_every_missing_field_at_once_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    let mut form = dossier_form("innovation-citoyenne", "Budget participatif « pour tous »", "deposer");
    for (key, value) in form.iter_mut() {
        match key.as_str() {
            "dossier.results" | "dossier.sobriety" | "dossier.funding" => value.clear(),
            "dossier.budget_euros" => *value = "beaucoup".into(),
            "dossier.summary" => *value = "é".repeat(650),
            _ => {}
        }
    }
    let response = post_owned(&app.client, &format!("/candidatures/{id}"), &form).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = unescape(&response.into_string().await.unwrap());
    assert!(html.contains("Le formulaire contient 5 erreurs"), "{}", &html[..2000.min(html.len())]);
    assert!(html.contains("Complétez la rubrique « Résultats et impact mesuré »"));
    assert!(html.contains("Complétez la rubrique « Sobriété environnementale »"));
    assert!(html.contains("Indiquez le plan de financement."));
    assert!(html.contains("Indiquez un montant en chiffres"));
    assert!(html.contains("650 caractères : 600 au maximum."));
    // What was typed is still there, including the wrong values.
    assert!(html.contains("value=\"Budget participatif « pour tous »\""));
    assert!(html.contains("value=\"beaucoup\""));
    assert!(html.contains("Plateforme libre Decidim"));
    // Nothing was submitted.
    assert!(!page_text(&app.client, "/candidatures").await.contains("LTI-2026"));
}

#[rocket::async_test]
async fn the_deadline_is_enforced_by_the_server() {
    let app = TestApp::new().await;
    let now = label_territoires::db::now();
    let edition = app.edition(2026, now - 10 * 86_400, now + 86_400).await;
    let id = lyon_draft(&app).await;
    // The deadline passes.
    let mut conn = app.conn().await;
    sqlx::query("UPDATE editions SET closes_at = $1 WHERE id = $2")
        .bind(now - 60)
        .bind(edition)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);

    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("sont closes depuis le"), "the page says so");
    let response = post_owned(
        &app.client,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Budget participatif", "deposer"),
    )
    .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(unescape(&response.into_string().await.unwrap()).contains("un dossier ne peut plus être déposé"));
    assert!(!page_text(&app.client, "/candidatures").await.contains("LTI-2026"));
    // No new dossier either.
    let new = post_owned(
        &app.client,
        "/candidatures/nouvelle",
        &dossier_form("numerique-responsable", "Autre", "enregistrer"),
    )
    .await;
    assert_eq!(new.status(), Status::SeeOther);
    assert_eq!(location(&new), "/candidatures");

    // An organiser reopens it: it may be submitted again after the deadline.
    let organiser = app.another_browser().await;
    app.user("orga@exemple.fr", Role::Organiser).await;
    login_on(&organiser, "orga@exemple.fr", PASSWORD).await;
    let mut conn = app.conn().await;
    sqlx::query("UPDATE dossiers SET state = 'submitted' WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let reopened =
        post_with_csrf(&organiser, &format!("/admin/editions/2026/candidatures/{id}/reouverture"), &[]).await;
    assert_eq!(reopened.status(), Status::SeeOther);
    let again = post_owned(
        &app.client,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Budget participatif", "deposer"),
    )
    .await;
    assert_eq!(again.status(), Status::SeeOther);
    assert!(page_text(&app.client, &format!("/candidatures/{id}")).await.contains("LTI-2026-"));
}

#[rocket::async_test]
async fn a_collectivite_never_sees_another_ones_dossier_or_attachment() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    let uploaded = upload(&app.client, &format!("/candidatures/{id}/pieces"), "plan.pdf", PDF).await;
    assert_eq!(uploaded.status(), Status::SeeOther);
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    let start = page.find(&format!("/candidatures/{id}/pieces/")).unwrap();
    let attachment_url: String = page[start..].chars().take_while(|c| *c != '"').collect();
    let own = app.client.get(attachment_url.clone()).dispatch().await;
    assert_eq!(own.status(), Status::Ok);
    assert_eq!(own.into_bytes().await.unwrap(), PDF);

    // A colleague of the same collectivité shares it.
    let colleague = app.another_browser().await;
    app.applicant_of("dsi@lyon.fr", "69123").await;
    login_on(&colleague, "dsi@lyon.fr", PASSWORD).await;
    assert_eq!(colleague.get(format!("/candidatures/{id}")).dispatch().await.status(), Status::Ok);

    // Marseille sees nothing of it, by any address.
    let other = app.another_browser().await;
    app.applicant_of("mairie@marseille.fr", "13055").await;
    login_on(&other, "mairie@marseille.fr", PASSWORD).await;
    assert!(!page_text(&other, "/candidatures").await.contains("Budget participatif"));
    for uri in [
        format!("/candidatures/{id}"),
        attachment_url.clone(),
        format!("/candidatures/{id}/recepisse.pdf"),
        format!("/candidatures/{}", id + 1),
        format!("/candidatures/{id}/pieces/1"),
    ] {
        assert_eq!(other.get(uri.clone()).dispatch().await.status(), Status::NotFound, "{uri}");
    }
    let tamper = post_owned(
        &other,
        &format!("/candidatures/{id}"),
        &dossier_form("innovation-citoyenne", "Piraté", "enregistrer"),
    )
    .await;
    assert_eq!(tamper.status(), Status::NotFound);
    let steal = post_with_csrf(&other, &format!("/candidatures/{id}/retrait"), &[]).await;
    assert_eq!(steal.status(), Status::NotFound);
    assert!(page_text(&app.client, &format!("/candidatures/{id}")).await.contains("Budget participatif"));

    // A juror neither; anonymous visitors are sent to log in.
    let juror = app.another_browser().await;
    app.user("jure@exemple.fr", Role::Juror).await;
    login_on(&juror, "jure@exemple.fr", PASSWORD).await;
    assert_eq!(juror.get(attachment_url.clone()).dispatch().await.status(), Status::NotFound);
    let anonymous = app.another_browser().await;
    assert_eq!(anonymous.get(attachment_url).dispatch().await.status(), Status::SeeOther);
}

#[rocket::async_test]
async fn uploads_are_checked_by_content_and_size() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    let uri = format!("/candidatures/{id}/pieces");

    let fake = upload(&app.client, &uri, "rapport.pdf", b"<html><script>alert(1)</script></html>").await;
    assert_eq!(fake.status(), Status::SeeOther);
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("n’est ni un PDF, ni une image PNG ou JPEG"), "a clear message");
    assert!(!page.contains("rapport.pdf"));

    let big = vec![b'%'; 11 * 1024 * 1024];
    let oversized = upload(&app.client, &uri, "enorme.pdf", &big).await;
    assert!(oversized.status().code < 500, "{}", oversized.status());
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("dépasse 10 Mo"));
    assert!(!page.contains("enorme.pdf"));

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(upload(&app.client, &uri, "../../carte.exe", png).await.status(), Status::SeeOther);
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("carte.png"), "the name follows the real content and loses its path");
    for i in 0..4 {
        upload(&app.client, &uri, &format!("annexe{i}.pdf"), PDF).await;
    }
    upload(&app.client, &uri, "sixieme.pdf", PDF).await;
    let page = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(page.contains("5 pièces jointes au plus"));
    assert!(!page.contains("sixieme.pdf"));
}

#[rocket::async_test]
async fn the_fingerprint_changes_when_the_content_differs() {
    let app = TestApp::new().await;
    app.open_edition().await;
    app.applicant_of("mairie@lyon.fr", "69123").await;
    app.login("mairie@lyon.fr", PASSWORD).await;
    let mut fingerprints = Vec::new();
    for (category, title) in [("innovation-citoyenne", "Projet A"), ("numerique-responsable", "Projet A")] {
        let created =
            post_owned(&app.client, "/candidatures/nouvelle", &dossier_form(category, title, "enregistrer"))
                .await;
        let id = dossier_id(&created);
        post_owned(&app.client, &format!("/candidatures/{id}"), &dossier_form(category, title, "deposer"))
            .await;
        let pdf = app
            .client
            .get(format!("/candidatures/{id}/recepisse.pdf"))
            .dispatch()
            .await
            .into_bytes()
            .await
            .unwrap();
        let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
        let stored: String = sqlx::query_scalar("SELECT fingerprint FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *app.conn().await)
            .await
            .unwrap();
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains(&stored), "the receipt shows the stored fingerprint");
        fingerprints.push(stored);
    }
    assert_ne!(fingerprints[0], fingerprints[1]);
}

#[rocket::async_test]
async fn one_dossier_per_category_and_collectivite() {
    let app = TestApp::new().await;
    app.open_edition().await;
    lyon_draft(&app).await;
    let second = post_owned(
        &app.client,
        "/candidatures/nouvelle",
        &dossier_form("innovation-citoyenne", "Doublon", "enregistrer"),
    )
    .await;
    assert_eq!(second.status(), Status::UnprocessableEntity);
    let html = unescape(&second.into_string().await.unwrap());
    assert!(html.contains("déjà un dossier dans cette catégorie"));
    assert!(html.contains("value=\"Doublon\""));
}

#[rocket::async_test]
async fn organisers_filter_decide_and_export() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let id = lyon_draft(&app).await;
    let mut form = dossier_form("innovation-citoyenne", "Budget participatif", "deposer");
    for (k, v) in form.iter_mut() {
        if k == "dossier.context" {
            *v = "Ligne 1 ; « guillemets » et \"doubles\"\nLigne 2 — œuvre, élan, ça".into();
        }
    }
    post_owned(&app.client, &format!("/candidatures/{id}"), &form).await;

    let organiser = app.another_browser().await;
    app.user("orga@exemple.fr", Role::Organiser).await;
    login_on(&organiser, "orga@exemple.fr", PASSWORD).await;
    let list = page_text(&organiser, "/admin/editions/2026/candidatures").await;
    assert!(list.contains("Budget participatif") && list.contains("Lyon"));
    assert!(!page_text(&organiser, "/admin/editions/2026/candidatures?q=marseille")
        .await
        .contains("Budget participatif"));
    assert!(page_text(&organiser, "/admin/editions/2026/candidatures?region=84")
        .await
        .contains("Budget participatif"));
    assert!(!page_text(&organiser, "/admin/editions/2026/candidatures?region=93")
        .await
        .contains("Budget participatif"));
    assert!(page_text(&organiser, "/admin/editions/2026/candidatures?etat=submitted")
        .await
        .contains("Budget participatif"));

    let refused = post_with_csrf(
        &organiser,
        &format!("/admin/editions/2026/candidatures/{id}/decision"),
        &[("decision", "ineligible"), ("reason", "")],
    )
    .await;
    assert_eq!(refused.status(), Status::SeeOther);
    assert!(page_text(&organiser, &format!("/admin/editions/2026/candidatures/{id}"))
        .await
        .contains("Motivez la décision"));
    post_with_csrf(
        &organiser,
        &format!("/admin/editions/2026/candidatures/{id}/decision"),
        &[("decision", "ineligible"), ("reason", "Projet hors du champ du label cette année.")],
    )
    .await;
    let seen_by_applicant = page_text(&app.client, &format!("/candidatures/{id}")).await;
    assert!(
        seen_by_applicant.contains("Irrecevable") && seen_by_applicant.contains("hors du champ du label")
    );
    // Applicants do not reach the organisers' pages.
    assert_eq!(
        app.client.get("/admin/editions/2026/candidatures").dispatch().await.status(),
        Status::Forbidden
    );

    for (format, delimiter, bom) in [("", b';', true), ("?format=virgule", b',', false)] {
        let response =
            organiser.get(format!("/admin/editions/2026/candidatures.csv{format}")).dispatch().await;
        assert_eq!(response.status(), Status::Ok);
        let bytes = response.into_bytes().await.unwrap();
        assert_eq!(bytes.starts_with("\u{FEFF}".as_bytes()), bom);
        let body = if bom { &bytes[3..] } else { &bytes[..] };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body);
        let header = reader.headers().unwrap().clone();
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        let get =
            |name: &str| records[0].get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
        assert_eq!(get("context"), "Ligne 1 ; « guillemets » et \"doubles\"\nLigne 2 — œuvre, élan, ça");
        assert_eq!(get("collectivite"), "Lyon");
        assert_eq!(get("reference"), "LTI-2026-0001");
        assert_eq!(get("etat"), "Irrecevable");
        assert_eq!(get("motif_decision"), "Projet hors du champ du label cette année.");
    }
}

#[rocket::async_test]
async fn sign_up_from_the_reference_or_by_hand() {
    let app = TestApp::new().await;
    let search = page_text(&app.client, "/inscription?q=saint+etienne").await;
    assert!(search.contains("Saint-Étienne"), "accent-insensitive search");
    let by_postcode = page_text(&app.client, "/inscription?q=42000").await;
    assert!(by_postcode.contains("Saint-Étienne"));
    let by_siren = page_text(&app.client, "/inscription?q=214202186").await;
    assert!(by_siren.contains("Saint-Étienne"), "{by_siren}");
    let spelled_out =
        page_text(&app.client, "/inscription?q=communaut%C3%A9+d%27agglom%C3%A9ration+pays+basque").await;
    assert!(spelled_out.contains("CA du Pays Basque"), "{spelled_out}");
    let start = search.find("/inscription?collectivite=").unwrap();
    let link: String = search[start..].chars().take_while(|c| *c != '"').collect();
    let html = page_text(&app.client, &link).await;
    let collectivite: String = {
        let marker = "name=\"collectivite_id\" value=\"";
        let s = html.find(marker).unwrap() + marker.len();
        html[s..].chars().take_while(char::is_ascii_digit).collect()
    };
    let person = [
        ("civility", "Madame"),
        ("display_name", "Claire Martin"),
        ("job_title", "Directrice du numérique"),
        ("email", "c.martin@saint-etienne.fr"),
        ("phone", "04 77 48 77 48"),
        ("password", "une-phrase-de-passe-solide"),
        ("password_confirmation", "une-phrase-de-passe-solide"),
    ];
    let mut fields = vec![("collectivite_id", collectivite.as_str())];
    fields.extend(person);
    let created = post_with_csrf(&app.client, "/inscription", &fields).await;
    assert_eq!(created.status(), Status::SeeOther);
    assert_eq!(location(&created), "/connexion", "no session: the answer is the same for a known address");
    login_on(&app.client, "c.martin@saint-etienne.fr", "une-phrase-de-passe-solide").await;
    let waiting = page_text(&app.client, "/candidatures").await;
    assert!(
        waiting.contains("Saint-Étienne") && waiting.contains("par l’équipe organisatrice du label"),
        "{waiting}"
    );

    // A syndicat mixte declared by hand: the SIREN is checked.
    let other = app.another_browser().await;
    let mut by_hand =
        vec![("org_name", "Syndicat mixte du numérique"), ("org_kind", "syndicat"), ("siren", "200 000 173")];
    by_hand.extend(
        person.iter().map(|(k, v)| if *k == "email" { ("email", "dsi@syndicat.fr") } else { (*k, *v) }),
    );
    let refused = post_with_csrf(&other, "/inscription", &by_hand).await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let html = unescape(&refused.into_string().await.unwrap());
    assert!(html.contains("Ce numéro SIREN n’est pas valide"));
    assert!(html.contains("value=\"Syndicat mixte du numérique\""), "typed values kept");
    by_hand[2] = ("siren", "257 500 009");
    let ok = post_with_csrf(&other, "/inscription", &by_hand).await;
    assert_eq!(ok.status(), Status::SeeOther, "{:?}", ok.into_string().await);
}

/// Signs up through the form for the commune with this INSEE code; returns the browser.
async fn sign_up_for(
    app: &TestApp,
    insee: &str,
    name: &str,
    email: &str,
) -> rocket::local::asynchronous::Client {
    let browser = app.another_browser().await;
    let collectivite = {
        use label_territoires::reference::repo as reference;
        let mut conn = app.conn().await;
        reference::by_kind_code(&mut conn, "commune", insee).await.unwrap().unwrap().id.to_string()
    };
    let fields = [
        ("collectivite_id", collectivite.as_str()),
        ("display_name", name),
        ("job_title", "Chargé de mission"),
        ("email", email),
        ("phone", "04 72 10 30 30"),
        ("password", "une-phrase-de-passe-solide"),
        ("password_confirmation", "une-phrase-de-passe-solide"),
    ];
    let status = post_with_csrf(&browser, "/inscription", &fields).await.status();
    assert_eq!(status, Status::SeeOther);
    let login = login_on(&browser, email, "une-phrase-de-passe-solide").await.status();
    assert_eq!(login, Status::SeeOther, "login of {email}");
    browser
}

#[rocket::async_test]
async fn joining_a_collectivite_with_accounts_waits_for_a_member_or_an_organiser() {
    let app = TestApp::new().await;
    app.open_edition().await;
    let dossier = lyon_draft(&app).await; // mairie@lyon.fr, confirmed member of Lyon, has a draft

    // Someone claims to work for Lyon: the request waits, and shows nothing of Lyon's dossiers.
    let claimant = sign_up_for(&app, "69123", "Paul Intrus", "paul@exemple.fr").await;
    let list = page_text(&claimant, "/candidatures").await;
    assert!(list.contains("attend d’être confirmée"), "{list}");
    assert!(!list.contains("Budget participatif"), "{list}");
    assert_eq!(claimant.get(format!("/candidatures/{dossier}")).dispatch().await.status(), Status::NotFound);
    let create = post_owned(
        &claimant,
        "/candidatures/nouvelle",
        &dossier_form("numerique-responsable", "X", "enregistrer"),
    )
    .await;
    assert_eq!(location(&create), "/candidatures", "no dossier without a confirmed collectivité");
    let mut conn = app.conn().await;
    let dossiers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM dossiers").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(dossiers, 1);
    drop(conn);
    let paul = app.find_user("paul@exemple.fr").await.unwrap().id;

    // A member of another collectivité cannot decide on it.
    app.applicant_of("mairie@marseille.fr", "13055").await;
    let marseille = app.another_browser().await;
    login_on(&marseille, "mairie@marseille.fr", PASSWORD).await;
    let refused =
        post_with_csrf(&marseille, &format!("/candidatures/rattachements/{paul}/confirmer"), &[]).await;
    assert_eq!(refused.status(), Status::NotFound);
    assert!(!page_text(&marseille, "/candidatures").await.contains("Paul Intrus"));

    // Lyon's member sees the request and refuses it: Paul is attached to nothing.
    let lyon_page = page_text(&app.client, "/candidatures").await;
    assert!(
        lyon_page.contains("Paul Intrus") && lyon_page.contains("Demande de rattachement"),
        "{lyon_page}"
    );
    let done = post_with_csrf(&app.client, &format!("/candidatures/rattachements/{paul}/refuser"), &[]).await;
    assert_eq!(done.status(), Status::SeeOther);
    assert!(page_text(&claimant, "/candidatures").await.contains("n’est rattaché à aucune collectivité"));

    // A real colleague is confirmed by an organiser, then shares the dossiers.
    let colleague = sign_up_for(&app, "69123", "Inès Carpentier", "ines@lyon.fr").await;
    let ines = app.find_user("ines@lyon.fr").await.unwrap().id;
    let organiser = app.another_browser().await;
    app.user("orga@label.fr", Role::Organiser).await;
    login_on(&organiser, "orga@label.fr", PASSWORD).await;
    assert!(page_text(&organiser, "/admin/editions/2026/candidatures")
        .await
        .contains("1 demande de rattachement"));
    let requests = page_text(&organiser, "/admin/rattachements").await;
    assert!(requests.contains("Inès Carpentier") && requests.contains("Lyon"), "{requests}");
    assert!(!requests.contains("Paul Intrus"), "a refused request is gone");
    let confirmed = post_with_csrf(&organiser, &format!("/admin/rattachements/{ines}/confirmer"), &[]).await;
    assert_eq!(confirmed.status(), Status::SeeOther);
    assert_eq!(colleague.get(format!("/candidatures/{dossier}")).dispatch().await.status(), Status::Ok);
    let again = post_with_csrf(&organiser, &format!("/admin/rattachements/{ines}/confirmer"), &[]).await;
    assert_eq!(location(&again), "/admin/rattachements", "deciding twice is harmless");

    // The first account of a collectivité waits for an organiser too (see tests/app/hardening.rs).
    let first = sign_up_for(&app, "38185", "Jeanne Valette", "jeanne@grenoble.fr").await;
    assert!(page_text(&first, "/candidatures").await.contains("par l’équipe organisatrice du label"));
}
