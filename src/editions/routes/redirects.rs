//! The organiser URLs from before every page named its edition (`/admin/candidatures…`,
//! `/admin/jury…`, `/admin/resultats…`): a GET goes on to the same page of the current
//! edition (or of `?edition=YEAR` when given), keeping the rest of the query string, so that
//! bookmarks keep working. Only GETs: a form posted to an old address acts on nothing.

use std::path::PathBuf;

use rocket::http::uri::Origin;
use rocket::{get, routes, Route};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::Db;
use crate::editions::{admin_base, repo};
use crate::error::AppResult;
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    // `<rest..>` also matches nothing: `/admin/jury` itself.
    routes![candidatures_sub, candidatures_csv, jury_sub, resultats_sub, resultats_csv]
}

/// Where an old address goes: `/admin/editions/<year>/<tail>`, with `query` minus its
/// `edition` parameter (which chose the year). Pure.
pub fn new_location(year: i64, tail: &str, query: Option<&str>) -> String {
    let kept: Vec<(String, String)> = query
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes()).into_owned().filter(|(k, _)| k != "edition").collect()
        })
        .unwrap_or_default();
    let mut to = format!("{}/{}", admin_base(year), tail.trim_start_matches('/'));
    if !kept.is_empty() {
        let query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish();
        to.push('?');
        to.push_str(&query);
    }
    to
}

/// The year an old address meant: its `edition` parameter, else the current edition's.
fn year_asked(query: Option<&str>) -> Option<i64> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "edition")
        .and_then(|(_, v)| v.parse().ok())
}

async fn go(conn: &mut crate::db::Conn, uri: &Origin<'_>, tail: String) -> AppResult<Reply> {
    let query = uri.query().map(|q| q.as_str());
    let year = match year_asked(query) {
        Some(year) => Some(year),
        None => repo::current(conn).await?.map(|e| e.year),
    };
    Ok(match year {
        Some(year) => Reply::redirect(new_location(year, &tail, query)),
        // No current edition: the list of editions says so and lets one be chosen.
        None => Reply::redirect("/admin/editions"),
    })
}

fn tail(base: &str, rest: PathBuf) -> String {
    let rest = rest.to_string_lossy().replace('\\', "/");
    if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{rest}")
    }
}

#[get("/admin/candidatures/<rest..>", rank = 20)]
async fn candidatures_sub(
    _o: Organiser,
    mut conn: Connection<Db>,
    uri: &Origin<'_>,
    rest: PathBuf,
) -> AppResult<Reply> {
    go(&mut conn, uri, tail("candidatures", rest)).await
}

#[get("/admin/candidatures.csv", rank = 20)]
async fn candidatures_csv(_o: Organiser, mut conn: Connection<Db>, uri: &Origin<'_>) -> AppResult<Reply> {
    go(&mut conn, uri, "candidatures.csv".into()).await
}

/// `/admin/jury/jures…` (the jurors, who belong to no edition) keeps its own routes, which
/// rank before this one.
#[get("/admin/jury/<rest..>", rank = 20)]
async fn jury_sub(
    _o: Organiser,
    mut conn: Connection<Db>,
    uri: &Origin<'_>,
    rest: PathBuf,
) -> AppResult<Reply> {
    go(&mut conn, uri, tail("jury", rest)).await
}

#[get("/admin/resultats/<rest..>", rank = 20)]
async fn resultats_sub(
    _o: Organiser,
    mut conn: Connection<Db>,
    uri: &Origin<'_>,
    rest: PathBuf,
) -> AppResult<Reply> {
    go(&mut conn, uri, tail("resultats", rest)).await
}

#[get("/admin/resultats.csv", rank = 20)]
async fn resultats_csv(_o: Organiser, mut conn: Connection<Db>, uri: &Origin<'_>) -> AppResult<Reply> {
    go(&mut conn, uri, "resultats.csv".into()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_kept_but_the_year_it_named() {
        assert_eq!(new_location(2026, "jury", None), "/admin/editions/2026/jury");
        assert_eq!(
            new_location(2025, "candidatures", Some("edition=2025&etat=submitted&q=l%C3%A9o")),
            "/admin/editions/2025/candidatures?etat=submitted&q=l%C3%A9o"
        );
        assert_eq!(
            new_location(2026, "resultats.csv", Some("format=virgule")),
            "/admin/editions/2026/resultats.csv?format=virgule"
        );
        assert_eq!(year_asked(Some("edition=2025&x=1")), Some(2025));
        assert_eq!(year_asked(Some("edition=abc")), None);
        assert_eq!(year_asked(None), None);
    }
}
