//! Demo dossiers: the 2026 edition (open, with about 80 dossiers from real collectivités of
//! the reference in every state): accounts and dossiers made through the same workflows as the
//! web; organisations and their confirmed members are set directly.

use std::collections::HashSet;

use chrono::TimeZone;
use chrono_tz::Europe::Paris;

use super::dossiers::{self, DemoProject};
use crate::accounts::model::{DisplayName, Email, Role};
use crate::accounts::service::{self as accounts, NewAccount};
use crate::applications::model::{DossierContent, DossierState};
use crate::applications::repo::{self, NewOrganisation};
use crate::applications::service;
use crate::db::Conn;
use crate::editions::model::NewEdition;
use crate::editions::repo as editions;
use crate::reference::repo::{self as reference, Collectivite};

use super::SeedError;

/// Collectivités that file a dossier in the demo, by (kind, code): big cities, small
/// towns, intercommunalités, départements and régions from all over France.
pub(super) const APPLICANTS: [(&str, &str); 78] = [
    ("commune", "69266"), // Villeurbanne: the demo applicant's collectivité
    ("commune", "69123"),
    ("commune", "13055"),
    ("commune", "31555"),
    ("commune", "33063"),
    ("commune", "44109"),
    ("commune", "59350"),
    ("commune", "67482"),
    ("commune", "35238"),
    ("commune", "34172"),
    ("commune", "06088"),
    ("commune", "38185"),
    ("commune", "21231"),
    ("commune", "49007"),
    ("commune", "37261"),
    ("commune", "87085"),
    ("commune", "63113"),
    ("commune", "29019"),
    ("commune", "76540"),
    ("commune", "14118"),
    ("commune", "51454"),
    ("commune", "57463"),
    ("commune", "54395"),
    ("commune", "25056"),
    ("commune", "86194"),
    ("commune", "71014"),
    ("commune", "66136"),
    ("commune", "30189"),
    ("commune", "84007"),
    ("commune", "2A004"),
    ("commune", "97411"),
    ("commune", "97209"),
    ("commune", "22113"),
    ("commune", "56121"),
    ("commune", "17300"),
    ("commune", "79191"),
    ("commune", "24322"),
    ("commune", "46042"),
    ("commune", "12202"),
    ("commune", "81004"),
    ("commune", "65440"),
    ("commune", "09122"),
    ("commune", "05061"),
    ("commune", "73065"),
    ("commune", "74010"),
    ("commune", "01053"),
    ("commune", "23096"),
    ("commune", "70550"),
    ("commune", "88160"),
    ("commune", "08105"),
    ("commune", "71137"),
    ("commune", "26113"),
    ("commune", "32233"),
    ("commune", "56165"),
    ("commune", "61001"),
    ("commune", "46102"),
    ("commune", "63300"),
    ("commune", "41018"),
    ("commune", "66149"),
    ("commune", "07186"),
    ("commune", "12208"),
    ("commune", "43157"),
    ("commune", "48095"),
    ("commune", "37132"),
    ("commune", "04070"),
    ("epci", "200046977"),
    ("epci", "243100518"),
    ("epci", "244400404"),
    ("epci", "200040715"),
    ("epci", "242900314"),
    ("epci", "200067106"),
    ("epci", "200069193"),
    ("departement", "33"),
    ("departement", "59"),
    ("departement", "29"),
    ("departement", "74"),
    ("region", "53"),
    ("region", "76"),
];

/// Where the rotation of demo projects starts.
const PICK_SEED: usize = 4;

const FIRST_NAMES: [&str; 16] = [
    "Camille",
    "Nicolas",
    "Sandrine",
    "Stéphane",
    "Laure",
    "Benoît",
    "Aurélie",
    "Vincent",
    "Émilie",
    "Frédéric",
    "Marion",
    "Cédric",
    "Delphine",
    "Yannick",
    "Pauline",
    "Arnaud",
];
const LAST_NAMES: [&str; 16] = [
    "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
];

const INELIGIBLE_REASONS: [&str; 3] = [
    "Le projet n’est pas encore engagé : le règlement demande un démarrage effectif avant la clôture.",
    "Le dossier relève d’un prestataire privé et non de la collectivité candidate.",
    "Projet déjà distingué lors d’une édition précédente sans évolution notable depuis.",
];

/// The instant at this hour and minute, Paris time, on the day of `ts`: demo dates look
/// like office hours, not like the minute the demo was loaded.
pub(super) fn paris_time(ts: i64, hour: u32, minute: u32) -> i64 {
    let day = chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default().with_timezone(&Paris).date_naive();
    let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    Paris.from_local_datetime(&local).earliest().map_or(ts, |t| t.timestamp())
}

pub(super) fn slug_ascii(s: &str) -> String {
    crate::reference::search::normalise(s).replace(' ', "-")
}

pub(super) fn content_of(project: &DemoProject, kind: &str, contact: (&str, &str, &str)) -> DossierContent {
    let fill = |t: &str| dossiers::fill(t, kind);
    DossierContent {
        title: fill(project.title),
        category_slug: project.category.to_string(),
        summary: fill(project.summary),
        sections: [
            fill(project.context),
            fill(project.objectives),
            fill(project.realisation),
            fill(project.results),
            fill(project.innovation),
            fill(project.reproducibility),
            fill(project.sobriety),
            fill(project.participation),
        ],
        budget_euros: Some(project.budget_euros),
        funding: fill(project.funding),
        partners: fill(project.partners),
        project_state: Some(project.project_state.to_string()),
        start_date: Some(project.start_date.to_string()),
        video_url: project.video_url.to_string(),
        contact_name: contact.0.to_string(),
        contact_email: contact.1.to_string(),
        contact_phone: contact.2.to_string(),
    }
}

/// The project of the dossier in `slot`: its category in turn, a project not filed yet by
/// anyone where possible, never a category the collectivité has already used.
fn choose(
    slot: usize,
    kind: &str,
    used_categories: &[&str],
    used_titles: &HashSet<&str>,
) -> &'static DemoProject {
    let free = |p: &DemoProject| !used_categories.contains(&p.category);
    let fresh = (0..5)
        .flat_map(|shift| (0..12).map(move |k| dossiers::pick(PICK_SEED, slot + shift + 5 * k, kind)))
        .find(|p| free(p) && !used_titles.contains(p.title));
    fresh
        .or_else(|| (0..5).map(|shift| dossiers::pick(PICK_SEED, slot + shift, kind)).find(|p| free(p)))
        .unwrap_or_else(|| dossiers::pick(PICK_SEED, slot, kind))
}

/// What happens to the n-th demo dossier.
fn fate(index: usize) -> DossierState {
    match index % 8 {
        0 => DossierState::Draft,
        // In the jury phase most deposits are decided; a few still wait.
        1 if index % 16 == 1 => DossierState::Submitted,
        6 if index % 16 == 6 => DossierState::Ineligible,
        _ => DossierState::Eligible,
    }
}

/// Seeds the 2026 edition with its dossiers; `password_hash` is shared by the demo
/// collectivités' referent accounts (they are not among the printed logins).
pub async fn seed(
    conn: &mut Conn,
    organiser_id: i64,
    applicant_id: i64,
    password_hash: &str,
    now: i64,
) -> Result<(i64, usize), SeedError> {
    let day = 86_400;
    let edition = NewEdition {
        year: 2026,
        title: "Label Territoires Innovants 2026".into(),
        // The jury phase: applications closed ten days ago, scoring ends in three weeks.
        opens_at: paris_time(now - 120 * day, 9, 0),
        closes_at: paris_time(now - 10 * day, 23, 59),
        scoring_ends_at: paris_time(now + 24 * day, 23, 59),
        ceremony_at: Some(paris_time(now + 60 * day, 14, 30)),
        ceremony_place: "Palais des congrès de Lyon".into(),
        laureates_count: 25,
    };
    // The first edition of the database: it becomes the current one.
    let edition_id = crate::editions::service::create_edition(conn, &edition, organiser_id, now)
        .await?
        .ok_or(SeedError::Invalid("édition 2026 en double"))?
        .id;
    let categories = editions::categories(conn, edition_id).await?;
    let slugs: Vec<&str> = categories.iter().map(|c| c.slug.as_str()).collect();

    let mut count = 0;
    let mut used_titles = HashSet::new();
    for (index, (kind, code)) in APPLICANTS.iter().enumerate() {
        let collectivite: Collectivite = reference::by_kind_code(conn, kind, code)
            .await?
            .ok_or(SeedError::Invalid("collectivité de démonstration absente du référentiel"))?;
        let organisation_id = repo::create_organisation(
            conn,
            &NewOrganisation {
                collectivite_id: Some(collectivite.id),
                name: &collectivite.name,
                kind: &collectivite.kind,
                siren: collectivite.siren.as_deref(),
                departement: collectivite.departement.as_deref(),
                region: collectivite.region.as_deref(),
            },
            now - 80 * day,
        )
        .await?;
        // Communes are towns or villages, whose projects differ.
        let kind = match (*kind, collectivite.population) {
            ("commune", Some(population)) if population >= 30_000 => "ville",
            ("commune", _) => "bourg",
            (other, _) => other,
        };
        let first = FIRST_NAMES[index % FIRST_NAMES.len()];
        let last = LAST_NAMES[(index * 7 + 3) % LAST_NAMES.len()];
        // The demo applicant (first collectivité) is her dossiers' referent.
        let (contact_name, contact_email) = if index == 0 {
            ("Lucie Perrin".to_string(), "candidat@demo.test".to_string())
        } else {
            let domain = format!("{}.demo.test", slug_ascii(&collectivite.name));
            (format!("{first} {last}"), format!("{}.{}@{domain}", slug_ascii(first), slug_ascii(last)))
        };
        let phone = format!(
            "0{} {:02} {:02} {:02} {:02}",
            1 + index % 5,
            20 + index % 70,
            10 + index % 80,
            index % 100,
            (index * 13) % 100
        );

        // The demo applicant belongs to the first collectivité; the others get a referent.
        let author = if index == 0 {
            applicant_id
        } else {
            let email = Email::parse(&contact_email).map_err(SeedError::Invalid)?;
            let name = DisplayName::parse(&contact_name).map_err(SeedError::Invalid)?;
            let account = NewAccount { email: &email, name: &name, role: Role::Applicant };
            accounts::create_account_with_password(conn, &account, password_hash, now - 80 * day)
                .await?
                .ok_or(SeedError::Invalid("référent en double"))?
        };
        repo::set_member(conn, author, organisation_id, None, "Chef·fe de projet numérique", &phone, false)
            .await?;

        // The demo applicant has a draft and a submitted dossier; the others one each.
        let plan: Vec<DossierState> =
            if index == 0 { vec![DossierState::Draft, DossierState::Submitted] } else { vec![fate(index)] };
        let mut used_categories = Vec::new();
        for (n, state) in plan.into_iter().enumerate() {
            let project = choose(index + n * APPLICANTS.len(), kind, &used_categories, &used_titles);
            used_categories.push(project.category);
            used_titles.insert(project.title);
            let mut content =
                content_of(project, &collectivite.kind, (&contact_name, &contact_email, &phone));
            if state == DossierState::Draft {
                // Drafts are half-filled, as in real life.
                for section in content.sections.iter_mut().skip(4) {
                    section.clear();
                }
                content.funding.clear();
            }
            let category = categories
                .iter()
                .find(|c| c.slug == content.category_slug)
                .ok_or(SeedError::Invalid("catégorie de démonstration inconnue"))?;
            debug_assert!(slugs.contains(&category.slug.as_str()));
            let i = index as i64;
            let created_at = paris_time(now - (75 - i % 55) * day, 8 + (i % 10) as u32, (i * 7 % 60) as u32);
            let id = service::create_dossier(
                conn,
                edition_id,
                organisation_id,
                category.id,
                &content,
                author,
                created_at,
            )
            .await?
            .ok_or(SeedError::Invalid("deux dossiers dans une même catégorie"))?;
            count += 1;
            if state == DossierState::Draft {
                continue;
            }
            let submitted_at =
                paris_time(created_at + (3 + i % 7) * day, 9 + (i * 3 % 9) as u32, (i * 11 % 60) as u32);
            service::deposit(conn, id, author, submitted_at)
                .await?
                .ok_or(SeedError::Invalid("dossier de démonstration non déposé"))?;
            let decided_at = paris_time(submitted_at + 5 * day, 10 + (i % 7) as u32, (i * 13 % 60) as u32);
            match state {
                DossierState::Eligible => {
                    service::decide_eligibility(conn, id, true, "", organiser_id, decided_at).await?;
                }
                DossierState::Ineligible => {
                    let reason = INELIGIBLE_REASONS[index % INELIGIBLE_REASONS.len()];
                    service::decide_eligibility(conn, id, false, reason, organiser_id, decided_at).await?;
                }
                _ => {}
            }
        }
    }
    Ok((edition_id, count))
}
