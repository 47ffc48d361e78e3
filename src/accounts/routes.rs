//! Login, logout, one's own account, and the one-time activation links.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use serde_json::json;

use super::model::{lockout, safe_return_path, DisplayName, Email, NewPassword};
use super::session::{self, CurrentUser};
use super::{password, repo, tokens};
use crate::config::AppConfig;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![
        login_page,
        login,
        logout,
        account_page,
        update_profile,
        change_password,
        activation_page,
        activate
    ]
}

#[get("/connexion?<suivant>")]
fn login_page(page: Page, suivant: Option<&str>) -> Reply {
    let next = suivant.and_then(safe_return_path).unwrap_or("");
    if let Some(user) = &page.user {
        let target = if next.is_empty() { user.role.home() } else { next };
        return Reply::redirect(target);
    }
    Reply::page(page.render("accounts/login", json!({ "form": FormState::new().keep("suivant", next) })))
}

#[derive(Debug, FromForm)]
struct LoginForm {
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    suivant: String,
}

#[post("/connexion", data = "<form>")]
async fn login(
    page: Page,
    db: &State<Db>,
    mut conn: Connection<Db>,
    cookies: &CookieJar<'_>,
    config: &State<AppConfig>,
    client: Option<std::net::IpAddr>,
    form: CsrfForm<LoginForm, Report>,
) -> AppResult<Reply> {
    let (form, mut refused) = form.into_parts();
    // The return address is not typed by anyone: a bad one is dropped, never blocks the login.
    refused.0.retain(|name| name != "suivant");
    let next = safe_return_path(&form.suivant).unwrap_or("").to_string();
    let mut state = FormState::new().keep("email", form.email.trim()).keep("suivant", &next);
    refused.report(&mut state, "");
    let render = |state: FormState, status: Status| {
        Ok(Reply::status(status, page.render("accounts/login", json!({ "form": state }))))
    };

    if form.email.trim().is_empty() {
        state.error("email", "Indiquez votre adresse électronique.");
    }
    if form.password.is_empty() {
        state.error("password", "Indiquez votre mot de passe.");
    }
    if state.has_errors() {
        return render(state, Status::UnprocessableEntity);
    }

    let email = Email::normalise(&form.email);
    let now = db::now();
    // Throttled per (e-mail, client address) and per address: see `lockout`.
    let client = client.map(|ip| ip.to_string()).unwrap_or_default();
    let since = lockout::lookback(now);
    let from_address = repo::address_failures_since(&mut conn, &client, since).await?;
    if let Some(until) = lockout::address_locked_until(&from_address, now) {
        tracing::warn!(%client, "connexion refusée : trop d’échecs depuis cette adresse réseau");
        state.error("email", address_locked_message(until));
        return render(state, Status::TooManyRequests);
    }
    let failures = repo::failures_since(&mut conn, &email, &client, since).await?;
    if let Some(until) = lockout::locked_until(&failures, now) {
        tracing::warn!(%email, %client, "connexion refusée : adresse bloquée après des échecs répétés");
        state.error("email", locked_message(until));
        return render(state, Status::TooManyRequests);
    }

    let user = repo::find_by_email(&mut conn, &email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let valid = password::verify_async(form.password, hash).await;

    match user {
        Some(user) if valid && user.active() => {
            let mut tx = db.begin_write_on(&mut conn).await?;
            repo::clear_failures(&mut tx, &email, lockout::lookback(now)).await?;
            repo::record_login(&mut tx, user.id, now).await?;
            tx.commit().await?;
            session::open(cookies, config, user.id, user.session_version);
            tracing::info!(user = user.id, "connexion");
            let target = if next.is_empty() { user.role().home().to_string() } else { next };
            Ok(Reply::redirect(target))
        }
        Some(user) if valid => {
            tracing::warn!(user = user.id, "connexion refusée : compte désactivé");
            state.error("email", "Ce compte est désactivé. Adressez-vous à l’équipe organisatrice du label.");
            render(state, Status::Forbidden)
        }
        _ => {
            let mut tx = db.begin_write_on(&mut conn).await?;
            repo::record_failure(&mut tx, &email, &client, now).await?;
            tx.commit().await?;
            let mut failures = failures;
            failures.push(now);
            let mut from_address = from_address;
            from_address.push(now);
            tracing::warn!(%email, %client, count = failures.len(), "échec de connexion");
            match (lockout::locked_until(&failures, now), lockout::address_locked_until(&from_address, now)) {
                (Some(until), _) => state.error("email", locked_message(until)),
                (None, Some(until)) => state.error("email", address_locked_message(until)),
                (None, None) => state.error(
                    "email",
                    "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie et réessayez.",
                ),
            }
            render(state, Status::UnprocessableEntity)
        }
    }
}

fn minutes_left(until: i64) -> i64 {
    ((until - db::now()).max(60) + 59) / 60
}

fn address_locked_message(until: i64) -> String {
    let minutes = minutes_left(until);
    format!(
        "Trop de tentatives de connexion ont échoué depuis votre réseau. Par sécurité, les connexions \
         depuis ce réseau sont suspendues pendant {minutes} minute{}. Réessayez ensuite.",
        if minutes > 1 { "s" } else { "" }
    )
}

fn locked_message(until: i64) -> String {
    let minutes = minutes_left(until);
    format!(
        "Trop de tentatives de connexion ont échoué pour cette adresse. Par sécurité, les connexions \
         sont suspendues pendant {minutes} minute{}. Réessayez ensuite, ou demandez un nouveau lien \
         à l’équipe organisatrice si vous avez oublié votre mot de passe.",
        if minutes > 1 { "s" } else { "" }
    )
}

#[post("/deconnexion", data = "<_form>")]
async fn logout(
    user: Option<CurrentUser>,
    db: &State<Db>,
    mut conn: Connection<Db>,
    cookies: &CookieJar<'_>,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    if let Some(user) = user {
        // Logging out ends every session of this person, on every device.
        let mut tx = db.begin_write_on(&mut conn).await?;
        repo::end_sessions(&mut tx, user.id).await?;
        tx.commit().await?;
        tracing::info!(user = user.id, "déconnexion");
    }
    session::close(cookies);
    Ok(Reply::success("/connexion", "Vous êtes déconnecté·e. À bientôt !"))
}

#[get("/compte")]
fn account_page(_user: CurrentUser, page: Page) -> rocket_dyn_templates::Template {
    let profile = FormState::new()
        .keep("display_name", &page.user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default());
    page.render("accounts/account", json!({ "profile": profile, "password_form": FormState::new() }))
}

#[derive(Debug, FromForm)]
struct ProfileForm {
    #[field(default = String::new())]
    display_name: String,
}

#[post("/compte/profil", data = "<form>")]
async fn update_profile(
    user: CurrentUser,
    page: Page,
    db: &State<Db>,
    mut conn: Connection<Db>,
    form: CsrfForm<ProfileForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let mut state = refused.reported(FormState::new().keep("display_name", &form.display_name), "");
    match state.check("display_name", DisplayName::parse(&form.display_name)) {
        Some(name) if refused.is_empty() => {
            let mut tx = db.begin_write_on(&mut conn).await?;
            repo::set_display_name(&mut tx, user.id, name.as_str(), db::now()).await?;
            tx.commit().await?;
            Ok(Reply::success("/compte", "Votre nom a été enregistré."))
        }
        _ => Ok(Reply::status(
            Status::UnprocessableEntity,
            page.render("accounts/account", json!({ "profile": state, "password_form": FormState::new() })),
        )),
    }
}

#[derive(Debug, FromForm)]
struct PasswordForm {
    #[field(default = String::new())]
    current_password: String,
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    password_confirmation: String,
}

#[post("/compte/mot-de-passe", data = "<form>")]
async fn change_password(
    user: CurrentUser,
    page: Page,
    db: &State<Db>,
    mut conn: Connection<Db>,
    cookies: &CookieJar<'_>,
    config: &State<AppConfig>,
    form: CsrfForm<PasswordForm, Report>,
) -> AppResult<Reply> {
    let (form, refused) = form.into_parts();
    let mut state = refused.reported(FormState::new(), "");
    let stored = repo::find_by_id(&mut conn, user.id).await?.and_then(|u| u.password_hash);
    if !password::verify_async(form.current_password.clone(), stored).await {
        state.error("current_password", "Le mot de passe actuel est incorrect.");
    }
    let new = match NewPassword::parse(&form.password, &form.password_confirmation) {
        Ok(new) if new.expose() == form.current_password => {
            state.error("password", "Choisissez un mot de passe différent de l’actuel.");
            None
        }
        Ok(new) => Some(new),
        Err((field, message)) => {
            state.error(field, message);
            None
        }
    };
    let Some(new) = new.filter(|_| !state.has_errors()) else {
        let profile = FormState::new().keep("display_name", &user.display_name);
        return Ok(Reply::status(
            Status::UnprocessableEntity,
            page.render("accounts/account", json!({ "profile": profile, "password_form": state })),
        ));
    };
    let hash = password::hash_async(new.expose().to_string()).await?;
    let mut tx = db.begin_write_on(&mut conn).await?;
    let version = repo::set_password(&mut tx, user.id, &hash, db::now()).await?;
    tx.commit().await?;
    // Every other session ended with the new version; this one carries on.
    session::open(cookies, config, user.id, version);
    tracing::info!(user = user.id, "mot de passe modifié");
    Ok(Reply::success(
        "/compte",
        "Votre mot de passe a été modifié. Vos sessions ouvertes sur d’autres appareils ont été fermées.",
    ))
}

fn invalid_link(page: &Page) -> Reply {
    Reply::status(Status::NotFound, page.render("accounts/link_invalid", json!({})))
}

#[get("/compte/activer/<token>")]
async fn activation_page(page: Page, mut conn: Connection<Db>, token: &str) -> AppResult<Reply> {
    let Some((_, user)) = tokens::lookup(&mut conn, token, db::now()).await? else {
        return Ok(invalid_link(&page));
    };
    Ok(Reply::page(page.render(
        "accounts/activate",
        json!({ "token": token, "account": user, "first_time": !user.activated(), "form": FormState::new() }),
    )))
}

#[derive(Debug, FromForm)]
struct ActivationForm {
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    password_confirmation: String,
}

#[post("/compte/activer/<token>", data = "<form>")]
async fn activate(
    page: Page,
    db: &State<Db>,
    cookies: &CookieJar<'_>,
    config: &State<AppConfig>,
    token: &str,
    form: CsrfForm<ActivationForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let mut conn = db.pool().acquire().await?;
    let Some((found, user)) = tokens::lookup(&mut conn, token, db::now()).await? else {
        return Ok(invalid_link(&page));
    };
    let new = match NewPassword::parse(&form.password, &form.password_confirmation) {
        Ok(new) => new,
        Err((field, message)) => {
            let mut state = FormState::new();
            state.error(field, message);
            return Ok(Reply::status(
                Status::UnprocessableEntity,
                page.render(
                    "accounts/activate",
                    json!({ "token": token, "account": user, "first_time": !user.activated(), "form": state }),
                ),
            ));
        }
    };
    let hash = password::hash_async(new.expose().to_string()).await?;
    let now = db::now();
    let mut tx = db.begin_write_on(&mut conn).await?;
    // Consuming first makes the link work once, even under two simultaneous submissions.
    if !repo::consume_token(&mut tx, found.id, now).await? {
        return Ok(invalid_link(&page));
    }
    let version = repo::set_password(&mut tx, user.id, &hash, now).await?;
    repo::record_login(&mut tx, user.id, now).await?;
    tx.commit().await?;
    session::open(cookies, config, user.id, version);
    tracing::info!(user = user.id, "mot de passe choisi par lien à usage unique");
    Ok(Reply::success(
        user.role().home(),
        "Votre mot de passe est enregistré et vous êtes connecté·e. Bienvenue !",
    ))
}
