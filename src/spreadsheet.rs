//! CSV cells made safe for spreadsheet software (OWASP "CSV injection").
//!
//! A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula, so a dossier titled `=HYPERLINK(…)` would run in the organiser's spreadsheet. Every
//! CSV we hand to people goes through [`cell`] (or [`write_record`]), which puts a `'` in front
//! of such a cell: the spreadsheet then shows the text as typed.
//!
//! The one exception is a plain decimal number (`-1.5`, `-1,50`, `+3`): it cannot be a formula,
//! and our own numeric columns (a corrected score of -1,5) must stay numbers to be summed. The
//! rule applies to every cell, whoever wrote it, so no column can be forgotten.

use std::borrow::Cow;

/// Whether a spreadsheet could read `value` as a formula.
pub fn is_dangerous(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(value)
}

/// An optional sign, digits, and at most one decimal separator (`.` or `,`) followed by digits.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (int, frac) = match digits.split_once(['.', ',']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// The cell as it should be written: `value` itself, or `'value` when it could be a formula.
pub fn cell(value: &str) -> Cow<'_, str> {
    if is_dangerous(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// An optional text cell, made safe.
pub fn cell_opt(value: Option<&str>) -> Option<String> {
    value.map(|v| cell(v).into_owned())
}

/// Writes one record, every cell made safe.
pub fn write_record<W, I, S>(writer: &mut csv::Writer<W>, record: I) -> csv::Result<()>
where
    W: std::io::Write,
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    writer.write_record(record.into_iter().map(|s| cell(s.as_ref()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_get_a_quote() {
        for (input, expected) in [
            ("=1+1", "'=1+1"),
            ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-1e5", "'-1e5"),
            ("-1.", "'-1."),
            ("--1", "'--1"),
        ] {
            assert_eq!(cell(input), expected, "{input:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_are_unchanged() {
        for input in ["", "Budget participatif", "1 = 1", "a-b", "12", "-1.5", "-1,50", "+3", "-0", "2024-09"]
        {
            assert_eq!(cell(input), input, "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn no_written_cell_starts_a_formula_unless_it_is_a_number(s in "\\PC*|[=+@\t\r-].*") {
            let out = cell(&s);
            let starts_formula = out.starts_with(['=', '+', '-', '@', '\t', '\r']);
            prop_assert!(!starts_formula || is_plain_number(&out));
        }

        #[test]
        fn the_text_is_kept_after_the_quote(s in ".*") {
            let out = cell(&s);
            prop_assert!(out == s || (out.starts_with('\'') && out[1..] == s));
        }

        #[test]
        fn numbers_stay_numbers(x in -1.0e6f64..1.0e6) {
            let dot = format!("{x:.2}");
            let comma = dot.replace('.', ",");
            prop_assert_eq!(cell(&dot), dot.as_str());
            prop_assert_eq!(cell(&comma), comma.as_str());
        }
    }
}
