//! The views of the applications pages: one typed struct per page, built by a pure function
//! from domain values. Here what the pages share (the read-only rendering of a dossier, the
//! deadline's message, the options of a select); the pages themselves by group: `applicant`
//! (the collectivité's list, form and confirmations), `signup` (sign-up and memberships),
//! `admin` (the organisers' list and dossier).

use super::model::{self, Confirmer, DeadlineError, DossierState, Section, SECTIONS};
use super::repo::{AdminRow, Attachment, Dossier, DossierSummary, Event, Member, Organisation};
use crate::editions::admin_base;
use crate::editions::model::{Category, Edition};
use crate::jury::repo::dossier_reviews::DossierReviews;
use crate::reference::repo::Collectivite;
use crate::results::certificate::Level;
use crate::results::publications::Award;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::fr;
use crate::web::page::Page;

mod admin;
mod applicant;
mod signup;
#[cfg(test)]
pub(crate) mod tests;

pub use admin::*;
pub use applicant::*;
pub use signup::*;

/// An option of a `<select>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice { value: value.into(), label: label.into() }
    }

    pub fn of(pairs: &[(&str, &str)]) -> Vec<Choice> {
        pairs.iter().map(|(v, l)| Choice::new(*v, *l)).collect()
    }
}

/// Why a dossier of `edition` cannot be deposited now, in French.
pub fn deadline_message(edition: &Edition, error: DeadlineError) -> String {
    match error {
        DeadlineError::NotYetOpen => format!(
            "Les candidatures de l’édition {} ouvriront le {}.",
            edition.year,
            fr::datetime(edition.opens_at)
        ),
        DeadlineError::Closed => format!(
            "Les candidatures de l’édition {} sont closes depuis le {} : un dossier ne peut plus être déposé.",
            edition.year,
            fr::datetime(edition.closes_at)
        ),
    }
}

/// Who reads a dossier: what the shared rendering shows depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A member of the collectivité that filed it.
    Applicant,
    Organiser,
    /// A juror assigned to it: no submission details, no contact, no history.
    Juror,
}

/// One section of a dossier's text, with its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    pub label: &'static str,
    pub text: String,
}

/// The read-only rendering of a dossier shared by its three readers (applicant, organiser,
/// juror). A page embeds it as its field `d` and extends `applications/view.html`, which
/// offers the blocks `back`, `badge`, `decision` and `review`.
#[derive(Debug, Clone)]
pub struct DossierView {
    pub dossier: Dossier,
    pub state: DossierState,
    pub state_label: &'static str,
    pub edition: Edition,
    pub organisation: Option<Organisation>,
    pub sections: Vec<SectionText>,
    pub project_state_label: &'static str,
    pub attachments: Vec<Attachment>,
    /// The history, most recent first (empty for who does not see it).
    pub events: Vec<Event>,
    pub can_withdraw: bool,
    pub viewer: Viewer,
    /// The back link goes to `{back_base}/candidatures` (organisers: the edition's admin base).
    pub back_base: String,
    /// Attachments are downloaded from `{attachment_base}/{id}`.
    pub attachment_base: String,
}

impl DossierView {
    pub fn new(
        viewer: Viewer,
        dossier: Dossier,
        edition: Edition,
        organisation: Option<Organisation>,
        attachments: Vec<Attachment>,
        events: Vec<Event>,
    ) -> DossierView {
        let state = dossier.state;
        let sections = SECTIONS
            .iter()
            .map(|s| SectionText { label: s.label, text: dossier.section(s.field).to_string() })
            .collect();
        let project_state_label = model::PROJECT_STATES
            .iter()
            .find(|(v, _)| Some(*v) == dossier.project_state.as_deref())
            .map_or("", |(_, l)| *l);
        let back_base = match viewer {
            Viewer::Organiser => admin_base(edition.year),
            Viewer::Applicant | Viewer::Juror => String::new(),
        };
        let attachment_base = match viewer {
            Viewer::Juror => format!("/jury/dossiers/{}/pieces", dossier.id),
            Viewer::Applicant | Viewer::Organiser => format!("/candidatures/{}/pieces", dossier.id),
        };
        DossierView {
            state,
            state_label: state.label(),
            sections,
            project_state_label,
            can_withdraw: state.can_be_withdrawn(),
            viewer,
            back_base,
            attachment_base,
            dossier,
            edition,
            organisation,
            attachments,
            events,
        }
    }

    pub fn is_juror(&self) -> bool {
        self.viewer == Viewer::Juror
    }

    pub fn is_organiser(&self) -> bool {
        self.viewer == Viewer::Organiser
    }

    /// When it was deposited, for who sees the submission details.
    pub fn submitted_at(&self) -> Option<i64> {
        self.dossier.submitted_at.filter(|_| !self.is_juror())
    }

    /// The eligibility decision's line, for who sees it.
    pub fn shows_decision(&self) -> bool {
        matches!(self.state, DossierState::Eligible | DossierState::Ineligible) && !self.is_juror()
    }

    /// The receipt of a deposited dossier, for who sees it.
    pub fn receipt_href(&self) -> Option<String> {
        let deposited = self.dossier.reference.as_deref().is_some_and(|r| !r.is_empty())
            && self.state != DossierState::Draft
            && self.dossier.submitted_at.is_some();
        (deposited && !self.is_juror()).then(|| format!("/candidatures/{}/recepisse.pdf", self.dossier.id))
    }

    pub fn reference(&self) -> &str {
        self.dossier.reference.as_deref().unwrap_or_default()
    }

    pub fn fingerprint(&self) -> &str {
        self.dossier.fingerprint.as_deref().unwrap_or_default()
    }

    /// The budget, when one was given.
    pub fn budget(&self) -> Option<i64> {
        self.dossier.budget_euros.filter(|b| *b != 0)
    }

    pub fn start_date(&self) -> &str {
        self.dossier.start_date.as_deref().unwrap_or_default()
    }

    pub fn may_withdraw(&self) -> bool {
        self.viewer == Viewer::Applicant && self.can_withdraw
    }
}
