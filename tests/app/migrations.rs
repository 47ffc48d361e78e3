//! Both engines' migration folders hold the same versions.

use std::collections::BTreeSet;
use std::path::Path;

fn versions(engine: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let version = name.strip_suffix(".sql")?.split('_').next()?.to_string();
            Some(version)
        })
        .collect()
}

#[test]
fn sqlite_and_postgres_have_the_same_migration_versions() {
    let sqlite = versions("sqlite");
    let postgres = versions("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    for version in &sqlite {
        assert!(
            version.len() == 14 && version.chars().all(|c| c.is_ascii_digit()),
            "{version} is a timestamp"
        );
    }
}
