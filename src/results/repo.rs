//! SQL of the results: the edition's ranking settings, and the inputs of the ranking
//! (eligible dossiers, submitted reviews of pairs without an active conflict).

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::FromRow;

use super::laureates::LevelRule;
use super::ranking::{Aggregate, DossierIn, ReviewIn, Settings, TieRule};
use crate::db::Conn;
use crate::editions::model::Edition;
use crate::jury::repo::criteria;
use crate::jury::rubric::{eliminated_by, weighted_score, Rubric};

/// An edition's ranking settings and laureate rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsSettings {
    pub ranking: Settings,
    pub laureates_per_category: usize,
    pub level_rule: LevelRule,
    /// (name, function) of who signs the certificates.
    pub signatories: Vec<(String, String)>,
}

#[derive(FromRow)]
struct Row {
    aggregate: String,
    severity_correction: i64,
    min_reviews: i64,
    tie_rules: String,
    disagreement_threshold: i64,
    laureates_per_category: i64,
    level_rule: String,
    signatories: String,
}

pub async fn settings(conn: &mut Conn, edition_id: i64, now: i64) -> sqlx::Result<ResultsSettings> {
    sqlx::query("INSERT INTO results_settings (edition_id, updated_at) VALUES ($1, $2) ON CONFLICT (edition_id) DO NOTHING")
        .bind(edition_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let row: Row = sqlx::query_as(
        "SELECT aggregate, severity_correction, min_reviews, tie_rules, disagreement_threshold, \
         laureates_per_category, level_rule, signatories FROM results_settings WHERE edition_id = $1",
    )
    .bind(edition_id)
    .fetch_one(conn)
    .await?;
    let defaults = Settings::default();
    Ok(ResultsSettings {
        ranking: Settings {
            aggregate: Aggregate::parse(&row.aggregate).unwrap_or_default(),
            severity_correction: row.severity_correction == 1,
            min_reviews: row.min_reviews.max(1) as usize,
            tie_rules: serde_json::from_str::<Vec<TieRule>>(&row.tie_rules).unwrap_or(defaults.tie_rules),
            disagreement_threshold: row.disagreement_threshold as f64,
            full_weight_reviews: defaults.full_weight_reviews,
        },
        laureates_per_category: row.laureates_per_category.max(0) as usize,
        level_rule: serde_json::from_str(&row.level_rule).unwrap_or_default(),
        signatories: serde_json::from_str(&row.signatories).unwrap_or_default(),
    })
}

pub async fn save_settings(
    conn: &mut Conn,
    edition_id: i64,
    s: &ResultsSettings,
    now: i64,
) -> sqlx::Result<()> {
    settings(conn, edition_id, now).await?;
    sqlx::query(
        "UPDATE results_settings SET aggregate = $2, severity_correction = $3, min_reviews = $4, tie_rules = $5, \
         disagreement_threshold = $6, laureates_per_category = $7, level_rule = $8, updated_at = $9, \
         signatories = $10 WHERE edition_id = $1",
    )
    .bind(edition_id)
    .bind(s.ranking.aggregate.as_str())
    .bind(i64::from(s.ranking.severity_correction))
    .bind(s.ranking.min_reviews as i64)
    .bind(serde_json::to_string(&s.ranking.tie_rules).unwrap_or_else(|_| "[]".into()))
    .bind(s.ranking.disagreement_threshold.round() as i64)
    .bind(s.laureates_per_category as i64)
    .bind(serde_json::to_string(&s.level_rule).unwrap_or_else(|_| "{}".into()))
    .bind(now)
    .bind(serde_json::to_string(&s.signatories).unwrap_or_else(|_| "[]".into()))
    .execute(conn)
    .await?;
    Ok(())
}

/// A dossier as the results pages show it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct DossierLine {
    pub id: i64,
    pub category_slug: String,
    pub siren: Option<String>,
    pub departement: Option<String>,
    pub reference: Option<String>,
    pub title: String,
    pub summary: String,
    pub organisation: String,
    pub category_id: i64,
    pub category: String,
    pub category_position: i64,
}

/// Everything the ranking needs, and what the pages show beside it.
pub struct Inputs {
    pub rubric: Rubric,
    pub dossiers: Vec<DossierIn>,
    pub reviews: Vec<ReviewIn>,
    pub lines: Vec<DossierLine>,
    pub jurors: BTreeMap<i64, String>,
    /// Comments of each review: (dossier, juror) → (overall comment, per-criterion comments by slug).
    pub comments: BTreeMap<(i64, i64), (String, BTreeMap<String, String>)>,
}

pub async fn inputs(conn: &mut Conn, edition: &Edition) -> sqlx::Result<Inputs> {
    let (rubric, rows) = criteria::rubric(conn, edition).await?;
    let lines: Vec<DossierLine> = sqlx::query_as(
        "SELECT d.id, c.slug AS category_slug, o.siren, o.departement, d.reference, d.title, d.summary, \
         o.name AS organisation, c.id AS category_id, \
         c.name AS category, c.position AS category_position \
         FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
         WHERE d.edition_id = $1 AND d.state = 'eligible' ORDER BY c.position, d.number, d.id",
    )
    .bind(edition.id)
    .fetch_all(&mut *conn)
    .await?;
    let marks: Vec<(i64, i64, String, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT r.dossier_id, r.juror_id, r.overall_comment, s.criterion_id, s.score, s.comment \
         FROM reviews r JOIN review_scores s ON s.review_id = r.id JOIN dossiers d ON d.id = r.dossier_id \
         WHERE r.edition_id = $1 AND r.state = 'submitted' AND d.state = 'eligible' \
         AND NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.juror_id = r.juror_id AND k.dossier_id = r.dossier_id \
                         AND k.lifted_at IS NULL)",
    )
    .bind(edition.id)
    .fetch_all(&mut *conn)
    .await?;
    let slug_of: BTreeMap<i64, &str> = rows.iter().map(|c| (c.id, c.slug.as_str())).collect();
    let mut scores: BTreeMap<(i64, i64), BTreeMap<String, i64>> = BTreeMap::new();
    let mut comments: BTreeMap<(i64, i64), (String, BTreeMap<String, String>)> = BTreeMap::new();
    for (dossier, juror, overall, criterion, score, comment) in marks {
        let Some(slug) = slug_of.get(&criterion) else { continue };
        let entry = scores.entry((dossier, juror)).or_default();
        if let Some(s) = score {
            entry.insert((*slug).to_string(), s);
        }
        let c = comments.entry((dossier, juror)).or_insert_with(|| (overall, BTreeMap::new()));
        if !comment.is_empty() {
            c.1.insert((*slug).to_string(), comment);
        }
    }
    let reviews = scores
        .into_iter()
        .filter_map(|((dossier, juror), criteria)| {
            let score = weighted_score(&rubric, &criteria)?;
            let eliminatory = eliminated_by(&rubric, &criteria).iter().map(|c| c.slug.clone()).collect();
            Some(ReviewIn { dossier, juror, score, criteria, eliminatory })
        })
        .collect();
    let jurors: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, display_name FROM users WHERE role = 'juror' ORDER BY display_name")
            .fetch_all(conn)
            .await?;
    Ok(Inputs {
        dossiers: lines.iter().map(|l| DossierIn { id: l.id, category: l.category_id }).collect(),
        rubric,
        reviews,
        lines,
        jurors: jurors.into_iter().collect(),
        comments,
    })
}
