//! Text is clean at the door: control characters (Unicode category Cc: NUL, escape, DEL…)
//! have no place in what people type. PostgreSQL refuses NUL outright (a 500 before this),
//! SQLite would store it, and neither is what anyone meant. Tab, line feed and carriage return
//! are allowed in multi-line fields only (a browser sends a line break as "\r\n").
//!
//! `CsrfForm` checks every field of every form with [`refused`] (see `web::csrf`); query
//! parameters that are free text use [`QueryText`].

use rocket::form::{self, FromFormField, ValueField};

/// The message shown next to a field that held a control character.
pub const CONTROL_MESSAGE: &str = "Ce champ contient un caractère non autorisé (caractère de contrôle).";

/// The fields, named as in the form, that are typed in a `<textarea>` (the last segment of
/// the name, without index: `dossier.summary`, `commentaire[12]`, `criteria[0].description`).
/// A unit test checks this list against the templates.
const MULTILINE: &[&str] = &[
    "summary",
    "context",
    "objectives",
    "realisation",
    "results",
    "innovation",
    "reproducibility",
    "sobriety",
    "participation",
    "funding",
    "partners",
    "description",
    "signatories",
    "justification",
    "note",
    "reason",
    "overall_comment",
    "commentaire",
];

/// Whether the form field `name` is a multi-line text.
pub fn is_multiline_field(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    let last = last.split('[').next().unwrap_or(last);
    MULTILINE.contains(&last)
}

/// Whether `c` may not appear in a field (multi-line or not).
pub fn is_forbidden(c: char, multiline: bool) -> bool {
    c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r'))
}

/// Whether `value` holds a character a field of this kind refuses.
pub fn refused(value: &str, multiline: bool) -> bool {
    value.chars().any(|c| is_forbidden(c, multiline))
}

/// `value` without the characters no field accepts, to show back what was typed.
pub fn strip_controls(value: &str) -> String {
    value.chars().filter(|c| !is_forbidden(*c, true)).collect()
}

/// A free-text query parameter (`?q=`): never fails to parse, so a bad value is reported on
/// the page next to the search box instead of failing the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryText {
    typed: String,
    refused: bool,
}

impl QueryText {
    pub fn new(value: &str) -> QueryText {
        QueryText { typed: strip_controls(value), refused: refused(value, false) }
    }

    /// The text to act on: empty when it held a control character.
    pub fn as_str(&self) -> &str {
        if self.refused {
            ""
        } else {
            &self.typed
        }
    }

    /// What was typed, control characters removed, to put back in the search box.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// The French message to show next to the box, if the text was refused.
    pub fn error(&self) -> Option<&'static str> {
        self.refused.then_some(CONTROL_MESSAGE)
    }
}

/// An optional parameter as text to act on.
pub fn query_str(q: &Option<QueryText>) -> &str {
    q.as_ref().map_or("", QueryText::as_str)
}

/// The message for an optional parameter, if refused.
pub fn query_error(q: &Option<QueryText>) -> Option<&'static str> {
    q.as_ref().and_then(QueryText::error)
}

#[rocket::async_trait]
impl<'v> FromFormField<'v> for QueryText {
    fn from_value(field: ValueField<'v>) -> form::Result<'v, Self> {
        Ok(QueryText::new(field.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_refused_except_line_breaks_in_multiline_fields() {
        for bad in ["a\u{0}b", "\u{1b}[31m", "x\u{7f}", "\u{85}", "\u{9f}"] {
            assert!(refused(bad, false) && refused(bad, true), "{bad:?}");
        }
        for multi in ["ligne 1\r\nligne 2", "a\tb", "a\nb", "a\rb"] {
            assert!(refused(multi, false), "{multi:?} in a single-line field");
            assert!(!refused(multi, true), "{multi:?} in a multi-line field");
        }
        for ok in ["", "Élodie Lefèvre — œuvre", "l’été « ici »", "\u{200b}", "😀"] {
            assert!(!refused(ok, false), "{ok:?}");
        }
    }

    #[test]
    fn multiline_fields_are_named_by_their_last_segment() {
        for name in
            ["dossier.summary", "commentaire[12]", "criteria[0].description", "overall_comment", "reason"]
        {
            assert!(is_multiline_field(name), "{name}");
        }
        for name in ["email", "dossier.title", "criteria[0].name", "q", "password"] {
            assert!(!is_multiline_field(name), "{name}");
        }
    }

    /// Every `<textarea>` of the templates is known as multi-line here.
    #[test]
    fn every_textarea_of_the_templates_is_multiline() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut templates = Vec::new();
        walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")), &mut templates);
        let mut names = Vec::new();
        for text in &templates {
            for (i, _) in text.match_indices("<textarea") {
                let tag = &text[i..i + text[i..].find('>').unwrap()];
                let start = tag.find(" name=\"").unwrap() + 7;
                names.push(tag[start..start + tag[start..].find('"').unwrap()].to_string());
            }
            for (i, _) in text.match_indices("m::textarea(") {
                let call = &text[i..i + text[i..].find(')').unwrap()];
                let value = match call.find("name=") {
                    Some(start) => {
                        let value = &call[start + 5..];
                        value[..value.find(',').unwrap()].trim_matches('"')
                    }
                    // askama: `m::textarea(form, "name", …)`.
                    None => call.split(',').nth(1).unwrap().trim().trim_matches('"'),
                };
                names.push(value.to_string());
            }
        }
        assert!(names.len() > 10, "{names:?}");
        for name in names {
            // Template expressions: `{{ prefix }}{{ name }}`, `s.field`, `criteria[{{ i }}]…`.
            let name = name.replace("{{ i }}", "0").replace("{{ c.id }}", "1");
            if name.contains("{{") {
                continue;
            }
            if name == "s.field" {
                for s in crate::applications::model::SECTIONS.iter() {
                    assert!(is_multiline_field(s.field), "section {}", s.field);
                }
                continue;
            }
            assert!(is_multiline_field(&name), "textarea {name} is not listed in MULTILINE");
        }
    }

    #[test]
    fn a_refused_query_acts_on_nothing_and_shows_what_was_typed() {
        let q = QueryText::new("saint\u{0}etienne");
        assert_eq!((q.as_str(), q.typed(), q.error()), ("", "saintetienne", Some(CONTROL_MESSAGE)));
        let q = QueryText::new("saint etienne");
        assert_eq!((q.as_str(), q.error()), ("saint etienne", None));
    }

    proptest! {
        #[test]
        fn what_is_kept_is_never_refused(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f a-z]*") {
            prop_assert!(!refused(&strip_controls(&s), true));
            prop_assert_eq!(refused(&s, true), strip_controls(&s) != s);
        }
    }
}
