//! The context every page shares (who is logged in, the CSRF token, the flash message,
//! the current path for the navigation) and the one way pages are rendered.

use rocket::request::{self, FlashMessage, FromRequest, Request};
use rocket_dyn_templates::Template;
use serde::Serialize;
use serde_json::{json, Value};

use super::csrf::CsrfToken;
use crate::accounts::session::CurrentUser;

#[derive(Debug, Clone, Serialize)]
pub struct Flash {
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
    pub path: String,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Page {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        request::Outcome::Success(Page::of(req).await)
    }
}

impl Page {
    pub async fn of(req: &Request<'_>) -> Page {
        let user = req.guard::<CurrentUser>().await.succeeded();
        let csrf_token = match req.guard::<CsrfToken>().await {
            request::Outcome::Success(token) => token.0,
            _ => String::new(),
        };
        let flash = req
            .guard::<Option<FlashMessage<'_>>>()
            .await
            .succeeded()
            .flatten()
            .map(|f| Flash { kind: f.kind().to_string(), message: f.message().to_string() });
        Page { user, csrf_token, flash, path: req.uri().path().to_string() }
    }

    /// Renders `template` with `context` (a struct or `json!` object) plus `page`.
    pub fn render(&self, template: &'static str, context: impl Serialize) -> Template {
        let mut value = serde_json::to_value(context).unwrap_or_else(|_| json!({}));
        if !value.is_object() {
            value = json!({});
        }
        if let Value::Object(map) = &mut value {
            map.insert("page".into(), serde_json::to_value(self).unwrap_or(Value::Null));
        }
        Template::render(template, value)
    }
}
