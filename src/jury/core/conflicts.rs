//! Automatic conflicts of interest between a juror's collectivité and an applicant. Pure.
//!
//! A juror is conflicted when their collectivité is the applicant, or, when the edition's
//! scope says so, when one contains the other: a commune and its EPCI, a commune or an EPCI
//! and its département or its région, a département and its région.
//!
//! Whether a conflict *stands* is decided from the facts of the moment ([`standing`]): the
//! detection on the current territories, the declarations, and the lifts an organiser
//! justified for that very reason. Stored rows are only the record of what was detected,
//! declared and lifted: a row may be stale, the decision never is.

use std::collections::BTreeMap;

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

/// A conflict as it was recorded: detected (`auto`), declared by the juror (`declared`) or by
/// an organiser (`organiser`); an automatic one may have been lifted with a justification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub juror: i64,
    pub dossier: i64,
    pub source: String,
    pub reason: String,
    pub lifted: bool,
}

/// (juror, dossier) pair.
pub type Pair = (i64, i64);

/// The automatic conflicts between each juror's territory and each applicant's, with their reason.
pub fn detect(
    jurors: &[(i64, Territory)],
    applicants: &[(i64, Territory)],
    scope: Scope,
) -> BTreeMap<Pair, String> {
    let mut found = BTreeMap::new();
    for (dossier, applicant) in applicants {
        for (juror, territory) in jurors {
            if let Some(reason) = conflict(territory, applicant, scope) {
                found.insert((*juror, *dossier), reason);
            }
        }
    }
    found
}

/// The conflicts that stand now, with their reason: every detected conflict unless an
/// organiser lifted the automatic conflict of that pair *for that same reason* (a lift
/// justified for « Lyon » says nothing once the juror belongs to the Métropole), and every
/// declaration. A recorded automatic conflict that the current facts no longer show does not stand.
pub fn standing(detected: &BTreeMap<Pair, String>, recorded: &[Recorded]) -> BTreeMap<Pair, String> {
    let lifted = |pair: &Pair, reason: &str| {
        recorded
            .iter()
            .any(|r| r.source == "auto" && r.lifted && (r.juror, r.dossier) == *pair && r.reason == reason)
    };
    let mut out: BTreeMap<Pair, String> = detected
        .iter()
        .filter(|(pair, reason)| !lifted(pair, reason))
        .map(|(p, r)| (*p, r.clone()))
        .collect();
    for r in recorded.iter().filter(|r| r.source != "auto" && !r.lifted) {
        out.entry((r.juror, r.dossier)).or_insert_with(|| r.reason.clone());
    }
    out
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

    fn recorded(pair: Pair, source: &str, reason: &str, lifted: bool) -> Recorded {
        Recorded { juror: pair.0, dossier: pair.1, source: source.into(), reason: reason.into(), lifted }
    }

    #[test]
    fn a_conflict_stands_from_the_facts_not_from_stale_rows() {
        let lyon = commune("Lyon", "69123", "216901231", "200046977", "69", "84");
        let lille = commune("Lille", "59350", "215903501", "200093201", "59", "32");
        let detected =
            detect(&[(1, lyon.clone()), (2, lille.clone())], &[(10, lyon), (20, lille)], Scope::Nested);
        assert_eq!(detected.keys().copied().collect::<Vec<_>>(), vec![(1, 10), (2, 20)]);
        // Nothing recorded (the rows were never refreshed): the conflicts stand all the same.
        assert_eq!(standing(&detected, &[]), detected);
        // A stale automatic row for a pair the facts no longer show does not stand.
        let stale =
            [recorded((1, 20), "auto", "Le juré appartient à la collectivité candidate (Lille).", false)];
        assert_eq!(standing(&detected, &stale), detected);
    }

    #[test]
    fn a_lift_holds_only_for_the_reason_it_was_justified_for() {
        let reason = "Le juré appartient à la collectivité candidate (Lyon).";
        let detected = BTreeMap::from([((1, 10), reason.to_string())]);
        assert!(standing(&detected, &[recorded((1, 10), "auto", reason, true)]).is_empty());
        let other = "Lyon fait partie de Métropole de Lyon, collectivité du juré.";
        assert_eq!(standing(&detected, &[recorded((1, 10), "auto", other, true)]), detected);
        // A lift of another pair lifts nothing here.
        assert_eq!(standing(&detected, &[recorded((2, 10), "auto", reason, true)]), detected);
    }

    #[test]
    fn declarations_stand_whatever_the_territories() {
        let declared = [recorded((3, 30), "declared", "Mon conjoint y travaille.", false)];
        let out = standing(&BTreeMap::new(), &declared);
        assert_eq!(out.get(&(3, 30)).map(String::as_str), Some("Mon conjoint y travaille."));
        let by_organiser = [recorded((3, 30), "organiser", "Signalé par la mairie.", false)];
        assert!(standing(&BTreeMap::new(), &by_organiser).contains_key(&(3, 30)));
    }

    proptest::proptest! {
        #[test]
        fn standing_is_detected_minus_matching_lifts_plus_declarations(
            detected in proptest::collection::btree_map((0i64..4, 0i64..4), 0u8..3, 0..10),
            rows in proptest::collection::vec(((0i64..4, 0i64..4), 0u8..3, 0u8..3, proptest::bool::ANY), 0..10),
        ) {
            let reason = |n: u8| format!("raison {n}");
            let detected: BTreeMap<Pair, String> = detected.into_iter().map(|(p, n)| (p, reason(n))).collect();
            let sources = ["auto", "declared", "organiser"];
            let rows: Vec<Recorded> = rows
                .into_iter()
                .map(|(p, s, n, lifted)| recorded(p, sources[s as usize], &reason(n), lifted && s == 0))
                .collect();
            let out = standing(&detected, &rows);
            for (pair, why) in &detected {
                let lifted = rows.iter().any(|r| r.source == "auto" && r.lifted && (r.juror, r.dossier) == *pair && &r.reason == why);
                proptest::prop_assert_eq!(out.contains_key(pair), !lifted || rows.iter().any(|r| r.source != "auto" && (r.juror, r.dossier) == *pair));
            }
            for r in rows.iter().filter(|r| r.source != "auto") {
                proptest::prop_assert!(out.contains_key(&(r.juror, r.dossier)));
            }
            for pair in out.keys() {
                proptest::prop_assert!(detected.contains_key(pair) || rows.iter().any(|r| r.source != "auto" && (r.juror, r.dossier) == *pair));
            }
        }
    }
}
