//! The process's memory: how much is resident, and giving back to the system what the
//! allocator keeps after a burst (loading the demo, a large import). glibc's malloc keeps
//! freed pages in its arenas; `malloc_trim` returns them, so a server that loaded a dataset
//! before serving does not carry it for its whole life.

/// Resident memory of this process, in bytes (Linux; None elsewhere).
pub fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Returns the allocator's free pages to the system (glibc); a no-op elsewhere.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Tunes glibc's malloc for a long-running server; called first thing in `main`, before any
/// thread exists. By default glibc (1) keeps up to 8 arenas per core, each holding its own free
/// pages, and (2) raises its mmap threshold each time a large block is freed, so that the
/// large, short-lived buffers of a page (rows, HTML) end up in the heap, which only shrinks
/// from its top: measured on the 500-dossier demo after 5 s of load on each page, 219 MB
/// resident, 175 MB of it heap. With two arenas and fixed thresholds (blocks of 64 KB and
/// more mapped apart and unmapped when freed; free heap tops beyond 128 KB returned), 60 MB,
/// at the same throughput.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before other threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
}

/// Resident memory in French megabytes ("78 Mo"), for the CLI's messages.
pub fn resident_label() -> String {
    match resident() {
        Some(b) => format!("{} Mo", crate::web::fr::number(b as f64 / 1024.0 / 1024.0, 0)),
        None => "?".into(),
    }
}
