//! The organisers' jury dashboard (counts made in SQL without the conflicted pairs, the list of
//! dossiers short of reviews bounded, the jurors paginated) and the score log (50 a page,
//! filtered on a dossier or a juror).

use crate::common::*;
use crate::jury::{eligible, juror, jury_edition, organiser};

async fn exec(app: &TestApp, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&mut *app.conn().await).await.unwrap();
}

async fn assign(app: &TestApp, edition: i64, juror: i64, dossier: i64) {
    exec(
        app,
        "INSERT INTO assignments (edition_id, dossier_id, juror_id, origin, created_at) VALUES ($1, $2, $3, 'manual', 0)",
        &[edition, dossier, juror],
    )
    .await;
}

async fn review(app: &TestApp, edition: i64, juror: i64, dossier: i64, submitted: bool) {
    let sql = if submitted {
        "INSERT INTO reviews (edition_id, dossier_id, juror_id, state, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 'submitted', 0, 0, 0)"
    } else {
        "INSERT INTO reviews (edition_id, dossier_id, juror_id, state, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', 0, 0)"
    };
    exec(app, sql, &[edition, dossier, juror]).await;
}

#[rocket::async_test]
async fn the_dashboard_counts_in_sql_without_conflicts_and_bounds_its_lists() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    exec(&app, "UPDATE editions SET reviewers_per_dossier = 3 WHERE id = $1", &[edition]).await;
    exec(&app, "UPDATE editions SET conflict_scope = 'nested' WHERE id = $1", &[edition]).await;
    let communes: Vec<String> = sqlx::query_scalar(
        "SELECT code FROM collectivites WHERE kind = 'commune' AND departement = '33' ORDER BY code LIMIT 25",
    )
    .fetch_all(&mut *app.conn().await)
    .await
    .unwrap();
    let mut gironde = Vec::new();
    for (i, code) in communes.iter().enumerate() {
        gironde.push(
            eligible(&app, edition, ("commune", code), "innovation-citoyenne", &format!("Projet {i}")).await,
        );
    }
    let rennes =
        eligible(&app, edition, ("commune", "35238"), "numerique-responsable", "Projet rennais").await;
    // An agent of the Gironde (in conflict with its 25 communes' dossiers) and 52 others.
    let conflicted = juror(&app, "bordeaux@label.fr", Some(("departement", "33")), "agent").await;
    let mut jurors = Vec::new();
    for i in 0..52 {
        jurors.push(juror(&app, &format!("jure{i:02}@label.fr"), None, "expert").await);
    }
    let (j0, j1, j2) = (jurors[0], jurors[1], jurors[2]);
    for d in gironde.iter().chain([&rennes]) {
        for j in [j0, j1, j2] {
            assign(&app, edition, j, *d).await;
        }
    }
    // A pair stored despite the conflict (by hand), even reviewed: neither expected nor counted.
    assign(&app, edition, conflicted, gironde[0]).await;
    review(&app, edition, conflicted, gironde[0], true).await;
    for d in &gironde[..5] {
        review(&app, edition, j0, *d, true).await;
    }
    review(&app, edition, j1, gironde[0], true).await;
    review(&app, edition, j2, gironde[0], true).await;
    review(&app, edition, j1, gironde[1], false).await;
    organiser(&app).await;

    let page = page_text(&app.client, "/admin/editions/2026/jury").await;
    assert!(page.contains("<div><dt>Dossiers recevables</dt><dd>26</dd></div>"), "{page}");
    assert!(page.contains("<div><dt>Jurés</dt><dd>53</dd></div>"), "{page}");
    assert!(page.contains("<div><dt>Évaluations soumises</dt><dd>7 / 78</dd></div>"), "{page}");
    assert!(page.contains("<div><dt>Brouillons</dt><dd>1</dd></div>"), "{page}");
    assert!(page.contains("<div><dt>Conflits actifs</dt><dd>25</dd></div>"), "{page}");
    assert!(page.contains("<td data-label=\"Dossiers complets\">1 / 25</td>"), "{page}");
    assert!(page.contains("<td data-label=\"Évaluations soumises\">7 / 75</td>"), "{page}");
    assert!(page.contains("<td data-label=\"Évaluations soumises\">0 / 3</td>"), "{page}");
    // 25 dossiers short of reviews: the 20 with fewest (none submitted, by number) are listed.
    assert!(page.contains("Les 20 dossiers les moins avancés sont listés, sur 25."), "{page}");
    assert!(page.contains("/jury/affectation?incomplets=1"));
    assert!(page.contains("LTI-2026-0006") && page.contains("LTI-2026-0025"), "{page}");
    assert!(!page.contains("LTI-2026-0002") && !page.contains("LTI-2026-0026"), "{page}");
    // 53 jurors, 50 a page, by name: the Bordeaux juror and jure00…jure48 first.
    assert!(page.contains("Personne bordeaux") && page.contains("Personne jure48"), "{page}");
    assert!(!page.contains("Personne jure49"), "{page}");
    assert!(page.contains("Page 1 sur 2") && page.contains("/admin/editions/2026/jury?page=2"), "{page}");
    let second = page_text(&app.client, "/admin/editions/2026/jury?page=2").await;
    assert!(second.contains("Personne jure51") && !second.contains("Personne jure48"), "{second}");
    assert!(second.contains("<div><dt>Évaluations soumises</dt><dd>7 / 78</dd></div>"));
    // The juror in conflict has nothing counted; j0 has 5 of 26 submitted.
    let line = |name: &str| {
        let start = page.find(&format!("{name}</a>")).unwrap();
        page[start..start + page[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(line("Personne bordeaux").contains("<td data-label=\"Attribués\">0</td>"), "{page}");
    assert!(line("Personne jure00").contains("<td data-label=\"Soumises\">5</td>"), "{page}");
    // Closing scoring counts the same pairs (every dossier here is eligible).
    let closing = page_text(&app.client, "/admin/editions/2026/jury/cloture").await;
    assert!(
        closing.contains("71 évaluations attendues sur 78 ne sont pas soumises, dont 1 brouillon."),
        "{closing}"
    );
    let beyond = page_text(&app.client, "/admin/editions/2026/jury?page=9").await;
    assert!(beyond.contains("Page 2 sur 2"), "a page beyond the last shows the last");
}

#[rocket::async_test]
async fn the_score_log_pages_newest_first_and_filters() {
    let app = TestApp::new().await;
    let edition = jury_edition(&app).await;
    let a = eligible(&app, edition, ("commune", "33063"), "innovation-citoyenne", "Projet bordelais").await;
    let b = eligible(&app, edition, ("commune", "35238"), "innovation-citoyenne", "Projet rennais").await;
    let j = juror(&app, "jure@label.fr", None, "expert").await;
    let k = juror(&app, "autre@label.fr", None, "expert").await;
    for (juror, dossier) in [(j, a), (j, b), (k, a)] {
        assign(&app, edition, juror, dossier).await;
        review(&app, edition, juror, dossier, false).await;
    }
    let review_of = |juror: i64, dossier: i64| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM reviews WHERE juror_id = $1 AND dossier_id = $2")
                .bind(juror)
                .bind(dossier)
                .fetch_one(&mut *app.conn().await)
                .await
                .unwrap()
        }
    };
    let (ja, jb, ka) = (review_of(j, a).await, review_of(j, b).await, review_of(k, a).await);
    // 60 changes on (j, a), 1 on (j, b), 1 on (k, a), the last two newest.
    let mut changes: Vec<(i64, String)> = (0..60).map(|i| (ja, format!("note {i}"))).collect();
    changes.push((jb, "rennais".into()));
    changes.push((ka, "autre".into()));
    for (review, value) in &changes {
        sqlx::query(
            "INSERT INTO score_events (review_id, at, field, old_value, new_value) VALUES ($1, 1780000000, 'comment', NULL, $2)",
        )
        .bind(review)
        .bind(value)
        .execute(&mut *app.conn().await)
        .await
        .unwrap();
    }
    organiser(&app).await;
    let log = page_text(&app.client, "/admin/editions/2026/jury/journal").await;
    assert_eq!(log.matches("<td data-label=\"Élément\">").count(), 50, "{log}");
    assert!(log.contains("Page 1 sur 2") && log.contains(">autre<") && log.contains(">rennais<"), "{log}");
    assert!(
        log.contains(">note 59<") && log.contains(">note 12<") && !log.contains(">note 11<"),
        "newest first"
    );
    let second = page_text(&app.client, "/admin/editions/2026/jury/journal?page=2").await;
    assert_eq!(second.matches("<td data-label=\"Élément\">").count(), 12);
    assert!(second.contains(">note 0<") && !second.contains(">note 12<"), "{second}");
    let of_b = page_text(&app.client, &format!("/admin/editions/2026/jury/journal?dossier={b}")).await;
    assert_eq!(of_b.matches("<td data-label=\"Élément\">").count(), 1, "{of_b}");
    assert!(of_b.contains(">rennais<") && of_b.contains("← Tout le journal"));
    let of_k = page_text(&app.client, &format!("/admin/editions/2026/jury/journal?jure={k}")).await;
    assert_eq!(of_k.matches("<td data-label=\"Élément\">").count(), 1, "{of_k}");
    let both =
        page_text(&app.client, &format!("/admin/editions/2026/jury/journal?dossier={a}&jure={j}&page=2"))
            .await;
    assert!(
        both.contains("Page 2 sur 2") && both.contains(">note 0<") && !both.contains(">autre<"),
        "{both}"
    );
}
