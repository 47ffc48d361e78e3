//! What a form page needs to re-render: the values typed and the French messages per field.
//!
//! Form structs keep every field as a `String` with a default, so Rocket never rejects a
//! submission with English messages; handlers convert the strings into domain types and
//! collect the errors here. Templates use the form macros of `templates/macros.html`.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Default, Clone, Serialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, Vec<String>>,
    /// Every error in the order it was found (validate in the order of the form), for the
    /// summary at the top of the page.
    pub summary: Vec<FieldError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FormState {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps a typed value for re-display (never use this for passwords), without the control
    /// characters that were refused (see `web::text`).
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.values.insert(field.to_string(), super::text::strip_controls(value));
        self
    }

    /// The value kept for `field`, or "".
    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or_default()
    }

    /// The errors found on `field`, in order.
    pub fn errors_of(&self, field: &str) -> &[String] {
        self.errors.get(field).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.get(field).is_some_and(|e| !e.is_empty())
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        self.errors.entry(field.to_string()).or_default().push(message.clone());
        self.summary.push(FieldError { field: field.to_string(), message });
    }

    /// Records `result`'s error under `field` and returns its value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.error(field, msg);
                None
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_errors_per_field() {
        let mut form = FormState::new().keep("email", "x");
        assert!(!form.has_errors());
        assert_eq!(form.check::<u8>("email", Err("mauvais")), None);
        assert_eq!(form.check("name", Ok(3)), Some(3));
        assert!(form.has_errors());
        assert_eq!(form.errors["email"], vec!["mauvais".to_string()]);
        assert_eq!(form.values["email"], "x");
        form.error("a_field", "second");
        let order: Vec<_> = form.summary.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(order, ["email", "a_field"], "the summary keeps the order of discovery");
    }
}
