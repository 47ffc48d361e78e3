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

impl Default for ResultsSettings {
    /// The defaults of the `results_settings` columns.
    fn default() -> Self {
        ResultsSettings {
            ranking: Settings::default(),
            laureates_per_category: 5,
            level_rule: LevelRule::default(),
            signatories: Vec::new(),
        }
    }
}

impl ResultsSettings {
    /// What differs between these settings (as typed) and `stored` (as stored now), for the
    /// refusal of a save from an older version.
    pub fn changes_from(&self, stored: &ResultsSettings) -> Vec<crate::web::stale::Change> {
        fn level(rule: &LevelRule) -> String {
            match rule {
                LevelRule::ByRank { or, argent } => {
                    format!("par rang : Or jusqu’au {or}e, Argent jusqu’au {argent}e")
                }
                LevelRule::ByScore { or, argent } => format!("par note : Or dès {or}, Argent dès {argent}"),
            }
        }
        fn ties(rules: &[TieRule]) -> String {
            let names: Vec<String> = rules
                .iter()
                .map(|r| match r {
                    TieRule::Median => "médiane".to_string(),
                    TieRule::ReviewCount => "nombre d’évaluations".to_string(),
                    TieRule::Criterion(slug) => format!("critère {slug}"),
                })
                .collect();
            names.join(", ")
        }
        let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
        let signatories = |s: &ResultsSettings| {
            s.signatories.iter().map(|(n, f)| format!("{n} — {f}")).collect::<Vec<_>>().join(" ; ")
        };
        let (a, b) = (self, stored);
        crate::web::stale::changes([
            (
                "Combinaison des évaluations",
                a.ranking.aggregate.label().to_string(),
                b.ranking.aggregate.label().to_string(),
            ),
            (
                "Correction de sévérité",
                yes_no(a.ranking.severity_correction),
                yes_no(b.ranking.severity_correction),
            ),
            ("Évaluations minimales", a.ranking.min_reviews.to_string(), b.ranking.min_reviews.to_string()),
            (
                "Seuil de désaccord",
                a.ranking.disagreement_threshold.to_string(),
                b.ranking.disagreement_threshold.to_string(),
            ),
            ("Règles de départage", ties(&a.ranking.tie_rules), ties(&b.ranking.tie_rules)),
            (
                "Lauréats par catégorie",
                a.laureates_per_category.to_string(),
                b.laureates_per_category.to_string(),
            ),
            ("Niveaux", level(&a.level_rule), level(&b.level_rule)),
            ("Signatures", signatories(a), signatories(b)),
        ])
    }
}

/// The version of the edition's results settings, which their form carries (0: none saved yet).
pub async fn settings_version(conn: &mut Conn, edition_id: i64) -> sqlx::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar("SELECT version FROM results_settings WHERE edition_id = $1")
        .bind(edition_id)
        .fetch_optional(conn)
        .await?;
    Ok(v.unwrap_or(0))
}

/// Takes the next version of the settings if they are still at `expected` (None: not
/// checked); `Ok(false)` when someone saved them meanwhile. In the write transaction, before
/// [`save_settings`] (whose first save creates the row at version 1).
pub async fn claim_settings_version(
    conn: &mut Conn,
    edition_id: i64,
    expected: Option<i64>,
) -> sqlx::Result<bool> {
    let condition = if expected.is_some() { " AND version = $2" } else { "" };
    let sql = format!("UPDATE results_settings SET version = version + 1 WHERE edition_id = $1{condition}");
    let mut q = sqlx::query(&sql).bind(edition_id);
    if let Some(v) = expected {
        q = q.bind(v);
    }
    if q.execute(&mut *conn).await?.rows_affected() == 1 {
        return Ok(true);
    }
    Ok(expected.is_none_or(|v| v == 0) && settings_version(conn, edition_id).await? == 0)
}

/// The edition's settings; the defaults while organisers have saved none (reading never writes).
pub async fn settings(conn: &mut Conn, edition_id: i64) -> sqlx::Result<ResultsSettings> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT aggregate, severity_correction, min_reviews, tie_rules, disagreement_threshold, \
         laureates_per_category, level_rule, signatories FROM results_settings WHERE edition_id = $1",
    )
    .bind(edition_id)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(ResultsSettings::default()) };
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
    sqlx::query(
        "INSERT INTO results_settings (edition_id, aggregate, severity_correction, min_reviews, tie_rules, \
         disagreement_threshold, laureates_per_category, level_rule, updated_at, signatories) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (edition_id) DO UPDATE SET \
         aggregate = $2, severity_correction = $3, min_reviews = $4, tie_rules = $5, disagreement_threshold = $6, \
         laureates_per_category = $7, level_rule = $8, updated_at = $9, signatories = $10",
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
pub type DossierLine = crate::applications::repo::EligibleDossier;

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
    let lines = crate::applications::repo::eligible(conn, edition.id).await?;
    let marks: Vec<(i64, i64, String, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT r.dossier_id, r.juror_id, r.overall_comment, s.criterion_id, s.score, s.comment \
         FROM reviews r JOIN review_scores s ON s.review_id = r.id JOIN dossiers d ON d.id = r.dossier_id \
         WHERE r.edition_id = $1 AND r.state = 'submitted' AND d.state = 'eligible'",
    )
    .bind(edition.id)
    .fetch_all(&mut *conn)
    .await?;
    // A review from a juror under a conflict that stands now does not count.
    let standing = crate::jury::repo::conflicts::standing(conn, edition.id, None, None).await?;
    let marks: Vec<_> = marks.into_iter().filter(|m| !standing.contains_key(&(m.1, m.0))).collect();
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
