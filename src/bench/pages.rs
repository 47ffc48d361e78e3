//! The page scenario of `bench`: on the same server and database as the load scenario (the
//! scaled demo, after the jurors' saves), each organiser and juror page is fetched alone
//! (median of sequential requests on one idle keep-alive connection), then by N connections
//! at once for a bounded time. Prints requests per second, the time alone, the HTML weight
//! and the process's resident memory (server and bench clients together).

use std::time::{Duration, Instant};

use hyper::{Method, StatusCode};
use rocket::tokio::task::JoinSet;

use super::load::Client;
use crate::demo;

/// What one page gave.
pub struct PageFigures {
    pub label: &'static str,
    pub path: String,
    pub per_second: f64,
    pub alone_ms: f64,
    pub bytes: usize,
    pub errors: usize,
}

pub struct Figures {
    pub pages: Vec<PageFigures>,
    pub rss_before: Option<u64>,
    pub rss_after: Option<u64>,
}

pub async fn measure(
    port: u16,
    juror_email: String,
    connections: usize,
    each: Duration,
) -> Result<Figures, String> {
    let rss_before = crate::memory::resident();
    let mut juror = Client::login(port, &juror_email).await?;
    let (_, home) = juror.send(Method::GET, "/jury", None).await?;
    let dossier = first_link(&home, "/jury/dossiers/").ok_or("aucun dossier dans l’espace du juré")?;
    let e = "/admin/editions/2026";
    let pages: Vec<(&'static str, String, &str)> = vec![
        ("tableau de bord", "/admin".into(), demo::ORGANISER_EMAIL),
        ("candidatures", format!("{e}/candidatures"), demo::ORGANISER_EMAIL),
        ("suivi du jury", format!("{e}/jury"), demo::ORGANISER_EMAIL),
        ("affectation", format!("{e}/jury/affectation"), demo::ORGANISER_EMAIL),
        ("conflits", format!("{e}/jury/conflits"), demo::ORGANISER_EMAIL),
        ("journal des notes", format!("{e}/jury/journal"), demo::ORGANISER_EMAIL),
        ("délibération", format!("{e}/resultats"), demo::ORGANISER_EMAIL),
        ("espace du juré", "/jury".into(), juror_email.as_str()),
        ("formulaire de notation", dossier.clone(), juror_email.as_str()),
        ("palmarès public", "/palmares".into(), ""),
    ];
    let mut figures = Vec::new();
    for (label, path, email) in pages {
        figures.push(page(port, label, path, email, connections, each).await?);
    }
    Ok(Figures { pages: figures, rss_before, rss_after: crate::memory::resident() })
}

async fn client(port: u16, email: &str) -> Result<Client, String> {
    if email.is_empty() {
        Client::anonymous(port).await
    } else {
        Client::login(port, email).await
    }
}

async fn page(
    port: u16,
    label: &'static str,
    path: String,
    email: &str,
    connections: usize,
    each: Duration,
) -> Result<PageFigures, String> {
    let mut alone = client(port, email).await?;
    let (status, body) = alone.send(Method::GET, &path, None).await?;
    if status != StatusCode::OK {
        return Err(format!("{path} : {status}"));
    }
    let bytes = body.len();
    let mut times = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        alone.send(Method::GET, &path, None).await?;
        times.push(t.elapsed());
    }
    times.sort();
    let alone_ms = times[times.len() / 2].as_secs_f64() * 1000.0;

    let mut clients = Vec::new();
    for _ in 0..connections.max(1) {
        clients.push(client(port, email).await?);
    }
    let begun = Instant::now();
    let deadline = begun + each;
    let mut tasks = JoinSet::new();
    for mut c in clients {
        let path = path.clone();
        tasks.spawn(async move {
            let (mut ok, mut errors) = (0usize, 0usize);
            while Instant::now() < deadline {
                match c.send(Method::GET, &path, None).await {
                    Ok((StatusCode::OK, _)) => ok += 1,
                    _ => errors += 1,
                }
            }
            (ok, errors)
        });
    }
    let (mut ok, mut errors) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (o, e) = done.unwrap_or((0, 1));
        ok += o;
        errors += e;
    }
    let per_second = ok as f64 / begun.elapsed().as_secs_f64();
    Ok(PageFigures { label, path, per_second, alone_ms, bytes, errors })
}

fn first_link(html: &str, prefix: &str) -> Option<String> {
    let start = html.find(&format!("href=\"{prefix}"))? + "href=\"".len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

pub fn print(engine: &str, dossiers: usize, connections: usize, figures: &Figures) {
    let n = |v: f64, d: usize| crate::web::fr::number(v, d);
    println!(
        "Pages ({engine}, démo {dossiers} dossiers, {connections} connexions) : requêtes par seconde, temps seul (médiane), poids HTML"
    );
    for p in &figures.pages {
        println!(
            "  {:<24} {:>8} req/s  seul {:>6} ms  {:>7} Ko{}  {}",
            p.label,
            n(p.per_second, 0),
            n(p.alone_ms, 1),
            n(p.bytes as f64 / 1024.0, 1),
            if p.errors > 0 { format!("  {} erreur(s)", p.errors) } else { String::new() },
            p.path,
        );
    }
    let mb =
        |b: Option<u64>| b.map(|b| format!("{} Mo", n(b as f64 / 1024.0 / 1024.0, 0))).unwrap_or("?".into());
    println!(
        "Mémoire résidente du processus (serveur et clients du banc) : {} avant les pages, {} après",
        mb(figures.rss_before),
        mb(figures.rss_after)
    );
}
