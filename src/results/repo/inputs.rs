//! SQL of the ranking's inputs: eligible dossiers, submitted reviews of pairs without an
//! active conflict, the jurors' names; the reviews' comments only when asked (the CSV export).

use std::collections::BTreeMap;

use crate::db::Conn;
use crate::editions::model::Edition;
use crate::jury::core::rubric::{eliminated_by, weighted_score, Rubric};
use crate::jury::repo::criteria;
use crate::results::core::ranking::{DossierIn, ReviewIn};

/// A dossier as the results pages show it.
pub type DossierLine = crate::applications::repo::EligibleDossier;

/// Everything the ranking needs, and what the pages show beside it.
pub struct Inputs {
    pub rubric: Rubric,
    pub dossiers: Vec<DossierIn>,
    pub reviews: Vec<ReviewIn>,
    pub lines: Vec<DossierLine>,
    pub jurors: BTreeMap<i64, String>,
    /// Comments of each review: (dossier, juror) → (overall comment, per-criterion comments by
    /// slug); empty unless loaded with [`Comments::Load`].
    pub comments: BTreeMap<(i64, i64), (String, BTreeMap<String, String>)>,
}

/// Whether [`inputs`] loads the reviews' comments: only the CSV export prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comments {
    Skip,
    Load,
}

const MARKS_WITH_COMMENTS: &str =
    "SELECT r.dossier_id, r.juror_id, r.overall_comment, s.criterion_id, s.score, s.comment \
     FROM reviews r JOIN review_scores s ON s.review_id = r.id JOIN dossiers d ON d.id = r.dossier_id \
     WHERE r.edition_id = $1 AND r.state = 'submitted' AND d.state = 'eligible'";
const MARKS: &str =
    "SELECT r.dossier_id, r.juror_id, '' AS overall_comment, s.criterion_id, s.score, '' AS comment \
     FROM reviews r JOIN review_scores s ON s.review_id = r.id JOIN dossiers d ON d.id = r.dossier_id \
     WHERE r.edition_id = $1 AND r.state = 'submitted' AND d.state = 'eligible'";

pub async fn inputs(conn: &mut Conn, edition: &Edition, with: Comments) -> sqlx::Result<Inputs> {
    let (rubric, rows) = criteria::rubric(conn, edition).await?;
    let lines = crate::applications::repo::eligible(conn, edition.id).await?;
    let sql = if with == Comments::Load { MARKS_WITH_COMMENTS } else { MARKS };
    let marks: Vec<(i64, i64, String, i64, Option<i64>, String)> =
        sqlx::query_as(sql).bind(edition.id).fetch_all(&mut *conn).await?;
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
        if with == Comments::Skip {
            continue;
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
