//! An organiser's ruling on eligibility, as typed in the decision form: which way, and a
//! reason the collectivité will read (required when the dossier is ruled ineligible).

/// A ruling, once its form is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    pub eligible: bool,
    /// Trimmed; may be empty for an eligible dossier.
    pub reason: String,
}

impl Ruling {
    /// The ruling typed in the form (`decision` is `eligible` or `ineligible`), or the French
    /// message saying what is missing.
    pub fn parse(decision: &str, reason: &str) -> Result<Ruling, &'static str> {
        let eligible = match decision {
            "eligible" => true,
            "ineligible" => false,
            _ => return Err("Choisissez « recevable » ou « irrecevable »."),
        };
        let reason = reason.trim();
        if !eligible && reason.chars().count() < 10 {
            return Err("Motivez la décision d’irrecevabilité (10 caractères au moins) : elle sera communiquée à la collectivité.");
        }
        if reason.chars().count() > 2000 {
            return Err("Le motif compte 2 000 caractères au plus.");
        }
        Ok(Ruling { eligible, reason: reason.to_string() })
    }

    pub fn label(&self) -> &'static str {
        if self.eligible {
            "Déclaré recevable"
        } else {
            "Déclaré irrecevable"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ineligible_ruling_needs_a_reason() {
        assert!(Ruling::parse("ineligible", "  trop court ").is_ok());
        assert!(Ruling::parse("ineligible", " court ").is_err());
        assert_eq!(
            Ruling::parse("eligible", "  ").unwrap(),
            Ruling { eligible: true, reason: String::new() }
        );
        assert!(Ruling::parse("peut-être", "").is_err());
        assert!(Ruling::parse("eligible", &"x".repeat(2001)).is_err());
        assert_eq!(Ruling::parse("eligible", "").unwrap().label(), "Déclaré recevable");
    }
}
