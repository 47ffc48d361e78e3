//! The dossier's form: its fields as typed, its sections and their labels, and the
//! conversion into stored values with every French error message at once.

use serde::{Deserialize, Serialize};

pub const SUMMARY_MAX: usize = 600;
pub const TITLE_MAX: usize = 200;
pub const SECTION_MAX: usize = 6000;
pub const SHORT_MAX: usize = 1000;

/// The content of a dossier as typed (every field a string), in the order of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, rocket::FromForm)]
pub struct DossierFields {
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub category: String,
    #[field(default = String::new())]
    pub summary: String,
    #[field(default = String::new())]
    pub context: String,
    #[field(default = String::new())]
    pub objectives: String,
    #[field(default = String::new())]
    pub realisation: String,
    #[field(default = String::new())]
    pub results: String,
    #[field(default = String::new())]
    pub innovation: String,
    #[field(default = String::new())]
    pub reproducibility: String,
    #[field(default = String::new())]
    pub sobriety: String,
    #[field(default = String::new())]
    pub participation: String,
    #[field(default = String::new())]
    pub budget_euros: String,
    #[field(default = String::new())]
    pub funding: String,
    #[field(default = String::new())]
    pub partners: String,
    #[field(default = String::new())]
    pub project_state: String,
    #[field(default = String::new())]
    pub start_date: String,
    #[field(default = String::new())]
    pub video_url: String,
    #[field(default = String::new())]
    pub contact_name: String,
    #[field(default = String::new())]
    pub contact_email: String,
    #[field(default = String::new())]
    pub contact_phone: String,
}

/// A text section of the dossier: field name, French label, and the hint shown to applicants.
pub struct Section {
    pub field: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

pub const SECTIONS: [Section; 8] = [
    Section {
        field: "context",
        label: "Contexte et besoins",
        hint: "La situation de départ, les besoins des usagers ou des services.",
    },
    Section {
        field: "objectives",
        label: "Objectifs",
        hint: "Ce que le projet cherche à obtenir, si possible mesurable.",
    },
    Section {
        field: "realisation",
        label: "Ce qui a été réalisé et comment",
        hint: "Les étapes, les outils, l’organisation, les équipes mobilisées.",
    },
    Section {
        field: "results",
        label: "Résultats et impact mesuré",
        hint: "Indicateurs, chiffres d’usage, effets observés.",
    },
    Section {
        field: "innovation",
        label: "Caractère innovant",
        hint: "Ce qui distingue le projet de ce qui se fait ailleurs.",
    },
    Section {
        field: "reproducibility",
        label: "Reproductibilité",
        hint: "Comment d’autres collectivités peuvent le reprendre : licence, documentation, mutualisation.",
    },
    Section {
        field: "sobriety",
        label: "Sobriété environnementale",
        hint: "Choix techniques sobres, durée de vie des équipements, mesure de l’empreinte.",
    },
    Section {
        field: "participation",
        label: "Implication des usagers et des habitants",
        hint: "Comment les usagers ont été associés à la conception et à l’évaluation.",
    },
];

pub const PROJECT_STATES: [(&str, &str); 3] =
    [("idea", "À l’état d’idée"), ("in_progress", "En cours de réalisation"), ("deployed", "Déployé")];

/// A dossier's content converted into the values stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DossierContent {
    pub title: String,
    pub category_slug: String,
    pub summary: String,
    pub sections: [String; 8],
    pub budget_euros: Option<i64>,
    pub funding: String,
    pub partners: String,
    pub project_state: Option<String>,
    pub start_date: Option<String>,
    pub video_url: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl DossierFields {
    fn section(&self, field: &str) -> &str {
        match field {
            "context" => &self.context,
            "objectives" => &self.objectives,
            "realisation" => &self.realisation,
            "results" => &self.results,
            "innovation" => &self.innovation,
            "reproducibility" => &self.reproducibility,
            "sobriety" => &self.sobriety,
            "participation" => &self.participation,
            _ => "",
        }
    }

    /// Every field as (name, value), for re-displaying the form.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs =
            vec![("title", self.title.as_str()), ("category", &self.category), ("summary", &self.summary)];
        pairs.extend(SECTIONS.iter().map(|s| (s.field, self.section(s.field))));
        pairs.extend([
            ("budget_euros", self.budget_euros.as_str()),
            ("funding", &self.funding),
            ("partners", &self.partners),
            ("project_state", &self.project_state),
            ("start_date", &self.start_date),
            ("video_url", &self.video_url),
            ("contact_name", &self.contact_name),
            ("contact_email", &self.contact_email),
            ("contact_phone", &self.contact_phone),
        ]);
        pairs
    }

    /// Converts what was typed. `complete` asks for a dossier ready to submit (every required
    /// field present); otherwise only the format of what was typed is checked (a draft).
    /// Errors come as (field, French message), in the order of the form, all at once.
    pub fn validate(
        &self,
        category_slugs: &[&str],
        complete: bool,
    ) -> Result<DossierContent, Vec<(&'static str, String)>> {
        let mut errors: Vec<(&'static str, String)> = Vec::new();
        let mut required = |field: &'static str, value: &str, message: &str| {
            if complete && value.trim().is_empty() {
                errors.push((field, message.to_string()));
            }
        };
        required("title", &self.title, "Indiquez le titre du projet.");
        required("category", &self.category, "Choisissez une catégorie.");
        required("summary", &self.summary, "Rédigez un résumé du projet.");
        for s in &SECTIONS {
            required(s.field, self.section(s.field), &format!("Complétez la rubrique « {} ».", s.label));
        }
        required("budget_euros", &self.budget_euros, "Indiquez le budget du projet, en euros.");
        required("funding", &self.funding, "Indiquez le plan de financement.");
        required("project_state", &self.project_state, "Indiquez où en est le projet.");
        required("start_date", &self.start_date, "Indiquez le mois de démarrage du projet.");
        required("contact_name", &self.contact_name, "Indiquez le nom de la personne référente.");
        required(
            "contact_email",
            &self.contact_email,
            "Indiquez l’adresse électronique de la personne référente.",
        );
        required("contact_phone", &self.contact_phone, "Indiquez le téléphone de la personne référente.");

        let mut too_long = |field: &'static str, value: &str, max: usize| {
            let n = value.trim().chars().count();
            if n > max {
                errors.push((field, format!("{n} caractères : {max} au maximum.")));
            }
        };
        too_long("title", &self.title, TITLE_MAX);
        too_long("summary", &self.summary, SUMMARY_MAX);
        for s in &SECTIONS {
            too_long(s.field, self.section(s.field), SECTION_MAX);
        }
        for (field, value) in [
            ("funding", &self.funding),
            ("partners", &self.partners),
            ("contact_name", &self.contact_name),
            ("contact_email", &self.contact_email),
            ("contact_phone", &self.contact_phone),
            ("video_url", &self.video_url),
        ] {
            too_long(field, value, SHORT_MAX);
        }

        let category = self.category.trim();
        if !category.is_empty() && !category_slugs.contains(&category) {
            errors.push(("category", "Choisissez une catégorie de la liste.".into()));
        }
        let budget = match parse_euros(&self.budget_euros) {
            Ok(b) => b,
            Err(message) => {
                errors.push(("budget_euros", message.into()));
                None
            }
        };
        let project_state = self.project_state.trim();
        if !project_state.is_empty() && !PROJECT_STATES.iter().any(|(v, _)| *v == project_state) {
            errors.push(("project_state", "Choisissez un état d’avancement de la liste.".into()));
        }
        let start = self.start_date.trim();
        if !start.is_empty() && !is_year_month(start) {
            errors.push(("start_date", "Indiquez le mois au format AAAA-MM, par exemple 2025-09.".into()));
        }
        let video = self.video_url.trim();
        if !video.is_empty() && !is_web_url(video) {
            errors.push(("video_url", "Indiquez une adresse web complète, commençant par https://.".into()));
        }
        let email = self.contact_email.trim();
        if !email.is_empty() {
            if let Err(message) = crate::accounts::model::Email::parse(email) {
                errors.push(("contact_email", message.into()));
            }
        }
        let phone = self.contact_phone.trim();
        if !phone.is_empty() && !is_phone(phone) {
            errors.push((
                "contact_phone",
                "Indiquez un numéro de téléphone, par exemple 01 23 45 67 89.".into(),
            ));
        }

        if !errors.is_empty() {
            let order: Vec<&str> = self.pairs().iter().map(|(f, _)| *f).collect();
            errors.sort_by_key(|(f, _)| order.iter().position(|o| o == f).unwrap_or(usize::MAX));
            return Err(errors);
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        Ok(DossierContent {
            title: self.title.trim().to_string(),
            category_slug: category.to_string(),
            summary: self.summary.trim().to_string(),
            sections: SECTIONS.map(|s| self.section(s.field).trim().to_string()),
            budget_euros: budget,
            funding: self.funding.trim().to_string(),
            partners: self.partners.trim().to_string(),
            project_state: opt(project_state),
            start_date: opt(start),
            video_url: video.to_string(),
            contact_name: self.contact_name.trim().to_string(),
            contact_email: email.to_lowercase(),
            contact_phone: phone.to_string(),
        })
    }
}

/// `12 500`, `12500 €`, `12 500,00` → 12 500 euros.
pub fn parse_euros(input: &str) -> Result<Option<i64>, &'static str> {
    let cleaned: String = input
        .trim()
        .trim_end_matches('€')
        .trim_end_matches("euros")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202F}' && *c != '\u{A0}' && *c != '.')
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let integer = match cleaned.split_once(',') {
        Some((int, cents)) if cents.chars().all(|c| c == '0') && !cents.is_empty() => int,
        Some(_) => return Err("Indiquez un montant en euros, sans centimes."),
        None => &cleaned,
    };
    match integer.parse::<i64>() {
        Ok(n) if (0..=10_000_000_000).contains(&n) => Ok(Some(n)),
        Ok(_) => Err("Le montant doit être positif et réaliste."),
        Err(_) => Err("Indiquez un montant en chiffres, par exemple 12 500."),
    }
}

fn is_year_month(s: &str) -> bool {
    let Some((y, m)) = s.split_once('-') else { return false };
    y.len() == 4
        && m.len() == 2
        && y.parse::<i32>().is_ok_and(|y| (1990..=2100).contains(&y))
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn is_web_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    s.chars().all(|c| c.is_ascii_digit() || " .-+()".contains(c)) && (8..=15).contains(&digits)
}

/// The French label of a dossier form field (as in [`DossierFields::pairs`]).
pub fn field_label(field: &str) -> &str {
    if let Some(s) = SECTIONS.iter().find(|s| s.field == field) {
        return s.label;
    }
    match field {
        "title" => "Titre du projet",
        "category" => "Catégorie",
        "summary" => "Résumé",
        "budget_euros" => "Budget (euros)",
        "funding" => "Financement",
        "partners" => "Partenaires",
        "project_state" => "État du projet",
        "start_date" => "Date de démarrage",
        "video_url" => "Vidéo",
        "contact_name" => "Nom du contact",
        "contact_email" => "Adresse électronique du contact",
        "contact_phone" => "Téléphone du contact",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLUGS: [&str; 2] = ["innovation-citoyenne", "numerique-responsable"];

    fn complete() -> DossierFields {
        DossierFields {
            title: "Budget participatif".into(),
            category: "innovation-citoyenne".into(),
            summary: "Un résumé.".into(),
            context: "c".into(),
            objectives: "o".into(),
            realisation: "r".into(),
            results: "r".into(),
            innovation: "i".into(),
            reproducibility: "r".into(),
            sobriety: "s".into(),
            participation: "p".into(),
            budget_euros: "12 500 €".into(),
            funding: "Fonds propres".into(),
            partners: String::new(),
            project_state: "deployed".into(),
            start_date: "2025-09".into(),
            video_url: String::new(),
            contact_name: "Anne Martin".into(),
            contact_email: "Anne.Martin@Mairie.fr".into(),
            contact_phone: "01 23 45 67 89".into(),
        }
    }

    #[test]
    fn a_complete_dossier_validates() {
        let content = complete().validate(&SLUGS, true).unwrap();
        assert_eq!(content.budget_euros, Some(12_500));
        assert_eq!(content.contact_email, "anne.martin@mairie.fr");
        assert_eq!(content.sections[0], "c");
    }

    #[test]
    fn an_empty_draft_is_fine_but_cannot_be_submitted() {
        let empty = <DossierFields as Default>::default();
        assert!(empty.validate(&SLUGS, false).is_ok());
        let errors = empty.validate(&SLUGS, true).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields.len(), 3 + 8 + 7);
        assert_eq!(fields[0], "title");
        assert_eq!(*fields.last().unwrap(), "contact_phone");
        assert!(errors.iter().any(|(_, m)| m.contains("« Résultats et impact mesuré »")));
    }

    #[test]
    fn every_format_error_is_listed_at_once() {
        let mut f = complete();
        f.summary = "é".repeat(601);
        f.budget_euros = "beaucoup".into();
        f.start_date = "septembre".into();
        f.video_url = "javascript:alert(1)".into();
        f.contact_phone = "abc".into();
        f.category = "autre".into();
        let errors = f.validate(&SLUGS, false).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["category", "summary", "budget_euros", "start_date", "video_url", "contact_phone"]
        );
        assert!(errors[1].1.contains("601 caractères"));
    }

    #[test]
    fn euros_in_french_notations() {
        assert_eq!(parse_euros("12 500"), Ok(Some(12_500)));
        assert_eq!(parse_euros("12\u{202F}500 €"), Ok(Some(12_500)));
        assert_eq!(parse_euros("1.250.000,00"), Ok(Some(1_250_000)));
        assert_eq!(parse_euros(""), Ok(None));
        assert!(parse_euros("12,50").is_err());
        assert!(parse_euros("-3").is_err());
    }
}
