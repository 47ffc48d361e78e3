//! Sessions and the role guards.
//!
//! A session is a private (encrypted, authenticated) cookie holding the user id, the user's
//! `session_version` at login and the last activity. Bumping the version in the database
//! (logout, password change, disabling) ends every session of that user at once.
//!
//! Guards: `CurrentUser` for any logged-in person, then `Applicant`, `Juror` and `Organiser`
//! built on it. Anonymous requests fail with 401, which the catcher turns into a redirect to
//! `/connexion`; a logged-in person without the role gets 403.

use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::State;
use serde::Serialize;

use super::core::{Role, SessionCookie};
use super::repo;
use crate::config::AppConfig;
use crate::db::{self, Db};

pub const COOKIE: &str = "lt_session";

/// The logged-in person, checked against the database on each request.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: &'static str,
}

impl CurrentUser {
    fn from_user(user: &repo::User) -> Self {
        CurrentUser {
            id: user.id,
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            role: user.role(),
            role_label: user.role().label(),
        }
    }
}

fn cookie(config: &AppConfig, value: String) -> Cookie<'static> {
    Cookie::build((COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.secure_cookies)
        .build()
}

/// Opens a session for `user_id` at `version`, replacing any other in this browser.
pub fn open(cookies: &CookieJar<'_>, config: &AppConfig, user_id: i64, version: i64) {
    let payload = SessionCookie { uid: user_id, ver: version, seen: db::now() };
    if let Ok(json) = serde_json::to_string(&payload) {
        cookies.add_private(cookie(config, json));
    }
}

pub fn close(cookies: &CookieJar<'_>) {
    cookies.remove_private(Cookie::build(COOKIE).path("/"));
}

/// Reads and checks the session once per request.
async fn load(req: &Request<'_>) -> Result<Option<CurrentUser>, ()> {
    let cookies = req.cookies();
    let Some(raw) = cookies.get_private(COOKIE) else {
        return Ok(None);
    };
    let Ok(session) = serde_json::from_str::<SessionCookie>(raw.value()) else {
        close(cookies);
        return Ok(None);
    };
    let config = req.rocket().state::<AppConfig>().cloned().unwrap_or_default();
    let now = db::now();
    if session.is_expired(now, config.session_idle_minutes * 60) {
        close(cookies);
        return Ok(None);
    }
    let Some(db) = req.guard::<&State<Db>>().await.succeeded() else {
        return Err(());
    };
    let mut conn = db.pool().acquire().await.map_err(|e| tracing::error!("session : {e}"))?;
    let user =
        repo::find_by_id(&mut conn, session.uid).await.map_err(|e| tracing::error!("session : {e}"))?;
    match user {
        Some(user) if user.active() && user.session_version == session.ver => {
            if session.needs_refresh(now) {
                open(cookies, &config, user.id, user.session_version);
            }
            Ok(Some(CurrentUser::from_user(&user)))
        }
        _ => {
            close(cookies);
            Ok(None)
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CurrentUser {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, ()> {
        let loaded: &Result<Option<CurrentUser>, ()> = req.local_cache_async(load(req)).await;
        match loaded {
            Ok(Some(user)) => request::Outcome::Success(user.clone()),
            Ok(None) => request::Outcome::Error((Status::Unauthorized, ())),
            Err(()) => request::Outcome::Error((Status::ServiceUnavailable, ())),
        }
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name {
            type Error = ();

            async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, ()> {
                match req.guard::<CurrentUser>().await {
                    request::Outcome::Success(user) if user.role == $role => {
                        request::Outcome::Success($name(user))
                    }
                    request::Outcome::Success(_) => request::Outcome::Error((Status::Forbidden, ())),
                    request::Outcome::Error(e) => request::Outcome::Error(e),
                    request::Outcome::Forward(s) => request::Outcome::Forward(s),
                }
            }
        }
    };
}

role_guard!(
    /// A collectivité's account.
    Applicant,
    Role::Applicant
);
role_guard!(
    /// A juror.
    Juror,
    Role::Juror
);
role_guard!(
    /// An organiser of the label.
    Organiser,
    Role::Organiser
);
