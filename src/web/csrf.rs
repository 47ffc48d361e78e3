//! CSRF protection: a random token kept in a private cookie, repeated in a hidden field
//! `csrf_token` of every state-changing form, and compared in constant time.
//!
//! `CsrfToken` (request guard) hands the token to pages that render forms; `CsrfForm<T>`
//! (data guard) parses a form and refuses it with 403 before the handler runs when the field
//! is missing or wrong. Every POST handler takes its form through `CsrfForm`, which also
//! refuses control characters in any field (see `web::text`).

use base64::Engine as _;
use rand::RngCore;
use rocket::data::{self, Data, FromData};
use std::marker::PhantomData;

use rocket::form::{Contextual, DataField, Form, FromForm, Options, ValueField};
use rocket::http::{Cookie, SameSite, Status};
use rocket::request::{self, FromRequest, Request};
use subtle::ConstantTimeEq;

use super::forms::FormState;
use super::text;
use crate::config::AppConfig;

pub const COOKIE: &str = "lt_csrf";
pub const FIELD: &str = "csrf_token";

/// The token of this browser, created on first use.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        let token = req.local_cache(|| {
            if let Some(cookie) = req.cookies().get_private(COOKIE) {
                return cookie.value().to_string();
            }
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
            let secure = req.rocket().state::<AppConfig>().is_some_and(|c| c.secure_cookies);
            req.cookies().add_private(
                Cookie::build((COOKIE, token.clone()))
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Lax)
                    .secure(secure),
            );
            token
        });
        request::Outcome::Success(CsrfToken(token.clone()))
    }
}

/// Whether `sent` is the token stored for this browser.
pub fn verify(req: &Request<'_>, sent: Option<&str>) -> bool {
    match (req.cookies().get_private(COOKIE), sent) {
        (Some(expected), Some(sent)) if !sent.is_empty() => {
            bool::from(expected.value().as_bytes().ct_eq(sent.as_bytes()))
        }
        _ => false,
    }
}

/// A form whose CSRF token was checked, and whose every field was checked for control
/// characters (see `web::text`). The form type should keep its fields as strings with
/// defaults so that parsing never fails and validation speaks French (see `web::forms`).
///
/// What happens to a field holding a control character depends on `M`:
/// - [`Refuse`] (the default): the form is refused with a French 422 page naming the field,
///   before the handler runs. Right for buttons and forms whose handler renders no fields.
/// - [`Report`]: the handler receives the field names with [`CsrfForm::into_parts`] and shows
///   the message next to each field, keeping what was typed ([`Refused::report`]).
#[derive(Debug)]
pub struct CsrfForm<T, M: Mode = Refuse> {
    value: T,
    refused: Refused,
    mode: PhantomData<M>,
}

/// How a form treats a field holding a control character; see [`CsrfForm`].
pub trait Mode: Send + 'static {
    const REPORT: bool;
}

/// The whole form is refused with a French error page.
#[derive(Debug)]
pub struct Refuse;
impl Mode for Refuse {
    const REPORT: bool = false;
}

/// The handler reports the fields next to them.
#[derive(Debug)]
pub struct Report;
impl Mode for Report {
    const REPORT: bool = true;
}

impl<T> CsrfForm<T, Refuse> {
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> CsrfForm<T, Report> {
    /// The form, and the fields the handler must refuse (check `is_empty` before any write).
    pub fn into_parts(self) -> (T, Refused) {
        (self.value, self.refused)
    }
}

/// The fields of a submitted form that held a control character, named as in the form.
#[must_use = "a form with refused fields must not be acted on"]
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

impl Refused {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `state` with the French message next to each refused field (see `report`).
    pub fn reported(&self, mut state: FormState, prefix: &str) -> FormState {
        self.report(&mut state, prefix);
        state
    }

    /// Puts the French message next to each refused field of `state`; `prefix` is taken off
    /// the form's names to match the state's keys (`"dossier."` for the dossier form).
    pub fn report(&self, state: &mut FormState, prefix: &str) {
        self.report_with(state, |name| name.strip_prefix(prefix).unwrap_or(name).to_string());
    }

    /// Same, the state's key of each field given by `key`.
    pub fn report_with(&self, state: &mut FormState, key: impl Fn(&str) -> String) {
        for name in &self.0 {
            state.error(&key(name), text::CONTROL_MESSAGE);
        }
    }
}

/// Set in the request when a [`Refuse`] form held a control character, for the error page.
#[derive(Debug, Default, Clone)]
pub struct RefusedFields(pub Vec<String>);

#[derive(Debug)]
pub enum CsrfFormError {
    /// Missing or wrong token.
    Token,
    /// The body could not be read as a form (too large, badly encoded, wrong field types).
    Form(String),
    /// Fields holding a control character, in a form that refuses them.
    Control(Vec<String>),
}

/// `T`'s own parsing, with every text value checked on the way (multipart text fields
/// included: Rocket hands them over as values too).
struct Checked<T> {
    value: T,
    refused: Vec<String>,
}

#[rocket::async_trait]
impl<'r, T: FromForm<'r>> FromForm<'r> for Checked<T> {
    type Context = (T::Context, Vec<String>);

    fn init(opts: Options) -> Self::Context {
        (T::init(opts), Vec::new())
    }

    fn push_value(ctxt: &mut Self::Context, field: ValueField<'r>) {
        let name = field.name.source().as_str();
        if text::refused(field.value, text::is_multiline_field(name)) && !ctxt.1.iter().any(|n| n == name) {
            ctxt.1.push(name.to_string());
        }
        T::push_value(&mut ctxt.0, field);
    }

    async fn push_data(ctxt: &mut Self::Context, field: DataField<'r, '_>) {
        T::push_data(&mut ctxt.0, field).await;
    }

    fn push_error(ctxt: &mut Self::Context, error: rocket::form::Error<'r>) {
        T::push_error(&mut ctxt.0, error);
    }

    fn finalize(ctxt: Self::Context) -> rocket::form::Result<'r, Self> {
        Ok(Checked { value: T::finalize(ctxt.0)?, refused: ctxt.1 })
    }
}

#[rocket::async_trait]
impl<'r, T: FromForm<'r> + Send, M: Mode> FromData<'r> for CsrfForm<T, M> {
    type Error = CsrfFormError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match Form::<Contextual<'r, Checked<T>>>::from_data(req, data).await {
            data::Outcome::Success(form) => {
                let form = form.into_inner();
                if !verify(req, form.context.field_value(FIELD)) {
                    tracing::warn!(uri = %req.uri(), "jeton CSRF absent ou invalide");
                    return data::Outcome::Error((Status::Forbidden, CsrfFormError::Token));
                }
                match form.value {
                    Some(Checked { refused, .. }) if !refused.is_empty() && !M::REPORT => {
                        tracing::info!(uri = %req.uri(), ?refused, "caractère de contrôle refusé");
                        req.local_cache(|| RefusedFields(refused.clone()));
                        data::Outcome::Error((Status::UnprocessableEntity, CsrfFormError::Control(refused)))
                    }
                    Some(Checked { value, refused }) => data::Outcome::Success(CsrfForm {
                        value,
                        refused: Refused(refused),
                        mode: PhantomData,
                    }),
                    None => {
                        let errors = form.context.errors().map(|e| e.to_string()).collect::<Vec<_>>();
                        data::Outcome::Error((
                            Status::UnprocessableEntity,
                            CsrfFormError::Form(errors.join("; ")),
                        ))
                    }
                }
            }
            data::Outcome::Error((status, errors)) => {
                data::Outcome::Error((status, CsrfFormError::Form(errors.to_string())))
            }
            data::Outcome::Forward((data, status)) => data::Outcome::Forward((data, status)),
        }
    }
}

/// A form with no field but the token (logout, simple actions).
#[derive(Debug, FromForm)]
pub struct NoFields {
    #[field(name = "csrf_token", default = String::new())]
    pub _csrf_token: String,
}
