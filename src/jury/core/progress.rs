//! Scoring progress, for the organisers' dashboard. Pure.
//!
//! Only assignments without an active conflict count: a conflicted juror's pair is neither
//! expected nor shown as done.

use std::collections::BTreeMap;

use serde::Serialize;

/// One pair of the assignment with where its review stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairIn {
    pub dossier: i64,
    pub juror: i64,
    pub submitted: bool,
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Count {
    /// Reviews expected (assigned pairs).
    pub assigned: usize,
    pub submitted: usize,
    pub drafts: usize,
}

impl Count {
    fn add(&mut self, p: &PairIn) {
        self.assigned += 1;
        self.submitted += usize::from(p.submitted);
        self.drafts += usize::from(p.draft);
    }

    /// Share of the expected reviews that are submitted, 0–100.
    pub fn percent(&self) -> u32 {
        if self.assigned == 0 {
            return 0;
        }
        (100 * self.submitted / self.assigned) as u32
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub overall: Count,
    pub by_category: BTreeMap<i64, Count>,
    pub by_juror: BTreeMap<i64, Count>,
    pub by_dossier: BTreeMap<i64, Count>,
    /// Dossiers with fewer than k submitted reviews, fewest first.
    pub short_of_reviews: Vec<i64>,
    /// Dossiers with fewer than k jurors assigned.
    pub short_of_jurors: Vec<i64>,
    /// Jurors whose share of submitted reviews trails the jury's by more than `BEHIND_MARGIN` points.
    pub behind: Vec<i64>,
}

/// How far (in percentage points) a juror may trail the jury before being listed as behind.
pub const BEHIND_MARGIN: u32 = 20;

/// `dossiers`: (id, category) of every dossier to review; `jurors`: every juror who may review.
pub fn progress(dossiers: &[(i64, i64)], jurors: &[i64], pairs: &[PairIn], k: usize) -> Progress {
    let category: BTreeMap<i64, i64> = dossiers.iter().copied().collect();
    let mut p = Progress {
        overall: Count::default(),
        by_category: dossiers.iter().map(|(_, c)| (*c, Count::default())).collect(),
        by_juror: jurors.iter().map(|j| (*j, Count::default())).collect(),
        by_dossier: dossiers.iter().map(|(d, _)| (*d, Count::default())).collect(),
        short_of_reviews: Vec::new(),
        short_of_jurors: Vec::new(),
        behind: Vec::new(),
    };
    for pair in pairs {
        let Some(c) = category.get(&pair.dossier) else { continue };
        p.overall.add(pair);
        p.by_category.entry(*c).or_default().add(pair);
        p.by_juror.entry(pair.juror).or_default().add(pair);
        p.by_dossier.entry(pair.dossier).or_default().add(pair);
    }
    let mut short: Vec<(usize, i64)> =
        p.by_dossier.iter().filter(|(_, c)| c.submitted < k).map(|(d, c)| (c.submitted, *d)).collect();
    short.sort();
    p.short_of_reviews = short.into_iter().map(|(_, d)| d).collect();
    p.short_of_jurors = p.by_dossier.iter().filter(|(_, c)| c.assigned < k).map(|(d, _)| *d).collect();
    let overall = p.overall.percent();
    p.behind = p
        .by_juror
        .iter()
        .filter(|(_, c)| c.assigned > c.submitted && c.percent() + BEHIND_MARGIN < overall)
        .map(|(j, _)| *j)
        .collect();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(dossier: i64, juror: i64, state: &str) -> PairIn {
        PairIn { dossier, juror, submitted: state == "s", draft: state == "d" }
    }

    #[test]
    fn counts_per_category_juror_and_dossier() {
        let dossiers = [(1, 10), (2, 10), (3, 20)];
        let pairs = [
            pair(1, 100, "s"),
            pair(1, 101, "s"),
            pair(2, 100, "s"),
            pair(2, 101, "d"),
            pair(3, 102, ""),
            pair(3, 100, "s"),
            // A pair on a dossier that is not to be reviewed is ignored.
            pair(9, 100, "s"),
        ];
        let p = progress(&dossiers, &[100, 101, 102, 103], &pairs, 2);
        assert_eq!(p.overall, Count { assigned: 6, submitted: 4, drafts: 1 });
        assert_eq!(p.by_category[&10], Count { assigned: 4, submitted: 3, drafts: 1 });
        assert_eq!(p.by_category[&20], Count { assigned: 2, submitted: 1, drafts: 0 });
        assert_eq!(p.by_juror[&100], Count { assigned: 3, submitted: 3, drafts: 0 });
        assert_eq!(p.by_juror[&103], Count::default(), "a juror without dossiers is listed");
        assert_eq!(p.short_of_reviews, vec![2, 3], "fewest reviews first, then by id");
        assert!(p.short_of_jurors.is_empty());
        // The jury is at 66 %; juror 102 (0 %) trails by more than 20 points, 101 (50 %) does not.
        assert_eq!(p.behind, vec![102]);
        assert_eq!(p.overall.percent(), 66);
    }

    #[test]
    fn dossiers_short_of_jurors() {
        let p = progress(&[(1, 1), (2, 1)], &[7], &[pair(1, 7, "")], 1);
        assert_eq!(p.short_of_jurors, vec![2]);
        assert_eq!(p.short_of_reviews, vec![1, 2]);
        assert_eq!(Count::default().percent(), 0);
    }
}
