//! The maintenance subcommands of `khabar-server`, run on a data directory while no server uses
//! it (sled holds a lock on the directory): check, repair, export, import, stats, compact.
use std::io::{BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use khabar::store::{OpenOptions, Store};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Checks that the store's indexes and records agree; prints what is wrong and exits with
    /// status 1 if anything is.
    Check,
    /// Rebuilds the secondary indexes from the primary records (articles, quotes, meetings,
    /// entities) and removes facts no article lists.
    Repair,
    /// Writes the whole store as JSON Lines: raw articles with publication data, and the entity
    /// registry with every user correction.
    Export {
        /// File to write (stdout when absent or "-").
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Rebuilds a store from an export into an empty data directory, re-extracting every
    /// article.
    Import {
        /// Export to read (stdin when absent or "-").
        #[arg(long, short)]
        input: Option<PathBuf>,
    },
    /// Prints each tree's entries and key and value bytes (what khabar wrote) and sled's size on
    /// disk (what the log keeps for it).
    Stats,
    /// Rewrites the store into a fresh directory beside it (`DIR.compact-partial`), checks the
    /// copy and swaps it in with renames, giving back the disk sled's log holds for rewritten
    /// pages. Needs free disk for a copy of the live data (`stats`: keys and values). A crash at
    /// any point leaves the old store or the new one, whichever the next open finds whole.
    /// With `--compress-new-store` the copy (a new store) gets sled's zstd compression; a
    /// compressed store stays compressed.
    Compact,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

fn open(data_dir: &Path, options: OpenOptions) -> Result<Store, Error> {
    Store::open_with(data_dir, options)
        .map_err(|e| format!("cannot open the store at {}: {e}", data_dir.display()).into())
}

fn is_stdio(p: &Option<PathBuf>) -> bool {
    p.as_deref().is_none_or(|p| p == Path::new("-"))
}

/// Runs `command` on the store in `data_dir`; returns the process exit status (1: the store is
/// not consistent).
pub fn run(command: Command, data_dir: &Path, options: OpenOptions) -> Result<i32, Error> {
    match command {
        Command::Check => {
            let store = open(data_dir, options)?;
            let report = store.check()?;
            print!("{report}");
            Ok(if report.is_consistent() { 0 } else { 1 })
        }
        Command::Stats => {
            let store = open(data_dir, options)?;
            print!("{}", store.size()?);
            Ok(0)
        }
        Command::Compact => {
            let started = std::time::Instant::now();
            let done = khabar::store::compact::compact(data_dir, options)
                .map_err(|e| format!("cannot compact the store at {}: {e}", data_dir.display()))?;
            println!(
                "compacted in {:.1} s: {done}",
                started.elapsed().as_secs_f64()
            );
            Ok(0)
        }
        Command::Repair => {
            let store = open(data_dir, options)?;
            let repaired = store.repair()?;
            println!("repaired: {repaired}");
            let report = store.check()?;
            print!("{report}");
            Ok(if report.is_consistent() { 0 } else { 1 })
        }
        Command::Export { output } => {
            let store = open(data_dir, options)?;
            let n = if is_stdio(&output) {
                store.export(&mut BufWriter::new(std::io::stdout().lock()))?
            } else {
                let path = output.unwrap_or_default();
                let file = std::fs::File::create(&path)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                let mut out = BufWriter::new(file);
                let n = store.export(&mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                n
            };
            eprintln!("exported {n}");
            Ok(0)
        }
        Command::Import { input } => {
            let store = open(data_dir, options)?;
            let progress = |n: &khabar::store::export::Transfer| {
                if n.articles % 1000 == 0 {
                    tracing::info!(articles = n.articles, "importing");
                }
            };
            let n = if is_stdio(&input) {
                store.import(BufReader::new(std::io::stdin().lock()), progress)?
            } else {
                let path = input.unwrap_or_default();
                let file = std::fs::File::open(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                store.import(BufReader::new(file), progress)?
            };
            std::io::stderr().flush()?;
            eprintln!("imported {n}");
            Ok(0)
        }
    }
}
