//! The demo's jury phase for 2026: the twelve jurors' profiles (élus and agents of real
//! collectivités, hence some conflicts of interest; experts and partners from elsewhere),
//! the charter, the published assignment computed by the real solver, and reviews —
//! about two thirds submitted, some drafts, a few corrected — with plausible scores and
//! French comments.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::SeedError;
use crate::db::Conn;
use crate::editions::repo as editions;
use crate::jury::core::assignment;
use crate::jury::repo::criteria;
use crate::jury::repo::jurors::{self, Profile};
use crate::jury::repo::reviews::{self, Mark, ReviewInput};
use crate::jury::service;
use crate::reference::repo as reference;

/// (kind, collectivité of the reference as (kind, code), or another organisation, preferred categories).
type JurorProfile =
    (&'static str, Result<(&'static str, &'static str), &'static str>, &'static [&'static str]);

const PROFILES: [JurorProfile; 12] = [
    ("elu", Ok(("epci", "200046977")), &["innovation-citoyenne", "territoires-inclusifs"]),
    ("agent", Ok(("commune", "31555")), &["modernisation-service-public"]),
    ("expert", Err("Cerema"), &["territoire-intelligent-responsable", "numerique-responsable"]),
    ("partenaire", Err("Banque des Territoires"), &[]),
    ("elu", Ok(("departement", "33")), &["territoires-inclusifs"]),
    ("agent", Ok(("commune", "35238")), &["numerique-responsable"]),
    ("expert", Err("Inria"), &["territoire-intelligent-responsable"]),
    ("agent", Ok(("epci", "244400404")), &["modernisation-service-public"]),
    ("expert", Err("Association Villes Internet"), &["innovation-citoyenne"]),
    ("partenaire", Err("Agence nationale de la cohésion des territoires"), &["territoires-inclusifs"]),
    ("elu", Ok(("commune", "74010")), &["numerique-responsable"]),
    ("expert", Err("Université de Strasbourg"), &["modernisation-service-public"]),
];

const STRONG: [&str; 6] = [
    "Démarche exemplaire, résultats mesurés et documentés.",
    "Très convaincant : les usagers ont été associés à chaque étape.",
    "Solution ouverte et déjà reprise ailleurs, un vrai modèle.",
    "Impact démontré chiffres à l’appui, gouvernance claire.",
    "Approche sobre et bien pensée, transposable telle quelle.",
    "Partenariats solides et pilotage rigoureux.",
];
const MIDDLE: [&str; 6] = [
    "Projet intéressant mais les résultats restent à consolider.",
    "Bonne intention ; la reproductibilité est peu documentée.",
    "Des éléments probants, d’autres seulement annoncés.",
    "Mise en œuvre correcte, l’apport innovant est limité.",
    "Les usagers sont consultés mais peu associés à la conception.",
    "Budget cohérent ; l’évaluation d’impact manque de recul.",
];
const WEAK: [&str; 5] = [
    "Le dossier décrit surtout des intentions.",
    "Peu d’éléments sur l’impact réel pour les habitants.",
    "Solution propriétaire difficile à reprendre.",
    "La dimension environnementale n’est pas traitée.",
    "Gouvernance et partenaires peu explicites.",
];
const OVERALL_STRONG: [&str; 4] = [
    "Un projet abouti et inspirant, qui coche toutes les cases du label. Je recommande vivement sa distinction.",
    "Dossier remarquable par la qualité de la démarche et la mesure des résultats ; un candidat sérieux au palmarès.",
    "Très belle initiative, sobre et reproductible, portée par une équipe qui a su embarquer ses partenaires.",
    "Projet solide et documenté, dont d’autres collectivités pourraient s’inspirer dès demain.",
];
const OVERALL_MIDDLE: [&str; 4] = [
    "Projet pertinent pour le territoire, mais encore jeune : les effets annoncés demandent à être confirmés.",
    "Une démarche honnête et utile, sans caractère vraiment innovant ; la documentation gagnerait à être partagée.",
    "Des points forts réels sur le service rendu, des faiblesses sur la sobriété et l’ouverture de la solution.",
    "Bon dossier dans l’ensemble, qui mériterait des indicateurs d’impact plus précis.",
];
const OVERALL_WEAK: [&str; 3] = [
    "Le dossier manque d’éléments concrets pour juger de l’impact ; il décrit davantage un projet qu’une réalisation.",
    "Initiative sympathique mais peu transposable, et la participation des usagers n’est pas démontrée.",
    "Projet encore au stade de l’intention, à représenter l’an prochain avec des résultats.",
];

/// A dossier's intrinsic quality on the 0–5 scale, stable for a given id.
fn quality(dossier: i64) -> f64 {
    let h = (dossier as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    1.6 + 2.9 * (h % 1000) as f64 / 1000.0
}

/// Computes the assignment with the jury's own workflow (the seed recorded in the edition's
/// settings), stores it at `at` and publishes it a day later.
pub(super) async fn assign_and_publish(
    conn: &mut Conn,
    edition: &crate::editions::model::Edition,
    organiser_id: i64,
    seed: u64,
    at: i64,
) -> Result<assignment::Solution, SeedError> {
    let edition = if edition.assignment_seed as u64 == seed {
        edition.clone()
    } else {
        let (k, scope) = (edition.reviewers_per_dossier, edition.scope());
        service::change_settings(conn, edition, k, scope, seed as i64, at).await?;
        editions::by_id(conn, edition.id).await?.ok_or(SeedError::Invalid("édition disparue"))?
    };
    let computed = service::compute_assignment(conn, &edition, organiser_id, at)
        .await?
        .map_err(|_| SeedError::Invalid("affectation impossible : ni dossier ni juré"))?;
    service::publish_assignment(conn, &edition, at + 86_400)
        .await?
        .map_err(|_| SeedError::Invalid("affectation non publiée"))?;
    Ok(computed.solution)
}

/// Extra jurors of a scaled demo: experts and partners from elsewhere.
const EXTRA_PROFILES: [JurorProfile; 4] = [
    ("expert", Err("Expert indépendant"), &[]),
    ("partenaire", Err("Réseau des territoires numériques"), &[]),
    ("expert", Err("Laboratoire d’innovation publique"), &[]),
    ("partenaire", Err("Opérateur public de services numériques"), &[]),
];

/// `complete`: every review submitted (scaled demo); otherwise about two thirds.
pub async fn seed(
    conn: &mut Conn,
    edition_id: i64,
    juror_ids: &[i64],
    organiser_id: i64,
    complete: bool,
    now: i64,
) -> Result<(), SeedError> {
    let day = 86_400;
    let edition = editions::by_id(conn, edition_id).await?.ok_or(SeedError::Invalid("édition disparue"))?;
    let profiles = PROFILES.iter().chain(EXTRA_PROFILES.iter().cycle());
    for (id, (kind, affiliation, preferred)) in juror_ids.iter().zip(profiles) {
        let (collectivite_id, name) = match affiliation {
            Ok((kind, code)) => {
                let c = reference::by_kind_code(conn, kind, code)
                    .await?
                    .ok_or(SeedError::Invalid("collectivité d’un juré absente du référentiel"))?;
                (Some(c.id), c.name)
            }
            Err(other) => (None, (*other).to_string()),
        };
        let profile = Profile {
            collectivite_id,
            affiliation: name,
            kind: (*kind).to_string(),
            preferred: preferred.iter().map(|s| (*s).to_string()).collect(),
        };
        jurors::save_profile(conn, *id, &profile, now - 30 * day).await?;
        service::accept_charter(conn, *id, &edition, now - 8 * day + id * 3600).await?;
    }
    let solution =
        assign_and_publish(conn, &edition, organiser_id, edition.assignment_seed as u64, now - 9 * day)
            .await?;

    // Hélène Dubois (Villes Internet) declared a conflict on a dossier she had not opened.
    let helene = juror_ids.get(8).copied();
    let declared = solution.pairs.iter().rev().find(|(j, _)| Some(*j) == helene).copied();
    let (_, rows) = criteria::rubric(conn, &edition).await?;
    let declared = if complete { None } else { declared };
    simulate_reviews(conn, edition_id, &solution.pairs, juror_ids, &rows, 2026, complete, declared, &[], now)
        .await?;
    if let Some((juror, dossier)) = declared {
        let reason = "J’ai accompagné cette collectivité dans la conception du projet lors d’un atelier Villes Internet en 2025.";
        service::declare_conflict(conn, &edition, juror, dossier, reason, now - 6 * day).await?;
    }
    Ok(())
}

/// Reviews for `pairs` with plausible scores (each dossier has a quality, each juror a
/// severity) and French comments. `complete`: every review submitted; otherwise about two
/// thirds submitted, one in eight a draft, the rest not started. `skip`: a pair left alone;
/// `strong`: dossiers the jury finds excellent.
#[allow(clippy::too_many_arguments)]
pub(super) async fn simulate_reviews(
    conn: &mut Conn,
    edition_id: i64,
    pairs: &[(i64, i64)],
    juror_ids: &[i64],
    rows: &[crate::jury::repo::criteria::CriterionRow],
    seed: u64,
    complete: bool,
    skip: Option<(i64, i64)>,
    strong: &[i64],
    now: i64,
) -> Result<(), SeedError> {
    let day = 86_400;
    let mut rng = StdRng::seed_from_u64(seed);
    let severity: Vec<f64> = juror_ids.iter().map(|_| rng.gen_range(-0.7..0.7)).collect();
    for (n, (juror, dossier)) in pairs.iter().enumerate() {
        if Some((*juror, *dossier)) == skip {
            continue;
        }
        // About two thirds submitted, one in eight a draft, the rest not started.
        let roll = if complete { 0 } else { rng.gen_range(0..24) };
        if roll >= 19 {
            continue;
        }
        let submit = roll < 16;
        let offset = severity[juror_ids.iter().position(|j| j == juror).unwrap_or(0)];
        let q = if strong.contains(dossier) { 4.4 } else { quality(*dossier) } + offset;
        let mut input = ReviewInput::default();
        for (i, c) in rows.iter().enumerate() {
            let partial = !submit && i >= 3;
            let score = (q + rng.gen_range(-0.9..0.9)).round().clamp(0.0, 5.0) as i64;
            let comment = if rng.gen_bool(0.35) {
                match score {
                    4.. => STRONG[rng.gen_range(0..STRONG.len())],
                    2..=3 => MIDDLE[rng.gen_range(0..MIDDLE.len())],
                    _ => WEAK[rng.gen_range(0..WEAK.len())],
                }
            } else {
                ""
            };
            let mark =
                if partial { Mark::default() } else { Mark { score: Some(score), comment: comment.into() } };
            input.marks.insert(c.id, mark);
        }
        input.overall_comment = if submit || rng.gen_bool(0.3) {
            match q {
                q if q >= 3.6 => OVERALL_STRONG[n % OVERALL_STRONG.len()],
                q if q >= 2.4 => OVERALL_MIDDLE[n % OVERALL_MIDDLE.len()],
                _ => OVERALL_WEAK[n % OVERALL_WEAK.len()],
            }
            .to_string()
        } else {
            String::new()
        };
        let started = now - rng.gen_range(1..8) * day - rng.gen_range(0..8 * 3600);
        if submit && rng.gen_bool(0.3) {
            // Started as a draft first: the audit log shows both steps.
            let mut draft = input.clone();
            for mark in draft.marks.values_mut().skip(2) {
                *mark = Mark::default();
            }
            reviews::save(conn, edition_id, *dossier, *juror, rows, &draft, false, started - 2 * day).await?;
        }
        reviews::save(conn, edition_id, *dossier, *juror, rows, &input, submit, started).await?;
        if submit && rng.gen_bool(0.1) {
            // Corrected afterwards: one score moves by a point.
            if let Some(mark) = input.marks.values_mut().next() {
                mark.score = mark.score.map(|s| if s >= 5 { s - 1 } else { s + 1 });
            }
            reviews::save(conn, edition_id, *dossier, *juror, rows, &input, true, started + 3600).await?;
        }
    }
    Ok(())
}
