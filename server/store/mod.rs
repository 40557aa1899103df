//! The sled store: articles, their quotes and meetings, the entity registry, and every secondary
//! index the queries read. Nothing outside this module touches sled; every key layout is in
//! [`keys`].
//!
//! Writes: one writer at a time (a mutex around resolve + write, so concurrent ingests see each
//! other's entities), all of an operation's writes in one sled transaction over the trees, then a
//! flush before the caller is answered, so what was acknowledged survives a crash. Concurrent
//! ingests are committed as a group: each queues its article, and whoever holds the writer (now,
//! or next) writes every queued article in one transaction followed by one flush, then answers
//! them all; an ingest that finds the writer taken leaves its article to the holder and does not
//! wait on a thread (see [`write`]). Reads go to sled directly and never block on the writer.
mod batch;
pub mod check;
pub mod compact;
mod corrections;
pub mod export;
pub mod format;
pub mod keys;
mod query;
pub mod records;
mod registry;
pub mod stats;
mod summary;
mod write;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::{Arc, Mutex};

use sled::transaction::{TransactionError, Transactional};

pub use keys::{ArticleId, EntityId, FactId, FactKind};
pub use query::{
    ArticleQuery, ArticleView, DateRange, EntityQuery, MeetingQuery, Met, Page, QuoteQuery, Quoted,
};
pub use records::{
    ArticleRecord, Code, EntityRecord, MeetingRecord, QuoteRecord, RoleRecord, Summary,
};
pub use summary::EntitySummary;
pub use write::{ArticleMeta, IngestOutcome, PendingIngest};

use batch::Batch;
use keys::{T, TREE_NAMES};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage: {0}")]
    Sled(#[from] sled::Error),
    #[error("corrupt record in {tree}: {detail}")]
    Corrupt { tree: &'static str, detail: String },
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("page_token: {0}")]
    BadCursor(String),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// A handle on the open store; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    /// How `db` was opened, to open it again in [`Store::close_with_snapshot`].
    config: sled::Config,
    trees: Vec<sled::Tree>,
    /// Serialises registry resolution and writes (see the module docs); holds the writer's cache
    /// of committed entities.
    write_lock: Mutex<batch::EntityCache>,
    /// Ingests waiting for the writer: whoever holds `write_lock` next (or now) writes them all
    /// in one transaction with one flush (group commit, see [`write`]).
    queue: Mutex<Vec<write::Queued>>,
}

impl Store {
    /// Opens (or creates, uncompressed) the store in the directory `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, OpenOptions::default())
    }

    /// Opens (or creates) the store in the directory `path`; `options` only matter when it is
    /// created. A compaction of `path` cut short by a crash is finished or undone first
    /// ([`compact::recover`]), so the store opened is always a whole one.
    pub fn open_with(path: impl AsRef<Path>, options: OpenOptions) -> Result<Store, StoreError> {
        compact::recover(path.as_ref())?;
        Store::open_at(path.as_ref(), options)
    }

    /// [`Store::open_with`] without the compaction recovery (compaction opens its own copy).
    fn open_at(path: &Path, options: OpenOptions) -> Result<Store, StoreError> {
        let config = sled_config(path, compression_of(path, options.compress_new));
        let db = open_waiting_for_lock(&config)?;
        format::ensure_current(&db, path)?;
        let trees = TREE_NAMES
            .iter()
            .map(|name| db.open_tree(name))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Store {
            inner: Arc::new(Inner {
                db,
                config,
                trees,
                write_lock: Mutex::new(batch::EntityCache::default()),
                queue: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Writes everything to disk; returns when it is durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.inner.db.flush()?;
        Ok(())
    }

    /// Flushes and closes the store, then opens and closes it once more so that sled writes its
    /// snapshot now. sled 0.34 writes a snapshot only while opening, after replaying every log
    /// segment written since the previous one, so without this the next start replays all the
    /// log this process wrote (6.4 s after a 351k-article ingest; the replay is CPU-bound:
    /// checksums and headers of every byte, benches/results/2026-11-25-session8.md). Paying it
    /// here, at shutdown, is a database's shutdown checkpoint: the next open reads the snapshot
    /// and replays nothing. After a crash the next open still replays; nothing is lost either way.
    ///
    /// Returns `Ok(false)`, having only flushed, while other handles on the store are alive
    /// (their owner keeps using it); `Ok(true)` when the snapshot was written.
    pub fn close_with_snapshot(self) -> Result<bool, StoreError> {
        self.flush()?;
        let inner = match Arc::try_unwrap(self.inner) {
            Ok(inner) => inner,
            Err(_shared) => return Ok(false),
        };
        let config = inner.config.clone();
        drop(inner);
        let reopened = open_waiting_for_lock(&config)?;
        reopened.flush()?;
        Ok(true)
    }

    /// Empties the writer's entity cache, as a restart would (tests compare a store with and
    /// without it).
    #[cfg(test)]
    fn forget_cached_entities(&self) {
        self.writer().clear();
    }

    fn tree(&self, t: T) -> &sled::Tree {
        &self.inner.trees[t as usize]
    }

    /// Takes the single writer, waiting for it (a panic while holding it cannot leave sled
    /// half-written: a batch is only committed whole, so a poisoned lock is safe to take over).
    /// When the returned guard is let go, the ingests queued meanwhile are written (see
    /// [`write::Writer`]).
    fn writer(&self) -> write::Writer<'_> {
        write::Writer::new(
            self,
            self.inner
                .write_lock
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// Runs `f` as the single writer, then commits its batch in one transaction and flushes.
    fn write<R>(
        &self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let result = {
            let mut cache = self.writer();
            let mut batch = Batch::cached(&self.inner.trees, Some(&*cache));
            let result = f(&mut batch)?;
            let (ops, changes) = batch.finish()?;
            self.commit(&ops, changes, &mut cache)?;
            result
        };
        self.inner.db.flush()?;
        Ok(result)
    }

    /// Commits a finished batch in one transaction, then gives the writer's cache the entities
    /// it wrote (or, if the transaction failed, empties the cache: what is on disk is unknown).
    fn commit(
        &self,
        ops: &batch::Ops,
        changes: batch::CacheChanges,
        cache: &mut batch::EntityCache,
    ) -> Result<(), StoreError> {
        if ops.is_empty() {
            return Ok(());
        }
        match self.transact(ops) {
            Ok(()) => {
                cache.apply(changes);
                Ok(())
            }
            Err(e) => {
                cache.clear();
                Err(e)
            }
        }
    }

    fn transact(&self, ops: &batch::Ops) -> Result<(), StoreError> {
        let trees: &[sled::Tree] = &self.inner.trees;
        trees
            .transaction(|tx| {
                for ((t, key), value) in ops {
                    match value {
                        Some(v) => {
                            tx[*t].insert(key.as_slice(), v.as_slice())?;
                        }
                        None => {
                            tx[*t].remove(key.as_slice())?;
                        }
                    }
                }
                Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
            })
            .map_err(|e| match e {
                TransactionError::Storage(e) => StoreError::Sled(e),
                TransactionError::Abort(()) => StoreError::Corrupt {
                    tree: "transaction",
                    detail: "aborted".into(),
                },
            })
    }
}

/// sled's page cache defaults to 1 GiB, which alone breaks the server's memory budget at corpus
/// scale (benches/README.md); a quarter of that keeps hot index pages resident.
const CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// The sled configuration of the store at `path`.
fn sled_config(path: &Path, compress: bool) -> sled::Config {
    sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .use_compression(compress)
        .compression_factor(COMPRESSION_LEVEL)
}

/// How to open a store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create a new store with sled's zstd compression of every log record. Measured on the
    /// whole corpus (benches/results/2026-11-24-session3.md): 31 % less disk, but 20-30 % slower
    /// ingest (sled compresses on the writer's path and decompresses every fragment it reads
    /// back), so it is the operator's choice, off by default. sled fixes the setting when a store
    /// is created: an existing store keeps its own, whatever this says.
    pub compress_new: bool,
}

/// zstd level of sled's compression: 1, the fastest (sled's default, 5, cost 50 % more ingest
/// CPU than no compression for 3 % less disk than level 1).
const COMPRESSION_LEVEL: i32 = 1;

/// Whether sled compresses the store at `path`: as it was created, read from the `conf` file
/// sled writes at creation (`use_compression: true|false`), because sled refuses to open a store
/// with the other setting; `compress_new` for a new store. When the file exists but cannot be
/// read, `compress_new` is asked for and sled itself refuses a mismatch, with a message naming
/// the setting: nothing is opened with the wrong setting silently.
/// Opens `config`, waiting a little while its lock file is held. sled's background I/O threads
/// outlive a dropped `Db` by a moment and keep the file locked, so a store reopened right after
/// it was closed in the same process (a restart, a test) would otherwise fail at random; another
/// process that really holds the store still gets the lock error, [`LOCK_WAIT`] later.
fn open_waiting_for_lock(config: &sled::Config) -> Result<sled::Db, sled::Error> {
    let started = std::time::Instant::now();
    loop {
        match config.open() {
            Err(sled::Error::Io(e))
                if e.to_string().starts_with("could not acquire lock")
                    && started.elapsed() < LOCK_WAIT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// How long [`open_waiting_for_lock`] waits for a held lock.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

fn compression_of(path: &Path, compress_new: bool) -> bool {
    let Ok(conf) = std::fs::read(path.join("conf")) else {
        return compress_new;
    };
    let conf = String::from_utf8_lossy(&conf);
    conf.lines()
        .find_map(|line| line.strip_prefix("use_compression: "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(compress_new)
}

/// How a record's bytes start: JSON (format 1 and before) always starts with `{` (or `"` for a
/// unit enum variant); formats 2 and later write a tag byte, then postcard, compressed when that
/// is smaller (an article's raw and cleaned texts sit side by side in its record, so the second
/// costs almost nothing compressed). Format 4 compresses large records (articles) with zstd and
/// the others with lz4, as formats 2 and 3 compressed every record.
const TAG_POSTCARD: u8 = 0x01;
const TAG_POSTCARD_LZ4: u8 = 0x02;
const TAG_POSTCARD_ZSTD: u8 = 0x03;
/// Records shorter than this are not worth a compression attempt.
const COMPRESS_FROM: usize = 256;
/// Records from this size on are compressed with zstd, smaller ones with lz4. Why both: on the
/// 39k store zstd stores the articles (5.3 KB of postcard on average) in 29 % less than lz4 and
/// the quotes (360 B) in 11 % less, but decoding a quote took 2.9 µs against 0.7 (zstd's fixed
/// cost per block), a page of 20 quotes 40 µs more per query; an article 20 µs against 9
/// (benches/results/2026-11-26-session11.md § 2).
const ZSTD_FROM: usize = 2048;
/// zstd level of the records: 1, the fastest of the ordinary levels. Measured on the 39k store's
/// records (benches/results/2026-11-25-session10.md § 4): level 1 stores the articles in 29 %
/// less than lz4 and level 3 only 4 % less again, at about twice the compression time.
const RECORD_ZSTD_LEVEL: i32 = 1;
/// No stored record is this large (articles are capped at a few MB); a length above it is
/// corruption, refused before anything is allocated for it.
const MAX_RECORD_BYTES: usize = 1 << 30;

thread_local! {
    // zstd contexts are a few hundred KB each to set up: one per thread, reused record after
    // record, instead of one per call
    static ZSTD_COMPRESSOR: std::cell::RefCell<zstd::block::Compressor> =
        std::cell::RefCell::new(zstd::block::Compressor::new());
    static ZSTD_DECOMPRESSOR: std::cell::RefCell<zstd::block::Decompressor> =
        std::cell::RefCell::new(zstd::block::Decompressor::new());
}

/// Decodes a record of `tree`, in any encoding a store may hold (see [`encode`]).
fn decode<R: serde::de::DeserializeOwned>(tree: T, bytes: &[u8]) -> Result<R, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        tree: TREE_NAMES[tree as usize],
        detail,
    };
    match bytes.split_first() {
        Some((&TAG_POSTCARD, rest)) => {
            postcard::from_bytes(rest).map_err(|e| corrupt(e.to_string()))
        }
        Some((&TAG_POSTCARD_ZSTD, rest)) => {
            let plain = unzstd(rest).map_err(corrupt)?;
            postcard::from_bytes(&plain).map_err(|e| corrupt(e.to_string()))
        }
        Some((&TAG_POSTCARD_LZ4, rest)) => {
            let plain =
                lz4_flex::decompress_size_prepended(rest).map_err(|e| corrupt(e.to_string()))?;
            postcard::from_bytes(&plain).map_err(|e| corrupt(e.to_string()))
        }
        _ => serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string())),
    }
}

/// The plain bytes of a zstd record body: the plain length (u32, little-endian), then one zstd
/// block of exactly that many bytes.
fn unzstd(body: &[u8]) -> Result<Vec<u8>, String> {
    let Some((len, packed)) = body.split_first_chunk::<4>() else {
        return Err("zstd record shorter than its length".into());
    };
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_RECORD_BYTES {
        return Err(format!("zstd record claims {len} bytes"));
    }
    let plain = ZSTD_DECOMPRESSOR
        .with(|d| d.borrow_mut().decompress(packed, len))
        .map_err(|e| format!("zstd: {e}"))?;
    if plain.len() != len {
        return Err(format!(
            "zstd record of {} bytes, {len} expected",
            plain.len()
        ));
    }
    Ok(plain)
}

/// Encodes a record: a tag byte, then postcard (compact and positional: a record struct's fields
/// are its layout, so changing them is a format change, see [`format`]), compressed when that
/// saves space: with zstd from [`ZSTD_FROM`] bytes on, with lz4 below.
fn encode<R: serde::Serialize>(record: &R) -> Vec<u8> {
    // Records are plain structs of strings and numbers: serialising them cannot fail.
    let plain = postcard::to_stdvec(record).unwrap_or_default();
    if (ZSTD_FROM..=MAX_RECORD_BYTES).contains(&plain.len()) {
        let packed = ZSTD_COMPRESSOR.with(|c| c.borrow_mut().compress(&plain, RECORD_ZSTD_LEVEL));
        if let Ok(packed) = packed {
            if packed.len() + 5 < plain.len() {
                let mut out = Vec::with_capacity(packed.len() + 5);
                out.push(TAG_POSTCARD_ZSTD);
                out.extend_from_slice(&(plain.len() as u32).to_le_bytes());
                out.extend_from_slice(&packed);
                return out;
            }
        }
    }
    encode_lz4_or_plain(plain)
}

/// The format-2 and format-3 encoding of every record (postcard, lz4-compressed when smaller),
/// kept for tests that build stores as those formats wrote them.
#[cfg(test)]
fn encode_lz4<R: serde::Serialize>(record: &R) -> Vec<u8> {
    encode_lz4_or_plain(postcard::to_stdvec(record).unwrap_or_default())
}

/// A tag byte, then `plain` compressed with lz4 when that is smaller, else as it is.
fn encode_lz4_or_plain(plain: Vec<u8>) -> Vec<u8> {
    if plain.len() >= COMPRESS_FROM {
        let packed = lz4_flex::compress_prepend_size(&plain);
        if packed.len() + 1 < plain.len() {
            let mut out = Vec::with_capacity(packed.len() + 1);
            out.push(TAG_POSTCARD_LZ4);
            out.extend_from_slice(&packed);
            return out;
        }
    }
    let mut out = Vec::with_capacity(plain.len() + 1);
    out.push(TAG_POSTCARD);
    out.extend_from_slice(&plain);
    out
}

/// The format-1 encoding (JSON), kept for tests that build old stores.
#[cfg(test)]
fn encode_json<R: serde::Serialize>(record: &R) -> Vec<u8> {
    serde_json::to_vec(record).unwrap_or_default()
}
