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
use crate::jury::repo::assignments::{AssignmentRow, JurorLoad, Totals};
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
        let scope = typed("conflict_scope", edition.scope.as_str().to_string());
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
    pub load: i64,
    pub selected: bool,
}

/// A dossier of the assignment page.
pub struct DossierLine {
    pub d: EligibleDossier,
    pub pairs: Vec<PairLine>,
    pub assigned: usize,
    pub short: bool,
    pub eligible: usize,
    /// The jurors of the select (small juries only).
    pub candidates: Vec<Candidate>,
    /// Large juries: a juror may still be added (the text field is offered).
    pub open: bool,
    /// Large juries: what was typed in the refused addition to this dossier.
    pub typed: String,
    /// The refusal of an addition to this dossier (field `ajout-<id>`).
    pub errors: Vec<String>,
}

/// An active juror's load.
pub struct LoadLine {
    pub j: JurorLoad,
    pub kind_label: &'static str,
}

/// How many active jurors have `load` dossiers.
pub struct SpreadLine {
    pub load: i64,
    pub jurors: i64,
}

/// The active jurors as the assignment page shows them.
pub enum JurorLoads {
    /// A small jury: each juror, by name (the loads list and the selects).
    Each(Vec<JurorLoad>),
    /// A large jury: how the load spreads, (dossiers, jurors with that many).
    Spread(Vec<(i64, i64)>),
}

/// Above this many active jurors, the assignment page shows the spread of the loads rather
/// than each juror, and a juror is added by name or e-mail rather than from a select (20
/// selects of 500 options weighed a megabyte). Measured on the demo, a page of 20 dossiers
/// weighs 59 KB and 840 elements without its selects, and each option 77 bytes: 25 jurors
/// keep it under the budget of 100 KB and 1 500 elements; 60 would not.
pub const JUROR_SELECT_MAX: i64 = 25;

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
    pub short: i64,
    pub dossier_count: i64,
    /// The category filter's choices.
    pub categories: Vec<Choice>,
    pub only_short: bool,
    /// The filters and page, kept by the addition forms: (name, value).
    pub kept: Vec<(&'static str, String)>,
    pub pairs: i64,
    pub active_jurors: i64,
    /// Each active juror's load (small juries), else empty.
    pub juror_loads: Vec<LoadLine>,
    /// The spread of the loads (large juries), else empty.
    pub spread: Vec<SpreadLine>,
    /// A juror is added by name or e-mail (large juries).
    pub by_name: bool,
    pub load_min: i64,
    pub load_max: i64,
}

/// What the assignment page is computed from: the page's dossiers and what the page prints
/// about them, and the edition's totals.
pub struct AssignmentFacts {
    pub edition: Edition,
    pub totals: Totals,
    /// The dossiers of the current page.
    pub dossiers: Vec<EligibleDossier>,
    /// Their pairs, flagged with the conflicts standing.
    pub pairs: Vec<AssignmentRow>,
    /// Conflicts standing on those dossiers with active jurors, (juror, dossier).
    pub conflicted: BTreeSet<(i64, i64)>,
    pub active_jurors: i64,
    pub jurors: JurorLoads,
    pub categories: Vec<Category>,
    pub pager: Pager,
}

/// The assignment page's filters and page.
#[derive(Debug, Clone, Default)]
pub struct AssignmentQuery {
    pub category: Option<i64>,
    pub only_short: bool,
    pub page: Option<i64>,
}

impl AssignmentQuery {
    /// The filters and page a form of the assignment page sends back (hidden fields `kept`).
    pub fn sent(categorie: Option<i64>, incomplets: Option<&str>, page: Option<i64>) -> AssignmentQuery {
        AssignmentQuery { category: categorie, only_short: incomplets.is_some_and(|v| !v.is_empty()), page }
    }

    /// The page's address with its filters, for the pager.
    pub fn href(&self, year: i64) -> String {
        let mut href = format!("{}/jury/affectation", admin_base(year));
        let mut params = Vec::new();
        if let Some(c) = self.category {
            params.push(format!("categorie={c}"));
        }
        if self.only_short {
            params.push("incomplets=1".to_string());
        }
        if !params.is_empty() {
            href = format!("{href}?{}", params.join("&"));
        }
        href
    }

    /// Where an act on one of the page's dossiers returns: this page, at the dossier's row.
    pub fn back(&self, year: i64, dossier: i64) -> String {
        let href = self.href(year);
        match self.page.filter(|p| *p > 1) {
            Some(p) => {
                let sep = if href.contains('?') { '&' } else { '?' };
                format!("{href}{sep}page={p}#dossier-{dossier}")
            }
            None => format!("{href}#dossier-{dossier}"),
        }
    }

    /// The filters and page as hidden fields of the page's forms, so that a refused addition
    /// is shown on the same page: (name, value).
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(c) = self.category {
            fields.push(("categorie", c.to_string()));
        }
        if self.only_short {
            fields.push(("incomplets", "1".to_string()));
        }
        if let Some(p) = self.page.filter(|p| *p > 1) {
            fields.push(("page", p.to_string()));
        }
        fields
    }

    /// The pager over `shown` dossiers.
    pub fn pager(&self, year: i64, shown: i64) -> Pager {
        Pager::sized(usize::try_from(shown).unwrap_or(0), self.page, self.href(year), ASSIGNMENT_PER_PAGE)
    }
}

impl<'a> Assignment<'a> {
    pub fn new(page: &'a Page, form: &'a FormState, facts: AssignmentFacts, query: &AssignmentQuery) -> Self {
        let AssignmentFacts {
            edition,
            totals,
            dossiers,
            pairs,
            conflicted,
            active_jurors,
            jurors,
            categories,
            pager,
        } = facts;
        let k = edition.reviewers_per_dossier.max(1) as usize;
        let mut by_dossier: HashMap<i64, Vec<&AssignmentRow>> = HashMap::new();
        for p in &pairs {
            by_dossier.entry(p.dossier_id).or_default().push(p);
        }
        let by_name = active_jurors > JUROR_SELECT_MAX;
        let each: &[JurorLoad] = match &jurors {
            JurorLoads::Each(each) if !by_name => each,
            _ => &[],
        };
        let typed = |name: &str| form.values.get(name).map(String::as_str);
        let rows = dossiers
            .into_iter()
            .map(|d| {
                let mine = by_dossier.get(&d.id).cloned().unwrap_or_default();
                let pairs_of: Vec<PairLine> = mine
                    .iter()
                    .map(|p| PairLine {
                        p: (*p).clone(),
                        kind_label: kind_label(&p.juror_kind),
                        review_id: p.review_id,
                    })
                    .collect();
                let assigned = mine.iter().filter(|p| p.conflicted == 0).count();
                let chosen_here = typed("dossier_id") == Some(d.id.to_string().as_str());
                let candidates = each
                    .iter()
                    .filter(|j| {
                        !conflicted.contains(&(j.user_id, d.id))
                            && !mine.iter().any(|p| p.juror_id == j.user_id)
                    })
                    .map(|j| Candidate {
                        id: j.user_id,
                        name: j.display_name.clone(),
                        load: j.assigned,
                        selected: chosen_here && typed("juror_id") == Some(j.user_id.to_string().as_str()),
                    })
                    .collect();
                let conflicted_here = conflicted.iter().filter(|(_, dossier)| *dossier == d.id).count();
                let eligible = usize::try_from(active_jurors).unwrap_or(0).saturating_sub(conflicted_here);
                DossierLine {
                    pairs: pairs_of,
                    assigned,
                    short: assigned < k,
                    eligible,
                    candidates,
                    open: eligible > assigned,
                    typed: if chosen_here {
                        typed("juror").unwrap_or_default().to_string()
                    } else {
                        String::new()
                    },
                    errors: form.errors_of(&format!("ajout-{}", d.id)).to_vec(),
                    d,
                }
            })
            .collect();
        let (juror_loads, spread): (Vec<LoadLine>, Vec<SpreadLine>) = match jurors {
            JurorLoads::Each(each) => (
                each.into_iter().map(|j| LoadLine { kind_label: kind_label(&j.kind), j }).collect(),
                Vec::new(),
            ),
            JurorLoads::Spread(spread) => {
                (Vec::new(), spread.into_iter().map(|(load, jurors)| SpreadLine { load, jurors }).collect())
            }
        };
        let loads: Vec<i64> =
            juror_loads.iter().map(|l| l.j.assigned).chain(spread.iter().map(|s| s.load)).collect();
        Assignment {
            page,
            tabs: tabs(page, Some(edition.year)),
            form,
            base: admin_base(edition.year),
            k,
            published: edition.assignment_published(),
            rows,
            pager,
            short: totals.short,
            dossier_count: totals.dossiers,
            categories: categories
                .iter()
                .map(|c| Choice {
                    value: c.id,
                    label: c.name.clone(),
                    selected: query.category == Some(c.id),
                })
                .collect(),
            only_short: query.only_short,
            kept: query.hidden(),
            pairs: totals.pairs,
            active_jurors,
            juror_loads,
            spread,
            by_name,
            load_min: loads.iter().min().copied().unwrap_or(0),
            load_max: loads.iter().max().copied().unwrap_or(0),
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
            review_id: (state.is_some()).then_some(77),
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

    fn load(id: i64, assigned: i64) -> JurorLoad {
        JurorLoad { user_id: id, display_name: format!("Juré {id}"), kind: "expert".into(), assigned }
    }

    #[test]
    fn assignment_page_paginates_and_offers_candidates() {
        let page = page("/admin/editions/2026/jury/affectation");
        let query = AssignmentQuery { category: Some(1), only_short: false, page: Some(2) };
        let facts = AssignmentFacts {
            edition: edition(),
            totals: Totals { pairs: 2, dossiers: 120, short: 119, shown: 60 },
            dossiers: (21..=40).map(|i| dossier(2 * i - 1, 1)).collect(),
            pairs: Vec::new(),
            conflicted: BTreeSet::new(),
            active_jurors: 3,
            jurors: JurorLoads::Each(vec![load(10, 1), load(11, 0), load(12, 0)]),
            categories: vec![category(1), category(2)],
            pager: query.pager(2026, 60),
        };
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
        assert!(html.contains("2 attributions, 120 dossiers recevables"), "{html}");
        assert!(html.contains(r#"<input type="hidden" name="page" value="2">"#), "{html}");
        assert_eq!(
            query.back(2026, 41),
            "/admin/editions/2026/jury/affectation?categorie=1&page=2#dossier-41"
        );

        let facts = AssignmentFacts {
            edition: edition(),
            totals: Totals { pairs: 2, dossiers: 1, short: 0, shown: 1 },
            dossiers: vec![dossier(2, 1)],
            pairs: vec![pair(1, 2, 10, Some("submitted")), pair(2, 2, 11, None)],
            conflicted: [(12, 2)].into_iter().collect(),
            active_jurors: 4,
            jurors: JurorLoads::Each(vec![load(10, 1), load(11, 1), load(12, 0), load(13, 0)]),
            categories: vec![category(1)],
            pager: AssignmentQuery::default().pager(2026, 1),
        };
        let mut form = FormState::new().keep("dossier_id", "2").keep("juror_id", "13");
        form.error("ajout-2", "Choisissez un juré actif.");
        let view = Assignment::new(&page, &form, facts, &AssignmentQuery::default());
        assert_eq!(view.rows[0].eligible, 3, "juror 12 is conflicted");
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("/jury/evaluations/77/rouvrir"));
        assert!(html.contains("/jury/affectation/2/retirer"));
        assert!(html.contains(r#"<option value="13" selected>Juré 13 — 0 dossier</option>"#), "{html}");
        assert!(!html.contains(r#"<option value="12""#), "juror 12 is conflicted");
        assert!(html.contains(r#"<p class="field-error" id="ajout-2-erreur">Choisissez un juré actif.</p>"#));
        assert!(!html.contains("pagination"));
    }

    #[test]
    fn a_large_jury_is_summed_up_and_named_in_a_text_field() {
        let page = page("/admin/editions/2026/jury/affectation");
        let facts = AssignmentFacts {
            edition: edition(),
            totals: Totals { pairs: 2, dossiers: 2, short: 1, shown: 2 },
            dossiers: vec![dossier(2, 1), dossier(3, 1)],
            pairs: vec![pair(1, 2, 10, None), pair(2, 2, 11, None)],
            conflicted: BTreeSet::new(),
            active_jurors: 500,
            jurors: JurorLoads::Spread(vec![(0, 498), (1, 2)]),
            categories: vec![category(1)],
            pager: AssignmentQuery::default().pager(2026, 2),
        };
        let mut form = FormState::new().keep("dossier_id", "3").keep("juror", "anne");
        form.error("ajout-3", "Plusieurs jurés correspondent à « anne ».");
        let view = Assignment::new(&page, &form, facts, &AssignmentQuery::default());
        assert!(view.by_name && view.juror_loads.is_empty());
        assert_eq!((view.load_min, view.load_max), (0, 1));
        let html = view.html();
        let html = html.text().unwrap();
        assert!(!html.contains("<option value=\"10\""), "no select of 500 jurors");
        assert!(html.contains("498 jurés : 0 dossier</li>"), "{html}");
        assert!(html.contains(r#"name="juror" value="anne""#), "{html}");
        assert!(html.contains(r#"<input type="text" id="ajout-2" name="juror" value="""#));
        assert!(html.contains(r#"aria-describedby="ajout-3-erreur""#));
        assert!(html.contains(r#"<label class="visually-hidden" for="ajout-3">"#));
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
