//! The SQL of the results, one file per aggregate.

pub mod adjustments;
pub mod inputs;
pub mod publications;
pub mod settings;

pub use self::inputs::{inputs, Comments, DossierLine, Inputs};
pub use self::settings::{claim_settings_version, save_settings, settings, settings_version};
pub use crate::results::core::settings::ResultsSettings;
