//! The juror's workspace: the home page (their dossiers and progress), the charter and the
//! declaration of a conflict of interest.

use askama::Template;

use crate::editions::model::Edition;
use crate::jury::model::ReviewState;
use crate::jury::repo::reviews::AssignedDossier;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;

/// Where the juror's home page stands.
pub enum Phase {
    /// No current edition.
    NoEdition,
    /// The assignment is not published yet.
    Waiting(Box<Edition>),
    Open(Box<Workspace>),
}

/// An assigned dossier with its review's state.
pub struct DossierLine {
    pub d: AssignedDossier,
    pub state: ReviewState,
}

/// The dossiers of a category.
pub struct Group {
    pub name: String,
    pub rows: Vec<DossierLine>,
}

/// The juror's dossiers once the assignment is published.
pub struct Workspace {
    pub edition: Edition,
    pub scoring_open: bool,
    pub charter_accepted_at: i64,
    pub groups: Vec<Group>,
    pub total: usize,
    pub to_score: usize,
    pub drafts: usize,
    pub submitted: usize,
    pub percent: usize,
    /// The first dossier not submitted yet.
    pub next: Option<i64>,
}

impl Workspace {
    /// `dossiers` come with their state, by category then number.
    pub fn new(
        edition: Edition,
        now: i64,
        charter_accepted_at: i64,
        dossiers: Vec<(AssignedDossier, ReviewState)>,
    ) -> Workspace {
        let count = |s: ReviewState| dossiers.iter().filter(|(_, state)| *state == s).count();
        let (to_score, drafts, submitted) =
            (count(ReviewState::ToScore), count(ReviewState::Draft), count(ReviewState::Submitted));
        let total = dossiers.len();
        let next = dossiers.iter().find(|(_, s)| *s != ReviewState::Submitted).map(|(d, _)| d.dossier_id);
        let mut groups: Vec<Group> = Vec::new();
        for (d, state) in dossiers {
            match groups.last_mut() {
                Some(g) if g.name == d.category => g.rows.push(DossierLine { d, state }),
                _ => groups.push(Group { name: d.category.clone(), rows: vec![DossierLine { d, state }] }),
            }
        }
        Workspace {
            scoring_open: edition.scoring_open(now),
            edition,
            charter_accepted_at,
            groups,
            total,
            to_score,
            drafts,
            submitted,
            percent: (100 * submitted).checked_div(total).unwrap_or(0),
            next,
        }
    }
}

#[derive(Template)]
#[template(path = "jury/home.html")]
pub struct Home<'a> {
    pub page: &'a Page,
    pub phase: Phase,
}

impl Home<'_> {
    /// The greeting's name.
    pub fn name(&self) -> &str {
        self.page.user.as_ref().map_or("", |u| u.display_name.as_str())
    }
}

#[derive(Template)]
#[template(path = "jury/charter.html")]
pub struct Charter<'a> {
    pub page: &'a Page,
    pub form: &'a FormState,
    pub edition: Edition,
    pub accepted_at: Option<i64>,
}

#[derive(Template)]
#[template(path = "jury/conflict.html")]
pub struct ConflictDeclaration<'a> {
    pub page: &'a Page,
    pub form: &'a FormState,
    pub d: AssignedDossier,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jury::views::tests::page;
    use crate::web::view::View;

    fn assigned(id: i64, category: &str, state: Option<&str>) -> AssignedDossier {
        AssignedDossier {
            dossier_id: id,
            reference: Some(format!("LTI-2026-{id:04}")),
            title: format!("Projet {id}"),
            summary: String::new(),
            category: category.into(),
            category_position: 1,
            organisation: format!("Commune {id}"),
            organisation_kind: "commune".into(),
            opened_at: None,
            review_state: state.map(String::from),
            review_updated_at: None,
        }
    }

    #[test]
    fn workspace_groups_by_category_and_points_to_the_next_dossier() {
        let dossiers = vec![
            (assigned(1, "Mobilité", Some("submitted")), ReviewState::Submitted),
            (assigned(2, "Mobilité", Some("draft")), ReviewState::Draft),
            (assigned(3, "Santé", None), ReviewState::ToScore),
        ];
        let w = Workspace::new(Edition::example(), 0, 1_780_000_000, dossiers);
        assert_eq!((w.total, w.submitted, w.drafts, w.to_score, w.percent), (3, 1, 1, 1, 33));
        assert_eq!(w.next, Some(2));
        assert_eq!(w.groups.iter().map(|g| g.rows.len()).collect::<Vec<_>>(), [2, 1]);
        let page = page("/jury");
        let html = Home { page: &page, phase: Phase::Open(Box::new(w)) }.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"<span class="badge badge-review-draft">Brouillon</span>"#), "{html}");
        assert!(html.contains("1 évaluation soumise sur 3"));
        assert!(html.contains(r#"href="/jury/dossiers/2">Reprendre : dossier suivant à évaluer"#));
        assert!(!html.contains("/jury/dossiers/1/conflit"), "a submitted dossier takes no declaration");
        assert!(html.contains("/jury/dossiers/3/conflit"));
    }

    #[test]
    fn home_before_publication_and_without_edition() {
        let page = page("/jury");
        let html = Home { page: &page, phase: Phase::Waiting(Box::new(Edition::example())) }.html();
        assert!(html
            .text()
            .unwrap()
            .contains("Les dossiers de l’édition 2026 ne vous sont pas encore attribués."));
        let html = Home { page: &page, phase: Phase::NoEdition }.html();
        assert!(html.text().unwrap().contains("Aucune édition n’est en cours."));
    }

    #[test]
    fn charter_and_conflict_forms_show_their_errors() {
        let page = page("/jury/charte");
        let mut form = FormState::new();
        form.error("accept", "Cochez la case pour accepter la charte.");
        let html =
            Charter { page: &page, form: &form, edition: Edition::example(), accepted_at: None }.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"aria-invalid="true" aria-describedby="accept-erreur""#), "{html}");
        let html = Charter {
            page: &page,
            form: &form,
            edition: Edition::example(),
            accepted_at: Some(1_780_000_000),
        }
        .html();
        assert!(html.text().unwrap().contains("Vous avez accepté cette charte le"));

        let mut form = FormState::new().keep("reason", "trop court");
        form.error("reason", "Expliquez le lien d’intérêt.");
        let html = ConflictDeclaration { page: &page, form: &form, d: assigned(3, "Santé", None) }.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"action="/jury/dossiers/3/conflit""#));
        assert!(html.contains("LTI-2026-0003 — Projet 3"));
        assert!(html.contains("trop court</textarea>"), "{html}");
    }
}
