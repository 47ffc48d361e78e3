//! Proposed laureates: the top of each category, with a level from the edition's rule. Pure.
//!
//! Dossiers that are not rankable, or flagged by an eliminatory criterion, are not proposed
//! (organisers may still choose them, with a justification). A tie at the cut is reported: the
//! proposal then stops before the tied group when it would exceed the number of places, and the
//! organisers decide.

use serde::{Deserialize, Serialize};

use super::certificate::Level;
use super::ranking::Ranked;

/// How levels are given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum LevelRule {
    /// By rank in the category: ranks up to `or` get Or, up to `argent` Argent, the rest Bronze.
    ByRank { or: usize, argent: usize },
    /// By aggregate score: from `or` points Or, from `argent` Argent, otherwise Bronze.
    ByScore { or: f64, argent: f64 },
}

impl Default for LevelRule {
    fn default() -> Self {
        LevelRule::ByRank { or: 1, argent: 3 }
    }
}

impl LevelRule {
    pub fn level(&self, rank: usize, aggregate: f64) -> Level {
        match *self {
            LevelRule::ByRank { or, argent } => {
                if rank <= or {
                    Level::Or
                } else if rank <= argent {
                    Level::Argent
                } else {
                    Level::Bronze
                }
            }
            LevelRule::ByScore { or, argent } => {
                if aggregate >= or {
                    Level::Or
                } else if aggregate >= argent {
                    Level::Argent
                } else {
                    Level::Bronze
                }
            }
        }
    }

    pub fn describe(&self) -> String {
        match *self {
            LevelRule::ByRank { or, argent } => {
                format!("par rang : Or jusqu’au rang {or}, Argent jusqu’au rang {argent}, Bronze ensuite")
            }
            LevelRule::ByScore { or, argent } => format!(
                "par note : Or à partir de {}, Argent à partir de {}, Bronze en dessous",
                crate::web::fr::number(or, 1),
                crate::web::fr::number(argent, 1)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub dossier: i64,
    pub category: i64,
    pub rank: usize,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Proposals {
    pub laureates: Vec<Proposal>,
    /// Categories where a tie straddles the last place: (category, tied dossiers).
    pub ties_at_cut: Vec<(i64, Vec<i64>)>,
}

/// `ranked`: a ranking's dossiers (any order). `per_category` places in each category.
pub fn propose(ranked: &[Ranked], per_category: usize, rule: &LevelRule) -> Proposals {
    let mut categories: Vec<i64> = ranked.iter().map(|d| d.category).collect();
    categories.sort();
    categories.dedup();
    let mut out = Proposals::default();
    for category in categories {
        let mut eligible: Vec<&Ranked> = ranked
            .iter()
            .filter(|d| d.category == category && d.rank.is_some() && d.eliminatory.is_empty())
            .collect();
        eligible.sort_by_key(|d| (d.rank, d.dossier));
        // Ranks among the proposable dossiers (a flagged dossier does not take a place).
        let mut places: Vec<(usize, &Ranked)> = Vec::new();
        for (i, d) in eligible.iter().enumerate() {
            let place = match places.last() {
                Some((p, prev)) if prev.rank == d.rank => *p,
                _ => i + 1,
            };
            places.push((place, d));
        }
        let within: Vec<&(usize, &Ranked)> = places.iter().filter(|(p, _)| *p <= per_category).collect();
        if within.len() > per_category {
            let last = within.last().map(|(p, _)| *p).unwrap_or(0);
            let tied: Vec<i64> = within.iter().filter(|(p, _)| *p == last).map(|(_, d)| d.dossier).collect();
            out.ties_at_cut.push((category, tied));
        }
        for (place, d) in within
            .iter()
            .filter(|(p, _)| within.len() <= per_category || *p < within.last().map(|(p, _)| *p).unwrap_or(0))
        {
            out.laureates.push(Proposal {
                dossier: d.dossier,
                category,
                rank: *place,
                level: rule.level(*place, d.aggregate.unwrap_or(0.0)),
            });
        }
    }
    out
}

/// An organiser's justified change to the proposals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Adjustment {
    Add { dossier: i64, level: Level },
    Remove { dossier: i64 },
    Level { dossier: i64, level: Level },
}

/// A laureate after the organisers' changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Final {
    pub dossier: i64,
    pub category: i64,
    pub rank: Option<usize>,
    pub level: Level,
    /// Added or changed by an organiser.
    pub adjusted: bool,
}

/// The proposals with the adjustments applied in order (a later one wins), by category, level
/// (Or first), then rank.
pub fn apply(proposals: &Proposals, ranked: &[Ranked], adjustments: &[Adjustment]) -> Vec<Final> {
    let mut out: Vec<Final> = proposals
        .laureates
        .iter()
        .map(|p| Final {
            dossier: p.dossier,
            category: p.category,
            rank: Some(p.rank),
            level: p.level,
            adjusted: false,
        })
        .collect();
    for a in adjustments {
        match *a {
            Adjustment::Remove { dossier } => out.retain(|f| f.dossier != dossier),
            Adjustment::Level { dossier, level } => {
                for f in out.iter_mut().filter(|f| f.dossier == dossier) {
                    f.level = level;
                    f.adjusted = true;
                }
            }
            Adjustment::Add { dossier, level } => {
                if let Some(f) = out.iter_mut().find(|f| f.dossier == dossier) {
                    f.level = level;
                    f.adjusted = true;
                } else if let Some(r) = ranked.iter().find(|r| r.dossier == dossier) {
                    out.push(Final { dossier, category: r.category, rank: r.rank, level, adjusted: true });
                }
            }
        }
    }
    let order = |l: Level| Level::ALL.iter().position(|x| *x == l).unwrap_or(0);
    out.sort_by_key(|f| (f.category, order(f.level), f.rank.unwrap_or(usize::MAX), f.dossier));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(dossier: i64, category: i64, rank: Option<usize>, aggregate: f64) -> Ranked {
        Ranked {
            dossier,
            category,
            reviews: Vec::new(),
            aggregate: Some(aggregate),
            rank,
            not_rankable: rank.is_none(),
            tie: false,
            decided_by: None,
            eliminatory: Vec::new(),
            disagreement: false,
            spread: 0.0,
        }
    }

    #[test]
    fn the_top_of_each_category_with_levels_by_rank() {
        let mut all: Vec<Ranked> =
            (1..=7).map(|i| ranked(i, 1, Some(i as usize), 100.0 - i as f64)).collect();
        all.push(ranked(20, 2, Some(1), 60.0));
        all.push(ranked(21, 2, None, 90.0));
        let p = propose(&all, 5, &LevelRule::default());
        let cat1: Vec<(i64, Level)> =
            p.laureates.iter().filter(|l| l.category == 1).map(|l| (l.dossier, l.level)).collect();
        assert_eq!(
            cat1,
            vec![
                (1, Level::Or),
                (2, Level::Argent),
                (3, Level::Argent),
                (4, Level::Bronze),
                (5, Level::Bronze)
            ]
        );
        let cat2: Vec<i64> = p.laureates.iter().filter(|l| l.category == 2).map(|l| l.dossier).collect();
        assert_eq!(cat2, vec![20], "a dossier that is not rankable is not proposed");
        assert!(p.ties_at_cut.is_empty());
    }

    #[test]
    fn an_eliminated_dossier_gives_its_place_and_a_tie_at_the_cut_is_reported() {
        let mut all =
            vec![ranked(1, 1, Some(1), 90.0), ranked(2, 1, Some(2), 80.0), ranked(3, 1, Some(3), 70.0)];
        all[0].eliminatory.push("usagers".into());
        all.push(ranked(4, 1, Some(3), 70.0));
        let p = propose(&all, 2, &LevelRule::default());
        // Places: 2 → 1st, 3 and 4 tied for 2nd: the tie straddles the cut.
        assert_eq!(p.laureates.iter().map(|l| (l.dossier, l.rank)).collect::<Vec<_>>(), vec![(2, 1)]);
        assert_eq!(p.ties_at_cut, vec![(1, vec![3, 4])]);
    }

    #[test]
    fn adjustments_apply_in_order() {
        let all: Vec<Ranked> = (1..=4).map(|i| ranked(i, 1, Some(i as usize), 90.0 - i as f64)).collect();
        let p = propose(&all, 2, &LevelRule::default());
        let finals = apply(
            &p,
            &all,
            &[
                Adjustment::Remove { dossier: 2 },
                Adjustment::Add { dossier: 4, level: Level::Bronze },
                Adjustment::Level { dossier: 1, level: Level::Argent },
                Adjustment::Add { dossier: 3, level: Level::Or },
            ],
        );
        let got: Vec<(i64, Level, bool)> = finals.iter().map(|f| (f.dossier, f.level, f.adjusted)).collect();
        assert_eq!(got, vec![(3, Level::Or, true), (1, Level::Argent, true), (4, Level::Bronze, true)]);
    }

    #[test]
    fn levels_by_score() {
        let rule = LevelRule::ByScore { or: 80.0, argent: 65.0 };
        assert_eq!(rule.level(1, 85.0), Level::Or);
        assert_eq!(rule.level(1, 70.0), Level::Argent);
        assert_eq!(rule.level(1, 64.9), Level::Bronze);
        assert!(rule.describe().contains("80,0"));
    }
}
