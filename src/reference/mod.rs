//! Reference data of French collectivités (régions, départements, EPCI, communes) from the
//! official administrative division published by Etalab (`@etalab/decoupage-administratif`,
//! Licence Ouverte). A compact extract lives in `fixtures/collectivites.csv`; it is loaded
//! into the database at start-up when it changed.

pub mod extract;
pub mod model;
pub mod repo;
pub mod search;
pub mod siren;

use rocket::fairing::AdHoc;
use rocket_db_pools::Database;

/// Loads the shipped extract at start-up when the database holds another one (idempotent).
pub fn fairing() -> AdHoc {
    AdHoc::try_on_ignite("Référentiel des collectivités", |rocket| async move {
        let Some(db) = crate::db::Db::fetch(&rocket) else {
            return Err(rocket);
        };
        let started = std::time::Instant::now();
        let result = async {
            let mut tx = db.begin_write().await?;
            let loaded = repo::load_if_changed(&mut tx, repo::EXTRACT).await?;
            tx.commit().await?;
            Ok::<_, repo::LoadError>(loaded)
        }
        .await;
        match result {
            Ok(0) => Ok(rocket),
            Ok(n) => {
                tracing::info!(
                    "référentiel des collectivités chargé : {n} lignes en {:?}",
                    started.elapsed()
                );
                Ok(rocket)
            }
            Err(e) => {
                tracing::error!("chargement du référentiel des collectivités : {e}");
                Err(rocket)
            }
        }
    })
}
