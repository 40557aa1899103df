//! What the store keeps per article, fact and entity. Enumerations are stored as small numeric
//! codes ([`Code`]); dates as `yyyymmdd` values (see [`super::keys::date_value`]).
//!
//! Encoding (`encode`/`decode` in the store module): format 4 writes a tag byte and postcard,
//! compressed when that is smaller (zstd for large records, lz4 for the others); formats 2 and 3
//! compressed every record with lz4 and format 1 wrote JSON, all still read. Postcard is positional:
//! adding, removing or reordering a field of a stored struct changes the format (records written
//! before would no longer decode): bump [`super::format::FORMAT_VERSION`] with a migration that
//! rewrites the records. `tests::binary_layout_is_pinned` fails when a layout changes.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extract::{DatePrecision, EntityKind, MeetingKind, MeetingStatus, QuoteKind};

/// A domain enumeration with a stable one-byte code for storage and index keys. Codes are never
/// reused: a new variant gets a new number.
pub trait Code: Sized + Copy {
    fn code(self) -> u8;
    fn from_code(c: u8) -> Self;
}

macro_rules! codes {
    ($ty:ident { $($variant:ident = $n:literal),+ $(,)? }) => {
        impl Code for $ty {
            fn code(self) -> u8 {
                match self { $($ty::$variant => $n),+ }
            }
            fn from_code(c: u8) -> Self {
                match c { $($n => $ty::$variant,)+ _ => $ty::default() }
            }
        }
    };
}

codes!(EntityKind { Unknown = 0, Person = 1, UnnamedPerson = 2, Organisation = 3, Country = 4, City = 5, Place = 6 });
codes!(QuoteKind { Unknown = 0, Direct = 1, Indirect = 2, Mixed = 3 });
codes!(MeetingStatus { Unknown = 0, Held = 1, Planned = 2, Cancelled = 3 });
codes!(MeetingKind { Unknown = 0, Bilateral = 1, Trilateral = 2, Multilateral = 3, Conference = 4, Summit = 5, Negotiations = 6, Session = 7 });
codes!(DatePrecision { Unknown = 0, Day = 1, Week = 2, EarlyMonth = 3, MidMonth = 4, LateMonth = 5, Month = 6, Year = 7 });

/// Counts of what was extracted from an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub quotes: u32,
    pub meetings: u32,
    pub entities: u32,
    pub temporal_expressions: u32,
}

/// An entity as one article knows it, with the global entity the registry linked it to. Kept
/// with the article so that deleting it takes exactly its counts back out of the registry, and
/// so that a correction (merge, split) can re-link the article without re-extracting it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    pub kind: u8,
    /// The most complete name the article gives.
    pub name: String,
    pub latin_name: Option<String>,
    /// Surface names with mention counts.
    pub aliases: Vec<(String, u64)>,
    /// (role as written, its country, mentions with it)
    pub roles: Vec<(String, Option<String>, u64)>,
    /// Quotes of the article it is the speaker of.
    pub quotes: u64,
    /// Meetings of the article it takes part in.
    pub meetings: u64,
    /// The registry entity it is linked to (`None` for a nameless mention).
    pub entity: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    /// The text as ingested (what the id is computed from): kept so that export can carry it
    /// and a newer extractor can re-extract it. Empty in records written before it was kept.
    /// (Always written: the binary encoding is positional, it cannot skip a field.)
    #[serde(default)]
    pub raw: String,
    /// `yyyymmdd`, 0 when not given.
    pub published: u32,
    pub source_url: String,
    pub outlet: String,
    pub language: String,
    pub credited_source: Option<String>,
    pub summary: Summary,
    /// Entities the article mentions, in order of first appearance.
    pub entities: Vec<u64>,
    /// The article's own entities, each linked to a registry entity.
    pub locals: Vec<LocalEntity>,
    /// Number of quotes (ids `-q0` ..) and meetings (`-m0` ..) stored for it.
    pub quote_count: u16,
    pub meeting_count: u16,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    pub id: String,
    pub article_id: String,
    pub speaker: Option<u64>,
    /// Index of the speaker in the article's `locals`.
    pub speaker_local: Option<u32>,
    pub speaker_mention: String,
    pub speaker_role: Option<String>,
    pub text: String,
    pub kind: u8,
    pub verb: String,
    pub verb_lemma: String,
    pub date: u32,
    pub date_precision: u8,
    pub start: u32,
    pub end: u32,
    pub confidence: f32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    pub id: String,
    pub article_id: String,
    pub participants: Vec<u64>,
    pub place: Option<u64>,
    /// Indexes into the article's `locals`.
    pub participants_local: Vec<u32>,
    pub place_local: Option<u32>,
    pub date: u32,
    pub date_precision: u8,
    pub status: u8,
    pub kind: u8,
    pub evidence: String,
    pub start: u32,
    pub end: u32,
    pub confidence: f32,
}

/// A role an entity was seen with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleRecord {
    pub role: String,
    pub country: Option<String>,
    pub first_seen: u32,
    pub last_seen: u32,
    pub count: u64,
}

/// A global entity of the registry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub id: u64,
    pub kind: u8,
    /// Canonical Arabic name.
    pub name: String,
    pub latin_name: Option<String>,
    /// Every name seen, with mention counts (a name whose count fell to 0 stays known, so the
    /// entity keeps its id if the article comes back).
    pub aliases: BTreeMap<String, u64>,
    pub roles: Vec<RoleRecord>,
    pub quote_count: u64,
    pub meeting_count: u64,
    pub article_count: u64,
    /// For unnamed people: the one article they belong to (never linked across articles).
    pub scope: Option<String>,
    /// Set by UpdateEntity: the canonical name is the user's, not recomputed.
    pub name_locked: bool,
    /// Set by UpdateEntity: the Latin name is the user's.
    pub latin_locked: bool,
}

/// A user correction, as logged in the `corrections` tree (the registry applies its effect
/// through `redirects`, `alias_pins` and the locks on [`EntityRecord`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Correction {
    Merge {
        target: u64,
        source: u64,
    },
    Split {
        entity: u64,
        alias: String,
        new_entity: u64,
    },
    Update {
        entity: u64,
        name: Option<String>,
        latin_name: Option<String>,
    },
}
