//! The collectivité's pages: its dossiers and accounts, the form of a draft, and the
//! confirmations asked before withdrawing a dossier or removing an attachment.

use askama::Template;

use super::*;

/// The applicant's deposited (read-only) dossier.
#[derive(Template)]
#[template(path = "applications/view.html")]
pub struct DossierPage<'a> {
    pub page: &'a Page,
    pub d: DossierView,
}

// --- The collectivité's pages -----------------------------------------------------------

/// Whether the current edition takes dossiers, and the sentence that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub open: bool,
    pub message: String,
}

impl Opening {
    pub fn at(edition: &Edition, now: i64) -> Opening {
        match model::may_submit(now, edition.opens_at, edition.closes_at, false) {
            Ok(()) => Opening {
                open: true,
                message: format!(
                    "Les candidatures sont ouvertes jusqu’au {}.",
                    fr::datetime(edition.closes_at)
                ),
            },
            Err(err) => Opening { open: false, message: deadline_message(edition, err) },
        }
    }
}

/// A laureate's badge and certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardBadge {
    pub level: String,
    pub level_label: &'static str,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct ListRow {
    pub dossier: DossierSummary,
    pub state: DossierState,
    pub award: Option<AwardBadge>,
}

/// `/candidatures`: the collectivité's dossiers, its accounts and the requests to join it.
#[derive(Template)]
#[template(path = "applications/list.html")]
pub struct ListPage<'a> {
    pub page: &'a Page,
    pub organisation: Option<Organisation>,
    /// The collectivité whose confirmation this account waits for (when attached to none).
    pub awaiting: Option<Organisation>,
    pub awaiting_organiser: bool,
    pub edition: Option<Edition>,
    pub opening: Option<Opening>,
    pub rows: Vec<ListRow>,
    pub awarded: bool,
    pub members: Vec<Member>,
    /// The reader's account.
    pub me: i64,
}

/// What `/candidatures` shows, read from the database.
pub struct ListData {
    pub organisation: Option<Organisation>,
    pub awaiting: Option<Organisation>,
    pub confirmer: Option<Confirmer>,
    pub dossiers: Vec<DossierSummary>,
    pub awards: Vec<Award>,
    pub members: Vec<Member>,
    pub edition: Option<Edition>,
}

impl<'a> ListPage<'a> {
    pub fn new(page: &'a Page, data: ListData, me: i64, now: i64) -> ListPage<'a> {
        let ListData { organisation, awaiting, confirmer, dossiers, awards, members, edition } = data;
        let rows = dossiers
            .into_iter()
            .map(|dossier| {
                let state = dossier.state;
                let award = awards.iter().find(|a| a.dossier_id == dossier.id).map(|a| AwardBadge {
                    level: a.level.clone(),
                    level_label: Level::parse(&a.level).map_or("", Level::label),
                    code: a.code.clone(),
                });
                ListRow { dossier, state, award }
            })
            .collect();
        ListPage {
            page,
            organisation,
            awaiting,
            awaiting_organiser: confirmer == Some(Confirmer::Organiser),
            opening: edition.as_ref().map(|e| Opening::at(e, now)),
            edition,
            rows,
            awarded: !awards.is_empty(),
            members,
            me,
        }
    }

    /// Whether a new dossier may be started.
    pub fn may_start(&self) -> bool {
        self.organisation.is_some() && self.opening.as_ref().is_some_and(|o| o.open)
    }
}

/// The form of a draft (`dossier` set) or of a new dossier.
#[derive(Template)]
#[template(path = "applications/form.html")]
pub struct FormPage<'a> {
    pub page: &'a Page,
    pub edition: Edition,
    pub categories: Vec<Choice>,
    pub sections: &'static [Section],
    pub project_states: Vec<Choice>,
    pub form: FormState,
    pub dossier: Option<Dossier>,
    pub attachments: Vec<Attachment>,
    pub max_attachments: usize,
    /// Why it cannot be deposited now, if it cannot.
    pub submit_block: Option<String>,
}

impl<'a> FormPage<'a> {
    pub fn new(
        page: &'a Page,
        edition: Edition,
        categories: &[Category],
        form: FormState,
        dossier: Option<Dossier>,
        attachments: Vec<Attachment>,
        submit_block: Option<String>,
    ) -> FormPage<'a> {
        let mut choices = vec![Choice::new("", "— Choisir une catégorie —")];
        choices.extend(categories.iter().map(|c| Choice::new(c.slug.clone(), c.name.clone())));
        FormPage {
            page,
            edition,
            categories: choices,
            sections: &SECTIONS,
            project_states: Choice::of(&model::PROJECT_STATES),
            form,
            dossier,
            attachments,
            max_attachments: model::MAX_ATTACHMENTS,
            submit_block,
        }
    }

    /// The page's heading: the draft's title, or what stands for it.
    pub fn heading(&self) -> &str {
        match &self.dossier {
            Some(d) if !d.title.is_empty() => &d.title,
            Some(_) => "Dossier sans titre",
            None => "Nouveau dossier",
        }
    }

    /// The `<title>`.
    pub fn title(&self) -> &str {
        match &self.dossier {
            Some(d) => &d.title,
            None => "Nouveau dossier",
        }
    }

    pub fn action(&self) -> String {
        match &self.dossier {
            Some(d) => format!("/candidatures/{}", d.id),
            None => "/candidatures/nouvelle".into(),
        }
    }

    /// The version the form was opened at: the one typed back, or the stored one.
    pub fn version(&self) -> String {
        match (self.form.value(crate::web::stale::FIELD), &self.dossier) {
            ("", Some(d)) => d.version.to_string(),
            (typed, _) => typed.to_string(),
        }
    }

    pub fn may_attach(&self) -> bool {
        self.attachments.len() < self.max_attachments
    }
}

/// What withdrawing means, before it is done.
#[derive(Template)]
#[template(path = "applications/withdraw_confirm.html")]
pub struct WithdrawPage<'a> {
    pub page: &'a Page,
    pub dossier: Dossier,
    pub year: i64,
    pub submitted: bool,
}

impl<'a> WithdrawPage<'a> {
    pub fn new(page: &'a Page, dossier: Dossier, edition: &Edition) -> WithdrawPage<'a> {
        let submitted = dossier.state == DossierState::Submitted;
        WithdrawPage { page, dossier, year: edition.year, submitted }
    }
}

/// What removing an attachment means, before it is done.
#[derive(Template)]
#[template(path = "applications/attachment_confirm.html")]
pub struct AttachmentConfirmPage<'a> {
    pub page: &'a Page,
    pub dossier_id: i64,
    pub attachment: Attachment,
}
