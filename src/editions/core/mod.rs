//! Editions of the label and their categories: types and rules, pure (the forms' validation,
//! Paris time, the phases, who a change of current edition locks out).
//!
//! Instants are stored as unix seconds (UTC). Organisers type them as Paris wall-clock time in
//! `<input type="datetime-local">` fields (`2026-03-01T09:00`), so this module converts both ways
//! and decides what to do with the hour that does not exist in spring and the one that happens
//! twice in autumn.

use serde::Serialize;
use sqlx::FromRow;

use crate::jury::core::conflicts::Scope;

mod calendar;
mod forms;

pub use calendar::*;
pub use forms::*;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Edition {
    pub id: i64,
    pub year: i64,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub scoring_ends_at: i64,
    pub ceremony_at: Option<i64>,
    pub ceremony_place: String,
    pub laureates_count: i64,
    /// 0 or 1 (INTEGER column: BOOLEAN is not portable through sqlx `Any`).
    pub is_current: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Jury settings: reviews wanted per dossier, reach of automatic conflicts, the rubric's scale.
    pub reviewers_per_dossier: i64,
    /// The reach of automatic conflicts, converted once when the row is read: an unknown value
    /// is a decode error, never the default reach.
    #[sqlx(rename = "conflict_scope", try_from = "String")]
    #[serde(skip)]
    pub scope: Scope,
    pub scale_min: i64,
    pub scale_max: i64,
    pub assignment_seed: i64,
    /// When the assignment was published to jurors; they see nothing before.
    pub assignment_published_at: Option<i64>,
    /// When an organiser closed scoring before its end date.
    pub scoring_closed_at: Option<i64>,
}

impl Edition {
    /// An edition for tests of views and cores: 2026, current, open from 1 March to
    /// 30 June, scored until 15 September.
    #[cfg(test)]
    pub fn example() -> Edition {
        Edition {
            id: 1,
            year: 2026,
            title: "Label Territoires Innovants 2026".into(),
            opens_at: 1_772_323_200,
            closes_at: 1_782_777_600,
            scoring_ends_at: 1_789_430_400,
            ceremony_at: None,
            ceremony_place: String::new(),
            laureates_count: 25,
            is_current: 1,
            created_at: 0,
            updated_at: 0,
            reviewers_per_dossier: 3,
            scope: Scope::Nested,
            scale_min: 0,
            scale_max: 5,
            assignment_seed: 1,
            assignment_published_at: None,
            scoring_closed_at: None,
        }
    }

    pub fn current(&self) -> bool {
        self.is_current != 0
    }

    pub fn assignment_published(&self) -> bool {
        self.assignment_published_at.is_some()
    }

    /// Whether jurors may still save and submit scores at `now`.
    pub fn scoring_open(&self, now: i64) -> bool {
        self.scoring_closed_at.is_none() && now < self.scoring_ends_at
    }

    /// Whether jurors are at work on this edition at `now`: the assignment is published and
    /// scoring is open. Jurors only see the current edition's dossiers, so making another
    /// edition current then locks them out.
    pub fn in_jury_phase(&self, now: i64) -> bool {
        self.assignment_published() && self.scoring_open(now)
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }
}

/// A reach of conflicts read from the database that the application does not know: bad
/// data, an error.
#[derive(Debug, thiserror::Error)]
#[error("portée des conflits inconnue : {0:?}")]
pub struct UnknownScope(pub String);

impl TryFrom<String> for Scope {
    type Error = UnknownScope;

    fn try_from(s: String) -> Result<Scope, UnknownScope> {
        Scope::parse(&s).ok_or(UnknownScope(s))
    }
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Category {
    pub id: i64,
    pub edition_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
}

/// The edition whose jurors would be locked out if `edition` became current at `now`: the
/// current one, when it is another and is in its jury phase.
pub fn locked_out(current: Option<Edition>, edition: &Edition, now: i64) -> Option<Edition> {
    current.filter(|c| c.id != edition.id && c.in_jury_phase(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> EditionForm {
        EditionForm {
            year: "2026".into(),
            title: "Label Territoires Innovants 2026".into(),
            opens_at: "2026-03-01T09:00".into(),
            closes_at: "2026-06-30T23:59".into(),
            scoring_ends_at: "2026-10-15T18:00".into(),
            ceremony_at: "2026-11-26T18:30".into(),
            ceremony_place: "Hôtel de Région, Lyon".into(),
            laureates_count: "25".into(),
        }
    }

    fn fields(errors: &FieldErrors) -> Vec<&'static str> {
        errors.iter().map(|(f, _)| *f).collect()
    }

    fn edition(opens_at: i64, closes_at: i64, scoring_ends_at: i64) -> Edition {
        Edition { title: String::new(), opens_at, closes_at, scoring_ends_at, ..Edition::example() }
    }

    #[test]
    fn an_unknown_conflict_scope_is_an_error_not_the_default() {
        assert!(Scope::try_from("everywhere".to_string()).is_err());
        assert_eq!(Scope::try_from("same".to_string()).unwrap(), Scope::Same);
    }

    #[test]
    fn a_valid_form() {
        let e = form().validate().unwrap();
        assert_eq!(e.year, 2026);
        // 1 March 2026, 09:00 in Paris (winter time, UTC+1) is 08:00 UTC.
        assert_eq!(e.opens_at, 1_772_352_000);
        // 30 June, summer time (UTC+2).
        assert_eq!(paris_input(e.closes_at), "2026-06-30T23:59");
        assert_eq!(e.closes_at, 1_782_856_740);
        assert_eq!(e.ceremony_place, "Hôtel de Région, Lyon");
        assert_eq!(EditionForm::from(&e), form());
    }

    #[test]
    fn values_are_trimmed_and_optional_fields_have_defaults() {
        let mut f = form();
        f.title = "  Édition 2026  ".into();
        f.ceremony_at = " ".into();
        f.ceremony_place = String::new();
        f.laureates_count = String::new();
        let e = f.validate().unwrap();
        assert_eq!(e.title, "Édition 2026");
        assert_eq!(e.ceremony_at, None);
        assert_eq!(e.laureates_count, DEFAULT_LAUREATES);
    }

    #[test]
    fn other_date_spellings_are_read() {
        assert_eq!(parse_paris("2026-03-01T09:00"), Ok(1_772_352_000));
        assert_eq!(parse_paris("2026-03-01T09:00:00"), Ok(1_772_352_000));
        assert_eq!(parse_paris("2026-03-01 09:00"), Ok(1_772_352_000));
        assert_eq!(parse_paris(" 01/03/2026 09:00 "), Ok(1_772_352_000));
        assert_eq!(parse_paris(""), Err(DateError::Missing));
        assert_eq!(parse_paris("demain"), Err(DateError::Malformed));
        assert_eq!(parse_paris("2026-02-30T09:00"), Err(DateError::Malformed));
        assert_eq!(parse_paris("1999-12-31T23:59"), Err(DateError::OutOfRange));
        assert_eq!(parse_paris("2102-01-01T00:00"), Err(DateError::OutOfRange));
    }

    #[test]
    fn the_spring_gap_does_not_exist_in_paris() {
        // On 29 March 2026 the clocks go from 02:00 to 03:00.
        assert_eq!(parse_paris("2026-03-29T02:30"), Err(DateError::Skipped));
        assert_eq!(parse_paris("2026-03-29T02:00"), Err(DateError::Skipped));
        assert_eq!(parse_paris("2026-03-29T01:59"), Ok(1_774_745_940));
        assert_eq!(parse_paris("2026-03-29T03:00"), Ok(1_774_746_000), "one minute after 01:59");
        let mut f = form();
        f.opens_at = "2026-03-29T02:30".into();
        let errors = f.validate().unwrap_err();
        assert_eq!(fields(&errors), ["opens_at"]);
        assert!(errors[0].1.contains("n’existe pas à Paris"), "{}", errors[0].1);
    }

    #[test]
    fn the_autumn_fold_takes_the_earlier_instant() {
        // On 25 October 2026, 02:30 happens at 00:30 UTC (summer time) then at 01:30 UTC.
        let first = parse_paris("2026-10-25T02:30").unwrap();
        assert_eq!(first, 1_792_888_200);
        assert_eq!(paris_input(first), "2026-10-25T02:30");
        assert_eq!(paris_input(first + 3600), "2026-10-25T02:30");
    }

    #[test]
    fn every_error_at_once_in_form_order() {
        let f = EditionForm {
            year: "1999".into(),
            title: "ab".into(),
            opens_at: "2026-03-01T09:00".into(),
            closes_at: "2026-02-01T09:00".into(),
            scoring_ends_at: "pas une date".into(),
            ceremony_at: "2026-03-29T02:30".into(),
            ceremony_place: "x".repeat(201),
            laureates_count: "0".into(),
        };
        let errors = f.validate().unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "year",
                "title",
                "closes_at",
                "scoring_ends_at",
                "ceremony_at",
                "ceremony_place",
                "laureates_count"
            ]
        );
        assert!(errors.iter().all(|(_, m)| !m.is_empty() && m.ends_with('.')));
        assert!(errors[2].1.contains("après leur ouverture"));
        assert!(errors[4].1.contains("heure d’été"));
    }

    #[test]
    fn an_empty_form_names_each_missing_field() {
        let errors = EditionForm::default().validate().unwrap_err();
        assert_eq!(fields(&errors), ["year", "title", "opens_at", "closes_at", "scoring_ends_at"]);
        assert_eq!(errors[2].1, "Indiquez la date et l’heure de l’ouverture des candidatures.");
    }

    #[test]
    fn ordering_rules() {
        // Closing must follow opening strictly.
        let mut f = form();
        f.closes_at = f.opens_at.clone();
        assert_eq!(fields(&f.validate().unwrap_err()), ["closes_at"]);
        // The end of scoring may coincide with the closing, not precede it.
        let mut f = form();
        f.scoring_ends_at = f.closes_at.clone();
        assert!(f.validate().is_ok());
        f.scoring_ends_at = "2026-06-30T23:58".into();
        assert_eq!(fields(&f.validate().unwrap_err()), ["scoring_ends_at"]);
        // The ceremony comes strictly after the end of scoring.
        let mut f = form();
        f.ceremony_at = f.scoring_ends_at.clone();
        assert_eq!(fields(&f.validate().unwrap_err()), ["ceremony_at"]);
        // A date that cannot be read is not compared: one message, not two.
        let mut f = form();
        f.opens_at = "bientôt".into();
        assert_eq!(fields(&f.validate().unwrap_err()), ["opens_at"]);
    }

    #[test]
    fn bounds_of_year_title_and_laureates() {
        for (year, ok) in
            [("2000", true), ("2100", true), ("1999", false), ("2101", false), ("deux mille", false)]
        {
            let f = EditionForm { year: year.into(), ..form() };
            assert_eq!(f.validate().is_ok(), ok, "year {year}");
        }
        for (n, ok) in
            [("1", true), ("100", true), ("0", false), ("101", false), ("-3", false), ("2,5", false)]
        {
            let f = EditionForm { laureates_count: n.into(), ..form() };
            assert_eq!(f.validate().is_ok(), ok, "laureates {n}");
        }
        for (len, ok) in [(2, false), (3, true), (200, true), (201, false)] {
            let f = EditionForm { title: "é".repeat(len), ..form() };
            assert_eq!(f.validate().is_ok(), ok, "title of {len} characters");
        }
    }

    #[test]
    fn phases_and_opening() {
        let e = edition(100, 200, 300);
        assert_eq!(Phase::of(&e, 99), Phase::Upcoming);
        assert_eq!(Phase::of(&e, 100), Phase::Applications);
        assert_eq!(Phase::of(&e, 199), Phase::Applications);
        assert_eq!(Phase::of(&e, 200), Phase::Scoring);
        assert_eq!(Phase::of(&e, 300), Phase::Finished);
        assert_eq!(phase_label(&e, 150), "Candidatures ouvertes");
        assert!(!is_open(&e, 99));
        assert!(is_open(&e, 100));
        assert!(!is_open(&e, 200));
        // Scoring may end at the closing: the edition goes straight to finished.
        assert_eq!(Phase::of(&edition(100, 200, 200), 200), Phase::Finished);
    }

    #[test]
    fn changing_the_current_edition_locks_out_jurors_only_during_scoring() {
        let mut current = edition(100, 200, 300);
        let other = Edition { id: 2, year: 2027, ..edition(400, 500, 600) };
        assert!(locked_out(Some(current.clone()), &other, 250).is_none(), "assignment not published");
        current.assignment_published_at = Some(210);
        assert_eq!(locked_out(Some(current.clone()), &other, 250).map(|e| e.id), Some(1));
        assert!(locked_out(Some(current.clone()), &other, 300).is_none(), "scoring over");
        assert!(locked_out(Some(current.clone()), &current, 250).is_none(), "already current");
        assert!(locked_out(None, &other, 250).is_none());
    }

    #[test]
    fn the_suggested_year_follows_the_latest_edition() {
        // 31 December 2025, 23:30 UTC is already 2026 in Paris.
        assert_eq!(suggested_year(&[], 1_767_223_800), 2026);
        assert_eq!(suggested_year(&[2025, 2027, 2026], 1_767_223_800), 2028);
        assert_eq!(suggested_year(&[2100], 0), 2100);
    }

    #[test]
    fn category_form() {
        let ok = CategoryForm { name: "  Sobriété numérique ".into(), description: String::new() };
        assert_eq!(
            ok.validate(),
            Ok(CategoryText { name: "Sobriété numérique".into(), description: String::new() })
        );
        let bad = CategoryForm { name: "ab".into(), description: "d".repeat(2001) };
        assert_eq!(fields(&bad.validate().unwrap_err()), ["name", "description"]);
    }

    /// An instant during the second pass of the autumn fold, which a wall-clock time cannot name.
    fn in_second_fold(ts: i64) -> bool {
        parse_paris(&paris_input(ts)).is_ok_and(|t| t != ts)
    }

    const FROM_2000: i64 = 946_681_200; // 2000-01-01T00:00 in Paris
    const MINUTES_TO_2099: i64 = 99 * 365 * 24 * 60;

    proptest! {
        #[test]
        fn paris_time_round_trips(minutes in 0..MINUTES_TO_2099) {
            let ts = FROM_2000 + minutes * 60;
            let back = parse_paris(&paris_input(ts)).unwrap();
            // Only the second pass of the autumn fold comes back as the first one.
            prop_assert!(back == ts || (back == ts - 3600 && in_second_fold(ts)), "{ts} → {back}");
        }

        #[test]
        fn a_valid_edition_round_trips_through_its_form(
            year in YEARS,
            title in "[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ’-]{1,198}[A-Za-zÀ-ÿ0-9]",
            opens in 0..MINUTES_TO_2099,
            gaps in (1i64..300_000, 0i64..300_000, 1i64..300_000),
            with_ceremony in any::<bool>(),
            place in "([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ ,]{0,60}[A-Za-zÀ-ÿ])?",
            laureates_count in 1i64..=100,
        ) {
            let opens_at = FROM_2000 + opens * 60;
            let closes_at = opens_at + gaps.0 * 60;
            let scoring_ends_at = closes_at + gaps.1 * 60;
            let ceremony_at = with_ceremony.then_some(scoring_ends_at + gaps.2 * 60);
            let instants = [Some(opens_at), Some(closes_at), Some(scoring_ends_at), ceremony_at];
            prop_assume!(instants.iter().flatten().all(|&t| !in_second_fold(t)));
            let edition = NewEdition {
                year, title, opens_at, closes_at, scoring_ends_at, ceremony_at,
                ceremony_place: place, laureates_count,
            };
            let form = EditionForm::from(&edition);
            prop_assert_eq!(form.validate(), Ok(edition));
            prop_assert_eq!(EditionForm::from(&form.validate().unwrap()), form);
        }
    }
}
