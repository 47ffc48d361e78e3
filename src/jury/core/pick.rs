//! Finding the juror an organiser typed (a name or an e-mail) among the active jurors, where
//! the assignment page offers a text field instead of a select (large juries). Pure.

/// Why what was typed names no single juror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickRefusal {
    Empty,
    NoMatch(String),
    /// Several jurors match: their names (at most five).
    Several(String, Vec<String>),
}

impl PickRefusal {
    pub fn message(&self) -> String {
        match self {
            PickRefusal::Empty => "Saisissez le nom ou l’adresse e-mail d’un juré actif.".to_string(),
            PickRefusal::NoMatch(typed) => format!("Aucun juré actif ne correspond à « {typed} »."),
            PickRefusal::Several(typed, names) => format!(
                "Plusieurs jurés correspondent à « {typed} » ({}) : saisissez le nom complet ou l’adresse e-mail.",
                names.join(", ")
            ),
        }
    }
}

/// An active juror as the search sees them: (id, name, e-mail).
pub type Named = (i64, String, String);

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The juror among `jurors` (id, name, e-mail) that `typed` names: the e-mail, else the full
/// name, else the only name or e-mail containing it (case and spacing ignored).
pub fn pick(typed: &str, jurors: &[Named]) -> Result<i64, PickRefusal> {
    let wanted = fold(typed);
    if wanted.is_empty() {
        return Err(PickRefusal::Empty);
    }
    let stages: [&dyn Fn(&Named) -> bool; 3] = [&|j| fold(&j.2) == wanted, &|j| fold(&j.1) == wanted, &|j| {
        fold(&j.1).contains(&wanted) || fold(&j.2).contains(&wanted)
    }];
    for matches in stages {
        let found: Vec<&Named> = jurors.iter().filter(|j| matches(j)).collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one.0),
            several => {
                let names = several.iter().take(5).map(|j| j.1.clone()).collect();
                return Err(PickRefusal::Several(typed.trim().to_string(), names));
            }
        }
    }
    Err(PickRefusal::NoMatch(typed.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jurors() -> Vec<Named> {
        vec![
            (1, "Anne Martin".into(), "anne@lyon.fr".into()),
            (2, "Anne Martinez".into(), "amartinez@nantes.fr".into()),
            (3, "Éric Dupont".into(), "eric@lille.fr".into()),
        ]
    }

    #[test]
    fn an_email_or_a_full_name_wins_over_partial_matches() {
        assert_eq!(pick(" ANNE@lyon.fr ", &jurors()), Ok(1));
        assert_eq!(pick("anne  martin", &jurors()), Ok(1), "full name, though Martinez contains it");
        assert_eq!(pick("éric", &jurors()), Ok(3));
        assert_eq!(pick("nantes", &jurors()), Ok(2));
    }

    #[test]
    fn nothing_or_several_is_refused_in_french() {
        assert_eq!(pick("  ", &jurors()), Err(PickRefusal::Empty));
        let none = pick("Zoé", &jurors()).unwrap_err();
        assert_eq!(none.message(), "Aucun juré actif ne correspond à « Zoé ».");
        let several = pick("anne", &jurors()).unwrap_err();
        assert_eq!(
            several,
            PickRefusal::Several("anne".into(), vec!["Anne Martin".into(), "Anne Martinez".into()])
        );
        assert!(several.message().contains("(Anne Martin, Anne Martinez)"));
    }
}
