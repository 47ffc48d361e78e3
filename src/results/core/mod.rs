//! The pure decisions of the results: no connection, no request, no clock.

pub mod certificate;
pub mod deliberation;
pub mod export;
pub mod laureates;
pub mod open_data;
pub mod ranking;
pub mod release;
pub mod settings;
