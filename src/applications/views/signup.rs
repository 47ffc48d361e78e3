//! The sign-up's two steps and the organisers' list of requests to join a collectivité.

use askama::Template;

use super::*;

// --- Sign-up and memberships ------------------------------------------------------------

/// A collectivité of the reference, as the sign-up describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub siren: String,
    pub departement: String,
    pub population: Option<i64>,
    /// Its first three postcodes, comma-separated.
    pub postcodes: String,
}

impl Described {
    pub fn of(c: &Collectivite) -> Described {
        Described {
            id: c.id,
            name: c.name.clone(),
            kind_label: c.kind_label().to_string(),
            siren: c.siren.clone().unwrap_or_default(),
            departement: c.departement.clone().unwrap_or_default(),
            population: c.population.filter(|p| *p != 0),
            postcodes: c.postcodes.split(' ').take(3).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Step 1 of the sign-up (search the collectivité) or step 2 (the account's form).
pub enum SignupStep {
    Search { q: String, q_error: Option<&'static str>, searched: bool, results: Vec<Described> },
    Account { form: FormState, chosen: Option<Described>, civilities: Vec<Choice>, other_kinds: Vec<Choice> },
}

#[derive(Template)]
#[template(path = "applications/signup.html")]
pub struct SignupPage<'a> {
    pub page: &'a Page,
    pub step: SignupStep,
}

impl<'a> SignupPage<'a> {
    pub fn search(
        page: &'a Page,
        q: &str,
        q_error: Option<&'static str>,
        searched: bool,
        results: &[Collectivite],
    ) -> SignupPage<'a> {
        let results = results.iter().map(Described::of).collect();
        SignupPage { page, step: SignupStep::Search { q: q.to_string(), q_error, searched, results } }
    }

    pub fn account(
        page: &'a Page,
        form: FormState,
        chosen: Option<&Collectivite>,
        civilities: &[(&str, &str)],
        other_kinds: &[(&str, &str)],
    ) -> SignupPage<'a> {
        SignupPage {
            page,
            step: SignupStep::Account {
                form,
                chosen: chosen.map(Described::of),
                civilities: Choice::of(civilities),
                other_kinds: Choice::of(other_kinds),
            },
        }
    }
}

/// `/admin/rattachements`: the requests to join a collectivité.
#[derive(Template)]
#[template(path = "applications/memberships.html")]
pub struct MembershipsPage<'a> {
    pub page: &'a Page,
    pub pending: Vec<Member>,
}
