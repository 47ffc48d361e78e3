//! A scaled demo for load tests and benchmarks: more eligible dossiers in the 2026 edition,
//! from towns of the reference, and more jurors.

use super::applications::{content_of, paris_time, slug_ascii};
use super::dossiers;
use super::SeedError;
use crate::accounts::model::{DisplayName, Email, Role};
use crate::accounts::repo as accounts;
use crate::applications::repo::{self, NewOrganisation};
use crate::applications::service;
use crate::db::Conn;
use crate::editions::repo as editions;
use crate::reference::repo::Collectivite;

/// Adds `count` eligible dossiers to the edition, each from a town of the reference that has
/// not applied yet, in the categories in turn. Returns how many were added.
pub async fn dossiers(
    conn: &mut Conn,
    edition_id: i64,
    count: usize,
    organiser_id: i64,
    password_hash: &str,
    now: i64,
) -> Result<usize, SeedError> {
    if count == 0 {
        return Ok(0);
    }
    let day = 86_400;
    let categories = editions::categories(conn, edition_id).await?;
    // Towns of any size without an organisation yet, largest first (34 969 communes: a
    // 10 000-dossier demo gets what it asks for).
    let towns: Vec<Collectivite> = sqlx::query_as(
        "SELECT id, kind, epci_type, code, siren, name, population, departement, region, epci_siren, postcodes \
         FROM collectivites c WHERE kind = 'commune' AND obsolete = 0 AND siren IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.collectivite_id = c.id) \
         ORDER BY COALESCE(population, 0) DESC, code LIMIT $1",
    )
    .bind(2 * count as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut added = 0;
    for (i, town) in towns.iter().enumerate() {
        if added == count {
            break;
        }
        let organisation_id = repo::create_organisation(
            conn,
            &NewOrganisation {
                collectivite_id: Some(town.id),
                name: &town.name,
                kind: "commune",
                siren: town.siren.as_deref(),
                departement: town.departement.as_deref(),
                region: town.region.as_deref(),
            },
            now - 90 * day,
        )
        .await?;
        let email = Email::parse(&format!("numerique@{}.demo.test", slug_ascii(&town.name)))
            .map_err(SeedError::Invalid)?;
        let name = DisplayName::parse(&format!("Référent numérique de {}", town.name))
            .map_err(SeedError::Invalid)?;
        let user = accounts::NewUser {
            email: &email,
            display_name: name.as_str(),
            role: Role::Applicant,
            password_hash: Some(password_hash),
        };
        // Two towns of the same name share an address: the second gets a numbered one. Looked up
        // first, not caught as a unique violation, which would abort the transaction on PostgreSQL.
        let taken = accounts::find_by_email(conn, email.as_str()).await?.is_some();
        let author = match (!taken).then_some(()) {
            Some(()) => accounts::insert(conn, &user, now - 90 * day)
                .await?
                .ok_or(SeedError::Invalid("référent en double"))?,
            None => {
                let email = Email::parse(&format!(
                    "numerique-{}@{}.demo.test",
                    town.code.to_lowercase(),
                    slug_ascii(&town.name)
                ))
                .map_err(SeedError::Invalid)?;
                let user = accounts::NewUser { email: &email, ..user };
                accounts::insert(conn, &user, now - 90 * day)
                    .await?
                    .ok_or(SeedError::Invalid("référent en double"))?
            }
        };
        repo::set_member(
            conn,
            author,
            organisation_id,
            None,
            "Chef·fe de projet numérique",
            "01 23 45 67 89",
            false,
        )
        .await?;
        let category = &categories[i % categories.len()];
        let kind = if town.population.unwrap_or(0) >= 30_000 { "ville" } else { "bourg" };
        let project = dossiers::pick(7, i, kind);
        let project = if project.category == category.slug {
            project
        } else {
            dossiers::projects().iter().filter(|p| p.category == category.slug).nth(i % 7).unwrap_or(project)
        };
        let mut content = content_of(project, "commune", (name.as_str(), email.as_str(), "01 23 45 67 89"));
        content.category_slug = category.slug.clone();
        let created_at = paris_time(now - (70 - (i as i64 % 50)) * day, 10, 0);
        let Some(id) = service::create_dossier(
            conn,
            edition_id,
            organisation_id,
            category.id,
            &content,
            author,
            created_at,
        )
        .await?
        else {
            continue;
        };
        service::deposit(conn, id, author, created_at + 2 * day)
            .await?
            .ok_or(SeedError::Invalid("dossier de démonstration non déposé"))?;
        service::decide_eligibility(conn, id, true, "", organiser_id, created_at + 7 * day).await?;
        added += 1;
    }
    Ok(added)
}

/// Creates `count` extra juror accounts (`jure-sup-N@demo.test`, the demo password).
pub async fn jurors(
    conn: &mut Conn,
    count: usize,
    password_hash: &str,
    now: i64,
) -> Result<Vec<i64>, SeedError> {
    let mut ids = Vec::with_capacity(count);
    for n in 1..=count {
        let email = Email::parse(&format!("jure-sup-{n}@demo.test")).map_err(SeedError::Invalid)?;
        let name = format!("Juré supplémentaire {n}");
        let user = accounts::NewUser {
            email: &email,
            display_name: &name,
            role: Role::Juror,
            password_hash: Some(password_hash),
        };
        ids.push(accounts::insert(conn, &user, now).await?.ok_or(SeedError::Invalid("juré en double"))?);
    }
    Ok(ids)
}
