//! Small vocabularies of the jury, with their French labels.

use std::collections::BTreeMap;

use serde::Serialize;

/// What a juror is, for the spread of profiles on each dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum JurorKind {
    Elu,
    Agent,
    Expert,
    Partenaire,
}

impl JurorKind {
    pub const ALL: [JurorKind; 4] =
        [JurorKind::Elu, JurorKind::Agent, JurorKind::Expert, JurorKind::Partenaire];

    pub fn parse(s: &str) -> Option<JurorKind> {
        JurorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JurorKind::Elu => "elu",
            JurorKind::Agent => "agent",
            JurorKind::Expert => "expert",
            JurorKind::Partenaire => "partenaire",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            JurorKind::Elu => "Élu ou élue",
            JurorKind::Agent => "Agent territorial",
            JurorKind::Expert => "Expert ou experte",
            JurorKind::Partenaire => "Partenaire",
        }
    }
}

/// Where a juror's review of a dossier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReviewState {
    /// Nothing saved yet.
    ToScore,
    Draft,
    Submitted,
}

/// A review state the database holds but this code does not know: bad data, reported as an
/// error rather than read as some default.
#[derive(Debug, thiserror::Error)]
#[error("état d’évaluation inconnu : {0:?}")]
pub struct UnknownReviewState(pub String);

impl From<UnknownReviewState> for sqlx::Error {
    fn from(e: UnknownReviewState) -> Self {
        sqlx::Error::Decode(Box::new(e))
    }
}

impl From<UnknownReviewState> for crate::error::AppError {
    fn from(e: UnknownReviewState) -> Self {
        crate::error::AppError::Database(e.into())
    }
}

impl TryFrom<&str> for ReviewState {
    type Error = UnknownReviewState;

    fn try_from(state: &str) -> Result<Self, Self::Error> {
        match state {
            "submitted" => Ok(ReviewState::Submitted),
            "draft" => Ok(ReviewState::Draft),
            other => Err(UnknownReviewState(other.to_string())),
        }
    }
}

impl ReviewState {
    /// The state of a review row; no row (None) is a review not started.
    pub fn from_db(state: Option<&str>) -> Result<ReviewState, UnknownReviewState> {
        state.map_or(Ok(ReviewState::ToScore), ReviewState::try_from)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::ToScore => "to_score",
            ReviewState::Draft => "draft",
            ReviewState::Submitted => "submitted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::ToScore => "À évaluer",
            ReviewState::Draft => "Brouillon",
            ReviewState::Submitted => "Soumise",
        }
    }
}

/// A criterion's score and comment in a review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub score: Option<i64>,
    pub comment: String,
}

/// What the juror sends: a mark per criterion of the rubric, and the overall comment.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    pub marks: BTreeMap<i64, Mark>,
    pub overall_comment: String,
}

/// The version of the confidentiality and impartiality charter jurors accept.
pub const CHARTER_VERSION: &str = "2026-1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in JurorKind::ALL {
            assert_eq!(JurorKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(JurorKind::parse("président"), None);
    }

    #[test]
    fn review_states_are_read_strictly() {
        assert_eq!(ReviewState::from_db(None).ok(), Some(ReviewState::ToScore));
        for s in [ReviewState::Draft, ReviewState::Submitted] {
            assert_eq!(ReviewState::from_db(Some(s.as_str())).ok(), Some(s));
        }
        assert!(ReviewState::from_db(Some("to_score")).is_err());
        assert!(ReviewState::from_db(Some("soumise")).is_err());
    }
}
