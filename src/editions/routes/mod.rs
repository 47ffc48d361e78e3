//! The edition pages' handlers, and the redirects from the organiser addresses of before.

mod admin;
mod redirects;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = admin::routes();
    all.extend(redirects::routes());
    all
}
