//! The on-disk format version, kept in the `meta` tree under `format_version` (u32 big-endian).
//!
//! Opening a store compares it with [`FORMAT_VERSION`], the version this build writes:
//! - absent in an empty store: a new store, stamped with the current version;
//! - absent in a store holding data: written before versions were stamped (version 0, whose
//!   layout is version 1's), so it is stamped 1 in place;
//! - older than current: migrated step by step by [`migrate`] (each step one function);
//! - newer than current: refused, with a message saying which versions are involved, because an
//!   older build would misread records or index keys it does not know, and could damage them.
use super::keys::{RETIRED_TREES, T, TREE_NAMES};
use super::records::EntityRecord;
use super::{decode, registry, StoreError};

/// The format this build reads and writes. Bump it with every change to a key layout or a
/// record's meaning that older builds would misread, and add the step to [`migrate`].
///
/// - 1: records are JSON.
/// - 2: records are a tag byte and postcard, lz4-compressed when smaller (see `encode` in the
///   store module). Format 2 still reads JSON records, so 1 → 2 rewrites nothing: old records are
///   read as they are and replaced as they are written again. A format-1 build would misread the
///   binary records, hence the bump.
/// - 3: the `entity_by_scope` index (entities scoped to one article, by article, kind and name;
///   see `keys`). 2 → 3 writes it for every stored scoped entity. A format-2 build would write
///   unnamed people without it, and a later lookup would miss them (a re-ingested article would
///   get new entities), hence the bump.
/// - 4: large records (articles) are compressed with zstd instead of lz4 (a new tag byte; the
///   articles tree is 30 % smaller, benches/results/2026-11-26-session11.md). Format 4 still
///   reads lz4 records, so 3 → 4 rewrites nothing, as 1 → 2 did: old records are read as they
///   are and written again with zstd when they change. A format-3 build could not read the zstd
///   records, hence the bump.
/// - 5: no `quote_by_article` and `meeting_by_article` indexes: an article's facts are read as
///   the article's prefix of `quotes` and `meetings` (see `keys`; 9 % fewer index entries, each
///   130–300 bytes on disk, benches/results/2026-11-27-session12.md). 4 → 5 drops the two trees.
///   A format-4 build would answer an article's facts from the dropped (empty) trees, hence the
///   bump.
pub const FORMAT_VERSION: u32 = 5;

/// `meta` key of the format version.
pub const FORMAT_VERSION_KEY: &[u8] = b"format_version";

/// The version stamped in the store, `None` if none is.
pub fn stored_version(db: &sled::Db) -> Result<Option<u32>, StoreError> {
    let meta = db.open_tree(TREE_NAMES[T::Meta as usize])?;
    match meta.get(FORMAT_VERSION_KEY)? {
        None => Ok(None),
        Some(v) => match <[u8; 4]>::try_from(v.as_ref()) {
            Ok(b) => Ok(Some(u32::from_be_bytes(b))),
            Err(_) => Err(StoreError::Corrupt {
                tree: "meta",
                detail: format!("format_version is {} bytes, not a u32", v.len()),
            }),
        },
    }
}

/// Writes `version` as the store's format version.
pub fn stamp(db: &sled::Db, version: u32) -> Result<(), StoreError> {
    let meta = db.open_tree(TREE_NAMES[T::Meta as usize])?;
    meta.insert(FORMAT_VERSION_KEY, version.to_be_bytes().to_vec())?;
    db.flush()?;
    Ok(())
}

/// Brings the store at `path` (already open as `db`) to [`FORMAT_VERSION`], or refuses it when a
/// newer build wrote it. Returns the version found (0 for an unstamped store with data).
pub fn ensure_current(db: &sled::Db, path: &std::path::Path) -> Result<u32, StoreError> {
    let found = match stored_version(db)? {
        Some(v) => v,
        None => {
            let holds_data = TREE_NAMES
                .iter()
                .any(|name| db.open_tree(name).map(|t| !t.is_empty()).unwrap_or(false));
            if holds_data {
                0
            } else {
                stamp(db, FORMAT_VERSION)?;
                return Ok(FORMAT_VERSION);
            }
        }
    };
    if found > FORMAT_VERSION {
        return Err(StoreError::Invalid {
            field: "format_version",
            message: format!(
                "the store at {} was written by a newer khabar-server (format version {found}); \
                 this build reads format versions up to {FORMAT_VERSION}: upgrade khabar-server, \
                 or export the store with the newer build and import it here",
                path.display()
            ),
        });
    }
    let mut version = found;
    while version < FORMAT_VERSION {
        migrate(db, version)?;
        version += 1;
        stamp(db, version)?;
        tracing::info!(from = version - 1, to = version, "store format migrated");
    }
    Ok(found)
}

/// Migrates the store from `version` to `version + 1`.
fn migrate(db: &sled::Db, version: u32) -> Result<(), StoreError> {
    match version {
        // 0 → 1: version 0 is the unstamped layout, identical to version 1: nothing to rewrite.
        0 => Ok(()),
        // 1 → 2: JSON records stay readable (`decode` tells the encodings apart by their first
        // byte), new and rewritten ones are binary: nothing to rewrite.
        1 => Ok(()),
        // 2 → 3: the new `entity_by_scope` index, from the entity records.
        2 => index_scoped_entities(db),
        // 3 → 4: lz4 records stay readable (their tag byte tells them apart), new and rewritten
        // ones are zstd: nothing to rewrite.
        3 => Ok(()),
        // 4 → 5: the article indexes of quotes and meetings are read from the record trees now.
        4 => drop_retired_trees(db),
        v => Err(StoreError::Corrupt {
            tree: "meta",
            detail: format!("no migration from format version {v}"),
        }),
    }
}

/// Drops the trees of [`RETIRED_TREES`]. Idempotent: dropping a tree that is not there is no
/// error, so a migration cut short runs again at the next open.
fn drop_retired_trees(db: &sled::Db) -> Result<(), StoreError> {
    for name in RETIRED_TREES {
        if db.drop_tree(name)? {
            tracing::info!(tree = name, "retired tree dropped");
        }
    }
    Ok(())
}

/// Writes the `entity_by_scope` entries of every stored entity scoped to an article, as the
/// writer would ([`registry::scope_keys`]). Idempotent: a migration cut short runs again at the
/// next open (the version is stamped only after it). An entity record that cannot be read is
/// left to `check`, which reports it, rather than refusing the store.
fn index_scoped_entities(db: &sled::Db) -> Result<(), StoreError> {
    let entities = db.open_tree(TREE_NAMES[T::Entities as usize])?;
    let by_scope = db.open_tree(TREE_NAMES[T::EntityByScope as usize])?;
    let (mut batch, mut pending, mut written, mut unreadable) = (sled::Batch::default(), 0, 0, 0);
    for kv in entities.iter() {
        let (_, v) = kv?;
        let Ok(rec) = decode::<EntityRecord>(T::Entities, &v) else {
            unreadable += 1;
            continue;
        };
        for key in registry::scope_keys(&rec) {
            batch.insert(key, Vec::<u8>::new());
            pending += 1;
        }
        if pending >= 10_000 {
            by_scope.apply_batch(std::mem::take(&mut batch))?;
            written += pending;
            pending = 0;
        }
    }
    by_scope.apply_batch(batch)?;
    written += pending;
    tracing::info!(
        entries = written,
        unreadable_entities = unreadable,
        "entity_by_scope index built"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_unstamped_newer_and_current_stores() {
        // (stamped version before opening, data present, outcome: Ok(found) or refused)
        let cases: [(Option<u32>, bool, Result<u32, ()>); 6] = [
            (None, false, Ok(FORMAT_VERSION)),
            (None, true, Ok(0)),
            (Some(0), true, Ok(0)),
            (Some(1), true, Ok(1)),
            (Some(FORMAT_VERSION), true, Ok(FORMAT_VERSION)),
            (Some(FORMAT_VERSION + 1), true, Err(())),
        ];
        for (stamped, data, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            let db = sled::open(dir.path()).unwrap();
            if data {
                db.open_tree("articles")
                    .unwrap()
                    .insert(b"k", b"v")
                    .unwrap();
            }
            if let Some(v) = stamped {
                stamp(&db, v).unwrap();
            }
            let got = ensure_current(&db, dir.path());
            match want {
                Ok(found) => {
                    assert_eq!(got.unwrap(), found, "{stamped:?} {data}");
                    assert_eq!(stored_version(&db).unwrap(), Some(FORMAT_VERSION));
                }
                Err(()) => {
                    let msg = got.unwrap_err().to_string();
                    assert!(msg.contains("newer khabar-server"), "{msg}");
                    // refused stores are left untouched
                    assert_eq!(stored_version(&db).unwrap(), stamped);
                }
            }
        }
    }
}
