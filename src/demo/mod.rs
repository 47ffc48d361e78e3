//! The demo dataset: realistic French data loaded into a fresh database by `demo`.
//! Later features add their part (editions, dossiers, reviews, results) here.

pub mod applications;
pub mod dossiers;
mod jury;
mod past;
mod scale;

use crate::accounts::model::{DisplayName, Email, Role};
use crate::accounts::password;
use crate::accounts::service::{self, NewAccount};
use crate::db::{self, DbPool};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-label-2026";
/// The demo organiser's login.
pub const ORGANISER_EMAIL: &str = "organisateur@demo.test";

/// One login printed by `demo`.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// The twelve demo jurors: élus, agents, experts and partners from across France.
const JURORS: [&str; 12] = [
    "Sophie Marchand",
    "Karim Benali",
    "Isabelle Lefèvre",
    "Thomas Garnier",
    "Nathalie Rousseau",
    "Julien Moreau",
    "Amélie Fournier",
    "Olivier Chevalier",
    "Hélène Dubois",
    "Mathieu Lambert",
    "Céline Bertrand",
    "François Girard",
];

pub fn logins() -> Vec<DemoLogin> {
    let mut all = vec![DemoLogin {
        email: "organisateur@demo.test".into(),
        name: "Claire Fontaine".into(),
        role: Role::Organiser,
    }];
    all.extend(JURORS.iter().enumerate().map(|(i, name)| DemoLogin {
        email: format!("jure{}@demo.test", i + 1),
        name: (*name).into(),
        role: Role::Juror,
    }));
    all.push(DemoLogin {
        email: "candidat@demo.test".into(),
        name: "Lucie Perrin".into(),
        role: Role::Applicant,
    });
    all
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("donnée de démonstration invalide : {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    App(#[from] crate::error::AppError),
    #[error(transparent)]
    Reference(#[from] crate::reference::repo::LoadError),
}

/// What the demo dataset holds, for the command's summary.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub logins: Vec<DemoLogin>,
    /// Dossiers of the current edition (2026).
    pub dossiers: usize,
    /// Dossiers of the finished 2025 edition.
    pub past_dossiers: usize,
}

/// How far to scale the 2026 edition, for load tests and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scale {
    /// Dossiers of the 2026 edition in all (the extra ones eligible); None: about 80.
    pub dossiers: Option<usize>,
    /// Jurors in all (the twelve demo jurors first); None: twelve.
    pub jurors: Option<usize>,
}

impl Scale {
    fn scaled(&self) -> bool {
        self.dossiers.is_some() || self.jurors.is_some()
    }
}

/// Loads the demo dataset into an empty, migrated database, in one transaction (the
/// reference of collectivités first, in its own, as at start-up).
pub async fn seed(pool: &DbPool) -> Result<DemoSummary, SeedError> {
    seed_scaled(pool, Scale::default()).await
}

/// The demo dataset with the 2026 edition scaled: `scale.dossiers` dossiers, `scale.jurors`
/// jurors, and then three submitted reviews per eligible dossier. Same logins.
pub async fn seed_scaled(pool: &DbPool, scale: Scale) -> Result<DemoSummary, SeedError> {
    let logins = logins();
    // One hash per account (each with its own salt), computed before the transaction.
    let mut hashes = Vec::with_capacity(logins.len());
    for _ in &logins {
        hashes.push(password::hash_async(DEMO_PASSWORD.to_string()).await?);
    }
    let now = db::now();
    let mut tx = pool.begin_write().await?;
    crate::reference::repo::load_if_changed(&mut tx, crate::reference::repo::EXTRACT).await?;
    tx.commit().await?;

    let mut tx = pool.begin_write().await?;
    let mut ids = Vec::with_capacity(logins.len());
    for (login, hash) in logins.iter().zip(&hashes) {
        let email = Email::parse(&login.email).map_err(SeedError::Invalid)?;
        let name = DisplayName::parse(&login.name).map_err(SeedError::Invalid)?;
        let account = NewAccount { email: &email, name: &name, role: login.role };
        let id = service::create_account_with_password(&mut tx, &account, hash, now)
            .await?
            .ok_or(SeedError::Invalid("adresse en double"))?;
        ids.push((login.role, login.email.as_str(), id));
    }
    let organiser = ids.iter().find(|(role, ..)| *role == Role::Organiser).map(|(.., id)| *id);
    let applicant = ids.iter().find(|(_, email, _)| *email == "candidat@demo.test").map(|(.., id)| *id);
    let (Some(organiser), Some(applicant)) = (organiser, applicant) else {
        return Err(SeedError::Invalid("comptes de démonstration incomplets"));
    };
    let (edition_id, mut dossiers) =
        applications::seed(&mut tx, organiser, applicant, &hashes[0], now).await?;
    if let Some(wanted) = scale.dossiers {
        dossiers +=
            scale::dossiers(&mut tx, edition_id, wanted.saturating_sub(dossiers), organiser, &hashes[0], now)
                .await?;
    }
    let mut juror_ids: Vec<i64> =
        ids.iter().filter(|(role, ..)| *role == Role::Juror).map(|(.., id)| *id).collect();
    if let Some(wanted) = scale.jurors {
        juror_ids.truncate(wanted.max(1));
        juror_ids
            .extend(scale::jurors(&mut tx, wanted.saturating_sub(juror_ids.len()), &hashes[0], now).await?);
    }
    jury::seed(&mut tx, edition_id, &juror_ids, organiser, scale.scaled(), now).await?;
    let juror_ids: Vec<i64> = juror_ids.into_iter().take(12).collect();
    let past = past::seed(&mut tx, organiser, &juror_ids, now).await?;
    tx.commit().await?;
    Ok(DemoSummary { logins, dossiers, past_dossiers: past })
}
