//! Ingest, re-ingest and delete: an article with its facts, its index entries and its
//! contributions to the registry, written (or taken back) in one batch.
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, MutexGuard, TryLockError};
use std::time::Instant;

use futures::channel::oneshot;

use super::batch::{Batch, EntityCache};
use super::keys::{self, ArticleId, EntityId, FactId, FactKind, T};
use super::records::{ArticleRecord, Code, LocalEntity, MeetingRecord, QuoteRecord, Summary};
use super::summary::EntitySummary;
use super::{decode, encode, registry, Store, StoreError};
use crate::extract::{ExtractedArticle, PartialDate};

/// What the caller knows about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleMeta {
    /// A full day when given.
    pub published: Option<PartialDate>,
    pub source_url: String,
    pub outlet: String,
    pub language: String,
}

/// The stored article, and whether it was already there unchanged.
#[derive(Debug, Clone)]
pub struct IngestOutcome {
    pub article: ArticleRecord,
    pub already_stored: bool,
    /// The summaries of the article's entities as its group left them, when the writer had them
    /// at hand (`None`: [`Store::view_of_ingest`] reads them from the store).
    pub entities: Option<Vec<Arc<EntitySummary>>>,
}

/// An article ready to be written: its record and facts, entities not yet linked.
#[derive(Clone)]
struct Draft {
    article: ArticleRecord,
    quotes: Vec<QuoteRecord>,
    meetings: Vec<MeetingRecord>,
}

fn span(s: crate::extract::Span) -> (u32, u32) {
    let c = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (c(s.start), c(s.end))
}

/// The draft of an extracted article (ids of facts are positions, capped at u16).
fn draft(id: ArticleId, meta: &ArticleMeta, x: &ExtractedArticle) -> Draft {
    let article_id = id.to_string();
    let mut locals: Vec<LocalEntity> = x
        .entities
        .iter()
        .map(|e| {
            let mut roles: Vec<(String, Option<String>, u64)> = Vec::new();
            for role in &e.roles {
                let with_role = e
                    .mentions
                    .iter()
                    .filter_map(|&m| x.mentions.get(m))
                    .filter(|m| m.role.as_ref().is_some_and(|r| r.text == role.text))
                    .count() as u64;
                if !roles.iter().any(|(r, _, _)| *r == role.text) {
                    roles.push((role.text.clone(), role.country.clone(), with_role.max(1)));
                }
            }
            LocalEntity {
                kind: e.kind.code(),
                name: e.name.clone(),
                latin_name: e.latin_name.clone(),
                aliases: e
                    .aliases
                    .iter()
                    .map(|(a, c)| (a.clone(), u64::from(*c)))
                    .collect(),
                roles,
                ..LocalEntity::default()
            }
        })
        .collect();
    let local = |i: usize| u32::try_from(i).ok();
    let quotes: Vec<QuoteRecord> = x
        .quotes
        .iter()
        .take(usize::from(u16::MAX))
        .enumerate()
        .map(|(i, q)| {
            if let Some(l) = q.speaker.and_then(|s| locals.get_mut(s)) {
                l.quotes += 1;
            }
            let (start, end) = span(q.span);
            QuoteRecord {
                id: FactId {
                    article: id,
                    index: i as u16,
                }
                .display(FactKind::Quote),
                article_id: article_id.clone(),
                speaker: None,
                speaker_local: q.speaker.filter(|&s| s < x.entities.len()).and_then(local),
                speaker_mention: q.speaker_mention.clone(),
                speaker_role: q.speaker_role.clone(),
                text: q.text.clone(),
                kind: q.kind.code(),
                verb: q.verb.clone(),
                verb_lemma: q.verb_lemma.clone(),
                date: keys::date_value(q.date),
                date_precision: q.date_precision.code(),
                start,
                end,
                confidence: q.confidence,
            }
        })
        .collect();
    let meetings: Vec<MeetingRecord> = x
        .meetings
        .iter()
        .take(usize::from(u16::MAX))
        .enumerate()
        .map(|(i, m)| {
            let mut participants: Vec<u32> = Vec::new();
            for &p in &m.participants {
                if p < x.entities.len() && !participants.contains(&(p as u32)) {
                    participants.push(p as u32);
                }
            }
            let place = m.place.filter(|&p| p < x.entities.len()).and_then(local);
            for &p in participants.iter().chain(place.iter()) {
                if let Some(l) = locals.get_mut(p as usize) {
                    l.meetings += 1;
                }
            }
            let (start, end) = span(m.span);
            MeetingRecord {
                id: FactId {
                    article: id,
                    index: i as u16,
                }
                .display(FactKind::Meeting),
                article_id: article_id.clone(),
                participants_local: participants,
                place_local: place,
                date: keys::date_value(m.date),
                date_precision: m.date_precision.code(),
                status: m.status.code(),
                kind: m.kind.code(),
                evidence: m.evidence.clone(),
                start,
                end,
                confidence: m.confidence,
                ..MeetingRecord::default()
            }
        })
        .collect();
    let summary = Summary {
        quotes: x.quotes.len() as u32,
        meetings: x.meetings.len() as u32,
        entities: x.entities.len() as u32,
        temporal_expressions: x.temporal_expressions.len() as u32,
    };
    Draft {
        article: ArticleRecord {
            id: article_id,
            title: x.title.clone(),
            text: x.text.clone(),
            raw: x.raw.clone(),
            published: keys::date_value(meta.published),
            source_url: meta.source_url.clone(),
            outlet: meta.outlet.clone(),
            language: meta.language.clone(),
            credited_source: x.source.clone(),
            summary,
            quote_count: quotes.len() as u16,
            meeting_count: meetings.len() as u16,
            locals,
            entities: Vec::new(),
        },
        quotes,
        meetings,
    }
}

fn article_key(rec: &ArticleRecord) -> Result<ArticleId, StoreError> {
    ArticleId::parse(&rec.id).ok_or_else(|| StoreError::Corrupt {
        tree: "articles",
        detail: format!("bad article id {:?}", rec.id),
    })
}

/// Links the draft's entities, then writes the article, its facts, every index entry and the
/// registry counts.
fn add(batch: &mut Batch<'_>, mut d: Draft) -> Result<ArticleRecord, StoreError> {
    let id = article_key(&d.article)?;
    let published = d.article.published;
    let mut entities: Vec<u64> = Vec::new();
    for i in 0..d.article.locals.len() {
        let linked = registry::resolve(batch, &d.article.locals[i], id)?;
        d.article.locals[i].entity = linked.map(|e| e.0);
        if let Some(e) = linked {
            registry::contribute(batch, e, &d.article.locals[i], published, true)?;
            if !entities.contains(&e.0) {
                entities.push(e.0);
            }
        }
    }
    let global = |l: Option<u32>| -> Option<u64> {
        l.and_then(|l| d.article.locals.get(l as usize))
            .and_then(|l| l.entity)
    };
    for q in &mut d.quotes {
        q.speaker = global(q.speaker_local);
    }
    for m in &mut d.meetings {
        m.participants = Vec::new();
        for &p in &m.participants_local {
            if let Some(e) = global(Some(p)) {
                if !m.participants.contains(&e) {
                    m.participants.push(e);
                }
            }
        }
        m.place = global(m.place_local);
    }
    d.article.entities = entities;
    for (i, q) in d.quotes.iter().enumerate() {
        let fid = FactId {
            article: id,
            index: i as u16,
        };
        for (t, k) in quote_index(q, fid) {
            batch.put(t, k, Vec::new());
        }
        batch.put(T::Quotes, fid.key().to_vec(), encode(q));
    }
    for (i, m) in d.meetings.iter().enumerate() {
        let fid = FactId {
            article: id,
            index: i as u16,
        };
        for (t, k) in meeting_index(m, fid) {
            batch.put(t, k, Vec::new());
        }
        batch.put(T::Meetings, fid.key().to_vec(), encode(m));
    }
    for (t, k) in article_index(&d.article, id) {
        batch.put(t, k, Vec::new());
    }
    batch.put(T::Articles, id.0.to_vec(), encode(&d.article));
    Ok(d.article)
}

pub(super) fn quote_index(q: &QuoteRecord, fid: FactId) -> Vec<(T, Vec<u8>)> {
    let date = keys::date_sort(keys::date_from_value(q.date));
    let fk = fid.key();
    let mut out = vec![(T::QuoteByDate, keys::dated(&[], date, &fk))];
    if let Some(s) = q.speaker {
        out.push((T::QuoteBySpeaker, keys::dated(&s.to_be_bytes(), date, &fk)));
    }
    out
}

pub(super) fn meeting_index(m: &MeetingRecord, fid: FactId) -> Vec<(T, Vec<u8>)> {
    let date = keys::date_sort(keys::date_from_value(m.date));
    let fk = fid.key();
    let mut out = vec![(T::MeetingByDate, keys::dated(&[], date, &fk))];
    for p in &m.participants {
        out.push((
            T::MeetingByParticipant,
            keys::dated(&p.to_be_bytes(), date, &fk),
        ));
    }
    if let Some(p) = m.place {
        out.push((T::MeetingByPlace, keys::dated(&p.to_be_bytes(), date, &fk)));
    }
    out
}

pub(super) fn article_index(a: &ArticleRecord, id: ArticleId) -> Vec<(T, Vec<u8>)> {
    let date = keys::date_sort(keys::date_from_value(a.published));
    let mut out = vec![(T::ArticleByPublished, keys::dated(&[], date, &id.0))];
    if !a.outlet.trim().is_empty() {
        out.push((
            T::ArticleByOutlet,
            keys::dated(&keys::outlet_prefix(&a.outlet), date, &id.0),
        ));
    }
    for e in &a.entities {
        out.push((
            T::ArticleByEntity,
            keys::dated(&e.to_be_bytes(), date, &id.0),
        ));
    }
    out
}

fn load_article(batch: &Batch<'_>, id: ArticleId) -> Result<Option<ArticleRecord>, StoreError> {
    match batch.get(T::Articles, &id.0)? {
        Some(v) => Ok(Some(decode(T::Articles, &v)?)),
        None => Ok(None),
    }
}

/// Takes the stored article out: its facts, index entries and registry counts. Returns its draft
/// (facts as stored) so it can be written again re-linked.
fn remove(batch: &mut Batch<'_>, a: ArticleRecord) -> Result<Draft, StoreError> {
    let id = article_key(&a)?;
    let mut quotes = Vec::new();
    for i in 0..a.quote_count {
        let fid = FactId {
            article: id,
            index: i,
        };
        if let Some(v) = batch.get(T::Quotes, &fid.key())? {
            let q: QuoteRecord = decode(T::Quotes, &v)?;
            for (t, k) in quote_index(&q, fid) {
                batch.remove(t, k);
            }
            batch.remove(T::Quotes, fid.key().to_vec());
            quotes.push(q);
        }
    }
    let mut meetings = Vec::new();
    for i in 0..a.meeting_count {
        let fid = FactId {
            article: id,
            index: i,
        };
        if let Some(v) = batch.get(T::Meetings, &fid.key())? {
            let m: MeetingRecord = decode(T::Meetings, &v)?;
            for (t, k) in meeting_index(&m, fid) {
                batch.remove(t, k);
            }
            batch.remove(T::Meetings, fid.key().to_vec());
            meetings.push(m);
        }
    }
    for (t, k) in article_index(&a, id) {
        batch.remove(t, k);
    }
    batch.remove(T::Articles, id.0.to_vec());
    for local in &a.locals {
        // not through redirects: a merge re-links every article of the merged entity
        if let Some(e) = local.entity {
            registry::contribute(batch, EntityId(e), local, a.published, false)?;
        }
    }
    Ok(Draft {
        article: a,
        quotes,
        meetings,
    })
}

/// Removes the article and writes it again with its entities linked afresh (after a correction).
pub(super) fn relink(batch: &mut Batch<'_>, id: ArticleId) -> Result<(), StoreError> {
    if let Some(a) = load_article(batch, id)? {
        let mut d = remove(batch, a)?;
        for l in &mut d.article.locals {
            l.entity = None;
        }
        add(batch, d)?;
    }
    Ok(())
}

/// An ingest waiting for the writer (see [`Store::ingest_many`]).
pub(super) struct Queued {
    id: ArticleId,
    /// `yyyymmdd`, 0 = none.
    published: u32,
    draft: Draft,
    reply: oneshot::Sender<Result<IngestOutcome, StoreError>>,
}

/// A queued ingest ([`Store::queue_ingest`]): its outcome, once the article is durable.
#[must_use = "the outcome comes once the article is durable"]
pub struct PendingIngest(oneshot::Receiver<Result<IngestOutcome, StoreError>>);

impl PendingIngest {
    /// Waits for the outcome without holding a thread (the service awaits it on its runtime).
    pub async fn durable(self) -> Result<IngestOutcome, StoreError> {
        self.0.await.unwrap_or_else(|_| Err(writer_gone()))
    }

    /// Waits for the outcome, blocking this thread.
    pub fn wait(self) -> Result<IngestOutcome, StoreError> {
        futures::executor::block_on(self.durable())
    }
}

/// The single writer, held ([`Store::writer`]). An ingest that finds the writer taken queues its
/// article and leaves: so when this guard is let go, the ingests queued meanwhile are written by
/// this thread ([`Store::write_queued`]), unless another writer took over.
pub(super) struct Writer<'a> {
    store: &'a Store,
    guard: Option<MutexGuard<'a, EntityCache>>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(store: &'a Store, guard: MutexGuard<'a, EntityCache>) -> Self {
        Writer {
            store,
            guard: Some(guard),
        }
    }
}

impl Deref for Writer<'_> {
    type Target = EntityCache;
    fn deref(&self) -> &EntityCache {
        // `guard` is only taken in `drop`
        self.guard.as_deref().unwrap_or_else(|| unreachable!())
    }
}

impl DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut EntityCache {
        self.guard.as_deref_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        // unwinding from a panic: the queued ingests wait for the next one to come
        if !std::thread::panicking() {
            self.store.write_queued();
        }
    }
}

fn writer_gone() -> StoreError {
    StoreError::Corrupt {
        tree: "transaction",
        detail: "the writer stopped before answering (it panicked)".into(),
    }
}

/// Writes one article into the batch: the same content with the same date is left as it is
/// (`already_stored`), with another date it replaces the stored one.
fn ingest_into(
    batch: &mut Batch<'_>,
    id: ArticleId,
    published: u32,
    draft: Draft,
) -> Result<IngestOutcome, StoreError> {
    if let Some(existing) = load_article(batch, id)? {
        if existing.published == published {
            return Ok(IngestOutcome {
                article: existing,
                already_stored: true,
                entities: None,
            });
        }
        remove(batch, existing)?;
    }
    let article = add(batch, draft)?;
    tracing::debug!(article = %id, quotes = article.quote_count, meetings = article.meeting_count, "ingested");
    Ok(IngestOutcome {
        article,
        already_stored: false,
        entities: None,
    })
}

impl Store {
    /// The stored publication date (`yyyymmdd`, 0 = none) of an article, if it is stored: lets
    /// the service skip extraction for content it already has.
    pub fn stored_published(&self, id: ArticleId) -> Result<Option<u32>, StoreError> {
        match self.tree(T::Articles).get(id.0)? {
            Some(v) => Ok(Some(decode::<ArticleRecord>(T::Articles, &v)?.published)),
            None => Ok(None),
        }
    }

    /// Stores an extracted article under `id` (see [`ArticleId::of_text`]). The same content
    /// with the same publication date is left as it is (`already_stored`); with another date it
    /// replaces the stored one, facts and index entries included. Returns once durable.
    ///
    /// Concurrent calls are committed together (see [`Store::ingest_many`]).
    pub fn ingest(
        &self,
        id: ArticleId,
        meta: &ArticleMeta,
        extracted: &ExtractedArticle,
    ) -> Result<IngestOutcome, StoreError> {
        self.ingest_many([(id, meta, extracted)])
            .pop()
            .unwrap_or_else(|| Err(writer_gone()))
    }

    /// Stores several extracted articles, each as [`Store::ingest`] would, in order (the same
    /// article twice: the second sees the first), and returns each one's outcome once all are
    /// durable (see [`Store::queue_ingests`]).
    pub fn ingest_many<'a>(
        &self,
        articles: impl IntoIterator<Item = (ArticleId, &'a ArticleMeta, &'a ExtractedArticle)>,
    ) -> Vec<Result<IngestOutcome, StoreError>> {
        self.queue_ingests(articles)
            .into_iter()
            .map(PendingIngest::wait)
            .collect()
    }

    /// [`Store::ingest`], without waiting on this thread for the article to be durable: the
    /// outcome comes through the returned [`PendingIngest`].
    pub fn queue_ingest(
        &self,
        id: ArticleId,
        meta: &ArticleMeta,
        extracted: &ExtractedArticle,
    ) -> PendingIngest {
        let mut pending = self.queue_ingests([(id, meta, extracted)]);
        pending.pop().unwrap_or_else(|| {
            let (_, gone) = oneshot::channel();
            PendingIngest(gone)
        })
    }

    /// Group commit: the articles join the queue of ingests waiting for the writer. If the
    /// writer is free, this thread takes it and writes the whole queue in one transaction and
    /// one flush (one article failing, e.g. on a corrupt stored record, fails alone), then
    /// answers every article in it; if it is taken, its holder writes them when it lets go (see
    /// [`Writer`]), and this thread returns at once. Why not wait for the writer: with the
    /// service's threads waiting for it (or for the flush), articles queued behind them were not
    /// even extracted, and groups averaged 1.5 articles
    /// (benches/results/2026-11-25-session7-ingest.md).
    pub fn queue_ingests<'a>(
        &self,
        articles: impl IntoIterator<Item = (ArticleId, &'a ArticleMeta, &'a ExtractedArticle)>,
    ) -> Vec<PendingIngest> {
        let mut queued = Vec::new();
        let mut pending = Vec::new();
        for (id, meta, extracted) in articles {
            let (reply, answer) = oneshot::channel();
            queued.push(Queued {
                id,
                published: keys::date_value(meta.published),
                draft: draft(id, meta, extracted),
                reply,
            });
            pending.push(PendingIngest(answer));
        }
        self.queue().extend(queued);
        self.write_queued();
        pending
    }

    pub(super) fn queue(&self) -> MutexGuard<'_, Vec<Queued>> {
        self.inner
            .queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes what is queued if the writer is free, as groups (each one transaction, then one
    /// flush after the writer is let go, so that the next group is built while this one is
    /// flushed), until the queue is empty or another thread holds the writer. Correct because
    /// every holder of the writer comes here after letting it go: an article queued while the
    /// writer was held is seen by its holder's next look at the queue.
    pub(super) fn write_queued(&self) {
        loop {
            let mut writer = match self.inner.write_lock.try_lock() {
                Ok(writer) => writer,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                // its holder looks at the queue once it lets go
                Err(TryLockError::WouldBlock) => return,
            };
            let group = std::mem::take(&mut *self.queue());
            if group.is_empty() {
                drop(writer);
                // queued after this look and before the writer was let go: nobody else saw it
                if self.queue().is_empty() {
                    return;
                }
                continue;
            }
            let taken = Instant::now();
            let outcomes = self.write_group(&group, &mut writer);
            drop(writer);
            let written = Instant::now();
            let flushed = self.inner.db.flush();
            tracing::debug!(
                articles = group.len(),
                write_us = (written - taken).as_micros() as u64,
                flush_us = written.elapsed().as_micros() as u64,
                "group committed"
            );
            for (queued, outcome) in group.into_iter().zip(outcomes) {
                let outcome = match (&flushed, outcome) {
                    (Err(e), Ok(_)) => Err(StoreError::Sled(e.clone())),
                    (_, outcome) => outcome,
                };
                // the caller may have gone (its thread panicked): nobody to answer
                let _ = queued.reply.send(outcome);
            }
        }
    }

    /// Writes the group in one transaction; if any article fails, each one in its own, so that
    /// only the failing ones fail. Not yet flushed.
    fn write_group(
        &self,
        group: &[Queued],
        cache: &mut EntityCache,
    ) -> Vec<Result<IngestOutcome, StoreError>> {
        let one = |batch: &mut Batch<'_>, q: &Queued| {
            ingest_into(batch, q.id, q.published, q.draft.clone())
        };
        let mut batch = Batch::cached(&self.inner.trees, Some(&*cache));
        let built: Result<Vec<IngestOutcome>, StoreError> =
            group.iter().map(|q| one(&mut batch, q)).collect();
        let together = built.and_then(|outcomes| {
            let (ops, changes) = batch.finish()?;
            Ok((outcomes, ops, changes))
        });
        let together = together.and_then(|(outcomes, ops, changes)| {
            self.commit(&ops, changes, cache)?;
            Ok(outcomes)
        });
        let summarised = |mut outcome: IngestOutcome, cache: &EntityCache| {
            if !outcome.already_stored {
                outcome.entities = cache.summaries(&outcome.article.entities);
            }
            outcome
        };
        match together {
            Ok(outcomes) => outcomes
                .into_iter()
                .map(|o| Ok(summarised(o, cache)))
                .collect(),
            Err(e) if group.len() == 1 => vec![Err(e)],
            Err(_) => group
                .iter()
                .map(|q| {
                    let mut batch = Batch::cached(&self.inner.trees, Some(&*cache));
                    let outcome = one(&mut batch, q)?;
                    let (ops, changes) = batch.finish()?;
                    self.commit(&ops, changes, cache)?;
                    Ok(summarised(outcome, cache))
                })
                .collect(),
        }
    }

    /// Deletes an article with its facts and index entries, and takes its counts out of the
    /// registry. `NotFound` if it is not stored.
    pub fn delete_article(&self, id: ArticleId) -> Result<(), StoreError> {
        self.write(|batch| match load_article(batch, id)? {
            Some(a) => {
                remove(batch, a)?;
                Ok(())
            }
            None => Err(StoreError::NotFound {
                what: "article",
                id: id.to_string(),
            }),
        })
    }
}
