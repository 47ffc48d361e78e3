//! The scoring rubric: weighted criteria on a common scale, each level with an anchor text,
//! some eliminatory. Pure: validation of a rubric, of a juror's scores, and the weighted
//! score of a review on 0–100.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The default rubric, shipped in `fixtures/rubric.json`.
pub const DEFAULT_RUBRIC: &str = include_str!("../../../fixtures/rubric.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Relative weight, > 0; weights need not sum to 100.
    pub weight: u32,
    /// A score strictly below this flags the dossier.
    pub eliminatory_below: Option<i64>,
    /// One text per level, from `scale_min` to `scale_max`.
    pub anchors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub scale_min: i64,
    pub scale_max: i64,
    pub criteria: Vec<Criterion>,
}

impl Rubric {
    pub fn default_rubric() -> Rubric {
        serde_json::from_str(DEFAULT_RUBRIC).expect("fixtures/rubric.json is a valid rubric")
    }

    pub fn levels(&self) -> std::ops::RangeInclusive<i64> {
        self.scale_min..=self.scale_max
    }

    /// Every problem with the rubric, in French, with the criterion it concerns (None: the scale).
    pub fn problems(&self) -> Vec<(Option<usize>, String)> {
        let mut out = Vec::new();
        if self.scale_min < 0 || self.scale_max <= self.scale_min || self.scale_max > 20 {
            out.push((
                None,
                "L’échelle va d’une note minimale (0 ou plus) à une note maximale plus grande, 20 au plus."
                    .into(),
            ));
        }
        if self.criteria.is_empty() {
            out.push((None, "La grille compte au moins un critère.".into()));
        }
        let levels = (self.scale_max - self.scale_min + 1).max(0) as usize;
        let mut seen = BTreeMap::new();
        for (i, c) in self.criteria.iter().enumerate() {
            if c.name.trim().is_empty() {
                out.push((Some(i), "Donnez un nom au critère.".into()));
            }
            if let Some(first) = seen.insert(c.slug.as_str(), i) {
                out.push((
                    Some(i),
                    format!(
                        "Deux critères portent le même identifiant (critères {} et {}).",
                        first + 1,
                        i + 1
                    ),
                ));
            }
            if c.weight == 0 || c.weight > 1000 {
                out.push((Some(i), "Le poids est un entier de 1 à 1 000.".into()));
            }
            if c.anchors.len() != levels || c.anchors.iter().any(|a| a.trim().is_empty()) {
                out.push((Some(i), format!("Décrivez chacun des {levels} niveaux de la note.")));
            }
            if let Some(t) = c.eliminatory_below {
                if t <= self.scale_min || t > self.scale_max {
                    out.push((
                        Some(i),
                        format!(
                            "Le seuil éliminatoire est entre {} et {}.",
                            self.scale_min + 1,
                            self.scale_max
                        ),
                    ));
                }
            }
        }
        out
    }
}

/// Why a set of scores was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// A score for a criterion that is not in this rubric.
    UnknownCriterion(String),
    /// A score outside the scale.
    OutOfScale { criterion: String, score: i64 },
    /// A criterion left without a score (only when the review is submitted).
    Missing(String),
}

impl ScoreError {
    pub fn message(&self, rubric: &Rubric) -> String {
        match self {
            ScoreError::UnknownCriterion(_) => {
                "Cette note concerne un critère qui n’est pas dans la grille.".into()
            }
            ScoreError::OutOfScale { score, .. } => {
                format!(
                    "La note {score} est hors de l’échelle ({} à {}).",
                    rubric.scale_min, rubric.scale_max
                )
            }
            ScoreError::Missing(_) => "Choisissez une note pour ce critère.".into(),
        }
    }
}

/// Checks a juror's scores, by criterion slug: every score is on the scale and belongs to
/// this rubric; when `complete`, every criterion has one. All errors at once.
pub fn check_scores(rubric: &Rubric, scores: &BTreeMap<String, i64>, complete: bool) -> Vec<ScoreError> {
    let mut errors = Vec::new();
    for (slug, score) in scores {
        if !rubric.criteria.iter().any(|c| &c.slug == slug) {
            errors.push(ScoreError::UnknownCriterion(slug.clone()));
        } else if !rubric.levels().contains(score) {
            errors.push(ScoreError::OutOfScale { criterion: slug.clone(), score: *score });
        }
    }
    if complete {
        for c in &rubric.criteria {
            if !scores.contains_key(&c.slug) {
                errors.push(ScoreError::Missing(c.slug.clone()));
            }
        }
    }
    errors
}

/// The weighted score of a complete review on 0–100; None if a criterion lacks a score.
pub fn weighted_score(rubric: &Rubric, scores: &BTreeMap<String, i64>) -> Option<f64> {
    let span = (rubric.scale_max - rubric.scale_min) as f64;
    let total_weight: f64 = rubric.criteria.iter().map(|c| f64::from(c.weight)).sum();
    if span <= 0.0 || total_weight <= 0.0 {
        return None;
    }
    let mut sum = 0.0;
    for c in &rubric.criteria {
        let score = *scores.get(&c.slug)?;
        sum += f64::from(c.weight) * (score - rubric.scale_min) as f64 / span;
    }
    Some(100.0 * sum / total_weight)
}

/// The criteria whose score is below their eliminatory threshold.
pub fn eliminated_by<'r>(rubric: &'r Rubric, scores: &BTreeMap<String, i64>) -> Vec<&'r Criterion> {
    rubric
        .criteria
        .iter()
        .filter(|c| matches!((c.eliminatory_below, scores.get(&c.slug)), (Some(t), Some(s)) if *s < t))
        .collect()
}

/// A criterion as stored for an edition (its row), with its id.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CriterionRow {
    pub id: i64,
    pub edition_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub weight: i64,
    pub eliminatory_below: Option<i64>,
    /// JSON array of texts, one per level.
    pub anchors: String,
    pub position: i64,
}

impl CriterionRow {
    pub fn to_criterion(&self) -> Criterion {
        Criterion {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            weight: u32::try_from(self.weight).unwrap_or(0),
            eliminatory_below: self.eliminatory_below,
            anchors: serde_json::from_str(&self.anchors).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scores(values: &[(&str, i64)]) -> BTreeMap<String, i64> {
        values.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn all(rubric: &Rubric, value: i64) -> BTreeMap<String, i64> {
        rubric.criteria.iter().map(|c| (c.slug.clone(), value)).collect()
    }

    #[test]
    fn the_default_rubric_has_the_labels_six_criteria_and_is_valid() {
        let r = Rubric::default_rubric();
        let names: Vec<_> = r.criteria.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Caractère innovant",
                "Reproductibilité et essaimage",
                "Interopérabilité et mutualisation",
                "Prise en compte des usagers",
                "Sobriété et impact environnemental",
                "Dimension partenariale et gouvernance"
            ]
        );
        assert_eq!((r.scale_min, r.scale_max), (0, 5));
        assert!(r.problems().is_empty(), "{:?}", r.problems());
    }

    #[test]
    fn a_broken_rubric_lists_every_problem() {
        let mut r = Rubric::default_rubric();
        r.criteria[0].weight = 0;
        r.criteria[1].anchors.pop();
        r.criteria[2].slug = r.criteria[3].slug.clone();
        r.criteria[4].eliminatory_below = Some(9);
        r.criteria[5].name = " ".into();
        let problems: Vec<_> = r.problems().into_iter().map(|(i, _)| i).collect();
        assert_eq!(problems, [Some(0), Some(1), Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn scores_outside_the_scale_or_the_rubric_are_refused() {
        let r = Rubric::default_rubric();
        let mut s = all(&r, 3);
        assert!(check_scores(&r, &s, true).is_empty());
        s.insert("innovation".into(), 6);
        s.insert("autre-grille".into(), 2);
        s.remove("sobriete");
        let errors = check_scores(&r, &s, true);
        assert_eq!(
            errors,
            [
                ScoreError::UnknownCriterion("autre-grille".into()),
                ScoreError::OutOfScale { criterion: "innovation".into(), score: 6 },
                ScoreError::Missing("sobriete".into()),
            ]
        );
        assert_eq!(errors[1].message(&r), "La note 6 est hors de l’échelle (0 à 5).");
        // A draft may leave criteria empty, never put a wrong value.
        assert_eq!(check_scores(&r, &scores(&[("usagers", -1)]), false).len(), 1);
        assert!(check_scores(&r, &scores(&[("usagers", 0)]), false).is_empty());
    }

    #[test]
    fn the_weighted_score_spans_zero_to_one_hundred() {
        let r = Rubric::default_rubric();
        assert_eq!(weighted_score(&r, &all(&r, 0)), Some(0.0));
        assert_eq!(weighted_score(&r, &all(&r, 5)), Some(100.0));
        let mut s = all(&r, 0);
        s.insert("innovation".into(), 5); // weight 25 out of 100
        assert_eq!(weighted_score(&r, &s), Some(25.0));
        s.remove("partenariat");
        assert_eq!(weighted_score(&r, &s), None);
    }

    #[test]
    fn eliminatory_criteria_flag_low_scores() {
        let r = Rubric::default_rubric();
        let mut s = all(&r, 4);
        assert!(eliminated_by(&r, &s).is_empty());
        s.insert("usagers".into(), 0);
        let flagged: Vec<_> = eliminated_by(&r, &s).iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(flagged, ["usagers"]);
    }

    proptest! {
        #[test]
        fn a_better_score_on_any_criterion_never_lowers_the_weighted_score(
            values in proptest::collection::vec(0i64..=5, 6), which in 0usize..6
        ) {
            let r = Rubric::default_rubric();
            let s: BTreeMap<String, i64> =
                r.criteria.iter().zip(&values).map(|(c, v)| (c.slug.clone(), *v)).collect();
            let base = weighted_score(&r, &s).unwrap();
            prop_assert!((0.0..=100.0).contains(&base));
            let mut better = s.clone();
            let slug = &r.criteria[which].slug;
            better.insert(slug.clone(), (s[slug] + 1).min(5));
            prop_assert!(weighted_score(&r, &better).unwrap() >= base);
        }
    }
}
