//! A write batch with read-your-writes: the writer builds every change of one operation here
//! (an ingest resolving several entities sees the entities it just created), and the store
//! commits the result in one transaction.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::keys::{self, EntityId, T};
use super::records::EntityRecord;
use super::summary::{self, EntitySummary};
use super::{decode, encode, registry, StoreError};

/// Pending writes: (tree, key) → value, `None` for a removal. Last write wins.
pub type Ops = BTreeMap<(usize, Vec<u8>), Option<Vec<u8>>>;

/// An index entry of an entity: (tree, key).
type IndexKey = (usize, Vec<u8>);

/// Entities as the last committed batches left them, kept by the writer across batches: the
/// record, and its index keys, every one of them known to be on disk (written or checked by the
/// batch that cached it).
///
/// Why: most articles link the same few hundred entities (the president, the country, the
/// ministry), and without it every group decoded each of their records again, recomputed all
/// their index keys (every name, family name and skeleton variant) and read every key back from
/// disk to heal a store written under older name rules (benches/results/2026-11-25-session6-ingest.md).
///
/// Only the writer reads or changes it (it lives inside the writer lock), and only with what a
/// committed batch wrote; whatever changes the entity trees another way (repair, tamper) or
/// fails to commit clears it.
#[derive(Default)]
pub struct EntityCache {
    entries: HashMap<u64, Arc<CachedEntity>>,
}

/// An entity record as committed, with its index keys (all on disk).
pub struct CachedEntity {
    record: EntityRecord,
    keys: Arc<BTreeSet<IndexKey>>,
}

/// At most this many entities are cached (~2-4 KB each with their keys); when full the cache
/// starts again empty, and the entities every article links are back after a few groups.
const CACHED_ENTITIES: usize = 8192;

impl EntityCache {
    /// Forgets everything (after a failed commit or a write around the batches).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Takes in what a committed batch wrote (see [`Batch::finish`]).
    pub fn apply(&mut self, changes: CacheChanges) {
        for (id, entry) in changes.0 {
            match entry {
                Some(entry) => {
                    if self.entries.len() >= CACHED_ENTITIES && !self.entries.contains_key(&id) {
                        self.entries.clear();
                    }
                    self.entries.insert(id, entry);
                }
                None => {
                    self.entries.remove(&id);
                }
            }
        }
    }

    fn get(&self, id: u64) -> Option<&Arc<CachedEntity>> {
        self.entries.get(&id)
    }

    /// The summaries of the entities `ids` (distinct ids, as an article lists them), as
    /// [`Store::get_article`](super::Store::get_article) would read them; `None` unless every one
    /// is cached. What a committed batch cached is what it stored: its summary is the record's.
    pub fn summaries(&self, ids: &[u64]) -> Option<Vec<Arc<EntitySummary>>> {
        ids.iter()
            .map(|id| {
                self.get(*id)
                    .map(|cached| Arc::new(EntitySummary::of(&cached.record)))
            })
            .collect()
    }
}

/// The entities a batch wrote (`None`: removed), for [`EntityCache::apply`] once committed.
#[must_use = "apply the changes to the writer's cache once the batch is committed"]
pub struct CacheChanges(Vec<(u64, Option<Arc<CachedEntity>>)>);

/// An entity changed by the batch: its record as stored before and its index keys, as it is now
/// and its index keys, and every index key the batch wrote for it along the way (so stale ones are
/// removed at the end).
///
/// Why the keys are kept: an ingest touches ~5 entities, each with dozens of index keys (every
/// name, family name and consonant skeleton with its one-deletion variants); recomputing them on
/// every change and writing them all again at the end made two thirds of an ingest's sled writes
/// rewrites of keys already stored (benches/results/2026-11-25-session5-ingest.md).
struct DirtyEntity {
    original: Option<EntityRecord>,
    original_keys: Arc<BTreeSet<IndexKey>>,
    /// Whether every key of `original_keys` is known to be on disk (taken from the cache).
    keys_on_disk: bool,
    current: Option<EntityRecord>,
    /// `None`: the same as `original_keys` (most ingests only move an entity's counters).
    current_keys: Option<BTreeSet<IndexKey>>,
    written: BTreeSet<IndexKey>,
}

/// Whether two states of one entity have the same index keys: [`registry::index_keys`] reads only
/// the kind, the names, the Latin name and the scope, so a change of counts or roles keeps them.
fn same_index_keys(a: &EntityRecord, b: &EntityRecord) -> bool {
    a.id == b.id
        && a.kind == b.kind
        && a.name == b.name
        && a.latin_name == b.latin_name
        && a.scope == b.scope
        && a.aliases.keys().eq(b.aliases.keys())
}

pub struct Batch<'a> {
    trees: &'a [sled::Tree],
    /// The writer's cache of committed entities (`None` for read-only lookups).
    cache: Option<&'a EntityCache>,
    ops: Ops,
    entities: HashMap<u64, DirtyEntity>,
    next_entity: Option<u64>,
}

impl<'a> Batch<'a> {
    /// A batch for reading only, or for a writer without a cache.
    pub fn new(trees: &'a [sled::Tree]) -> Self {
        Batch::cached(trees, None)
    }

    /// A batch of the writer, reading committed entities from its cache.
    pub fn cached(trees: &'a [sled::Tree], cache: Option<&'a EntityCache>) -> Self {
        Batch {
            trees,
            cache,
            ops: Ops::new(),
            entities: HashMap::new(),
            next_entity: None,
        }
    }

    pub fn put(&mut self, t: T, key: impl Into<Vec<u8>>, value: Vec<u8>) {
        self.ops.insert((t as usize, key.into()), Some(value));
    }

    pub fn remove(&mut self, t: T, key: impl Into<Vec<u8>>) {
        self.ops.insert((t as usize, key.into()), None);
    }

    pub fn get(&self, t: T, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(v) = self.ops.get(&(t as usize, key.to_vec())) {
            return Ok(v.clone());
        }
        Ok(self.trees[t as usize].get(key)?.map(|v| v.to_vec()))
    }

    /// Keys of `t` starting with `prefix`, pending writes included.
    pub fn keys_with_prefix(&self, t: T, prefix: &[u8]) -> Result<Vec<Vec<u8>>, StoreError> {
        self.keys_with_prefix_upto(t, prefix, usize::MAX)
    }

    /// [`Self::keys_with_prefix`], reading at most `limit` keys from disk (the batch's own
    /// writes are always seen): for lookups that give up on a prefix shared by too many.
    pub fn keys_with_prefix_upto(
        &self,
        t: T,
        prefix: &[u8],
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut keys: BTreeSet<Vec<u8>> = BTreeSet::new();
        for kv in self.trees[t as usize].scan_prefix(prefix).take(limit) {
            let (k, _) = kv?;
            keys.insert(k.to_vec());
        }
        let start = (t as usize, prefix.to_vec());
        for ((tree, k), v) in self.ops.range(start..) {
            if *tree != t as usize || !k.starts_with(prefix) {
                break;
            }
            match v {
                Some(_) => keys.insert(k.clone()),
                None => keys.remove(k),
            };
        }
        Ok(keys.into_iter().collect())
    }

    /// The entity as the batch sees it.
    pub fn entity(&self, id: EntityId) -> Result<Option<EntityRecord>, StoreError> {
        if let Some(d) = self.entities.get(&id.0) {
            return Ok(d.current.clone());
        }
        self.stored_entity(id)
    }

    fn stored_entity(&self, id: EntityId) -> Result<Option<EntityRecord>, StoreError> {
        if let Some(cached) = self.cache.and_then(|c| c.get(id.0)) {
            return Ok(Some(cached.record.clone()));
        }
        match self.trees[T::Entities as usize].get(id.key())? {
            Some(v) => Ok(Some(decode(T::Entities, &v)?)),
            None => Ok(None),
        }
    }

    /// Stores the entity and its index entries (visible to later lookups in this batch: the ones
    /// its stored record already has are on disk, the others are written into the batch).
    pub fn put_entity(&mut self, record: EntityRecord) -> Result<(), StoreError> {
        self.dirty(EntityId(record.id))?;
        let Some(d) = self.entities.get_mut(&record.id) else {
            return Ok(());
        };
        let unchanged = d
            .current
            .as_ref()
            .is_some_and(|current| same_index_keys(current, &record));
        if !unchanged {
            d.current_keys = if d
                .original
                .as_ref()
                .is_some_and(|original| same_index_keys(original, &record))
            {
                None
            } else {
                Some(registry::index_keys(&record).into_iter().collect())
            };
            for key in d.current_keys.iter().flatten() {
                if !d.original_keys.contains(key) && d.written.insert(key.clone()) {
                    self.ops.insert(key.clone(), Some(Vec::new()));
                }
            }
        }
        d.current = Some(record);
        Ok(())
    }

    /// Removes the entity and its index entries.
    pub fn remove_entity(&mut self, id: EntityId) -> Result<(), StoreError> {
        self.dirty(id)?;
        if let Some(d) = self.entities.get_mut(&id.0) {
            d.current = None;
            d.current_keys = Some(BTreeSet::new());
        }
        Ok(())
    }

    fn dirty(&mut self, id: EntityId) -> Result<(), StoreError> {
        if !self.entities.contains_key(&id.0) {
            let (original, original_keys, keys_on_disk) = match self.cache.and_then(|c| c.get(id.0))
            {
                Some(cached) => (Some(cached.record.clone()), cached.keys.clone(), true),
                None => {
                    let original = self.stored_entity(id)?;
                    let keys: BTreeSet<IndexKey> = original
                        .as_ref()
                        .map(|o| registry::index_keys(o).into_iter().collect())
                        .unwrap_or_default();
                    (original, Arc::new(keys), false)
                }
            };
            self.entities.insert(
                id.0,
                DirtyEntity {
                    current: original.clone(),
                    current_keys: None,
                    original,
                    original_keys,
                    keys_on_disk,
                    written: BTreeSet::new(),
                },
            );
        }
        Ok(())
    }

    /// A new entity id (not yet stored).
    pub fn new_entity_id(&mut self) -> Result<EntityId, StoreError> {
        let next = match self.next_entity {
            Some(n) => n,
            None => match self.trees[T::Meta as usize].get(keys::NEXT_ENTITY_ID)? {
                Some(v) => {
                    u64::from_be_bytes(v.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                        tree: "meta",
                        detail: "next_entity_id is not a u64".into(),
                    })?)
                }
                None => 1,
            },
        };
        self.next_entity = Some(next + 1);
        Ok(EntityId(next))
    }

    /// The pending writes, entity records and their index diffs included; and the entities
    /// written, for the writer's cache once they are committed.
    pub fn finish(mut self) -> Result<(Ops, CacheChanges), StoreError> {
        let mut changes = Vec::with_capacity(self.entities.len());
        if let Some(next) = self.next_entity {
            self.put(T::Meta, keys::NEXT_ENTITY_ID, next.to_be_bytes().to_vec());
        }
        for (id, d) in std::mem::take(&mut self.entities) {
            let id = EntityId(id);
            let fresh: &BTreeSet<IndexKey> = match &d.current_keys {
                Some(keys) => keys,
                None => &d.original_keys,
            };
            match d.current {
                Some(rec) => {
                    for key in d.written.iter().chain(d.original_keys.iter()) {
                        if !fresh.contains(key) {
                            self.ops.insert(key.clone(), None);
                        }
                    }
                    // A key the stored record already has is written only if it is missing
                    // (a store written before a change of the name rules): reading it costs far
                    // less than writing it again (a transactional read, a page update, a log
                    // record).
                    for key in fresh {
                        let stored = d.original_keys.contains(key)
                            && (d.keys_on_disk || self.trees[key.0].contains_key(&key.1)?);
                        if !stored {
                            self.ops.insert(key.clone(), Some(Vec::new()));
                        }
                    }
                    if d.original
                        .as_ref()
                        .is_none_or(|o| summary::differs(o, &rec))
                    {
                        let summary = EntitySummary::encode(&rec);
                        self.put(T::EntitySummaries, id.key(), summary);
                    }
                    self.put(T::Entities, id.key(), encode(&rec));
                    // every fresh key is now on disk: written above, or checked
                    let keys = match d.current_keys {
                        Some(keys) => Arc::new(keys),
                        None => d.original_keys,
                    };
                    changes.push((id.0, Some(Arc::new(CachedEntity { record: rec, keys }))));
                }
                None => {
                    for key in d.written.iter().chain(d.original_keys.iter()) {
                        self.ops.insert(key.clone(), None);
                    }
                    self.remove(T::EntitySummaries, id.key());
                    self.remove(T::Entities, id.key());
                    changes.push((id.0, None));
                }
            }
        }
        Ok((self.ops, CacheChanges(changes)))
    }
}
