//! Depositing a dossier: the deadline, the reference number and the fingerprint of what
//! was filed.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Whether a dossier may be submitted at `now` for an edition closing at `closes_at`
/// (Europe/Paris is only for display: instants are compared in UTC). A dossier reopened by
/// an organiser may be submitted again after the deadline.
pub fn may_submit(now: i64, opens_at: i64, closes_at: i64, reopened: bool) -> Result<(), DeadlineError> {
    if reopened {
        return Ok(());
    }
    if now < opens_at {
        return Err(DeadlineError::NotYetOpen);
    }
    if now >= closes_at {
        return Err(DeadlineError::Closed);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineError {
    NotYetOpen,
    Closed,
}

/// `LTI-2026-0042`.
pub fn reference(year: i64, number: i64) -> String {
    format!("LTI-{year}-{number:04}")
}

/// What the fingerprint of a submission covers.
#[derive(Debug, Serialize)]
pub struct FingerprintInput<'a> {
    pub reference: &'a str,
    pub edition_year: i64,
    pub organisation: &'a str,
    pub organisation_siren: Option<&'a str>,
    pub category: &'a str,
    /// (field, value) in the order of the form.
    pub fields: Vec<(&'a str, String)>,
    /// (file name, SHA-256) of each attachment, sorted.
    pub attachments: Vec<(String, String)>,
}

/// SHA-256 of a canonical JSON rendering of the submitted content, in hex.
pub fn fingerprint(input: &FingerprintInput<'_>) -> String {
    let mut input_sorted = input.attachments.clone();
    input_sorted.sort();
    let canonical = serde_json::json!({
        "reference": input.reference,
        "edition": input.edition_year,
        "organisation": input.organisation,
        "siren": input.organisation_siren,
        "category": input.category,
        "fields": input.fields,
        "attachments": input_sorted,
    });
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn deadline_is_enforced_unless_reopened() {
        assert_eq!(may_submit(99, 100, 200, false), Err(DeadlineError::NotYetOpen));
        assert_eq!(may_submit(150, 100, 200, false), Ok(()));
        assert_eq!(may_submit(200, 100, 200, false), Err(DeadlineError::Closed));
        assert_eq!(may_submit(500, 100, 200, true), Ok(()));
    }

    #[test]
    fn reference_format() {
        assert_eq!(reference(2026, 42), "LTI-2026-0042");
        assert_eq!(reference(2026, 12345), "LTI-2026-12345");
    }

    fn input<'a>(fields: Vec<(&'a str, String)>, attachments: Vec<(String, String)>) -> FingerprintInput<'a> {
        FingerprintInput {
            reference: "LTI-2026-0001",
            edition_year: 2026,
            organisation: "Commune de Test",
            organisation_siren: Some("213105554"),
            category: "innovation-citoyenne",
            fields,
            attachments,
        }
    }

    #[test]
    fn fingerprint_is_stable_and_ignores_attachment_order() {
        let a = vec![("a.pdf".to_string(), "11".to_string()), ("b.png".to_string(), "22".to_string())];
        let mut b = a.clone();
        b.reverse();
        let fields = vec![("title", "Projet".to_string())];
        assert_eq!(fingerprint(&input(fields.clone(), a)), fingerprint(&input(fields, b)));
    }

    proptest! {
        #[test]
        fn fingerprint_changes_with_any_content_change(text in ".{0,40}", other in ".{0,40}") {
            prop_assume!(text != other);
            let one = fingerprint(&input(vec![("summary", text)], vec![]));
            let two = fingerprint(&input(vec![("summary", other)], vec![]));
            prop_assert_ne!(one.clone(), two);
            prop_assert_eq!(one.len(), 64);
        }
    }
}
