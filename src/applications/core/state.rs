//! Where a dossier stands, and which moves each state allows (the dossier's state machine).

use serde::{Deserialize, Serialize};

/// Where a dossier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DossierState {
    Draft,
    Submitted,
    Eligible,
    Ineligible,
    Withdrawn,
}

impl DossierState {
    pub const ALL: [DossierState; 5] = [
        DossierState::Draft,
        DossierState::Submitted,
        DossierState::Eligible,
        DossierState::Ineligible,
        DossierState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DossierState::Draft => "draft",
            DossierState::Submitted => "submitted",
            DossierState::Eligible => "eligible",
            DossierState::Ineligible => "ineligible",
            DossierState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<DossierState> {
        DossierState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DossierState::Draft => "Brouillon",
            DossierState::Submitted => "Déposé",
            DossierState::Eligible => "Recevable",
            DossierState::Ineligible => "Irrecevable",
            DossierState::Withdrawn => "Retiré",
        }
    }

    /// Whether the collectivité may still change the content.
    pub fn editable_by_applicant(self) -> bool {
        self == DossierState::Draft
    }

    /// Whether an organiser may rule on eligibility from this state.
    pub fn can_be_decided(self) -> bool {
        matches!(self, DossierState::Submitted | DossierState::Eligible | DossierState::Ineligible)
    }

    /// Whether an organiser may reopen the dossier for the collectivité.
    pub fn can_be_reopened(self) -> bool {
        matches!(self, DossierState::Submitted | DossierState::Eligible | DossierState::Ineligible)
    }

    pub fn can_be_withdrawn(self) -> bool {
        matches!(self, DossierState::Draft | DossierState::Submitted)
    }

    /// The state an organiser restores a withdrawn dossier to: the one it was withdrawn from
    /// (`withdrawn_from`, recorded at withdrawal), or for a dossier withdrawn before that was
    /// recorded, submitted if it had been submitted and a draft otherwise. `None` when the
    /// dossier is not withdrawn.
    pub fn restored(self, withdrawn_from: Option<DossierState>, was_submitted: bool) -> Option<DossierState> {
        if self != DossierState::Withdrawn {
            return None;
        }
        Some(match withdrawn_from {
            Some(from) if from.can_be_withdrawn() => from,
            _ if was_submitted => DossierState::Submitted,
            _ => DossierState::Draft,
        })
    }
}

/// A state read from the database that the application does not know: bad data, an error
/// (never silently a draft).
#[derive(Debug, thiserror::Error)]
#[error("état de dossier inconnu : {0:?}")]
pub struct UnknownState(pub String);

impl TryFrom<String> for DossierState {
    type Error = UnknownState;

    fn try_from(s: String) -> Result<DossierState, UnknownState> {
        DossierState::parse(&s).ok_or(UnknownState(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawn_dossier_is_restored_to_the_state_it_left() {
        use DossierState::*;
        assert_eq!(Withdrawn.restored(Some(Submitted), true), Some(Submitted));
        assert_eq!(Withdrawn.restored(Some(Draft), true), Some(Draft), "a reopened draft stays a draft");
        assert_eq!(Withdrawn.restored(None, true), Some(Submitted));
        assert_eq!(Withdrawn.restored(None, false), Some(Draft));
        assert_eq!(
            Withdrawn.restored(Some(Eligible), false),
            Some(Draft),
            "never a state it cannot leave from"
        );
        for state in [Draft, Submitted, Eligible, Ineligible] {
            assert_eq!(state.restored(Some(Submitted), true), None, "{state:?} is not withdrawn");
        }
        // Withdrawing then restoring is a round trip for every state that may be withdrawn.
        for from in DossierState::ALL.into_iter().filter(|s| s.can_be_withdrawn()) {
            assert_eq!(Withdrawn.restored(Some(from), from == Submitted), Some(from));
        }
    }

    #[test]
    fn an_unknown_state_is_an_error_not_a_draft() {
        assert!(DossierState::try_from("archived".to_string()).is_err());
        assert_eq!(DossierState::try_from("eligible".to_string()).unwrap(), DossierState::Eligible);
    }
}
