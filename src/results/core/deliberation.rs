//! What the deliberation shows: the ranking under the edition's method, the rank of every
//! dossier under each method side by side, and the proposed laureates. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::laureates::{propose, Proposals};
use super::ranking::{rank_with, Aggregate, Correction, DossierIn, Ranking, ReviewIn, Settings};
use super::settings::ResultsSettings;

/// A ranking method: an aggregate, with or without the severity correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Method {
    pub aggregate: Aggregate,
    pub corrected: bool,
}

impl Method {
    pub fn all() -> Vec<Method> {
        let mut out = Vec::new();
        for corrected in [false, true] {
            for aggregate in Aggregate::ALL {
                out.push(Method { aggregate, corrected });
            }
        }
        out
    }

    pub fn label(&self) -> String {
        if self.corrected {
            format!("{} corrigée", self.aggregate.label())
        } else {
            self.aggregate.label().to_string()
        }
    }

    pub fn key(&self) -> String {
        format!("{}{}", self.aggregate.as_str(), if self.corrected { "_corrigee" } else { "" })
    }
}

/// A dossier's (rank, aggregate) under one method.
pub type Placing = (Option<usize>, Option<f64>);

#[derive(Debug, Clone, Serialize)]
pub struct Deliberation {
    /// The ranking under the edition's settings.
    pub main: Ranking,
    pub methods: Vec<Method>,
    /// dossier → (rank, aggregate) under each method, in the order of `methods`.
    pub by_method: BTreeMap<i64, Vec<Placing>>,
    pub proposals: Proposals,
}

pub fn deliberate(dossiers: &[DossierIn], reviews: &[ReviewIn], settings: &ResultsSettings) -> Deliberation {
    // The severity correction is estimated once for the seven rankings.
    let correction = Correction::estimate(dossiers, reviews, settings.ranking.full_weight_reviews);
    let main = rank_with(dossiers, reviews, &settings.ranking, Some(&correction));
    let methods = Method::all();
    let mut by_method: BTreeMap<i64, Vec<Placing>> = BTreeMap::new();
    for m in &methods {
        let s =
            Settings { aggregate: m.aggregate, severity_correction: m.corrected, ..settings.ranking.clone() };
        for d in rank_with(dossiers, reviews, &s, Some(&correction)).dossiers {
            by_method.entry(d.dossier).or_default().push((d.rank, d.aggregate));
        }
    }
    let proposals = propose(&main.dossiers, settings.laureates_per_category, &settings.level_rule);
    Deliberation { main, methods, by_method, proposals }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_ranks_every_dossier() {
        let dossiers: Vec<DossierIn> = (1..=4).map(|id| DossierIn { id, category: 1 }).collect();
        let reviews: Vec<ReviewIn> = (1..=4)
            .flat_map(|d| {
                (1..=3).map(move |j| ReviewIn {
                    dossier: d,
                    juror: j,
                    score: (d * 10 + j * 3) as f64,
                    criteria: BTreeMap::new(),
                    eliminatory: Vec::new(),
                })
            })
            .collect();
        let settings = ResultsSettings {
            ranking: Settings::default(),
            laureates_per_category: 2,
            level_rule: Default::default(),
            signatories: Vec::new(),
        };
        let d = deliberate(&dossiers, &reviews, &settings);
        assert_eq!(d.methods.len(), 6);
        assert!(d.by_method.values().all(|v| v.len() == 6));
        assert_eq!(d.by_method[&4][0].0, Some(1));
        assert_eq!(d.proposals.laureates.len(), 2);
        assert_eq!(Method { aggregate: Aggregate::Median, corrected: true }.label(), "médiane corrigée");
    }
}
