//! Who may see a dossier, and who confirms a person who asks to join a collectivité.

use crate::accounts::Role;

/// Who confirms a membership that waits: a member of the collectivité when it has an active,
/// confirmed one; otherwise only an organiser. Every sign-up waits, the first account of a
/// collectivité (or the first after all were disabled) included: whoever signs up for a
/// collectivité sees none of its dossiers until someone who knows it has confirmed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmer {
    MemberOrOrganiser,
    Organiser,
}

pub fn confirmed_by(has_active_confirmed_member: bool) -> Confirmer {
    if has_active_confirmed_member {
        Confirmer::MemberOrOrganiser
    } else {
        Confirmer::Organiser
    }
}

/// Who may see a dossier: organisers, and the accounts of the collectivité that filed it.
/// (Jurors come with the jury feature.)
pub fn can_view(role: Role, user_organisation: Option<i64>, dossier_organisation: i64) -> bool {
    match role {
        Role::Organiser => true,
        Role::Applicant => user_organisation == Some(dossier_organisation),
        Role::Juror => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_organiser_confirms_a_collectivite_without_an_active_member() {
        assert_eq!(confirmed_by(false), Confirmer::Organiser);
        assert_eq!(confirmed_by(true), Confirmer::MemberOrOrganiser);
    }

    #[test]
    fn only_the_own_collectivite_and_organisers_see_a_dossier() {
        assert!(can_view(Role::Organiser, None, 7));
        assert!(can_view(Role::Applicant, Some(7), 7));
        assert!(!can_view(Role::Applicant, Some(8), 7));
        assert!(!can_view(Role::Applicant, None, 7));
        assert!(!can_view(Role::Juror, Some(7), 7));
    }
}
