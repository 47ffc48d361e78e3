//! Entry point: parse the command line, hand over to the library.

fn main() -> std::process::ExitCode {
    label_territoires::memory::tune_allocator();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("LABEL_LOG").unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("info,sqlx=warn,rocket=warn,rocket::launch=error,_=warn")
        }))
        .with_target(false)
        .init();
    label_territoires::cli::main()
}
