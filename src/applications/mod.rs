//! Applications filed by collectivités: sign-up, the dossier from draft to receipt, and the
//! organisers' view of what came in.

pub mod admin;
pub mod export;
pub mod members;
pub mod model;
pub mod receipt;
pub mod repo;
pub mod routes;
pub mod signup;
pub mod storage;
pub mod views;
