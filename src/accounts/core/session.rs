//! Sessions and one-time links: their lifetimes, what the session cookie carries, and where
//! someone may be sent back after logging in.

use serde::{Deserialize, Serialize};

/// Lifetime of an activation or reset link.
pub const LINK_VALIDITY_SECS: i64 = 72 * 3600;

/// What the private session cookie carries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionCookie {
    /// User id.
    pub uid: i64,
    /// The user's `session_version` when the session was opened.
    pub ver: i64,
    /// Last activity (unix seconds), for the idle timeout.
    pub seen: i64,
}

impl SessionCookie {
    pub fn is_expired(&self, now: i64, idle_secs: i64) -> bool {
        now - self.seen > idle_secs || self.seen > now + 300
    }

    /// Whether the activity stamp is worth rewriting (avoids a Set-Cookie on every request).
    pub fn needs_refresh(&self, now: i64) -> bool {
        now - self.seen >= 60
    }
}

/// A path we may send someone back to after login, parsed strictly: a relative path of this
/// site (one leading `/`, not `//`), printable ASCII only (no space, control character or
/// backslash: what came through a URL is percent-encoded), that Rocket can redirect to, and
/// not the login or logout page. Anything else is dropped: a crafted link then merely lands
/// on the home page instead of stopping the login.
pub fn safe_return_path(candidate: &str) -> Option<&str> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && candidate.len() <= 512
        && candidate.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && rocket::http::uri::Origin::parse(candidate.split('#').next().unwrap_or_default()).is_ok()
        && rocket::http::uri::Reference::parse(candidate).is_ok()
        && !candidate.starts_with("/connexion")
        && !candidate.starts_with("/deconnexion");
    ok.then_some(candidate)
}
