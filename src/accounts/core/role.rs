//! Roles, and where an account stands.

use serde::{Deserialize, Serialize};

/// What a person may do; one per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Applicant,
    Juror,
    Organiser,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Applicant, Role::Juror, Role::Organiser];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Juror => "juror",
            Role::Organiser => "organiser",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The French name shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::Applicant => "Collectivité candidate",
            Role::Juror => "Juré·e",
            Role::Organiser => "Organisateur·rice",
        }
    }

    /// Where a person of this role lands after logging in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Applicant => "/candidatures",
            Role::Juror => "/jury",
            Role::Organiser => "/admin",
        }
    }
}

/// Where an account stands, as organisers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Disabled,
    /// Created by an organiser, no password chosen yet.
    Pending,
    Active,
}

impl AccountStatus {
    pub fn of(active: bool, activated: bool) -> AccountStatus {
        match (active, activated) {
            (false, _) => AccountStatus::Disabled,
            (true, false) => AccountStatus::Pending,
            (true, true) => AccountStatus::Active,
        }
    }

    /// The class suffix of its badge.
    pub fn badge(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "inactive",
            AccountStatus::Pending => "warning",
            AccountStatus::Active => "ok",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "Désactivé",
            AccountStatus::Pending => "En attente d’activation",
            AccountStatus::Active => "Actif",
        }
    }
}

/// A role read from the database that the application does not know: bad data, an error.
#[derive(Debug, thiserror::Error)]
#[error("rôle inconnu : {0:?}")]
pub struct UnknownRole(pub String);

impl TryFrom<String> for Role {
    type Error = UnknownRole;

    fn try_from(s: String) -> Result<Role, UnknownRole> {
        Role::parse(&s).ok_or(UnknownRole(s))
    }
}
