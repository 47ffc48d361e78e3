//! Logging in and out, roles, the lock-out, one's own account, sessions ending.

use label_territoires::accounts::Role;
use rocket::http::Status;

use crate::common::*;

#[rocket::async_test]
async fn each_role_lands_on_its_own_area_and_is_refused_elsewhere() {
    let app = TestApp::new().await;
    let areas = [
        (Role::Applicant, "/candidatures", "Mes candidatures"),
        (Role::Juror, "/jury", "Espace jury"),
        (Role::Organiser, "/admin", "Tableau de bord"),
    ];
    for (i, (role, home, title)) in areas.iter().enumerate() {
        let browser = app.another_browser().await;
        let email = format!("personne{i}@exemple.fr");
        app.user(&email, *role).await;
        let response = login_on(&browser, &email, PASSWORD).await;
        assert_eq!(response.status(), Status::SeeOther);
        assert_eq!(location(&response), *home);

        let page = browser.get(*home).dispatch().await;
        assert_eq!(page.status(), Status::Ok);
        assert!(page.into_string().await.unwrap().contains(title));

        for (other_role, other_home, _) in &areas {
            if other_role != role {
                let refused = browser.get(*other_home).dispatch().await;
                assert_eq!(refused.status(), Status::Forbidden, "{role:?} on {other_home}");
                let body = refused.into_string().await.unwrap();
                assert!(body.contains("Accès refusé"), "French 403 page");
                assert!(body.contains("lang=\"fr\""));
            }
        }
        let admin_users = browser.get("/admin/utilisateurs").dispatch().await;
        let expected = if *role == Role::Organiser { Status::Ok } else { Status::Forbidden };
        assert_eq!(admin_users.status(), expected);
        assert_eq!(browser.get("/compte").dispatch().await.status(), Status::Ok);
    }
}

/// Logs in with the hidden `suivant` field a login page carries.
async fn login_then<'c>(
    client: &'c rocket::local::asynchronous::Client,
    email: &str,
    next: &str,
) -> rocket::local::asynchronous::LocalResponse<'c> {
    let token = csrf_token(client).await;
    let fields =
        [("csrf_token", token.as_str()), ("email", email), ("password", PASSWORD), ("suivant", next)];
    post_form(client, "/connexion", &fields).await
}

#[rocket::async_test]
async fn anonymous_visitors_are_sent_to_login_and_brought_back() {
    let app = TestApp::new().await;
    for protected in ["/candidatures", "/jury", "/admin", "/admin/utilisateurs?q=a", "/compte"] {
        let response = app.client.get(protected).dispatch().await;
        assert_eq!(response.status(), Status::SeeOther, "{protected}");
        assert!(location(&response).starts_with("/connexion?suivant="), "{protected}");
    }
    app.user("orga@exemple.fr", Role::Organiser).await;
    let response = app.client.get("/admin/utilisateurs?q=a").dispatch().await;
    let login_url = location(&response);
    let html = page_text(&app.client, &login_url).await;
    assert!(html.contains("name=\"suivant\" value=\"/admin/utilisateurs?q=a\""), "{html}");
    let response = login_then(&app.client, "orga@exemple.fr", "/admin/utilisateurs?q=a").await;
    assert_eq!(location(&response), "/admin/utilisateurs?q=a");
}

#[rocket::async_test]
async fn login_never_redirects_off_site() {
    let app = TestApp::new().await;
    app.user("orga@exemple.fr", Role::Organiser).await;
    let response = login_then(&app.client, "orga@exemple.fr", "//evil.example/x").await;
    assert_eq!(location(&response), "/admin");
}

#[rocket::async_test]
async fn email_is_case_insensitive_and_errors_do_not_reveal_accounts() {
    let app = TestApp::new().await;
    app.user("Jeanne.Martin@Exemple.fr", Role::Juror).await;
    let ok = app.login("  JEANNE.martin@exemple.FR ", PASSWORD).await;
    assert_eq!(ok.status(), Status::SeeOther);

    let other = app.another_browser().await;
    let wrong_password = login_on(&other, "jeanne.martin@exemple.fr", "mauvais-mot-de-passe").await;
    assert_eq!(wrong_password.status(), Status::UnprocessableEntity);
    let wrong_password = wrong_password.into_string().await.unwrap();
    let unknown = login_on(&other, "personne@exemple.fr", "mauvais-mot-de-passe").await;
    let unknown = unknown.into_string().await.unwrap();
    let message = "Adresse électronique ou mot de passe incorrect.";
    assert!(wrong_password.contains(message));
    assert!(unknown.contains(message));
    // The typed address is kept, the password is not.
    assert!(unknown.contains("value=\"personne@exemple.fr\""));
    assert!(!unknown.contains("mauvais-mot-de-passe"));
}

#[rocket::async_test]
async fn five_failures_lock_the_email_for_fifteen_minutes() {
    let app = TestApp::new().await;
    app.user("cible@exemple.fr", Role::Organiser).await;
    for attempt in 1..=4 {
        let response = app.login("cible@exemple.fr", "pas-le-bon-mot-de-passe").await;
        assert_eq!(response.status(), Status::UnprocessableEntity, "attempt {attempt}");
    }
    let fifth = app.login("cible@exemple.fr", "pas-le-bon-mot-de-passe").await;
    assert!(fifth.into_string().await.unwrap().contains("Trop de tentatives"));

    // Even the right password is refused now, from any browser.
    let other = app.another_browser().await;
    let refused = login_on(&other, "CIBLE@exemple.fr", PASSWORD).await;
    assert_eq!(refused.status(), Status::TooManyRequests);
    let body = refused.into_string().await.unwrap();
    assert!(body.contains("Trop de tentatives"));
    assert!(body.contains("15 minutes"));
    assert_eq!(other.get("/admin").dispatch().await.status(), Status::SeeOther);

    // Unknown addresses are locked the same way: nothing tells them apart.
    for _ in 0..5 {
        app.login("inconnu@exemple.fr", "pas-le-bon-mot-de-passe").await;
    }
    let unknown = app.login("inconnu@exemple.fr", "pas-le-bon-mot-de-passe").await;
    assert_eq!(unknown.status(), Status::TooManyRequests);

    // Once the failures are older than the lock, the right password works again.
    let mut conn = app.conn().await;
    sqlx::query("UPDATE login_failures SET attempted_at = attempted_at - 901")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let ok = login_on(&other, "cible@exemple.fr", PASSWORD).await;
    assert_eq!(ok.status(), Status::SeeOther);
}

#[rocket::async_test]
async fn disabled_accounts_cannot_log_in() {
    let app = TestApp::new().await;
    let id = app.user("ancien@exemple.fr", Role::Juror).await;
    let mut conn = app.conn().await;
    label_territoires::accounts::repo::set_active(&mut conn, id, false, 0).await.unwrap();
    drop(conn);
    let response = app.login("ancien@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), Status::Forbidden);
    assert!(response.into_string().await.unwrap().contains("désactivé"));
    assert_eq!(app.client.get("/jury").dispatch().await.status(), Status::SeeOther);
}

#[rocket::async_test]
async fn logout_ends_every_session_of_the_user() {
    let app = TestApp::new().await;
    app.logged_in("jure@exemple.fr", Role::Juror).await;
    let laptop = app.another_browser().await;
    assert_eq!(login_on(&laptop, "jure@exemple.fr", PASSWORD).await.status(), Status::SeeOther);
    assert_eq!(laptop.get("/jury").dispatch().await.status(), Status::Ok);

    let response = post_with_csrf(&app.client, "/deconnexion", &[]).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(app.client.get("/jury").dispatch().await.status(), Status::SeeOther);
    assert_eq!(
        laptop.get("/jury").dispatch().await.status(),
        Status::SeeOther,
        "the other session ended too"
    );
}

#[rocket::async_test]
async fn password_change_ends_other_sessions_and_keeps_this_one() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let phone = app.another_browser().await;
    login_on(&phone, "orga@exemple.fr", PASSWORD).await;
    assert_eq!(phone.get("/admin").dispatch().await.status(), Status::Ok);

    // Errors are listed in French and nothing changes.
    let bad = post_with_csrf(
        &app.client,
        "/compte/mot-de-passe",
        &[("current_password", "faux"), ("password", "court"), ("password_confirmation", "court")],
    )
    .await;
    assert_eq!(bad.status(), Status::UnprocessableEntity);
    let body = bad.into_string().await.unwrap();
    assert!(body.contains("Le mot de passe actuel est incorrect."));
    assert!(body.contains("au moins 12 caractères"));
    assert_eq!(phone.get("/admin").dispatch().await.status(), Status::Ok);

    let mismatch = post_with_csrf(
        &app.client,
        "/compte/mot-de-passe",
        &[
            ("current_password", PASSWORD),
            ("password", "nouveau-mot-de-passe-2026"),
            ("password_confirmation", "autre-chose-2026"),
        ],
    )
    .await;
    assert!(mismatch.into_string().await.unwrap().contains("ne sont pas identiques"));

    let ok = post_with_csrf(
        &app.client,
        "/compte/mot-de-passe",
        &[
            ("current_password", PASSWORD),
            ("password", "nouveau-mot-de-passe-2026"),
            ("password_confirmation", "nouveau-mot-de-passe-2026"),
        ],
    )
    .await;
    assert_eq!(ok.status(), Status::SeeOther);
    assert_eq!(app.client.get("/admin").dispatch().await.status(), Status::Ok, "this session goes on");
    assert_eq!(phone.get("/admin").dispatch().await.status(), Status::SeeOther, "the other one ended");

    let fresh = app.another_browser().await;
    assert_eq!(login_on(&fresh, "orga@exemple.fr", PASSWORD).await.status(), Status::UnprocessableEntity);
    assert_eq!(
        login_on(&fresh, "orga@exemple.fr", "nouveau-mot-de-passe-2026").await.status(),
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn profile_name_is_validated_and_saved() {
    let app = TestApp::new().await;
    app.logged_in("candidat@exemple.fr", Role::Applicant).await;
    let bad = post_with_csrf(&app.client, "/compte/profil", &[("display_name", " ")]).await;
    assert_eq!(bad.status(), Status::UnprocessableEntity);
    assert!(bad.into_string().await.unwrap().contains("Indiquez un nom."));
    let ok = post_with_csrf(&app.client, "/compte/profil", &[("display_name", "Émilie  Lebœuf")]).await;
    assert_eq!(ok.status(), Status::SeeOther);
    assert_eq!(app.find_user("candidat@exemple.fr").await.unwrap().display_name, "Émilie Lebœuf");
    let page = app.client.get("/compte").dispatch().await.into_string().await.unwrap();
    assert!(page.contains("Émilie Lebœuf"));
}

#[rocket::async_test]
async fn idle_sessions_expire() {
    // A negative idle time makes every session already idle for too long.
    let app = TestApp::with(|f| {
        f.merge(rocket::figment::providers::Serialized::global("session_idle_minutes", -1))
    })
    .await;
    app.user("jure@exemple.fr", Role::Juror).await;
    assert_eq!(app.login("jure@exemple.fr", PASSWORD).await.status(), Status::SeeOther);
    assert_eq!(app.client.get("/jury").dispatch().await.status(), Status::SeeOther);
}
