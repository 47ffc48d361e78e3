//! Automatic assignment of jurors to dossiers, solved exactly as a minimum-cost flow. Pure.
//!
//! Each dossier asks for `k` distinct jurors. A conflicted pair is never assigned. Among
//! all assignments that give every dossier as many jurors as possible, the solver picks
//! one that, in this order of priority:
//! 1. balances the jurors' loads (the cost of a juror's n-th dossier grows with n, so the
//!    loads end as equal as the conflicts allow: max − min ≤ 1 whenever that is possible);
//! 2. gives jurors the categories they prefer;
//! 3. spreads the kinds of juror (élu, agent, expert, partner) within each dossier.
//!
//! Ties are broken by an order of the jurors drawn from `seed`: the same input and seed
//! always give the same assignment.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::Serialize;

use super::flow::{EdgeId, FlowGraph};

/// A dossier to be reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierIn {
    pub id: i64,
    pub category: i64,
}

/// A juror who can review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JurorIn {
    pub id: i64,
    /// Élu, agent, expert, partner… any small label; the solver spreads them per dossier.
    pub kind: String,
    /// Preferred category ids; empty means no preference.
    pub preferred: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub dossiers: Vec<DossierIn>,
    pub jurors: Vec<JurorIn>,
    /// (juror, dossier) pairs that must never be assigned.
    pub conflicts: HashSet<(i64, i64)>,
    /// (juror, dossier) pairs already assigned (kept; they count towards k and the loads).
    pub fixed: Vec<(i64, i64)>,
    /// Reviews wanted per dossier.
    pub k: usize,
    pub seed: u64,
}

/// A dossier that could not get its k jurors, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    pub dossier: i64,
    pub assigned: usize,
    pub required: usize,
    /// Jurors who could review it at all (not conflicted).
    pub eligible: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Solution {
    /// (juror, dossier), fixed pairs included, sorted.
    pub pairs: Vec<(i64, i64)>,
    /// Dossiers with fewer than k jurors; empty when the instance was feasible.
    pub short: Vec<Shortfall>,
    /// Number of dossiers per juror, for every juror (0 included).
    pub loads: BTreeMap<i64, usize>,
}

impl Solution {
    pub fn is_complete(&self) -> bool {
        self.short.is_empty()
    }

    /// (max − min) of the loads.
    pub fn load_spread(&self) -> usize {
        let max = self.loads.values().max().copied().unwrap_or(0);
        let min = self.loads.values().min().copied().unwrap_or(0);
        max - min
    }
}

/// The marginal cost of one more dossier for a juror already at `load`: dominant, so
/// balance comes before every other wish.
const LOAD_STEP: i64 = 1_000_000;
/// A juror outside their preferred categories.
const NOT_PREFERRED: i64 = 1_000;
/// A second juror of the same kind on one dossier.
const SAME_KIND: i64 = 100;

pub fn solve(problem: &Problem) -> Solution {
    let k = problem.k;
    // Jurors in an order drawn from the seed: ties go to earlier jurors.
    let mut jurors: Vec<&JurorIn> = problem.jurors.iter().collect();
    jurors.sort_by_key(|j| j.id);
    jurors.dedup_by_key(|j| j.id);
    let mut rng = rand::rngs::StdRng::seed_from_u64(problem.seed);
    jurors.shuffle(&mut rng);
    let juror_ids: BTreeSet<i64> = jurors.iter().map(|j| j.id).collect();

    let mut dossiers: Vec<&DossierIn> = problem.dossiers.iter().collect();
    dossiers.sort_by_key(|d| d.id);
    dossiers.dedup_by_key(|d| d.id);
    let dossier_ids: BTreeSet<i64> = dossiers.iter().map(|d| d.id).collect();

    let fixed: BTreeSet<(i64, i64)> = problem
        .fixed
        .iter()
        .copied()
        .filter(|(j, d)| juror_ids.contains(j) && dossier_ids.contains(d))
        .collect();
    let mut fixed_load: BTreeMap<i64, usize> = BTreeMap::new();
    let mut fixed_count: BTreeMap<i64, usize> = BTreeMap::new();
    let mut fixed_kinds: BTreeMap<i64, BTreeSet<&str>> = BTreeMap::new();
    let kind_of: BTreeMap<i64, &str> = jurors.iter().map(|j| (j.id, j.kind.as_str())).collect();
    for (j, d) in &fixed {
        *fixed_load.entry(*j).or_default() += 1;
        *fixed_count.entry(*d).or_default() += 1;
        fixed_kinds.entry(*d).or_default().insert(kind_of[j]);
    }

    let kinds: Vec<&str> = {
        let set: BTreeSet<&str> = jurors.iter().map(|j| j.kind.as_str()).collect();
        set.into_iter().collect()
    };

    // Nodes: source, sink, jurors, dossiers, (dossier, kind).
    let mut g = FlowGraph::new(2);
    let (source, sink) = (0, 1);
    let juror_node: BTreeMap<i64, usize> = jurors.iter().map(|j| (j.id, g.add_node())).collect();
    let mut eligible: BTreeMap<i64, usize> = BTreeMap::new();
    let mut candidate_edges: Vec<(EdgeId, i64, i64)> = Vec::new();
    let mut max_new_load: BTreeMap<i64, usize> = BTreeMap::new();

    for d in &dossiers {
        let allowed: Vec<&&JurorIn> =
            jurors.iter().filter(|j| !problem.conflicts.contains(&(j.id, d.id))).collect();
        eligible.insert(d.id, allowed.len());
        let wanted = k.saturating_sub(fixed_count.get(&d.id).copied().unwrap_or(0));
        if wanted == 0 {
            continue;
        }
        let dossier_node = g.add_node();
        g.add_edge(source, dossier_node, wanted as i64, 0);
        let used_kinds = fixed_kinds.get(&d.id);
        for kind in &kinds {
            let of_kind: Vec<&&JurorIn> = allowed
                .iter()
                .copied()
                .filter(|j| j.kind == *kind && !fixed.contains(&(j.id, d.id)))
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            let kind_node = g.add_node();
            let already = used_kinds.is_some_and(|set| set.contains(kind));
            if !already {
                g.add_edge(dossier_node, kind_node, 1, 0);
            }
            if wanted > usize::from(!already) {
                g.add_edge(dossier_node, kind_node, (wanted - usize::from(!already)) as i64, SAME_KIND);
            }
            for j in of_kind {
                let cost = if j.preferred.is_empty() || j.preferred.contains(&d.category) {
                    0
                } else {
                    NOT_PREFERRED
                };
                let edge = g.add_edge(kind_node, juror_node[&j.id], 1, cost);
                candidate_edges.push((edge, j.id, d.id));
                *max_new_load.entry(j.id).or_default() += 1;
            }
        }
    }
    // Convex load costs: the n-th new dossier of a juror costs LOAD_STEP × (fixed + n − 1).
    for j in &jurors {
        let start = fixed_load.get(&j.id).copied().unwrap_or(0);
        for n in 0..max_new_load.get(&j.id).copied().unwrap_or(0) {
            g.add_edge(juror_node[&j.id], sink, 1, LOAD_STEP * (start + n) as i64);
        }
    }
    g.min_cost_max_flow(source, sink);

    let mut pairs: Vec<(i64, i64)> = fixed.iter().copied().collect();
    pairs.extend(candidate_edges.iter().filter(|(e, ..)| g.flow(*e) > 0).map(|(_, j, d)| (*j, *d)));
    pairs.sort_unstable();

    let mut loads: BTreeMap<i64, usize> = juror_ids.iter().map(|id| (*id, 0)).collect();
    let mut per_dossier: BTreeMap<i64, usize> = BTreeMap::new();
    for (j, d) in &pairs {
        *loads.entry(*j).or_default() += 1;
        *per_dossier.entry(*d).or_default() += 1;
    }
    let short = dossiers
        .iter()
        .filter_map(|d| {
            let assigned = per_dossier.get(&d.id).copied().unwrap_or(0);
            (assigned < k).then(|| {
                let eligible = eligible[&d.id];
                let reason = if eligible < k {
                    format!(
                        "{} juré{} sans conflit d’intérêts pour {} demandé{}",
                        eligible,
                        if eligible > 1 { "s" } else { "" },
                        k,
                        if k > 1 { "s" } else { "" }
                    )
                } else {
                    "jurés disponibles insuffisants".to_string()
                };
                Shortfall { dossier: d.id, assigned, required: k, eligible, reason }
            })
        })
        .collect();
    Solution { pairs, short, loads }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KINDS: [&str; 4] = ["elu", "agent", "expert", "partenaire"];

    fn juror(id: i64, kind: &str, preferred: &[i64]) -> JurorIn {
        JurorIn { id, kind: kind.into(), preferred: preferred.to_vec() }
    }

    fn problem(dossiers: usize, jurors: usize, categories: i64, k: usize) -> Problem {
        Problem {
            dossiers: (0..dossiers as i64).map(|id| DossierIn { id, category: id % categories }).collect(),
            jurors: (0..jurors as i64).map(|id| juror(100 + id, KINDS[id as usize % 4], &[])).collect(),
            k,
            ..Problem::default()
        }
    }

    fn eligible_count(p: &Problem, dossier: i64) -> usize {
        p.jurors.iter().filter(|j| !p.conflicts.contains(&(j.id, dossier))).count()
    }

    /// Random instances: dossiers, jurors with kinds and preferences, random conflicts
    /// (sometimes dense enough to make the instance infeasible), fixed pairs.
    fn instances() -> impl Strategy<Value = Problem> {
        (1usize..40, 1usize..14, 1usize..5, 0u32..60, any::<u64>(), 1i64..6).prop_flat_map(
            |(n_dossiers, n_jurors, k, conflict_pct, seed, categories)| {
                let pairs = n_dossiers * n_jurors;
                (
                    proptest::collection::vec(0u32..100, pairs),
                    proptest::collection::vec(
                        (0usize..4, proptest::collection::vec(0i64..6, 0..3)),
                        n_jurors,
                    ),
                    proptest::collection::vec((0..n_jurors, 0..n_dossiers), 0..4),
                )
                    .prop_map(move |(rolls, juror_specs, fixed)| {
                        let dossiers: Vec<DossierIn> = (0..n_dossiers as i64)
                            .map(|id| DossierIn { id, category: id % categories })
                            .collect();
                        let jurors: Vec<JurorIn> = juror_specs
                            .iter()
                            .enumerate()
                            .map(|(i, (kind, prefs))| juror(100 + i as i64, KINDS[*kind], prefs))
                            .collect();
                        let mut conflicts = HashSet::new();
                        for (i, roll) in rolls.iter().enumerate() {
                            if *roll < conflict_pct {
                                conflicts.insert((100 + (i % n_jurors) as i64, (i / n_jurors) as i64));
                            }
                        }
                        let fixed = fixed
                            .into_iter()
                            .map(|(j, d)| (100 + j as i64, d as i64))
                            .filter(|pair| !conflicts.contains(pair))
                            .collect();
                        Problem { dossiers, jurors, conflicts, fixed, k, seed }
                    })
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn never_assigns_a_conflict_nor_a_juror_twice(p in instances()) {
            let s = solve(&p);
            let unique: BTreeSet<_> = s.pairs.iter().collect();
            prop_assert_eq!(unique.len(), s.pairs.len());
            for pair in &s.pairs {
                prop_assert!(!p.conflicts.contains(pair), "conflict assigned: {:?}", pair);
            }
            for (j, _) in &p.fixed {
                prop_assert!(s.pairs.iter().any(|(jj, _)| jj == j));
            }
        }

        #[test]
        fn every_dossier_gets_k_when_feasible_and_the_shortfall_is_explained(p in instances()) {
            let s = solve(&p);
            for d in &p.dossiers {
                let assigned = s.pairs.iter().filter(|(_, dd)| *dd == d.id).count();
                let fixed_here = p.fixed.iter().filter(|(_, dd)| *dd == d.id).collect::<BTreeSet<_>>().len();
                let eligible = eligible_count(&p, d.id);
                // Jurors have no capacity limit: a dossier is short only if too few jurors are
                // free of conflict, and then it gets all of them.
                if eligible >= p.k {
                    prop_assert!(assigned >= p.k.min(eligible), "dossier {} got {}", d.id, assigned);
                    prop_assert!(!s.short.iter().any(|x| x.dossier == d.id));
                } else {
                    prop_assert_eq!(assigned, eligible.max(fixed_here));
                    let shortfall = s.short.iter().find(|x| x.dossier == d.id);
                    prop_assert!(shortfall.is_some(), "dossier {} short but not reported", d.id);
                    let shortfall = shortfall.unwrap();
                    prop_assert_eq!(shortfall.eligible, eligible);
                    prop_assert!(shortfall.reason.contains("sans conflit d’intérêts"));
                }
            }
            prop_assert_eq!(s.is_complete(), p.dossiers.iter().all(|d| eligible_count(&p, d.id) >= p.k));
        }

        #[test]
        fn no_single_move_would_balance_the_loads_better(p in instances()) {
            let s = solve(&p);
            let fixed: BTreeSet<_> = p.fixed.iter().copied().collect();
            for (a, load_a) in &s.loads {
                for (b, load_b) in &s.loads {
                    if *load_a < load_b + 2 {
                        continue;
                    }
                    // A dossier of a (not fixed) that b could take instead.
                    let movable = s.pairs.iter().any(|(j, d)| {
                        j == a
                            && !fixed.contains(&(*a, *d))
                            && !p.conflicts.contains(&(*b, *d))
                            && !s.pairs.contains(&(*b, *d))
                    });
                    prop_assert!(!movable, "juror {} ({}) could pass a dossier to {} ({})", a, load_a, b, load_b);
                }
            }
        }

        #[test]
        fn without_conflicts_the_loads_differ_by_at_most_one(
            n_dossiers in 1usize..60, n_jurors in 3usize..20, k in 1usize..4, seed in any::<u64>()
        ) {
            let mut p = problem(n_dossiers, n_jurors, 5, k);
            p.seed = seed;
            let s = solve(&p);
            prop_assert!(s.is_complete());
            prop_assert!(s.load_spread() <= 1, "{:?}", s.loads);
        }

        #[test]
        fn the_same_seed_gives_the_same_assignment(p in instances()) {
            prop_assert_eq!(solve(&p), solve(&p));
        }
    }

    #[test]
    fn preferred_categories_come_first_when_balance_allows() {
        let mut p = problem(20, 4, 2, 2);
        p.jurors = vec![
            juror(1, "elu", &[0]),
            juror(2, "expert", &[0]),
            juror(3, "elu", &[1]),
            juror(4, "expert", &[1]),
        ];
        let s = solve(&p);
        assert!(s.is_complete());
        for (j, d) in &s.pairs {
            let category = p.dossiers.iter().find(|x| x.id == *d).unwrap().category;
            let juror = p.jurors.iter().find(|x| x.id == *j).unwrap();
            assert!(juror.preferred.contains(&category), "juror {j} on dossier {d} of category {category}");
        }
        assert_eq!(s.load_spread(), 0);
    }

    #[test]
    fn kinds_are_spread_within_each_dossier() {
        let mut p = problem(30, 9, 3, 3);
        p.jurors = (0..9).map(|i| juror(i, ["elu", "agent", "expert"][i as usize % 3], &[])).collect();
        let s = solve(&p);
        assert!(s.is_complete());
        for d in &p.dossiers {
            let kinds: BTreeSet<_> = s
                .pairs
                .iter()
                .filter(|(_, dd)| *dd == d.id)
                .map(|(j, _)| p.jurors.iter().find(|x| x.id == *j).unwrap().kind.clone())
                .collect();
            assert_eq!(kinds.len(), 3, "dossier {} has kinds {kinds:?}", d.id);
        }
        assert_eq!(s.load_spread(), 0);
    }

    #[test]
    fn an_infeasible_instance_says_which_dossiers_lack_jurors_and_why() {
        let mut p = problem(3, 3, 1, 3);
        p.conflicts.insert((100, 1));
        p.conflicts.insert((101, 1));
        let s = solve(&p);
        assert!(!s.is_complete());
        assert_eq!(
            s.short,
            vec![Shortfall {
                dossier: 1,
                assigned: 1,
                required: 3,
                eligible: 1,
                reason: "1 juré sans conflit d’intérêts pour 3 demandés".into()
            }]
        );
        assert!(!s.pairs.contains(&(100, 1)) && s.pairs.contains(&(102, 1)));
    }

    #[test]
    fn fixed_pairs_are_kept_and_count_towards_k_and_the_loads() {
        let mut p = problem(4, 4, 1, 2);
        p.fixed = vec![(100, 0), (100, 1), (100, 2)];
        let s = solve(&p);
        assert!(s.is_complete());
        for pair in &p.fixed {
            assert!(s.pairs.contains(pair));
        }
        assert_eq!(s.pairs.len(), 8);
        assert_eq!(s.loads[&100], 3, "the fixed juror gets nothing more than needed: {:?}", s.loads);
        assert!(s.load_spread() <= 2);
    }
}
