//! Types of the reference data. Pure.

use serde::{Deserialize, Serialize};

/// One row of `fixtures/collectivites.csv` and of the `collectivites` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefRow {
    /// `commune`, `epci`, `departement` or `region`.
    pub kind: String,
    /// EPCI only: `CC`, `CA`, `CU` or `METRO`; empty otherwise.
    pub epci_type: String,
    /// INSEE code (commune), SIREN (EPCI), département code (`2A`, `971`), région code.
    pub code: String,
    /// 9 digits, empty when the reference has none.
    pub siren: String,
    pub name: String,
    /// Empty when unknown.
    pub population: Option<i64>,
    /// Département code (commune, EPCI: the département of its seat; département: itself).
    pub departement: String,
    /// Région code.
    pub region: String,
    /// Commune: SIREN of the EPCI it belongs to; empty otherwise.
    pub epci_siren: String,
    /// Commune: postcodes separated by one space; empty otherwise.
    pub postcodes: String,
}
