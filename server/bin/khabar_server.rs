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

/// `mi_option_purge_delay` in mimalloc.h: its index in the option enum of both the v2 and the v3
/// mimalloc that libmimalloc-sys bundles (the crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's own default purge delay in the version linked (v3: 1,000 ms, v2: 10 ms), `None`
/// for a version this build does not know.
fn default_purge_delay(version: std::ffi::c_int) -> Option<std::ffi::c_long> {
    match version {
        30_000..=39_999 => Some(1_000),
        20_000..=29_999 => Some(10),
        _ => None,
    }
}

/// How long mimalloc keeps freed pages before returning them to the OS, in milliseconds.
///
/// Why not its default: the bundled mimalloc v3 waits 1,000 ms, and ingesting to 390k articles
/// the server's resident memory then peaked at 1,020-1,135 MiB against the 1 GiB budget. Why not
/// 0: returning pages at once cost 7-10 % more server CPU per ingested article (refaulting them),
/// where 10 ms (mimalloc v2's default) cost ~3 % for the same memory: peak 281 / 287 / 315 MiB
/// for 10 / 0 / 1,000 ms over 8,000 articles, 1.206 / 1.290 / 1.168 ms of server CPU each
/// (alternating rounds, benches/results/2026-11-25-session9.md § 2, which also has the 390k run).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Sets mimalloc's purge delay to [`PURGE_DELAY_MS`].
///
/// An operator's `MIMALLOC_PURGE_DELAY` wins (mimalloc read it at start). The option is set only
/// when the value found at its index is the linked version's documented default, so a mimalloc
/// whose options were renumbered is left as it is, with a warning.
fn shorten_purge_delay() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain calls into the linked allocator's C API; `mi_option_get`/`mi_option_set`
    // take any option index below `_mi_option_last` and are thread-safe.
    let version = unsafe { libmimalloc_sys::mi_version() };
    let found = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
    if default_purge_delay(version) == Some(found) {
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    } else {
        tracing::warn!(
            mimalloc = version,
            found,
            "mimalloc's purge delay not found where expected: left as it is"
        );
    }
}

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
    shorten_purge_delay();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_found_at_its_index_and_shortened() {
        // (mimalloc version, its default purge delay in ms)
        let cases = [
            (30_302, Some(1_000)),
            (20_302, Some(10)),
            (10_800, None),
            (40_000, None),
        ];
        for (version, delay) in cases {
            assert_eq!(default_purge_delay(version), delay, "{version}");
        }
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // the environment's value stands
        }
        // the index names the purge delay: it holds the linked version's default, then ours
        let version = unsafe { libmimalloc_sys::mi_version() };
        assert_eq!(default_purge_delay(version), Some(get()));
        shorten_purge_delay();
        assert_eq!(get(), PURGE_DELAY_MS);
    }
}
