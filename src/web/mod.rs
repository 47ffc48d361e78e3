//! Web plumbing shared by every feature: CSRF, the page context, form state, French
//! formatting, security headers and error pages.

pub mod catchers;
pub mod csrf;
pub mod forms;
pub mod fr;
pub mod headers;
pub mod page;

use rocket::request::{self, FromRequest, Request};

use crate::config::AppConfig;

/// The address people use to reach the application, for links given to them
/// (`public_url` when configured, otherwise the request's Host).
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for BaseUrl {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        let config = req
            .rocket()
            .state::<AppConfig>()
            .cloned()
            .unwrap_or_default();
        let base = if !config.public_url.trim().is_empty() {
            config.public_url.trim().trim_end_matches('/').to_string()
        } else {
            let scheme = if config.secure_cookies {
                "https"
            } else {
                "http"
            };
            let host = req.host().map(|h| h.to_string()).unwrap_or_else(|| {
                format!(
                    "{}:{}",
                    req.rocket().config().address,
                    req.rocket().config().port
                )
            });
            format!("{scheme}://{host}")
        };
        request::Outcome::Success(BaseUrl(base))
    }
}
