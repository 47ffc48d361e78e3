//! The views of the results: the organiser's deliberation (one category at a time) and the
//! confirmation of a publication; the public palmarès (index, one year) and the verification
//! of a certificate. Each is built by a pure function from domain values.

use std::collections::HashMap;

use askama::Template;

use super::core::certificate::Level;
use super::core::deliberation::Method;
use super::core::laureates::LevelRule;
use super::core::ranking::{Aggregate, TieRule};
use super::core::release::ShortCategory;
use super::core::settings::tie_rule_value;
use super::repo::publications::{LaureateRow, Publication};
use super::repo::{DossierLine, Inputs};
use super::service::{Deliberated, Plan};
use crate::editions::admin_base;
use crate::editions::model::{Category, Edition};
use crate::jury::core::progress::Count;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;
use crate::web::pager::Pager;

/// An option of a select or a radio button.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choice(value: impl Into<String>, label: impl Into<String>, chosen: &str) -> Choice {
    let value = value.into();
    let selected = value == chosen;
    Choice { value, label: label.into(), selected }
}

/// A category's tab: its link and a one-line summary.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTab {
    pub slug: String,
    pub name: String,
    /// Eligible dossiers.
    pub dossiers: usize,
    /// Dossiers with a rank.
    pub ranked: usize,
    /// Dossiers with enough reviews to be ranked.
    pub rankable: usize,
    /// Laureates after the adjustments.
    pub laureates: usize,
    pub current: bool,
}

/// A juror's review of a dossier, as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewCell {
    pub juror: String,
    pub score: f64,
    pub corrected: f64,
}

/// A dossier's (rank, aggregate) under one method, in the order of the column's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodCell {
    pub rank: Option<usize>,
    pub aggregate: Option<f64>,
}

/// A ranked dossier of the shown category.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub organisation: String,
    pub rank: Option<usize>,
    pub tie: bool,
    pub not_rankable: bool,
    pub disagreement: bool,
    pub spread: f64,
    pub aggregate: Option<f64>,
    pub reviews: Vec<ReviewCell>,
    pub methods: Vec<MethodCell>,
    /// The names of the eliminatory criteria that flagged it.
    pub eliminatory: Vec<String>,
    pub decided_by: Option<String>,
    /// The laureate's level after the adjustments.
    pub level: Option<Level>,
    /// What the ranking proposed, when an organiser changed it.
    pub proposed: Option<Level>,
    pub adjusted: bool,
}

/// The shown category's table.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTable {
    pub id: i64,
    pub name: String,
    /// The rows of the current page ([`ROWS_PER_PAGE`] of the category's ranking).
    pub rows: Vec<Row>,
    pub pager: Pager,
    /// The references tied at the last laureate's place.
    pub tie_at_cut: Option<String>,
}

/// A juror's estimated severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Offset {
    pub juror: String,
    pub offset: f64,
    pub scale: f64,
}

/// An organiser's change to the proposals, as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentLine {
    pub at: i64,
    pub reference: String,
    pub action: String,
    pub level: String,
    pub justification: String,
    pub author: String,
}

/// The settings form's values: the stored settings, or what was typed in a refused change.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsFields {
    /// A refused change: the form opens with what was typed and its errors.
    pub refused: bool,
    pub version: i64,
    pub aggregates: Vec<Choice>,
    pub corrected: bool,
    pub min_reviews: String,
    pub disagreement_threshold: String,
    pub laureates_per_category: String,
    pub level_kind: String,
    pub level_or: String,
    pub level_argent: String,
    pub signatories: String,
    pub tie_rules_locked: bool,
    /// The three tie rule selects, each with its options.
    pub tie_slots: Vec<Vec<Choice>>,
}

/// Rows of a category's ranking per page: a category of a national edition (a hundred
/// dossiers at most) fits on one; a stress-sized one (2 000) stays under the page budget.
pub const ROWS_PER_PAGE: usize = 100;

/// Jurors listed in the severity estimates: beyond, the most severe and the most lenient
/// halves of this count (the ones a deliberation discusses).
pub const OFFSETS_SHOWN: usize = 40;

/// What the deliberation page needs beyond the ranking.
pub struct DeliberationContext<'a> {
    pub edition: &'a Edition,
    pub categories: &'a [Category],
    /// The category asked for (`?categorie=`); the first with dossiers otherwise.
    pub chosen: Option<&'a str>,
    /// The page of the category's ranking asked for (`?page=`).
    pub page: Option<i64>,
    pub history: Vec<Publication>,
    pub settings_version: i64,
    pub tie_rules_locked: bool,
    pub scoring_open: bool,
}

#[derive(Template)]
#[template(path = "results/admin.html")]
pub struct DeliberationPage<'a> {
    pub page: &'a Page,
    pub form: &'a FormState,
    pub edition: &'a Edition,
    pub base: String,
    pub scoring_open: bool,
    pub dossiers: usize,
    pub reviews: usize,
    pub not_rankable: usize,
    pub laureates: usize,
    pub method_label: String,
    pub min_reviews: usize,
    pub disagreement_threshold: f64,
    pub laureates_per_category: usize,
    pub tie_rules: String,
    pub level_rule_label: String,
    pub severity_correction: bool,
    pub settings: SettingsFields,
    pub offsets: Vec<Offset>,
    /// Jurors left out of `offsets` (see [`OFFSETS_SHOWN`]).
    pub offsets_hidden: usize,
    pub adjustments: Vec<AdjustmentLine>,
    pub adjust_open: bool,
    /// The dossiers of the shown page, for the adjustment form (and the one of a refused
    /// change, wherever it is ranked).
    pub dossier_options: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub history: Vec<Publication>,
    pub tabs: Vec<CategoryTab>,
    /// The methods in the order of each row's `methods`.
    pub method_labels: String,
    pub table: Option<CategoryTable>,
}

const SETTINGS_FIELDS: [&str; 9] = [
    "aggregate",
    "min_reviews",
    "disagreement_threshold",
    "laureates_per_category",
    "level_kind",
    "level_or",
    "signatories",
    "tie_rules",
    "version",
];

fn tie_rule_label(rule: &TieRule, inputs: &Inputs) -> String {
    match rule {
        TieRule::Median => "la médiane des notes".into(),
        TieRule::ReviewCount => "le nombre d’évaluations".into(),
        TieRule::Criterion(slug) => format!("la note du critère « {} »", criterion_name(inputs, slug)),
    }
}

fn criterion_name(inputs: &Inputs, slug: &str) -> String {
    inputs.rubric.criteria.iter().find(|c| c.slug == slug).map_or(slug.to_string(), |c| c.name.clone())
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A score without its trailing `.0`, as a form shows it.
fn plain(x: f64) -> String {
    format!("{x}")
}

impl<'a> DeliberationPage<'a> {
    /// None when the category asked for is not one of the edition's.
    pub fn new(
        page: &'a Page,
        form: &'a FormState,
        d: &Deliberated,
        ctx: DeliberationContext<'a>,
    ) -> Option<DeliberationPage<'a>> {
        let (inputs, settings, delib) = (&d.inputs, &d.settings, &d.deliberation);
        let ranked = &delib.main.dossiers;
        let shown = match ctx.chosen {
            Some(slug) => Some(ctx.categories.iter().find(|c| c.slug == slug)?),
            None => ctx
                .categories
                .iter()
                .find(|c| inputs.lines.iter().any(|l| l.category_id == c.id))
                .or(ctx.categories.first()),
        };
        let tabs = ctx
            .categories
            .iter()
            .map(|c| {
                let of = || ranked.iter().filter(|r| r.category == c.id);
                CategoryTab {
                    slug: c.slug.clone(),
                    name: c.name.clone(),
                    dossiers: of().count(),
                    ranked: of().filter(|r| r.rank.is_some()).count(),
                    rankable: of().filter(|r| !r.not_rankable).count(),
                    laureates: d.finals.iter().filter(|f| f.category == c.id).count(),
                    current: shown.is_some_and(|s| s.id == c.id),
                }
            })
            .collect();
        let lines: HashMap<i64, &DossierLine> = inputs.lines.iter().map(|l| (l.id, l)).collect();
        let table = shown.map(|c| category_table(c, d, &lines, ctx.edition.year, ctx.page));
        let typed: Option<i64> = form.value("dossier_id").parse().ok();
        let dossier_options = inputs
            .lines
            .iter()
            .filter(|l| {
                table.as_ref().is_some_and(|t| t.rows.iter().any(|r| r.id == l.id)) || Some(l.id) == typed
            })
            .map(|l| {
                let label = format!(
                    "{} — {} — {}",
                    l.reference.as_deref().unwrap_or_default(),
                    l.organisation,
                    l.title
                );
                choice(l.id.to_string(), label, form.value("dossier_id"))
            })
            .collect();
        let levels = Level::ALL.iter().map(|l| choice(l.as_str(), l.label(), form.value("level"))).collect();
        let mut offsets: Vec<Offset> = delib
            .main
            .offsets
            .iter()
            .map(|(j, b)| Offset {
                juror: inputs.jurors.get(j).cloned().unwrap_or_default(),
                offset: *b,
                scale: delib.main.scales.get(j).copied().unwrap_or(1.0),
            })
            .collect();
        let offsets_hidden = offsets.len().saturating_sub(OFFSETS_SHOWN);
        if offsets_hidden > 0 {
            // The most severe and the most lenient, by their offset.
            offsets.sort_by(|a, b| a.offset.total_cmp(&b.offset));
            offsets.drain(OFFSETS_SHOWN / 2..offsets.len() - OFFSETS_SHOWN / 2);
        }
        let adjustments = d
            .adjustments
            .iter()
            .map(|a| AdjustmentLine {
                at: a.at,
                reference: a.reference.clone().unwrap_or_default(),
                action: a.action.clone(),
                level: a.level.clone().unwrap_or_default(),
                justification: a.justification.clone(),
                author: a.author.clone().unwrap_or_default(),
            })
            .collect();
        let tie_rules: Vec<String> =
            settings.ranking.tie_rules.iter().map(|t| tie_rule_label(t, inputs)).collect();
        Some(DeliberationPage {
            page,
            form,
            edition: ctx.edition,
            base: admin_base(ctx.edition.year),
            scoring_open: ctx.scoring_open,
            dossiers: inputs.lines.len(),
            reviews: inputs.reviews.len(),
            not_rankable: ranked.iter().filter(|r| r.not_rankable).count(),
            laureates: d.finals.len(),
            method_label: Method {
                aggregate: settings.ranking.aggregate,
                corrected: settings.ranking.severity_correction,
            }
            .label(),
            min_reviews: settings.ranking.min_reviews,
            disagreement_threshold: settings.ranking.disagreement_threshold,
            laureates_per_category: settings.laureates_per_category,
            tie_rules: tie_rules.join(", puis "),
            level_rule_label: settings.level_rule.describe(),
            severity_correction: settings.ranking.severity_correction,
            settings: settings_fields(form, d, ctx.settings_version, ctx.tie_rules_locked),
            offsets,
            offsets_hidden,
            adjustments,
            adjust_open: ["justification", "action", "dossier_id"]
                .iter()
                .any(|f| form.errors.contains_key(*f)),
            dossier_options,
            levels,
            history: ctx.history,
            tabs,
            method_labels: delib.methods.iter().map(Method::label).collect::<Vec<_>>().join(" · "),
            table,
        })
    }

    pub fn published(&self) -> bool {
        !self.history.is_empty()
    }
}

fn settings_fields(
    form: &FormState,
    d: &Deliberated,
    version: i64,
    tie_rules_locked: bool,
) -> SettingsFields {
    let s = &d.settings;
    let refused = SETTINGS_FIELDS.iter().any(|f| form.errors.contains_key(*f));
    let typed = |name: &str| form.value(name).to_string();
    let (kind, or, argent) = match &s.level_rule {
        LevelRule::ByRank { or, argent } => ("rank", or.to_string(), argent.to_string()),
        LevelRule::ByScore { or, argent } => ("score", plain(*or), plain(*argent)),
    };
    let aggregate = if refused { typed("aggregate") } else { s.ranking.aggregate.as_str().to_string() };
    let mut tie_options = vec![
        ("".to_string(), "—".to_string()),
        ("median".to_string(), "la médiane des notes".to_string()),
        ("review_count".to_string(), "le nombre d’évaluations".to_string()),
    ];
    for c in &d.inputs.rubric.criteria {
        tie_options.push((format!("criterion:{}", c.slug), format!("la note du critère « {} »", c.name)));
    }
    let tie_slots = (0..3)
        .map(|i| {
            let stored = s.ranking.tie_rules.get(i).map(tie_rule_value).unwrap_or_default();
            let key = format!("tie_rules-{i}");
            let chosen = match form.values.get(&key) {
                Some(v) if refused => v.clone(),
                _ => stored,
            };
            tie_options.iter().map(|(v, l)| choice(v.as_str(), l.as_str(), &chosen)).collect()
        })
        .collect();
    let pick = |name: &str, stored: String| if refused { typed(name) } else { stored };
    SettingsFields {
        refused,
        version,
        aggregates: Aggregate::ALL
            .iter()
            .map(|a| choice(a.as_str(), capitalize(a.label()), &aggregate))
            .collect(),
        corrected: if refused {
            form.value("severity_correction") == "oui"
        } else {
            s.ranking.severity_correction
        },
        min_reviews: pick("min_reviews", s.ranking.min_reviews.to_string()),
        disagreement_threshold: pick("disagreement_threshold", plain(s.ranking.disagreement_threshold)),
        laureates_per_category: pick("laureates_per_category", s.laureates_per_category.to_string()),
        level_kind: pick("level_kind", kind.to_string()),
        level_or: pick("level_or", or),
        level_argent: pick("level_argent", argent),
        signatories: pick(
            "signatories",
            s.signatories.iter().map(|(n, f)| format!("{n} — {f}")).collect::<Vec<_>>().join("\n"),
        ),
        tie_rules_locked,
        tie_slots,
    }
}

/// The page `page` of category `c`'s ranking.
fn category_table(
    c: &Category,
    d: &Deliberated,
    lines: &HashMap<i64, &DossierLine>,
    year: i64,
    page: Option<i64>,
) -> CategoryTable {
    let (inputs, delib) = (&d.inputs, &d.deliberation);
    let ranked: Vec<_> = delib.main.dossiers.iter().filter(|r| r.category == c.id).collect();
    let href = format!("{}/resultats?categorie={}", admin_base(year), c.slug);
    let pager = Pager::sized(ranked.len(), page, href, ROWS_PER_PAGE);
    let rows = ranked[pager.range(ranked.len())]
        .iter()
        .filter_map(|r| {
            let line = lines.get(&r.dossier)?;
            let proposal = delib.proposals.laureates.iter().find(|p| p.dossier == r.dossier);
            let final_ = d.finals.iter().find(|f| f.dossier == r.dossier);
            let adjusted = final_.is_some_and(|f| f.adjusted) || (proposal.is_some() && final_.is_none());
            Some(Row {
                id: line.id,
                reference: line.reference.clone().unwrap_or_default(),
                title: line.title.clone(),
                organisation: line.organisation.clone(),
                rank: r.rank,
                tie: r.tie,
                not_rankable: r.not_rankable,
                disagreement: r.disagreement,
                spread: r.spread,
                aggregate: r.aggregate,
                reviews: r
                    .reviews
                    .iter()
                    .map(|s| ReviewCell {
                        juror: inputs.jurors.get(&s.juror).cloned().unwrap_or_default(),
                        score: s.score,
                        corrected: s.corrected,
                    })
                    .collect(),
                methods: delib
                    .by_method
                    .get(&r.dossier)
                    .map(|placings| {
                        placings
                            .iter()
                            .map(|(rank, aggregate)| MethodCell { rank: *rank, aggregate: *aggregate })
                            .collect()
                    })
                    .unwrap_or_default(),
                eliminatory: r.eliminatory.iter().map(|s| criterion_name(inputs, s)).collect(),
                decided_by: r.decided_by.as_ref().map(|t| tie_rule_label(t, inputs)),
                level: final_.map(|f| f.level),
                proposed: proposal.map(|p| p.level).filter(|_| adjusted),
                adjusted,
            })
        })
        .collect();
    let tie_at_cut = delib.proposals.ties_at_cut.iter().find(|(cat, _)| *cat == c.id).map(|(_, ids)| {
        ids.iter()
            .filter_map(|id| lines.get(id))
            .map(|l| l.reference.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", ")
    });
    CategoryTable { id: c.id, name: c.name.clone(), rows, pager, tie_at_cut }
}

/// A laureate as the confirmation lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLaureate {
    pub reference: String,
    pub organisation: String,
    pub title: String,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCategory {
    pub name: String,
    pub short: Option<ShortCategory>,
    pub laureates: Vec<PlannedLaureate>,
}

/// A dossier left out of the palmarès for want of reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct Unranked {
    pub reference: String,
    pub organisation: String,
    pub title: String,
    pub category: String,
}

#[derive(Template)]
#[template(path = "results/publish_confirm.html")]
pub struct PublishConfirm<'a> {
    pub page: &'a Page,
    pub form: &'a FormState,
    pub edition: &'a Edition,
    pub base: String,
    pub scoring_open: bool,
    pub count: Count,
    pub missing: usize,
    pub categories: Vec<PlannedCategory>,
    pub not_rankable: Vec<Unranked>,
    pub laureates: usize,
    pub version: i64,
    pub first: bool,
    pub short: bool,
    pub annee_extra: &'static str,
}

impl<'a> PublishConfirm<'a> {
    pub fn new(
        page: &'a Page,
        form: &'a FormState,
        edition: &'a Edition,
        plan: &Plan,
        count: Count,
        scoring_open: bool,
    ) -> PublishConfirm<'a> {
        let d = &plan.deliberated;
        let line = |id: i64| d.inputs.lines.iter().find(|l| l.id == id);
        let categories = plan
            .categories
            .iter()
            .map(|c| PlannedCategory {
                name: c.name.clone(),
                short: plan.short.iter().find(|s| s.category == c.id).cloned(),
                laureates: d
                    .finals
                    .iter()
                    .filter(|f| f.category == c.id)
                    .filter_map(|f| {
                        let l = line(f.dossier)?;
                        Some(PlannedLaureate {
                            reference: l.reference.clone().unwrap_or_default(),
                            organisation: l.organisation.clone(),
                            title: l.title.clone(),
                            level: f.level,
                        })
                    })
                    .collect(),
            })
            .collect();
        let not_rankable = d
            .deliberation
            .main
            .dossiers
            .iter()
            .filter(|r| r.not_rankable)
            .filter_map(|r| line(r.dossier))
            .map(|l| Unranked {
                reference: l.reference.clone().unwrap_or_default(),
                organisation: l.organisation.clone(),
                title: l.title.clone(),
                category: l.category.clone(),
            })
            .collect();
        PublishConfirm {
            page,
            form,
            edition,
            base: admin_base(edition.year),
            scoring_open,
            missing: count.assigned.saturating_sub(count.submitted),
            count,
            categories,
            not_rankable,
            laureates: d.finals.len(),
            version: plan.version,
            first: plan.first,
            short: !plan.short.is_empty(),
            annee_extra: r#"inputmode="numeric" autocomplete="off""#,
        }
    }
}

/// A published year of the palmarès index.
#[derive(Debug, Clone)]
pub struct PublishedYear {
    pub edition: Edition,
    pub publication: Publication,
}

#[derive(Template)]
#[template(path = "results/palmares_index.html")]
pub struct PalmaresIndex<'a> {
    pub page: &'a Page,
    pub years: Vec<PublishedYear>,
}

/// A category of a published palmarès, its laureates in order.
#[derive(Debug, Clone)]
pub struct PalmaresGroup {
    pub name: String,
    pub rows: Vec<LaureateRow>,
}

#[derive(Template)]
#[template(path = "results/palmares.html")]
pub struct Palmares<'a> {
    pub page: &'a Page,
    pub edition: &'a Edition,
    pub publication: Publication,
    /// Every version, the latest first.
    pub history: Vec<Publication>,
    pub groups: Vec<PalmaresGroup>,
    pub count: usize,
}

impl<'a> Palmares<'a> {
    /// `laureates` in palmarès order (by category).
    pub fn new(
        page: &'a Page,
        edition: &'a Edition,
        publication: Publication,
        history: Vec<Publication>,
        laureates: Vec<LaureateRow>,
    ) -> Palmares<'a> {
        let count = laureates.len();
        let mut groups: Vec<PalmaresGroup> = Vec::new();
        for l in laureates {
            match groups.last_mut() {
                Some(g) if g.name == l.category_name => g.rows.push(l),
                _ => groups.push(PalmaresGroup { name: l.category_name.clone(), rows: vec![l] }),
            }
        }
        Palmares { page, edition, publication, history, groups, count }
    }
}

/// A certificate found by its code.
#[derive(Debug, Clone)]
pub struct Verified {
    pub laureate: LaureateRow,
    pub publication: Publication,
    /// Still in the latest version of the palmarès.
    pub current: bool,
    pub latest_version: Option<i64>,
    pub edition_title: String,
    pub year: i64,
}

#[derive(Template)]
#[template(path = "results/certificate.html")]
pub struct CertificatePage<'a> {
    pub page: &'a Page,
    /// What was asked for, as typed.
    pub code: String,
    pub found: Option<Verified>,
}

#[cfg(test)]
mod tests;
