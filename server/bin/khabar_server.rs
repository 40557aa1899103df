//! `khabar-server`: the khabar gRPC service over a sled directory.
//!
//! Prints exactly one line, `khabar-server listening on <addr>`, to stdout once the socket is
//! bound (so scripts and tests can bind port 0 and read the real port); everything else is
//! tracing on stderr. SIGINT or SIGTERM stops it gracefully: in-flight requests finish and the
//! store is flushed and closed with a fresh sled snapshot, so the next start replays no log.
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use khabar::service::{serve_secured, ServiceConfig};
use khabar::store::{OpenOptions, Store};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc malloc: under 32 concurrent queries glibc's `_int_malloc` and
/// `malloc_consolidate` were ~28 % of the server's CPU (benches/results/2026-11-24-read-path.md).
/// With it, a 39k-article ingest took 16-27 % less server CPU per article; typed queries took
/// 15-35 % less CPU per answer in one comparison, none in another
/// (benches/results/2026-11-24-session3.md).
///
/// Built without transparent huge pages (the `no_thp` feature): with them, every arena page
/// mimalloc purged and used again was faulted back as a 2 MiB page zeroed whole, 12 % of the
/// server's CPU during an ingest (`clear_page_erms`), and the peak memory of a 3,000-article
/// ingest was 270-280 MB instead of 122-127 MB (benches/results/2026-11-25-session5-ingest.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "khabar_server/admin.rs"]
mod admin;
#[path = "khabar_server/security.rs"]
mod security;

/// khabar gRPC server: Arabic news articles in, quotes, meetings and entities out.
#[derive(Debug, Parser)]
#[command(name = "khabar-server", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "KHABAR_LISTEN", default_value = "127.0.0.1:50051")]
    listen: SocketAddr,
    /// Directory of the sled store (created if missing).
    #[arg(
        long,
        env = "KHABAR_DATA_DIR",
        default_value = "./khabar-data",
        global = true
    )]
    data_dir: PathBuf,
    /// Largest article accepted, in bytes.
    #[arg(long, env = "KHABAR_MAX_ARTICLE_BYTES", default_value_t = ServiceConfig::default().max_article_bytes)]
    max_article_bytes: usize,
    /// Longest a call may run, in seconds, before it is answered CANCELLED (timeout)
    #[arg(long, env = "KHABAR_REQUEST_TIMEOUT_SECS", default_value_t = ServiceConfig::default().request_timeout.as_secs())]
    request_timeout_secs: u64,
    /// Most concurrent calls (HTTP/2 streams) on one connection
    #[arg(long, env = "KHABAR_MAX_CONCURRENT_STREAMS", default_value_t = ServiceConfig::default().max_concurrent_streams)]
    max_concurrent_streams: u32,
    /// Most threads for store work (queries, extraction, writes), beyond the async workers.
    /// That work is CPU-bound: more threads than a few per core add no throughput, only memory
    /// (each thread keeps its own allocator pages: with tokio's default of 512, mimalloc doubled
    /// the peak memory of a 39k-article ingest) and context switches.
    #[arg(long, env = "KHABAR_BLOCKING_THREADS", default_value_t = 16)]
    blocking_threads: usize,
    /// Create a missing store with sled's zstd compression: about a third less disk, 20-30 %
    /// slower ingest. An existing store keeps the setting it was created with.
    #[arg(long, env = "KHABAR_COMPRESS_NEW_STORE", global = true)]
    compress_new_store: bool,
    /// Maintenance on the data directory instead of serving (see `khabar-server help <command>`).
    #[command(subcommand)]
    command: Option<admin::Command>,
    #[command(flatten)]
    security: security::SecurityArgs,
}

impl Args {
    fn open_options(&self) -> OpenOptions {
        OpenOptions {
            compress_new: self.compress_new_store,
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args = Args::parse();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(args.blocking_threads.max(1))
        .build()?
        .block_on(run(args))
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    // A panic (caught per request, answered INTERNAL) goes to the log escaped: its message may
    // quote the client's text, which the default hook would print raw.
    std::panic::set_hook(Box::new(
        |panic| tracing::error!(panic = ?panic.to_string(), "panic"),
    ));
    let options = args.open_options();
    if let Some(command) = args.command {
        std::process::exit(admin::run(command, &args.data_dir, options)?);
    }
    let security = args.security.load()?;
    security.check_exposure(args.listen, args.security.insecure)?;
    let store = Store::open_with(&args.data_dir, options)
        .map_err(|e| format!("cannot open the store at {}: {e}", args.data_dir.display()))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "khabar-server listening on {addr}")?;
        out.flush()?;
    }
    tracing::info!(%addr, data_dir = %args.data_dir.display(), "serving");
    let config = ServiceConfig {
        max_article_bytes: args.max_article_bytes,
        request_timeout: std::time::Duration::from_secs(args.request_timeout_secs.max(1)),
        max_concurrent_streams: args.max_concurrent_streams.max(1),
    };
    serve_secured(listener, store, config, security, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
