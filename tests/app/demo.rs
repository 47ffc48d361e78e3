//! The demo dataset: every demo login works and lands on its role's page.

use label_territoires::demo;
use rocket::http::Status;

use crate::common::*;

#[rocket::async_test]
async fn every_demo_account_logs_in_on_its_area() {
    let app = TestApp::new().await;
    let pool = label_territoires::db::DbPool { pool: app.db().pool().clone(), engine: app.db().engine() };
    let logins = demo::seed(&pool).await.expect("the demo dataset loads");
    assert_eq!(logins.len(), 14);
    let emails: Vec<_> = logins.iter().map(|l| l.email.as_str()).collect();
    assert!(emails.contains(&"organisateur@demo.test"));
    assert!(emails.contains(&"jure12@demo.test"));
    assert!(emails.contains(&"candidat@demo.test"));
    for login in &logins {
        let browser = app.another_browser().await;
        let response = login_on(&browser, &login.email, demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), Status::SeeOther, "{}", login.email);
        let home = location(&response);
        assert_eq!(home, login.role.home());
        assert_eq!(browser.get(home).dispatch().await.status(), Status::Ok);
    }
}
