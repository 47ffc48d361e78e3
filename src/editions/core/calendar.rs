//! Time and phases of an edition: Paris wall-clock time both ways (the spring gap, the autumn
//! fold), where an edition stands at an instant, the year offered for a new one.

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Paris;
use serde::Serialize;

use super::Edition;

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
