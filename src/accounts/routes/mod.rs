//! The account pages' handlers: parse, authorise, call a workflow of `service`, render a view.

mod account;
mod admin;
mod login;

pub fn routes() -> Vec<rocket::Route> {
    let mut all = login::routes();
    all.extend(account::routes());
    all.extend(admin::routes());
    all
}
