//! Organisers manage accounts: list and search, create (with a one-time link), disable,
//! re-enable, and issue a new link.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::core::{DisplayName, Email, Role};
use crate::accounts::repo::{self, User, UserFilter};
use crate::accounts::service::{self, NewAccount, StatusChange};
use crate::accounts::session::Organiser;
use crate::accounts::tokens::IssuedLink;
use crate::accounts::views::{self, UsersFilter};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::web::csrf::{CsrfForm, NoFields, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::text::{self, QueryText};
use crate::web::view::{Html, View};
use crate::web::{BaseUrl, Reply};

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, detail, new_link, disable, enable]
}

const PER_PAGE: i64 = 50;

#[get("/admin/utilisateurs?<q>&<role>&<statut>&<page>")]
async fn list(
    _organiser: Organiser,
    page_ctx: Page,
    mut conn: Connection<Db>,
    q: Option<QueryText>,
    role: Option<&str>,
    statut: Option<&str>,
    page: Option<i64>,
) -> AppResult<Html> {
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
    let typed = UsersFilter {
        q: q.as_ref().map_or("", |q| q.typed()).to_string(),
        role: filter.role.map(Role::as_str).unwrap_or("").to_string(),
        statut: statut.unwrap_or("").to_string(),
    };
    let view = views::Users::new(&page_ctx, users, total, (current, pages), text::query_error(&q), typed);
    Ok(view.html())
}

#[get("/admin/utilisateurs/nouveau")]
fn new_page(_organiser: Organiser, page: Page) -> Html {
    views::UserNew::blank(&page).html()
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

fn link_page(page: &Page, base: &BaseUrl, account: User, link: &IssuedLink, created: bool) -> Html {
    let address = format!("{}{}", base.0, link.path());
    views::UserLink::new(page, account, address, link.expires_at, created).html()
}

#[post("/admin/utilisateurs/nouveau", data = "<form>")]
async fn create(
    organiser: Organiser,
    page: Page,
    base: BaseUrl,
    db: &rocket::State<Db>,
    form: CsrfForm<NewUserForm, Report>,
) -> AppResult<(Status, Html)> {
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
        return Ok((Status::UnprocessableEntity, views::UserNew::new(&page, state).html()));
    };
    let mut tx = db.begin_write().await?;
    let new = NewAccount { email: &email, name: &name, role };
    let Some((account, link)) = service::create_account(&mut tx, &new, organiser.0.id, db::now()).await?
    else {
        state.error("email", "Un compte existe déjà avec cette adresse électronique.");
        return Ok((Status::UnprocessableEntity, views::UserNew::new(&page, state).html()));
    };
    tx.commit().await?;
    Ok((Status::Created, link_page(&page, &base, account, &link, true)))
}

#[get("/admin/utilisateurs/<id>")]
async fn detail(_organiser: Organiser, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Html> {
    let account = repo::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    Ok(views::UserDetail::new(&page, account).html())
}

#[post("/admin/utilisateurs/<id>/lien", data = "<_form>")]
async fn new_link(
    organiser: Organiser,
    page: Page,
    base: BaseUrl,
    db: &State<Db>,
    id: i64,
    _form: CsrfForm<NoFields>,
) -> AppResult<Html> {
    let mut tx = db.begin_write().await?;
    let (account, link) = service::issue_link(&mut tx, id, organiser.0.id, db::now()).await?;
    tx.commit().await?;
    Ok(link_page(&page, &base, account, &link, false))
}

async fn set_active(organiser: &Organiser, db: &Db, id: i64, active: bool) -> AppResult<Reply> {
    let back = format!("/admin/utilisateurs/{id}");
    let mut tx = db.begin_write().await?;
    match service::set_active(&mut tx, organiser.0.id, id, active, db::now()).await? {
        StatusChange::OwnAccount => {
            Ok(Reply::error(back, "Vous ne pouvez pas désactiver votre propre compte."))
        }
        StatusChange::Done => {
            tx.commit().await?;
            let message = if active {
                "Le compte est réactivé. La personne peut se connecter de nouveau."
            } else {
                "Le compte est désactivé et ses sessions sont fermées."
            };
            Ok(Reply::success(back, message))
        }
    }
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
