//! Label Territoires Innovants: collectivités file applications, jurors score them,
//! organisers rank, deliberate, publish the palmarès and issue certificates.
//!
//! `build` assembles the one Rocket application that the server, the demo and the tests run.

pub mod accounts;
pub mod applications;
pub mod bench;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod editions;
pub mod error;
pub mod jury;
pub mod memory;
pub mod pdf;
pub mod reference;
pub mod results;
pub mod site;
pub mod spreadsheet;
pub mod web;

use rocket::fairing::AdHoc;
use rocket::figment::Figment;
use rocket::fs::FileServer;
use rocket::{Build, Rocket};
use rocket_db_pools::Database;

/// The application, configured by `figment` (see `config::figment`).
pub fn build(figment: Figment) -> Rocket<Build> {
    let figment = config::ensure_secret_key(figment.clone()).unwrap_or_else(|e| {
        tracing::error!("impossible de lire ou d’écrire la clé secrète : {e}");
        figment
    });
    let app_config = config::app_config(&figment);
    rocket::custom(figment)
        .attach(db::Db::init())
        .attach(db::migrations_fairing())
        .attach(reference::fairing())
        .attach(web::headers::SecurityHeaders)
        .mount("/", site::routes())
        .mount("/", accounts::routes())
        .mount("/", editions::routes())
        .mount("/", applications::routes())
        .mount("/", jury::routes())
        .mount("/", results::routes())
        .mount("/static", FileServer::from(&app_config.static_dir))
        .register("/", web::catchers::all())
        .manage(app_config)
        .attach(AdHoc::on_liftoff("Annonce", |rocket| {
            Box::pin(async move {
                let c = rocket.config();
                tracing::info!("Label Territoires Innovants en service sur http://{}:{}", c.address, c.port);
            })
        }))
}
