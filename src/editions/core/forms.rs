//! The edition and category forms as the browser sends them, and their validation into
//! settings, with every French error at once in the order of the form.

use super::{paris_input, parse_paris, DateError, Edition, YEARS};

pub const DEFAULT_LAUREATES: i64 = 25;

/// An error of a form, attached to the field it concerns.
pub type FieldErrors = Vec<(&'static str, String)>;

/// The edition form as the browser sent it: strings, so that nothing is refused before we can
/// explain it in French.
#[derive(Debug, Clone, Default, PartialEq, Eq, rocket::FromForm)]
pub struct EditionForm {
    #[field(default = String::new())]
    pub year: String,
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub opens_at: String,
    #[field(default = String::new())]
    pub closes_at: String,
    #[field(default = String::new())]
    pub scoring_ends_at: String,
    #[field(default = String::new())]
    pub ceremony_at: String,
    #[field(default = String::new())]
    pub ceremony_place: String,
    #[field(default = String::new())]
    pub laureates_count: String,
}

/// A valid edition's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdition {
    pub year: i64,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub scoring_ends_at: i64,
    pub ceremony_at: Option<i64>,
    pub ceremony_place: String,
    pub laureates_count: i64,
}

/// The dates of the form, with the words that name them in a message.
const DATE_FIELDS: [(&str, &str); 4] = [
    ("opens_at", "l’ouverture des candidatures"),
    ("closes_at", "la clôture des candidatures"),
    ("scoring_ends_at", "la fin de l’évaluation"),
    ("ceremony_at", "la cérémonie"),
];

fn date_message(field: &str, error: DateError) -> String {
    let what = DATE_FIELDS.iter().find(|(f, _)| *f == field).map_or("cette étape", |(_, w)| w);
    match error {
        DateError::Missing => format!("Indiquez la date et l’heure de {what}."),
        DateError::Malformed => format!(
            "La date de {what} n’est pas valide : écrivez-la par exemple 2026-03-01T09:00 ou 01/03/2026 09:00."
        ),
        DateError::OutOfRange => {
            format!("La date de {what} doit se situer entre le 1er janvier 2000 et le 31 décembre 2101.")
        }
        DateError::Skipped => format!(
            "L’heure indiquée pour {what} n’existe pas à Paris : ce jour-là, on passe à l’heure d’été et \
             les horloges avancent d’une heure. Choisissez une autre heure."
        ),
    }
}

impl EditionForm {
    /// A blank form for a new edition of `year`.
    pub fn blank(year: i64) -> EditionForm {
        EditionForm {
            year: year.to_string(),
            title: format!("Label Territoires Innovants {year}"),
            laureates_count: DEFAULT_LAUREATES.to_string(),
            ..EditionForm::default()
        }
    }

    pub fn from_edition(e: &Edition) -> EditionForm {
        EditionForm::from(&NewEdition {
            year: e.year,
            title: e.title.clone(),
            opens_at: e.opens_at,
            closes_at: e.closes_at,
            scoring_ends_at: e.scoring_ends_at,
            ceremony_at: e.ceremony_at,
            ceremony_place: e.ceremony_place.clone(),
            laureates_count: e.laureates_count,
        })
    }

    /// The fields in the order of the form, to re-display them.
    pub fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("year", &self.year),
            ("title", &self.title),
            ("opens_at", &self.opens_at),
            ("closes_at", &self.closes_at),
            ("scoring_ends_at", &self.scoring_ends_at),
            ("ceremony_at", &self.ceremony_at),
            ("ceremony_place", &self.ceremony_place),
            ("laureates_count", &self.laureates_count),
        ]
    }

    /// The settings, or every error at once in the order of the form.
    pub fn validate(&self) -> Result<NewEdition, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();

        let year = match self.year.trim() {
            "" => Err("Indiquez l’année de l’édition.".to_string()),
            y => y
                .parse::<i64>()
                .ok()
                .filter(|y| YEARS.contains(y))
                .ok_or_else(|| "L’année doit être un nombre entre 2000 et 2100.".to_string()),
        };
        let year = year.map_err(|m| errors.push(("year", m))).ok();

        let title = self.title.trim();
        match title.chars().count() {
            0 => errors.push(("title", "Indiquez le titre de l’édition.".into())),
            1..=2 | 201.. => errors.push(("title", "Le titre doit compter de 3 à 200 caractères.".into())),
            _ => {}
        }

        let mut date = |field: &'static str, value: &str| {
            parse_paris(value).map_err(|e| errors.push((field, date_message(field, e)))).ok()
        };
        let opens = date("opens_at", &self.opens_at);
        let closes = date("closes_at", &self.closes_at);
        let scoring = date("scoring_ends_at", &self.scoring_ends_at);
        // Optional: `Some(None)` when left empty, `None` when it could not be read.
        let ceremony = if self.ceremony_at.trim().is_empty() {
            Some(None)
        } else {
            date("ceremony_at", &self.ceremony_at).map(Some)
        };

        if let (Some(o), Some(c)) = (opens, closes) {
            if c <= o {
                errors.push((
                    "closes_at",
                    "La clôture des candidatures doit venir après leur ouverture.".into(),
                ));
            }
        }
        if let (Some(c), Some(s)) = (closes, scoring) {
            if s < c {
                errors.push((
                    "scoring_ends_at",
                    "La fin de l’évaluation ne peut pas précéder la clôture des candidatures.".into(),
                ));
            }
        }
        if let (Some(s), Some(Some(cer))) = (scoring, ceremony) {
            if cer <= s {
                errors.push((
                    "ceremony_at",
                    "La cérémonie doit avoir lieu après la fin de l’évaluation.".into(),
                ));
            }
        }

        let place = self.ceremony_place.trim();
        if place.chars().count() > 200 {
            errors.push(("ceremony_place", "Le lieu de la cérémonie compte 200 caractères au plus.".into()));
        }

        let laureates = match self.laureates_count.trim() {
            "" => Some(DEFAULT_LAUREATES),
            n => n.parse::<i64>().ok().filter(|n| (1..=100).contains(n)),
        };
        if laureates.is_none() {
            errors.push((
                "laureates_count",
                "Le nombre de lauréats doit être un entier entre 1 et 100.".into(),
            ));
        }

        // Rules that compare two dates are checked after the dates themselves: put every
        // message back in the order of the form (the sort is stable).
        let order = self.pairs().map(|(field, _)| field);
        errors.sort_by_key(|(field, _)| order.iter().position(|f| f == field));

        match (year, opens, closes, scoring, ceremony, laureates) {
            (
                Some(year),
                Some(opens_at),
                Some(closes_at),
                Some(scoring_ends_at),
                Some(ceremony_at),
                Some(n),
            ) if errors.is_empty() => Ok(NewEdition {
                year,
                title: title.to_string(),
                opens_at,
                closes_at,
                scoring_ends_at,
                ceremony_at,
                ceremony_place: place.to_string(),
                laureates_count: n,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&NewEdition> for EditionForm {
    fn from(e: &NewEdition) -> EditionForm {
        EditionForm {
            year: e.year.to_string(),
            title: e.title.clone(),
            opens_at: paris_input(e.opens_at),
            closes_at: paris_input(e.closes_at),
            scoring_ends_at: paris_input(e.scoring_ends_at),
            ceremony_at: e.ceremony_at.map(paris_input).unwrap_or_default(),
            ceremony_place: e.ceremony_place.clone(),
            laureates_count: e.laureates_count.to_string(),
        }
    }
}

/// The small form that renames or redescribes one category.
#[derive(Debug, Clone, Default, rocket::FromForm)]
pub struct CategoryForm {
    #[field(default = String::new())]
    pub name: String,
    #[field(default = String::new())]
    pub description: String,
}

/// A category's valid name and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryText {
    pub name: String,
    pub description: String,
}

impl CategoryForm {
    pub fn validate(&self) -> Result<CategoryText, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let name = self.name.trim();
        match name.chars().count() {
            0 => errors.push(("name", "Indiquez le nom de la catégorie.".into())),
            1..=2 | 121.. => {
                errors.push(("name", "Le nom d’une catégorie doit compter de 3 à 120 caractères.".into()))
            }
            _ => {}
        }
        let description = self.description.trim();
        if description.chars().count() > 2000 {
            errors.push(("description", "La description compte 2 000 caractères au plus.".into()));
        }
        if errors.is_empty() {
            Ok(CategoryText { name: name.to_string(), description: description.to_string() })
        } else {
            Err(errors)
        }
    }
}
