//! One's own account (name, password) and the one-time links that set a password.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::core::{DisplayName, NewPassword};
use crate::accounts::session::{self, CurrentUser};
use crate::accounts::{password, repo, service, tokens, views};
use crate::config::AppConfig;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![account_page, update_profile, change_password, activation_page, activate]
}

#[get("/compte")]
fn account_page(user: CurrentUser, page: Page) -> Html {
    views::Account::blank(&page, &user).html()
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
            service::rename(&mut tx, user.id, &name, db::now()).await?;
            tx.commit().await?;
            Ok(Reply::success("/compte", "Votre nom a été enregistré."))
        }
        _ => Ok(Reply::status(
            Status::UnprocessableEntity,
            views::Account::new(&page, &user, state, FormState::new()).html(),
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
            views::Account::new(&page, &user, profile, state).html(),
        ));
    };
    let hash = password::hash_async(new.expose().to_string()).await?;
    let mut tx = db.begin_write_on(&mut conn).await?;
    let version = service::change_password(&mut tx, user.id, &hash, db::now()).await?;
    tx.commit().await?;
    // Every other session ended with the new version; this one carries on.
    session::open(cookies, config, user.id, version);
    Ok(Reply::success(
        "/compte",
        "Votre mot de passe a été modifié. Vos sessions ouvertes sur d’autres appareils ont été fermées.",
    ))
}

fn invalid_link(page: &Page) -> Reply {
    Reply::status(Status::NotFound, views::LinkInvalid { page }.html())
}

#[get("/compte/activer/<token>")]
async fn activation_page(page: Page, mut conn: Connection<Db>, token: &str) -> AppResult<Reply> {
    let Some((_, user)) = tokens::lookup(&mut conn, token, db::now()).await? else {
        return Ok(invalid_link(&page));
    };
    Ok(Reply::page(views::Activate::new(&page, token, &user, FormState::new()).html()))
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
                views::Activate::new(&page, token, &user, state).html(),
            ));
        }
    };
    let hash = password::hash_async(new.expose().to_string()).await?;
    let mut tx = db.begin_write_on(&mut conn).await?;
    let Some(version) = service::activate(&mut tx, &found, &hash, db::now()).await? else {
        return Ok(invalid_link(&page));
    };
    tx.commit().await?;
    session::open(cookies, config, user.id, version);
    Ok(Reply::success(
        user.role().home(),
        "Votre mot de passe est enregistré et vous êtes connecté·e. Bienvenue !",
    ))
}
