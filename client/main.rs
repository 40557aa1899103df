//! `khabar`: the command-line client of a khabar server. Ingest Arabic news articles, then ask for
//! quotes by speaker, meetings by date, entities by name; `--json` for programs.
//!
//! - [`args`]: the command line (clap).
//! - [`commands`]: one function per command; paging; bulk ingest.
//! - [`input`]: reading and checking files, folders, stdin and JSON Lines corpora.
//! - [`dates`]: `YYYY-MM-DD` flags.
//! - [`output`]: text blocks or JSON lines.
//! - [`connect`]: the channel and service clients.
//! - [`error`]: one line per failure, one exit code per kind.
//! - [`bench`]: `khabar bench`, the load generator.
mod args;
mod bench;
mod commands;
mod connect;
mod dates;
mod error;
mod input;
mod output;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::error::CliError;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("khabar: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(commands::run(cli));
    // A bulk ingest's reader thread may still be blocked on a channel the failed call dropped.
    runtime.shutdown_timeout(Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("khabar: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
