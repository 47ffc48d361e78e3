//! A read model: the reviews of one dossier as organisers see them (on the dossier's page): each juror's
//! state, weighted score on 100, scores and comments per criterion, eliminatory flags; plus
//! the conflicts declared or detected on it.

use std::collections::BTreeMap;

use super::conflicts::{self, ConflictRow};
use super::reviews::{self, Review};
use crate::db::Conn;
use crate::editions::repo as editions;
use crate::error::{AppError, AppResult};
use crate::jury::core::model::JurorKind;
use crate::jury::core::rubric::{eliminated_by, weighted_score};

/// A criterion's mark in one review.
#[derive(Debug, Clone)]
pub struct CriterionMark {
    pub name: String,
    pub score: Option<i64>,
    pub comment: String,
}

/// One juror's review of the dossier.
#[derive(Debug, Clone)]
pub struct ReviewSummary {
    pub review: Review,
    pub juror_name: String,
    pub kind_label: &'static str,
    /// The weighted score on 100, once every weighted criterion is scored.
    pub weighted: Option<f64>,
    /// The criteria scored under their eliminatory threshold.
    pub eliminated: Vec<String>,
    pub criteria: Vec<CriterionMark>,
}

/// Everything the organiser's dossier page shows of the jury.
#[derive(Debug, Clone, Default)]
pub struct DossierReviews {
    pub reviews: Vec<ReviewSummary>,
    pub conflicts: Vec<ConflictRow>,
    pub scale_max: i64,
}

/// The jury's reviews and conflicts of the dossier (empty if it does not exist).
pub async fn of_dossier(conn: &mut Conn, dossier_id: i64) -> AppResult<DossierReviews> {
    let Some(edition_id) = crate::applications::repo::dossier(conn, dossier_id).await?.map(|d| d.edition_id)
    else {
        return Ok(DossierReviews::default());
    };
    let edition = editions::by_id(conn, edition_id).await?.ok_or(AppError::NotFound)?;
    let (rubric, rows) = super::criteria::rubric(conn, &edition).await?;
    let mut out = Vec::new();
    for (review, juror_name, juror_kind) in reviews::for_dossier(conn, dossier_id).await? {
        let marks = reviews::marks(conn, review.id).await?;
        let by_slug: BTreeMap<String, i64> = rows
            .iter()
            .filter_map(|c| marks.get(&c.id).and_then(|m| m.score).map(|s| (c.slug.clone(), s)))
            .collect();
        let weighted = weighted_score(&rubric, &by_slug);
        let eliminated = eliminated_by(&rubric, &by_slug).iter().map(|c| c.name.clone()).collect();
        let criteria = rows
            .iter()
            .map(|c| {
                let m = marks.get(&c.id).cloned().unwrap_or_default();
                CriterionMark { name: c.name.clone(), score: m.score, comment: m.comment }
            })
            .collect();
        out.push(ReviewSummary {
            review,
            juror_name,
            kind_label: JurorKind::parse(&juror_kind).map_or("—", JurorKind::label),
            weighted,
            eliminated,
            criteria,
        });
    }
    let conflicts =
        conflicts::list(conn, edition_id).await?.into_iter().filter(|c| c.dossier_id == dossier_id).collect();
    Ok(DossierReviews { reviews: out, conflicts, scale_max: rubric.scale_max })
}
