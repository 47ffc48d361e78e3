//! Organisers edit the edition's rubric (scale, criteria, weights, anchors, eliminatory
//! thresholds) until the first review is submitted; then it is locked and shown read-only.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{get, post, routes, Route, State};
use rocket_db_pools::Connection;

use crate::accounts::Organiser;
use crate::db::Db;
use crate::editions::{admin_base, named};
use crate::error::AppResult;
use crate::jury::core::rubric::{Criterion, Rubric};
use crate::jury::repo::criteria;
use crate::jury::service;
use crate::jury::views::rubric::{level_count, Draft, RubricPage};
use crate::reference::search::normalise;
use crate::web::csrf::CsrfForm;
use crate::web::page::Page;
use crate::web::stale;
use crate::web::view::{Html, View};
use crate::web::Reply;

pub fn routes() -> Vec<Route> {
    routes![page, save]
}

#[derive(Debug, Default, FromForm)]
struct CriterionForm {
    #[field(default = String::new())]
    slug: String,
    #[field(default = String::new())]
    name: String,
    #[field(default = String::new())]
    description: String,
    #[field(default = String::new())]
    weight: String,
    #[field(default = String::new())]
    eliminatory_below: String,
    #[field(default = Vec::new())]
    anchors: Vec<String>,
    #[field(default = String::new())]
    remove: String,
}

#[derive(Debug, FromForm)]
struct RubricForm {
    /// The version the form was opened at (see `web::stale`).
    #[field(default = String::new())]
    version: String,
    #[field(default = String::new())]
    scale_min: String,
    #[field(default = String::new())]
    scale_max: String,
    #[field(default = Vec::new())]
    criteria: Vec<CriterionForm>,
}

/// The criteria as the page shows them.
fn drafts(items: &[CriterionForm]) -> Vec<Draft> {
    items
        .iter()
        .map(|c| Draft {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            weight: c.weight.clone(),
            eliminatory_below: c.eliminatory_below.clone(),
            anchors: c.anchors.clone(),
        })
        .collect()
}

fn to_forms(rubric: &Rubric) -> Vec<CriterionForm> {
    rubric
        .criteria
        .iter()
        .map(|c| CriterionForm {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            weight: c.weight.to_string(),
            eliminatory_below: c.eliminatory_below.map(|t| t.to_string()).unwrap_or_default(),
            anchors: c.anchors.clone(),
            remove: String::new(),
        })
        .collect()
}

#[get("/admin/editions/<year>/jury/grille")]
async fn page(_o: Organiser, page: Page, mut conn: Connection<Db>, year: i64) -> AppResult<Html> {
    let edition = named(&mut conn, year).await?;
    let (rubric, _) = criteria::rubric(&mut conn, &edition).await?;
    let locked = criteria::is_locked(&mut conn, edition.id).await?;
    let scale = (rubric.scale_min.to_string(), rubric.scale_max.to_string());
    let version = criteria::version(&mut conn, edition.id).await?;
    let items = drafts(&to_forms(&rubric));
    Ok(RubricPage::new(&page, edition, scale, items, &[], locked, version.to_string()).html())
}

/// A slug for a new criterion, from its name, unique among `taken`.
fn new_slug(name: &str, taken: &[String]) -> String {
    let base: String = normalise(name).split(' ').take(4).collect::<Vec<_>>().join("-");
    let base = if base.is_empty() { "critere".to_string() } else { base };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

/// Reads the form into a rubric, with every problem found (parse errors and the rubric's own).
/// Problems found in a rubric, with the index of the criterion concerned (None: the whole rubric).
type Problems = Vec<(Option<usize>, String)>;

fn read(form: &RubricForm) -> (Vec<CriterionForm>, Rubric, Problems) {
    let mut errors = Vec::new();
    let min = form.scale_min.trim().parse::<i64>();
    let max = form.scale_max.trim().parse::<i64>();
    if min.is_err() || max.is_err() {
        errors.push((
            None,
            "Les notes minimale et maximale de l’échelle sont des nombres entiers.".to_string(),
        ));
    }
    let (min, max) = (min.unwrap_or(0), max.unwrap_or(5));
    let levels = level_count(min, max);
    // Kept criteria: not removed, and not the blank "new criterion" fieldset.
    let kept: Vec<CriterionForm> = form
        .criteria
        .iter()
        .filter(|c| c.remove != "oui")
        .filter(|c| {
            !(c.slug.is_empty()
                && c.name.trim().is_empty()
                && c.description.trim().is_empty()
                && c.anchors.iter().all(|a| a.trim().is_empty()))
        })
        .map(|c| CriterionForm {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            weight: c.weight.clone(),
            eliminatory_below: c.eliminatory_below.clone(),
            anchors: (0..levels).map(|l| c.anchors.get(l).cloned().unwrap_or_default()).collect(),
            remove: String::new(),
        })
        .collect();
    let mut taken: Vec<String> = kept.iter().filter(|c| !c.slug.is_empty()).map(|c| c.slug.clone()).collect();
    let mut criteria = Vec::new();
    for (i, c) in kept.iter().enumerate() {
        let weight = match c.weight.trim().parse::<u32>() {
            Ok(w) => w,
            Err(_) => {
                errors.push((Some(i), "Le poids est un entier de 1 à 1 000.".to_string()));
                0
            }
        };
        let threshold = match c.eliminatory_below.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(t) => Some(t),
                Err(_) => {
                    errors
                        .push((Some(i), "Le seuil éliminatoire est un nombre entier, ou vide.".to_string()));
                    None
                }
            },
        };
        let slug = if c.slug.is_empty() {
            let s = new_slug(&c.name, &taken);
            taken.push(s.clone());
            s
        } else {
            c.slug.clone()
        };
        criteria.push(Criterion {
            slug,
            name: c.name.trim().to_string(),
            description: c.description.trim().to_string(),
            weight,
            eliminatory_below: threshold,
            anchors: c.anchors.iter().map(|a| a.trim().to_string()).collect(),
        });
    }
    let rubric = Rubric { scale_min: min, scale_max: max, criteria };
    for (at, message) in rubric.problems() {
        // A weight that did not parse is already reported.
        if !errors.iter().any(|(a, m)| *a == at && *m == message) {
            errors.push((at, message));
        }
    }
    (kept, rubric, errors)
}

/// What differs between the rubric as typed and as stored now, criterion by criterion: shown
/// when a save from an older version is refused.
fn stale_changes(typed: &RubricForm, stored: &Rubric) -> Vec<stale::Change> {
    let mut fields = vec![
        ("Note minimale".to_string(), typed.scale_min.clone(), stored.scale_min.to_string()),
        ("Note maximale".to_string(), typed.scale_max.clone(), stored.scale_max.to_string()),
    ];
    let now = to_forms(stored);
    let typed_criteria: Vec<&CriterionForm> =
        typed.criteria.iter().filter(|c| !(c.slug.is_empty() && c.name.trim().is_empty())).collect();
    for c in &typed_criteria {
        let current = now.iter().find(|n| !c.slug.is_empty() && n.slug == c.slug);
        let label = |what: &str| format!("{what} du critère « {} »", c.name.trim());
        let Some(n) = current else {
            fields.push((label("Nom"), c.name.clone(), String::new()));
            continue;
        };
        let removed = if c.remove == "oui" { "(retiré)" } else { "" };
        fields.push((label("Nom"), format!("{}{removed}", c.name), n.name.clone()));
        fields.push((label("Description"), c.description.clone(), n.description.clone()));
        fields.push((label("Poids"), c.weight.clone(), n.weight.clone()));
        fields.push((label("Seuil éliminatoire"), c.eliminatory_below.clone(), n.eliminatory_below.clone()));
        fields.push((label("Descriptions des niveaux"), c.anchors.join(" / "), n.anchors.join(" / ")));
    }
    for n in now.iter().filter(|n| !typed_criteria.iter().any(|c| c.slug == n.slug)) {
        fields.push((format!("Critère « {} »", n.name), String::new(), n.name.clone()));
    }
    stale::changes(fields)
}

#[post("/admin/editions/<year>/jury/grille", data = "<form>")]
async fn save(
    o: Organiser,
    page: Page,
    db: &State<Db>,
    year: i64,
    form: CsrfForm<RubricForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let back = format!("{}/jury/grille", admin_base(year));
    let mut tx = db.begin_write().await?;
    let edition = named(&mut tx, year).await?;
    if criteria::is_locked(&mut tx, edition.id).await? {
        return Ok(Reply::error(
            back,
            "La grille est verrouillée : une évaluation a déjà été soumise, la modifier rendrait les notes incomparables.",
        ));
    }
    let (kept, rubric, mut errors) = read(&form);
    let mut version = form.version.trim().to_string();
    if errors.is_empty()
        && !service::edit_rubric(&mut tx, &edition, &rubric, stale::parse(&form.version)).await?
    {
        let (stored, _) = criteria::rubric(&mut tx, &edition).await?;
        errors = stale::messages(&stale_changes(&form, &stored)).into_iter().map(|m| (None, m)).collect();
        version = criteria::version(&mut tx, edition.id).await?.to_string();
    }
    if !errors.is_empty() {
        let scale = (form.scale_min.clone(), form.scale_max.clone());
        let view = RubricPage::new(&page, edition, scale, drafts(&kept), &errors, false, version);
        return Ok(Reply::status(Status::UnprocessableEntity, view.html()));
    }
    tx.commit().await?;
    tracing::info!(by = o.0.id, criteria = rubric.criteria.len(), "grille modifiée");
    Ok(Reply::success(back, "La grille d’évaluation est enregistrée."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms_of(rubric: &Rubric) -> RubricForm {
        RubricForm {
            version: String::new(),
            scale_min: rubric.scale_min.to_string(),
            scale_max: rubric.scale_max.to_string(),
            criteria: to_forms(rubric),
        }
    }

    #[test]
    fn the_default_rubric_reads_back_unchanged() {
        let rubric = Rubric::default_rubric();
        let (_, read_back, errors) = read(&forms_of(&rubric));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(read_back, rubric);
    }

    #[test]
    fn a_new_criterion_gets_a_unique_slug_and_the_blank_one_is_ignored() {
        let rubric = Rubric::default_rubric();
        let mut form = forms_of(&rubric);
        form.criteria.push(CriterionForm {
            name: "Caractère innovant".into(),
            weight: "5".into(),
            anchors: (0..6).map(|l| format!("Niveau {l}")).collect(),
            ..Default::default()
        });
        form.criteria.push(CriterionForm { weight: "10".into(), ..Default::default() });
        let (_, r, errors) = read(&form);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(r.criteria.len(), 7);
        assert_eq!(r.criteria[6].slug, "caractere-innovant");
        assert_eq!(new_slug("Caractère innovant", &["caractere-innovant".into()]), "caractere-innovant-2");
    }

    #[test]
    fn every_problem_is_reported_with_its_criterion() {
        let rubric = Rubric::default_rubric();
        let mut form = forms_of(&rubric);
        form.criteria[1].weight = "lourd".into();
        form.criteria[2].eliminatory_below = "9".into();
        form.criteria[3].remove = "oui".into();
        let (kept, _, errors) = read(&form);
        assert_eq!(kept.len(), 5);
        assert!(errors.iter().any(|(at, m)| *at == Some(1) && m.contains("poids")));
        assert!(errors.iter().any(|(at, m)| *at == Some(2) && m.contains("seuil")));
        form.scale_max = "3".into();
        let (kept, _, errors) = read(&form);
        assert_eq!(kept[0].anchors.len(), 4, "the anchors follow the scale");
        assert!(errors.iter().any(|(_, m)| m.contains("seuil")));
    }
}
