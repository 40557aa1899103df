//! Consistency of the store: every secondary index entry points at a primary record it was written
//! for, and every primary record has all its index entries. [`Store::check`] reports what is
//! wrong; [`Store::repair`] rebuilds the secondary indexes from the primary records (the articles,
//! quotes, meetings and entities are the truth: every index is derived from them by the same
//! functions the writer uses, so "expected" here is exactly what an ingest would have written).
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::batch::Batch;
use super::keys::{self, ArticleId, EntityId, FactId, FactKind, FACT_ID_LEN, T, TREE_NAMES};
use super::records::{ArticleRecord, EntityRecord, MeetingRecord, QuoteRecord};
use super::{decode, registry, write, Store, StoreError};

/// The secondary index trees: derived data that [`Store::repair`] may rebuild.
const INDEX_TREES: [T; 13] = [
    T::ArticleByPublished,
    T::ArticleByOutlet,
    T::ArticleByEntity,
    T::QuoteBySpeaker,
    T::QuoteByDate,
    T::MeetingByDate,
    T::MeetingByParticipant,
    T::MeetingByPlace,
    T::EntityByName,
    T::EntityByFamily,
    T::EntityBySkeleton,
    T::EntityByKind,
    T::EntityByScope,
];

/// One thing wrong with the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The tree it was found in.
    pub tree: &'static str,
    /// The key concerned, in hex.
    pub key: String,
    /// What is wrong, in words.
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.tree, self.key, self.what)
    }
}

/// What [`Store::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub articles: u64,
    pub quotes: u64,
    pub meetings: u64,
    pub entities: u64,
    /// Secondary index entries read.
    pub index_entries: u64,
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// No problem found.
    pub fn is_consistent(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} articles, {} quotes, {} meetings, {} entities, {} index entries",
            self.articles, self.quotes, self.meetings, self.entities, self.index_entries
        )?;
        if self.problems.is_empty() {
            return writeln!(f, "consistent");
        }
        writeln!(f, "{} problems:", self.problems.len())?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// What [`Store::repair`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// Index entries written because a primary record lacked them.
    pub index_entries_added: u64,
    /// Index entries removed because no primary record accounts for them.
    pub index_entries_removed: u64,
    /// Quotes and meetings removed because their article does not list them.
    pub orphan_facts_removed: u64,
    /// Whether the next entity id had to be raised above the ids in use.
    pub next_entity_id_raised: bool,
}

impl fmt::Display for RepairReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} index entries added, {} removed, {} orphan facts removed{}",
            self.index_entries_added,
            self.index_entries_removed,
            self.orphan_facts_removed,
            if self.next_entity_id_raised {
                ", next entity id raised"
            } else {
                ""
            }
        )
    }
}

/// Everything derived from the primary records in one pass.
#[derive(Default)]
struct Survey {
    report: CheckReport,
    /// Expected index keys per index tree.
    expected: HashMap<usize, BTreeSet<Vec<u8>>>,
    /// Fact records no article accounts for: (tree, key).
    orphans: Vec<(T, Vec<u8>)>,
    /// The smallest acceptable `next_entity_id`.
    min_next_entity: u64,
    /// The stored `next_entity_id` (1 when absent).
    next_entity: u64,
}

fn tree_name(t: T) -> &'static str {
    TREE_NAMES[t as usize]
}

/// The id an index key ends with, for messages: article, fact or entity depending on the tree.
fn describe_index_key(t: T, k: &[u8]) -> String {
    let tail = |n: usize| k.get(k.len().saturating_sub(n)..).unwrap_or_default();
    match t {
        T::ArticleByPublished | T::ArticleByOutlet | T::ArticleByEntity => {
            ArticleId::from_key(tail(16)).map_or_else(String::new, |a| format!("article {a}"))
        }
        T::QuoteBySpeaker | T::QuoteByDate => FactId::from_key(tail(18))
            .map_or_else(String::new, |f| {
                format!("quote {}", f.display(FactKind::Quote))
            }),
        T::MeetingByDate | T::MeetingByParticipant | T::MeetingByPlace => {
            FactId::from_key(tail(18)).map_or_else(String::new, |f| {
                format!("meeting {}", f.display(FactKind::Meeting))
            })
        }
        _ => EntityId::from_key(tail(8)).map_or_else(String::new, |e| format!("entity {e}")),
    }
}

impl Survey {
    fn problem(&mut self, t: T, key: &[u8], what: impl Into<String>) {
        self.report.problems.push(Problem {
            tree: tree_name(t),
            key: hex::encode(key),
            what: what.into(),
        });
    }

    fn expect(&mut self, keys: impl IntoIterator<Item = (T, Vec<u8>)>) {
        for (t, k) in keys {
            self.expected.entry(t as usize).or_default().insert(k);
        }
    }
}

impl Store {
    /// Reads every primary record and works out the index entries it must have.
    fn survey(&self) -> Result<Survey, StoreError> {
        let mut s = Survey::default();
        // articles: id → (quote count, meeting count)
        let mut articles: BTreeMap<[u8; 16], (u16, u16)> = BTreeMap::new();
        let mut referenced: Vec<(T, Vec<u8>, u64)> = Vec::new();
        for kv in self.tree(T::Articles).iter() {
            let (k, v) = kv?;
            let a: ArticleRecord = match decode(T::Articles, &v) {
                Ok(a) => a,
                Err(e) => {
                    s.problem(T::Articles, &k, format!("unreadable record: {e}"));
                    continue;
                }
            };
            s.report.articles += 1;
            let Some(id) = ArticleId::parse(&a.id).filter(|id| id.0[..] == k[..]) else {
                s.problem(
                    T::Articles,
                    &k,
                    format!("record says id {:?}, stored under another key", a.id),
                );
                continue;
            };
            articles.insert(id.0, (a.quote_count, a.meeting_count));
            s.expect(write::article_index(&a, id));
            for &e in &a.entities {
                referenced.push((T::Articles, k.to_vec(), e));
            }
        }
        let mut facts_seen: BTreeSet<(bool, [u8; FACT_ID_LEN])> = BTreeSet::new();
        for kv in self.tree(T::Quotes).iter() {
            let (k, v) = kv?;
            let Some(fid) = FactId::from_key(&k).filter(|_| k.len() == FACT_ID_LEN) else {
                s.problem(T::Quotes, &k, "key is not a fact id");
                continue;
            };
            let q: QuoteRecord = match decode(T::Quotes, &v) {
                Ok(q) => q,
                Err(e) => {
                    s.problem(T::Quotes, &k, format!("unreadable record: {e}"));
                    continue;
                }
            };
            s.report.quotes += 1;
            if articles
                .get(&fid.article.0)
                .is_none_or(|&(n, _)| fid.index >= n)
            {
                s.problem(
                    T::Quotes,
                    &k,
                    format!(
                        "quote {} belongs to no stored article",
                        fid.display(FactKind::Quote)
                    ),
                );
                s.orphans.push((T::Quotes, k.to_vec()));
                continue;
            }
            facts_seen.insert((true, fid.key()));
            s.expect(write::quote_index(&q, fid));
            if let Some(e) = q.speaker {
                referenced.push((T::Quotes, k.to_vec(), e));
            }
        }
        for kv in self.tree(T::Meetings).iter() {
            let (k, v) = kv?;
            let Some(fid) = FactId::from_key(&k).filter(|_| k.len() == FACT_ID_LEN) else {
                s.problem(T::Meetings, &k, "key is not a fact id");
                continue;
            };
            let m: MeetingRecord = match decode(T::Meetings, &v) {
                Ok(m) => m,
                Err(e) => {
                    s.problem(T::Meetings, &k, format!("unreadable record: {e}"));
                    continue;
                }
            };
            s.report.meetings += 1;
            if articles
                .get(&fid.article.0)
                .is_none_or(|&(_, n)| fid.index >= n)
            {
                s.problem(
                    T::Meetings,
                    &k,
                    format!(
                        "meeting {} belongs to no stored article",
                        fid.display(FactKind::Meeting)
                    ),
                );
                s.orphans.push((T::Meetings, k.to_vec()));
                continue;
            }
            facts_seen.insert((false, fid.key()));
            s.expect(write::meeting_index(&m, fid));
            for &e in m.participants.iter().chain(m.place.iter()) {
                referenced.push((T::Meetings, k.to_vec(), e));
            }
        }
        // every fact an article lists is stored
        for (id, &(quotes, meetings)) in &articles {
            let article = ArticleId(*id);
            for (is_quote, count, kind) in [
                (true, quotes, FactKind::Quote),
                (false, meetings, FactKind::Meeting),
            ] {
                for index in 0..count {
                    let fid = FactId { article, index };
                    if !facts_seen.contains(&(is_quote, fid.key())) {
                        s.problem(
                            T::Articles,
                            id,
                            format!("lists {} which is not stored", fid.display(kind)),
                        );
                    }
                }
            }
        }
        let mut max_entity = 0u64;
        for kv in self.tree(T::Entities).iter() {
            let (k, v) = kv?;
            let e: EntityRecord = match decode(T::Entities, &v) {
                Ok(e) => e,
                Err(err) => {
                    s.problem(T::Entities, &k, format!("unreadable record: {err}"));
                    continue;
                }
            };
            s.report.entities += 1;
            if EntityId::from_key(&k) != Some(EntityId(e.id)) || k.len() != 8 {
                s.problem(
                    T::Entities,
                    &k,
                    format!("record says id e{}, stored under another key", e.id),
                );
                continue;
            }
            max_entity = max_entity.max(e.id);
            let index: Vec<(T, Vec<u8>)> = registry::index_keys(&e)
                .into_iter()
                .filter_map(|(t, k)| {
                    INDEX_TREES
                        .iter()
                        .find(|x| **x as usize == t)
                        .map(|&t| (t, k))
                })
                .collect();
            s.expect(index);
        }
        // references to entities resolve (through merge redirects) to a stored entity
        let reader = Batch::new(&self.inner.trees);
        let entities = self.tree(T::Entities);
        let resolves = |e: u64| -> Result<bool, StoreError> {
            let id = registry::follow(&reader, EntityId(e))?;
            Ok(entities.contains_key(id.key())?)
        };
        for (t, k, e) in referenced {
            if !resolves(e)? {
                s.problem(t, &k, format!("refers to entity e{e}, which is not stored"));
            }
        }
        for tree in [T::Redirects, T::AliasPins] {
            for kv in self.tree(tree).iter() {
                let (k, v) = kv?;
                if tree == T::Redirects {
                    if let Some(from) = EntityId::from_key(&k) {
                        max_entity = max_entity.max(from.0);
                    }
                }
                match EntityId::from_key(&v).filter(|_| v.len() == 8) {
                    Some(to) if resolves(to.0)? => {}
                    Some(to) => s.problem(tree, &k, format!("points at {to}, which is not stored")),
                    None => s.problem(tree, &k, "value is not an entity id"),
                }
            }
        }
        s.min_next_entity = max_entity + 1;
        s.next_entity = match self.tree(T::Meta).get(keys::NEXT_ENTITY_ID)? {
            Some(v) => match <[u8; 8]>::try_from(v.as_ref()) {
                Ok(b) => u64::from_be_bytes(b),
                Err(_) => {
                    s.problem(T::Meta, keys::NEXT_ENTITY_ID, "next_entity_id is not a u64");
                    0
                }
            },
            None => 1,
        };
        if s.next_entity < s.min_next_entity {
            let (next, min) = (s.next_entity, s.min_next_entity);
            s.problem(
                T::Meta,
                keys::NEXT_ENTITY_ID,
                format!("next entity id {next} would reuse an id in use (must be ≥ {min})"),
            );
        }
        Ok(s)
    }

    /// Checks that the secondary indexes and the primary records agree: no index entry pointing
    /// at nothing (or at a record that would not have it), no record missing from an index, no
    /// fact without its article or article without its facts, no reference to an entity that is
    /// not stored, no entity id that could be handed out twice. Read-only; safe while serving
    /// (a write landing mid-check can show up as a transient problem).
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let mut s = self.survey()?;
        for t in INDEX_TREES {
            let mut expected = s.expected.remove(&(t as usize)).unwrap_or_default();
            for kv in self.tree(t).iter() {
                let (k, _) = kv?;
                s.report.index_entries += 1;
                if !expected.remove(k.as_ref()) {
                    let what = format!(
                        "entry for {} that no stored record accounts for",
                        describe_index_key(t, &k)
                    );
                    s.problem(t, &k, what);
                }
            }
            for k in expected {
                let what = format!("missing entry for {}", describe_index_key(t, &k));
                s.problem(t, &k, what);
            }
        }
        Ok(s.report)
    }

    /// Rebuilds every secondary index from the primary records, removes facts no article lists,
    /// and raises the next entity id above the ids in use. Primary records that cannot be read
    /// are left as they are (the check keeps reporting them). Holds the writer lock, so it is
    /// safe while serving; idempotent, so a repair cut short is finished by running it again.
    pub fn repair(&self) -> Result<RepairReport, StoreError> {
        let mut writer = self.writer();
        // the writes below go around the batches
        writer.clear();
        let mut s = self.survey()?;
        let mut r = RepairReport::default();
        for (t, k) in &s.orphans {
            self.tree(*t).remove(k)?;
            r.orphan_facts_removed += 1;
        }
        for t in INDEX_TREES {
            let mut expected = s.expected.remove(&(t as usize)).unwrap_or_default();
            let tree = self.tree(t);
            for kv in tree.iter() {
                let (k, _) = kv?;
                if !expected.remove(k.as_ref()) {
                    tree.remove(k)?;
                    r.index_entries_removed += 1;
                }
            }
            for k in expected {
                tree.insert(k, Vec::<u8>::new())?;
                r.index_entries_added += 1;
            }
        }
        if s.next_entity < s.min_next_entity {
            self.tree(T::Meta)
                .insert(keys::NEXT_ENTITY_ID, &s.min_next_entity.to_be_bytes())?;
            r.next_entity_id_raised = true;
        }
        self.inner.db.flush()?;
        tracing::info!(report = %r, "store repaired");
        Ok(r)
    }

    /// Writes (`Some`) or removes (`None`) a raw entry of the tree named `tree`, bypassing every
    /// rule of the store: only for tests that damage a store on purpose to exercise
    /// [`Store::check`] and [`Store::repair`].
    #[doc(hidden)]
    pub fn tamper(&self, tree: &str, key: &[u8], value: Option<&[u8]>) -> Result<(), StoreError> {
        let tree = self.raw_tree(tree)?;
        // a write around the batches: the writer's cache may no longer be what is stored
        let mut writer = self.writer();
        writer.clear();
        match value {
            Some(v) => tree.insert(key, v)?,
            None => tree.remove(key)?,
        };
        self.inner.db.flush()?;
        Ok(())
    }

    /// The raw keys of the tree named `tree`, for the same tests as [`Store::tamper`].
    #[doc(hidden)]
    pub fn raw_keys(&self, tree: &str) -> Result<Vec<Vec<u8>>, StoreError> {
        self.raw_tree(tree)?
            .iter()
            .keys()
            .map(|k| Ok(k?.to_vec()))
            .collect()
    }

    /// The raw value under `key` in the tree named `tree`, for the same tests as
    /// [`Store::tamper`].
    #[doc(hidden)]
    pub fn raw_value(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.raw_tree(tree)?.get(key)?.map(|v| v.to_vec()))
    }

    fn raw_tree(&self, tree: &str) -> Result<&sled::Tree, StoreError> {
        let t = TREE_NAMES
            .iter()
            .position(|n| *n == tree)
            .ok_or_else(|| StoreError::Invalid {
                field: "tree",
                message: format!("no tree {tree:?}"),
            })?;
        Ok(&self.inner.trees[t])
    }
}
