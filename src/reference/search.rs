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

/// What name searches match: the normalised name, and for an intercommunalité whose name
/// abbreviates its kind (« CA du Pays Basque ») or omits it, the kind written out too, so
/// that « communauté d'agglomération pays basque » finds it.
pub fn search_key(kind: &str, epci_type: &str, name: &str) -> String {
    let key = normalise(name);
    if kind != "epci" {
        return key;
    }
    let spelled = match key.split(' ').next() {
        Some("ca") => "communaute d agglomeration",
        Some("cc") => "communaute de communes",
        Some("cu") => "communaute urbaine",
        _ if key.contains("communaute") || key.contains("metropole") => return key,
        _ => match epci_type {
            "METRO" => "metropole",
            "CA" => "communaute d agglomeration",
            "CC" => "communaute de communes",
            "CU" => "communaute urbaine",
            _ => return key,
        },
    };
    format!("{key} {spelled}")
}

#[cfg(test)]
mod tests {
    use super::{normalise, search_key};

    #[test]
    fn intercommunalites_are_found_by_their_kind_written_out() {
        assert_eq!(
            search_key("epci", "CA", "CA du Pays Basque"),
            "ca du pays basque communaute d agglomeration"
        );
        assert_eq!(search_key("epci", "CC", "CC de la Dombes"), "cc de la dombes communaute de communes");
        assert_eq!(search_key("epci", "METRO", "Toulouse Métropole"), "toulouse metropole");
        assert_eq!(search_key("epci", "CA", "Grand Annecy"), "grand annecy communaute d agglomeration");
        assert_eq!(search_key("epci", "CU", "Communauté urbaine d'Arras"), "communaute urbaine d arras");
        assert_eq!(search_key("commune", "", "Cachan"), "cachan");
    }

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
