use std::collections::BTreeMap;

use super::*;
use crate::applications::repo::EligibleDossier;
use crate::jury::core::rubric::Rubric;
use crate::results::core::deliberation::deliberate;
use crate::results::core::laureates::apply;
use crate::results::core::ranking::{DossierIn, ReviewIn};
use crate::results::core::settings::ResultsSettings;
use crate::results::repo::adjustments::AdjustmentRow;
use crate::web::view::View;

fn page(path: &str) -> Page {
    Page { user: None, csrf_token: "jeton".into(), flash: None, path: path.into() }
}

fn category(id: i64, slug: &str, name: &str) -> Category {
    Category {
        id,
        edition_id: 1,
        slug: slug.into(),
        name: name.into(),
        description: String::new(),
        position: id,
    }
}

fn categories() -> Vec<Category> {
    vec![category(1, "numerique", "Numérique"), category(2, "climat", "Climat"), category(3, "vide", "Vide")]
}

fn line(id: i64, category: &Category) -> EligibleDossier {
    EligibleDossier {
        id,
        reference: Some(format!("LTI-2026-{id:04}")),
        title: format!("Projet {id}"),
        summary: String::new(),
        organisation: format!("Commune {id}"),
        siren: None,
        departement: None,
        category_id: category.id,
        category_slug: category.slug.clone(),
        category: category.name.clone(),
        category_position: category.position,
    }
}

/// `per_category` dossiers in each of the first two categories, scored by three jurors; the
/// lower the id, the better; the last dossier of each category has one review only.
fn deliberated(per_category: i64, adjustments: Vec<AdjustmentRow>) -> Deliberated {
    let cats = categories();
    let mut lines = Vec::new();
    for (c, cat) in cats[..2].iter().enumerate() {
        for i in 0..per_category {
            lines.push(line(c as i64 * 1000 + i + 1, cat));
        }
    }
    let mut reviews = Vec::new();
    for l in &lines {
        let jurors = if (l.id % 1000) == per_category { 1 } else { 3 };
        for juror in 1..=jurors {
            reviews.push(ReviewIn {
                dossier: l.id,
                juror,
                score: 100.0 - (l.id % 1000) as f64 - juror as f64,
                criteria: BTreeMap::new(),
                eliminatory: Vec::new(),
            });
        }
    }
    let dossiers: Vec<DossierIn> =
        lines.iter().map(|l| DossierIn { id: l.id, category: l.category_id }).collect();
    let settings = ResultsSettings { laureates_per_category: 3, ..ResultsSettings::default() };
    let deliberation = deliberate(&dossiers, &reviews, &settings);
    let list: Vec<_> = adjustments.iter().filter_map(AdjustmentRow::to_adjustment).collect();
    let finals = apply(&deliberation.proposals, &deliberation.main.dossiers, &list);
    let jurors = (1..=3).map(|j| (j, format!("Juré {j}"))).collect();
    let inputs = Inputs {
        rubric: Rubric::default_rubric(),
        dossiers,
        reviews,
        lines,
        jurors,
        comments: BTreeMap::new(),
    };
    Deliberated { inputs, settings, deliberation, adjustments, finals }
}

fn context<'a>(
    edition: &'a Edition,
    cats: &'a [Category],
    chosen: Option<&'a str>,
) -> DeliberationContext<'a> {
    DeliberationContext {
        edition,
        categories: cats,
        chosen,
        page: None,
        history: Vec::new(),
        settings_version: 4,
        tie_rules_locked: false,
        scoring_open: false,
    }
}

#[test]
fn the_deliberation_shows_one_category_and_a_tab_for_each() {
    let (page, form, edition, cats) =
        (page("/admin/editions/2026/resultats"), FormState::new(), Edition::example(), categories());
    let d = deliberated(4, Vec::new());
    let view = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, None)).unwrap();
    assert_eq!(view.tabs.len(), 3);
    let first = &view.tabs[0];
    assert_eq!((first.dossiers, first.ranked, first.rankable, first.laureates), (4, 3, 3, 3));
    assert!(first.current && !view.tabs[1].current);
    assert_eq!(view.dossier_options.len(), 4, "the adjustment form lists the shown category's dossiers");
    let html = view.html();
    let html = html.text().unwrap();
    assert!(html.contains("Projet 1") && !html.contains("Projet 1001"), "{html}");
    assert!(html.contains(r#"href="/admin/editions/2026/resultats?categorie=climat#classement""#));
    assert!(
        html.contains(
            r#"aria-current="page">Numérique <small>— 3 classés, 3 classables sur 4, 3 lauréats</small>"#
        ),
        "{html}"
    );
    assert!(html.contains("Non classable") && html.contains("médiane corrigée"));
    assert!(html.contains(r#"<span class="badge badge-or">Or</span>"#));
    assert!(html.contains(r#"name="version" id="version" value="4""#));

    let view = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, Some("climat"))).unwrap();
    let html = view.html();
    let html = html.text().unwrap();
    assert!(html.contains("Projet 1001") && !html.contains(">Projet 1 <"), "{html}");
    assert!(DeliberationPage::new(&page, &form, &d, context(&edition, &cats, Some("inconnue"))).is_none());
    let empty = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, Some("vide"))).unwrap();
    assert!(empty.html().text().unwrap().contains("Aucun dossier recevable."));
}

#[test]
fn a_large_category_is_ranked_over_pages() {
    let (page, form, edition, cats) =
        (page("/admin/editions/2026/resultats"), FormState::new(), Edition::example(), categories());
    let d = deliberated(ROWS_PER_PAGE as i64 + 5, Vec::new());
    let view = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, None)).unwrap();
    let table = view.table.as_ref().unwrap();
    assert_eq!((table.rows.len(), table.pager.pages), (ROWS_PER_PAGE, 2));
    assert_eq!(table.rows[0].rank, Some(1), "the first page holds the top of the ranking");
    assert_eq!(view.dossier_options.len(), ROWS_PER_PAGE, "the adjustment form lists the page's dossiers");
    assert_eq!(view.tabs[0].dossiers, ROWS_PER_PAGE + 5, "the tab counts the whole category");
    let html = view.html();
    let html = html.text().unwrap();
    assert!(
        html.contains(r#"href="/admin/editions/2026/resultats?categorie=numerique&#38;page=2""#),
        "{html}"
    );

    let mut second = context(&edition, &cats, Some("numerique"));
    second.page = Some(2);
    let view = DeliberationPage::new(&page, &form, &d, second).unwrap();
    let table = view.table.as_ref().unwrap();
    assert_eq!((table.rows.len(), table.pager.current), (5, 2));
    let html = view.html();
    assert!(html.text().unwrap().contains("Rangs 101 à 105"));
}

#[test]
fn a_refused_settings_change_keeps_what_was_typed() {
    let (page, edition, cats) = (page("/admin/editions/2026/resultats"), Edition::example(), categories());
    let mut form = FormState::new()
        .keep("min_reviews", "douze")
        .keep("aggregate", "median")
        .keep("tie_rules-0", "review_count");
    form.error("min_reviews", "Le nombre minimal d’évaluations est un entier de 1 à 10.");
    let d = deliberated(2, Vec::new());
    let view = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, None)).unwrap();
    assert!(view.settings.refused);
    assert_eq!(view.settings.min_reviews, "douze");
    assert!(view
        .settings
        .aggregates
        .iter()
        .any(|a| a.value == "median" && a.selected && a.label == "Médiane"));
    assert!(view.settings.tie_slots[0].iter().any(|o| o.value == "review_count" && o.selected));
    let html = view.html();
    let html = html.text().unwrap();
    assert!(html.contains(r#"<details class="declare" open>"#));
    assert!(html.contains(r#"value="douze" aria-invalid="true""#), "{html}");

    let blank = FormState::new();
    let stored = DeliberationPage::new(&page, &blank, &d, context(&edition, &cats, None)).unwrap();
    assert!(!stored.settings.refused);
    assert_eq!(stored.settings.laureates_per_category, "3");
}

#[test]
fn adjustments_are_listed_and_flag_the_changed_laureate() {
    let (page, form, edition, cats) =
        (page("/admin/editions/2026/resultats"), FormState::new(), Edition::example(), categories());
    let adjustment = AdjustmentRow {
        id: 1,
        dossier_id: 3,
        action: "level".into(),
        level: Some("or".into()),
        justification: "Un essaimage remarquable.".into(),
        author: Some("Claire".into()),
        at: 0,
        reference: Some("LTI-2026-0003".into()),
    };
    let d = deliberated(4, vec![adjustment]);
    let view = DeliberationPage::new(&page, &form, &d, context(&edition, &cats, None)).unwrap();
    let row = view.table.as_ref().unwrap().rows.iter().find(|r| r.id == 3).unwrap();
    assert_eq!((row.level, row.proposed, row.adjusted), (Some(Level::Or), Some(Level::Argent), true));
    let html = view.html();
    let html = html.text().unwrap();
    assert!(html.contains("LTI-2026-0003 : niveau changé en or — « Un essaimage remarquable. »"), "{html}");
    assert!(html.contains("ajusté (proposé : Argent)"));
}

#[test]
fn the_confirmation_lists_what_becomes_public() {
    let (page, edition) = (page("/admin/editions/2026/resultats/publier"), Edition::example());
    let d = deliberated(2, Vec::new());
    let plan = Plan {
        deliberated: d,
        first: true,
        version: 1,
        categories: categories(),
        short: vec![ShortCategory { category: 1, rankable: 1, wanted: 3 }],
    };
    let count = Count { assigned: 10, submitted: 8, drafts: 1 };
    let form = FormState::new();
    let view = PublishConfirm::new(&page, &form, &edition, &plan, count, true);
    assert_eq!(view.missing, 2);
    assert_eq!(view.not_rankable.len(), 2);
    let html = view.html();
    let html = html.text().unwrap();
    assert!(
        html.contains("2 évaluations attendues sur 10 ne sont pas soumises (dont 1 brouillon)."),
        "{html}"
    );
    assert!(html.contains("Seulement 1 dossier classable pour 3 lauréats prévus."));
    assert!(!html.contains("Tapez l’année"), "no confirmation while scoring is open");
    let count = Count { assigned: 10, submitted: 10, drafts: 0 };
    let open = PublishConfirm::new(&page, &form, &edition, &plan, count, false);
    let html = open.html();
    let html = html.text().unwrap();
    assert!(html.contains(r#"inputmode="numeric" autocomplete="off""#), "{html}");
    assert!(html.contains("Pourquoi publier avec moins de lauréats que prévu"));
}

fn publication(version: i64, note: &str) -> Publication {
    Publication {
        id: version,
        edition_id: 1,
        version,
        published_at: 1_780_000_000,
        author: None,
        method: "Classement par moyenne.".into(),
        note: note.into(),
    }
}

fn laureate(category: &str, level: &str, who: &str) -> LaureateRow {
    LaureateRow {
        id: 1,
        publication_id: 1,
        dossier_id: 1,
        category_name: category.into(),
        category_slug: category.to_lowercase(),
        category_position: 1,
        level: level.into(),
        rank: Some(1),
        aggregate_centi: None,
        collectivite: who.into(),
        siren: None,
        departement: Some("33".into()),
        reference: "LTI-2026-0001".into(),
        title: "Projet".into(),
        summary: "Résumé".into(),
        code: "ABCD-EFGH".into(),
    }
}

#[test]
fn the_palmares_groups_laureates_by_category_and_shows_corrections() {
    let page = page("/palmares/2026");
    let edition = Edition::example();
    let laureates = vec![
        laureate("Climat", "or", "Bordeaux"),
        laureate("Climat", "argent", "Rennes"),
        laureate("Numérique", "or", "Nantes"),
    ];
    let view = Palmares::new(
        &page,
        &edition,
        publication(2, "Rennes retiré"),
        vec![publication(2, "Rennes retiré"), publication(1, "")],
        laureates,
    );
    assert_eq!(view.groups.len(), 2);
    assert_eq!(view.groups[0].rows.len(), 2);
    let html = view.html();
    let html = html.text().unwrap();
    assert!(
        html.contains("Ce palmarès a été corrigé")
            && html.contains(" : Rennes retiré")
            && html.contains(" : publication initiale")
    );
    assert!(html.contains(r#"<span class="badge badge-argent">Argent</span> <strong>Rennes</strong> <span class="muted">(33)</span>"#), "{html}");

    let index = PalmaresIndex {
        page: &page,
        years: vec![PublishedYear { edition: edition.clone(), publication: publication(2, "x") }],
    };
    let html = index.html();
    let html = html.text().unwrap();
    assert!(html.contains(r#"<a href="/palmares/2026">"#) && html.contains(", version 2"), "{html}");
    let none = PalmaresIndex { page: &page, years: Vec::new() }.html();
    assert!(none.text().unwrap().contains("Aucun palmarès n’est encore publié."));
}

#[test]
fn a_certificate_is_authentic_replaced_or_unknown() {
    let page = page("/certificats/ABCD-EFGH");
    let verified = |current| Verified {
        laureate: laureate("Climat", "or", "Bordeaux"),
        publication: publication(1, ""),
        current,
        latest_version: Some(2),
        edition_title: "Label 2026".into(),
        year: 2026,
    };
    let html = CertificatePage { page: &page, code: "ABCD-EFGH".into(), found: Some(verified(true)) }.html();
    let html = html.text().unwrap();
    assert!(html.contains("Certificat authentique") && html.contains(r#"href="/certificats/ABCD-EFGH.pdf""#));
    let html = CertificatePage { page: &page, code: "ABCD-EFGH".into(), found: Some(verified(false)) }.html();
    let html = html.text().unwrap();
    assert!(html.contains("Certificat remplacé") && html.contains("(version 2)") && !html.contains(".pdf"));
    let html = CertificatePage { page: &page, code: "ZZZ".into(), found: None }.html();
    assert!(html.text().unwrap().contains("Aucun certificat du label ne porte le code « ZZZ »"));
}
