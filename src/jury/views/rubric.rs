//! The organiser's rubric page: read-only once locked, else the form editing it.

use askama::Template;

use super::{tabs, Tab};
use crate::editions::admin_base;
use crate::editions::model::Edition;
use crate::web::page::Page;

/// A criterion as typed (or as stored, in the form's words).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub weight: String,
    pub eliminatory_below: String,
    pub anchors: Vec<String>,
}

/// The description of one level of the scale.
pub struct Anchor {
    pub level: i64,
    pub text: String,
}

/// A criterion of the page, with as many anchors as the scale has levels and its errors.
pub struct CriterionLine {
    pub index: usize,
    pub draft: Draft,
    pub anchors: Vec<Anchor>,
    pub is_new: bool,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "jury/admin_rubric.html")]
pub struct RubricPage<'a> {
    pub page: &'a Page,
    pub tabs: Vec<Tab>,
    pub edition: Edition,
    pub base: String,
    pub scale_min: String,
    pub scale_max: String,
    pub criteria: Vec<CriterionLine>,
    pub general_errors: Vec<String>,
    pub error_count: usize,
    pub locked: bool,
    pub total_weight: i64,
    /// The version the form carries (see `web::stale`).
    pub version: String,
}

/// How many levels a scale has (6 when it is not a valid one, so the form stays usable).
pub fn level_count(min: i64, max: i64) -> usize {
    if max >= min && max - min <= 20 {
        (max - min + 1) as usize
    } else {
        6
    }
}

impl<'a> RubricPage<'a> {
    /// `errors`: each problem with the index of its criterion (None: the whole rubric). An
    /// editable rubric ends with a blank criterion to add.
    pub fn new(
        page: &'a Page,
        edition: Edition,
        scale: (String, String),
        items: Vec<Draft>,
        errors: &[(Option<usize>, String)],
        locked: bool,
        version: String,
    ) -> Self {
        let (min, max) = (scale.0.trim().parse().unwrap_or(0), scale.1.trim().parse().unwrap_or(5));
        let levels = level_count(min, max);
        let anchors = |texts: &[String]| -> Vec<Anchor> {
            (0..levels)
                .map(|l| Anchor { level: min + l as i64, text: texts.get(l).cloned().unwrap_or_default() })
                .collect()
        };
        let total_weight = items.iter().filter_map(|c| c.weight.trim().parse::<i64>().ok()).sum();
        let mut criteria: Vec<CriterionLine> = items
            .into_iter()
            .enumerate()
            .map(|(i, draft)| CriterionLine {
                index: i,
                anchors: anchors(&draft.anchors),
                draft,
                is_new: false,
                errors: errors.iter().filter(|(at, _)| *at == Some(i)).map(|(_, m)| m.clone()).collect(),
            })
            .collect();
        if !locked {
            criteria.push(CriterionLine {
                index: criteria.len(),
                draft: Draft { weight: "10".into(), ..Draft::default() },
                anchors: anchors(&[]),
                is_new: true,
                errors: Vec::new(),
            });
        }
        RubricPage {
            page,
            tabs: tabs(page, Some(edition.year)),
            base: admin_base(edition.year),
            edition,
            scale_min: scale.0,
            scale_max: scale.1,
            criteria,
            general_errors: errors.iter().filter(|(at, _)| at.is_none()).map(|(_, m)| m.clone()).collect(),
            error_count: errors.len(),
            locked,
            total_weight,
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jury::views::tests::page;
    use crate::web::view::View;

    fn draft(name: &str, weight: &str) -> Draft {
        Draft { slug: name.to_lowercase(), name: name.into(), weight: weight.into(), ..Draft::default() }
    }

    #[test]
    fn editable_rubric_adds_a_blank_criterion_and_places_errors() {
        let page = page("/admin/editions/2026/jury/grille");
        let errors =
            [(Some(1), "Le poids est un entier de 1 à 1 000.".to_string()), (None, "Échelle.".into())];
        let view = RubricPage::new(
            &page,
            Edition::example(),
            ("1".into(), "3".into()),
            vec![draft("Impact", "30"), draft("Coût", "lourd")],
            &errors,
            false,
            "4".into(),
        );
        assert_eq!(view.criteria.len(), 3);
        assert_eq!(view.criteria[2].anchors.iter().map(|a| a.level).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(view.total_weight, 30);
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("La grille contient 2 erreurs"), "{html}");
        assert!(html.contains(r##"<a href="#critere-1">Coût : Le poids est un entier de 1 à 1 000.</a>"##));
        assert!(html.contains(r#"id="version" value="4""#));
        assert!(html.contains("Ajouter un critère"));
        assert!(html.contains(r#"name="criteria[2].anchors[2]""#));
    }

    #[test]
    fn locked_rubric_is_read_only() {
        let page = page("/admin/editions/2026/jury/grille");
        let mut d = draft("Impact", "30");
        d.eliminatory_below = "2".into();
        let view = RubricPage::new(
            &page,
            Edition::example(),
            ("0".into(), "5".into()),
            vec![d],
            &[],
            true,
            String::new(),
        );
        let html = view.html();
        let html = html.text().unwrap();
        assert!(html.contains("La grille est verrouillée"));
        assert!(
            html.contains("1. Impact <span class=\"muted\">— poids 30, éliminatoire sous 2</span>"),
            "{html}"
        );
        assert!(!html.contains("<form"));
    }
}
