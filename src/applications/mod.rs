//! Applications filed by collectivités: sign-up, the dossier from draft to receipt, and the
//! organisers' view of what came in.

pub mod admin;
pub mod core;
pub mod export;
pub mod members;
pub mod receipt;
pub mod repo;
pub mod routes;
pub mod service;
pub mod signup;
pub mod storage;
pub mod views;

/// The rules, under the name other features have used since before `core`.
pub use self::core as model;
