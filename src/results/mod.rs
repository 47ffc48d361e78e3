//! Results: the transparent ranking of the dossiers from the jury's reviews. Decisions live in
//! pure modules tested on their own: `ranking` (aggregates, severity correction, ties, flags).

pub mod admin;
pub mod certificate;
pub mod deliberation;
pub mod export;
pub mod laureates;
pub mod public;
pub mod publications;
pub mod ranking;
pub mod release;
pub mod repo;
