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

/// The eligible dossiers, each with its submitted marks folded into one text
/// (`juror:criterion:score,…`, an empty score for a criterion left blank): one row per
/// dossier rather than one per mark, since SQLite hands rows over one at a time (9 000 marks
/// at 500 dossiers cost 35 ms that way, 500 rows a few). `{agg}` is the engine's string
/// aggregate ([`crate::db::STRING_AGG`]).
const LINES_WITH_MARKS: &str =
    "SELECT d.id, d.reference, d.title, d.summary, o.name AS organisation, o.siren, o.departement, \
     c.id AS category_id, c.slug AS category_slug, c.name AS category, c.position AS category_position, \
     (SELECT {agg}(CAST(r.juror_id AS TEXT) || ':' || CAST(s.criterion_id AS TEXT) || ':' \
        || COALESCE(CAST(s.score AS TEXT), ''), ',') \
      FROM reviews r JOIN review_scores s ON s.review_id = r.id \
      WHERE r.dossier_id = d.id AND r.state = 'submitted') AS marks \
     FROM dossiers d JOIN organisations o ON o.id = d.organisation_id JOIN categories c ON c.id = d.category_id \
     WHERE d.edition_id = $1 AND d.state = 'eligible' ORDER BY c.position, d.number, d.id";

#[derive(sqlx::FromRow)]
struct LineWithMarks {
    #[sqlx(flatten)]
    line: DossierLine,
    marks: Option<String>,
}

/// (juror, criterion, score) of each mark of a folded text; pieces that do not parse are
/// skipped (they cannot come from the query above).
fn unfold(marks: &str) -> impl Iterator<Item = (i64, i64, Option<i64>)> + '_ {
    marks.split(',').filter_map(|m| {
        let mut parts = m.splitn(3, ':');
        let juror = parts.next()?.parse().ok()?;
        let criterion = parts.next()?.parse().ok()?;
        let score = parts.next()?;
        Some((juror, criterion, if score.is_empty() { None } else { Some(score.parse().ok()?) }))
    })
}

pub async fn inputs(conn: &mut Conn, edition: &Edition, with: Comments) -> sqlx::Result<Inputs> {
    let (rubric, rows) = criteria::rubric(conn, edition).await?;
    let sql = LINES_WITH_MARKS.replace("{agg}", crate::db::string_agg(conn));
    let folded: Vec<LineWithMarks> = sqlx::query_as(&sql).bind(edition.id).fetch_all(&mut *conn).await?;
    // A review from a juror under a conflict that stands now does not count.
    let standing = crate::jury::repo::conflicts::standing(conn, edition.id, None, None).await?;
    let slug_of: BTreeMap<i64, &str> = rows.iter().map(|c| (c.id, c.slug.as_str())).collect();
    let mut scores: BTreeMap<(i64, i64), BTreeMap<String, i64>> = BTreeMap::new();
    let mut lines = Vec::with_capacity(folded.len());
    for LineWithMarks { line, marks } in folded {
        for (juror, criterion, score) in unfold(marks.as_deref().unwrap_or_default()) {
            let Some(slug) = slug_of.get(&criterion) else { continue };
            if standing.contains_key(&(juror, line.id)) {
                continue;
            }
            let entry = scores.entry((line.id, juror)).or_default();
            if let Some(s) = score {
                entry.insert((*slug).to_string(), s);
            }
        }
        lines.push(line);
    }
    let mut comments: BTreeMap<(i64, i64), (String, BTreeMap<String, String>)> = BTreeMap::new();
    if with == Comments::Load {
        let marks: Vec<(i64, i64, String, i64, Option<i64>, String)> =
            sqlx::query_as(MARKS_WITH_COMMENTS).bind(edition.id).fetch_all(&mut *conn).await?;
        for (dossier, juror, overall, criterion, _, comment) in marks {
            let Some(slug) = slug_of.get(&criterion) else { continue };
            if standing.contains_key(&(juror, dossier)) {
                continue;
            }
            let c = comments.entry((dossier, juror)).or_insert_with(|| (overall, BTreeMap::new()));
            if !comment.is_empty() {
                c.1.insert((*slug).to_string(), comment);
            }
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

#[cfg(test)]
mod tests {
    use super::unfold;

    #[test]
    fn unfolds_marks_and_blank_scores() {
        let marks: Vec<_> = unfold("3:10:4,3:11:,12:10:0").collect();
        assert_eq!(marks, vec![(3, 10, Some(4)), (3, 11, None), (12, 10, Some(0))]);
        assert_eq!(unfold("").count(), 0);
        assert_eq!(unfold("x:1:2,5:6:7").collect::<Vec<_>>(), vec![(5, 6, Some(7))]);
    }
}
