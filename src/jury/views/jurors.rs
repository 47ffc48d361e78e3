//! The organiser's pages of jurors: the list, and the form creating a juror or editing a
//! juror's profile (with their current edition's assignments and conflicts).

use askama::Template;

use super::{kind_label, tabs, Pager, Tab};
use crate::accounts::repo::User;
use crate::editions::model::Edition;
use crate::jury::core::model::JurorKind;
use crate::jury::repo::conflicts::ConflictRow;
use crate::jury::repo::jurors::JurorRow;
use crate::jury::repo::reviews::AssignedDossier;
use crate::reference::repo::Collectivite;
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;

/// A juror of the list.
pub struct JurorLine {
    pub j: JurorRow,
    pub kind_label: &'static str,
    /// The names of the preferred categories, `" ; "`-separated.
    pub preferred: String,
    pub charter_accepted_at: Option<i64>,
}

/// A juror account without a profile.
pub struct Unprofiled {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "jury/admin_jurors.html")]
pub struct JurorList<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub has_edition: bool,
    /// The jurors of the current page ([`super::PER_PAGE`] a page).
    pub jurors: Vec<JurorLine>,
    pub pager: Pager,
    pub without_profile: Vec<Unprofiled>,
}

impl<'a> JurorList<'a> {
    /// `jurors`: each juror with their charter acceptance for the current edition;
    /// `categories`: (slug, name) of the categories preferences may name.
    pub fn new(
        page: &'a Page,
        edition: Option<&Edition>,
        jurors: Vec<(JurorRow, Option<i64>)>,
        without_profile: Vec<(i64, String, String)>,
        categories: &[(String, String)],
        pager: Pager,
    ) -> Self {
        JurorList {
            page,
            pager,
            tabs: tabs(page, edition.map(|e| e.year)),
            has_edition: edition.is_some(),
            jurors: jurors
                .into_iter()
                .map(|(j, charter_accepted_at)| {
                    let preferred: Vec<&str> = j
                        .preferred_slugs()
                        .iter()
                        .filter_map(|s| {
                            categories.iter().find(|(slug, _)| slug == s).map(|(_, n)| n.as_str())
                        })
                        .collect();
                    JurorLine {
                        kind_label: kind_label(&j.kind),
                        preferred: preferred.join(" ; "),
                        charter_accepted_at,
                        j,
                    }
                })
                .collect(),
            without_profile: without_profile
                .into_iter()
                .map(|(id, name, email)| Unprofiled { id, name, email })
                .collect(),
        }
    }
}

/// A choice of radio button or check box.
pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The juror's current edition, on their page.
pub struct JurorEdition {
    pub juror_id: i64,
    pub edition: Edition,
    pub charter_accepted_at: Option<i64>,
    pub assigned: Vec<AssignedDossier>,
    pub conflicts: Vec<ConflictRow>,
}

#[derive(Template)]
#[template(path = "jury/admin_juror_form.html")]
pub struct JurorPage<'a> {
    pub page: &'a Page,
    pub form: &'a FormState,
    /// The juror's account (None: creating one).
    pub account: Option<User>,
    pub has_profile: bool,
    pub action: String,
    pub kinds: Vec<Check>,
    pub categories: Vec<Check>,
    /// The collectivité search.
    pub q: String,
    pub q_error: Option<&'static str>,
    pub results: Vec<Collectivite>,
    pub chosen: Option<Collectivite>,
    pub edition: Option<JurorEdition>,
}

/// What the juror form shows besides the form's state.
#[derive(Default)]
pub struct JurorFormFacts {
    pub account: Option<User>,
    pub has_profile: bool,
    pub categories: Vec<(String, String)>,
    pub q: String,
    pub q_error: Option<&'static str>,
    pub results: Vec<Collectivite>,
    pub chosen: Option<Collectivite>,
    pub edition: Option<JurorEdition>,
}

impl<'a> JurorPage<'a> {
    pub fn new(page: &'a Page, form: &'a FormState, facts: JurorFormFacts) -> Self {
        let preferred: Vec<&str> = form.value("preferred").split_whitespace().collect();
        JurorPage {
            page,
            form,
            action: facts
                .account
                .as_ref()
                .map_or("/admin/jury/jures/nouveau".to_string(), |a| format!("/admin/jury/jures/{}", a.id)),
            account: facts.account,
            has_profile: facts.has_profile,
            kinds: JurorKind::ALL
                .iter()
                .map(|k| Check {
                    value: k.as_str().into(),
                    label: k.label().into(),
                    checked: form.value("kind") == k.as_str(),
                })
                .collect(),
            categories: facts
                .categories
                .into_iter()
                .map(|(slug, name)| Check {
                    checked: preferred.contains(&slug.as_str()),
                    value: slug,
                    label: name,
                })
                .collect(),
            q: facts.q,
            q_error: facts.q_error,
            results: facts.results,
            chosen: facts.chosen,
            edition: facts.edition,
        }
    }

    pub fn searched(&self) -> bool {
        !self.q.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jury::views::admin::tests::juror;
    use crate::jury::views::tests::page;
    use crate::web::view::View;

    #[test]
    fn list_names_preferred_categories_and_charter() {
        let page = page("/admin/jury/jures");
        let mut j = juror(10);
        j.preferred = "mobilite sante".into();
        let categories = [("mobilite".to_string(), "Mobilité".to_string()), ("sante".into(), "Santé".into())];
        let edition = Edition::example();
        let view = JurorList::new(
            &page,
            Some(&edition),
            vec![(j, Some(1_780_000_000)), (juror(11), None)],
            vec![(12, "Sans Profil".into(), "sp@example.org".into())],
            &categories,
            Pager::new(120, Some(2), "/admin/jury/jures".into()),
        );
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"<a href="/admin/jury/jures" aria-current="page">Jurés</a>"#), "{html}");
        assert!(html.contains("Mobilité ; Santé"));
        assert!(html.contains("Charte acceptée le"));
        assert!(html.contains("Charte non acceptée"));
        assert!(html.contains(r#"<a href="/admin/jury/jures/12">Sans Profil</a>"#));
        assert!(html.contains(r#"href="/admin/jury/jures?page=3""#), "120 jurors, 50 a page: {html}");
        let view = JurorList::new(
            &page,
            None,
            vec![],
            vec![],
            &categories,
            Pager::new(0, None, "/admin/jury/jures".into()),
        );
        let html = view.html();
        let html = html.text().unwrap();
        assert!(!html.contains("tabs") && html.contains("Aucun juré pour l’instant."));
    }

    fn user() -> User {
        User {
            id: 10,
            email: "j10@example.org".into(),
            display_name: "Juré 10".into(),
            password_hash: None,
            role: crate::accounts::Role::Juror,
            is_active: 1,
            session_version: 0,
            created_at: 0,
            updated_at: 0,
            last_login_at: None,
        }
    }

    #[test]
    fn form_creates_or_edits_with_the_typed_choices() {
        let page = page("/admin/jury/jures/nouveau");
        let mut form = FormState::new().keep("kind", "elu").keep("preferred", "sante");
        form.error("email", "Adresse invalide.");
        let facts = JurorFormFacts {
            categories: vec![("mobilite".into(), "Mobilité".into()), ("sante".into(), "Santé".into())],
            q: "lyo".into(),
            ..JurorFormFacts::default()
        };
        let view = JurorPage::new(&page, &form, facts);
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"action="/admin/jury/jures/nouveau""#));
        assert!(html.contains(r#"<input type="radio" name="kind" value="elu" checked>"#), "{html}");
        assert!(html.contains(r#"value="sante" checked> Santé"#));
        assert!(html.contains("Aucune collectivité ne correspond à « lyo »."));
        assert!(html.contains(r#"name="email" type="email""#));
        assert!(html.contains("Créer le juré"));

        let facts = JurorFormFacts {
            account: Some(user()),
            has_profile: false,
            edition: Some(JurorEdition {
                juror_id: 10,
                edition: Edition::example(),
                charter_accepted_at: None,
                assigned: vec![],
                conflicts: vec![],
            }),
            ..JurorFormFacts::default()
        };
        let form = FormState::new();
        let html = JurorPage::new(&page, &form, facts).html();
        let html = html.text().unwrap();
        assert!(html.contains(r#"action="/admin/jury/jures/10""#));
        assert!(html.contains("n’a pas encore de profil de juré"));
        assert!(html.contains("Charte pas encore acceptée."));
        assert!(html.contains("journal?jure=10"));
        assert!(!html.contains(r#"name="display_name""#));
    }
}
