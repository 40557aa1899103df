//! The extraction library: raw article text in, facts out. Pure functions, no I/O, no ids from the
//! store, nothing about gRPC.
//!
//! One article's way through (see ARCHITECTURE.md):
//!
//! ```text
//! raw text ─ clean ─▶ title + cleaned text ─ dates ─▶ temporal expressions
//!                                          ─ entities ─▶ mentions, in-article entities
//!                                          ─ quotes ─▶ quotes (speaker = in-article entity)
//!                                          ─ meetings ─▶ meetings (participants, place, date)
//! ```
//!
//! Offsets: every module works on byte ranges into the cleaned text (what Rust slices by). The
//! public [`ExtractedArticle`] carries [`Span`]s in *character* offsets (Unicode scalar values),
//! which is what clients in other languages count; [`extract`] converts once at the end.

pub mod arabic;
pub mod clean;
pub mod dates;
pub mod entities;
pub mod lexicon;
pub mod meetings;
pub mod names;
pub mod quotes;

use std::ops::Range;

pub use chrono::NaiveDate;

/// A language khabar knows the rules of. Rules and word lists are data per language
/// (`server/extract/lexicon/<lang>/`), so a new language is new data plus its tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Arabic,
}

/// A half-open range of character offsets (Unicode scalar values) into the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A calendar date that may be known only to the month or the year (0 = unknown), Gregorian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl PartialDate {
    pub fn day(d: NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
    /// The full date, if year, month and day are all known and valid.
    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, self.day)
    }
}

/// How precisely a temporal expression pins down its date. `value` holds the first day of the
/// period for the coarser ones ("late November 2014" → 2014-11-21, `LateMonth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DatePrecision {
    #[default]
    Unknown,
    Day,
    Week,
    /// Early (days 1–10) of a month.
    EarlyMonth,
    /// Middle (days 11–20) of a month.
    MidMonth,
    /// Late (day 21 to the end) of a month.
    LateMonth,
    Month,
    Year,
}

/// Which way the sentence points a relative expression: back from the publication date or ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reading {
    #[default]
    Unknown,
    Past,
    Present,
    Future,
}

/// One temporal expression found in the text ("يوم أمس، الأربعاء", "الـ18 من الشهر الجاري").
#[derive(Debug, Clone, PartialEq)]
pub struct TemporalExpression {
    pub span: Span,
    pub text: String,
    /// The resolved date; `None` when it cannot be resolved (a relative expression in an article
    /// without a publication date).
    pub value: Option<PartialDate>,
    pub precision: DatePrecision,
    pub reading: Reading,
    /// 0.0–1.0; lowered when the text contradicts itself ("أمس الأربعاء" when yesterday was Tuesday).
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EntityKind {
    #[default]
    Unknown,
    Person,
    /// A speaker known only by function ("ناطق باسم الحكومة البريطانية", "مسؤول إيراني"). Never
    /// merged across articles: two "Iranian officials" are not known to be one person.
    UnnamedPerson,
    Organisation,
    Country,
    City,
    /// Other places (regions, provinces, venues).
    Place,
}

/// A role as written ("وزير الخارجية الإيراني") with the country its nationality adjective names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Role {
    pub text: String,
    /// Country the role belongs to, in canonical Arabic form ("إيران" for "الإيراني"), if stated.
    pub country: Option<String>,
}

/// An entity as one article knows it: all its mentions clustered by in-article coreference.
/// The store's registry links it to a global entity across articles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleEntity {
    pub kind: EntityKind,
    /// The most complete name the article gives ("محمد جواد ظريف", or the full description for an
    /// unnamed person).
    pub name: String,
    /// A Latin-script name when khabar knows one (curated table or transliteration).
    pub latin_name: Option<String>,
    /// Every distinct surface name used in the article, with how often.
    pub aliases: Vec<(String, u32)>,
    pub roles: Vec<Role>,
    /// Indexes into [`ExtractedArticle::mentions`].
    pub mentions: Vec<usize>,
}

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mention {
    pub span: Span,
    /// The text as written, title included ("وزير الخارجية الإيراني محمد جواد ظريف").
    pub text: String,
    /// The name part ("محمد جواد ظريف"); for role-only references, the role.
    pub name: String,
    pub role: Option<Role>,
    pub kind: EntityKind,
    /// Index into [`ExtractedArticle::entities`].
    pub entity: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QuoteKind {
    #[default]
    Unknown,
    /// The words in quotation marks.
    Direct,
    /// Reported with إن/أن after a reporting verb.
    Indirect,
    /// Reported, with a quoted fragment inside.
    Mixed,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Quote {
    pub span: Span,
    /// The quoted or reported words (without the quotation marks).
    pub text: String,
    pub kind: QuoteKind,
    /// Index into [`ExtractedArticle::entities`]; `None` when the speaker is unknown.
    pub speaker: Option<usize>,
    /// How the speaker is named in this clause ("وزير الخارجية الإيراني محمود جواد ظريف",
    /// "الوزير الروسي", or the earlier mention for "وأضاف").
    pub speaker_mention: String,
    pub speaker_role: Option<String>,
    /// The reporting verb as written ("وأضاف") and its lemma ("أضاف").
    pub verb: String,
    pub verb_lemma: String,
    /// When the statement was made: the sentence's date, else the publication date.
    pub date: Option<PartialDate>,
    pub date_precision: DatePrecision,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MeetingStatus {
    #[default]
    Unknown,
    Held,
    Planned,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MeetingKind {
    #[default]
    Unknown,
    Bilateral,
    Trilateral,
    Multilateral,
    Conference,
    Summit,
    Negotiations,
    Session,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meeting {
    /// The evidence: the clause that reports the meeting.
    pub span: Span,
    pub evidence: String,
    /// Indexes into [`ExtractedArticle::entities`] (people; organisations only when no person).
    pub participants: Vec<usize>,
    /// Index into [`ExtractedArticle::entities`]: the city (or place) of the meeting.
    pub place: Option<usize>,
    pub date: Option<PartialDate>,
    pub date_precision: DatePrecision,
    pub status: MeetingStatus,
    pub kind: MeetingKind,
    pub confidence: f32,
}

/// Everything khabar extracts from one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtractedArticle {
    /// The text as given to [`extract`], before cleaning (stored so it can be exported and
    /// re-extracted).
    pub raw: String,
    pub title: Option<String>,
    /// The article text without page furniture: lead and body paragraphs separated by "\n".
    pub text: String,
    /// Where the page says the story came from ("راديو سوا/وكالات"), if it says.
    pub source: Option<String>,
    pub temporal_expressions: Vec<TemporalExpression>,
    pub entities: Vec<ArticleEntity>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub meetings: Vec<Meeting>,
}

/// Byte range → character span, over `text`. Ranges must lie on char boundaries.
pub(crate) struct CharIndex {
    /// Byte offset of every char start, plus `text.len()` at the end.
    starts: Vec<usize>,
}

impl CharIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharIndex { starts }
    }
    fn char_at(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    pub(crate) fn span(&self, r: &Range<usize>) -> Span {
        Span {
            start: self.char_at(r.start),
            end: self.char_at(r.end),
        }
    }
}

/// What [`entities::recognize`] finds in one text: in-article entities and their mentions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recognized {
    pub entities: Vec<ArticleEntity>,
    pub mentions: Vec<Mention>,
}

/// Extracts everything from one raw article (as scraped: title, furniture and all).
///
/// `published` anchors relative dates ("يوم أمس"); without it they stay unresolved.
pub fn extract(raw: &str, published: Option<NaiveDate>, lang: Lang) -> ExtractedArticle {
    let cleaned = clean::clean(raw, lang);
    let text = cleaned.text;
    // Inside the pipeline every Span holds byte offsets into `text`; converted once below.
    let temporal_expressions = dates::find_temporal_expressions(&text, published, lang);
    let mut recognized = entities::recognize(&text, lang);
    let meetings =
        meetings::find_meetings(&text, &recognized, &temporal_expressions, published, lang);
    // quotes may add person entities for speakers the entities did not find (see find_quotes);
    // they run after meetings so that meetings see only what the entities recognised
    let quotes = quotes::find_quotes(
        &text,
        &mut recognized,
        &temporal_expressions,
        published,
        lang,
    );
    let mut article = ExtractedArticle {
        title: cleaned.title,
        source: cleaned.source,
        temporal_expressions,
        entities: recognized.entities,
        mentions: recognized.mentions,
        quotes,
        meetings,
        text,
        raw: raw.to_string(),
    };
    byte_spans_to_char_spans(&mut article);
    article
}

/// Rewrites every span of `article` from byte offsets to character offsets into `article.text`.
fn byte_spans_to_char_spans(article: &mut ExtractedArticle) {
    let index = CharIndex::new(&article.text);
    let conv = |s: &mut Span| *s = index.span(&(s.start..s.end));
    article
        .temporal_expressions
        .iter_mut()
        .for_each(|t| conv(&mut t.span));
    article.mentions.iter_mut().for_each(|m| conv(&mut m.span));
    article.quotes.iter_mut().for_each(|q| conv(&mut q.span));
    article.meetings.iter_mut().for_each(|m| conv(&mut m.span));
}
