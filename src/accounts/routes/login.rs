//! Logging in and out.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::core::safe_return_path;
use crate::accounts::service::{self, LoginOutcome};
use crate::accounts::session::{self, CurrentUser};
use crate::accounts::views;
use crate::config::AppConfig;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::view::View;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![login_page, login, logout]
}

#[get("/connexion?<suivant>")]
fn login_page(page: Page, suivant: Option<&str>) -> Reply {
    let next = suivant.and_then(safe_return_path).unwrap_or("");
    if let Some(user) = &page.user {
        let target = if next.is_empty() { user.role.home() } else { next };
        return Reply::redirect(target);
    }
    Reply::page(views::Login::new(&page, FormState::new().keep("suivant", next)).html())
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
    let render =
        |state: FormState, status: Status| Ok(Reply::status(status, views::Login::new(&page, state).html()));

    if form.email.trim().is_empty() {
        state.error("email", "Indiquez votre adresse électronique.");
    }
    if form.password.is_empty() {
        state.error("password", "Indiquez votre mot de passe.");
    }
    if state.has_errors() {
        return render(state, Status::UnprocessableEntity);
    }

    let client = client.map(|ip| ip.to_string()).unwrap_or_default();
    let now = db::now();
    match service::log_in(db, &mut conn, &form.email, form.password, &client, now).await? {
        LoginOutcome::LoggedIn(user) => {
            session::open(cookies, config, user.id, user.session_version);
            let target = if next.is_empty() { user.role().home().to_string() } else { next };
            Ok(Reply::redirect(target))
        }
        LoginOutcome::Locked(lock) => {
            state.error("email", lock.message(now));
            render(state, Status::TooManyRequests)
        }
        LoginOutcome::Disabled => {
            state.error("email", "Ce compte est désactivé. Adressez-vous à l’équipe organisatrice du label.");
            render(state, Status::Forbidden)
        }
        LoginOutcome::Refused(lock) => {
            let message = match lock {
                Some(lock) => lock.message(now),
                None => "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie et réessayez."
                    .into(),
            };
            state.error("email", message);
            render(state, Status::UnprocessableEntity)
        }
    }
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
        let mut tx = db.begin_write_on(&mut conn).await?;
        service::log_out(&mut tx, user.id).await?;
        tx.commit().await?;
    }
    session::close(cookies);
    Ok(Reply::success("/connexion", "Vous êtes déconnecté·e. À bientôt !"))
}
