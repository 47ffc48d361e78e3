//! CSRF protection: a random token kept in a private cookie, repeated in a hidden field
//! `csrf_token` of every state-changing form, and compared in constant time.
//!
//! `CsrfToken` (request guard) hands the token to pages that render forms; `CsrfForm<T>`
//! (data guard) parses a form and refuses it with 403 before the handler runs when the field
//! is missing or wrong. Every POST handler takes its form through `CsrfForm`.

use base64::Engine as _;
use rand::RngCore;
use rocket::data::{self, Data, FromData};
use rocket::form::{Contextual, Form, FromForm};
use rocket::http::{Cookie, SameSite, Status};
use rocket::request::{self, FromRequest, Request};
use subtle::ConstantTimeEq;

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

/// A form whose CSRF token was checked. The form type should keep its fields as strings
/// with defaults so that parsing never fails and validation speaks French (see `web::forms`).
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T> CsrfForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

#[derive(Debug)]
pub enum CsrfFormError {
    /// Missing or wrong token.
    Token,
    /// The body could not be read as a form (too large, badly encoded, wrong field types).
    Form(String),
}

#[rocket::async_trait]
impl<'r, T: FromForm<'r> + Send> FromData<'r> for CsrfForm<T> {
    type Error = CsrfFormError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match Form::<Contextual<'r, T>>::from_data(req, data).await {
            data::Outcome::Success(form) => {
                let form = form.into_inner();
                if !verify(req, form.context.field_value(FIELD)) {
                    tracing::warn!(uri = %req.uri(), "jeton CSRF absent ou invalide");
                    return data::Outcome::Error((Status::Forbidden, CsrfFormError::Token));
                }
                match form.value {
                    Some(value) => data::Outcome::Success(CsrfForm(value)),
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
