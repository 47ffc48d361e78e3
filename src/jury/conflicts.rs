//! Automatic conflicts of interest between a juror's collectivité and an applicant. Pure.
//!
//! A juror is conflicted when their collectivité is the applicant, or, when the edition's
//! scope says so, when one contains the other: a commune and its EPCI, a commune or an EPCI
//! and its département or its région, a département and its région.

use serde::{Deserialize, Serialize};

/// What kind of body a territory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Commune,
    Epci,
    Departement,
    Region,
    /// A public body outside the reference (syndicat mixte, PETR…): only identity counts.
    Other,
}

impl Kind {
    pub fn parse(s: &str) -> Kind {
        match s {
            "commune" => Kind::Commune,
            "epci" => Kind::Epci,
            "departement" => Kind::Departement,
            "region" => Kind::Region,
            _ => Kind::Other,
        }
    }
}

/// A collectivité with what is needed to tell whether it contains another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Territory {
    pub kind: Option<Kind>,
    pub name: String,
    /// INSEE code (commune), SIREN (EPCI), département or région code; empty for others.
    pub code: String,
    pub siren: Option<String>,
    /// Commune: the SIREN of its EPCI.
    pub epci: Option<String>,
    /// Commune: its département; EPCI: those of its communes; département: itself.
    pub departements: Vec<String>,
    /// Same rule, for régions.
    pub regions: Vec<String>,
}

/// How far automatic conflicts reach: an edition setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Only the juror's own collectivité.
    Same,
    /// Also the collectivités that contain it or that it contains.
    #[default]
    Nested,
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "same" => Some(Scope::Same),
            "nested" => Some(Scope::Nested),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Same => "same",
            Scope::Nested => "nested",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::Same => "la collectivité du juré seulement",
            Scope::Nested => "la collectivité du juré et celles qui la contiennent ou qu’elle contient",
        }
    }
}

fn same(a: &Territory, b: &Territory) -> bool {
    let same_code = a.kind.is_some() && a.kind == b.kind && !a.code.is_empty() && a.code == b.code;
    let same_siren = matches!((&a.siren, &b.siren), (Some(x), Some(y)) if !x.is_empty() && x == y);
    same_code || same_siren
}

/// Whether `outer` contains `inner`.
fn contains(outer: &Territory, inner: &Territory) -> bool {
    use Kind::*;
    let (Some(o), Some(i)) = (outer.kind, inner.kind) else {
        return false;
    };
    match (o, i) {
        (Epci, Commune) => inner.epci.as_deref().is_some_and(|e| outer.siren.as_deref() == Some(e)),
        (Departement, Commune | Epci) => inner.departements.contains(&outer.code),
        (Region, Commune | Epci | Departement) => inner.regions.contains(&outer.code),
        _ => false,
    }
}

/// Why the juror (`juror`) cannot review the applicant (`applicant`), in French, or None.
pub fn conflict(juror: &Territory, applicant: &Territory, scope: Scope) -> Option<String> {
    if same(juror, applicant) {
        return Some(format!("Le juré appartient à la collectivité candidate ({}).", applicant.name));
    }
    if scope == Scope::Same {
        return None;
    }
    if contains(juror, applicant) {
        return Some(format!("{} fait partie de {}, collectivité du juré.", applicant.name, juror.name));
    }
    if contains(applicant, juror) {
        return Some(format!("{}, collectivité du juré, fait partie de {}.", juror.name, applicant.name));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(name: &str, insee: &str, siren: &str, epci: &str, dep: &str, reg: &str) -> Territory {
        Territory {
            kind: Some(Kind::Commune),
            name: name.into(),
            code: insee.into(),
            siren: Some(siren.into()),
            epci: Some(epci.into()),
            departements: vec![dep.into()],
            regions: vec![reg.into()],
        }
    }

    fn epci(name: &str, siren: &str, deps: &[&str], regs: &[&str]) -> Territory {
        Territory {
            kind: Some(Kind::Epci),
            name: name.into(),
            code: siren.into(),
            siren: Some(siren.into()),
            epci: None,
            departements: deps.iter().map(|s| s.to_string()).collect(),
            regions: regs.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn departement(name: &str, code: &str, reg: &str) -> Territory {
        Territory {
            kind: Some(Kind::Departement),
            name: name.into(),
            code: code.into(),
            departements: vec![code.into()],
            regions: vec![reg.into()],
            ..Territory::default()
        }
    }

    fn region(name: &str, code: &str) -> Territory {
        Territory {
            kind: Some(Kind::Region),
            name: name.into(),
            code: code.into(),
            regions: vec![code.into()],
            ..Territory::default()
        }
    }

    fn villeurbanne() -> Territory {
        commune("Villeurbanne", "69266", "216902668", "200046977", "69", "84")
    }

    #[test]
    fn the_same_collectivite_is_always_a_conflict() {
        for scope in [Scope::Same, Scope::Nested] {
            let reason = conflict(&villeurbanne(), &villeurbanne(), scope).unwrap();
            assert!(reason.contains("Villeurbanne"), "{reason}");
        }
        // A body outside the reference is recognised by its SIREN.
        let syndicat = Territory {
            kind: Some(Kind::Other),
            name: "SIEA".into(),
            siren: Some("250100134".into()),
            ..Territory::default()
        };
        assert!(conflict(&syndicat, &syndicat.clone(), Scope::Same).is_some());
    }

    #[test]
    fn nesting_counts_both_ways_only_with_the_nested_scope() {
        let metropole = epci("Métropole de Lyon", "200046977", &["69"], &["84"]);
        let rhone = departement("Rhône", "69", "84");
        let ara = region("Auvergne-Rhône-Alpes", "84");
        let v = villeurbanne();
        for (a, b) in [
            (&v, &metropole),
            (&v, &rhone),
            (&v, &ara),
            (&metropole, &rhone),
            (&metropole, &ara),
            (&rhone, &ara),
        ] {
            assert!(conflict(a, b, Scope::Nested).is_some(), "{} / {}", a.name, b.name);
            assert!(conflict(b, a, Scope::Nested).is_some(), "{} / {}", b.name, a.name);
            assert!(conflict(a, b, Scope::Same).is_none(), "{} / {}", a.name, b.name);
        }
        let reason = conflict(&metropole, &v, Scope::Nested).unwrap();
        assert_eq!(reason, "Villeurbanne fait partie de Métropole de Lyon, collectivité du juré.");
    }

    #[test]
    fn neighbours_and_other_regions_are_not_conflicts() {
        let lyon = commune("Lyon", "69123", "216901231", "200046977", "69", "84");
        let marseille = commune("Marseille", "13055", "211300553", "200054807", "13", "93");
        let isere = departement("Isère", "38", "84");
        let bretagne = region("Bretagne", "53");
        // Two communes of the same EPCI do not contain each other.
        assert!(conflict(&lyon, &villeurbanne(), Scope::Nested).is_none());
        assert!(conflict(&lyon, &marseille, Scope::Nested).is_none());
        assert!(conflict(&isere, &lyon, Scope::Nested).is_none());
        assert!(conflict(&bretagne, &lyon, Scope::Nested).is_none());
        // An EPCI across two départements is in both.
        let cross = epci("CC des Deux Rives", "200000000", &["38", "73"], &["84"]);
        assert!(conflict(&isere, &cross, Scope::Nested).is_some());
        assert!(conflict(&departement("Savoie", "73", "84"), &cross, Scope::Nested).is_some());
        assert!(conflict(&departement("Ain", "01", "84"), &cross, Scope::Nested).is_none());
    }

    #[test]
    fn a_juror_without_a_collectivite_has_no_automatic_conflict() {
        let expert = Territory { name: "Cabinet d’études".into(), ..Territory::default() };
        assert!(conflict(&expert, &villeurbanne(), Scope::Nested).is_none());
        assert!(conflict(&villeurbanne(), &expert, Scope::Nested).is_none());
    }
}
