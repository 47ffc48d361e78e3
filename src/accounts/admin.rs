//! Organisers manage accounts: list and search, create (with a one-time link), disable,
//! re-enable, and issue a new link.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use rocket_dyn_templates::Template;
use serde::Serialize;
use serde_json::json;

use super::model::{DisplayName, Email, Role};
use super::repo::{self, NewUser, UserFilter};
use super::session::Organiser;
use super::tokens::{self, IssuedLink};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::text::{self, QueryText};
use crate::web::{BaseUrl, Reply};

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, detail, new_link, disable, enable]
}

const PER_PAGE: i64 = 50;

#[derive(Serialize)]
struct RoleOption {
    value: &'static str,
    label: &'static str,
}

fn role_options() -> Vec<RoleOption> {
    Role::ALL.iter().map(|r| RoleOption { value: r.as_str(), label: r.label() }).collect()
}

#[get("/admin/utilisateurs?<q>&<role>&<statut>&<page>")]
async fn list(
    _organiser: Organiser,
    page_ctx: Page,
    mut conn: Connection<Db>,
    q: Option<QueryText>,
    role: Option<&str>,
    statut: Option<&str>,
    page: Option<i64>,
) -> AppResult<Template> {
    let filter = UserFilter {
        text: text::query_str(&q).chars().take(100).collect(),
        role: role.and_then(Role::parse),
        active: match statut {
            Some("actif") => Some(true),
            Some("desactive") => Some(false),
            _ => None,
        },
    };
    let current = page.unwrap_or(1).max(1);
    let (users, total) = repo::list(&mut conn, &filter, PER_PAGE, (current - 1) * PER_PAGE).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let rows: Vec<_> = users
        .iter()
        .map(|u| json!({ "user": u, "role_label": u.role().label(), "activated": u.activated() }))
        .collect();
    Ok(page_ctx.render(
        "admin/users",
        json!({
            "users": rows,
            "total": total,
            "current_page": current,
            "pages": pages,
            "q_error": text::query_error(&q),
            "filter": { "q": q.as_ref().map_or("", |q| q.typed()), "role": filter.role.map(Role::as_str).unwrap_or(""), "statut": statut.unwrap_or("") },
            "roles": role_options(),
        }),
    ))
}

#[get("/admin/utilisateurs/nouveau")]
fn new_page(_organiser: Organiser, page: Page) -> Template {
    page.render(
        "admin/user_new",
        json!({ "form": FormState::new().keep("role", "juror"), "roles": role_options() }),
    )
}

#[derive(Debug, FromForm)]
struct NewUserForm {
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    display_name: String,
    #[field(default = String::new())]
    role: String,
}

fn link_page(
    page: &Page,
    base: &BaseUrl,
    account: &repo::User,
    link: &IssuedLink,
    created: bool,
) -> Template {
    page.render(
        "admin/user_link",
        json!({
            "account": account,
            "link": format!("{}{}", base.0, link.path()),
            "expires_at": link.expires_at,
            "created": created,
        }),
    )
}

#[post("/admin/utilisateurs/nouveau", data = "<form>")]
async fn create(
    organiser: Organiser,
    page: Page,
    base: BaseUrl,
    db: &rocket::State<Db>,
    form: CsrfForm<NewUserForm, Report>,
) -> AppResult<(Status, Template)> {
    let (form, refused) = form.into_parts();
    let state = FormState::new()
        .keep("email", form.email.trim())
        .keep("display_name", &form.display_name)
        .keep("role", &form.role);
    let mut state = refused.reported(state, "");
    let name = state.check("display_name", DisplayName::parse(&form.display_name));
    let email = state.check("email", Email::parse(&form.email));
    let role = state.check("role", Role::parse(&form.role).ok_or("Choisissez un rôle."));
    let (Some(email), Some(name), Some(role), true) = (email, name, role, refused.is_empty()) else {
        return Ok((
            Status::UnprocessableEntity,
            page.render("admin/user_new", json!({ "form": state, "roles": role_options() })),
        ));
    };
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let new = NewUser { email: &email, display_name: name.as_str(), role, password_hash: None };
    let Some(id) = repo::insert(&mut tx, &new, now).await? else {
        state.error("email", "Un compte existe déjà avec cette adresse électronique.");
        return Ok((
            Status::UnprocessableEntity,
            page.render("admin/user_new", json!({ "form": state, "roles": role_options() })),
        ));
    };
    let account = repo::find_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let link = tokens::issue(&mut tx, &account, Some(organiser.0.id), now).await?;
    tx.commit().await?;
    tracing::info!(by = organiser.0.id, user = id, role = role.as_str(), "compte créé");
    Ok((Status::Created, link_page(&page, &base, &account, &link, true)))
}

#[get("/admin/utilisateurs/<id>")]
async fn detail(_organiser: Organiser, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Template> {
    let account = repo::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    Ok(page.render(
        "admin/user_detail",
        json!({
            "account": account,
            "role_label": account.role().label(),
            "activated": account.activated(),
            "is_self": page.user.as_ref().is_some_and(|u| u.id == id),
        }),
    ))
}

#[post("/admin/utilisateurs/<id>/lien", data = "<_form>")]
async fn new_link(
    organiser: Organiser,
    page: Page,
    base: BaseUrl,
    mut conn: Connection<Db>,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Template> {
    let account = repo::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    if !account.active() {
        return Err(AppError::BadRequest("compte désactivé"));
    }
    let link = tokens::issue(&mut conn, &account, Some(organiser.0.id), db::now()).await?;
    tracing::info!(by = organiser.0.id, user = id, "nouveau lien à usage unique");
    Ok(link_page(&page, &base, &account, &link, false))
}

async fn set_active(organiser: &Organiser, db: &Db, id: i64, active: bool) -> AppResult<Reply> {
    let back = format!("/admin/utilisateurs/{id}");
    if organiser.0.id == id {
        return Ok(Reply::error(back, "Vous ne pouvez pas désactiver votre propre compte."));
    }
    let mut tx = db.begin_write().await?;
    if !repo::set_active(&mut tx, id, active, db::now()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(by = organiser.0.id, user = id, active, "statut du compte modifié");
    let message = if active {
        "Le compte est réactivé. La personne peut se connecter de nouveau."
    } else {
        "Le compte est désactivé et ses sessions sont fermées."
    };
    Ok(Reply::success(back, message))
}

#[post("/admin/utilisateurs/<id>/desactiver", data = "<_form>")]
async fn disable(
    organiser: Organiser,
    db: &State<Db>,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    set_active(&organiser, db, id, false).await
}

#[post("/admin/utilisateurs/<id>/reactiver", data = "<_form>")]
async fn enable(
    organiser: Organiser,
    db: &State<Db>,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Reply> {
    set_active(&organiser, db, id, true).await
}
