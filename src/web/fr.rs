//! French formatting of dates and numbers (fr-FR, Europe/Paris); the views use them through
//! the filters of `web::filters`.

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Europe::Paris;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `22 novembre 2026` for a unix timestamp, in Paris time.
pub fn date(ts: i64) -> String {
    match DateTime::from_timestamp(ts, 0) {
        Some(utc) => {
            let d = utc.with_timezone(&Paris);
            let day = if d.day() == 1 { "1er".to_string() } else { d.day().to_string() };
            format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
        }
        None => String::new(),
    }
}

/// `22 novembre 2026 à 14 h 05` for a unix timestamp, in Paris time.
pub fn datetime(ts: i64) -> String {
    match DateTime::from_timestamp(ts, 0) {
        Some(utc) => {
            let d = utc.with_timezone(&Paris);
            format!("{} à {}\u{a0}h\u{a0}{:02}", date(ts), d.hour(), d.minute())
        }
        None => String::new(),
    }
}

/// `1 234,5`: narrow no-break spaces between thousands, a comma before decimals.
pub fn number(value: f64, decimals: usize) -> String {
    let formatted = format!("{:.*}", decimals, value.abs());
    let (int, frac) = formatted.split_once('.').unwrap_or((&formatted, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\u{202F}');
        }
        grouped.push(c);
    }
    let sign =
        if value < 0.0 && formatted.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// `850 o`, `12 Ko`, `3,4 Mo`.
pub fn file_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} o")
    } else if b < KB * KB {
        format!("{} Ko", number((b / KB).ceil(), 0))
    } else {
        format!("{} Mo", number(b / KB / KB, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_french_and_paris_time() {
        // 2026-11-22 13:30 UTC is 14:30 in Paris (winter time).
        assert_eq!(date(1_795_354_200), "22 novembre 2026");
        assert_eq!(datetime(1_795_354_200), "22 novembre 2026 à 14\u{a0}h\u{a0}30");
        // 2026-08-01 00:30 in Paris is still 31 July in UTC.
        assert_eq!(date(1_785_537_000), "1er août 2026");
    }

    #[test]
    fn file_sizes_in_french() {
        assert_eq!(file_size(850), "850 o");
        assert_eq!(file_size(12 * 1024 + 1), "13 Ko");
        assert_eq!(file_size(3_565_158), "3,4 Mo");
    }

    #[test]
    fn numbers_in_french() {
        assert_eq!(number(1234.5, 1), "1\u{202F}234,5");
        assert_eq!(number(1234567.0, 0), "1\u{202F}234\u{202F}567");
        assert_eq!(number(12.0, 0), "12");
        assert_eq!(number(-1500.25, 2), "-1\u{202F}500,25");
        assert_eq!(number(-0.001, 1), "0,0");
    }
}
