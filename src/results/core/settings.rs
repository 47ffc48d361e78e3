//! An edition's results settings: the ranking method, the laureates and their levels, the
//! certificates' signatories; and the parsing of the organisers' settings form into them
//! (pure: the French message of each refused field, nothing written).

use serde::Serialize;

use super::laureates::LevelRule;
use super::ranking::{Aggregate, Settings, TieRule};

/// An edition's ranking settings and laureate rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsSettings {
    pub ranking: Settings,
    pub laureates_per_category: usize,
    pub level_rule: LevelRule,
    /// (name, function) of who signs the certificates.
    pub signatories: Vec<(String, String)>,
}

impl Default for ResultsSettings {
    /// The defaults of the `results_settings` columns.
    fn default() -> Self {
        ResultsSettings {
            ranking: Settings::default(),
            laureates_per_category: 5,
            level_rule: LevelRule::default(),
            signatories: Vec::new(),
        }
    }
}

impl ResultsSettings {
    /// What differs between these settings (as typed) and `stored` (as stored now), for the
    /// refusal of a save from an older version.
    pub fn changes_from(&self, stored: &ResultsSettings) -> Vec<crate::web::stale::Change> {
        fn level(rule: &LevelRule) -> String {
            match rule {
                LevelRule::ByRank { or, argent } => {
                    format!("par rang : Or jusqu’au {or}e, Argent jusqu’au {argent}e")
                }
                LevelRule::ByScore { or, argent } => format!("par note : Or dès {or}, Argent dès {argent}"),
            }
        }
        fn ties(rules: &[TieRule]) -> String {
            let names: Vec<String> = rules
                .iter()
                .map(|r| match r {
                    TieRule::Median => "médiane".to_string(),
                    TieRule::ReviewCount => "nombre d’évaluations".to_string(),
                    TieRule::Criterion(slug) => format!("critère {slug}"),
                })
                .collect();
            names.join(", ")
        }
        let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
        let signatories = |s: &ResultsSettings| {
            s.signatories.iter().map(|(n, f)| format!("{n} — {f}")).collect::<Vec<_>>().join(" ; ")
        };
        let (a, b) = (self, stored);
        crate::web::stale::changes([
            (
                "Combinaison des évaluations",
                a.ranking.aggregate.label().to_string(),
                b.ranking.aggregate.label().to_string(),
            ),
            (
                "Correction de sévérité",
                yes_no(a.ranking.severity_correction),
                yes_no(b.ranking.severity_correction),
            ),
            ("Évaluations minimales", a.ranking.min_reviews.to_string(), b.ranking.min_reviews.to_string()),
            (
                "Seuil de désaccord",
                a.ranking.disagreement_threshold.to_string(),
                b.ranking.disagreement_threshold.to_string(),
            ),
            ("Règles de départage", ties(&a.ranking.tie_rules), ties(&b.ranking.tie_rules)),
            (
                "Lauréats par catégorie",
                a.laureates_per_category.to_string(),
                b.laureates_per_category.to_string(),
            ),
            ("Niveaux", level(&a.level_rule), level(&b.level_rule)),
            ("Signatures", signatories(a), signatories(b)),
        ])
    }
}

/// The settings form as typed.
#[derive(Debug, Clone, Default)]
pub struct SettingsText<'a> {
    pub aggregate: &'a str,
    /// `oui` when the severity correction is asked for.
    pub severity_correction: &'a str,
    pub min_reviews: &'a str,
    pub disagreement_threshold: &'a str,
    pub laureates_per_category: &'a str,
    /// `rank` or `score`.
    pub level_kind: &'a str,
    pub level_or: &'a str,
    pub level_argent: &'a str,
    /// One `Name — Function` a line.
    pub signatories: &'a str,
    /// Up to three tie rules in order: `median`, `review_count`, `criterion:<slug>` or empty.
    /// None sent: the stored rules stay.
    pub tie_rules: &'a [String],
}

/// What the tie rules may be changed to: not once a review was submitted, and only to the
/// rubric's criteria.
#[derive(Debug, Clone, Copy)]
pub struct TieRulesScope<'a> {
    pub locked: bool,
    pub criteria: &'a [&'a str],
}

/// A refused field and its French message.
pub type FieldError = (&'static str, &'static str);

/// The settings `text` asks for, from the `stored` ones; every refused field otherwise, in the
/// form's order.
pub fn parse(
    text: &SettingsText<'_>,
    stored: &ResultsSettings,
    ties: TieRulesScope<'_>,
) -> Result<ResultsSettings, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let int = |s: &str, range: std::ops::RangeInclusive<i64>| {
        s.trim().parse::<i64>().ok().filter(|n| range.contains(n))
    };
    let aggregate = Aggregate::parse(text.aggregate);
    if aggregate.is_none() {
        errors.push(("aggregate", "Choisissez la façon de combiner les évaluations."));
    }
    let min_reviews = int(text.min_reviews, 1..=10);
    if min_reviews.is_none() {
        errors.push(("min_reviews", "Le nombre minimal d’évaluations est un entier de 1 à 10."));
    }
    let threshold = int(text.disagreement_threshold, 1..=100);
    if threshold.is_none() {
        errors.push(("disagreement_threshold", "Le seuil de désaccord est un nombre de points de 1 à 100."));
    }
    let per_category = int(text.laureates_per_category, 0..=50);
    if per_category.is_none() {
        errors
            .push(("laureates_per_category", "Le nombre de lauréats par catégorie est un entier de 0 à 50."));
    }
    let level_rule = match text.level_kind {
        "rank" => match (int(text.level_or, 0..=50), int(text.level_argent, 0..=50)) {
            (Some(or), Some(argent)) if or <= argent => {
                Some(LevelRule::ByRank { or: or as usize, argent: argent as usize })
            }
            _ => {
                errors
                    .push(("level_or", "Par rang : le dernier rang Or est au plus le dernier rang Argent."));
                None
            }
        },
        "score" => {
            let parse = |s: &str| {
                s.trim().replace(',', ".").parse::<f64>().ok().filter(|x| (0.0..=100.0).contains(x))
            };
            match (parse(text.level_or), parse(text.level_argent)) {
                (Some(or), Some(argent)) if argent <= or => Some(LevelRule::ByScore { or, argent }),
                _ => {
                    errors
                        .push(("level_or", "Par note : le seuil Or (0 à 100) est au moins le seuil Argent."));
                    None
                }
            }
        }
        _ => {
            errors.push(("level_kind", "Choisissez comment les niveaux sont attribués."));
            None
        }
    };
    let mut signatories = Vec::new();
    for line in text.signatories.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(" — ").or_else(|| line.split_once(" - ")) {
            Some((name, function)) => {
                signatories.push((name.trim().to_string(), function.trim().to_string()))
            }
            None => {
                errors.push(("signatories", "Une signature par ligne : « Prénom Nom — Fonction »."));
                break;
            }
        }
    }
    if signatories.len() > 3 {
        errors.push(("signatories", "Trois signatures au plus sur un certificat."));
    }
    let mut tie_rules = stored.ranking.tie_rules.clone();
    if !text.tie_rules.is_empty() {
        if ties.locked {
            errors.push((
                "tie_rules",
                "Les règles de départage se déclarent avant l’évaluation : une évaluation a déjà été soumise.",
            ));
        } else {
            tie_rules = Vec::new();
            for value in text.tie_rules.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                let rule = match value {
                    "median" => TieRule::Median,
                    "review_count" => TieRule::ReviewCount,
                    other => match other.strip_prefix("criterion:") {
                        Some(slug) if ties.criteria.contains(&slug) => TieRule::Criterion(slug.to_string()),
                        _ => {
                            errors.push(("tie_rules", "Règle de départage inconnue."));
                            continue;
                        }
                    },
                };
                if !tie_rules.contains(&rule) {
                    tie_rules.push(rule);
                }
            }
        }
    }
    match (aggregate, min_reviews, threshold, per_category, level_rule) {
        (Some(aggregate), Some(min_reviews), Some(threshold), Some(per_category), Some(level_rule))
            if errors.is_empty() =>
        {
            let mut settings = stored.clone();
            settings.signatories = signatories;
            settings.ranking.aggregate = aggregate;
            settings.ranking.severity_correction = text.severity_correction == "oui";
            settings.ranking.min_reviews = min_reviews as usize;
            settings.ranking.disagreement_threshold = threshold as f64;
            settings.ranking.tie_rules = tie_rules;
            settings.laureates_per_category = per_category as usize;
            settings.level_rule = level_rule;
            Ok(settings)
        }
        _ => Err(errors),
    }
}

/// The value of a tie rule in the settings form.
pub fn tie_rule_value(rule: &TieRule) -> String {
    match rule {
        TieRule::Median => "median".to_string(),
        TieRule::ReviewCount => "review_count".to_string(),
        TieRule::Criterion(slug) => format!("criterion:{slug}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> SettingsText<'static> {
        SettingsText {
            aggregate: "median",
            severity_correction: "oui",
            min_reviews: "2",
            disagreement_threshold: "30",
            laureates_per_category: "4",
            level_kind: "score",
            level_or: "90",
            level_argent: "70,5",
            signatories: "Marie Curie — Présidente\nJean Moulin - Juré",
            tie_rules: &[],
        }
    }

    const OPEN: TieRulesScope<'static> = TieRulesScope { locked: false, criteria: &["impact"] };

    #[test]
    fn a_valid_form_gives_the_settings() {
        let s = parse(&text(), &ResultsSettings::default(), OPEN).unwrap();
        assert_eq!(s.ranking.aggregate, Aggregate::Median);
        assert!(s.ranking.severity_correction);
        assert_eq!(s.ranking.min_reviews, 2);
        assert_eq!(s.ranking.disagreement_threshold, 30.0);
        assert_eq!(s.laureates_per_category, 4);
        assert_eq!(s.level_rule, LevelRule::ByScore { or: 90.0, argent: 70.5 });
        assert_eq!(s.signatories[1], ("Jean Moulin".to_string(), "Juré".to_string()));
        assert_eq!(s.ranking.tie_rules, ResultsSettings::default().ranking.tie_rules, "kept when none sent");
    }

    #[test]
    fn every_refused_field_is_named_in_the_form_order() {
        let bad = SettingsText {
            aggregate: "mode",
            min_reviews: "douze",
            disagreement_threshold: "0",
            laureates_per_category: "51",
            level_kind: "rank",
            level_or: "5",
            level_argent: "3",
            signatories: "Sans fonction",
            ..text()
        };
        let errors = parse(&bad, &ResultsSettings::default(), OPEN).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            [
                "aggregate",
                "min_reviews",
                "disagreement_threshold",
                "laureates_per_category",
                "level_or",
                "signatories"
            ]
        );
        let four = "A — a\nB — b\nC — c\nD — d";
        let errors = parse(&SettingsText { signatories: four, ..text() }, &ResultsSettings::default(), OPEN);
        assert_eq!(errors.unwrap_err(), [("signatories", "Trois signatures au plus sur un certificat.")]);
    }

    #[test]
    fn tie_rules_change_only_before_scoring_and_only_to_known_criteria() {
        let rules = ["review_count".to_string(), "criterion:impact".to_string(), "review_count".to_string()];
        let s =
            parse(&SettingsText { tie_rules: &rules, ..text() }, &ResultsSettings::default(), OPEN).unwrap();
        assert_eq!(s.ranking.tie_rules, [TieRule::ReviewCount, TieRule::Criterion("impact".into())]);
        let locked = TieRulesScope { locked: true, ..OPEN };
        let refused =
            parse(&SettingsText { tie_rules: &rules, ..text() }, &ResultsSettings::default(), locked);
        assert_eq!(refused.unwrap_err()[0].0, "tie_rules");
        let unknown = ["criterion:budget".to_string()];
        let refused =
            parse(&SettingsText { tie_rules: &unknown, ..text() }, &ResultsSettings::default(), OPEN);
        assert_eq!(refused.unwrap_err(), [("tie_rules", "Règle de départage inconnue.")]);
        assert_eq!(tie_rule_value(&TieRule::Criterion("impact".into())), "criterion:impact");
    }
}
