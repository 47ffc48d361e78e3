//! The demo's finished 2025 edition: 40 eligible dossiers (8 per category) from collectivités
//! of the demo, reviewed in full by the twelve jurors, ranked, one justified change, and the
//! palmarès published with its 25 laureates and their certificates — all through the same
//! functions as the application.

use super::applications::{content_of, paris_time, slug_ascii, APPLICANTS};
use super::dossiers;
use super::SeedError;
use crate::applications::{repo, service as applications};
use crate::db::Conn;
use crate::editions::model::NewEdition;
use crate::editions::repo as editions;
use crate::jury::repo::criteria;
use crate::reference::repo as reference;
use crate::results::certificate::Level;
use crate::results::repo::{self as results, Comments};
use crate::results::service as results_service;

const PER_CATEGORY: usize = 8;

pub async fn seed(
    conn: &mut Conn,
    organiser_id: i64,
    juror_ids: &[i64],
    now: i64,
) -> Result<usize, SeedError> {
    let day = 86_400;
    let edition = NewEdition {
        year: 2025,
        title: "Label Territoires Innovants 2025".into(),
        opens_at: paris_time(now - 480 * day, 9, 0),
        closes_at: paris_time(now - 390 * day, 23, 59),
        scoring_ends_at: paris_time(now - 340 * day, 23, 59),
        ceremony_at: Some(paris_time(now - 320 * day, 14, 30)),
        ceremony_place: "Hôtel de Ville de Nantes".into(),
        laureates_count: 25,
    };
    let edition_id = crate::editions::service::create_edition(conn, &edition, organiser_id, now - 500 * day)
        .await?
        .ok_or(SeedError::Invalid("édition 2025 en double"))?
        .id;
    let categories = editions::categories(conn, edition_id).await?;
    let mut count = 0;
    let mut strong = Vec::new();
    for (c, category) in categories.iter().enumerate() {
        let candidates: Vec<&dossiers::DemoProject> =
            dossiers::projects().iter().filter(|p| p.category == category.slug).collect();
        let mut used: Vec<&str> = Vec::new();
        for n in 0..PER_CATEGORY {
            // Villeurbanne, the demo applicant's collectivité, first: it is a 2025 laureate.
            let index =
                if c == 0 && n == 0 { 0 } else { 1 + (c * PER_CATEGORY + n) * 37 % (APPLICANTS.len() - 1) };
            let (kind, code) = APPLICANTS[index];
            let collectivite = reference::by_kind_code(conn, kind, code)
                .await?
                .ok_or(SeedError::Invalid("collectivité de démonstration absente du référentiel"))?;
            let organisation = repo::organisation_by_collectivite(conn, collectivite.id)
                .await?
                .ok_or(SeedError::Invalid("collectivité 2025 sans organisation"))?;
            let member = repo::members(conn, organisation.id)
                .await?
                .into_iter()
                .next()
                .ok_or(SeedError::Invalid("collectivité 2025 sans compte"))?;
            let kind_for_texts = match (kind, collectivite.population) {
                ("commune", Some(p)) if p >= 30_000 => "ville",
                ("commune", _) => "bourg",
                (other, _) => other,
            };
            // A project that suits the collectivité and that no one filed in this category yet.
            let project = candidates
                .iter()
                .find(|p| p.suits(kind_for_texts) && !used.contains(&p.title))
                .or_else(|| candidates.iter().find(|p| !used.contains(&p.title)))
                .copied()
                .unwrap_or(candidates[n % candidates.len()]);
            used.push(project.title);
            let domain = format!("{}.demo.test", slug_ascii(&collectivite.name));
            let contact =
                (member.display_name.clone(), format!("numerique@{domain}"), "01 23 45 67 89".to_string());
            let content = content_of(project, &collectivite.kind, (&contact.0, &contact.1, &contact.2));
            let created_at = paris_time(
                now - (470 - (count as i64 % 60)) * day,
                9 + (count % 8) as u32,
                5 * (count % 12) as u32,
            );
            let id = applications::create_dossier(
                conn,
                edition_id,
                organisation.id,
                category.id,
                &content,
                member.user_id,
                created_at,
            )
            .await?
            .ok_or(SeedError::Invalid("deux dossiers 2025 dans une même catégorie"))?;
            let submitted_at = created_at + 6 * day;
            applications::deposit(conn, id, member.user_id, submitted_at)
                .await?
                .ok_or(SeedError::Invalid("dossier 2025 non déposé"))?;
            let decided_at = paris_time(now - 385 * day, 11, 0);
            applications::decide_eligibility(conn, id, true, "", organiser_id, decided_at).await?;
            if index == 0 {
                strong.push(id);
            }
            count += 1;
        }
    }

    // The jury: charter, conflicts, the assignment, every review submitted.
    let edition = editions::by_id(conn, edition_id).await?.ok_or(SeedError::Invalid("édition disparue"))?;
    for id in juror_ids {
        crate::jury::service::accept_charter(conn, *id, &edition, now - 384 * day).await?;
    }
    let solution =
        super::jury::assign_and_publish(conn, &edition, organiser_id, 2025, now - 384 * day).await?;
    let (_, rows) = criteria::rubric(conn, &edition).await?;
    super::jury::simulate_reviews(
        conn,
        edition_id,
        &solution.pairs,
        juror_ids,
        &rows,
        2025,
        true,
        None,
        &strong,
        now - 350 * day,
    )
    .await?;

    // The deliberation and the published palmarès.
    let mut settings = results::settings(conn, edition_id).await?;
    settings.signatories = vec![
        ("Marie-Claire Delorme".into(), "Présidente de l’association".into()),
        ("Antoine Ferrand".into(), "Président du jury 2025".into()),
    ];
    results::save_settings(conn, edition_id, &settings, now - 330 * day).await?;
    let d = results_service::deliberate(conn, &edition, Comments::Skip).await?;
    // One justified change, as deliberations go: the first Bronze of the first category is raised.
    if let Some(p) = d.deliberation.proposals.laureates.iter().find(|p| p.level == Level::Bronze) {
        let change = results_service::AdjustmentText {
            dossier_id: p.dossier,
            action: "niveau",
            level: Level::Argent.as_str(),
            justification: "Le jury unanime relève l’essaimage déjà engagé dans trois communes voisines, que la grille ne mesure pas.",
        };
        results_service::record_adjustment(conn, &edition, &change, organiser_id, now - 325 * day)
            .await?
            .map_err(|e| SeedError::Invalid(e[0].1))?;
    }
    let year = edition.year.to_string();
    let request = results_service::PublishRequest { typed_year: &year, note: "", justification: "" };
    results_service::publish(conn, &edition, &request, organiser_id, now - 321 * day)
        .await?
        .map_err(|refused| SeedError::Invalid(refused.refusals[0].1))?;
    Ok(count)
}
