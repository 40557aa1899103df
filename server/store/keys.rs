//! Every sled tree and every key layout of the store, in one place.
//!
//! Conventions: numbers are big-endian so that byte order is numeric order; dates are `u32`
//! `yyyymmdd` (sortable; 0 = unknown); composite keys are fixed-width fields concatenated, and a
//! variable-width text field is followed by a `0x00` separator (texts never hold NUL: it is
//! stripped). Index trees map a key to an empty value: the key *is* the entry.
//!
//! | tree | key | value |
//! |------|-----|-------|
//! | `articles` | article id (16) | [`ArticleRecord`](super::records::ArticleRecord) record¹ |
//! | `quotes` | fact id (18 = article id + u16 index) | `QuoteRecord` record¹ |
//! | `meetings` | fact id (18) | `MeetingRecord` record¹ |
//! | `entities` | entity id (u64) | `EntityRecord` record¹ |
//! | `article_by_published` | published (u32) \| article id | – |
//! | `article_by_outlet` | outlet hash (8) \| published \| article id | – |
//! | `article_by_entity` | entity id \| published \| article id | – |
//! | `quote_by_speaker` | speaker id \| date \| fact id | – |
//! | `quote_by_date` | date \| fact id | – |
//! | `meeting_by_date` | date \| fact id | – |
//! | `meeting_by_participant` | entity id \| date \| fact id | – |
//! | `meeting_by_place` | entity id \| date \| fact id | – |
//! | `entity_by_name` | normalised name \| 0x00 \| entity id | – |
//! | `entity_by_family` | normalised family name \| 0x00 \| entity id | – |
//! | `entity_by_skeleton` | consonant skeleton (or a one-deletion variant) \| 0x00 \| entity id | – |
//! | `entity_by_kind` | kind code (u8) \| entity id | – |
//! | `redirects` | merged entity id | the entity id it was merged into |
//! | `alias_pins` | normalised alias | entity id the alias was split off to |
//! | `corrections` | sequence (u64) | `Correction` record¹ (the audit log of user corrections) |
//! | `meta` | `next_entity_id` | u64 |
//! | `entity_summaries` | entity id (u64) | [`EntitySummary`](super::summary::EntitySummary) (binary) |
//! | `entity_by_scope` | article id (16) \| kind code (u8) \| normalised name \| 0x00 \| entity id | – |
//!
//! ¹ A record is a tag byte then postcard (`0x01`), or postcard compressed when that is smaller:
//! with zstd from 2 KiB of postcard on (`0x03`, then the plain length as a little-endian u32 and
//! one zstd block), with lz4 below (`0x02`, as formats 2 and 3 compressed every record); records
//! of format 1 stores are JSON (they start with `{`) and are still read (see `encode`/`decode` in
//! the store's `mod.rs`).
//!
//! `entity_by_scope` holds only entities scoped to one article (unnamed people: "مصدر", "مسؤول
//! إيراني"), under each of their names as `entity_by_name` has them: linking an article's unnamed
//! person looks up (article, kind, name) directly instead of reading every entity of that name,
//! one per earlier article (benches/results/2026-11-25-session9.md). Added in format 3.
//!
//! An article's quotes and meetings need no index of their own: their keys start with the article
//! id, so they are one prefix of `quotes` and `meetings`, read whole and sorted by the same dated
//! suffix as the indexes below (an article has a few dozen facts at most). Until format 5 they had
//! one (`quote_by_article`, `meeting_by_article`: an index entry costs 130–300 bytes on disk in
//! sled 0.34, whatever its size, benches/results/2026-11-27-session12.md); [`RETIRED_TREES`].
//!
//! Every list query ends in a *dated suffix* `date | id`: the paging cursor is that suffix, so one
//! cursor format serves every index, and several prefixes (a speaker known under two ids) are
//! merged newest first by the suffix.
use std::fmt;

use sha2::{Digest, Sha256};

use crate::extract::PartialDate;

/// The trees, in the order [`TREE_NAMES`] opens them; the discriminant indexes the open trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Articles,
    Quotes,
    Meetings,
    Entities,
    ArticleByPublished,
    ArticleByOutlet,
    ArticleByEntity,
    QuoteBySpeaker,
    QuoteByDate,
    MeetingByDate,
    MeetingByParticipant,
    MeetingByPlace,
    EntityByName,
    EntityByFamily,
    EntityBySkeleton,
    EntityByKind,
    Redirects,
    AliasPins,
    Corrections,
    Meta,
    EntitySummaries,
    EntityByScope,
}

/// sled tree names, indexed by [`T`].
pub const TREE_NAMES: [&str; 22] = [
    "articles",
    "quotes",
    "meetings",
    "entities",
    "article_by_published",
    "article_by_outlet",
    "article_by_entity",
    "quote_by_speaker",
    "quote_by_date",
    "meeting_by_date",
    "meeting_by_participant",
    "meeting_by_place",
    "entity_by_name",
    "entity_by_family",
    "entity_by_skeleton",
    "entity_by_kind",
    "redirects",
    "alias_pins",
    "corrections",
    "meta",
    "entity_summaries",
    "entity_by_scope",
];

/// Trees older formats had and this one drops when it migrates a store (see `format`).
pub const RETIRED_TREES: [&str; 2] = ["quote_by_article", "meeting_by_article"];

/// `meta` key of the next entity id to hand out.
pub const NEXT_ENTITY_ID: &[u8] = b"next_entity_id";
/// `meta` key of the next correction sequence number.
pub const NEXT_CORRECTION: &[u8] = b"next_correction";

/// An article's id: the first 16 bytes of sha256 over its normalised raw text, so the same
/// content always gets the same id. Written as 32 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub [u8; 16]);

impl ArticleId {
    /// The id of an article with this raw text.
    pub fn of_text(raw: &str) -> Self {
        let digest = Sha256::digest(crate::extract::arabic::normalize(raw).as_bytes());
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        ArticleId(id)
    }
    pub fn parse(s: &str) -> Option<Self> {
        let bytes = hex::decode(s.trim()).ok()?;
        Some(ArticleId(bytes.try_into().ok()?))
    }
    pub fn from_key(k: &[u8]) -> Option<Self> {
        Some(ArticleId(k.get(..16)?.try_into().ok()?))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// Quote or meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactKind {
    Quote,
    Meeting,
}

impl FactKind {
    fn letter(self) -> char {
        match self {
            FactKind::Quote => 'q',
            FactKind::Meeting => 'm',
        }
    }
}

/// A quote's or meeting's id: its article and its position there. Stable across restarts and
/// idempotent re-ingest. Written `<article id>-q<n>` / `<article id>-m<n>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactId {
    pub article: ArticleId,
    pub index: u16,
}

/// Width of a fact id key.
pub const FACT_ID_LEN: usize = 18;

impl FactId {
    pub fn key(&self) -> [u8; FACT_ID_LEN] {
        let mut k = [0u8; FACT_ID_LEN];
        k[..16].copy_from_slice(&self.article.0);
        k[16..].copy_from_slice(&self.index.to_be_bytes());
        k
    }
    pub fn from_key(k: &[u8]) -> Option<Self> {
        let article = ArticleId::from_key(k)?;
        let index = u16::from_be_bytes(k.get(16..18)?.try_into().ok()?);
        Some(FactId { article, index })
    }
    pub fn display(&self, kind: FactKind) -> String {
        format!("{}-{}{}", self.article, kind.letter(), self.index)
    }
    /// Parses `<article id>-q<n>` (for `kind` Quote) or `-m<n>`.
    pub fn parse(s: &str, kind: FactKind) -> Option<Self> {
        let (article, rest) = s.trim().split_once('-')?;
        let index = rest.strip_prefix(kind.letter())?.parse().ok()?;
        Some(FactId {
            article: ArticleId::parse(article)?,
            index,
        })
    }
}

/// An entity's id, handed out in order; written `e<n>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u64);

impl EntityId {
    pub fn key(self) -> [u8; 8] {
        self.0.to_be_bytes()
    }
    pub fn from_key(k: &[u8]) -> Option<Self> {
        Some(EntityId(u64::from_be_bytes(k.get(..8)?.try_into().ok()?)))
    }
    pub fn parse(s: &str) -> Option<Self> {
        let digits = s.trim().strip_prefix('e')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(EntityId)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// A date as stored: `yyyymmdd` with 0 for an unknown month or day, 0 for no date at all.
pub fn date_value(d: Option<PartialDate>) -> u32 {
    match d {
        Some(d) if (1..=9999).contains(&d.year) && d.month <= 12 && d.day <= 31 => {
            d.year as u32 * 10_000 + d.month * 100 + d.day
        }
        _ => 0,
    }
}

/// The stored date back; `None` for 0.
pub fn date_from_value(v: u32) -> Option<PartialDate> {
    (v != 0).then_some(PartialDate {
        year: (v / 10_000) as i32,
        month: v / 100 % 100,
        day: v % 100,
    })
}

/// A date's position in the dated indexes: the first day of its period (a month-only date sorts
/// as its 1st), so a day range over a month finds it.
pub fn date_sort(d: Option<PartialDate>) -> u32 {
    let v = date_value(d);
    if v == 0 {
        return 0;
    }
    let (y, m, day) = (v / 10_000, v / 100 % 100, v % 100);
    y * 10_000 + m.max(1) * 100 + day.max(1)
}

/// Index key `prefix | date | id`.
pub fn dated(prefix: &[u8], date: u32, id: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + 4 + id.len());
    k.extend_from_slice(prefix);
    k.extend_from_slice(&date.to_be_bytes());
    k.extend_from_slice(id);
    k
}

/// Index key `text | 0x00 | entity id` (name, family name, skeleton indexes).
pub fn text_entity(text: &str, id: EntityId) -> Vec<u8> {
    let mut k = text_prefix(text);
    k.extend_from_slice(&id.key());
    k
}

/// The exact-match prefix `text | 0x00` of a [`text_entity`] key.
pub fn text_prefix(text: &str) -> Vec<u8> {
    let mut k: Vec<u8> = text.bytes().filter(|&b| b != 0).collect();
    k.push(0);
    k
}

/// The starts-with prefix of a [`text_entity`] key (no separator).
pub fn text_starts_with(text: &str) -> Vec<u8> {
    text.bytes().filter(|&b| b != 0).collect()
}

/// The entity id at the end of a [`text_entity`] key.
pub fn entity_of_text_key(k: &[u8]) -> Option<EntityId> {
    EntityId::from_key(k.get(k.len().checked_sub(8)?..)?)
}

/// The 8-byte prefix of an outlet in `article_by_outlet`: a hash of its normalised name, so any
/// outlet name gives a fixed-width prefix.
pub fn outlet_prefix(outlet: &str) -> [u8; 8] {
    let digest = Sha256::digest(crate::extract::arabic::normalize(outlet).as_bytes());
    let mut p = [0u8; 8];
    p.copy_from_slice(&digest[..8]);
    p
}

/// Key of `entity_by_scope`: `article | kind | name | 0x00 | entity id`.
pub fn scope_entity(article: ArticleId, kind: u8, name: &str, id: EntityId) -> Vec<u8> {
    let mut k = scope_prefix(article, kind, name);
    k.extend_from_slice(&id.key());
    k
}

/// The exact-match prefix `article | kind | name | 0x00` of a [`scope_entity`] key.
pub fn scope_prefix(article: ArticleId, kind: u8, name: &str) -> Vec<u8> {
    let name = text_prefix(name);
    let mut k = Vec::with_capacity(17 + name.len() + 8);
    k.extend_from_slice(&article.0);
    k.push(kind);
    k.extend_from_slice(&name);
    k
}

/// Key of `entity_by_kind`.
pub fn kind_entity(kind: u8, id: EntityId) -> [u8; 9] {
    let mut k = [0u8; 9];
    k[0] = kind;
    k[1..].copy_from_slice(&id.key());
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_written_form() {
        let a = ArticleId::of_text("نص");
        assert_eq!(ArticleId::parse(&a.to_string()), Some(a));
        let f = FactId {
            article: a,
            index: 7,
        };
        assert_eq!(
            FactId::parse(&f.display(FactKind::Quote), FactKind::Quote),
            Some(f)
        );
        assert_eq!(
            FactId::parse(&f.display(FactKind::Quote), FactKind::Meeting),
            None
        );
        assert_eq!(FactId::from_key(&f.key()), Some(f));
        assert_eq!(EntityId::parse("e42"), Some(EntityId(42)));
        // (written form, parses?)
        for (s, ok) in [("e", false), ("e-1", false), ("42", false), ("e+1", false)] {
            assert_eq!(EntityId::parse(s).is_some(), ok, "{s}");
        }
        assert_eq!(ArticleId::parse("zz"), None);
    }

    #[test]
    fn same_content_same_article_id() {
        // normalisation folds hamza forms and whitespace runs
        assert_eq!(
            ArticleId::of_text("قال  أحمد"),
            ArticleId::of_text("قال احمد")
        );
        assert_ne!(
            ArticleId::of_text("قال أحمد"),
            ArticleId::of_text("قال محمد")
        );
    }

    #[test]
    fn dates_sort_by_the_first_day_of_their_period() {
        let d = |year, month, day| Some(PartialDate { year, month, day });
        // (date, stored value, sort position)
        let cases = [
            (d(2014, 11, 27), 20141127, 20141127),
            (d(2014, 11, 0), 20141100, 20141101),
            (d(2014, 0, 0), 20140000, 20140101),
            (None, 0, 0),
            (d(0, 1, 1), 0, 0),
            (d(2014, 13, 1), 0, 0),
        ];
        for (date, value, sort) in cases {
            assert_eq!(date_value(date), value, "{date:?}");
            assert_eq!(date_sort(date), sort, "{date:?}");
        }
        assert_eq!(date_from_value(20141127), d(2014, 11, 27));
        assert_eq!(date_from_value(0), None);
    }
}
