//! Organisers create jurors (account + one-time link + profile) and edit their profile:
//! affiliation (a collectivité of the reference, found without JavaScript, or another
//! organisation), kind, preferred categories. A changed affiliation refreshes the
//! automatic conflicts at once.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::model::{DisplayName, Email, Role};
use crate::accounts::repo as accounts;
use crate::accounts::service::NewAccount;
use crate::accounts::views::UserLink;
use crate::accounts::Organiser;
use crate::db::{self, Conn, Db};
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::jury::core::model::JurorKind;
use crate::jury::repo::jurors::{self, Profile};
use crate::jury::repo::{conflicts, reviews};
use crate::jury::service;
use crate::jury::views::jurors::{JurorEdition, JurorFormFacts, JurorList, JurorPage};
use crate::reference::repo as reference;
use crate::web::csrf::{CsrfForm, Report};
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::pager::Pager;
use crate::web::text::{self, QueryText};
use crate::web::view::{Html, View};
use crate::web::{BaseUrl, Reply};

pub fn routes() -> Vec<Route> {
    routes![list, new_page, create, detail, update]
}

/// (slug, name) of the current edition's categories (or the default ones).
async fn category_options(conn: &mut Conn) -> AppResult<Vec<(String, String)>> {
    Ok(match editions::current(conn).await? {
        Some(e) => editions::categories(conn, e.id).await?.into_iter().map(|c| (c.slug, c.name)).collect(),
        None => crate::site::default_categories().into_iter().map(|c| (c.slug, c.name)).collect(),
    })
}

#[get("/admin/jury/jures?<page>")]
async fn list(_o: Organiser, ctx: Page, mut conn: Connection<Db>, page: Option<i64>) -> AppResult<Html> {
    let pager = Pager::new(jurors::count(&mut conn).await?, page, "/admin/jury/jures".into());
    let rows = jurors::page(&mut conn, pager.per_page as i64, pager.offset()).await?;
    let without_profile = jurors::without_profile(&mut conn).await?;
    let edition = editions::current(&mut conn).await?;
    let categories = category_options(&mut conn).await?;
    let ids: Vec<i64> = rows.iter().map(|j| j.user_id).collect();
    let charters = match &edition {
        Some(e) => jurors::charters_accepted(&mut conn, e.id, &ids).await?,
        None => Default::default(),
    };
    let with_charter = rows
        .into_iter()
        .map(|j| {
            let accepted = charters.get(&j.user_id).copied();
            (j, accepted)
        })
        .collect();
    Ok(JurorList::new(&ctx, edition.as_ref(), with_charter, without_profile, &categories, pager).html())
}

/// The form page's facts besides the form: the collectivité search and the one chosen.
async fn form_facts(
    conn: &mut Conn,
    form: &FormState,
    account: Option<accounts::User>,
    q: Option<&str>,
    chosen: Option<i64>,
) -> AppResult<JurorFormFacts> {
    let query = q.unwrap_or("").trim().to_string();
    let results =
        if query.chars().count() >= 2 { reference::search(conn, &query, 15).await? } else { Vec::new() };
    let chosen_id = chosen.or_else(|| form.values.get("collectivite_id").and_then(|v| v.parse().ok()));
    let chosen = match chosen_id {
        Some(id) => reference::by_id(conn, id).await?,
        None => None,
    };
    Ok(JurorFormFacts {
        account,
        has_profile: true,
        categories: category_options(conn).await?,
        q: query,
        results,
        chosen,
        ..JurorFormFacts::default()
    })
}

fn form_page(page: &Page, form: &FormState, facts: JurorFormFacts) -> Html {
    JurorPage::new(page, form, facts).html()
}

#[get("/admin/jury/jures/nouveau?<q>&<collectivite>")]
async fn new_page(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    q: Option<QueryText>,
    collectivite: Option<i64>,
) -> AppResult<Html> {
    let form = FormState::new().keep("kind", "expert");
    let mut facts = form_facts(&mut conn, &form, None, Some(text::query_str(&q)), collectivite).await?;
    facts.q_error = text::query_error(&q);
    Ok(form_page(&page, &form, facts))
}

#[derive(Debug, FromForm)]
struct JurorForm {
    #[field(default = String::new())]
    display_name: String,
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    kind: String,
    #[field(default = String::new())]
    collectivite_id: String,
    #[field(default = String::new())]
    affiliation: String,
    #[field(default = Vec::new())]
    preferred: Vec<String>,
}

/// Checks the profile part of the form; errors go into `state`.
async fn read_profile(conn: &mut Conn, f: &JurorForm, state: &mut FormState) -> AppResult<Option<Profile>> {
    let kind = state.check("kind", JurorKind::parse(&f.kind).ok_or("Choisissez le profil du juré."));
    let collectivite = match f.collectivite_id.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => reference::by_id(conn, id).await?,
            Err(_) => None,
        },
    };
    let affiliation = match &collectivite {
        Some(c) => Some(c.name.clone()),
        None => {
            let name = f.affiliation.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = name.chars().count();
            state.check(
                "affiliation",
                if (2..=200).contains(&n) {
                    Ok(name)
                } else {
                    Err("Choisissez une collectivité ou indiquez l’organisme du juré (2 à 200 caractères).")
                },
            )
        }
    };
    let known: Vec<String> = category_options(conn).await?.into_iter().map(|(s, _)| s).collect();
    let preferred: Vec<String> = f.preferred.iter().filter(|p| known.contains(p)).cloned().collect();
    Ok(match (kind, affiliation) {
        (Some(kind), Some(affiliation)) => Some(Profile {
            collectivite_id: collectivite.map(|c| c.id),
            affiliation,
            kind: kind.as_str().to_string(),
            preferred,
        }),
        _ => None,
    })
}

fn keep(f: &JurorForm) -> FormState {
    FormState::new()
        .keep("display_name", &f.display_name)
        .keep("email", f.email.trim())
        .keep("kind", &f.kind)
        .keep("collectivite_id", f.collectivite_id.trim())
        .keep("affiliation", &f.affiliation)
        .keep("preferred", &f.preferred.join(" "))
}

#[post("/admin/jury/jures/nouveau", data = "<form>")]
async fn create(
    o: Organiser,
    page: Page,
    base: BaseUrl,
    db: &State<Db>,
    form: CsrfForm<JurorForm, Report>,
) -> AppResult<Reply> {
    let (f, refused) = form.into_parts();
    let mut state = refused.reported(keep(&f), "");
    let mut conn = db.pool().acquire().await?;
    let name = state.check("display_name", DisplayName::parse(&f.display_name));
    let email = state.check("email", Email::parse(&f.email));
    let profile = read_profile(&mut conn, &f, &mut state).await?;
    let (Some(name), Some(email), Some(profile), true) = (name, email, profile, refused.is_empty()) else {
        let facts = form_facts(&mut conn, &state, None, None, None).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, form_page(&page, &state, facts)));
    };
    drop(conn);
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let new = NewAccount { email: &email, name: &name, role: Role::Juror };
    let Some((account, link)) = service::add_juror(&mut tx, &new, &profile, o.0.id, now).await? else {
        drop(tx);
        state.error("email", "Un compte existe déjà avec cette adresse électronique.");
        let mut conn = db.pool().acquire().await?;
        let facts = form_facts(&mut conn, &state, None, None, None).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, form_page(&page, &state, facts)));
    };
    tx.commit().await?;
    tracing::info!(by = o.0.id, juror = account.id, "juré créé");
    let link_url = format!("{}{}", base.0, link.path());
    Ok(Reply::status(Status::Created, UserLink::new(&page, account, link_url, link.expires_at, true).html()))
}

#[get("/admin/jury/jures/<id>?<q>&<collectivite>")]
async fn detail(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    id: i64,
    q: Option<QueryText>,
    collectivite: Option<i64>,
) -> AppResult<Html> {
    let account = accounts::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    if account.role() != Role::Juror {
        return Err(AppError::NotFound);
    }
    let profile = jurors::get(&mut conn, id).await?;
    let mut form = FormState::new().keep("kind", "expert");
    if let Some(p) = &profile {
        form = form
            .keep("kind", &p.kind)
            .keep("affiliation", if p.collectivite_id.is_some() { "" } else { &p.affiliation })
            .keep("collectivite_id", &p.collectivite_id.map(|c| c.to_string()).unwrap_or_default())
            .keep("preferred", &p.preferred);
    }
    if collectivite.is_some() {
        form = form.keep("collectivite_id", "");
    }
    let mut facts =
        form_facts(&mut conn, &form, Some(account), Some(text::query_str(&q)), collectivite).await?;
    facts.q_error = text::query_error(&q);
    if let Some(edition) = editions::current(&mut conn).await? {
        facts.edition = Some(JurorEdition {
            juror_id: id,
            assigned: reviews::assigned(&mut conn, edition.id, id).await?,
            conflicts: conflicts::list(&mut conn, edition.id)
                .await?
                .into_iter()
                .filter(|c| c.juror_id == id)
                .collect(),
            charter_accepted_at: jurors::charter_accepted_at(&mut conn, id, edition.id).await?,
            edition,
        });
    }
    facts.has_profile = profile.is_some();
    Ok(form_page(&page, &form, facts))
}

#[post("/admin/jury/jures/<id>", data = "<form>")]
async fn update(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    id: i64,
    form: CsrfForm<JurorForm, Report>,
) -> AppResult<Reply> {
    let (f, refused) = form.into_parts();
    let mut state = refused.reported(keep(&f), "");
    let mut conn = db.pool().acquire().await?;
    let account = accounts::find_by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    if account.role() != Role::Juror {
        return Err(AppError::NotFound);
    }
    let Some(profile) = read_profile(&mut conn, &f, &mut state).await?.filter(|_| refused.is_empty()) else {
        let facts = form_facts(&mut conn, &state, Some(account), None, None).await?;
        return Ok(Reply::status(Status::UnprocessableEntity, form_page(&page, &state, facts)));
    };
    drop(conn);
    let now = db::now();
    let mut tx = db.begin_write().await?;
    service::update_juror(&mut tx, id, &profile, now).await?;
    tx.commit().await?;
    tracing::info!(by = o.0.id, juror = id, "profil de juré modifié");
    Ok(Reply::success(
        format!("/admin/jury/jures/{id}"),
        "Profil enregistré ; les conflits d’intérêts automatiques sont recalculés.",
    ))
}
