//! The organiser's jury pages of an edition: the dashboard (progress and settings), the
//! assignment, the conflicts of interest, the score log and the closing confirmation.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use askama::Template;

use super::{kind_label, tabs, Pager, Tab, ASSIGNMENT_PER_PAGE};
use crate::applications::repo::EligibleDossier;
use crate::editions::admin_base;
use crate::editions::model::{Category, Edition};
use crate::jury::core::conflicts::Scope;
use crate::jury::core::progress::{self, CategoryTally, Count};
use crate::jury::repo::assignments::AssignmentRow;
use crate::jury::repo::conflicts::ConflictRow;
use crate::jury::repo::jurors::JurorRow;
use crate::jury::repo::progress::ShortDossier;
use crate::jury::repo::score_log::ScoreEvent;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;

/// A category's line of the dashboard.
pub struct CategoryLine {
    pub name: String,
    pub dossiers: usize,
    pub complete: usize,
    pub count: Count,
    pub percent: u32,
}

/// A juror's line of the dashboard.
pub struct JurorLine {
    pub j: JurorRow,
    pub kind_label: &'static str,
    pub count: Count,
    pub percent: u32,
    pub behind: bool,
}

/// A dossier still short of submitted reviews.
pub struct ShortLine {
    pub d: ShortDossier,
    pub count: Count,
}

/// A choice of the conflict scope setting.
pub struct ScopeChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// Dossiers short of reviews listed on the dashboard, fewest reviews first; the rest are
/// reached through the assignment page.
pub const SHORT_SHOWN: usize = 20;

#[derive(Template)]
#[template(path = "jury/admin_dashboard.html")]
pub struct Dashboard<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub form: &'a FormState,
    pub edition: Edition,
    pub base: String,
    pub k: usize,
    pub published: bool,
    pub scoring_open: bool,
    pub dossiers: usize,
    pub jurors: usize,
    pub overall: Count,
    pub percent: u32,
    pub by_category: Vec<CategoryLine>,
    /// The jurors of the current page of `pager`.
    pub by_juror: Vec<JurorLine>,
    pub pager: Pager,
    /// The first `SHORT_SHOWN` of the `short_total` dossiers short of reviews.
    pub short: Vec<ShortLine>,
    pub short_total: usize,
    pub short_of_jurors: usize,
    pub behind: usize,
    pub conflicts: usize,
    pub rubric_locked: bool,
    /// The settings as typed (refused) or as stored.
    pub reviewers_per_dossier: String,
    pub scopes: Vec<ScopeChoice>,
    pub assignment_seed: String,
}

/// What the dashboard is computed from: counts made in SQL, and the few rows it prints.
pub struct DashboardFacts {
    pub edition: Edition,
    pub now: i64,
    pub categories: Vec<Category>,
    pub tallies: Vec<CategoryTally>,
    /// Every juror's reviews (for the "behind" rule, over the whole jury).
    pub by_juror: BTreeMap<i64, Count>,
    /// How many jurors there are, and those of the current page of `pager`.
    pub jurors: usize,
    pub juror_page: Vec<JurorRow>,
    pub pager: Pager,
    pub short: Vec<ShortDossier>,
    pub conflicts_active: usize,
    pub rubric_locked: bool,
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl<'a> Dashboard<'a> {
    pub fn new(page: &'a Page, form: &'a FormState, facts: DashboardFacts) -> Self {
        let DashboardFacts {
            edition,
            now,
            categories,
            tallies,
            by_juror,
            jurors,
            juror_page,
            pager,
            short,
            conflicts_active,
            rubric_locked,
        } = facts;
        let k = edition.reviewers_per_dossier.max(1) as usize;
        let p = progress::progress(tallies, &by_juror);
        let by_category = categories
            .iter()
            .map(|c| {
                let tally = p.by_category.get(&c.id).cloned().unwrap_or_default();
                CategoryLine {
                    name: c.name.clone(),
                    dossiers: tally.dossiers,
                    complete: tally.complete,
                    percent: tally.count.percent(),
                    count: tally.count,
                }
            })
            .collect();
        let short = short.into_iter().map(|d| ShortLine { count: d.count(), d }).collect();
        let by_juror = juror_page
            .into_iter()
            .map(|j| {
                let count = by_juror.get(&j.user_id).cloned().unwrap_or_default();
                JurorLine {
                    kind_label: kind_label(&j.kind),
                    percent: count.percent(),
                    count,
                    behind: p.behind.contains(&j.user_id),
                    j,
                }
            })
            .collect();
        let typed = |name: &str, stored: String| form.values.get(name).cloned().unwrap_or(stored);
        let scope = typed("conflict_scope", edition.conflict_scope.clone());
        let scopes = [Scope::Same, Scope::Nested]
            .into_iter()
            .map(|s| ScopeChoice {
                value: s.as_str(),
                label: capitalize(s.label()),
                checked: scope == s.as_str(),
            })
            .collect();
        Dashboard {
            page,
            tabs: tabs(page, Some(edition.year)),
            form,
            base: admin_base(edition.year),
            k,
            published: edition.assignment_published(),
            scoring_open: edition.scoring_open(now),
            dossiers: p.dossiers,
            jurors,
            percent: p.overall.percent(),
            overall: p.overall.clone(),
            by_category,
            by_juror,
            pager,
            short,
            short_total: p.short_of_reviews,
            short_of_jurors: p.short_of_jurors,
            behind: p.behind.len(),
            conflicts: conflicts_active,
            rubric_locked,
            reviewers_per_dossier: typed("reviewers_per_dossier", edition.reviewers_per_dossier.to_string()),
            scopes,
            assignment_seed: typed("assignment_seed", edition.assignment_seed.to_string()),
            edition,
        }
    }
}

/// A juror on a dossier of the assignment page.
pub struct PairLine {
    pub p: AssignmentRow,
    pub kind_label: &'static str,
    pub review_id: Option<i64>,
}

impl PairLine {
    pub fn state(&self) -> &str {
        self.p.review_state.as_deref().unwrap_or_default()
    }
}

/// A juror who could be added to a dossier.
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub load: usize,
    pub selected: bool,
}

/// A dossier of the assignment page.
pub struct DossierLine {
    pub d: EligibleDossier,
    pub pairs: Vec<PairLine>,
    pub assigned: usize,
    pub short: bool,
    pub eligible: usize,
    pub candidates: Vec<Candidate>,
    /// The refusal of an addition to this dossier (field `ajout-<id>`).
    pub errors: Vec<String>,
}

/// An active juror's load.
pub struct LoadLine {
    pub j: JurorRow,
    pub kind_label: &'static str,
    pub load: usize,
}

#[derive(Template)]
#[template(path = "jury/admin_assignment.html")]
pub struct Assignment<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub form: &'a FormState,
    pub edition: Edition,
    pub base: String,
    pub k: usize,
    pub published: bool,
    /// The dossiers of the current page (after the filters).
    pub rows: Vec<DossierLine>,
    pub pager: Pager,
    pub short: usize,
    pub dossier_count: usize,
    /// The category filter's choices.
    pub categories: Vec<Choice>,
    pub only_short: bool,
    pub pairs: usize,
    pub juror_loads: Vec<LoadLine>,
    pub load_min: usize,
    pub load_max: usize,
}

/// What the assignment page is computed from.
pub struct AssignmentFacts {
    pub edition: Edition,
    pub dossiers: Vec<EligibleDossier>,
    pub jurors: Vec<JurorRow>,
    pub pairs: Vec<AssignmentRow>,
    /// Active conflicts, (juror, dossier).
    pub conflicted: BTreeSet<(i64, i64)>,
    /// Review ids by (dossier, juror).
    pub review_ids: HashMap<(i64, i64), i64>,
    pub categories: Vec<Category>,
}

/// The assignment page's filters and page.
#[derive(Debug, Clone, Default)]
pub struct AssignmentQuery {
    pub category: Option<i64>,
    pub only_short: bool,
    pub page: Option<i64>,
}

impl<'a> Assignment<'a> {
    pub fn new(page: &'a Page, form: &'a FormState, facts: AssignmentFacts, query: &AssignmentQuery) -> Self {
        let AssignmentFacts { edition, dossiers, jurors, pairs, conflicted, review_ids, categories } = facts;
        let k = edition.reviewers_per_dossier.max(1) as usize;
        let mut loads: BTreeMap<i64, usize> = jurors.iter().map(|j| (j.user_id, 0)).collect();
        let mut by_dossier: HashMap<i64, Vec<&AssignmentRow>> = HashMap::new();
        for p in &pairs {
            if p.conflicted == 0 {
                *loads.entry(p.juror_id).or_default() += 1;
            }
            by_dossier.entry(p.dossier_id).or_default().push(p);
        }
        let load = |id: i64| loads.get(&id).copied().unwrap_or(0);
        let active: Vec<&JurorRow> = jurors.iter().filter(|j| j.is_active == 1).collect();
        let assigned_of =
            |d: i64| by_dossier.get(&d).map_or(0, |v| v.iter().filter(|p| p.conflicted == 0).count());
        let short_total = dossiers.iter().filter(|d| assigned_of(d.id) < k).count();
        let shown: Vec<&EligibleDossier> = dossiers
            .iter()
            .filter(|d| query.category.is_none_or(|c| d.category_id == c))
            .filter(|d| !query.only_short || assigned_of(d.id) < k)
            .collect();
        let mut href = format!("{}/jury/affectation", admin_base(edition.year));
        let mut params = Vec::new();
        if let Some(c) = query.category {
            params.push(format!("categorie={c}"));
        }
        if query.only_short {
            params.push("incomplets=1".to_string());
        }
        if !params.is_empty() {
            href = format!("{href}?{}", params.join("&"));
        }
        let pager = Pager::sized(shown.len(), query.page, href, ASSIGNMENT_PER_PAGE);
        let typed = |name: &str| form.values.get(name).map(String::as_str);
        let rows = shown[pager.range(shown.len())]
            .iter()
            .map(|d| {
                let mine = by_dossier.get(&d.id).cloned().unwrap_or_default();
                let pairs_of: Vec<PairLine> = mine
                    .iter()
                    .map(|p| PairLine {
                        p: (*p).clone(),
                        kind_label: kind_label(&p.juror_kind),
                        review_id: review_ids.get(&(p.dossier_id, p.juror_id)).copied(),
                    })
                    .collect();
                let assigned = assigned_of(d.id);
                let chosen_here = typed("dossier_id") == Some(d.id.to_string().as_str());
                let candidates = active
                    .iter()
                    .filter(|j| {
                        !conflicted.contains(&(j.user_id, d.id))
                            && !mine.iter().any(|p| p.juror_id == j.user_id)
                    })
                    .map(|j| Candidate {
                        id: j.user_id,
                        name: j.display_name.clone(),
                        load: load(j.user_id),
                        selected: chosen_here && typed("juror_id") == Some(j.user_id.to_string().as_str()),
                    })
                    .collect();
                DossierLine {
                    d: (*d).clone(),
                    pairs: pairs_of,
                    assigned,
                    short: assigned < k,
                    eligible: active.iter().filter(|j| !conflicted.contains(&(j.user_id, d.id))).count(),
                    candidates,
                    errors: form.errors_of(&format!("ajout-{}", d.id)).to_vec(),
                }
            })
            .collect();
        let load_values: Vec<usize> = active.iter().map(|j| load(j.user_id)).collect();
        Assignment {
            page,
            tabs: tabs(page, Some(edition.year)),
            form,
            base: admin_base(edition.year),
            k,
            published: edition.assignment_published(),
            rows,
            pager,
            short: short_total,
            dossier_count: dossiers.len(),
            categories: categories
                .iter()
                .map(|c| Choice {
                    value: c.id,
                    label: c.name.clone(),
                    selected: query.category == Some(c.id),
                })
                .collect(),
            only_short: query.only_short,
            pairs: pairs.iter().filter(|p| p.conflicted == 0).count(),
            juror_loads: active
                .iter()
                .map(|j| LoadLine { j: (*j).clone(), kind_label: kind_label(&j.kind), load: load(j.user_id) })
                .collect(),
            load_min: load_values.iter().min().copied().unwrap_or(0),
            load_max: load_values.iter().max().copied().unwrap_or(0),
            edition,
        }
    }
}

/// A conflict of the conflicts page, with its lifting form's field.
pub struct ConflictLine {
    pub c: ConflictRow,
    pub source_label: &'static str,
    /// `justification-<id>`.
    pub field: String,
}

/// A choice of a select.
pub struct Choice {
    pub value: i64,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "jury/admin_conflicts.html")]
pub struct Conflicts<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub form: &'a FormState,
    pub edition: Edition,
    pub base: String,
    pub scope_label: &'static str,
    /// The conflicts of the current page.
    pub rows: Vec<ConflictLine>,
    pub pager: Pager,
    pub active: usize,
    /// The jurors to choose from; None beyond [`SELECT_MAX_JURORS`]: the juror is named by
    /// e-mail address.
    pub jurors: Option<Vec<Choice>>,
    /// The dossiers to choose from; None beyond [`SELECT_MAX_DOSSIERS`]: the dossier is named
    /// by reference.
    pub dossiers: Option<Vec<Choice>>,
    /// The declaration form is shown open (it was refused).
    pub declare_open: bool,
}

/// Beyond this many jurors, forms name a juror by e-mail rather than offering a select (a
/// select of 500 jurors weighs 40 KB and cannot be browsed).
pub const SELECT_MAX_JURORS: i64 = 100;
/// Beyond this many eligible dossiers, forms name a dossier by reference rather than
/// offering a select.
pub const SELECT_MAX_DOSSIERS: i64 = 300;

fn source_label(source: &str) -> &'static str {
    match source {
        "auto" => "Détecté automatiquement",
        "declared" => "Déclaré par le juré",
        _ => "Déclaré par l’organisation",
    }
}

impl<'a> Conflicts<'a> {
    pub fn new(
        page: &'a Page,
        form: &'a FormState,
        edition: Edition,
        list: Vec<ConflictRow>,
        dossiers: Option<&[EligibleDossier]>,
        jurors: Option<&[JurorRow]>,
        requested_page: Option<i64>,
    ) -> Self {
        let typed = |name: &str| form.values.get(name).map(String::as_str);
        let choice = |name: &str, value: i64, label: String| Choice {
            value,
            label,
            selected: typed(name) == Some(value.to_string().as_str()),
        };
        let base = admin_base(edition.year);
        let pager = Pager::new(list.len(), requested_page, format!("{base}/jury/conflits"));
        let range = pager.range(list.len());
        Conflicts {
            page,
            tabs: tabs(page, Some(edition.year)),
            base,
            scope_label: edition.scope().label(),
            active: list.iter().filter(|c| c.lifted_at.is_none()).count(),
            pager,
            rows: list
                .into_iter()
                .skip(range.start)
                .take(range.len())
                .map(|c| ConflictLine {
                    source_label: source_label(&c.source),
                    field: format!("justification-{}", c.id),
                    c,
                })
                .collect(),
            jurors: jurors.map(|jurors| {
                jurors
                    .iter()
                    .map(|j| choice("juror_id", j.user_id, format!("{} — {}", j.display_name, j.affiliation)))
                    .collect()
            }),
            dossiers: dossiers.map(|dossiers| {
                dossiers
                    .iter()
                    .map(|d| {
                        let reference = d.reference.as_deref().unwrap_or_default();
                        // The reference and the collectivité name a dossier; its title would
                        // double the page's weight at 500 dossiers.
                        choice("dossier_id", d.id, format!("{reference} — {}", d.organisation))
                    })
                    .collect()
            }),
            declare_open: ["juror_id", "dossier_id", "reason"].iter().any(|f| form.has_error(f)),
            form,
            edition,
        }
    }
}

/// A change of the score log, in words.
pub struct LogLine {
    pub e: ScoreEvent,
    pub what: &'static str,
    pub old: String,
    pub new: String,
}

impl LogLine {
    pub fn new(e: ScoreEvent) -> LogLine {
        let what = match e.field.as_str() {
            "score" => "Note",
            "comment" => "Commentaire",
            "overall_comment" => "Appréciation d’ensemble",
            _ => "État",
        };
        let state = |v: &Option<String>| match v.as_deref() {
            Some("submitted") => "soumise".to_string(),
            Some("draft") => "brouillon".to_string(),
            Some(other) => other.to_string(),
            None => "—".to_string(),
        };
        let (old, new) = if e.field == "state" {
            (state(&e.old_value), state(&e.new_value))
        } else {
            (
                e.old_value.clone().unwrap_or_else(|| "—".into()),
                e.new_value.clone().unwrap_or_else(|| "—".into()),
            )
        };
        LogLine { e, what, old, new }
    }
}

#[derive(Template)]
#[template(path = "jury/admin_log.html")]
pub struct Log<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub edition: Edition,
    pub base: String,
    pub rows: Vec<LogLine>,
    pub filtered: bool,
    pub pager: Pager,
}

impl<'a> Log<'a> {
    /// `events`: the current page's changes; `pager` built from their total.
    pub fn new(
        page: &'a Page,
        edition: Edition,
        events: Vec<ScoreEvent>,
        filtered: bool,
        pager: Pager,
    ) -> Self {
        Log {
            page,
            tabs: tabs(page, Some(edition.year)),
            base: admin_base(edition.year),
            rows: events.into_iter().map(LogLine::new).collect(),
            filtered,
            pager,
            edition,
        }
    }

    /// The log's address with its filters, for the pager.
    pub fn href(year: i64, dossier: Option<i64>, juror: Option<i64>) -> String {
        let mut href = format!("{}/jury/journal", admin_base(year));
        let params: Vec<String> = [("dossier", dossier), ("jure", juror)]
            .into_iter()
            .filter_map(|(name, v)| v.map(|v| format!("{name}={v}")))
            .collect();
        if !params.is_empty() {
            href = format!("{href}?{}", params.join("&"));
        }
        href
    }
}

#[derive(Template)]
#[template(path = "jury/close_confirm.html")]
pub struct CloseConfirm<'a> {
    pub page: &'a Page,
    pub edition: Edition,
    pub base: String,
    pub count: Count,
    pub missing: usize,
}

impl<'a> CloseConfirm<'a> {
    pub fn new(page: &'a Page, edition: Edition, count: Count) -> Self {
        CloseConfirm {
            page,
            base: admin_base(edition.year),
            missing: count.assigned.saturating_sub(count.submitted),
            count,
            edition,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::jury::views::tests::page;
    use crate::web::view::View;

    pub fn dossier(id: i64, category_id: i64) -> EligibleDossier {
        EligibleDossier {
            id,
            reference: Some(format!("LTI-2026-{id:04}")),
            title: format!("Projet {id}"),
            summary: String::new(),
            organisation: format!("Commune {id}"),
            siren: None,
            departement: None,
            category_id,
            category_slug: format!("c{category_id}"),
            category: format!("Catégorie {category_id}"),
            category_position: category_id,
        }
    }

    pub fn juror(id: i64) -> JurorRow {
        JurorRow {
            user_id: id,
            email: format!("j{id}@example.org"),
            display_name: format!("Juré {id}"),
            is_active: 1,
            activated: 1,
            collectivite_id: None,
            affiliation: "Inria".into(),
            kind: "expert".into(),
            preferred: String::new(),
        }
    }

    fn pair(id: i64, dossier: i64, juror: i64, state: Option<&str>) -> AssignmentRow {
        AssignmentRow {
            id,
            dossier_id: dossier,
            juror_id: juror,
            origin: "auto".into(),
            created_at: 0,
            opened_at: None,
            juror_name: format!("Juré {juror}"),
            juror_kind: "expert".into(),
            review_state: state.map(String::from),
            conflicted: 0,
        }
    }

    fn category(id: i64) -> Category {
        Category {
            id,
            edition_id: 1,
            slug: format!("c{id}"),
            name: format!("Catégorie {id}"),
            description: String::new(),
            position: id,
        }
    }

    fn edition() -> Edition {
        Edition { year: 2026, reviewers_per_dossier: 2, ..Edition::example() }
    }

    #[test]
    fn dashboard_counts_progress_and_keeps_typed_settings() {
        let page = page("/admin/editions/2026/jury");
        let mut form = FormState::new().keep("reviewers_per_dossier", "99");
        form.error("reviewers_per_dossier", "Le nombre de jurés par dossier est un entier de 1 à 10.");
        let short = |id: i64, submitted: i64, assigned: i64| ShortDossier {
            id,
            reference: Some(format!("LTI-2026-{id:04}")),
            title: format!("Projet {id}"),
            organisation: format!("Commune {id}"),
            category: "Catégorie 1".into(),
            submitted,
            assigned,
        };
        let facts = DashboardFacts {
            edition: edition(),
            now: 0,
            categories: vec![category(1), category(2)],
            tallies: vec![CategoryTally {
                category: 1,
                dossiers: 25,
                complete: 0,
                short_of_jurors: 24,
                count: Count { assigned: 2, submitted: 1, drafts: 1 },
            }],
            by_juror: [
                (10, Count { assigned: 1, submitted: 1, drafts: 0 }),
                (11, Count { assigned: 1, submitted: 0, drafts: 1 }),
            ]
            .into_iter()
            .collect(),
            jurors: 51,
            juror_page: vec![juror(10), juror(11)],
            pager: Pager::new(51, None, "/admin/editions/2026/jury".into()),
            short: (1..=20).map(|id| short(id, i64::from(id == 1), if id == 1 { 2 } else { 0 })).collect(),
            conflicts_active: 3,
            rubric_locked: true,
        };
        let view = Dashboard::new(&page, &form, facts);
        assert_eq!((view.overall.assigned, view.overall.submitted, view.percent), (2, 1, 50));
        let html = view.html();
        let html = html.text().unwrap();
        assert!(
            html.contains(r#"<a href="/admin/editions/2026/jury" aria-current="page">Suivi</a>"#),
            "{html}"
        );
        assert!(html.contains("<div><dt>Conflits actifs</dt><dd>3</dd></div>"));
        assert!(html.contains(r#"value="99""#));
        assert!(html.contains(r#"aria-invalid="true" aria-describedby="reviewers_per_dossier-erreur""#));
        assert!(html.contains("La collectivité du juré seulement"));
        assert!(html.contains("LTI-2026-0002"), "dossier 2 has no review");
        assert!(html.contains("verrouillée"));
        // Juror 11 (0 %) trails the jury (50 %) by more than 20 points.
        assert!(html.contains(r#"Juré 11</a> <span class="badge badge-warning">En retard</span>"#), "{html}");
        assert!(html.contains("<td data-label=\"Dossiers complets\">0 / 25</td>"));
        assert!(html.contains("<td data-label=\"Dossiers\">0</td>"), "a category without dossiers is listed");
        assert!(html.contains("24 dossiers n’ont pas encore 2 jurés."));
        assert!(html.contains("Les 20 dossiers les moins avancés sont listés, sur 25."));
        assert!(html.contains(r#"href="/admin/editions/2026/jury/affectation?incomplets=1""#));
        assert!(html.contains(r#"href="/admin/editions/2026/jury?page=2""#), "51 jurors, 50 a page");
    }

    #[test]
    fn assignment_page_filters_paginates_and_offers_candidates() {
        let page = page("/admin/editions/2026/jury/affectation");
        let dossiers: Vec<_> = (1..=120).map(|i| dossier(i, 1 + i % 2)).collect();
        let facts = AssignmentFacts {
            edition: edition(),
            dossiers,
            jurors: vec![juror(10), juror(11), juror(12)],
            pairs: vec![pair(1, 2, 10, Some("submitted")), pair(2, 2, 11, None)],
            conflicted: [(12, 2)].into_iter().collect(),
            review_ids: [((2, 10), 77)].into_iter().collect(),
            categories: vec![category(1), category(2)],
        };
        let query = AssignmentQuery { category: Some(1), only_short: false, page: Some(2) };
        let empty = FormState::new();
        let view = Assignment::new(&page, &empty, facts, &query);
        assert_eq!((view.pager.current, view.pager.pages), (2, 3), "60 dossiers in category 1, 20 a page");
        assert_eq!(view.rows.len(), 20);
        assert_eq!(view.short, 119);
        assert_eq!((view.load_min, view.load_max), (0, 1));
        let html = view.html();
        let html = html.text().unwrap();
        assert!(
            html.contains(r#"href="/admin/editions/2026/jury/affectation?categorie=1&#38;page=1""#),
            "{html}"
        );
        assert!(html.contains(r#"<option value="1" selected>Catégorie 1</option>"#));
        assert!(!html.contains(r#"id="dossier-2""#), "dossier 2 is in category 2");

        let facts = AssignmentFacts {
            edition: edition(),
            dossiers: vec![dossier(2, 1)],
            jurors: vec![juror(10), juror(11), juror(12), juror(13)],
            pairs: vec![pair(1, 2, 10, Some("submitted")), pair(2, 2, 11, None)],
            conflicted: [(12, 2)].into_iter().collect(),
            review_ids: [((2, 10), 77)].into_iter().collect(),
            categories: vec![category(1)],
        };
        let mut form = FormState::new().keep("dossier_id", "2").keep("juror_id", "13");
        form.error("ajout-2", "Choisissez un juré actif.");
        let view = Assignment::new(&page, &form, facts, &AssignmentQuery::default());
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("/jury/evaluations/77/rouvrir"));
        assert!(html.contains("/jury/affectation/2/retirer"));
        assert!(html.contains(r#"<option value="13" selected>Juré 13 — 0 dossier</option>"#), "{html}");
        assert!(!html.contains(r#"<option value="12""#), "juror 12 is conflicted");
        assert!(html.contains(r#"<p class="field-error" id="ajout-2-erreur">Choisissez un juré actif.</p>"#));
        assert!(!html.contains("pagination"));
    }

    fn conflict(id: i64, source: &str, lifted: bool) -> ConflictRow {
        ConflictRow {
            id,
            dossier_id: 2,
            juror_id: 10,
            source: source.into(),
            reason: "Ancien agent".into(),
            created_at: 1_780_000_000,
            lifted_at: lifted.then_some(1_780_100_000),
            lift_reason: lifted.then(|| "Plus de lien".to_string()),
            juror_name: "Juré 10".into(),
            dossier_reference: Some("LTI-2026-0002".into()),
            dossier_title: "Projet 2".into(),
            organisation: "Commune 2".into(),
            lifted_by_name: lifted.then(|| "Orga".to_string()),
        }
    }

    #[test]
    fn conflicts_page_offers_lifting_only_active_automatic_conflicts() {
        let page = page("/admin/editions/2026/jury/conflits");
        let mut form = FormState::new().keep("justification-1", "court");
        form.error("justification-1", "Justifiez la levée du conflit par écrit.");
        let list =
            vec![conflict(1, "auto", false), conflict(2, "declared", false), conflict(3, "auto", true)];
        let view = Conflicts::new(
            &page,
            &form,
            edition(),
            list.clone(),
            Some(&[dossier(2, 1)]),
            Some(&[juror(10)]),
            None,
        );
        assert_eq!(view.active, 2);
        assert!(!view.declare_open);
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("/jury/conflits/1/lever"));
        assert!(!html.contains("/jury/conflits/2/lever"));
        assert!(!html.contains("/jury/conflits/3/lever"));
        assert!(html.contains("Déclaré par le juré"));
        assert!(html.contains(" par Orga<br>"), "{html}");
        assert!(html.contains(">court</textarea>"));
        assert!(html.contains(r#"<option value="2">LTI-2026-0002 — Commune 2</option>"#));
        assert!(!html.contains("pagination"), "one page");

        // A large edition: the juror is named by e-mail, the dossier by reference.
        let view = Conflicts::new(&page, &form, edition(), list, None, None, None);
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"name="juror_email""#) && html.contains(r#"name="dossier_reference""#));
        assert!(!html.contains(r#"<select id="dossier_id""#) && !html.contains(r#"<select id="juror_id""#));
    }

    #[test]
    fn conflicts_are_listed_fifty_a_page() {
        let page = page("/admin/editions/2026/jury/conflits");
        let form = FormState::new();
        let list: Vec<ConflictRow> = (1..=120)
            .map(|id| ConflictRow {
                id,
                dossier_id: 2,
                juror_id: 10,
                source: "auto".into(),
                reason: format!("Motif {id}"),
                created_at: 0,
                lifted_at: None,
                lift_reason: None,
                juror_name: "Juré".into(),
                dossier_reference: Some("LTI-2026-0002".into()),
                dossier_title: "Projet".into(),
                organisation: "Commune".into(),
                lifted_by_name: None,
            })
            .collect();
        let view = Conflicts::new(
            &page,
            &form,
            edition(),
            list,
            Some(&[dossier(2, 1)]),
            Some(&[juror(10)]),
            Some(3),
        );
        assert_eq!((view.pager.current, view.pager.pages), (3, 3));
        assert_eq!(view.rows.len(), 20);
        assert_eq!(view.rows[0].c.id, 101);
        assert_eq!(view.active, 120, "the count covers every page");
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"href="/admin/editions/2026/jury/conflits?page=2""#), "{html}");
    }

    #[test]
    fn log_lines_name_the_element_and_the_states() {
        let event = |field: &str, old: Option<&str>, new: Option<&str>| ScoreEvent {
            id: 1,
            review_id: 1,
            at: 1_780_000_000,
            author: None,
            juror: "Juré 10".into(),
            juror_id: 10,
            dossier_id: 2,
            dossier_reference: Some("LTI-2026-0002".into()),
            criterion: None,
            field: field.into(),
            old_value: old.map(String::from),
            new_value: new.map(String::from),
        };
        let line = LogLine::new(event("state", Some("draft"), Some("submitted")));
        assert_eq!((line.what, line.old.as_str(), line.new.as_str()), ("État", "brouillon", "soumise"));
        let page = page("/admin/editions/2026/jury/journal");
        let pager = Pager::new(51, Some(2), Log::href(2026, None, Some(10)));
        let view = Log::new(&page, edition(), vec![event("score", None, Some("4"))], true, pager);
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("<td data-label=\"Élément\">Note</td>"), "{html}");
        assert!(html.contains("<td data-label=\"Auteur\">—</td>"));
        assert!(html.contains("← Tout le journal"));
        assert!(html.contains(r#"href="/admin/editions/2026/jury/journal?jure=10&#38;page=1""#));
    }

    #[test]
    fn closing_confirmation_counts_the_missing_reviews() {
        let page = page("/admin/editions/2026/jury/cloture");
        let view = CloseConfirm::new(&page, edition(), Count { assigned: 1200, submitted: 1000, drafts: 5 });
        let html = view.html();
        let html = html.text().unwrap();
        assert!(
            html.contains(
                "200 évaluations attendues sur 1\u{202f}200 ne sont pas soumises, dont 5 brouillons."
            ),
            "{html}"
        );
        let view = CloseConfirm::new(&page, edition(), Count { assigned: 3, submitted: 3, drafts: 0 });
        assert!(view.html().text().unwrap().contains("Toutes les évaluations attendues (3) sont soumises."));
    }
}
