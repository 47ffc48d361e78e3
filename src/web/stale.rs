//! No silent overwrite. A form that several people may edit carries, in a hidden field, the
//! version of what it was opened at; the save compares it in its UPDATE (inside the write
//! transaction) and increments it. A save from an older version is refused: the page shows,
//! field by field, what this person typed beside what is stored now, keeps what they typed,
//! and carries the new version so that saving again (after merging) goes through.

use super::forms::FormState;

/// The name of the hidden field, and of the anchor where the refusal is shown.
pub const FIELD: &str = "version";

/// A stored value is shown up to this many characters.
const SHOWN: usize = 300;

/// The version a form was opened at; None when the field is absent or not a number (a form
/// from before versions existed): such a save is not checked.
pub fn parse(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|v| *v >= 0)
}

/// A field whose stored value differs from what this person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub theirs: String,
    pub stored: String,
}

/// The fields, given as (label, typed, stored now), where the two differ (surrounding
/// white space aside).
pub fn changes<I, L, T, S>(fields: I) -> Vec<Change>
where
    I: IntoIterator<Item = (L, T, S)>,
    L: Into<String>,
    T: Into<String>,
    S: Into<String>,
{
    fields
        .into_iter()
        .map(|(l, t, s)| Change { label: l.into(), theirs: t.into(), stored: s.into() })
        .filter(|c| c.theirs.trim() != c.stored.trim())
        .collect()
}

fn shown(value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return "(vide)".to_string();
    }
    let mut out: String = value.chars().take(SHOWN).collect();
    if value.chars().count() > SHOWN {
        out.push('…');
    }
    format!("« {out} »")
}

/// The French messages of a refusal: what happened, then one line per differing field.
pub fn messages(changes: &[Change]) -> Vec<String> {
    let mut out = vec![if changes.is_empty() {
        "Ce formulaire a été enregistré par quelqu’un d’autre depuis que vous l’avez ouvert, avec les mêmes valeurs que les vôtres : rien n’a été enregistré. Enregistrez de nouveau pour confirmer.".to_string()
    } else {
        "Ce formulaire a été enregistré par quelqu’un d’autre depuis que vous l’avez ouvert : votre saisie n’a pas été enregistrée, pour ne pas effacer la sienne. Vos valeurs sont conservées ci-dessous ; reprenez ce qui a changé entre-temps, puis enregistrez de nouveau.".to_string()
    }];
    out.extend(changes.iter().map(|c| {
        format!(
            "{} — votre saisie : {} ; enregistré entre-temps : {}.",
            c.label,
            shown(&c.theirs),
            shown(&c.stored)
        )
    }));
    out
}

/// Records the refusal in the form that is re-rendered with what this person typed.
pub fn refuse(form: &mut FormState, changes: &[Change]) {
    for message in messages(changes) {
        form.error(FIELD, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_field_is_a_non_negative_number_or_absent() {
        assert_eq!(parse("3"), Some(3));
        assert_eq!(parse(" 0 "), Some(0));
        assert_eq!(parse(""), None);
        assert_eq!(parse("-1"), None);
        assert_eq!(parse("abc"), None);
    }

    #[test]
    fn only_differing_fields_are_listed_with_both_values() {
        let found = changes([("Titre", "Mon titre", "Leur titre"), ("Résumé", "Pareil ", "Pareil")]);
        assert_eq!(found.len(), 1);
        let lines = messages(&found);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("quelqu’un d’autre"));
        assert_eq!(
            lines[1],
            "Titre — votre saisie : « Mon titre » ; enregistré entre-temps : « Leur titre »."
        );
        let empty = messages(&changes([("Budget", "", "12")]));
        assert!(empty[1].contains("(vide)"));
    }

    #[test]
    fn a_refusal_is_shown_under_the_version_field() {
        let mut form = FormState::new().keep("title", "Mon titre");
        refuse(&mut form, &changes([("Titre", "Mon titre", "Leur titre")]));
        assert_eq!(form.errors[FIELD].len(), 2);
        assert_eq!(form.values["title"], "Mon titre", "what was typed is kept");
    }
}
