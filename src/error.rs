//! The one error type of the web layer.
//!
//! Handlers return `Result<_, AppError>`. Each variant maps to a status whose French page is
//! rendered by the catchers in `web::catchers`; internal causes (database, I/O) are logged
//! with `tracing` and never shown. Validation problems are not errors: they are rendered next
//! to the fields by the handler with a `FormErrors` (see `web::forms`).

use rocket::http::Status;
use rocket::response::{self, Responder};
use rocket::Request;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page introuvable")]
    NotFound,
    #[error("accès refusé")]
    Forbidden,
    #[error("requête invalide : {0}")]
    BadRequest(&'static str),
    #[error("base de données : {0}")]
    Database(#[from] sqlx::Error),
    #[error("erreur interne : {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }

    pub fn status(&self) -> Status {
        match self {
            AppError::NotFound => Status::NotFound,
            AppError::Forbidden => Status::Forbidden,
            AppError::BadRequest(_) => Status::BadRequest,
            // The database too busy to answer in time: 503, "try again in a moment".
            AppError::Database(e) if crate::db::is_busy(e) => Status::ServiceUnavailable,
            // Safety net behind `web::text`: text the database refuses (PostgreSQL and NUL) is
            // the request's fault, not ours.
            AppError::Database(e) if is_invalid_text(e) => Status::UnprocessableEntity,
            AppError::Database(_) | AppError::Internal(_) => Status::InternalServerError,
        }
    }
}

/// PostgreSQL's "invalid byte sequence" (22021), e.g. a NUL character in a text parameter.
pub fn is_invalid_text(error: &sqlx::Error) -> bool {
    error.as_database_error().and_then(|db| db.code()).as_deref() == Some("22021")
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        if matches!(&self, AppError::Database(e) if is_invalid_text(e)) {
            // The error page then says which kind of character was refused.
            request.local_cache(|| crate::web::csrf::RefusedFields(vec![String::new()]));
        }
        if status.code >= 500 {
            tracing::error!(uri = %request.uri(), "{self}");
        } else {
            tracing::debug!(uri = %request.uri(), "{self}");
        }
        // Forwarding the status hands the request to the French error pages.
        Err(status)
    }
}

pub type AppResult<T> = Result<T, AppError>;
