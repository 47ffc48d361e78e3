//! The demo dataset: every demo login works and lands on its role's page, and the 2026
//! edition holds about 80 dossiers from real collectivités in every state.

use label_territoires::demo;
use rocket::http::Status;
use sqlx::Row;

use crate::common::*;

#[rocket::async_test]
async fn every_demo_account_logs_in_on_its_area() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    let summary = demo::seed(&pool).await.expect("the demo dataset loads");
    let logins = &summary.logins;
    assert_eq!(logins.len(), 14);
    let emails: Vec<_> = logins.iter().map(|l| l.email.as_str()).collect();
    assert!(emails.contains(&"organisateur@demo.test"));
    assert!(emails.contains(&"jure12@demo.test"));
    assert!(emails.contains(&"candidat@demo.test"));
    for login in logins {
        let browser = app.another_browser().await;
        let response = login_on(&browser, &login.email, demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), Status::SeeOther, "{}", login.email);
        let home = location(&response);
        assert_eq!(home, login.role.home());
        assert_eq!(browser.get(home).dispatch().await.status(), Status::Ok);
    }
}

#[rocket::async_test]
async fn the_current_edition_holds_about_eighty_varied_dossiers() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    let summary = demo::seed(&pool).await.expect("the demo dataset loads");
    assert!((75..=90).contains(&summary.dossiers), "{} dossiers", summary.dossiers);

    let mut conn = app.conn().await;
    let per_state: Vec<(String, i64)> = sqlx::query(
        "SELECT d.state, COUNT(*) AS n FROM dossiers d JOIN editions e ON e.id = d.edition_id \
             WHERE e.year = 2026 GROUP BY d.state ORDER BY d.state",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get::<String, _>("state"), r.get::<i64, _>("n")))
    .collect();
    let states: Vec<&str> = per_state.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(states, ["draft", "eligible", "ineligible", "submitted"], "{per_state:?}");
    let total: i64 = per_state.iter().map(|(_, n)| n).sum();
    assert_eq!(total as usize, summary.dossiers);

    let per_category: Vec<i64> = sqlx::query(
        "SELECT COUNT(*) AS n FROM dossiers d JOIN categories c ON c.id = d.category_id \
         JOIN editions e ON e.id = d.edition_id WHERE e.year = 2026 GROUP BY c.id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<i64, _>("n"))
    .collect();
    assert_eq!(per_category.len(), 5);
    assert!(per_category.iter().all(|n| *n >= 12), "{per_category:?}");

    let regions: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT region) FROM organisations")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(regions >= 12, "{regions} régions");
    let titles: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT title) FROM dossiers").fetch_one(&mut *conn).await.unwrap();
    assert!(titles >= 45, "{titles} distinct titles");
    let references: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM dossiers WHERE reference LIKE 'LTI-2026-%'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(references, total - per_state[0].1, "every dossier but drafts has a reference");
    drop(conn);

    // The demo applicant sees her collectivité's draft and submitted dossier, and its receipt.
    let lucie = app.another_browser().await;
    login_on(&lucie, "candidat@demo.test", demo::DEMO_PASSWORD).await;
    let list = page_text(&lucie, "/candidatures").await;
    assert!(list.contains("Villeurbanne"), "{list}");
    assert!(list.contains("Brouillon"), "{list}");
    assert!(list.contains("LTI-2026-"), "{list}");
    let mut conn = app.conn().await;
    let submitted: i64 = sqlx::query_scalar(
        "SELECT d.id FROM dossiers d JOIN organisations o ON o.id = d.organisation_id \
         WHERE o.name = 'Villeurbanne' AND d.state = 'submitted'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    let receipt = lucie.get(format!("/candidatures/{submitted}/recepisse.pdf")).dispatch().await;
    assert_eq!(receipt.status(), Status::Ok);
    assert!(receipt.into_bytes().await.unwrap().starts_with(b"%PDF"));

    // The organiser's list shows them all.
    let claire = app.another_browser().await;
    login_on(&claire, "organisateur@demo.test", demo::DEMO_PASSWORD).await;
    let admin = page_text(&claire, "/admin/editions/2026/candidatures").await;
    assert!(admin.contains("Villeurbanne") && admin.contains("Toulouse Métropole"), "{admin}");
}

#[rocket::async_test]
async fn the_2026_edition_is_in_its_jury_phase() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    demo::seed(&pool).await.expect("the demo dataset loads");
    let mut conn = app.conn().await;
    let jurors: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jurors").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(jurors, 12, "the twelve demo jurors have a profile");
    let published: Option<i64> =
        sqlx::query_scalar("SELECT assignment_published_at FROM editions WHERE year = 2026")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(published.is_some(), "the assignment is published");
    let (assigned, eligible): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM dossiers WHERE state = 'eligible')",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert!(eligible >= 40, "{eligible} eligible dossiers");
    assert!(assigned >= 3 * eligible - 1, "{assigned} assignments for {eligible} dossiers");
    let submitted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reviews WHERE state = 'submitted'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reviews WHERE state = 'draft'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let share = submitted as f64 / assigned as f64;
    assert!((0.55..0.8).contains(&share), "about two thirds submitted: {submitted} / {assigned}");
    assert!(drafts > 5, "{drafts} drafts");
    let sources: Vec<String> = sqlx::query_scalar("SELECT DISTINCT source FROM conflicts ORDER BY source")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(sources, ["auto", "declared"]);
    let conflicted_assignments: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assignments a JOIN conflicts k ON k.juror_id = a.juror_id \
         AND k.dossier_id = a.dossier_id AND k.lifted_at IS NULL",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(conflicted_assignments, 0, "no conflicted juror is assigned");
    drop(conn);

    let sophie = app.another_browser().await;
    login_on(&sophie, "jure1@demo.test", demo::DEMO_PASSWORD).await;
    let home = page_text(&sophie, "/jury").await;
    assert!(home.contains("évaluations soumises sur") && home.contains("Brouillon"), "{home}");
    // Sophie Marchand is an élue of the Métropole de Lyon: Villeurbanne's dossiers are not hers.
    assert!(!home.contains("Villeurbanne"), "{home}");
}

#[rocket::async_test]
async fn the_2025_edition_is_finished_with_a_published_palmares_and_certificates() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    let summary = demo::seed(&pool).await.expect("the demo dataset loads");
    assert_eq!(summary.past_dossiers, 40);
    let mut conn = app.conn().await;
    let titles: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT d.title) FROM dossiers d JOIN editions e ON e.id = d.edition_id WHERE e.year = 2025",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(titles, 40, "forty different projects");
    let (reviews, submitted): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN r.state = 'submitted' THEN 1 ELSE 0 END) FROM reviews r \
         JOIN editions e ON e.id = r.edition_id WHERE e.year = 2025",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!((reviews, submitted), (120, 120), "every review in");
    let levels: Vec<(String, i64)> = sqlx::query_as(
        "SELECT l.level, COUNT(*) FROM laureates l JOIN publications p ON p.id = l.publication_id \
         JOIN editions e ON e.id = p.edition_id WHERE e.year = 2025 GROUP BY l.level ORDER BY l.level",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let total: i64 = levels.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 25, "{levels:?}");
    assert_eq!(levels.len(), 3, "Or, Argent and Bronze: {levels:?}");
    let per_category: Vec<i64> =
        sqlx::query_scalar("SELECT COUNT(*) FROM laureates GROUP BY category_slug ORDER BY category_slug")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    assert_eq!(per_category, vec![5; 5]);
    let code: String = sqlx::query_scalar("SELECT code FROM laureates WHERE level = 'or' LIMIT 1")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let visitor = app.another_browser().await;
    let palmares = page_text(&visitor, "/palmares/2025").await;
    assert!(
        palmares.contains("Palmarès 2025") && palmares.contains("25 collectivités lauréates"),
        "{palmares}"
    );
    assert_eq!(
        visitor.get("/palmares/2026").dispatch().await.status(),
        Status::NotFound,
        "2026 is not published"
    );
    assert!(page_text(&visitor, &format!("/certificats/{code}")).await.contains("Certificat authentique"));
    let pdf = visitor.get(format!("/certificats/{code}.pdf")).dispatch().await;
    assert_eq!(pdf.status(), Status::Ok);
    let bytes = pdf.into_bytes().await.unwrap();
    assert!(bytes.len() < 100 * 1024);
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(text.contains("Marie-Claire Delorme"), "the edition's signatories");
    // The demo applicant's collectivité is a 2025 laureate: its dashboard says so.
    let lucie = app.another_browser().await;
    login_on(&lucie, "candidat@demo.test", demo::DEMO_PASSWORD).await;
    let dashboard = page_text(&lucie, "/candidatures").await;
    assert!(dashboard.contains("Félicitations") && dashboard.contains("Certificat (PDF)"), "{dashboard}");
}

#[rocket::async_test]
async fn the_demo_scales_for_load_tests_with_the_same_logins() {
    let app = TestApp::new().await;
    let pool = app.db().handle().clone();
    let scale = demo::Scale { dossiers: Some(150), jurors: Some(20) };
    let summary = demo::seed_scaled(&pool, scale).await.expect("the scaled demo loads");
    assert_eq!(summary.dossiers, 150);
    let mut conn = app.conn().await;
    let jurors: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jurors").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(jurors, 20);
    let per_dossier: Vec<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM reviews r WHERE r.dossier_id = d.id AND r.state = 'submitted') \
         FROM dossiers d JOIN editions e ON e.id = d.edition_id WHERE e.year = 2026 AND d.state = 'eligible'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(per_dossier.len() > 120, "{} eligible", per_dossier.len());
    assert!(per_dossier.iter().all(|n| *n == 3), "three submitted reviews per eligible dossier");
    drop(conn);
    let browser = app.another_browser().await;
    let response = login_on(&browser, "jure1@demo.test", demo::DEMO_PASSWORD).await;
    assert_eq!(location(&response), "/jury");
    assert!(page_text(&browser, "/jury").await.contains("évaluations soumises sur"));
    let claire = app.another_browser().await;
    login_on(&claire, "organisateur@demo.test", demo::DEMO_PASSWORD).await;
    assert!(page_text(&claire, "/admin/editions/2026/resultats").await.contains("Délibération"));
    // The organisers' list of 150 dossiers comes 50 at a time, filters kept from page to page.
    let first = claire.get("/admin/editions/2026/candidatures").dispatch().await.into_string().await.unwrap();
    assert!(first.len() < 100_000, "{} octets", first.len());
    assert!(first.contains("50 dossiers affichés sur 150 — page 1 sur 3"), "{first}");
    assert!(
        first.contains(r#"<a href="/admin/editions/2026/candidatures?page=2" rel="next">Page 2 sur 3 ›</a>"#)
    );
    let third = page_text(&claire, "/admin/editions/2026/candidatures?page=3").await;
    assert!(third.contains("Page 3 sur 3") && !third.contains("rel=\"next\""), "{third}");
    let filtered = claire
        .get("/admin/editions/2026/candidatures?etat=eligible&page=2")
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap();
    assert!(filtered.contains(r#"<option value="eligible" selected>"#));
    assert!(
        filtered
            .contains(r#"href="/admin/editions/2026/candidatures?etat=eligible" rel="prev">‹ Page 1 sur"#),
        "{filtered}"
    );
}
