//! `label-territoires bench`: prints the figures the performance targets are checked
//! against (never timed tests). Runs on a throw-away SQLite database; the HTTP load scenario
//! (`load`) runs on PostgreSQL when a PostgreSQL URL is given.

pub mod load;
pub mod pages;

use std::time::{Duration, Instant};

use crate::applications::receipt::{self, ReceiptData};
use crate::db;
use crate::reference::repo as reference;

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = samples.iter().map(|d| ms(*d)).sum::<f64>() / samples.len().max(1) as f64;
    let p95 = samples.get(samples.len() * 95 / 100).copied().unwrap_or_default();
    let max = samples.last().copied().unwrap_or_default();
    format!("moyenne {mean:.2} ms, p95 {:.2} ms, max {:.2} ms ({} mesures)", ms(p95), ms(max), samples.len())
}

pub async fn run(load: Option<load::Settings>) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("lt-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let url = format!("sqlite://{}/bench.sqlite?mode=rwc", dir.display());
    let pool = db::connect(&url, 2).await.map_err(|e| e.to_string())?;
    db::migrate(&pool).await.map_err(|e| e.to_string())?;
    let mut conn = pool.pool.acquire().await.map_err(|e| e.to_string())?;

    let started = Instant::now();
    let rows = reference::load_if_changed(&mut conn, reference::EXTRACT).await.map_err(|e| e.to_string())?;
    println!(
        "Référentiel : {rows} collectivités chargées en {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    let queries: [(&str, &[&str]); 4] = [
        (
            "nom",
            &[
                "saint etienne",
                "Lyon",
                "plougastel",
                "communauté d’agglomération pays basque",
                "ville",
                "sur mer",
                "val",
                "bourg",
            ],
        ),
        ("code postal", &["42000", "29470", "75011", "97400"]),
        ("code INSEE", &["69123", "2A004", "13055"]),
        ("SIREN", &["214202186", "200046977", "216901231"]),
    ];
    for (label, terms) in queries {
        let mut samples = Vec::new();
        for _ in 0..25 {
            for term in terms {
                let t = Instant::now();
                let found = reference::search(&mut conn, term, 20).await.map_err(|e| e.to_string())?;
                samples.push(t.elapsed());
                if found.is_empty() {
                    return Err(format!("recherche « {term} » : aucun résultat"));
                }
            }
        }
        println!("Recherche par {label} (cible < 50 ms) : {}", summary(samples));
    }
    drop(conn);
    pool.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);

    let data = ReceiptData {
        reference: "LTI-2026-0042".into(),
        edition_title: "Label Territoires Innovants 2026".into(),
        organisation: "Communauté d’agglomération du Pays Basque".into(),
        organisation_siren: Some("200067106".into()),
        title: "Un guichet numérique unique, accessible et sobre, pour toutes les démarches des habitants"
            .into(),
        category: "Modernisation du service public".into(),
        submitted_at: db::now(),
        submitted_by: "Élodie Lefèvre".into(),
        fingerprint: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
    };
    let mut samples = Vec::new();
    let mut size = 0;
    for _ in 0..20 {
        let t = Instant::now();
        size = receipt::render(&data).map_err(|e| e.to_string())?.len();
        samples.push(t.elapsed());
    }
    println!(
        "Accusé de réception PDF : {}, {} octets",
        summary(samples),
        crate::web::fr::number(size as f64, 0)
    );

    assignment_bench();
    ranking_bench();
    certificates_bench();
    if let Some(settings) = load {
        load::run(settings).await?;
    }
    Ok(())
}

/// The 25 certificates of an edition (5 per category, three levels).
fn certificates_bench() {
    use crate::results::certificate::{render, verification_code, CertificateData, Level};
    let data: Vec<CertificateData> =
        (0..25)
            .map(|i| {
                let code = verification_code();
                CertificateData {
                    verify_url: format!("https://label.example.fr/certificats/{code}"),
                    code,
                    year: 2025,
                    edition_title: "Label Territoires Innovants 2025".into(),
                    category: ["Innovation citoyenne", "Numérique responsable", "Territoires inclusifs"]
                        [i % 3]
                        .into(),
                    level: [Level::Or, Level::Argent, Level::Argent, Level::Bronze, Level::Bronze][i % 5],
                    collectivite: format!("Communauté de communes numéro {i} du Haut-Pays"),
                    project_title:
                        "Un guichet numérique unique, accessible et sobre, co-construit avec les habitants"
                            .into(),
                    ceremony_date: Some("12 mars 2026".into()),
                    ceremony_place: "Palais des congrès de Lyon".into(),
                    signatories: vec![
                        ("Hélène Garnier".into(), "Présidente de l’association".into()),
                        ("Jérôme Dubœuf".into(), "Président du jury".into()),
                    ],
                    logo: None,
                }
            })
            .collect();
    let mut samples = Vec::new();
    let mut largest = 0;
    for _ in 0..3 {
        let t = Instant::now();
        for d in &data {
            largest = largest.max(render(d).len());
        }
        samples.push(t.elapsed());
    }
    println!(
        "Les 25 certificats d’une édition (cible < 0,5 s, < 100 Ko chacun) : {} ; le plus lourd {} octets",
        summary(samples),
        crate::web::fr::number(largest as f64, 0)
    );
}

/// 500 dossiers × 3 reviews × 6 criteria, ranked under the three aggregates, with and without
/// the severity correction (six rankings per run).
fn ranking_bench() {
    use crate::jury::core::rubric::{weighted_score, Rubric};
    use crate::results::ranking::{rank, Aggregate, DossierIn, ReviewIn, Settings};
    use rand::{Rng, SeedableRng};
    let rubric = Rubric::default_rubric();
    let mut rng = rand::rngs::StdRng::seed_from_u64(2025);
    let dossiers: Vec<DossierIn> = (0..500).map(|id| DossierIn { id, category: id % 5 }).collect();
    let severity: Vec<f64> = (0..20).map(|_| rng.gen_range(-0.8..0.8)).collect();
    let mut reviews = Vec::new();
    for d in &dossiers {
        let quality: f64 = rng.gen_range(1.0..4.5);
        for k in 0..3 {
            let juror = (d.id * 3 + k) % 20;
            let scores: std::collections::BTreeMap<String, i64> = rubric
                .criteria
                .iter()
                .map(|c| {
                    let s = quality + severity[juror as usize] + rng.gen_range(-1.0..1.0);
                    (c.slug.clone(), s.round().clamp(0.0, 5.0) as i64)
                })
                .collect();
            let score = weighted_score(&rubric, &scores).unwrap_or(0.0);
            reviews.push(ReviewIn { dossier: d.id, juror, score, criteria: scores, eliminatory: Vec::new() });
        }
    }
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        for aggregate in Aggregate::ALL {
            for severity_correction in [false, true] {
                let settings = Settings { aggregate, severity_correction, ..Settings::default() };
                std::hint::black_box(rank(&dossiers, &reviews, &settings));
            }
        }
        samples.push(t.elapsed());
    }
    println!(
        "Classement de 500 dossiers × 3 évaluations × 6 critères, 3 agrégats avec et sans correction \
         de sévérité (cible < 10 ms) : {}",
        summary(samples)
    );
}

/// 500 dossiers × 3 jurors among 60, with preferences, kinds and 3 % of conflicts.
fn assignment_bench() {
    use crate::jury::core::assignment::{solve, DossierIn, JurorIn, Problem};
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let kinds = ["elu", "agent", "expert", "partenaire"];
    let mut conflicts = std::collections::HashSet::new();
    for d in 0..500 {
        for j in 0..60 {
            if rng.gen_bool(0.03) {
                conflicts.insert((1000 + j, d));
            }
        }
    }
    let problem = Problem {
        dossiers: (0..500).map(|id| DossierIn { id, category: id % 5 }).collect(),
        jurors: (0..60)
            .map(|id| JurorIn {
                id: 1000 + id,
                kind: kinds[id as usize % 4].to_string(),
                preferred: vec![id % 5, (id + 2) % 5],
            })
            .collect(),
        conflicts,
        fixed: Vec::new(),
        k: 3,
        seed: 7,
    };
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        last = Some(solve(&problem));
        samples.push(t.elapsed());
    }
    let solution = last.expect("five runs");
    println!(
        "Attribution de 500 dossiers × 3 jurés parmi 60 (cible < 1 s) : {} ; {} paires, écart de charge {}, \
         {} dossier(s) incomplet(s)",
        summary(samples),
        solution.pairs.len(),
        solution.load_spread(),
        solution.short.len()
    );
}
