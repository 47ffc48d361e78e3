//! CSRF, security headers, malformed requests, health check.

use label_territoires::accounts::Role;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::LocalResponse;

use crate::common::*;

#[rocket::async_test]
async fn posts_without_or_with_a_wrong_csrf_token_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let juror = app.user("jure@exemple.fr", Role::Juror).await;
    let forged = [
        ("/compte/profil", vec![("display_name", "Nom Forgé")]),
        (
            "/admin/utilisateurs/nouveau",
            vec![("email", "pirate@exemple.fr"), ("display_name", "Pirate"), ("role", "organiser")],
        ),
        (&*format!("/admin/utilisateurs/{juror}/desactiver"), vec![]),
        ("/deconnexion", vec![]),
    ];
    for (uri, fields) in &forged {
        let without = post_form(&app.client, uri, fields).await;
        assert_eq!(without.status(), Status::Forbidden, "{uri} without a token");
        let mut wrong = vec![("csrf_token", "pas-le-bon-jeton")];
        wrong.extend(fields.iter().copied());
        let with_wrong = post_form(&app.client, uri, &wrong).await;
        assert_eq!(with_wrong.status(), Status::Forbidden, "{uri} with a wrong token");
        assert!(with_wrong.into_string().await.unwrap().contains("Accès refusé"));
    }
    assert_eq!(app.find_user("orga@exemple.fr").await.unwrap().display_name, "Personne orga");
    assert!(app.find_user("pirate@exemple.fr").await.is_none());
    assert!(app.find_user("jure@exemple.fr").await.unwrap().active());
    assert_eq!(app.client.get("/admin").dispatch().await.status(), Status::Ok, "still logged in");

    // Another browser's valid token is no good either.
    let other = app.another_browser().await;
    let their_token = csrf_token(&other).await;
    let response = post_form(
        &app.client,
        "/compte/profil",
        &[("csrf_token", &their_token), ("display_name", "Nom Forgé")],
    )
    .await;
    assert_eq!(response.status(), Status::Forbidden);

    // Login is protected too.
    let fresh = app.another_browser().await;
    let response =
        post_form(&fresh, "/connexion", &[("email", "orga@exemple.fr"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), Status::Forbidden);
}

fn assert_security_headers(response: &LocalResponse<'_>, what: &str) {
    let headers = response.headers();
    let csp = headers.get_one("Content-Security-Policy").unwrap_or_else(|| panic!("CSP on {what}"));
    for directive in ["default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"]
    {
        assert!(csp.contains(directive), "{directive} on {what}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers.get_one("X-Content-Type-Options"), Some("nosniff"), "{what}");
    assert_eq!(headers.get_one("Referrer-Policy"), Some("same-origin"), "{what}");
}

#[rocket::async_test]
async fn security_headers_are_on_every_response_including_errors() {
    let app = TestApp::new().await;
    for uri in ["/", "/connexion", "/sante", "/static/style.css", "/page-inexistante", "/admin"] {
        let response = app.client.get(uri).dispatch().await;
        assert_security_headers(&response, uri);
    }
    app.logged_in("jure@exemple.fr", Role::Juror).await;
    let forbidden = app.client.get("/admin").dispatch().await;
    assert_eq!(forbidden.status(), Status::Forbidden);
    assert_security_headers(&forbidden, "403");
    let csrf_refused = post_form(&app.client, "/compte/profil", &[]).await;
    assert_security_headers(&csrf_refused, "CSRF 403");
}

#[rocket::async_test]
async fn session_cookie_is_private_http_only_and_same_site() {
    let app = TestApp::new().await;
    app.user("jure@exemple.fr", Role::Juror).await;
    let response = app.login("jure@exemple.fr", PASSWORD).await;
    let cookie = response
        .headers()
        .get("Set-Cookie")
        .find(|c| c.starts_with("lt_session="))
        .expect("a session cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("jure@exemple.fr"), "the content is encrypted");
}

#[rocket::async_test]
async fn french_error_pages() {
    let app = TestApp::new().await;
    let response = app.client.get("/nulle-part").dispatch().await;
    assert_eq!(response.status(), Status::NotFound);
    let html = response.into_string().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Page introuvable"));
}

#[rocket::async_test]
async fn malformed_requests_never_get_a_500() {
    let app = TestApp::new().await;
    app.logged_in("orga@exemple.fr", Role::Organiser).await;
    let token = csrf_token(&app.client).await;
    let bodies: Vec<(ContentType, Vec<u8>)> = vec![
        (ContentType::Form, b"%%%zz=&&==".to_vec()),
        (ContentType::Form, vec![0xff, 0xfe, 0x00, 0x80]),
        (ContentType::Form, format!("csrf_token={token}&email=%FF%FE").into_bytes()),
        (ContentType::JSON, b"{\"email\": 1}".to_vec()),
        (ContentType::Form, format!("csrf_token={token}&display_name={}", "a".repeat(200_000)).into_bytes()),
        (ContentType::new("multipart", "form-data"), b"--x\r\n".to_vec()),
    ];
    for uri in
        ["/connexion", "/compte/profil", "/admin/utilisateurs/nouveau", "/admin/utilisateurs/abc/desactiver"]
    {
        for (content_type, body) in &bodies {
            let response = app.client.post(uri).header(content_type.clone()).body(body).dispatch().await;
            assert!(response.status().code < 500, "{uri} with {content_type}: {}", response.status());
        }
    }
    for uri in [
        "/admin/utilisateurs?page=abc",
        "/admin/utilisateurs?page=-5",
        "/admin/utilisateurs/abc",
        "/compte/activer/%00",
        "/connexion?suivant=%FF",
    ] {
        let response = app.client.get(uri).dispatch().await;
        assert!(response.status().code < 500, "{uri}: {}", response.status());
    }
}

#[rocket::async_test]
async fn health_check_answers_ok() {
    let app = TestApp::new().await;
    let response = app.client.get("/sante").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.into_string().await.unwrap(), "ok");
}

#[rocket::async_test]
async fn the_home_page_presents_the_five_categories() {
    let app = TestApp::new().await;
    let html = app.client.get("/").dispatch().await.into_string().await.unwrap();
    for name in [
        "Innovation citoyenne",
        "Modernisation du service public",
        "Territoires inclusifs",
        "Numérique responsable",
        "Territoire intelligent et responsable",
    ] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("href=\"#contenu\""), "skip link");
    assert!(!html.contains("<script"), "no JavaScript");
    let css = app.client.get("/static/style.css").dispatch().await;
    assert_eq!(css.status(), Status::Ok);
    assert_eq!(css.content_type(), Some(ContentType::CSS));
    let css = css.into_string().await.unwrap();
    assert!(css.len() < 20_000, "one small stylesheet");
    assert!(css.contains(":focus-visible"), "visible focus");
    assert!(!css.contains("@import") && !css.contains("url(http"), "nothing fetched from elsewhere");
}
