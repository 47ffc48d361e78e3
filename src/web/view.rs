//! Typed, compiled pages. Each page is one `#[derive(askama::Template)]` struct (its view),
//! built by a pure function from domain values; a field the template names and the view lacks
//! is a compile error. The templates live in `templates/` (`*.html`, escaped).

use rocket::http::{ContentType, Status};
use rocket::response::{self, Responder};
use rocket::Request;

/// A rendered page. Rendering only fails on a bug (a filter refusing its input): it is
/// logged and answered with a 500.
pub struct Html(Result<String, String>);

impl Html {
    pub fn render<T: askama::Template + ?Sized>(view: &T) -> Html {
        Html(view.render().map_err(|e| e.to_string()))
    }

    /// The HTML, for tests of views.
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref().ok()
    }
}

/// `view.html()` renders any view.
pub trait View: askama::Template {
    fn html(&self) -> Html {
        Html::render(self)
    }
}

impl<T: askama::Template> View for T {}

impl<'r> Responder<'r, 'static> for Html {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        match self.0 {
            Ok(body) => (ContentType::HTML, body).respond_to(req),
            Err(error) => {
                tracing::error!(path = %req.uri(), "rendu de page impossible : {error}");
                Err(Status::InternalServerError)
            }
        }
    }
}
