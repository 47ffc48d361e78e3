//! Editions of the label and their categories: types and rules, pure (the forms' validation,
//! Paris time, the phases, who a change of current edition locks out).
//!
//! Instants are stored as unix seconds (UTC). Organisers type them as Paris wall-clock time in
//! `<input type="datetime-local">` fields (`2026-03-01T09:00`), so this module converts both ways
//! and decides what to do with the hour that does not exist in spring and the one that happens
//! twice in autumn.

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Paris;
use serde::Serialize;
use sqlx::FromRow;

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
    pub conflict_scope: String,
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
            conflict_scope: "nested".into(),
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

    pub fn scope(&self) -> crate::jury::conflicts::Scope {
        crate::jury::conflicts::Scope::parse(&self.conflict_scope).unwrap_or_default()
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

/// Whether collectivités may apply at `now`: from the opening (included) to the closing (excluded).
pub fn is_open(edition: &Edition, now: i64) -> bool {
    edition.opens_at <= now && now < edition.closes_at
}

/// Where an edition stands at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Applications,
    Scoring,
    Finished,
}

impl Phase {
    pub fn of(edition: &Edition, now: i64) -> Phase {
        if now < edition.opens_at {
            Phase::Upcoming
        } else if is_open(edition, now) {
            Phase::Applications
        } else if now < edition.scoring_ends_at {
            Phase::Scoring
        } else {
            Phase::Finished
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Upcoming => "À venir",
            Phase::Applications => "Candidatures ouvertes",
            Phase::Scoring => "Évaluation par le jury",
            Phase::Finished => "Terminée",
        }
    }
}

/// The French label of the edition's phase at `now`.
pub fn phase_label(edition: &Edition, now: i64) -> &'static str {
    Phase::of(edition, now).label()
}

/// The year offered for a new edition: the one after the latest, or the current year in Paris.
pub fn suggested_year(existing_years: &[i64], now: i64) -> i64 {
    match existing_years.iter().max() {
        Some(latest) => (latest + 1).min(*YEARS.end()),
        None => DateTime::from_timestamp(now, 0)
            .map_or(*YEARS.start(), |t| i64::from(t.with_timezone(&Paris).year())),
    }
}

pub const DEFAULT_LAUREATES: i64 = 25;
pub const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;
/// Calendar years a date may fall in: an edition's ceremony may come the year after it.
const DATE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2101;

/// Why a typed date was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    Missing,
    Malformed,
    OutOfRange,
    /// The clocks jump over this hour in spring.
    Skipped,
}

/// A `datetime-local` value (`2026-03-01T09:00`), read as Paris time, in unix seconds.
///
/// Also accepts seconds, a space instead of the `T`, and `01/03/2026 09:00`, for browsers that
/// show a plain text field. In the autumn fold the earlier of the two instants is taken
/// (the first 02:30 is the one a person means when nothing else says so).
pub fn parse_paris(input: &str) -> Result<i64, DateError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(DateError::Missing);
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(input, format).ok())
        .ok_or(DateError::Malformed)?;
    if !DATE_YEARS.contains(&naive.year()) {
        return Err(DateError::OutOfRange);
    }
    match Paris.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.timestamp()),
        LocalResult::Ambiguous(earliest, _) => Ok(earliest.timestamp()),
        LocalResult::None => Err(DateError::Skipped),
    }
}

/// Unix seconds → the value of a `datetime-local` input, in Paris time, to the minute.
pub fn paris_input(ts: i64) -> String {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.with_timezone(&Paris).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// An error of a form, attached to the field it concerns.
pub type FieldErrors = Vec<(&'static str, String)>;

/// The edition form as the browser sent it: strings, so that nothing is refused before we can
/// explain it in French.
#[derive(Debug, Clone, Default, PartialEq, Eq, rocket::FromForm)]
pub struct EditionForm {
    #[field(default = String::new())]
    pub year: String,
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub opens_at: String,
    #[field(default = String::new())]
    pub closes_at: String,
    #[field(default = String::new())]
    pub scoring_ends_at: String,
    #[field(default = String::new())]
    pub ceremony_at: String,
    #[field(default = String::new())]
    pub ceremony_place: String,
    #[field(default = String::new())]
    pub laureates_count: String,
}

/// A valid edition's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdition {
    pub year: i64,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub scoring_ends_at: i64,
    pub ceremony_at: Option<i64>,
    pub ceremony_place: String,
    pub laureates_count: i64,
}

/// The dates of the form, with the words that name them in a message.
const DATE_FIELDS: [(&str, &str); 4] = [
    ("opens_at", "l’ouverture des candidatures"),
    ("closes_at", "la clôture des candidatures"),
    ("scoring_ends_at", "la fin de l’évaluation"),
    ("ceremony_at", "la cérémonie"),
];

fn date_message(field: &str, error: DateError) -> String {
    let what = DATE_FIELDS.iter().find(|(f, _)| *f == field).map_or("cette étape", |(_, w)| w);
    match error {
        DateError::Missing => format!("Indiquez la date et l’heure de {what}."),
        DateError::Malformed => format!(
            "La date de {what} n’est pas valide : écrivez-la par exemple 2026-03-01T09:00 ou 01/03/2026 09:00."
        ),
        DateError::OutOfRange => {
            format!("La date de {what} doit se situer entre le 1er janvier 2000 et le 31 décembre 2101.")
        }
        DateError::Skipped => format!(
            "L’heure indiquée pour {what} n’existe pas à Paris : ce jour-là, on passe à l’heure d’été et \
             les horloges avancent d’une heure. Choisissez une autre heure."
        ),
    }
}

impl EditionForm {
    /// A blank form for a new edition of `year`.
    pub fn blank(year: i64) -> EditionForm {
        EditionForm {
            year: year.to_string(),
            title: format!("Label Territoires Innovants {year}"),
            laureates_count: DEFAULT_LAUREATES.to_string(),
            ..EditionForm::default()
        }
    }

    pub fn from_edition(e: &Edition) -> EditionForm {
        EditionForm::from(&NewEdition {
            year: e.year,
            title: e.title.clone(),
            opens_at: e.opens_at,
            closes_at: e.closes_at,
            scoring_ends_at: e.scoring_ends_at,
            ceremony_at: e.ceremony_at,
            ceremony_place: e.ceremony_place.clone(),
            laureates_count: e.laureates_count,
        })
    }

    /// The fields in the order of the form, to re-display them.
    pub fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("year", &self.year),
            ("title", &self.title),
            ("opens_at", &self.opens_at),
            ("closes_at", &self.closes_at),
            ("scoring_ends_at", &self.scoring_ends_at),
            ("ceremony_at", &self.ceremony_at),
            ("ceremony_place", &self.ceremony_place),
            ("laureates_count", &self.laureates_count),
        ]
    }

    /// The settings, or every error at once in the order of the form.
    pub fn validate(&self) -> Result<NewEdition, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();

        let year = match self.year.trim() {
            "" => Err("Indiquez l’année de l’édition.".to_string()),
            y => y
                .parse::<i64>()
                .ok()
                .filter(|y| YEARS.contains(y))
                .ok_or_else(|| "L’année doit être un nombre entre 2000 et 2100.".to_string()),
        };
        let year = year.map_err(|m| errors.push(("year", m))).ok();

        let title = self.title.trim();
        match title.chars().count() {
            0 => errors.push(("title", "Indiquez le titre de l’édition.".into())),
            1..=2 | 201.. => errors.push(("title", "Le titre doit compter de 3 à 200 caractères.".into())),
            _ => {}
        }

        let mut date = |field: &'static str, value: &str| {
            parse_paris(value).map_err(|e| errors.push((field, date_message(field, e)))).ok()
        };
        let opens = date("opens_at", &self.opens_at);
        let closes = date("closes_at", &self.closes_at);
        let scoring = date("scoring_ends_at", &self.scoring_ends_at);
        // Optional: `Some(None)` when left empty, `None` when it could not be read.
        let ceremony = if self.ceremony_at.trim().is_empty() {
            Some(None)
        } else {
            date("ceremony_at", &self.ceremony_at).map(Some)
        };

        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                errors.push((
                    "closes_at",
                    "La clôture des candidatures doit venir après leur ouverture.".into(),
                ));
            }
        }
        if let (Some(c), Some(s)) = (closes, scoring) {
            if s < c {
                errors.push((
                    "scoring_ends_at",
                    "La fin de l’évaluation ne peut pas précéder la clôture des candidatures.".into(),
                ));
            }
        }
        if let (Some(s), Some(Some(cer))) = (scoring, ceremony) {
            if cer <= s {
                errors.push((
                    "ceremony_at",
                    "La cérémonie doit avoir lieu après la fin de l’évaluation.".into(),
                ));
            }
        }

        let place = self.ceremony_place.trim();
        if place.chars().count() > 200 {
            errors.push(("ceremony_place", "Le lieu de la cérémonie compte 200 caractères au plus.".into()));
        }

        let laureates = match self.laureates_count.trim() {
            "" => Some(DEFAULT_LAUREATES),
            n => n.parse::<i64>().ok().filter(|n| (1..=100).contains(n)),
        };
        if laureates.is_none() {
            errors.push((
                "laureates_count",
                "Le nombre de lauréats doit être un entier entre 1 et 100.".into(),
            ));
        }

        // Rules that compare two dates are checked after the dates themselves: put every
        // message back in the order of the form (the sort is stable).
        let order = self.pairs().map(|(field, _)| field);
        errors.sort_by_key(|(field, _)| order.iter().position(|f| f == field));

        match (year, opens, closes, scoring, ceremony, laureates) {
            (
                Some(year),
                Some(opens_at),
                Some(closes_at),
                Some(scoring_ends_at),
                Some(ceremony_at),
                Some(n),
            ) if errors.is_empty() => Ok(NewEdition {
                year,
                title: title.to_string(),
                opens_at,
                closes_at,
                scoring_ends_at,
                ceremony_at,
                ceremony_place: place.to_string(),
                laureates_count: n,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&NewEdition> for EditionForm {
    fn from(e: &NewEdition) -> EditionForm {
        EditionForm {
            year: e.year.to_string(),
            title: e.title.clone(),
            opens_at: paris_input(e.opens_at),
            closes_at: paris_input(e.closes_at),
            scoring_ends_at: paris_input(e.scoring_ends_at),
            ceremony_at: e.ceremony_at.map(paris_input).unwrap_or_default(),
            ceremony_place: e.ceremony_place.clone(),
            laureates_count: e.laureates_count.to_string(),
        }
    }
}

/// The small form that renames or redescribes one category.
#[derive(Debug, Clone, Default, rocket::FromForm)]
pub struct CategoryForm {
    #[field(default = String::new())]
    pub name: String,
    #[field(default = String::new())]
    pub description: String,
}

/// A category's valid name and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryText {
    pub name: String,
    pub description: String,
}

impl CategoryForm {
    pub fn validate(&self) -> Result<CategoryText, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let name = self.name.trim();
        match name.chars().count() {
            0 => errors.push(("name", "Indiquez le nom de la catégorie.".into())),
            1..=2 | 121.. => {
                errors.push(("name", "Le nom d’une catégorie doit compter de 3 à 120 caractères.".into()))
            }
            _ => {}
        }
        let description = self.description.trim();
        if description.chars().count() > 2000 {
            errors.push(("description", "La description compte 2 000 caractères au plus.".into()));
        }
        if errors.is_empty() {
            Ok(CategoryText { name: name.to_string(), description: description.to_string() })
        } else {
            Err(errors)
        }
    }
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
        Edition {
            id: 1,
            year: 2026,
            title: String::new(),
            opens_at,
            closes_at,
            scoring_ends_at,
            ceremony_at: None,
            ceremony_place: String::new(),
            laureates_count: 25,
            is_current: 1,
            created_at: 0,
            updated_at: 0,
            reviewers_per_dossier: 3,
            conflict_scope: "nested".into(),
            scale_min: 0,
            scale_max: 5,
            assignment_seed: 1,
            assignment_published_at: None,
            scoring_closed_at: None,
        }
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
