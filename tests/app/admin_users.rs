//! Organisers manage accounts; one-time activation links.

use label_territoires::accounts::Role;
use rocket::http::Status;

use crate::common::*;

/// Creates an account through the organiser's form; returns the activation path shown.
async fn create_account(app: &TestApp, email: &str, name: &str, role: &str) -> String {
    let response = post_with_csrf(
        &app.client,
        "/admin/utilisateurs/nouveau",
        &[("email", email), ("display_name", name), ("role", role)],
    )
    .await;
    assert_eq!(response.status(), Status::Created);
    let html = unescape(&response.into_string().await.unwrap());
    let start = html.find("/compte/activer/").expect("the link is shown");
    let end = html[start..].find('<').unwrap();
    html[start..start + end].to_string()
}

#[rocket::async_test]
async fn an_activation_link_works_once() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let link = create_account(&app, "Nouveau.Jure@Exemple.fr", "Paul Nouveau", "juror").await;
    let created = app.find_user("nouveau.jure@exemple.fr").await.expect("account created");
    assert!(created.password_hash.is_none());
    assert_eq!(created.role(), Role::Juror);

    let invitee = app.another_browser().await;
    let form = invitee.get(link.clone()).dispatch().await;
    assert_eq!(form.status(), Status::Ok);
    let html = form.into_string().await.unwrap();
    assert!(html.contains("Paul Nouveau"));
    let token = extract_token(&html).unwrap();

    let short = post_form(
        &invitee,
        &link,
        &[("csrf_token", &token), ("password", "court"), ("password_confirmation", "court")],
    )
    .await;
    assert_eq!(short.status(), Status::UnprocessableEntity);
    assert!(short.into_string().await.unwrap().contains("au moins 12 caractères"));

    let pw = "ma-phrase-de-passe-du-jury";
    let done = post_form(
        &invitee,
        &link,
        &[("csrf_token", &token), ("password", pw), ("password_confirmation", pw)],
    )
    .await;
    assert_eq!(done.status(), Status::SeeOther);
    assert_eq!(location(&done), "/jury");
    assert_eq!(invitee.get("/jury").dispatch().await.status(), Status::Ok, "logged in after activation");

    // The link is spent.
    let third = app.another_browser().await;
    assert_eq!(third.get(link.clone()).dispatch().await.status(), Status::NotFound);
    let token = csrf_token(&third).await;
    let again = post_form(
        &third,
        &link,
        &[
            ("csrf_token", &token),
            ("password", "encore-un-autre-mot"),
            ("password_confirmation", "encore-un-autre-mot"),
        ],
    )
    .await;
    assert_eq!(again.status(), Status::NotFound);
    assert_eq!(login_on(&third, "nouveau.jure@exemple.fr", pw).await.status(), Status::SeeOther);
}

#[rocket::async_test]
async fn an_activation_link_expires_and_a_new_one_replaces_it() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let first = create_account(&app, "candidat@mairie-exemple.fr", "Lise Candidat", "applicant").await;
    let id = app.find_user("candidat@mairie-exemple.fr").await.unwrap().id;

    // A new link revokes the first one.
    let response = post_with_csrf(&app.client, &format!("/admin/utilisateurs/{id}/lien"), &[]).await;
    assert_eq!(response.status(), Status::Ok);
    let html = unescape(&response.into_string().await.unwrap());
    let start = html.find("/compte/activer/").unwrap();
    let second = html[start..start + html[start..].find('<').unwrap()].to_string();
    assert_ne!(first, second);
    assert_eq!(app.client.get(first).dispatch().await.status(), Status::NotFound);
    assert_eq!(app.client.get(second.clone()).dispatch().await.status(), Status::Ok);

    // 72 hours later it no longer works.
    let mut conn = app.conn().await;
    sqlx::query("UPDATE account_tokens SET expires_at = $1")
        .bind(label_territoires::db::now() - 1)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let expired = app.client.get(second).dispatch().await;
    assert_eq!(expired.status(), Status::NotFound);
    assert!(expired.into_string().await.unwrap().contains("Ce lien n’est plus valable"));
    assert_eq!(app.client.get("/compte/activer/nimporte-quoi").dispatch().await.status(), Status::NotFound);
}

#[rocket::async_test]
async fn links_are_stored_hashed() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let link = create_account(&app, "x@exemple.fr", "Xavier Exemple", "juror").await;
    let secret = link.trim_start_matches("/compte/activer/");
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_tokens")
        .fetch_all(&mut *app.conn().await)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], secret);
    assert_eq!(stored[0], label_territoires::accounts::tokens::hash(secret));
}

#[rocket::async_test]
async fn creation_errors_are_listed_and_typed_values_kept() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let response = post_with_csrf(
        &app.client,
        "/admin/utilisateurs/nouveau",
        &[("email", "pas-une-adresse"), ("display_name", ""), ("role", "admin")],
    )
    .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap();
    assert!(html.contains("n’est pas valide"));
    assert!(html.contains("Indiquez un nom."));
    assert!(html.contains("Choisissez un rôle."));
    assert!(html.contains("value=\"pas-une-adresse\""));

    let duplicate = post_with_csrf(
        &app.client,
        "/admin/utilisateurs/nouveau",
        &[("email", "ORGA@exemple.fr"), ("display_name", "Doublon"), ("role", "juror")],
    )
    .await;
    assert_eq!(duplicate.status(), Status::UnprocessableEntity);
    assert!(duplicate.into_string().await.unwrap().contains("Un compte existe déjà"));
}

#[rocket::async_test]
async fn organisers_list_search_disable_and_enable_accounts() {
    let app = TestApp::new().await;
    let me = app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let juror = app.user("jure.dupont@exemple.fr", Role::Juror).await;
    app.user("candidate@exemple.fr", Role::Applicant).await;
    let juror_browser = app.another_browser().await;
    login_on(&juror_browser, "jure.dupont@exemple.fr", PASSWORD).await;
    assert_eq!(juror_browser.get("/jury").dispatch().await.status(), Status::Ok);

    let list = app.client.get("/admin/utilisateurs?q=DUPONT").dispatch().await.into_string().await.unwrap();
    assert!(list.contains("jure.dupont@exemple.fr"));
    assert!(!list.contains("candidate@exemple.fr"));
    let by_role =
        app.client.get("/admin/utilisateurs?role=applicant").dispatch().await.into_string().await.unwrap();
    assert!(by_role.contains("candidate@exemple.fr"));
    assert!(!by_role.contains("jure.dupont@exemple.fr"));
    let wildcard = app.client.get("/admin/utilisateurs?q=%25").dispatch().await.into_string().await.unwrap();
    assert!(wildcard.contains("Aucun compte"), "a % is searched literally");

    let response = post_with_csrf(&app.client, &format!("/admin/utilisateurs/{juror}/desactiver"), &[]).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(!app.find_user("jure.dupont@exemple.fr").await.unwrap().active());
    assert_eq!(
        juror_browser.get("/jury").dispatch().await.status(),
        Status::SeeOther,
        "sessions of a disabled account end"
    );
    let inactive =
        app.client.get("/admin/utilisateurs?statut=desactive").dispatch().await.into_string().await.unwrap();
    assert!(inactive.contains("jure.dupont@exemple.fr"));

    post_with_csrf(&app.client, &format!("/admin/utilisateurs/{juror}/reactiver"), &[]).await;
    assert!(app.find_user("jure.dupont@exemple.fr").await.unwrap().active());
    assert_eq!(login_on(&juror_browser, "jure.dupont@exemple.fr", PASSWORD).await.status(), Status::SeeOther);

    // An organiser cannot lock themself out.
    post_with_csrf(&app.client, &format!("/admin/utilisateurs/{me}/desactiver"), &[]).await;
    assert!(app.find_user("orga@exemple.fr").await.unwrap().active());
    assert_eq!(app.client.get("/admin/utilisateurs/999999").dispatch().await.status(), Status::NotFound);
}
