//! Protobuf ⇄ domain: request validation (dates, enums, ids) and the store's records and the
//! extraction's values as protobuf messages.
use std::sync::Arc;

use tonic::Status;

use super::error::invalid;
use crate::api as pb;
use crate::extract::{self, PartialDate};
use crate::store::keys::{date_from_value, date_value};
use crate::store::{
    ArticleId, ArticleRecord, ArticleView, Code, EntityId, EntityRecord, EntitySummary, FactId,
    FactKind, Met, Quoted,
};

/// A date given in a request: `None` when absent or all zero; else year 1–9999, month 0–12,
/// day 0–31 only with a month, and a real calendar day ("Feb 30" is refused).
pub fn partial_date(
    field: &str,
    d: Option<&pb::PartialDate>,
) -> Result<Option<PartialDate>, Status> {
    let Some(d) = d else { return Ok(None) };
    if d.year == 0 && d.month == 0 && d.day == 0 {
        return Ok(None);
    }
    if !(1..=9999).contains(&d.year) {
        return Err(invalid(field, format!("year {} out of range", d.year)));
    }
    if !(0..=12).contains(&d.month) {
        return Err(invalid(field, format!("month {} out of range", d.month)));
    }
    if d.day != 0 {
        if d.month == 0 {
            return Err(invalid(field, "a day needs a month"));
        }
        if extract::NaiveDate::from_ymd_opt(d.year, d.month as u32, d.day as u32).is_none() {
            return Err(invalid(
                field,
                format!(
                    "{:04}-{:02}-{:02} is not a calendar day",
                    d.year, d.month, d.day
                ),
            ));
        }
    }
    Ok(Some(PartialDate {
        year: d.year,
        month: d.month as u32,
        day: d.day as u32,
    }))
}

/// A publication date: absent, or a full day.
pub fn published(field: &str, d: Option<&pb::PartialDate>) -> Result<Option<PartialDate>, Status> {
    let date = partial_date(field, d)?;
    if date.is_some_and(|d| d.month == 0 || d.day == 0) {
        return Err(invalid(field, "must be a full day (year, month and day)"));
    }
    Ok(date)
}

/// A query's date range as sortable `yyyymmdd` values: a partial `from` starts its period, a
/// partial `to` ends it ("2014" to "2014" is the whole year). `from` after `to` is refused.
pub fn date_range(
    from_field: &str,
    from: Option<&pb::PartialDate>,
    to_field: &str,
    to: Option<&pb::PartialDate>,
) -> Result<crate::store::DateRange, Status> {
    let mut range = crate::store::DateRange::default();
    if let Some(f) = partial_date(from_field, from)? {
        range.from = f.year as u32 * 10_000 + f.month.max(1) * 100 + f.day.max(1);
    }
    if let Some(t) = partial_date(to_field, to)? {
        let month = if t.month == 0 { 12 } else { t.month };
        let day = if t.day != 0 {
            t.day
        } else {
            last_day(t.year, month)
        };
        range.to = t.year as u32 * 10_000 + month * 100 + day;
    }
    if range.from > range.to {
        return Err(invalid(from_field, format!("is after {to_field}")));
    }
    Ok(range)
}

fn last_day(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| extract::NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

/// An optional enum filter: 0 is "any"; an unknown number is refused.
pub fn enum_filter<E: Code>(field: &str, value: i32, max: i32) -> Result<Option<E>, Status> {
    match value {
        0 => Ok(None),
        v if (1..=max).contains(&v) => Ok(Some(E::from_code(v as u8))),
        v => Err(invalid(field, format!("unknown value {v}"))),
    }
}

pub fn article_id(field: &str, s: &str) -> Result<ArticleId, Status> {
    if s.trim().is_empty() {
        return Err(invalid(field, "missing"));
    }
    ArticleId::parse(s).ok_or_else(|| invalid(field, format!("{s:?} is not an article id")))
}

pub fn fact_id(field: &str, s: &str, kind: FactKind) -> Result<FactId, Status> {
    if s.trim().is_empty() {
        return Err(invalid(field, "missing"));
    }
    FactId::parse(s, kind).ok_or_else(|| {
        let what = match kind {
            FactKind::Quote => "a quote id",
            FactKind::Meeting => "a meeting id",
        };
        invalid(field, format!("{s:?} is not {what}"))
    })
}

pub fn entity_id(field: &str, s: &str) -> Result<EntityId, Status> {
    if s.trim().is_empty() {
        return Err(invalid(field, "missing"));
    }
    EntityId::parse(s).ok_or_else(|| invalid(field, format!("{s:?} is not an entity id")))
}

/// A non-empty trimmed string filter.
pub fn text_filter(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn date_msg(d: Option<PartialDate>) -> Option<pb::PartialDate> {
    d.map(|d| pb::PartialDate {
        year: d.year,
        month: d.month as i32,
        day: d.day as i32,
    })
}

fn stored_date(v: u32) -> Option<pb::PartialDate> {
    date_msg(date_from_value(v))
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn entity(e: &EntityRecord) -> pb::Entity {
    let mut aliases: Vec<(&String, &u64)> = e.aliases.iter().filter(|(_, &c)| c > 0).collect();
    aliases.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    pb::Entity {
        id: EntityId(e.id).to_string(),
        kind: i32::from(e.kind),
        name: e.name.clone(),
        latin_name: e.latin_name.clone().unwrap_or_default(),
        aliases: aliases
            .into_iter()
            .map(|(name, &count)| pb::Alias {
                name: name.clone(),
                count: to_i64(count),
            })
            .collect(),
        roles: e
            .roles
            .iter()
            .map(|r| pb::RoleSighting {
                role: r.role.clone(),
                country: r.country.clone().unwrap_or_default(),
                first_seen: stored_date(r.first_seen),
                last_seen: stored_date(r.last_seen),
                count: to_i64(r.count),
            })
            .collect(),
        quote_count: to_i64(e.quote_count),
        meeting_count: to_i64(e.meeting_count),
        article_count: to_i64(e.article_count),
    }
}

/// An entity inside a quote, meeting or article: its summary (id, kind, name, Latin name, and
/// its aliases without counts); roles and counts are GetEntity's (see `Entity` in common.proto).
///
/// Takes the summary by value: one named once in the answer is moved into the message, one the
/// answer repeats (a speaker's page of quotes) is copied for all but its last sighting.
pub fn entity_summary(e: Arc<EntitySummary>) -> pb::Entity {
    let id = EntityId(e.id).to_string();
    let EntitySummary {
        kind,
        name,
        latin_name,
        aliases,
        ..
    } = Arc::unwrap_or_clone(e);
    pb::Entity {
        id,
        kind: i32::from(kind),
        name,
        latin_name: latin_name.unwrap_or_default(),
        aliases: aliases
            .into_iter()
            .map(|name| pb::Alias { name, count: 0 })
            .collect(),
        ..pb::Entity::default()
    }
}

fn entity_summaries(entities: Vec<Arc<EntitySummary>>) -> Vec<pb::Entity> {
    entities.into_iter().map(entity_summary).collect()
}

/// An article as GetArticle and ListArticles answer it, its record's texts moved into the
/// message.
pub fn into_article(view: ArticleView) -> pb::Article {
    let ArticleView {
        article: a,
        entities,
    } = view;
    pb::Article {
        id: a.id,
        title: a.title.unwrap_or_default(),
        text: a.text,
        published: stored_date(a.published),
        source_url: a.source_url,
        outlet: a.outlet,
        language: a.language,
        credited_source: a.credited_source.unwrap_or_default(),
        summary: Some(pb::ExtractionSummary {
            quote_count: to_i32(a.summary.quotes),
            meeting_count: to_i32(a.summary.meetings),
            entity_count: to_i32(a.summary.entities),
            temporal_expression_count: to_i32(a.summary.temporal_expressions),
        }),
        entities: entity_summaries(entities),
    }
}

/// [`into_article`] for a caller that keeps the record (copies only what the message shows).
pub fn article(a: &ArticleRecord, entities: &[Arc<EntitySummary>]) -> pb::Article {
    let shown = ArticleRecord {
        id: a.id.clone(),
        title: a.title.clone(),
        text: a.text.clone(),
        published: a.published,
        source_url: a.source_url.clone(),
        outlet: a.outlet.clone(),
        language: a.language.clone(),
        credited_source: a.credited_source.clone(),
        summary: a.summary,
        ..ArticleRecord::default()
    };
    into_article(ArticleView {
        article: shown,
        entities: entities.to_vec(),
    })
}

/// A quote as the quote RPCs answer it, its record's texts moved into the message.
pub fn into_quote(q: Quoted) -> pb::Quote {
    let Quoted { quote: r, speaker } = q;
    pb::Quote {
        id: r.id,
        article_id: r.article_id,
        speaker: speaker.map(entity_summary),
        speaker_mention: r.speaker_mention,
        speaker_role: r.speaker_role.unwrap_or_default(),
        text: r.text,
        kind: i32::from(r.kind),
        verb: r.verb,
        verb_lemma: r.verb_lemma,
        date: stored_date(r.date),
        date_precision: i32::from(r.date_precision),
        start: to_i32(r.start),
        end: to_i32(r.end),
        confidence: r.confidence,
    }
}

/// [`into_quote`] for a caller that keeps the quote.
pub fn quote(q: &Quoted) -> pb::Quote {
    into_quote(q.clone())
}

/// A meeting as the meeting RPCs answer it, its record's texts moved into the message.
pub fn into_meeting(m: Met) -> pb::Meeting {
    let Met {
        meeting: r,
        participants,
        place,
    } = m;
    pb::Meeting {
        id: r.id,
        article_id: r.article_id,
        participants: entity_summaries(participants),
        place: place.map(entity_summary),
        date: stored_date(r.date),
        date_precision: i32::from(r.date_precision),
        status: i32::from(r.status),
        kind: i32::from(r.kind),
        evidence: r.evidence,
        start: to_i32(r.start),
        end: to_i32(r.end),
        confidence: r.confidence,
    }
}

/// [`into_meeting`] for a caller that keeps the meeting.
pub fn meeting(m: &Met) -> pb::Meeting {
    into_meeting(m.clone())
}

fn span_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// An article's own entity (AnalyzeArticle: no id, counts from this article alone).
fn local_entity(x: &extract::ExtractedArticle, i: usize, e: &extract::ArticleEntity) -> pb::Entity {
    let speaks = x.quotes.iter().filter(|q| q.speaker == Some(i)).count();
    let meets = x
        .meetings
        .iter()
        .filter(|m| m.participants.contains(&i) || m.place == Some(i))
        .count();
    pb::Entity {
        id: String::new(),
        kind: i32::from(e.kind.code()),
        name: e.name.clone(),
        latin_name: e.latin_name.clone().unwrap_or_default(),
        aliases: e
            .aliases
            .iter()
            .map(|(name, count)| pb::Alias {
                name: name.clone(),
                count: i64::from(*count),
            })
            .collect(),
        roles: e
            .roles
            .iter()
            .map(|r| pb::RoleSighting {
                role: r.text.clone(),
                country: r.country.clone().unwrap_or_default(),
                count: 1,
                ..pb::RoleSighting::default()
            })
            .collect(),
        quote_count: speaks as i64,
        meeting_count: meets as i64,
        article_count: 1,
    }
}

/// Everything extracted from one article, as AnalyzeArticle returns it.
pub fn analysis(x: &extract::ExtractedArticle) -> pb::AnalyzeArticleResponse {
    let entities: Vec<pb::Entity> = x
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| local_entity(x, i, e))
        .collect();
    let ent = |i: usize| entities.get(i).cloned();
    pb::AnalyzeArticleResponse {
        title: x.title.clone().unwrap_or_default(),
        text: x.text.clone(),
        credited_source: x.source.clone().unwrap_or_default(),
        mentions: x
            .mentions
            .iter()
            .map(|m| pb::Mention {
                text: m.text.clone(),
                name: m.name.clone(),
                role: m.role.as_ref().map(|r| r.text.clone()).unwrap_or_default(),
                start: span_i32(m.span.start),
                end: span_i32(m.span.end),
                entity_index: span_i32(m.entity),
            })
            .collect(),
        temporal_expressions: x
            .temporal_expressions
            .iter()
            .map(|t| pb::TemporalExpression {
                text: t.text.clone(),
                start: span_i32(t.span.start),
                end: span_i32(t.span.end),
                value: date_msg(t.value),
                precision: i32::from(t.precision.code()),
                reading: match t.reading {
                    extract::Reading::Unknown => pb::Reading::Unspecified,
                    extract::Reading::Past => pb::Reading::Past,
                    extract::Reading::Present => pb::Reading::Present,
                    extract::Reading::Future => pb::Reading::Future,
                } as i32,
                confidence: t.confidence,
            })
            .collect(),
        quotes: x
            .quotes
            .iter()
            .map(|q| pb::Quote {
                speaker: q.speaker.and_then(ent),
                speaker_mention: q.speaker_mention.clone(),
                speaker_role: q.speaker_role.clone().unwrap_or_default(),
                text: q.text.clone(),
                kind: i32::from(q.kind.code()),
                verb: q.verb.clone(),
                verb_lemma: q.verb_lemma.clone(),
                date: date_msg(q.date),
                date_precision: i32::from(q.date_precision.code()),
                start: span_i32(q.span.start),
                end: span_i32(q.span.end),
                confidence: q.confidence,
                ..pb::Quote::default()
            })
            .collect(),
        meetings: x
            .meetings
            .iter()
            .map(|m| pb::Meeting {
                participants: m.participants.iter().filter_map(|&p| ent(p)).collect(),
                place: m.place.and_then(ent),
                date: date_msg(m.date),
                date_precision: i32::from(m.date_precision.code()),
                status: i32::from(m.status.code()),
                kind: i32::from(m.kind.code()),
                evidence: m.evidence.clone(),
                start: span_i32(m.span.start),
                end: span_i32(m.span.end),
                confidence: m.confidence,
                ..pb::Meeting::default()
            })
            .collect(),
        entities,
    }
}

/// Stored `yyyymmdd` of an optional date (for comparing a re-ingest's date with the stored one).
pub fn stored_value(d: Option<PartialDate>) -> u32 {
    date_value(d)
}
