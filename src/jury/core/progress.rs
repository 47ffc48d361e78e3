//! Scoring progress, for the organisers' dashboard: the counts and the rules read from them. Pure.
//!
//! Only assignments without an active conflict count: a conflicted juror's pair is neither
//! expected nor shown as done. The counts are made in SQL (`repo::progress`), which leaves
//! those pairs out; what is decided from them (the jury's share, who is behind) is here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Count {
    /// Reviews expected (assigned pairs).
    pub assigned: usize,
    pub submitted: usize,
    pub drafts: usize,
}

impl Count {
    fn add(&mut self, other: &Count) {
        self.assigned += other.assigned;
        self.submitted += other.submitted;
        self.drafts += other.drafts;
    }

    /// Share of the expected reviews that are submitted, 0–100.
    pub fn percent(&self) -> u32 {
        if self.assigned == 0 {
            return 0;
        }
        (100 * self.submitted / self.assigned) as u32
    }
}

/// The reviews of one category's dossiers to review, counted per dossier against k (the
/// jurors expected per dossier).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategoryTally {
    pub category: i64,
    pub dossiers: usize,
    /// Dossiers with at least k submitted reviews.
    pub complete: usize,
    /// Dossiers with fewer than k jurors assigned.
    pub short_of_jurors: usize,
    pub count: Count,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub overall: Count,
    pub dossiers: usize,
    pub by_category: BTreeMap<i64, CategoryTally>,
    /// Dossiers with fewer than k submitted reviews.
    pub short_of_reviews: usize,
    /// Dossiers with fewer than k jurors assigned.
    pub short_of_jurors: usize,
    /// Jurors whose share of submitted reviews trails the jury's by more than `BEHIND_MARGIN` points.
    pub behind: BTreeSet<i64>,
}

/// How far (in percentage points) a juror may trail the jury before being listed as behind.
pub const BEHIND_MARGIN: u32 = 20;

/// Whether a juror with these reviews is behind a jury at `overall` % of its reviews.
pub fn is_behind(juror: &Count, overall: u32) -> bool {
    juror.assigned > juror.submitted && juror.percent() + BEHIND_MARGIN < overall
}

/// `categories`: the tally of each category with dossiers to review; `by_juror`: every juror's
/// reviews on them.
pub fn progress(categories: Vec<CategoryTally>, by_juror: &BTreeMap<i64, Count>) -> Progress {
    let mut p = Progress {
        overall: Count::default(),
        dossiers: 0,
        by_category: BTreeMap::new(),
        short_of_reviews: 0,
        short_of_jurors: 0,
        behind: BTreeSet::new(),
    };
    for c in categories {
        p.overall.add(&c.count);
        p.dossiers += c.dossiers;
        p.short_of_reviews += c.dossiers.saturating_sub(c.complete);
        p.short_of_jurors += c.short_of_jurors;
        p.by_category.insert(c.category, c);
    }
    let overall = p.overall.percent();
    p.behind = by_juror.iter().filter(|(_, c)| is_behind(c, overall)).map(|(j, _)| *j).collect();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(assigned: usize, submitted: usize, drafts: usize) -> Count {
        Count { assigned, submitted, drafts }
    }

    #[test]
    fn sums_the_categories_and_finds_the_jurors_behind() {
        let categories = vec![
            CategoryTally {
                category: 10,
                dossiers: 2,
                complete: 1,
                short_of_jurors: 0,
                count: count(4, 3, 1),
            },
            CategoryTally {
                category: 20,
                dossiers: 1,
                complete: 0,
                short_of_jurors: 1,
                count: count(2, 1, 0),
            },
        ];
        let jurors =
            [(100, count(3, 3, 0)), (101, count(2, 1, 1)), (102, count(1, 0, 0)), (103, count(0, 0, 0))];
        let p = progress(categories, &jurors.into_iter().collect());
        assert_eq!(p.overall, count(6, 4, 1));
        assert_eq!((p.dossiers, p.short_of_reviews, p.short_of_jurors), (3, 2, 1));
        assert_eq!(p.by_category[&20].count, count(2, 1, 0));
        // The jury is at 66 %; juror 102 (0 %) trails by more than 20 points, 101 (50 %) does not.
        assert_eq!(p.behind.into_iter().collect::<Vec<_>>(), vec![102]);
        assert_eq!(p.overall.percent(), 66);
    }

    #[test]
    fn a_juror_with_everything_submitted_or_nothing_assigned_is_not_behind() {
        assert!(!is_behind(&count(0, 0, 0), 100));
        assert!(!is_behind(&count(2, 2, 0), 100));
        assert!(is_behind(&count(4, 3, 0), 100));
        assert!(!is_behind(&count(4, 3, 0), 95), "75 + 20 is not below 95");
        assert_eq!(Count::default().percent(), 0);
        let p = progress(Vec::new(), &BTreeMap::new());
        assert_eq!((p.overall.percent(), p.behind.len()), (0, 0));
    }
}
