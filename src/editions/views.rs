//! The views of the organisers' edition pages: the list, the settings form (with the
//! categories), and the confirmation before changing the current edition while jurors work.

use askama::Template;

use super::core::{phase_label, Category, Edition};
use crate::web::filters;
use crate::web::forms::FormState;
use crate::web::page::Page;

/// An edition in the list.
pub struct EditionRow {
    pub edition: Edition,
    pub phase: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "editions/list.html")]
pub struct EditionList<'a> {
    pub page: &'a Page,
    /// The most recent year first.
    pub rows: Vec<EditionRow>,
}

impl<'a> EditionList<'a> {
    pub fn new(page: &'a Page, editions: Vec<Edition>, now: i64) -> Self {
        let rows = editions
            .into_iter()
            .map(|edition| EditionRow {
                phase: phase_label(&edition, now),
                current: edition.current(),
                edition,
            })
            .collect();
        EditionList { page, rows }
    }
}

/// A category's own small form on the edition page.
pub struct CategoryFields {
    pub id: i64,
    pub position: i64,
    /// The stored name, for the legend.
    pub name: String,
    /// The keys of its fields in the page's `FormState`, also the ids of its inputs.
    pub name_key: String,
    pub description_key: String,
    /// What the fields show: as typed when refused, else as stored.
    pub name_value: String,
    pub description_value: String,
}

/// The key of a category's field in the page's `FormState`: also the id of its input.
pub fn category_key(category_id: i64, field: &str) -> String {
    format!("categorie-{category_id}-{field}")
}

impl CategoryFields {
    fn new(category: Category, form: &FormState) -> Self {
        let name_key = category_key(category.id, "name");
        let description_key = category_key(category.id, "description");
        let typed =
            |key: &str, stored: &str| form.values.get(key).cloned().unwrap_or_else(|| stored.to_string());
        CategoryFields {
            id: category.id,
            position: category.position,
            name_value: typed(&name_key, &category.name),
            description_value: typed(&description_key, &category.description),
            name: category.name,
            name_key,
            description_key,
        }
    }
}

#[derive(Template)]
#[template(path = "editions/form.html")]
pub struct EditionPage<'a> {
    pub page: &'a Page,
    pub form: FormState,
    /// `None` for a new edition.
    pub edition: Option<Edition>,
    pub current: bool,
    pub phase: &'static str,
    pub categories: Vec<CategoryFields>,
    /// How many categories a new edition receives.
    pub category_count: usize,
}

impl<'a> EditionPage<'a> {
    /// The form of a new edition.
    pub fn new_edition(page: &'a Page, form: FormState, category_count: usize) -> Self {
        EditionPage {
            page,
            form,
            edition: None,
            current: false,
            phase: "",
            categories: Vec::new(),
            category_count,
        }
    }

    /// The settings and categories of `edition` at `now`.
    pub fn edition(
        page: &'a Page,
        form: FormState,
        edition: Edition,
        categories: Vec<Category>,
        now: i64,
    ) -> Self {
        let categories = categories.into_iter().map(|c| CategoryFields::new(c, &form)).collect();
        EditionPage {
            page,
            current: edition.current(),
            phase: phase_label(&edition, now),
            form,
            edition: Some(edition),
            categories,
            category_count: 0,
        }
    }
}

#[derive(Template)]
#[template(path = "editions/current_confirm.html")]
pub struct CurrentConfirm<'a> {
    pub page: &'a Page,
    /// The edition to make current.
    pub edition: Edition,
    /// The current edition, whose jurors are at work.
    pub current: Edition,
    /// Reviews expected on the current edition, and those not submitted yet.
    pub assigned: usize,
    pub missing: usize,
}

impl<'a> CurrentConfirm<'a> {
    pub fn new(
        page: &'a Page,
        edition: Edition,
        current: Edition,
        assigned: usize,
        submitted: usize,
    ) -> Self {
        CurrentConfirm { page, edition, current, assigned, missing: assigned.saturating_sub(submitted) }
    }

    /// Whether "évaluation(s)" and its verbs take the plural.
    pub fn plural(&self) -> bool {
        self.missing > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::view::View;

    fn page(path: &str) -> Page {
        Page { user: None, csrf_token: "jeton".into(), flash: None, path: path.into() }
    }

    fn render(view: &impl View) -> String {
        view.html().text().expect("renders").to_string()
    }

    fn category(id: i64, position: i64, name: &str) -> Category {
        Category {
            id,
            edition_id: 1,
            slug: format!("c{id}"),
            name: name.into(),
            description: format!("Description de {name}"),
            position,
        }
    }

    #[test]
    fn the_list_marks_the_current_edition_and_offers_to_change_it() {
        let page = page("/admin/editions");
        let past = Edition {
            id: 2,
            year: 2025,
            is_current: 0,
            ceremony_at: Some(1_764_000_000),
            ceremony_place: "Lyon".into(),
            ..Edition::example()
        };
        let html = render(&EditionList::new(&page, vec![Edition::example(), past], 1_772_323_200));
        assert!(
            html.contains(
                r#"<a href="/admin/editions/2026">2026</a> <span class="badge badge-ok">En cours</span>"#
            ),
            "{html}"
        );
        assert!(html.contains("<td>Candidatures ouvertes</td>"));
        assert!(html.contains(r#"action="/admin/editions/2025/courante""#));
        assert!(!html.contains(r#"action="/admin/editions/2026/courante""#));
        assert!(html.contains("<br>Lyon</td>"));
        assert!(html.contains(r#"<span class="muted">à fixer</span>"#));
        let empty = render(&EditionList::new(&page, vec![], 0));
        assert!(empty.contains("Aucune édition pour le moment."));
    }

    #[test]
    fn a_new_edition_form_tells_how_many_categories_it_receives() {
        let page = page("/admin/editions/nouvelle");
        let form = FormState::new().keep("year", "2027").keep("title", "Label 2027");
        let html = render(&EditionPage::new_edition(&page, form, 5));
        assert!(html.contains("<title>Nouvelle édition — Label Territoires Innovants</title>"), "{html}");
        assert!(html.contains("L’édition reçoit les 5 catégories du label"));
        assert!(html.contains(r#"action="/admin/editions/nouvelle""#));
        assert!(html.contains(r#"value="2027""#));
        assert!(html.contains(r#"inputmode="numeric" maxlength="4""#));
        assert!(html.contains("Créer l’édition"));
        assert!(!html.contains("Catégories</h2>"));
    }

    #[test]
    fn an_edition_form_shows_its_categories_as_typed_or_stored() {
        let page = page("/admin/editions/2026");
        let past = Edition { is_current: 0, ..Edition::example() };
        let mut form = FormState::new().keep("categorie-12-name", "ab");
        form.error("categorie-12-name", "Trop court.");
        let html = render(&EditionPage::edition(
            &page,
            form,
            past,
            vec![category(11, 1, "Sobriété"), category(12, 2, "Inclusion")],
            1_772_323_200,
        ));
        assert!(html.contains("<h1>Édition 2026</h1>"), "{html}");
        assert!(html.contains("En faire l’édition en cours"));
        assert!(html.contains("Étape : <strong>Candidatures ouvertes</strong>."));
        assert!(html.contains(r#"<legend>Catégorie 1 : Sobriété</legend>"#));
        assert!(html.contains(r#"value="Sobriété""#));
        assert!(html.contains(r#"value="ab""#));
        assert!(html.contains(r#"<p class="field-error" id="categorie-12-name-erreur">Trop court.</p>"#));
        assert!(html.contains(r#"aria-describedby="categorie-12-name-aide categorie-12-name-erreur""#));
        assert!(html.contains(r#"aria-describedby="categorie-11-name-aide""#));
        assert!(html.contains(">Description de Inclusion</textarea>"));
        assert!(html.contains(r#"action="/admin/editions/2026/categories/12""#));
    }

    #[test]
    fn the_current_edition_has_no_button_to_become_current() {
        let page = page("/admin/editions/2026");
        let html = render(&EditionPage::edition(&page, FormState::new(), Edition::example(), vec![], 0));
        assert!(
            html.contains(r#"<h1>Édition 2026 <span class="badge badge-ok">En cours</span></h1>"#),
            "{html}"
        );
        assert!(!html.contains("En faire l’édition en cours"));
        assert!(html.contains("C’est l’édition en cours"));
    }

    #[test]
    fn the_confirmation_counts_reviews_in_french() {
        let page = page("/admin/editions/2027/courante");
        let next = Edition { id: 2, year: 2027, is_current: 0, ..Edition::example() };
        let html = render(&CurrentConfirm::new(&page, next.clone(), Edition::example(), 1500, 300));
        assert!(html.contains("<h1>Faire de 2027 l’édition en cours ?</h1>"), "{html}");
        assert!(
            html.contains("1\u{202f}200 évaluations attendues sur 1\u{202f}500 ne sont pas encore soumises.")
        );
        assert!(html.contains(r#"name="confirmer" value="oui""#));
        let one = render(&CurrentConfirm::new(&page, next, Edition::example(), 3, 2));
        assert!(one.contains("1 évaluation attendue sur 3 n’est pas encore soumise."), "{one}");
    }
}
