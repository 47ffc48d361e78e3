//! Small vocabularies of the jury, with their French labels.

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

impl ReviewState {
    pub fn from_db(state: Option<&str>) -> ReviewState {
        match state {
            Some("submitted") => ReviewState::Submitted,
            Some("draft") => ReviewState::Draft,
            _ => ReviewState::ToScore,
        }
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
}
