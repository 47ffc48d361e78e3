//! The juror's workspace: the home page (their dossiers and progress), the charter and the
//! declaration of a conflict of interest.

use askama::Template;

use crate::applications::views::DossierView;
use crate::editions::model::Edition;
use crate::jury::core::model::ReviewState;
use crate::jury::core::rubric::Rubric;
use crate::jury::core::scoring;
use crate::jury::repo::criteria::CriterionRow;
use crate::jury::repo::reviews::{Around, AssignedDossier, Review};
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

/// Where a dossier stands in the juror's list: "Dossier 3 sur 12", previous and next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Neighbours {
    /// 1-based.
    pub position: usize,
    pub count: usize,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}

impl From<Around> for Neighbours {
    fn from(a: Around) -> Neighbours {
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Neighbours { position: count(a.position), count: count(a.count), previous: a.previous, next: a.next }
    }
}

/// A level of the scale offered for a criterion.
pub struct Level {
    pub value: i64,
    pub anchor: String,
    pub checked: bool,
}

/// A criterion of the scoring form, with what was typed and its errors.
pub struct CriterionInput {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub weight: i64,
    pub eliminatory_below: Option<i64>,
    pub levels: Vec<Level>,
    pub score_field: String,
    pub comment_field: String,
    pub comment: String,
    pub errors: Vec<String>,
    pub comment_errors: Vec<String>,
}

/// The scoring form's criteria: each with its levels (value, anchor, checked), its comment
/// and its errors, from `form`.
pub fn criteria_inputs(rubric: &Rubric, rows: &[CriterionRow], form: &FormState) -> Vec<CriterionInput> {
    rows.iter()
        .map(|c| {
            let criterion = c.to_criterion();
            let score_field = scoring::score_field(c.id);
            let comment_field = scoring::comment_field(c.id);
            let chosen = form.value(&score_field);
            let levels = rubric
                .levels()
                .zip(criterion.anchors.iter().map(String::as_str).chain(std::iter::repeat("")))
                .map(|(value, anchor)| Level {
                    value,
                    anchor: anchor.to_string(),
                    checked: chosen == value.to_string(),
                })
                .collect();
            CriterionInput {
                id: c.id,
                name: c.name.clone(),
                description: c.description.clone(),
                weight: c.weight,
                eliminatory_below: c.eliminatory_below,
                levels,
                comment: form.value(&comment_field).to_string(),
                errors: form.errors_of(&score_field).to_vec(),
                comment_errors: form.errors_of(&comment_field).to_vec(),
                score_field,
                comment_field,
            }
        })
        .collect()
}

/// A dossier read by the juror, with the scoring form under it.
#[derive(Template)]
#[template(path = "jury/dossier.html")]
pub struct JurorDossier<'a> {
    pub page: &'a Page,
    pub d: DossierView,
    pub form: FormState,
    pub criteria: Vec<CriterionInput>,
    pub scale_min: i64,
    pub scale_max: i64,
    pub review: Option<Review>,
    pub review_state: ReviewState,
    pub scoring_open: bool,
    pub around: Neighbours,
    /// The version of the review the form was opened at (see `web::stale`).
    pub version: String,
    pub overall_hint: String,
    pub comment_max: usize,
}

impl<'a> JurorDossier<'a> {
    #[expect(clippy::too_many_arguments, reason = "the page's independent facts, each named")]
    pub fn new(
        page: &'a Page,
        d: DossierView,
        rubric: &Rubric,
        rows: &[CriterionRow],
        form: FormState,
        review: Option<Review>,
        review_state: ReviewState,
        now: i64,
        around: Neighbours,
    ) -> Self {
        let typed = form.value(crate::web::stale::FIELD);
        let version = match (&review, typed.is_empty()) {
            (_, false) => typed.to_string(),
            (Some(r), true) => r.version.to_string(),
            (None, true) => "0".to_string(),
        };
        JurorDossier {
            page,
            criteria: criteria_inputs(rubric, rows, &form),
            scale_min: rubric.scale_min,
            scale_max: rubric.scale_max,
            scoring_open: d.edition.scoring_open(now),
            d,
            form,
            review_state,
            around,
            version,
            overall_hint: format!(
                "Points forts, points faibles, ce qui a emporté votre avis. {} caractères au moins pour soumettre.",
                scoring::OVERALL_MIN
            ),
            comment_max: scoring::COMMENT_MAX,
            review,
        }
    }

    /// The review, once submitted.
    pub fn submitted(&self) -> Option<&Review> {
        self.review.as_ref().filter(|r| r.state == "submitted")
    }
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
            category: category.into(),
            organisation: format!("Commune {id}"),
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

    #[test]
    fn neighbours_in_the_jurors_list() {
        let around = Around { position: 2, count: 3, previous: Some(4), next: Some(2) };
        assert_eq!(
            Neighbours::from(around),
            Neighbours { position: 2, count: 3, previous: Some(4), next: Some(2) }
        );
    }

    #[test]
    fn dossier_page_shows_the_scoring_form_with_what_was_typed() {
        use crate::applications::views::{tests::dossier, Viewer};
        let page = page("/jury/dossiers/7");
        let rubric = Rubric { scale_min: 0, scale_max: 2, criteria: Vec::new() };
        let row = CriterionRow {
            id: 5,
            edition_id: 1,
            slug: "impact".into(),
            name: "Impact".into(),
            description: "Ce que change le projet.".into(),
            weight: 30,
            eliminatory_below: Some(1),
            anchors: r#"["Aucun","Modeste","Fort"]"#.into(),
            position: 1,
        };
        let mut form = FormState::new().keep("note-5", "2").keep("commentaire-5", "Net").keep("version", "3");
        form.error("overall_comment", "L’appréciation d’ensemble est trop courte.");
        let d = DossierView::new(Viewer::Juror, dossier(), Edition::example(), None, vec![], vec![]);
        let around = Neighbours { position: 2, count: 3, previous: Some(4), next: None };
        let view = JurorDossier::new(&page, d, &rubric, &[row], form, None, ReviewState::Draft, 0, around);
        assert_eq!(view.version, "3");
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("Dossier 2 sur 3"), "{html}");
        assert!(html.contains(r#"<a href="/jury/dossiers/4">‹ Précédent</a>"#));
        assert!(!html.contains("Suivant ›"));
        assert!(html.contains(r#"<span class="badge badge-review-draft">Brouillon</span>"#));
        assert!(html.contains(r#"<input type="radio" name="note[5]" value="2" checked> <span class="level-value">2</span> <span class="level-anchor">Fort</span>"#));
        assert!(html.contains("(poids 30 — éliminatoire sous 1)"));
        assert!(html.contains(">Net</textarea>"));
        assert!(html.contains("20 caractères au moins pour soumettre."));
        assert!(html.contains(r#"value="brouillon""#), "a draft can still be saved as such");
        assert!(html.contains("/jury/dossiers/7/pieces") || !html.contains("pieces/"), "juror downloads");
    }
}
