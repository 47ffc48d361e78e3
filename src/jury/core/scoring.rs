//! Reading a juror's scoring form against the edition's rubric. Pure.
//!
//! The form sends `note[<criterion id>]`, `commentaire[<criterion id>]` and `overall_comment`.
//! A draft may be partial; a submission needs every score and the overall comment. Scores off
//! the scale or for a criterion that is not in this edition's rubric are refused, whatever the
//! action.

use std::collections::{BTreeMap, HashMap};

use super::model::{Mark, ReviewInput};
use super::rubric::{check_scores, CriterionRow, Rubric, ScoreError};
use crate::web::forms::FormState;

pub const COMMENT_MAX: usize = 2000;
pub const OVERALL_MIN: usize = 20;
pub const OVERALL_MAX: usize = 5000;

/// The field name of a criterion's score in `FormState`, also the id of its first radio button.
pub fn score_field(criterion_id: i64) -> String {
    format!("note-{criterion_id}")
}

pub fn comment_field(criterion_id: i64) -> String {
    format!("commentaire-{criterion_id}")
}

/// Checks the form; returns the review to save, or the form with its French errors (and the
/// typed values kept either way).
pub fn read(
    rubric: &Rubric,
    criteria: &[CriterionRow],
    notes: &HashMap<String, String>,
    comments: &HashMap<String, String>,
    overall: &str,
    submit: bool,
) -> (FormState, Option<ReviewInput>) {
    let mut form = FormState::new().keep("overall_comment", overall);
    for (key, value) in notes {
        form = match key.parse::<i64>() {
            Ok(id) => form.keep(&score_field(id), value.trim()),
            Err(_) => form,
        };
    }
    for (key, value) in comments {
        if let Ok(id) = key.parse::<i64>() {
            form = form.keep(&comment_field(id), value);
        }
    }
    // Scores by slug for the rubric's checks; anything that is not a criterion of this
    // rubric is refused.
    let mut by_slug: BTreeMap<String, i64> = BTreeMap::new();
    let mut foreign = false;
    for (key, value) in notes {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let criterion = key.parse::<i64>().ok().and_then(|id| criteria.iter().find(|c| c.id == id));
        let Some(c) = criterion else {
            foreign = true;
            continue;
        };
        match value.parse::<i64>() {
            Ok(score) => {
                by_slug.insert(c.slug.clone(), score);
            }
            Err(_) => form.error(&score_field(c.id), "Choisissez une note parmi les niveaux proposés."),
        }
    }
    if comments.keys().any(|k| k.parse::<i64>().ok().is_none_or(|id| !criteria.iter().any(|c| c.id == id))) {
        foreign = true;
    }
    if foreign {
        form.error(
            "notes",
            ScoreError::UnknownCriterion(String::new()).message(rubric)
                + " Rechargez la page : la grille a peut-être changé.",
        );
    }
    for e in check_scores(rubric, &by_slug, submit) {
        let slug = match &e {
            ScoreError::UnknownCriterion(s) | ScoreError::Missing(s) => s,
            ScoreError::OutOfScale { criterion, .. } => criterion,
        };
        if let Some(c) = criteria.iter().find(|c| &c.slug == slug) {
            if !form.errors.contains_key(&score_field(c.id)) {
                form.error(&score_field(c.id), e.message(rubric));
            }
        }
    }
    for c in criteria {
        let comment = comments.get(&c.id.to_string()).map(String::as_str).unwrap_or("");
        if comment.chars().count() > COMMENT_MAX {
            form.error(
                &comment_field(c.id),
                format!("Le commentaire compte {COMMENT_MAX} caractères au plus."),
            );
        }
    }
    let overall_len = overall.trim().chars().count();
    if submit && overall_len < OVERALL_MIN {
        form.error(
            "overall_comment",
            format!("Rédigez une appréciation d’ensemble ({OVERALL_MIN} caractères au moins) : elle éclaire la délibération."),
        );
    }
    if overall_len > OVERALL_MAX {
        form.error(
            "overall_comment",
            format!("L’appréciation d’ensemble compte {OVERALL_MAX} caractères au plus."),
        );
    }
    if form.has_errors() {
        return (form, None);
    }
    let marks = criteria
        .iter()
        .map(|c| {
            let mark = Mark {
                score: by_slug.get(&c.slug).copied(),
                comment: comments.get(&c.id.to_string()).map(|s| s.trim().to_string()).unwrap_or_default(),
            };
            (c.id, mark)
        })
        .collect();
    (form, Some(ReviewInput { marks, overall_comment: overall.trim().to_string() }))
}

/// What differs between the scoring form as typed (`form`, from [`read`]) and the review as
/// stored now, criterion by criterion: shown when a stale save is refused.
pub fn stale_changes(
    criteria: &[CriterionRow],
    form: &FormState,
    stored: &BTreeMap<i64, Mark>,
    stored_overall: &str,
) -> Vec<crate::web::stale::Change> {
    let typed = |key: String| form.values.get(&key).cloned().unwrap_or_default();
    let mut fields = Vec::new();
    for c in criteria {
        let mark = stored.get(&c.id).cloned().unwrap_or_default();
        fields.push((
            format!("Note « {} »", c.name),
            typed(score_field(c.id)),
            mark.score.map(|s| s.to_string()).unwrap_or_default(),
        ));
        fields.push((format!("Commentaire « {} »", c.name), typed(comment_field(c.id)), mark.comment));
    }
    fields.push((
        "Appréciation d’ensemble".to_string(),
        typed("overall_comment".into()),
        stored_overall.to_string(),
    ));
    crate::web::stale::changes(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric_and_rows() -> (Rubric, Vec<CriterionRow>) {
        let rubric = Rubric::default_rubric();
        let rows = rubric
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| CriterionRow {
                id: 10 + i as i64,
                edition_id: 1,
                slug: c.slug.clone(),
                name: c.name.clone(),
                description: c.description.clone(),
                weight: i64::from(c.weight),
                eliminatory_below: c.eliminatory_below,
                anchors: serde_json::to_string(&c.anchors).unwrap(),
                position: i as i64,
            })
            .collect();
        (rubric, rows)
    }

    fn map(pairs: &[(i64, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const OVERALL: &str = "Un projet solide, bien documenté et repris par deux voisines.";

    #[test]
    fn a_partial_draft_is_accepted() {
        let (rubric, rows) = rubric_and_rows();
        let (form, input) =
            read(&rubric, &rows, &map(&[(10, "4")]), &map(&[(10, "Très original")]), "", false);
        assert!(!form.has_errors(), "{:?}", form.errors);
        let input = input.unwrap();
        assert_eq!(input.marks[&10], Mark { score: Some(4), comment: "Très original".into() });
        assert_eq!(input.marks[&11], Mark::default());
    }

    #[test]
    fn a_submission_lists_every_missing_score_and_the_overall_comment() {
        let (rubric, rows) = rubric_and_rows();
        let (form, input) =
            read(&rubric, &rows, &map(&[(10, "4"), (11, "3")]), &HashMap::new(), "court", true);
        assert!(input.is_none());
        for id in 12..16 {
            assert!(form.errors.contains_key(&score_field(id)), "criterion {id} is missing");
        }
        assert!(form.errors.contains_key("overall_comment"));
        assert_eq!(form.values[&score_field(10)], "4", "typed values are kept");
        assert_eq!(form.values["overall_comment"], "court");
    }

    #[test]
    fn scores_off_the_scale_or_of_another_rubric_are_refused() {
        let (rubric, rows) = rubric_and_rows();
        let all: Vec<(i64, &str)> = (10..16).map(|id| (id, "3")).collect();
        let mut notes = map(&all);
        notes.insert("10".into(), "6".into());
        let (form, input) = read(&rubric, &rows, &notes, &HashMap::new(), OVERALL, true);
        assert!(input.is_none());
        assert!(form.errors[&score_field(10)][0].contains("hors de l’échelle"));
        notes.insert("10".into(), "-1".into());
        assert!(read(&rubric, &rows, &notes, &HashMap::new(), OVERALL, false).1.is_none());
        notes.insert("10".into(), "3".into());
        assert!(read(&rubric, &rows, &notes, &HashMap::new(), OVERALL, true).1.is_some());
        notes.insert("999".into(), "3".into());
        let (form, input) = read(&rubric, &rows, &notes, &HashMap::new(), OVERALL, true);
        assert!(input.is_none(), "a criterion of another rubric is refused");
        assert!(form.errors.contains_key("notes"));
        notes.remove("999");
        notes.insert("11".into(), "trois".into());
        assert!(read(&rubric, &rows, &notes, &HashMap::new(), OVERALL, false).1.is_none());
    }

    #[test]
    fn a_complete_submission_is_read() {
        let (rubric, rows) = rubric_and_rows();
        let all: Vec<(i64, &str)> = (10..16).map(|id| (id, "5")).collect();
        let (form, input) = read(&rubric, &rows, &map(&all), &HashMap::new(), OVERALL, true);
        assert!(!form.has_errors());
        let input = input.unwrap();
        assert!(input.marks.values().all(|m| m.score == Some(5)));
        assert_eq!(input.overall_comment, OVERALL);
    }
}
