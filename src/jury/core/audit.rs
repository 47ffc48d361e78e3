//! The review's change log, decided without a database: what differs between the review as
//! stored and the one being saved, criterion by criterion, then the overall comment and the
//! state. The repository writes these lines as they come.

use std::collections::BTreeMap;

use super::model::{Mark, ReviewInput, ReviewState};

/// A review as stored before a save; `state: None` when the save creates it.
#[derive(Debug, Clone, Default)]
pub struct StoredReview {
    pub marks: BTreeMap<i64, Mark>,
    pub overall_comment: String,
    pub state: Option<ReviewState>,
}

/// One line of the log: the criterion it concerns (by id), the field, old and new values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub criterion: Option<i64>,
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The changes a save makes, in the order they are logged: for each criterion of the rubric
/// (`criteria`, in its order) the score then the comment, then the overall comment, then the
/// state. Nothing is logged for what did not change.
pub fn review_changes(
    criteria: &[i64],
    old: &StoredReview,
    new: &ReviewInput,
    new_state: ReviewState,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for &id in criteria {
        let after = new.marks.get(&id).cloned().unwrap_or_default();
        let before = old.marks.get(&id).cloned().unwrap_or_default();
        if after.score != before.score {
            changes.push(Change {
                criterion: Some(id),
                field: "score",
                old: before.score.map(|s| s.to_string()),
                new: after.score.map(|s| s.to_string()),
            });
        }
        if after.comment != before.comment {
            changes.push(Change {
                criterion: Some(id),
                field: "comment",
                old: Some(before.comment),
                new: Some(after.comment),
            });
        }
    }
    if new.overall_comment != old.overall_comment {
        changes.push(Change {
            criterion: None,
            field: "overall_comment",
            old: Some(old.overall_comment.clone()),
            new: Some(new.overall_comment.clone()),
        });
    }
    if old.state != Some(new_state) {
        changes.push(Change {
            criterion: None,
            field: "state",
            old: old.state.map(|s| s.as_str().to_string()),
            new: Some(new_state.as_str().to_string()),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(score: Option<i64>, comment: &str) -> Mark {
        Mark { score, comment: comment.into() }
    }

    fn input(marks: &[(i64, Mark)], overall: &str) -> ReviewInput {
        ReviewInput { marks: marks.iter().cloned().collect(), overall_comment: overall.into() }
    }

    #[test]
    fn a_first_save_logs_the_scores_given_and_the_state() {
        let new = input(&[(1, mark(Some(3), "")), (2, mark(None, ""))], "");
        let changes = review_changes(&[1, 2], &StoredReview::default(), &new, ReviewState::Draft);
        assert_eq!(
            changes,
            vec![
                Change { criterion: Some(1), field: "score", old: None, new: Some("3".into()) },
                Change { criterion: None, field: "state", old: None, new: Some("draft".into()) },
            ]
        );
    }

    #[test]
    fn an_unchanged_review_logs_nothing() {
        let marks: BTreeMap<i64, Mark> = [(1, mark(Some(4), "bien"))].into_iter().collect();
        let old = StoredReview {
            marks: marks.clone(),
            overall_comment: "ok".into(),
            state: Some(ReviewState::Draft),
        };
        let new = ReviewInput { marks, overall_comment: "ok".into() };
        assert!(review_changes(&[1], &old, &new, ReviewState::Draft).is_empty());
    }

    #[test]
    fn changes_come_in_rubric_order_with_old_and_new_values() {
        let old = StoredReview {
            marks: [(1, mark(Some(2), "a")), (2, mark(Some(5), ""))].into_iter().collect(),
            overall_comment: "avant".into(),
            state: Some(ReviewState::Draft),
        };
        let new = input(&[(1, mark(Some(2), "b")), (2, mark(Some(4), ""))], "après");
        let changes = review_changes(&[2, 1], &old, &new, ReviewState::Submitted);
        let summary: Vec<_> = changes.iter().map(|c| (c.criterion, c.field)).collect();
        assert_eq!(
            summary,
            vec![(Some(2), "score"), (Some(1), "comment"), (None, "overall_comment"), (None, "state")]
        );
        assert_eq!(changes[0].old.as_deref(), Some("5"));
        assert_eq!(changes[0].new.as_deref(), Some("4"));
        assert_eq!(changes[3].old.as_deref(), Some("draft"));
        assert_eq!(changes[3].new.as_deref(), Some("submitted"));
    }
}
