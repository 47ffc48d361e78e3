//! SIREN numbers: 9 digits with a Luhn checksum.
//!
//! La Poste is the known exception to the checksum, but only for its establishments (SIRET
//! 356 000 000 XXXXX, checked by a sum of digits divisible by 5); its SIREN, 356 000 000,
//! passes Luhn like every other, so SIRENs need no exception.

use serde::Serialize;

/// A valid SIREN, stored as its 9 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Siren(String);

impl Siren {
    /// Accepts spaces (including the narrow no-break space of French formatting) and dots
    /// between digits: `213 105 554`, `213.105.554`.
    pub fn parse(input: &str) -> Result<Siren, &'static str> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        if digits.is_empty() {
            return Err("Indiquez le numéro SIREN.");
        }
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Le numéro SIREN compte 9 chiffres.");
        }
        if !luhn_valid(&digits) {
            return Err("Ce numéro SIREN n’est pas valide : vérifiez les chiffres saisis.");
        }
        Ok(Siren(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn checksum over ASCII digits; false for an empty string or any other character.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOT_NINE: &str = "Le numéro SIREN compte 9 chiffres.";
    const BAD_CHECKSUM: &str = "Ce numéro SIREN n’est pas valide : vérifiez les chiffres saisis.";

    #[test]
    fn known_sirens() {
        assert_eq!(Siren::parse("213105554").unwrap().as_str(), "213105554"); // Toulouse
        assert_eq!(Siren::parse("213 105 554").unwrap().as_str(), "213105554");
        assert_eq!(Siren::parse("213.105.554").unwrap().as_str(), "213105554");
        assert_eq!(Siren::parse("213\u{202F}105\u{202F}554").unwrap().as_str(), "213105554");
        assert!(Siren::parse("217500016").is_ok(), "Paris");
        assert!(Siren::parse("200046977").is_ok(), "Métropole de Lyon");
        assert!(Siren::parse("552032534").is_ok(), "Danone");
        assert!(Siren::parse("356000000").is_ok(), "La Poste");
    }

    #[test]
    fn wrong_sirens_are_rejected_with_a_french_message() {
        assert_eq!(Siren::parse("21310555").unwrap_err(), NOT_NINE);
        assert_eq!(Siren::parse("2131055540").unwrap_err(), NOT_NINE);
        assert_eq!(Siren::parse("21310555a").unwrap_err(), NOT_NINE);
        assert_eq!(Siren::parse("213-105-554").unwrap_err(), NOT_NINE);
        assert_eq!(Siren::parse("２13105554").unwrap_err(), NOT_NINE, "full-width digit");
        assert_eq!(Siren::parse("213105555").unwrap_err(), BAD_CHECKSUM);
        assert_eq!(Siren::parse("356000001").unwrap_err(), BAD_CHECKSUM, "next to La Poste");
        assert!(Siren::parse("").is_err());
        assert!(Siren::parse(" . ").is_err());
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("0"));
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a"));
        assert!(luhn_valid("356000000"), "La Poste's SIREN needs no exception");
    }

    /// Every change of one digit of `siren`.
    fn one_digit_changes(siren: &str) -> Vec<String> {
        let mut out = Vec::new();
        for pos in 0..siren.len() {
            for digit in b'0'..=b'9' {
                let mut bytes = siren.as_bytes().to_vec();
                if bytes[pos] == digit {
                    continue;
                }
                bytes[pos] = digit;
                out.push(String::from_utf8(bytes).unwrap());
            }
        }
        out
    }

    fn fixture_sirens() -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/collectivites.csv");
        let text = std::fs::read_to_string(path).expect("fixtures/collectivites.csv");
        let rows = crate::reference::extract::read_csv(&text).expect("the fixture reads");
        rows.into_iter().map(|r| r.siren).filter(|s| !s.is_empty()).collect()
    }

    #[test]
    fn every_siren_of_the_reference_is_accepted() {
        let sirens = fixture_sirens();
        assert!(sirens.len() > 35_000, "{} SIREN", sirens.len());
        for siren in &sirens {
            assert_eq!(Siren::parse(siren).map(|s| s.0), Ok(siren.clone()));
        }
    }

    #[test]
    fn a_one_digit_change_of_a_reference_siren_is_rejected() {
        let sirens = fixture_sirens();
        for siren in sirens.iter().step_by(50) {
            let changes = one_digit_changes(siren);
            assert_eq!(changes.len(), 81);
            for changed in changes {
                assert_eq!(Siren::parse(&changed).unwrap_err(), BAD_CHECKSUM, "{changed} (from {siren})");
            }
        }
    }

    /// Eight random digits followed by the check digit that makes them valid.
    fn valid_siren() -> impl Strategy<Value = String> {
        proptest::collection::vec(0u8..10, 8).prop_map(|body| {
            let body: String = body.iter().map(|d| char::from(b'0' + d)).collect();
            let check = (b'0'..=b'9').map(char::from).find(|c| luhn_valid(&format!("{body}{c}")));
            format!("{body}{}", check.expect("one check digit fits"))
        })
    }

    proptest! {
        #[test]
        fn luhn_catches_every_single_digit_error(siren in valid_siren()) {
            prop_assert_eq!(Siren::parse(&siren).map(|s| s.0), Ok(siren.clone()));
            for changed in one_digit_changes(&siren) {
                prop_assert!(Siren::parse(&changed).is_err(), "{} (from {})", changed, siren);
            }
        }
    }
}
