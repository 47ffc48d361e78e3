//! Public pages: the palmarès of an edition (`/palmares/<year>`, `.csv`, `.json`, open data
//! with stable columns) and the verification of a certificate (`/certificats/<code>`, `.pdf`).
//! Nothing is visible before the results are published.

use rocket::http::{ContentType, Status};
use rocket::{get, routes, Route};
use rocket_db_pools::Connection;
use serde::Serialize;

use crate::db::{Conn, Db};
use crate::editions::model::Edition;
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::results::certificate::{render, well_formed};
use crate::results::core::open_data::COLUMNS;
use crate::results::publications::{self, LaureateRow, Publication};
use crate::results::service;
use crate::results::views::{CertificatePage, Palmares, PalmaresIndex, PublishedYear, Verified};
use crate::spreadsheet::{cell, cell_opt};
use crate::web::page::Page;
use crate::web::view::{Html, View};
use crate::web::{BaseUrl, Download, Reply};

pub fn routes() -> Vec<Route> {
    routes![index, palmares, certificate]
}

#[derive(Debug, Serialize)]
struct OpenRow {
    annee: i64,
    version: i64,
    publie_le: String,
    categorie: String,
    niveau: String,
    rang: Option<i64>,
    collectivite: String,
    siren: Option<String>,
    departement: Option<String>,
    reference: String,
    titre: String,
    resume: String,
}

/// `/palmares/<year>.json`.
#[derive(Debug, Serialize)]
struct OpenData<'a> {
    annee: i64,
    titre: &'a str,
    version: i64,
    publie_le: String,
    methode: &'a str,
    correction: Option<&'a str>,
    ceremonie: Ceremony<'a>,
    colonnes: [&'static str; 12],
    laureats: Vec<OpenRow>,
}

#[derive(Debug, Serialize)]
struct Ceremony<'a> {
    date: Option<String>,
    lieu: &'a str,
}

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|d| d.to_rfc3339()).unwrap_or_default()
}

impl OpenRow {
    /// The row for the CSV form: every text cell made safe for spreadsheets (the JSON form
    /// keeps the text as is).
    fn for_spreadsheet(self) -> OpenRow {
        let text = |s: String| cell(&s).into_owned();
        OpenRow {
            publie_le: text(self.publie_le),
            categorie: text(self.categorie),
            niveau: text(self.niveau),
            collectivite: text(self.collectivite),
            siren: cell_opt(self.siren.as_deref()),
            departement: cell_opt(self.departement.as_deref()),
            reference: text(self.reference),
            titre: text(self.titre),
            resume: text(self.resume),
            ..self
        }
    }
}

fn open_rows(edition: &Edition, p: &Publication, laureates: &[LaureateRow]) -> Vec<OpenRow> {
    laureates
        .iter()
        .map(|l| OpenRow {
            annee: edition.year,
            version: p.version,
            publie_le: iso(p.published_at),
            categorie: l.category_name.clone(),
            niveau: l.level.clone(),
            rang: l.rank,
            collectivite: l.collectivite.clone(),
            siren: l.siren.clone(),
            departement: l.departement.clone(),
            reference: l.reference.clone(),
            titre: l.title.clone(),
            resume: l.summary.clone(),
        })
        .collect()
}

async fn published(conn: &mut Conn, year: i64) -> AppResult<(Edition, Publication, Vec<LaureateRow>)> {
    let edition = editions::by_year(conn, year).await?.ok_or(AppError::NotFound)?;
    let p = publications::latest(conn, edition.id).await?.ok_or(AppError::NotFound)?;
    let laureates = publications::laureates(conn, p.id).await?;
    Ok((edition, p, laureates))
}

#[get("/palmares")]
async fn index(page: Page, mut conn: Connection<Db>) -> AppResult<Html> {
    let mut years = Vec::new();
    for edition in editions::list(&mut conn).await? {
        if let Some(publication) = publications::latest(&mut conn, edition.id).await? {
            years.push(PublishedYear { edition, publication });
        }
    }
    Ok(PalmaresIndex { page: &page, years }.html())
}

#[get("/palmares/<file>")]
async fn palmares(page: Page, mut conn: Connection<Db>, file: &str) -> AppResult<Reply> {
    let (year, extension) = file.split_once('.').map_or((file, ""), |(y, e)| (y, e));
    let year: i64 = year.parse().map_err(|_| AppError::NotFound)?;
    let (edition, p, laureates) = published(&mut conn, year).await?;
    match extension {
        "" => {
            let history = publications::publications(&mut conn, edition.id).await?;
            Ok(Reply::page(Palmares::new(&page, &edition, p, history, laureates).html()))
        }
        "csv" => {
            let mut out = "\u{FEFF}".as_bytes().to_vec();
            {
                let mut w = csv::WriterBuilder::new().delimiter(b';').has_headers(true).from_writer(&mut out);
                for row in open_rows(&edition, &p, &laureates) {
                    w.serialize(row.for_spreadsheet()).map_err(AppError::internal)?;
                }
                w.flush().map_err(AppError::internal)?;
            }
            if laureates.is_empty() {
                out.extend_from_slice(COLUMNS.join(";").as_bytes());
                out.push(b'\n');
            }
            Ok(download(
                out,
                ContentType::new("text", "csv").with_params(("charset", "utf-8")),
                format!("palmares-{year}.csv"),
            ))
        }
        "json" => {
            let body = OpenData {
                annee: edition.year,
                titre: &edition.title,
                version: p.version,
                publie_le: iso(p.published_at),
                methode: &p.method,
                correction: (!p.note.is_empty()).then_some(p.note.as_str()),
                ceremonie: Ceremony { date: edition.ceremony_at.map(iso), lieu: &edition.ceremony_place },
                colonnes: COLUMNS,
                laureats: open_rows(&edition, &p, &laureates),
            };
            let bytes = serde_json::to_vec_pretty(&body).map_err(AppError::internal)?;
            Ok(download(bytes, ContentType::JSON, format!("palmares-{year}.json")))
        }
        _ => Err(AppError::NotFound),
    }
}

fn download(bytes: Vec<u8>, content_type: ContentType, file_name: String) -> Reply {
    Reply::Download(Box::new(Download { bytes, content_type, file_name }))
}

#[get("/certificats/<file>")]
async fn certificate(
    page: Page,
    base: BaseUrl,
    config: &rocket::State<crate::config::AppConfig>,
    mut conn: Connection<Db>,
    file: &str,
) -> AppResult<Reply> {
    let (code, extension) = file.split_once('.').map_or((file, ""), |(c, e)| (c, e));
    let code = code.to_uppercase();
    let found = if well_formed(&code) { publications::by_code(&mut conn, &code).await? } else { None };
    let Some(found) = found else {
        if extension == "pdf" {
            return Err(AppError::NotFound);
        }
        let view = CertificatePage { page: &page, code: file.to_string(), found: None };
        return Ok(Reply::status(Status::NotFound, view.html()));
    };
    let edition =
        editions::by_id(&mut conn, found.publication.edition_id).await?.ok_or(AppError::NotFound)?;
    match extension {
        "" => {
            let latest = publications::latest(&mut conn, edition.id).await?;
            let verified = Verified {
                laureate: found.laureate,
                publication: found.publication,
                current: found.current,
                latest_version: latest.map(|l| l.version),
                edition_title: edition.title,
                year: edition.year,
            };
            Ok(Reply::page(
                CertificatePage { page: &page, code: file.to_string(), found: Some(verified) }.html(),
            ))
        }
        "pdf" if found.current => {
            let data =
                service::certificate(&mut conn, &found.laureate, &edition, &base.0, config.logo()).await?;
            let bytes = render(&data);
            Ok(download(
                bytes,
                ContentType::PDF,
                format!("certificat-{}-{}.pdf", edition.year, found.laureate.reference),
            ))
        }
        _ => Err(AppError::NotFound),
    }
}
