//! The checks before a palmarès becomes public, pure: publication waits for scoring to be
//! closed, is confirmed by typing the edition's year, says what a correction changes, and
//! justifies in writing a category that names fewer laureates than planned for want of
//! rankable dossiers.

use super::ranking::Ranked;

/// A category whose rankable dossiers are fewer than the laureates it should name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortCategory {
    pub category: i64,
    pub rankable: usize,
    pub wanted: usize,
}

/// The categories (in the order given) that have fewer rankable dossiers than `wanted`.
pub fn short_categories(categories: &[i64], ranked: &[Ranked], wanted: usize) -> Vec<ShortCategory> {
    categories
        .iter()
        .map(|&category| ShortCategory {
            category,
            rankable: ranked.iter().filter(|r| r.category == category && !r.not_rankable).count(),
            wanted,
        })
        .filter(|s| s.rankable < s.wanted)
        .collect()
}

/// What the organiser asked and the state of the edition at that moment.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub year: i64,
    pub typed_year: &'a str,
    /// No version published yet.
    pub first: bool,
    pub note: &'a str,
    pub justification: &'a str,
    /// Some category names fewer laureates than planned for want of rankable dossiers.
    pub short: bool,
    pub laureates: usize,
    pub scoring_open: bool,
}

pub const SCORING_OPEN: &str =
    "L’évaluation est encore ouverte : clôturez-la d’abord, les jurés pourraient encore changer leurs notes.";
pub const NOTE_MIN: usize = 10;
pub const JUSTIFICATION_MIN: usize = 10;

/// Every reason to refuse the publication, as (field, French message), in the order of the form.
/// Empty: it may go ahead.
pub fn refusals(r: &Request<'_>) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if r.scoring_open {
        out.push(("annee", SCORING_OPEN));
    }
    if r.laureates == 0 {
        out.push(("annee", "Aucun lauréat : il n’y a rien à publier."));
    }
    if !r.first && r.note.trim().chars().count() < NOTE_MIN {
        out.push((
            "note",
            "Une correction publiée dit ce qu’elle change et pourquoi (10 caractères au moins).",
        ));
    }
    if r.short && r.justification.trim().chars().count() < JUSTIFICATION_MIN {
        out.push((
            "justification",
            "Une catégorie compte moins de dossiers classables que de lauréats prévus : justifiez par écrit de publier ainsi (10 caractères au moins).",
        ));
    }
    if r.typed_year.trim() != r.year.to_string() {
        out.push((
            "annee",
            "Tapez l’année de l’édition pour confirmer : une publication ne peut plus être modifiée.",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(category: i64, not_rankable: bool) -> Ranked {
        Ranked {
            dossier: 0,
            category,
            reviews: Vec::new(),
            aggregate: None,
            rank: None,
            not_rankable,
            tie: false,
            decided_by: None,
            eliminatory: Vec::new(),
            disagreement: false,
            spread: 0.0,
        }
    }

    fn ready() -> Request<'static> {
        Request {
            year: 2026,
            typed_year: "2026",
            first: true,
            note: "",
            justification: "",
            short: false,
            laureates: 3,
            scoring_open: false,
        }
    }

    #[test]
    fn a_category_short_of_rankable_dossiers_is_reported() {
        let list = [ranked(1, false), ranked(1, true), ranked(2, false), ranked(2, false)];
        assert_eq!(
            short_categories(&[1, 2, 3], &list, 2),
            vec![
                ShortCategory { category: 1, rankable: 1, wanted: 2 },
                ShortCategory { category: 3, rankable: 0, wanted: 2 },
            ]
        );
        assert!(short_categories(&[2], &list, 2).is_empty());
    }

    #[test]
    fn publication_needs_closed_scoring_the_typed_year_and_its_reasons() {
        assert!(refusals(&ready()).is_empty());
        let open = Request { scoring_open: true, ..ready() };
        assert_eq!(refusals(&open), vec![("annee", SCORING_OPEN)]);
        let untyped = Request { typed_year: " 2025", ..ready() };
        assert_eq!(refusals(&untyped).len(), 1);
        assert_eq!(refusals(&Request { typed_year: " 2026 ", ..ready() }), vec![]);
        let correction = Request { first: false, note: "Oups", ..ready() };
        assert_eq!(refusals(&correction)[0].0, "note");
        let short = Request { short: true, justification: "  court ", ..ready() };
        assert_eq!(refusals(&short)[0].0, "justification");
        let justified =
            Request {
                short: true, justification: "Trois dossiers seulement, le jury l’assume.", ..ready()
            };
        assert!(refusals(&justified).is_empty());
        assert_eq!(refusals(&Request { laureates: 0, ..ready() })[0].0, "annee");
    }
}
