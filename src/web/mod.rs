//! Web plumbing shared by every feature: CSRF, the page context, form state, French
//! formatting, security headers and error pages.

pub mod catchers;
pub mod csrf;
pub mod filters;
pub mod forms;
pub mod fr;
pub mod headers;
pub mod page;
pub mod pager;
pub mod stale;
pub mod text;
pub mod view;

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
        let config = req.rocket().state::<AppConfig>().cloned().unwrap_or_default();
        let base = if !config.public_url.trim().is_empty() {
            config.public_url.trim().trim_end_matches('/').to_string()
        } else {
            let scheme = if config.secure_cookies { "https" } else { "http" };
            let host = req.host().map(|h| h.to_string()).unwrap_or_else(|| {
                format!("{}:{}", req.rocket().config().address, req.rocket().config().port)
            });
            format!("{scheme}://{host}")
        };
        request::Outcome::Success(BaseUrl(base))
    }
}

use rocket::http::Status;
use rocket::response::{Flash, Redirect};

/// What a page handler answers: a page (with a status when it is not 200), a redirect,
/// or a redirect carrying a flash message.
#[derive(rocket::Responder)]
pub enum Reply {
    Page(Box<(Status, view::Html)>),
    Redirect(Box<Redirect>),
    Flash(Box<Flash<Redirect>>),
    Download(Box<Download>),
}

impl Reply {
    pub fn page(html: view::Html) -> Reply {
        Reply::Page(Box::new((Status::Ok, html)))
    }
    pub fn status(status: Status, html: view::Html) -> Reply {
        Reply::Page(Box::new((status, html)))
    }
    pub fn redirect(to: impl Into<String>) -> Reply {
        Reply::Redirect(Box::new(Redirect::to(to.into())))
    }
    pub fn success(to: impl Into<String>, message: impl Into<String>) -> Reply {
        Reply::Flash(Box::new(Flash::success(Redirect::to(to.into()), message.into())))
    }
    pub fn error(to: impl Into<String>, message: impl Into<String>) -> Reply {
        Reply::Flash(Box::new(Flash::error(Redirect::to(to.into()), message.into())))
    }
}

/// A file sent to the browser as a download (attachments, receipts, exports).
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: rocket::http::ContentType,
    pub file_name: String,
}

impl<'r> rocket::response::Responder<'r, 'static> for Download {
    fn respond_to(self, _: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        // RFC 6266: an ASCII fallback plus the UTF-8 name.
        let ascii: String = self
            .file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' })
            .collect();
        let encoded: String = url::form_urlencoded::byte_serialize(self.file_name.as_bytes()).collect();
        let encoded = encoded.replace('+', "%20");
        rocket::Response::build()
            .header(self.content_type)
            .raw_header(
                "Content-Disposition",
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            )
            .sized_body(self.bytes.len(), std::io::Cursor::new(self.bytes))
            .ok()
    }
}
