//! Builds the compact extract (`fixtures/collectivites.csv`) from the JSON files of the npm
//! package `@etalab/decoupage-administratif`, and reads it back. Pure: the caller does the I/O.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;

use super::model::RefRow;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{file} illisible : {source}")]
    Json { file: &'static str, source: serde_json::Error },
    #[error("la commune {commune} figure dans deux EPCI ({first} et {second})")]
    TwoEpci { commune: String, first: String, second: String },
}

#[derive(Deserialize)]
struct CommuneJson {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    departement: Option<String>,
    region: Option<String>,
    siren: Option<String>,
    #[serde(rename = "codesPostaux", default)]
    postcodes: Vec<String>,
    population: Option<i64>,
}

#[derive(Deserialize)]
struct MemberJson {
    code: String,
}

#[derive(Deserialize)]
struct EpciJson {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    // The municipal population, like the communes' `population`: the "total" one counts
    // some people (students, boarders) in two communes.
    #[serde(rename = "populationMunicipale")]
    population: Option<i64>,
    #[serde(default)]
    membres: Vec<MemberJson>,
}

#[derive(Deserialize)]
struct AreaJson {
    code: String,
    nom: String,
    region: Option<String>,
    siren: Option<String>,
    population: Option<i64>,
    zone: Option<String>,
}

impl AreaJson {
    /// The package lists each overseas collectivité (`zone` "com": Saint-Pierre-et-Miquelon,
    /// Polynésie française…) both as a région and as a département; it is neither.
    fn is_region_or_departement(&self) -> bool {
        self.zone.as_deref() != Some("com")
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, ExtractError> {
    serde_json::from_str(text).map_err(|source| ExtractError::Json { file, source })
}

/// The package's `MET69` (Métropole de Lyon, a collectivité with special status that the DGCL
/// lists with the EPCI) is a métropole for our purposes.
fn epci_type(package_type: &str) -> String {
    match package_type {
        "MET69" => "METRO".to_string(),
        other => other.to_string(),
    }
}

/// The single value all items share, if they share one.
fn common<'a>(values: impl Iterator<Item = Option<&'a str>>) -> String {
    let mut distinct = values.collect::<BTreeSet<_>>().into_iter();
    match (distinct.next(), distinct.next()) {
        (Some(Some(only)), None) => only.to_string(),
        _ => String::new(),
    }
}

/// The rows of the extract: régions, départements, EPCI, then current communes, each by code.
pub fn from_package(
    communes_json: &str,
    epci_json: &str,
    departements_json: &str,
    regions_json: &str,
) -> Result<Vec<RefRow>, ExtractError> {
    let mut communes: Vec<CommuneJson> = parse("communes.json", communes_json)?;
    let mut epcis: Vec<EpciJson> = parse("epci.json", epci_json)?;
    let mut departements: Vec<AreaJson> = parse("departements.json", departements_json)?;
    let mut regions: Vec<AreaJson> = parse("regions.json", regions_json)?;

    // Communes déléguées, associées and arrondissements municipaux are not collectivités.
    communes.retain(|c| c.kind == "commune-actuelle");
    communes.sort_by(|a, b| a.code.cmp(&b.code));
    epcis.sort_by(|a, b| a.code.cmp(&b.code));
    departements.retain(AreaJson::is_region_or_departement);
    departements.sort_by(|a, b| a.code.cmp(&b.code));
    regions.retain(AreaJson::is_region_or_departement);
    regions.sort_by(|a, b| a.code.cmp(&b.code));

    let by_code: HashMap<&str, &CommuneJson> = communes.iter().map(|c| (c.code.as_str(), c)).collect();
    let mut epci_of: HashMap<&str, &str> = HashMap::new();
    for epci in &epcis {
        for member in &epci.membres {
            if let Some(first) = epci_of.insert(member.code.as_str(), epci.code.as_str()) {
                return Err(ExtractError::TwoEpci {
                    commune: member.code.clone(),
                    first: first.to_string(),
                    second: epci.code.clone(),
                });
            }
        }
    }

    let mut rows = Vec::with_capacity(regions.len() + departements.len() + epcis.len() + communes.len());
    rows.extend(regions.iter().map(|r| RefRow {
        kind: "region".into(),
        epci_type: String::new(),
        code: r.code.clone(),
        siren: r.siren.clone().unwrap_or_default(),
        name: r.nom.clone(),
        population: r.population,
        departement: String::new(),
        region: r.code.clone(),
        epci_siren: String::new(),
        postcodes: String::new(),
    }));
    rows.extend(departements.iter().map(|d| RefRow {
        kind: "departement".into(),
        epci_type: String::new(),
        code: d.code.clone(),
        siren: d.siren.clone().unwrap_or_default(),
        name: d.nom.clone(),
        population: d.population,
        departement: d.code.clone(),
        region: d.region.clone().unwrap_or_default(),
        epci_siren: String::new(),
        postcodes: String::new(),
    }));
    for epci in &epcis {
        // The package does not name the seat. When every member lies in the same
        // département (or région), that is the seat's; otherwise we leave it empty rather
        // than guess.
        let members: Vec<&CommuneJson> =
            epci.membres.iter().filter_map(|m| by_code.get(m.code.as_str()).copied()).collect();
        rows.push(RefRow {
            kind: "epci".into(),
            epci_type: epci_type(&epci.kind),
            code: epci.code.clone(),
            siren: epci.code.clone(),
            name: epci.nom.clone(),
            population: epci.population,
            departement: common(members.iter().map(|c| c.departement.as_deref())),
            region: common(members.iter().map(|c| c.region.as_deref())),
            epci_siren: String::new(),
            postcodes: String::new(),
        });
    }
    for c in &communes {
        let mut postcodes = c.postcodes.clone();
        postcodes.sort();
        postcodes.dedup();
        rows.push(RefRow {
            kind: "commune".into(),
            epci_type: String::new(),
            code: c.code.clone(),
            siren: c.siren.clone().unwrap_or_default(),
            name: c.nom.clone(),
            population: c.population,
            departement: c.departement.clone().unwrap_or_default(),
            region: c.region.clone().unwrap_or_default(),
            epci_siren: epci_of.get(c.code.as_str()).map(|s| s.to_string()).unwrap_or_default(),
            postcodes: postcodes.join(" "),
        });
    }
    Ok(rows)
}

/// The extract as CSV with a header row; an unknown population is an empty field.
pub fn write_csv(rows: &[RefRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub fn read_csv(text: &str) -> Result<Vec<RefRow>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMUNES: &str = r#"[
      {"code":"01001","nom":"L'Abergement-Clémenciat","type":"commune-actuelle","departement":"01","region":"84","siren":"210100012","codesPostaux":["01400"],"population":860},
      {"code":"01002","nom":"L'Abergement-de-Varey","type":"commune-actuelle","departement":"01","region":"84","siren":"210100020","codesPostaux":["01640","01640"],"population":267},
      {"code":"01015","nom":"Arbignieu","type":"commune-deleguee","departement":"01","region":"84"},
      {"code":"69381","nom":"Lyon 1er Arrondissement","type":"arrondissement-municipal","departement":"69","region":"84"},
      {"code":"69001","nom":"Affoux","type":"commune-actuelle","departement":"69","region":"84","siren":"216900019","codesPostaux":["69170"],"population":393},
      {"code":"98735","nom":"Papeete","type":"commune-actuelle","departement":"987","region":"987","codesPostaux":["98714"],"population":26654}
    ]"#;
    const EPCI: &str = r#"[
      {"code":"200069193","nom":"CC de la Dombes","type":"CC","populationTotale":41000,"populationMunicipale":40000,
       "membres":[{"code":"01002"},{"code":"01001"}]},
      {"code":"200046977","nom":"Métropole de Lyon","type":"MET69","populationMunicipale":1400000,
       "membres":[{"code":"69001"}]},
      {"code":"200040590","nom":"CA Villefranche Beaujolais Saône","type":"CA","populationMunicipale":75000,
       "membres":[{"code":"69999"}]}
    ]"#;
    const DEPARTEMENTS: &str = r#"[
      {"code":"69","nom":"Rhône","region":"84","zone":"metro"},
      {"code":"01","nom":"Ain","region":"84","zone":"metro"},
      {"code":"987","nom":"Polynésie française","region":"987","zone":"com"}
    ]"#;
    const REGIONS: &str = r#"[
      {"code":"84","nom":"Auvergne-Rhône-Alpes","zone":"metro"},
      {"code":"987","nom":"Polynésie française","zone":"com"}
    ]"#;

    fn rows() -> Vec<RefRow> {
        from_package(COMMUNES, EPCI, DEPARTEMENTS, REGIONS).unwrap()
    }

    #[test]
    fn keeps_current_communes_and_true_regions_and_departements_in_order() {
        let rows = rows();
        let keys: Vec<_> = rows.iter().map(|r| (r.kind.as_str(), r.code.as_str())).collect();
        assert_eq!(
            keys,
            [
                ("region", "84"),
                ("departement", "01"),
                ("departement", "69"),
                ("epci", "200040590"),
                ("epci", "200046977"),
                ("epci", "200069193"),
                ("commune", "01001"),
                ("commune", "01002"),
                ("commune", "69001"),
                ("commune", "98735"),
            ]
        );
    }

    #[test]
    fn fills_memberships_codes_and_postcodes() {
        let rows = rows();
        let find = |code: &str| rows.iter().find(|r| r.code == code).unwrap();
        assert_eq!(find("01").region, "84");
        assert_eq!(find("01").departement, "01");
        assert_eq!(find("01").siren, "");
        assert_eq!(find("01").population, None);
        assert_eq!(find("84").region, "84");
        let dombes = find("200069193");
        assert_eq!((dombes.epci_type.as_str(), dombes.siren.as_str()), ("CC", "200069193"));
        assert_eq!(dombes.population, Some(40_000), "municipal population");
        assert_eq!((dombes.departement.as_str(), dombes.region.as_str()), ("01", "84"));
        assert_eq!(find("200046977").epci_type, "METRO");
        let unknown_members = find("200040590");
        assert_eq!((unknown_members.departement.as_str(), unknown_members.region.as_str()), ("", ""));
        let commune = find("01002");
        assert_eq!(commune.epci_siren, "200069193");
        assert_eq!(commune.siren, "210100020");
        assert_eq!(commune.postcodes, "01640");
        assert_eq!(commune.population, Some(267));
        let papeete = find("98735");
        assert_eq!((papeete.siren.as_str(), papeete.epci_siren.as_str()), ("", ""));
    }

    #[test]
    fn an_epci_across_departements_has_no_departement_but_keeps_a_shared_region() {
        let epci = r#"[{"code":"200040590","nom":"CA Villefranche","type":"CA","populationMunicipale":1,
          "membres":[{"code":"01001"},{"code":"69001"}]}]"#;
        let rows = from_package(COMMUNES, epci, DEPARTEMENTS, REGIONS).unwrap();
        let row = rows.iter().find(|r| r.kind == "epci").unwrap();
        assert_eq!((row.departement.as_str(), row.region.as_str()), ("", "84"));
    }

    #[test]
    fn a_commune_in_two_epci_is_an_error() {
        let epci = r#"[{"code":"1","nom":"A","type":"CC","membres":[{"code":"01001"}]},
                       {"code":"2","nom":"B","type":"CC","membres":[{"code":"01001"}]}]"#;
        let err = from_package(COMMUNES, epci, DEPARTEMENTS, REGIONS).unwrap_err();
        assert!(matches!(err, ExtractError::TwoEpci { .. }), "{err}");
    }

    #[test]
    fn csv_round_trip() {
        let rows = rows();
        let bytes = write_csv(&rows).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with(
            "kind,epci_type,code,siren,name,population,departement,region,epci_siren,postcodes\n"
        ));
        assert!(text.contains("\nregion,,84,,Auvergne-Rhône-Alpes,,,84,,\n"), "empty population");
        assert_eq!(read_csv(text).unwrap(), rows);
    }

    #[test]
    fn the_fixture_is_what_write_csv_writes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/collectivites.csv");
        let text = std::fs::read_to_string(path).unwrap();
        let rows = read_csv(&text).unwrap();
        assert!(rows.len() > 35_000);
        assert_eq!(write_csv(&rows).unwrap(), text.as_bytes());
    }

    #[test]
    fn bad_json_names_the_file() {
        let err = from_package("[", EPCI, DEPARTEMENTS, REGIONS).unwrap_err();
        assert!(err.to_string().contains("communes.json"));
    }
}
