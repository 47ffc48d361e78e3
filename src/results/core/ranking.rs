//! The ranking engine. Pure: no I/O, the same inputs always give the same ranking, whatever
//! their order.
//!
//! Per review, the weighted score on 0–100 (computed from the rubric by the caller). Per
//! dossier, an aggregate of its submitted reviews: mean, median or trimmed mean, optionally
//! after correcting each juror's severity. A dossier with fewer reviews than the minimum is
//! "not rankable". Dossiers are ranked within their category; equal aggregates go through the
//! edition's tie rules in order; a tie that survives every rule is reported, never broken.
//!
//! **Severity correction.** Each review is modelled as `score = quality(dossier) +
//! offset(juror) + noise`, fitted by least squares over all the reviews, so a juror's offset is
//! measured against the dossiers they actually scored (a juror who drew strong dossiers is not
//! mistaken for a lenient one). The offset of a juror with fewer than `full_weight_reviews`
//! reviews is shrunk towards zero by a ridge penalty that vanishes at that count. Each review's
//! offset-corrected score is `score − offset`; then each juror's deviations around their centre
//! are divided by how much more (or less) they spread their dossiers than the jury's consensus
//! does on the same dossiers (`juror_scales`), still on the 0–100 scale. With no shrinkage
//! anywhere, the offsets are centred on zero. Consequence, tested below: a juror with enough
//! reviews who adds a constant to all their scores changes nothing in the ranking.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a dossier's reviews are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    #[default]
    Mean,
    Median,
    /// The mean once the lowest and highest fifth of the scores are set aside (at least one
    /// each side from five reviews).
    TrimmedMean,
}

impl Aggregate {
    pub const ALL: [Aggregate; 3] = [Aggregate::Mean, Aggregate::Median, Aggregate::TrimmedMean];

    pub fn parse(s: &str) -> Option<Aggregate> {
        Aggregate::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::Median => "median",
            Aggregate::TrimmedMean => "trimmed_mean",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Aggregate::Mean => "moyenne",
            Aggregate::Median => "médiane",
            Aggregate::TrimmedMean => "moyenne tronquée",
        }
    }

    pub fn of(self, scores: &[f64]) -> Option<f64> {
        if scores.is_empty() {
            return None;
        }
        let mut sorted = scores.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        Some(match self {
            Aggregate::Mean => sorted.iter().sum::<f64>() / n as f64,
            Aggregate::Median => {
                if n % 2 == 1 {
                    sorted[n / 2]
                } else {
                    (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
                }
            }
            Aggregate::TrimmedMean => {
                let cut = n / 5;
                let kept = &sorted[cut..n - cut];
                kept.iter().sum::<f64>() / kept.len() as f64
            }
        })
    }
}

/// A rule that separates dossiers with equal aggregates, declared per edition before scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "criterion")]
pub enum TieRule {
    /// The higher median of the (corrected) review scores.
    Median,
    /// The higher mean score on this criterion (by slug), on the rubric's scale.
    Criterion(String),
    /// More submitted reviews.
    ReviewCount,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub aggregate: Aggregate,
    pub severity_correction: bool,
    /// Reviews a dossier needs to be ranked.
    pub min_reviews: usize,
    pub tie_rules: Vec<TieRule>,
    /// A dossier whose reviews span more than this many points (0–100) is flagged.
    pub disagreement_threshold: f64,
    /// From this many reviews a juror's offset is not shrunk at all.
    pub full_weight_reviews: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            aggregate: Aggregate::Mean,
            severity_correction: false,
            min_reviews: 3,
            tie_rules: vec![TieRule::Median, TieRule::ReviewCount],
            disagreement_threshold: 25.0,
            full_weight_reviews: 5,
        }
    }
}

/// A dossier to rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierIn {
    pub id: i64,
    pub category: i64,
}

/// A submitted review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewIn {
    pub dossier: i64,
    pub juror: i64,
    /// The weighted score on 0–100.
    pub score: f64,
    /// Criterion scores by slug, for tie rules.
    pub criteria: BTreeMap<String, i64>,
    /// Slugs of the eliminatory criteria scored below their threshold.
    pub eliminatory: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredReview {
    pub juror: i64,
    pub score: f64,
    /// The score once the juror's offset is removed (equal to `score` without correction).
    pub corrected: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub dossier: i64,
    pub category: i64,
    pub reviews: Vec<ScoredReview>,
    pub aggregate: Option<f64>,
    /// 1 for the best of its category; equal ranks for a tie that no rule separates.
    pub rank: Option<usize>,
    pub not_rankable: bool,
    /// Shares its rank with another dossier after every tie rule.
    pub tie: bool,
    /// The first tie rule that placed it, when its aggregate equals a neighbour's.
    pub decided_by: Option<TieRule>,
    pub eliminatory: Vec<String>,
    pub disagreement: bool,
    /// Highest minus lowest review score.
    pub spread: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// By category, then rank (not rankable last), then dossier id.
    pub dossiers: Vec<Ranked>,
    /// Each juror's estimated offset (points on 0–100; positive: lenient); empty without correction.
    pub offsets: BTreeMap<i64, f64>,
    /// Each juror's estimated use of the scale (above 1: spreads the dossiers more than the
    /// jury does); empty without correction.
    pub scales: BTreeMap<i64, f64>,
}

/// Scores are compared at this precision, so that float noise never makes or breaks a tie.
fn key(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

/// Each juror's offset under the additive model (see the module's documentation).
pub fn juror_offsets(reviews: &[&ReviewIn], full_weight_reviews: usize) -> BTreeMap<i64, f64> {
    let mut jurors: BTreeMap<i64, usize> = BTreeMap::new();
    let mut dossiers: BTreeMap<i64, usize> = BTreeMap::new();
    for r in reviews {
        *jurors.entry(r.juror).or_default() += 1;
        *dossiers.entry(r.dossier).or_default() += 1;
    }
    let index: BTreeMap<i64, usize> = jurors.keys().enumerate().map(|(i, j)| (*j, i)).collect();
    let n = jurors.len();
    if n == 0 {
        return BTreeMap::new();
    }
    let full = full_weight_reviews.max(1) as f64;
    // Ridge penalty per juror: vanishes from `full_weight_reviews` reviews on.
    let penalty: Vec<f64> = jurors.values().map(|&count| (full - count as f64).max(0.0)).collect();
    let unpenalised = penalty.iter().all(|p| *p == 0.0);
    // Eliminating the dossier qualities gives the normal equations in the offsets alone:
    // (n_j + λ_j) b_j − Σ_{r of j} mean_{r' of d(r)} b_{j(r')} = Σ_{r of j} (x_r − mean_d x).
    let mut by_dossier: BTreeMap<i64, Vec<&ReviewIn>> = BTreeMap::new();
    for r in reviews {
        by_dossier.entry(r.dossier).or_default().push(*r);
    }
    let mut a = vec![vec![0.0; n]; n];
    let mut rhs = vec![0.0; n];
    for (j, p) in penalty.iter().enumerate() {
        a[j][j] += p;
    }
    for group in by_dossier.values() {
        let m = group.len() as f64;
        let mean = group.iter().map(|r| r.score).sum::<f64>() / m;
        for r in group {
            let j = index[&r.juror];
            a[j][j] += 1.0;
            rhs[j] += r.score - mean;
            for other in group.iter() {
                a[j][index[&other.juror]] -= 1.0 / m;
            }
        }
    }
    if unpenalised {
        // The offsets are then defined up to a common constant: centre them on zero.
        for row in a.iter_mut() {
            for v in row.iter_mut() {
                *v += 1.0;
            }
        }
    }
    let b = solve(a, rhs);
    jurors.keys().zip(b).map(|(j, b)| (*j, b)).collect()
}

/// Each juror's use of the scale, measured against the dossiers they scored: how much they
/// spread their (offset-corrected) scores compared with how much the jury's consensus spreads
/// the same dossiers. Returns, per juror, the centre of their scores and the factor (shrunk
/// towards 1 below `full_weight_reviews`, kept within 0.5–2) by which their deviations are
/// divided. Deviations and spreads do not change when a juror adds a constant to all their
/// scores, so neither does the ranking.
pub fn juror_scales(
    reviews: &[&ReviewIn],
    offsets: &BTreeMap<i64, f64>,
    full_weight_reviews: usize,
) -> BTreeMap<i64, (f64, f64)> {
    let y = |r: &ReviewIn| r.score - offsets.get(&r.juror).copied().unwrap_or(0.0);
    let mut consensus: BTreeMap<i64, (f64, usize)> = BTreeMap::new();
    for r in reviews {
        let e = consensus.entry(r.dossier).or_default();
        e.0 += y(r);
        e.1 += 1;
    }
    let theta = |d: i64| consensus.get(&d).map_or(0.0, |(sum, n)| sum / *n as f64);
    let mut by_juror: BTreeMap<i64, Vec<(f64, f64)>> = BTreeMap::new();
    for r in reviews {
        by_juror.entry(r.juror).or_default().push((y(r), theta(r.dossier)));
    }
    let sd = |values: &[f64]| {
        let m = values.iter().sum::<f64>() / values.len() as f64;
        (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / values.len() as f64).sqrt()
    };
    let full = full_weight_reviews.max(1) as f64;
    by_juror
        .into_iter()
        .map(|(j, pairs)| {
            let ys: Vec<f64> = pairs.iter().map(|p| p.0).collect();
            let thetas: Vec<f64> = pairs.iter().map(|p| p.1).collect();
            let centre = ys.iter().sum::<f64>() / ys.len() as f64;
            let (sd_y, sd_theta) = (sd(&ys), sd(&thetas));
            let raw = if ys.len() >= 2 && sd_theta >= 1.0 && sd_y > 0.0 {
                (sd_y / sd_theta).clamp(0.5, 2.0)
            } else {
                1.0
            };
            let weight = (ys.len() as f64 / full).min(1.0);
            (j, (centre, 1.0 + weight * (raw - 1.0)))
        })
        .collect()
}

/// Gaussian elimination with partial pivoting; a singular direction (jurors who share no
/// dossier with anyone penalised) gets a zero offset.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    let mut pivots = vec![None; n];
    let mut row = 0;
    for col in 0..n {
        let Some(p) = (row..n).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs())) else { break };
        if a[p][col].abs() < 1e-10 {
            continue;
        }
        a.swap(row, p);
        b.swap(row, p);
        let pivot = a[row].clone();
        let pivot_b = b[row];
        for (r, line) in a.iter_mut().enumerate() {
            if r != row {
                let f = line[col] / pivot[col];
                if f != 0.0 {
                    for (v, p) in line.iter_mut().zip(&pivot).skip(col) {
                        *v -= f * p;
                    }
                    b[r] -= f * pivot_b;
                }
            }
        }
        pivots[col] = Some(row);
        row += 1;
    }
    (0..n).map(|col| pivots[col].map_or(0.0, |r| b[r] / a[r][col])).collect()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// How two dossiers with equal aggregates compare under one rule (Greater: `a` is better).
fn compare_by(rule: &TieRule, a: &Ranked, b: &Ranked, reviews: &BTreeMap<i64, Vec<&ReviewIn>>) -> Ordering {
    match rule {
        TieRule::Median => {
            let median = |d: &Ranked| {
                let scores: Vec<f64> = d.reviews.iter().map(|r| r.corrected).collect();
                Aggregate::Median.of(&scores).map(key)
            };
            median(a).cmp(&median(b))
        }
        TieRule::Criterion(slug) => {
            let on = |d: &Ranked| {
                let list = reviews.get(&d.dossier).map(Vec::as_slice).unwrap_or_default();
                mean(list.iter().filter_map(|r| r.criteria.get(slug).map(|s| *s as f64))).map(key)
            };
            on(a).cmp(&on(b))
        }
        TieRule::ReviewCount => a.reviews.len().cmp(&b.reviews.len()),
    }
}

/// The jurors' severity estimates (offsets and uses of the scale) over a set of reviews: the
/// costly part of a corrected ranking (a linear system of one unknown per juror), which does
/// not depend on the aggregate. A deliberation that ranks under several methods estimates it
/// once ([`Correction::estimate`]) and hands it to [`rank_with`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Correction {
    offsets: BTreeMap<i64, f64>,
    /// Per juror, the centre of their scores and their scale factor.
    scales: BTreeMap<i64, (f64, f64)>,
}

impl Correction {
    /// Estimates the correction from the reviews of `dossiers` (others are ignored, as by
    /// [`rank`]).
    pub fn estimate(dossiers: &[DossierIn], reviews: &[ReviewIn], full_weight_reviews: usize) -> Correction {
        let owned = known_reviews(dossiers, reviews).1;
        let offsets = juror_offsets(&owned, full_weight_reviews);
        let scales = juror_scales(&owned, &offsets, full_weight_reviews);
        Correction { offsets, scales }
    }
}

/// The dossiers' categories by id, and the reviews of those dossiers in a canonical order
/// (the order of the inputs must not matter).
fn known_reviews<'r>(
    dossiers: &[DossierIn],
    reviews: &'r [ReviewIn],
) -> (BTreeMap<i64, i64>, Vec<&'r ReviewIn>) {
    let known: BTreeMap<i64, i64> = dossiers.iter().map(|d| (d.id, d.category)).collect();
    let mut reviews: Vec<&ReviewIn> = reviews.iter().filter(|r| known.contains_key(&r.dossier)).collect();
    reviews.sort_by(|a, b| (a.dossier, a.juror).cmp(&(b.dossier, b.juror)).then(a.score.total_cmp(&b.score)));
    (known, reviews)
}

/// Ranks the dossiers. Reviews of unknown dossiers are ignored.
pub fn rank(dossiers: &[DossierIn], reviews: &[ReviewIn], settings: &Settings) -> Ranking {
    let correction = settings
        .severity_correction
        .then(|| Correction::estimate(dossiers, reviews, settings.full_weight_reviews));
    rank_with(dossiers, reviews, settings, correction.as_ref())
}

/// [`rank`] with the severity correction already estimated (from the same dossiers and
/// reviews); used only when `settings.severity_correction` is set.
pub fn rank_with(
    dossiers: &[DossierIn],
    reviews: &[ReviewIn],
    settings: &Settings,
    correction: Option<&Correction>,
) -> Ranking {
    let (known, owned) = known_reviews(dossiers, reviews);
    let none = Correction::default();
    let Correction { offsets, scales } = match correction {
        Some(c) if settings.severity_correction => c,
        _ => &none,
    };
    let correct = |r: &ReviewIn| -> f64 {
        let y = r.score - offsets.get(&r.juror).copied().unwrap_or(0.0);
        match scales.get(&r.juror) {
            Some(&(centre, g)) => centre + (y - centre) / g,
            None => y,
        }
    };
    let mut by_dossier: BTreeMap<i64, Vec<&ReviewIn>> = BTreeMap::new();
    for r in &owned {
        by_dossier.entry(r.dossier).or_default().push(*r);
    }
    let mut out: Vec<Ranked> = known
        .iter()
        .map(|(&id, &category)| {
            let list = by_dossier.get(&id).map(Vec::as_slice).unwrap_or_default();
            let scored: Vec<ScoredReview> = list
                .iter()
                .map(|r| ScoredReview { juror: r.juror, score: r.score, corrected: correct(r) })
                .collect();
            let not_rankable = scored.len() < settings.min_reviews.max(1);
            let corrected: Vec<f64> = scored.iter().map(|r| r.corrected).collect();
            let raw: Vec<f64> = scored.iter().map(|r| r.score).collect();
            let spread = match (raw.iter().copied().reduce(f64::max), raw.iter().copied().reduce(f64::min)) {
                (Some(hi), Some(lo)) => hi - lo,
                _ => 0.0,
            };
            let mut eliminatory: Vec<String> =
                list.iter().flat_map(|r| r.eliminatory.iter().cloned()).collect();
            eliminatory.sort();
            eliminatory.dedup();
            Ranked {
                dossier: id,
                category,
                aggregate: settings.aggregate.of(&corrected),
                rank: None,
                not_rankable,
                tie: false,
                decided_by: None,
                eliminatory,
                disagreement: spread > settings.disagreement_threshold,
                spread,
                reviews: scored,
            }
        })
        .collect();

    let mut categories: Vec<i64> = known.values().copied().collect();
    categories.sort();
    categories.dedup();
    let mut ranked_all = Vec::with_capacity(out.len());
    for category in categories {
        let (mut rankable, rest): (Vec<Ranked>, Vec<Ranked>) =
            out.iter().filter(|d| d.category == category).cloned().partition(|d| !d.not_rankable);
        let full_order = |a: &Ranked, b: &Ranked| -> Ordering {
            let by_aggregate = a.aggregate.map(key).cmp(&b.aggregate.map(key));
            if by_aggregate != Ordering::Equal {
                return by_aggregate;
            }
            for rule in &settings.tie_rules {
                let o = compare_by(rule, a, b, &by_dossier);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        };
        // Best first; equal dossiers by id only for a stable listing, they share a rank.
        rankable.sort_by(|a, b| full_order(b, a).then(a.dossier.cmp(&b.dossier)));
        let mut position = 0;
        for i in 0..rankable.len() {
            let same_as_previous = i > 0 && full_order(&rankable[i], &rankable[i - 1]) == Ordering::Equal;
            if !same_as_previous {
                position = i + 1;
            }
            rankable[i].rank = Some(position);
        }
        for i in 0..rankable.len() {
            let neighbours = [i.checked_sub(1), (i + 1 < rankable.len()).then_some(i + 1)];
            for j in neighbours.into_iter().flatten() {
                let (a, b) = (&rankable[i], &rankable[j]);
                if a.aggregate.map(key) == b.aggregate.map(key) {
                    match settings
                        .tie_rules
                        .iter()
                        .find(|r| compare_by(r, a, b, &by_dossier) != Ordering::Equal)
                    {
                        Some(rule) if rankable[i].decided_by.is_none() => {
                            rankable[i].decided_by = Some(rule.clone())
                        }
                        Some(_) => {}
                        None => rankable[i].tie = true,
                    }
                }
            }
        }
        let mut rest = rest;
        rest.sort_by_key(|d| d.dossier);
        ranked_all.extend(rankable);
        ranked_all.extend(rest);
    }
    out = ranked_all;
    let scales = scales.iter().map(|(j, (_, g))| (*j, *g)).collect();
    Ranking { dossiers: out, offsets: offsets.clone(), scales }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn review(dossier: i64, juror: i64, score: f64) -> ReviewIn {
        ReviewIn { dossier, juror, score, criteria: BTreeMap::new(), eliminatory: Vec::new() }
    }

    fn dossiers(n: i64) -> Vec<DossierIn> {
        (1..=n).map(|id| DossierIn { id, category: 1 }).collect()
    }

    fn ranks(r: &Ranking) -> BTreeMap<i64, Option<usize>> {
        r.dossiers.iter().map(|d| (d.dossier, d.rank)).collect()
    }

    #[test]
    fn a_correction_estimated_once_ranks_as_rank_does() {
        // Three jurors of different severities over six dossiers, one with two reviews only.
        let mut rs = Vec::new();
        for d in 1..=6 {
            for (j, bias) in [(1, -8.0), (2, 0.0), (3, 11.0)] {
                if d == 6 && j == 3 {
                    continue;
                }
                rs.push(review(d, j, 40.0 + 7.0 * d as f64 + bias + ((d * j) % 5) as f64));
            }
        }
        let ds = dossiers(6);
        for aggregate in Aggregate::ALL {
            let settings =
                Settings { aggregate, severity_correction: true, min_reviews: 2, ..Settings::default() };
            let once = Correction::estimate(&ds, &rs, settings.full_weight_reviews);
            assert_eq!(rank_with(&ds, &rs, &settings, Some(&once)), rank(&ds, &rs, &settings));
            let plain = Settings { severity_correction: false, ..settings };
            assert_eq!(rank_with(&ds, &rs, &plain, Some(&once)), rank(&ds, &rs, &plain));
        }
    }

    #[test]
    fn aggregates() {
        let s = [70.0, 40.0, 100.0, 50.0, 60.0];
        assert_eq!(Aggregate::Mean.of(&s), Some(64.0));
        assert_eq!(Aggregate::Median.of(&s), Some(60.0));
        assert_eq!(Aggregate::TrimmedMean.of(&s), Some(60.0), "40 and 100 set aside");
        assert_eq!(Aggregate::Median.of(&[10.0, 20.0]), Some(15.0));
        assert_eq!(Aggregate::TrimmedMean.of(&[10.0, 20.0, 90.0]), Some(40.0), "nothing trimmed under five");
        assert_eq!(Aggregate::Mean.of(&[]), None);
    }

    #[test]
    fn ranks_within_each_category_and_sets_aside_the_not_rankable() {
        let ds = vec![
            DossierIn { id: 1, category: 1 },
            DossierIn { id: 2, category: 1 },
            DossierIn { id: 3, category: 2 },
            DossierIn { id: 4, category: 1 },
        ];
        let mut rs = Vec::new();
        for (d, s) in [(1, 60.0), (2, 80.0), (3, 10.0), (4, 99.0)] {
            for j in 1..=3 {
                if !(d == 4 && j == 3) {
                    rs.push(review(d, j, s));
                }
            }
        }
        let r = rank(&ds, &rs, &Settings::default());
        let order: Vec<(i64, Option<usize>)> = r.dossiers.iter().map(|d| (d.dossier, d.rank)).collect();
        assert_eq!(order, vec![(2, Some(1)), (1, Some(2)), (4, None), (3, Some(1))]);
        assert!(r.dossiers.iter().find(|d| d.dossier == 4).unwrap().not_rankable, "two reviews out of three");
    }

    #[test]
    fn ties_go_through_the_rules_and_a_surviving_tie_is_reported() {
        // Same mean (60): dossier 1 has median 60, dossier 2 median 50; dossiers 3 and 4 are identical.
        let rs = vec![
            review(1, 1, 60.0),
            review(1, 2, 60.0),
            review(1, 3, 60.0),
            review(2, 1, 50.0),
            review(2, 2, 50.0),
            review(2, 3, 80.0),
            review(3, 1, 40.0),
            review(3, 2, 40.0),
            review(3, 3, 40.0),
            review(4, 1, 40.0),
            review(4, 2, 40.0),
            review(4, 3, 40.0),
        ];
        let r = rank(&dossiers(4), &rs, &Settings::default());
        let get = |id: i64| r.dossiers.iter().find(|d| d.dossier == id).unwrap().clone();
        assert_eq!((get(1).rank, get(2).rank), (Some(1), Some(2)));
        assert_eq!(get(1).decided_by, Some(TieRule::Median));
        assert_eq!((get(3).rank, get(4).rank), (Some(3), Some(3)), "never broken arbitrarily");
        assert!(get(3).tie && get(4).tie && !get(1).tie);
    }

    #[test]
    fn a_criterion_tie_rule() {
        let mut a = review(1, 1, 50.0);
        a.criteria.insert("usagers".into(), 4);
        let mut b = review(2, 1, 50.0);
        b.criteria.insert("usagers".into(), 5);
        let settings = Settings {
            min_reviews: 1,
            tie_rules: vec![TieRule::Criterion("usagers".into())],
            ..Settings::default()
        };
        let r = rank(&dossiers(2), &[a, b], &settings);
        assert_eq!(r.dossiers[0].dossier, 2);
        assert_eq!(r.dossiers[0].decided_by, Some(TieRule::Criterion("usagers".into())));
    }

    #[test]
    fn flags_disagreement_and_eliminatory_criteria() {
        let mut low = review(1, 3, 30.0);
        low.eliminatory.push("usagers".into());
        let rs = vec![
            review(1, 1, 80.0),
            review(1, 2, 70.0),
            low,
            review(2, 1, 50.0),
            review(2, 2, 55.0),
            review(2, 3, 60.0),
        ];
        let r = rank(&dossiers(2), &rs, &Settings::default());
        let one = r.dossiers.iter().find(|d| d.dossier == 1).unwrap();
        assert!(one.disagreement && one.spread == 50.0);
        assert_eq!(one.eliminatory, vec!["usagers".to_string()]);
        assert!(!r.dossiers.iter().find(|d| d.dossier == 2).unwrap().disagreement);
    }

    #[test]
    fn the_correction_removes_a_severe_jurors_offset() {
        // Four dossiers of true quality 20, 40, 60, 80; juror 1 scores 20 points below the others.
        let mut rs = Vec::new();
        for (d, q) in [(1, 20.0), (2, 40.0), (3, 60.0), (4, 80.0)] {
            for j in 1..=6 {
                rs.push(review(d, j, if j == 1 { q - 20.0 } else { q }));
            }
        }
        let settings = Settings { severity_correction: true, full_weight_reviews: 4, ..Settings::default() };
        let r = rank(&dossiers(4), &rs, &settings);
        let b1 = r.offsets[&1];
        let b2 = r.offsets[&2];
        assert!((b2 - b1 - 20.0).abs() < 1e-9, "juror 1 is 20 points more severe: {:?}", r.offsets);
        assert!(r.offsets.values().sum::<f64>().abs() < 1e-9, "centred");
        for d in &r.dossiers {
            let c: Vec<f64> = d.reviews.iter().map(|x| x.corrected).collect();
            assert!(c.iter().all(|x| (x - c[0]).abs() < 1e-9), "corrected scores agree: {c:?}");
        }
    }

    #[test]
    fn a_juror_who_compresses_the_scale_is_stretched_back() {
        // Juror 1 gives 50 + (q − 50) / 2: the same order, half the spread.
        let mut rs = Vec::new();
        for (d, q) in [(1, 20.0), (2, 40.0), (3, 60.0), (4, 80.0), (5, 70.0)] {
            for j in 1..=6 {
                rs.push(review(d, j, if j == 1 { 50.0 + (q - 50.0) / 2.0 } else { q }));
            }
        }
        let settings = Settings { severity_correction: true, full_weight_reviews: 5, ..Settings::default() };
        let r = rank(&dossiers(5), &rs, &settings);
        assert!(r.scales[&1] < 0.75 && r.scales[&2] > 0.95, "{:?}", r.scales);
        let spread_of = |d: i64| {
            r.dossiers
                .iter()
                .find(|x| x.dossier == d)
                .unwrap()
                .reviews
                .iter()
                .map(|x| x.corrected)
                .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
        };
        let (lo, hi) = spread_of(1);
        let (lo_raw, hi_raw) = (35.0, 20.0);
        assert!(hi - lo < lo_raw - hi_raw, "juror 1's corrected score comes closer to the others: {lo} {hi}");
    }

    #[test]
    fn few_reviews_shrink_the_offset() {
        // Juror 9 scored one dossier, 30 points below the others: the offset is shrunk.
        let mut rs = Vec::new();
        for d in 1..=5 {
            for j in 1..=5 {
                rs.push(review(d, j, 10.0 * d as f64 + j as f64));
            }
        }
        rs.push(review(3, 9, 0.0));
        let settings = Settings { severity_correction: true, full_weight_reviews: 5, ..Settings::default() };
        let offsets = juror_offsets(&rs.iter().collect::<Vec<_>>(), settings.full_weight_reviews);
        let raw_gap = 30.0 + 3.0; // roughly how far below the dossier's mean
        assert!(offsets[&9] < 0.0 && offsets[&9].abs() < raw_gap * 0.5, "{offsets:?}");
    }

    /// Random instances: categories, dossiers, jurors with a severity, 0–5 reviews per dossier.
    fn instances() -> impl Strategy<Value = (Vec<DossierIn>, Vec<ReviewIn>)> {
        (2usize..25, 3usize..9, 1i64..4, any::<u64>()).prop_map(|(n, jurors, categories, seed)| {
            use rand::{Rng, SeedableRng};
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let ds: Vec<DossierIn> =
                (1..=n as i64).map(|id| DossierIn { id, category: 1 + id % categories }).collect();
            let mut rs = Vec::new();
            for d in &ds {
                let q: f64 = rng.gen_range(20.0..90.0);
                let k = rng.gen_range(0..=jurors.min(5));
                let mut js: Vec<i64> = (1..=jurors as i64).collect();
                for _ in 0..(jurors - k) {
                    js.remove(rng.gen_range(0..js.len()));
                }
                for j in js {
                    let score = (q + rng.gen_range(-15.0f64..15.0) + j as f64).clamp(0.0, 100.0);
                    // On the 0.2 grid of real weighted scores, so that ties happen.
                    let score = (score * 5.0).round() / 5.0;
                    let mut criteria = BTreeMap::new();
                    criteria.insert("innovation".to_string(), (score / 20.0).round() as i64);
                    rs.push(ReviewIn { dossier: d.id, juror: j, score, criteria, eliminatory: Vec::new() });
                }
            }
            (ds, rs)
        })
    }

    fn all_settings() -> Vec<Settings> {
        let mut out = Vec::new();
        for aggregate in Aggregate::ALL {
            for severity_correction in [false, true] {
                out.push(Settings {
                    aggregate,
                    severity_correction,
                    min_reviews: 2,
                    tie_rules: vec![
                        TieRule::Median,
                        TieRule::Criterion("innovation".into()),
                        TieRule::ReviewCount,
                    ],
                    ..Settings::default()
                });
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn the_order_of_the_inputs_does_not_matter((ds, rs) in instances(), seed in any::<u64>()) {
            use rand::seq::SliceRandom;
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let (mut ds2, mut rs2) = (ds.clone(), rs.clone());
            ds2.shuffle(&mut rng);
            rs2.shuffle(&mut rng);
            for s in all_settings() {
                prop_assert_eq!(ranks(&rank(&ds, &rs, &s)), ranks(&rank(&ds2, &rs2, &s)));
            }
        }

        #[test]
        fn a_better_scored_dossier_never_drops((ds, rs) in instances(), pick in any::<prop::sample::Index>(), gain in 0.2f64..30.0) {
            if rs.is_empty() { return Ok(()); }
            for s in all_settings().into_iter().filter(|s| !s.severity_correction) {
                let before = rank(&ds, &rs, &s);
                let i = pick.index(rs.len());
                let mut better = rs.clone();
                better[i].score = (better[i].score + gain).min(100.0);
                if let Some(c) = better[i].criteria.get_mut("innovation") { *c = (*c + 1).min(5); }
                let after = rank(&ds, &better, &s);
                let d = rs[i].dossier;
                let r0 = ranks(&before)[&d];
                let r1 = ranks(&after)[&d];
                if let (Some(r0), Some(r1)) = (r0, r1) {
                    prop_assert!(r1 <= r0, "{:?}: dossier {} went from {} to {}", s.aggregate, d, r0, r1);
                }
            }
        }

        #[test]
        fn a_full_weight_juror_adding_a_constant_changes_nothing((ds, rs) in instances(), c in -20.0f64..20.0) {
            for s in all_settings().into_iter().filter(|s| s.severity_correction) {
                let counts = rs.iter().fold(BTreeMap::<i64, usize>::new(), |mut m, r| { *m.entry(r.juror).or_default() += 1; m });
                let Some((&juror, _)) = counts.iter().find(|(_, n)| **n >= s.full_weight_reviews) else { continue };
                let shifted: Vec<ReviewIn> = rs.iter().cloned().map(|mut r| { if r.juror == juror { r.score += c; } r }).collect();
                prop_assert_eq!(ranks(&rank(&ds, &rs, &s)), ranks(&rank(&ds, &shifted, &s)), "juror {} shifted by {}", juror, c);
            }
        }
    }
}
