//! Reads: every list is answered from a secondary index (see [`super::keys`]), or for one
//! article's quotes or meetings from that article's prefix of their record tree, newest first,
//! paged by a cursor that is the last returned suffix (`date | id`), never by scanning every
//! article.
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use super::batch::Batch;
use super::keys::{self, ArticleId, EntityId, FactId, FactKind, FACT_ID_LEN, T};
use serde::Deserialize;

use super::records::{ArticleRecord, Code, EntityRecord, MeetingRecord, QuoteRecord, Summary};
use super::summary::EntitySummary;
use super::{decode, registry, Store, StoreError};
use crate::extract::arabic::normalize;
use crate::extract::{EntityKind, MeetingKind, MeetingStatus, QuoteKind};

/// How much of a dated index [`Store::scan_dated`] walks: a page of `limit` answers, and whether
/// every index entry is one (the query's `walks_only_answers`).
#[derive(Debug, Clone, Copy)]
struct Walk {
    limit: usize,
    only_answers: bool,
}

/// A page of results and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone)]
pub struct Page<R> {
    pub items: Vec<R>,
    pub next: Option<Vec<u8>>,
}

/// A date range over sortable `yyyymmdd` values (see [`keys::date_sort`]), both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: u32,
    pub to: u32,
}

impl Default for DateRange {
    fn default() -> Self {
        DateRange {
            from: 0,
            to: 99_991_231,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Entity id or any name the store knows.
    pub speaker: Option<String>,
    pub dates: DateRange,
    pub article: Option<ArticleId>,
    pub kind: Option<QuoteKind>,
    /// Words that must all occur in the quote (after normalisation).
    pub contains: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct MeetingQuery {
    pub dates: DateRange,
    pub participant: Option<String>,
    pub place: Option<String>,
    pub status: Option<MeetingStatus>,
    pub kind: Option<MeetingKind>,
    pub article: Option<ArticleId>,
}

impl QuoteQuery {
    /// Whether every entry of the index the list walks is an answer (no filter can pass over
    /// one), so that a page costs at most its size + 1 index entries and records whatever the
    /// store holds: the service answers such a list on its own thread (`Khabar::read`).
    pub fn walks_only_answers(&self) -> bool {
        self.kind.is_none()
            && self.contains.is_none()
            && !(self.article.is_some() && self.speaker.is_some())
    }
}

impl MeetingQuery {
    /// See [`QuoteQuery::walks_only_answers`]: one of article, participant and place at most
    /// (the first one given picks the index, the others filter it), no status or kind.
    pub fn walks_only_answers(&self) -> bool {
        let keys = [
            self.article.is_some(),
            self.participant.is_some(),
            self.place.is_some(),
        ];
        self.status.is_none() && self.kind.is_none() && keys.iter().filter(|&&k| k).count() <= 1
    }
}

#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    pub published: DateRange,
    pub outlet: Option<String>,
    /// Entity id or any name the store knows.
    pub entity: Option<String>,
}

impl ArticleQuery {
    /// See [`QuoteQuery::walks_only_answers`]: not both an entity and an outlet.
    pub fn walks_only_answers(&self) -> bool {
        !(self.entity.is_some() && self.outlet.is_some())
    }
}

#[derive(Debug, Clone, Default)]
pub struct EntityQuery {
    pub kind: Option<EntityKind>,
    /// A prefix of any name (Arabic or Latin script), compared after normalisation.
    pub name_prefix: Option<String>,
}

/// A quote with its speaker's summary (the full entity is [`Store::get_entity`]'s).
///
/// Summaries are shared (`Arc`): the facts of one answer that name the same entity hold one
/// copy of it, and whoever turns the answer into messages can move a summary named once
/// instead of copying it (`Arc::unwrap_or_clone`).
#[derive(Debug, Clone)]
pub struct Quoted {
    pub quote: QuoteRecord,
    pub speaker: Option<Arc<EntitySummary>>,
}

/// A meeting with its participants' and place's summaries.
#[derive(Debug, Clone)]
pub struct Met {
    pub meeting: MeetingRecord,
    pub participants: Vec<Arc<EntitySummary>>,
    pub place: Option<Arc<EntitySummary>>,
}

/// An article with the summaries of the entities it mentions.
#[derive(Debug, Clone)]
pub struct ArticleView {
    pub article: ArticleRecord,
    pub entities: Vec<Arc<EntitySummary>>,
}

/// A stored article as far as an answer needs it: [`ArticleRecord`]'s layout, field for field,
/// up to its entity ids. The raw text is passed over (neither checked as UTF-8 nor copied: ~5 KB
/// of Arabic per article, the largest cost of GetArticle) and the article's own entities
/// (`locals`, stored after the ids) are not decoded: postcard stops after the last field asked
/// for, JSON records (format 1) skip the fields not named. Test
/// `a_shown_article_is_the_record_without_its_raw_text_and_locals` pins the layout to
/// [`ArticleRecord`]'s.
#[derive(Deserialize)]
struct ShownArticle {
    id: String,
    title: Option<String>,
    text: String,
    #[serde(default)]
    raw: Skipped,
    published: u32,
    source_url: String,
    outlet: String,
    language: String,
    credited_source: Option<String>,
    summary: Summary,
    entities: Vec<u64>,
}

impl ShownArticle {
    fn into_record(self) -> ArticleRecord {
        let Skipped = self.raw;
        ArticleRecord {
            id: self.id,
            title: self.title,
            text: self.text,
            published: self.published,
            source_url: self.source_url,
            outlet: self.outlet,
            language: self.language,
            credited_source: self.credited_source,
            summary: self.summary,
            entities: self.entities,
            ..ArticleRecord::default()
        }
    }
}

/// A stored text read past: postcard writes a string as a length and its bytes, which it reads
/// back as bytes without checking or copying them.
#[derive(Debug, Default)]
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Past;
        impl serde::de::Visitor<'_> for Past {
            type Value = Skipped;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text")
            }
            fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Skipped, E> {
                Ok(Skipped)
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Skipped, E> {
                Ok(Skipped)
            }
        }
        d.deserialize_bytes(Past)
    }
}

/// The entity summaries one answer has read, by the id the fact names: a page of facts names
/// the same few entities again and again (a speaker's quotes, a month's summit), and each is read
/// and decoded once per answer, then shared by the facts naming it. Lives for one answer only,
/// so it never outlives a correction.
#[derive(Default)]
struct Summaries {
    seen: HashMap<u64, Option<Arc<EntitySummary>>>,
}

impl Summaries {
    fn get(&mut self, store: &Store, id: u64) -> Result<Option<Arc<EntitySummary>>, StoreError> {
        if let Some(s) = self.seen.get(&id) {
            return Ok(s.clone());
        }
        let s = store.summary(id)?.map(Arc::new);
        self.seen.insert(id, s.clone());
        Ok(s)
    }

    /// The summaries of `ids`, each entity once (two ids merged into one entity give one).
    fn all(&mut self, store: &Store, ids: &[u64]) -> Result<Vec<Arc<EntitySummary>>, StoreError> {
        let mut out: Vec<Arc<EntitySummary>> = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(e) = self.get(store, id)? {
                if !out.iter().any(|o| o.id == e.id) {
                    out.push(e);
                }
            }
        }
        Ok(out)
    }

    fn quoted(&mut self, store: &Store, q: QuoteRecord) -> Result<Quoted, StoreError> {
        let speaker = match q.speaker {
            Some(s) => self.get(store, s)?,
            None => None,
        };
        Ok(Quoted { quote: q, speaker })
    }

    fn met(&mut self, store: &Store, m: MeetingRecord) -> Result<Met, StoreError> {
        let participants = self.all(store, &m.participants)?;
        let place = match m.place {
            Some(p) => self.get(store, p)?,
            None => None,
        };
        Ok(Met {
            meeting: m,
            participants,
            place,
        })
    }
}

impl Store {
    fn reader(&self) -> Batch<'_> {
        Batch::new(&self.inner.trees)
    }

    fn entity_record(&self, id: u64) -> Result<Option<EntityRecord>, StoreError> {
        let batch = self.reader();
        let id = registry::follow(&batch, EntityId(id))?;
        registry::load(self.tree(T::Entities), id)
    }

    /// The summary of the entity `id` names. A stored summary means the entity exists under
    /// that id, so the redirects of merges are only read when there is none; a store written
    /// before summaries were kept falls back to the full record.
    fn summary(&self, id: u64) -> Result<Option<EntitySummary>, StoreError> {
        let stored = |id: EntityId| -> Result<Option<EntitySummary>, StoreError> {
            match self.tree(T::EntitySummaries).get(id.key())? {
                Some(v) => EntitySummary::decode(id.0, &v),
                None => Ok(None),
            }
        };
        if let Some(s) = stored(EntityId(id))? {
            return Ok(Some(s));
        }
        let to = registry::follow(&self.reader(), EntityId(id))?;
        if to.0 != id {
            if let Some(s) = stored(to)? {
                return Ok(Some(s));
            }
        }
        Ok(registry::load(self.tree(T::Entities), to)?.map(|e| EntitySummary::of(&e)))
    }

    fn record<R: serde::de::DeserializeOwned>(
        &self,
        t: T,
        key: &[u8],
    ) -> Result<Option<R>, StoreError> {
        match self.tree(t).get(key)? {
            Some(v) => Ok(Some(decode(t, &v)?)),
            None => Ok(None),
        }
    }

    pub fn get_article(&self, id: ArticleId) -> Result<ArticleView, StoreError> {
        let article: ArticleRecord =
            self.record(T::Articles, &id.0)?
                .ok_or_else(|| StoreError::NotFound {
                    what: "article",
                    id: id.to_string(),
                })?;
        self.view_of(article)
    }

    /// An article record the caller already holds (an ingest's outcome), with its entities'
    /// summaries as [`Store::get_article`] gives them: saves reading and decoding the record
    /// again (raw text, cleaned text and locals: ~3 % of an ingest's server CPU).
    pub fn view_of(&self, article: ArticleRecord) -> Result<ArticleView, StoreError> {
        let entities = Summaries::default().all(self, &article.entities)?;
        Ok(ArticleView { article, entities })
    }

    /// [`Store::view_of`] an ingest's outcome, with the summaries the writer gave it when it has
    /// them (reading them back cost ~2 % of an ingest's server CPU).
    pub fn view_of_ingest(&self, outcome: super::IngestOutcome) -> Result<ArticleView, StoreError> {
        match outcome.entities {
            Some(entities) => Ok(ArticleView {
                article: outcome.article,
                entities,
            }),
            None => self.view_of(outcome.article),
        }
    }

    /// [`Store::get_article`] as an answer shows it: the record without its raw text and its
    /// own entities (`raw` and `locals` left empty, `quote_count` and `meeting_count` 0), which
    /// are read past rather than decoded ([`ShownArticle`]).
    pub fn show_article(&self, id: ArticleId) -> Result<ArticleView, StoreError> {
        let shown: ShownArticle =
            self.record(T::Articles, &id.0)?
                .ok_or_else(|| StoreError::NotFound {
                    what: "article",
                    id: id.to_string(),
                })?;
        let article = shown.into_record();
        let entities = Summaries::default().all(self, &article.entities)?;
        Ok(ArticleView { article, entities })
    }

    pub fn get_quote(&self, id: FactId) -> Result<Quoted, StoreError> {
        let q: QuoteRecord =
            self.record(T::Quotes, &id.key())?
                .ok_or_else(|| StoreError::NotFound {
                    what: "quote",
                    id: id.display(FactKind::Quote),
                })?;
        Summaries::default().quoted(self, q)
    }

    pub fn get_meeting(&self, id: FactId) -> Result<Met, StoreError> {
        let m: MeetingRecord =
            self.record(T::Meetings, &id.key())?
                .ok_or_else(|| StoreError::NotFound {
                    what: "meeting",
                    id: id.display(FactKind::Meeting),
                })?;
        Summaries::default().met(self, m)
    }

    pub fn get_entity(&self, id: EntityId) -> Result<EntityRecord, StoreError> {
        self.entity_record(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: "entity",
                id: id.to_string(),
            })
    }

    /// The entity ids a user means by `query` (id, any known name, Latin spelling).
    pub fn lookup_entities(&self, query: &str) -> Result<Vec<EntityId>, StoreError> {
        registry::lookup(&self.reader(), query)
    }

    pub fn list_quotes(
        &self,
        q: &QuoteQuery,
        limit: usize,
        cursor: Option<&[u8]>,
    ) -> Result<Page<Quoted>, StoreError> {
        let speakers: Option<Vec<u64>> = match &q.speaker {
            Some(s) => Some(self.lookup_entities(s)?.iter().map(|e| e.0).collect()),
            None => None,
        };
        let (tree, prefixes) = if let Some(s) = &speakers {
            (
                T::QuoteBySpeaker,
                s.iter().map(|e| e.to_be_bytes().to_vec()).collect(),
            )
        } else {
            (T::QuoteByDate, vec![Vec::new()])
        };
        let words: Vec<String> = q
            .contains
            .as_deref()
            .map(|c| normalize(c).split(' ').map(String::from).collect())
            .unwrap_or_default();
        let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
        let mut summaries = Summaries::default();
        let walk = Walk {
            limit,
            only_answers: q.walks_only_answers(),
        };
        let keep = |quote: QuoteRecord| -> Result<Option<Quoted>, StoreError> {
            if let Some(s) = &speakers {
                if !quote.speaker.is_some_and(|sp| s.contains(&sp)) {
                    return Ok(None);
                }
            }
            if q.kind.is_some_and(|k| k.code() != quote.kind) {
                return Ok(None);
            }
            if !words.is_empty() {
                let text = normalize(&quote.text);
                if !words.iter().all(|w| text.contains(w.as_str())) {
                    return Ok(None);
                }
            }
            summaries.quoted(self, quote).map(Some)
        };
        if let Some(a) = q.article {
            return self.scan_article(T::Quotes, a, q.dates, cursor, walk, |r| r.date, keep);
        }
        self.scan_dated(tree, T::Quotes, &prefixes, q.dates, cursor, walk, keep)
    }

    pub fn list_meetings(
        &self,
        q: &MeetingQuery,
        limit: usize,
        cursor: Option<&[u8]>,
    ) -> Result<Page<Met>, StoreError> {
        let participants: Option<Vec<u64>> = match &q.participant {
            Some(p) => Some(self.lookup_entities(p)?.iter().map(|e| e.0).collect()),
            None => None,
        };
        let places: Option<Vec<u64>> = match &q.place {
            Some(p) => Some(self.lookup_entities(p)?.iter().map(|e| e.0).collect()),
            None => None,
        };
        // the ids found above are the index prefixes: a name is looked up once per call
        let id_prefixes = |ids: &[u64]| -> Vec<Vec<u8>> {
            ids.iter().map(|e| e.to_be_bytes().to_vec()).collect()
        };
        let (tree, prefixes) = if let Some(p) = &participants {
            (T::MeetingByParticipant, id_prefixes(p))
        } else if let Some(p) = &places {
            (T::MeetingByPlace, id_prefixes(p))
        } else {
            (T::MeetingByDate, vec![Vec::new()])
        };
        let mut summaries = Summaries::default();
        let walk = Walk {
            limit,
            only_answers: q.walks_only_answers(),
        };
        let keep = |m: MeetingRecord| -> Result<Option<Met>, StoreError> {
            if let Some(p) = &participants {
                if !m.participants.iter().any(|x| p.contains(x)) {
                    return Ok(None);
                }
            }
            if let Some(p) = &places {
                if !m.place.is_some_and(|x| p.contains(&x)) {
                    return Ok(None);
                }
            }
            if q.status.is_some_and(|s| s.code() != m.status)
                || q.kind.is_some_and(|k| k.code() != m.kind)
            {
                return Ok(None);
            }
            summaries.met(self, m).map(Some)
        };
        if let Some(a) = q.article {
            return self.scan_article(T::Meetings, a, q.dates, cursor, walk, |r| r.date, keep);
        }
        self.scan_dated(tree, T::Meetings, &prefixes, q.dates, cursor, walk, keep)
    }

    pub fn list_articles(
        &self,
        q: &ArticleQuery,
        limit: usize,
        cursor: Option<&[u8]>,
    ) -> Result<Page<ArticleView>, StoreError> {
        let entities: Option<Vec<u64>> = match &q.entity {
            Some(e) => Some(self.lookup_entities(e)?.iter().map(|e| e.0).collect()),
            None => None,
        };
        let outlet = q.outlet.as_deref().map(normalize);
        let (tree, prefixes) = if let Some(e) = &entities {
            (
                T::ArticleByEntity,
                e.iter().map(|e| e.to_be_bytes().to_vec()).collect(),
            )
        } else if let Some(o) = &q.outlet {
            (T::ArticleByOutlet, vec![keys::outlet_prefix(o).to_vec()])
        } else {
            (T::ArticleByPublished, vec![Vec::new()])
        };
        let mut summaries = Summaries::default();
        let walk = Walk {
            limit,
            only_answers: q.walks_only_answers(),
        };
        self.scan_dated(
            tree,
            T::Articles,
            &prefixes,
            q.published,
            cursor,
            walk,
            |a: ArticleRecord| {
                if outlet.as_ref().is_some_and(|o| normalize(&a.outlet) != *o) {
                    return Ok(None);
                }
                if let Some(e) = &entities {
                    if !a.entities.iter().any(|x| e.contains(x)) {
                        return Ok(None);
                    }
                }
                let entities = summaries.all(self, &a.entities)?;
                Ok(Some(ArticleView {
                    article: a,
                    entities,
                }))
            },
        )
    }

    /// Entities by kind and/or name prefix, in name (or kind, id) order. Entities no stored
    /// article mentions any more are left out.
    pub fn list_entities(
        &self,
        q: &EntityQuery,
        limit: usize,
        cursor: Option<&[u8]>,
    ) -> Result<Page<EntityRecord>, StoreError> {
        let prefix_norm = q
            .name_prefix
            .as_deref()
            .map(normalize)
            .filter(|p| !p.is_empty());
        let (tree, prefix) = match (&prefix_norm, q.kind) {
            (Some(p), _) => (T::EntityByName, keys::text_starts_with(p)),
            (None, Some(k)) => (T::EntityByKind, vec![k.code()]),
            (None, None) => (T::EntityByKind, Vec::new()),
        };
        let start = match cursor {
            Some(c) if !c.starts_with(&prefix) || c.len() < 8 => {
                return Err(StoreError::BadCursor(
                    "does not belong to this query".into(),
                ))
            }
            Some(c) => Bound::Excluded(c.to_vec()),
            None => Bound::Included(prefix.clone()),
        };
        let mut items = Vec::new();
        let mut last: Option<Vec<u8>> = None;
        for kv in self.tree(tree).range((start, Bound::Unbounded)) {
            let (k, _) = kv?;
            if !k.starts_with(&prefix) {
                break;
            }
            let Some(id) = keys::entity_of_text_key(&k) else {
                continue;
            };
            let Some(rec) = registry::load(self.tree(T::Entities), id)? else {
                continue;
            };
            if rec.article_count == 0 || q.kind.is_some_and(|kind| kind.code() != rec.kind) {
                continue;
            }
            if prefix_norm.is_some() {
                // an entity with several matching names is listed at its first one only
                let first = registry::index_keys(&rec)
                    .into_iter()
                    .filter(|(t, key)| *t == T::EntityByName as usize && key.starts_with(&prefix))
                    .map(|(_, key)| key)
                    .min();
                if first.as_deref() != Some(k.as_ref()) {
                    continue;
                }
            }
            if items.len() == limit {
                return Ok(Page { items, next: last });
            }
            items.push(rec);
            last = Some(k.to_vec());
        }
        Ok(Page { items, next: None })
    }

    /// Walks the dated index `t` under each of `prefixes`, newest first, merged by their
    /// `date | id` suffix; `keep` filters the record of each id (read from `records`: articles,
    /// quotes or meetings) and makes the answer. Whether a further page exists is known from the
    /// next entry that `keep` takes, or, in a walk where every entry is an answer, from the next
    /// entry alone (its record is not read).
    #[allow(clippy::too_many_arguments)]
    fn scan_dated<Rec: serde::de::DeserializeOwned, R>(
        &self,
        t: T,
        records: T,
        prefixes: &[Vec<u8>],
        dates: DateRange,
        cursor: Option<&[u8]>,
        walk: Walk,
        mut keep: impl FnMut(Rec) -> Result<Option<R>, StoreError>,
    ) -> Result<Page<R>, StoreError> {
        let id_len = if records == T::Articles {
            16
        } else {
            FACT_ID_LEN
        };
        check_cursor(cursor, id_len)?;
        let mut heads = Vec::new();
        for p in prefixes {
            let lo = keys::dated(p, dates.from, &[]);
            let mut hi = keys::dated(p, dates.to.saturating_add(1), &[]);
            if let Some(c) = cursor {
                let mut at = p.clone();
                at.extend_from_slice(c);
                hi = hi.min(at);
            }
            let mut iter = self.tree(t).range(lo..hi).rev();
            let head = iter.next().transpose()?.map(|(k, _)| k[p.len()..].to_vec());
            heads.push((head, iter, p.len()));
        }
        let merged = std::iter::from_fn(|| {
            let best = heads.iter().filter_map(|(h, _, _)| h.clone()).max()?;
            for (head, iter, plen) in heads.iter_mut() {
                if head.as_ref() == Some(&best) {
                    match iter.next().transpose() {
                        Ok(next) => *head = next.map(|(k, _)| k[*plen..].to_vec()),
                        Err(e) => return Some(Err(e.into())),
                    }
                }
            }
            Some(Ok((best, ())))
        });
        page(merged, walk, |suffix, ()| {
            match self.record::<Rec>(records, &suffix[4..])? {
                Some(r) => keep(r),
                None => Ok(None),
            }
        })
    }

    /// The facts of one article (`records`: quotes or meetings) as [`Store::scan_dated`] gives
    /// an index's: they are the prefix `article` of their record tree, so they are read whole
    /// (a few dozen at most), dated by `date_of`, kept within `dates` and before the cursor, and
    /// walked newest first by the same `date | fact id` suffix, which is also the cursor.
    #[allow(clippy::too_many_arguments)]
    fn scan_article<Rec: serde::de::DeserializeOwned, R>(
        &self,
        records: T,
        article: ArticleId,
        dates: DateRange,
        cursor: Option<&[u8]>,
        walk: Walk,
        date_of: impl Fn(&Rec) -> u32,
        mut keep: impl FnMut(Rec) -> Result<Option<R>, StoreError>,
    ) -> Result<Page<R>, StoreError> {
        check_cursor(cursor, FACT_ID_LEN)?;
        let mut found = Vec::new();
        for kv in self.tree(records).scan_prefix(article.0) {
            let (k, v) = kv?;
            let rec: Rec = decode(records, &v)?;
            let date = keys::date_sort(keys::date_from_value(date_of(&rec)));
            let suffix = keys::dated(&[], date, &k);
            if date < dates.from || date > dates.to || cursor.is_some_and(|c| suffix[..] >= *c) {
                continue;
            }
            found.push((suffix, rec));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0));
        page(found.into_iter().map(Ok), walk, |_, rec| keep(rec))
    }
}

fn check_cursor(cursor: Option<&[u8]>, id_len: usize) -> Result<(), StoreError> {
    match cursor {
        Some(c) if c.len() != 4 + id_len => Err(StoreError::BadCursor(
            "does not belong to this query".into(),
        )),
        _ => Ok(()),
    }
}

/// One page from `entries` (`date | id` suffixes newest first, each with what `accept` needs):
/// up to `walk.limit` answers of `accept`, and the cursor of the next page when there is one.
fn page<X, R>(
    entries: impl Iterator<Item = Result<(Vec<u8>, X), StoreError>>,
    walk: Walk,
    mut accept: impl FnMut(&[u8], X) -> Result<Option<R>, StoreError>,
) -> Result<Page<R>, StoreError> {
    let mut items = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    for entry in entries {
        let (suffix, x) = entry?;
        if walk.only_answers && items.len() == walk.limit {
            // another entry is another answer: there is a next page, no need to read it
            return Ok(Page { items, next: last });
        }
        let Some(record) = accept(&suffix, x)? else {
            continue;
        };
        if items.len() == walk.limit {
            return Ok(Page { items, next: last });
        }
        items.push(record);
        last = Some(suffix);
    }
    Ok(Page { items, next: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_article_is_the_record_without_its_raw_text_and_locals() {
        use crate::store::records::LocalEntity;
        let full = |text: &str| ArticleRecord {
            id: "a1".into(),
            title: Some("عنوان".into()),
            text: text.into(),
            raw: format!("  {text}\n"),
            published: 20_141_120,
            source_url: "https://example.com/a".into(),
            outlet: "الحياة".into(),
            language: "ar".into(),
            credited_source: Some("رويترز".into()),
            summary: Summary {
                quotes: 1,
                meetings: 2,
                entities: 3,
                temporal_expressions: 4,
            },
            entities: vec![7, 9, u64::MAX],
            locals: vec![LocalEntity {
                name: "جون كيري".into(),
                entity: Some(7),
                ..LocalEntity::default()
            }],
            quote_count: 1,
            meeting_count: 2,
        };
        let shown = |a: &ArticleRecord| ArticleRecord {
            raw: String::new(),
            locals: Vec::new(),
            quote_count: 0,
            meeting_count: 0,
            ..a.clone()
        };
        // (record, its stored bytes: postcard, postcard + zstd, postcard + lz4 of formats 2
        // and 3, JSON of format 1)
        let long = "قال وزير الخارجية ".repeat(100);
        let cases = [
            (full("قال"), super::super::encode(&full("قال"))),
            (full(&long), super::super::encode(&full(&long))),
            (full(&long), super::super::encode_lz4(&full(&long))),
            (full("قال"), serde_json::to_vec(&full("قال")).unwrap()),
        ];
        for (i, (record, bytes)) in cases.into_iter().enumerate() {
            let got: ShownArticle = decode(T::Articles, &bytes).expect("decodes");
            assert_eq!(got.into_record(), shown(&record), "case {i}");
        }
        assert_eq!(
            super::super::encode(&full(&long)).first(),
            Some(&0x03),
            "the long one is compressed"
        );
    }

    #[test]
    fn which_lists_walk_only_answers() {
        let name = || Some("كيري".to_string());
        let article = || Some(ArticleId::of_text("a"));
        // (query, whether every index entry its walk reads is an answer)
        let quotes = [
            (QuoteQuery::default(), true),
            (
                QuoteQuery {
                    speaker: name(),
                    dates: DateRange {
                        from: 20_140_101,
                        to: 20_140_131,
                    },
                    ..QuoteQuery::default()
                },
                true,
            ),
            (
                QuoteQuery {
                    article: article(),
                    ..QuoteQuery::default()
                },
                true,
            ),
            (
                QuoteQuery {
                    article: article(),
                    speaker: name(),
                    ..QuoteQuery::default()
                },
                false,
            ),
            (
                QuoteQuery {
                    speaker: name(),
                    kind: Some(QuoteKind::Direct),
                    ..QuoteQuery::default()
                },
                false,
            ),
            (
                QuoteQuery {
                    contains: Some("السلام".into()),
                    ..QuoteQuery::default()
                },
                false,
            ),
        ];
        for (q, want) in quotes {
            assert_eq!(q.walks_only_answers(), want, "{q:?}");
        }
        let meetings = [
            (MeetingQuery::default(), true),
            (
                MeetingQuery {
                    participant: name(),
                    ..MeetingQuery::default()
                },
                true,
            ),
            (
                MeetingQuery {
                    place: name(),
                    ..MeetingQuery::default()
                },
                true,
            ),
            (
                MeetingQuery {
                    participant: name(),
                    place: name(),
                    ..MeetingQuery::default()
                },
                false,
            ),
            (
                MeetingQuery {
                    article: article(),
                    participant: name(),
                    ..MeetingQuery::default()
                },
                false,
            ),
            (
                MeetingQuery {
                    status: Some(MeetingStatus::Held),
                    ..MeetingQuery::default()
                },
                false,
            ),
            (
                MeetingQuery {
                    kind: Some(MeetingKind::Summit),
                    ..MeetingQuery::default()
                },
                false,
            ),
        ];
        for (q, want) in meetings {
            assert_eq!(q.walks_only_answers(), want, "{q:?}");
        }
        let articles = [
            (ArticleQuery::default(), true),
            (
                ArticleQuery {
                    entity: name(),
                    ..ArticleQuery::default()
                },
                true,
            ),
            (
                ArticleQuery {
                    outlet: Some("الحياة".into()),
                    ..ArticleQuery::default()
                },
                true,
            ),
            (
                ArticleQuery {
                    entity: name(),
                    outlet: Some("الحياة".into()),
                    ..ArticleQuery::default()
                },
                false,
            ),
        ];
        for (q, want) in articles {
            assert_eq!(q.walks_only_answers(), want, "{q:?}");
        }
    }
}
