//! Offline compaction: the store's live keys and values copied into a fresh sled directory beside
//! it, checked, and swapped in with renames.
//!
//! Why: sled 0.34 is a log. A leaf is rewritten whole when it is consolidated, and a log segment
//! is reclaimed only once at most half of it is live, so a store that grew by ingest keeps several
//! times its live data on disk (5 × at 390k articles, benches/results/2026-11-25-session9.md).
//! A copy written in key order into a new log holds little garbage.
//!
//! The steps, for a data directory `D` (the server stopped: sled's lock on `D` makes the copy
//! fail while a server holds it):
//!
//! 1. copy every tree of `D` into `D.compact-partial` (a leftover partial copy is removed first);
//! 2. reopen the copy, check it ([`Store::check`]) and compare every tree's entries and bytes with
//!    what was read from `D`; close it with a fresh snapshot;
//! 3. rename `D.compact-partial` → `D.compact-done`: from here the copy is known complete;
//! 4. rename `D` → `D.compact-old`;
//! 5. rename `D.compact-done` → `D`;
//! 6. remove `D.compact-old`.
//!
//! Each rename is made durable (the parent directory synced) before the next step. A crash at any
//! point leaves a whole store under one of these names, and [`recover`], which every
//! [`Store::open_with`] runs first, finishes or undoes the swap from the names alone: a partial
//! copy is removed, a done copy is put in place, an old store is removed once `D` exists again.
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{compression_of, sled_config, OpenOptions, Store, StoreError};

/// What a compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compacted {
    /// Entries copied, over every tree.
    pub entries: u64,
    /// Bytes of their keys and values.
    pub bytes: u64,
    /// `sled::Db::size_on_disk` before and after.
    pub before: u64,
    pub after: u64,
}

impl fmt::Display for Compacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entries ({} bytes of keys and values) copied; sled on disk: {} → {} bytes",
            self.entries, self.bytes, self.before, self.after
        )
    }
}

/// A point in [`compact`]'s sequence; tests stop there to leave what a crash would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Some of the trees are in the partial copy.
    Copying,
    /// The partial copy is complete and checked, not yet renamed.
    Copied,
    /// Renamed to `.compact-done`.
    Done,
    /// The old store moved to `.compact-old`.
    OldAside,
    /// The copy in place, the old store not yet removed.
    NewInPlace,
}

/// The three sibling names of the data directory `dir`: partial copy, done copy, old store.
fn siblings(dir: &Path) -> Option<(PathBuf, PathBuf, PathBuf)> {
    let name = dir.file_name()?.to_str()?;
    let with = |suffix: &str| dir.with_file_name(format!("{name}.{suffix}"));
    Some((
        with("compact-partial"),
        with("compact-done"),
        with("compact-old"),
    ))
}

/// Finishes or undoes a compaction of `dir` that was cut short (see the module docs); does
/// nothing when none was. Returns whether anything was changed.
pub fn recover(dir: &Path) -> Result<bool, StoreError> {
    let Some((partial, done, old)) = siblings(dir) else {
        return Ok(false);
    };
    let mut changed = false;
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
        tracing::warn!(path = %partial.display(), "removed an unfinished compaction copy");
        changed = true;
    }
    if done.exists() {
        if dir.exists() {
            rename_durably(dir, &old)?;
        }
        rename_durably(&done, dir)?;
        tracing::warn!(path = %dir.display(), "put a finished compaction in place");
        changed = true;
    }
    if old.exists() {
        if dir.exists() {
            std::fs::remove_dir_all(&old)?;
        } else {
            // Only reachable if `dir` was removed by hand: the old store is the store.
            rename_durably(&old, dir)?;
        }
        changed = true;
    }
    Ok(changed)
}

/// Compacts the store in `dir` (see the module docs). The server must be stopped. Needs free
/// disk for a copy of the live data. The copy is compressed as the store is, or with sled's zstd
/// compression when `options.compress_new` asks for it (measured on the whole corpus: 20 % less
/// disk than an uncompressed copy, the copy 3 × as long, and every later ingest 20-30 % slower;
/// benches/results/2026-11-25-session10.md).
pub fn compact(dir: &Path, options: OpenOptions) -> Result<Compacted, StoreError> {
    compact_until(dir, options, |_| false)
}

/// [`compact`], returning an error as soon as `stop` says yes to the step just done, leaving
/// what a crash at that point would: only for the tests of [`recover`].
#[doc(hidden)]
pub fn compact_until(
    dir: &Path,
    options: OpenOptions,
    stop: impl Fn(Step) -> bool,
) -> Result<Compacted, StoreError> {
    let (partial, done, old) = siblings(dir).ok_or_else(|| StoreError::Invalid {
        field: "data_dir",
        message: format!("{} names no directory to compact", dir.display()),
    })?;
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        // the copy would be made beside the link, the renames would replace the link with it,
        // and the old store, where the link pointed, would never be removed
        return Err(StoreError::Invalid {
            field: "data_dir",
            message: format!(
                "{} is a symbolic link: compact the directory it points to",
                dir.display()
            ),
        });
    }
    recover(dir)?;
    if !dir.join("conf").exists() {
        return Err(StoreError::Invalid {
            field: "data_dir",
            message: format!("no store at {}", dir.display()),
        });
    }
    let store = Store::open_at(dir, options)?;
    let before = store.inner.db.size_on_disk()?;
    // the copy keeps the store's compression, or gets it when asked for (it is a new store)
    let compress = options.compress_new || compression_of(dir, false);
    let copy = sled_config(&partial, compress).open()?;
    let read = copy_trees(&store.inner.db, &copy, || stop(Step::Copying))?;
    copy.flush()?;
    drop(copy);
    drop(store);
    let Some(read) = read else {
        return Err(interrupted(Step::Copying));
    };

    let copy = Store::open_at(&partial, options)?;
    let refused = |message: String| StoreError::Invalid {
        field: "data_dir",
        message,
    };
    let written = tree_sizes(&copy.inner.db)?;
    if written != read {
        drop(copy);
        std::fs::remove_dir_all(&partial)?;
        return Err(refused(
            "the copy does not hold what the store holds (entries or bytes differ); \
             the store is left as it was"
                .into(),
        ));
    }
    let report = copy.check()?;
    if !report.is_consistent() {
        drop(copy);
        std::fs::remove_dir_all(&partial)?;
        return Err(refused(format!(
            "the store has problems; run `khabar-server repair` first (the store is left as it \
             was):\n{report}"
        )));
    }
    let after = copy.inner.db.size_on_disk()?;
    copy.close_with_snapshot()?;
    if stop(Step::Copied) {
        return Err(interrupted(Step::Copied));
    }

    rename_durably(&partial, &done)?;
    if stop(Step::Done) {
        return Err(interrupted(Step::Done));
    }
    rename_durably(dir, &old)?;
    if stop(Step::OldAside) {
        return Err(interrupted(Step::OldAside));
    }
    rename_durably(&done, dir)?;
    if stop(Step::NewInPlace) {
        return Err(interrupted(Step::NewInPlace));
    }
    std::fs::remove_dir_all(&old)?;
    let (entries, bytes) = read
        .values()
        .fold((0, 0), |(n, b), t| (n + t.0, b + t.1 + t.2));
    Ok(Compacted {
        entries,
        bytes,
        before,
        after,
    })
}

fn interrupted(step: Step) -> StoreError {
    StoreError::Invalid {
        field: "compact",
        message: format!("stopped at {step:?}"),
    }
}

/// Entries, key bytes and value bytes per tree name.
type TreeSizes = BTreeMap<Vec<u8>, (u64, u64, u64)>;

/// How many entries (and key and value bytes) go into one `apply_batch`: big enough that sled's
/// per-batch work is negligible, small enough to bound the memory a batch holds.
const BATCH_BYTES: u64 = 8 << 20;

/// Copies every tree of `from` (sled's own default tree included) into `to`, in key order;
/// returns what was read, or `None` when `stop` said so after a tree.
fn copy_trees(
    from: &sled::Db,
    to: &sled::Db,
    stop: impl Fn() -> bool,
) -> Result<Option<TreeSizes>, StoreError> {
    let mut sizes = TreeSizes::new();
    for name in from.tree_names() {
        let source = from.open_tree(&name)?;
        let target = to.open_tree(&name)?;
        let size = sizes.entry(name.to_vec()).or_default();
        let (mut batch, mut pending) = (sled::Batch::default(), 0u64);
        for kv in source.iter() {
            let (k, v) = kv?;
            *size = (size.0 + 1, size.1 + k.len() as u64, size.2 + v.len() as u64);
            pending += (k.len() + v.len()) as u64;
            batch.insert(k, v);
            if pending >= BATCH_BYTES {
                target.apply_batch(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        target.apply_batch(batch)?;
        if stop() {
            return Ok(None);
        }
    }
    Ok(Some(sizes))
}

fn tree_sizes(db: &sled::Db) -> Result<TreeSizes, StoreError> {
    let mut sizes = TreeSizes::new();
    for name in db.tree_names() {
        let size = sizes.entry(name.to_vec()).or_default();
        for kv in db.open_tree(&name)?.iter() {
            let (k, v) = kv?;
            *size = (size.0 + 1, size.1 + k.len() as u64, size.2 + v.len() as u64);
        }
    }
    Ok(sizes)
}

/// Renames `from` to `to` and syncs the parent directory, so the rename survives a crash before
/// the next step depends on it.
fn rename_durably(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::rename(from, to)?;
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::File::open(parent)?.sync_all()?;
    Ok(())
}
