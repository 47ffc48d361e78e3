//! The open data of a published palmarès (`/palmares/<year>.csv` and `.json`): its stable columns.

/// The open-data columns of `/palmares/<year>.csv` and `.json`, in this order.
pub const COLUMNS: [&str; 12] = [
    "annee",
    "version",
    "publie_le",
    "categorie",
    "niveau",
    "rang",
    "collectivite",
    "siren",
    "departement",
    "reference",
    "titre",
    "resume",
];
