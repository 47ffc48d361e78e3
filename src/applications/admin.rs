//! Organisers: every dossier of the current edition, filters and counts, the full view,
//! eligibility decisions, reopening, and the CSV export.

use rocket::form::FromForm;
use rocket::http::ContentType;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;
use rocket_dyn_templates::Template;
use serde_json::json;

use super::export::{self, Dialect};
use super::model::DossierState;
use super::repo::{self, AdminFilter};
use super::routes::view_context;
use crate::accounts::Organiser;
use crate::db::{self, Db};
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::reference::repo as reference;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::page::Page;
use crate::web::text::{self, QueryText};
use crate::web::{Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![list, detail, decide, reopen, export_csv]
}

#[get("/admin/candidatures?<categorie>&<etat>&<region>&<departement>&<q>&<edition>")]
#[expect(clippy::too_many_arguments, reason = "one parameter per filter of the page")]
async fn list(
    _o: Organiser,
    page: Page,
    mut conn: Connection<Db>,
    categorie: Option<i64>,
    etat: Option<&str>,
    region: Option<QueryText>,
    departement: Option<QueryText>,
    q: Option<QueryText>,
    edition: Option<i64>,
) -> AppResult<Template> {
    let edition = match edition {
        Some(year) => editions::by_year(&mut conn, year).await?,
        None => editions::current(&mut conn).await?,
    };
    let Some(edition) = edition else {
        return Ok(page.render("applications/admin_list", json!({ "edition": null })));
    };
    let filter = AdminFilter {
        category_id: categorie,
        state: etat.and_then(DossierState::parse),
        region: text::query_str(&region).chars().take(3).collect(),
        departement: text::query_str(&departement).chars().take(3).collect(),
        text: text::query_str(&q).chars().take(100).collect(),
    };
    let categories = editions::categories(&mut conn, edition.id).await?;
    let rows = repo::admin_list(&mut conn, edition.id, &filter).await?;
    let counts = repo::counts(&mut conn, edition.id).await?;
    let regions = reference::names_of(&mut conn, "region").await?;
    let departements = reference::names_of(&mut conn, "departement").await?;
    let count = |category: Option<i64>, state: Option<DossierState>| -> i64 {
        counts
            .iter()
            .filter(|(c, s, _)| category.is_none_or(|id| id == *c) && state.is_none_or(|st| st.as_str() == s))
            .map(|(_, _, n)| n)
            .sum()
    };
    let table: Vec<_> = categories
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "by_state": DossierState::ALL.iter().map(|s| count(Some(c.id), Some(*s))).collect::<Vec<_>>(),
                "total": count(Some(c.id), None),
            })
        })
        .collect();
    let totals: Vec<i64> = DossierState::ALL.iter().map(|s| count(None, Some(*s))).collect();
    let states: Vec<_> =
        DossierState::ALL.iter().map(|s| json!({ "value": s.as_str(), "label": s.label() })).collect();
    let name_of = |list: &[(String, String)], code: &Option<String>| {
        code.as_ref().and_then(|c| list.iter().find(|(k, _)| k == c)).map(|(_, n)| n.clone())
    };
    let dossiers: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "row": r,
                "state_label": DossierState::parse(&r.state).map_or("", DossierState::label),
                "departement_name": name_of(&departements, &r.departement),
            })
        })
        .collect();
    Ok(page.render(
        "applications/admin_list",
        json!({
            "edition": edition,
            "categories": categories,
            "states": states,
            "regions": regions.iter().map(|(c, n)| json!({ "code": c, "name": n })).collect::<Vec<_>>(),
            "departements": departements.iter().map(|(c, n)| json!({ "code": c, "name": n })).collect::<Vec<_>>(),
            "filter": {
                "categorie": filter.category_id, "etat": etat.unwrap_or(""), "region": filter.region,
                "departement": filter.departement, "q": q.as_ref().map_or("", |q| q.typed()),
            },
            "q_error": text::query_error(&q),
            "table": table,
            "totals": totals,
            "total": count(None, None),
            "dossiers": dossiers,
            "pending_members": repo::pending_members(&mut conn).await?.len(),
        }),
    ))
}

#[get("/admin/candidatures/<id>")]
async fn detail(_o: Organiser, page: Page, mut conn: Connection<Db>, id: i64) -> AppResult<Template> {
    let dossier = repo::dossier(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let edition = editions::by_id(&mut conn, dossier.edition_id).await?.ok_or(AppError::NotFound)?;
    let organisation = repo::organisation(&mut conn, dossier.organisation_id).await?;
    let attachments = repo::attachments(&mut conn, id).await?;
    let events = repo::events(&mut conn, id).await?;
    let mut context = view_context(&dossier, &edition, organisation, &attachments, events);
    context["can_decide"] = json!(dossier.state().can_be_decided());
    context["can_reopen"] = json!(dossier.state().can_be_reopened());
    context["jury"] = crate::jury::admin::dossier_reviews(&mut conn, id).await?;
    Ok(page.render("applications/admin_view", context))
}

#[derive(Debug, FromForm)]
struct DecisionForm {
    #[field(default = String::new())]
    decision: String,
    #[field(default = String::new())]
    reason: String,
}

#[post("/admin/candidatures/<id>/decision", data = "<form>")]
async fn decide(o: Organiser, db: &State<Db>, id: i64, form: CsrfForm<DecisionForm>) -> AppResult<Reply> {
    let form = form.into_inner();
    let back = format!("/admin/candidatures/{id}");
    let eligible = match form.decision.as_str() {
        "eligible" => true,
        "ineligible" => false,
        _ => return Ok(Reply::error(back, "Choisissez « recevable » ou « irrecevable ».")),
    };
    let reason = form.reason.trim();
    if !eligible && reason.chars().count() < 10 {
        return Ok(Reply::error(back, "Motivez la décision d’irrecevabilité (10 caractères au moins) : elle sera communiquée à la collectivité."));
    }
    if reason.chars().count() > 2000 {
        return Ok(Reply::error(back, "Le motif compte 2 000 caractères au plus."));
    }
    let now = db::now();
    let mut tx = db.begin_write().await?;
    repo::dossier(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !repo::decide(&mut tx, id, eligible, reason, o.0.id, now).await? {
        return Ok(Reply::error(back, "Seul un dossier déposé peut être déclaré recevable ou irrecevable."));
    }
    let label = if eligible { "Déclaré recevable" } else { "Déclaré irrecevable" };
    let detail = if reason.is_empty() { label.to_string() } else { format!("{label} : {reason}") };
    repo::record(&mut tx, id, o.0.id, now, if eligible { "eligible" } else { "ineligible" }, &detail).await?;
    tx.commit().await?;
    Ok(Reply::success(back, format!("{label}.")))
}

#[post("/admin/candidatures/<id>/reouverture", data = "<_form>")]
async fn reopen(o: Organiser, db: &State<Db>, id: i64, _form: CsrfForm<NoFields>) -> AppResult<Reply> {
    let back = format!("/admin/candidatures/{id}");
    let now = db::now();
    let mut tx = db.begin_write().await?;
    repo::dossier(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !repo::reopen(&mut tx, id, o.0.id, now).await? {
        return Ok(Reply::error(back, "Ce dossier n’est pas déposé : il n’y a rien à rouvrir."));
    }
    repo::record(&mut tx, id, o.0.id, now, "reopened", "Dossier rouvert par l’équipe organisatrice").await?;
    tx.commit().await?;
    Ok(Reply::success(back, "Le dossier est rouvert : la collectivité peut le modifier et le déposer de nouveau, même après la clôture."))
}

#[get("/admin/candidatures.csv?<format>&<edition>")]
async fn export_csv(
    _o: Organiser,
    mut conn: Connection<Db>,
    format: Option<&str>,
    edition: Option<i64>,
) -> AppResult<Download> {
    let edition = match edition {
        Some(year) => editions::by_year(&mut conn, year).await?,
        None => editions::current(&mut conn).await?,
    }
    .ok_or(AppError::NotFound)?;
    let dialect = if format == Some("virgule") { Dialect::Plain } else { Dialect::French };
    let rows = repo::export_rows(&mut conn, edition.id).await?;
    let bytes = export::to_csv(&rows, dialect).map_err(AppError::internal)?;
    let suffix = if dialect == Dialect::Plain { "-virgule" } else { "" };
    Ok(Download {
        bytes,
        content_type: ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        file_name: format!("candidatures-{}{suffix}.csv", edition.year),
    })
}
