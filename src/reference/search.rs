//! Search keys: case- and accent-insensitive, punctuation-blind.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `Saint-Étienne` → `saint etienne`, `L'Haÿ-les-Roses` → `l hay les roses`.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' | 'ẞ' => out.push_str("ss"),
            // Lowercasing can bring marks back (`İ` → `i` + dot above).
            c if c.is_alphanumeric() => out.extend(c.to_lowercase().filter(|c| !is_combining_mark(*c))),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn accents_case_and_punctuation() {
        assert_eq!(normalise("Saint-Étienne"), "saint etienne");
        assert_eq!(normalise("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(normalise("Œuvre"), "oeuvre");
        assert_eq!(normalise("  ÉVRY–Courcouronnes "), "evry courcouronnes");
        assert_eq!(normalise("CA du Pays Basque"), "ca du pays basque");
    }

    #[test]
    fn ligatures_apostrophes_and_digits() {
        assert_eq!(normalise("Cœur d’Ostrevent"), "coeur d ostrevent");
        assert_eq!(normalise("Lætitia STRAßE"), "laetitia strasse");
        assert_eq!(normalise("Paris 13e (75013)"), "paris 13e 75013");
        assert_eq!(normalise("İstanbul"), "istanbul");
        assert_eq!(normalise(" -- "), "");
    }
}
