//! What the user sees. `--json`: one protobuf-canonical JSON object per line, for programs. Text:
//! one block per item, a Latin label then the value on each line. Blocks, not width-counted tables:
//! padding Arabic to columns breaks right-to-left rendering in terminals, while a line per field
//! lets the terminal's bidi algorithm lay out each value on its own.
use std::io::{self, Write};

use khabar::api::{
    AnalyzeArticleResponse, Article, DatePrecision, Entity, EntityKind, Meeting, MeetingKind,
    MeetingStatus, PartialDate, Quote, QuoteKind, Reading, SplitAliasResponse,
};
use serde::Serialize;

use crate::dates::format_date;

/// Writes results to stdout, as JSON lines or text blocks.
pub struct Printer {
    json: bool,
    out: io::StdoutLock<'static>,
}

impl Printer {
    pub fn new(json: bool) -> Self {
        Printer {
            json,
            out: io::stdout().lock(),
        }
    }

    pub fn json(&self) -> bool {
        self.json
    }

    /// One message as one JSON line.
    pub fn json_line<T: Serialize>(&mut self, msg: &T) -> io::Result<()> {
        let line = serde_json::to_string(msg).map_err(io::Error::other)?;
        writeln!(self.out, "{line}")
    }

    /// A free text line (text mode only: JSON output stays one object per line).
    pub fn note(&mut self, text: &str) -> io::Result<()> {
        if !self.json {
            writeln!(self.out, "{text}")?;
        }
        Ok(())
    }

    pub fn article(&mut self, a: &Article, already_stored: bool, full: bool) -> io::Result<()> {
        if self.json {
            return self.json_line(a);
        }
        let o = &mut self.out;
        let stored = if already_stored {
            "  (already stored)"
        } else {
            ""
        };
        writeln!(o, "article {}{stored}", a.id)?;
        field(o, "title", &a.title)?;
        if let Some(d) = &a.published {
            field(o, "published", &format_date(d))?;
        }
        field(o, "outlet", &a.outlet)?;
        field(o, "credits", &a.credited_source)?;
        field(o, "source", &a.source_url)?;
        if let Some(s) = &a.summary {
            let facts = [
                counted(s.quote_count.into(), "quote", "quotes"),
                counted(s.meeting_count.into(), "meeting", "meetings"),
                counted(s.entity_count.into(), "entity", "entities"),
                counted(s.temporal_expression_count.into(), "date", "dates"),
            ]
            .join(", ");
            field(o, "facts", &facts)?;
        }
        if full {
            for e in &a.entities {
                field(o, "entity", &entity_line(e))?;
            }
            writeln!(o)?;
            writeln!(o, "{}", a.text.trim_end())?;
        }
        writeln!(o)
    }

    pub fn quote(&mut self, q: &Quote) -> io::Result<()> {
        if self.json {
            return self.json_line(q);
        }
        let o = &mut self.out;
        writeln!(o, "quote {}", q.id)?;
        quote_body(o, q)?;
        writeln!(o)
    }

    pub fn meeting(&mut self, m: &Meeting) -> io::Result<()> {
        if self.json {
            return self.json_line(m);
        }
        let o = &mut self.out;
        writeln!(o, "meeting {}", m.id)?;
        meeting_body(o, m)?;
        writeln!(o)
    }

    pub fn entity(&mut self, e: &Entity) -> io::Result<()> {
        if self.json {
            return self.json_line(e);
        }
        let o = &mut self.out;
        entity_block(o, e)?;
        writeln!(o)
    }

    pub fn split(&mut self, r: &SplitAliasResponse) -> io::Result<()> {
        if self.json {
            return self.json_line(r);
        }
        for (label, e) in [("original", &r.original), ("split off", &r.split)] {
            if let Some(e) = e {
                writeln!(self.out, "{label}:")?;
                entity_block(&mut self.out, e)?;
                writeln!(self.out)?;
            }
        }
        Ok(())
    }

    pub fn analysis(&mut self, r: &AnalyzeArticleResponse) -> io::Result<()> {
        if self.json {
            return self.json_line(r);
        }
        let o = &mut self.out;
        field(o, "title", &r.title)?;
        field(o, "credits", &r.credited_source)?;
        writeln!(o)?;
        writeln!(o, "entities: {}", r.entities.len())?;
        for (i, e) in r.entities.iter().enumerate() {
            writeln!(o, "  [{i}] {}", entity_line(e))?;
        }
        writeln!(o)?;
        writeln!(o, "dates: {}", r.temporal_expressions.len())?;
        for t in &r.temporal_expressions {
            let value = t.value.as_ref().map_or("unresolved".into(), format_date);
            writeln!(
                o,
                "  «{}» chars {}-{} → {value} ({}, {}, {:.2})",
                t.text,
                t.start,
                t.end,
                precision(t.precision),
                enum_label(
                    Reading::try_from(t.reading).map(|r| r.as_str_name()),
                    "READING_"
                ),
                t.confidence
            )?;
        }
        writeln!(o)?;
        writeln!(o, "quotes: {}", r.quotes.len())?;
        for q in &r.quotes {
            quote_body(o, q)?;
            writeln!(o)?;
        }
        if r.quotes.is_empty() {
            writeln!(o)?;
        }
        writeln!(o, "meetings: {}", r.meetings.len())?;
        for m in &r.meetings {
            meeting_body(o, m)?;
            writeln!(o)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `  label: value`, skipped when the value is empty.
fn field(o: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    writeln!(o, "  {:<14}{value}", format!("{label}:"))
}

fn quote_body(o: &mut impl Write, q: &Quote) -> io::Result<()> {
    let speaker = q.speaker.as_ref().map_or("unknown".into(), entity_name);
    field(o, "speaker", &speaker)?;
    field(o, "as", &q.speaker_mention)?;
    field(o, "role", &q.speaker_role)?;
    field(o, "said", &format!("«{}»", q.text))?;
    let kind = enum_label(
        QuoteKind::try_from(q.kind).map(|k| k.as_str_name()),
        "QUOTE_KIND_",
    );
    let how = if q.verb.is_empty() {
        kind
    } else {
        format!("{kind}, verb {}", q.verb)
    };
    field(o, "kind", &how)?;
    field(o, "date", &dated(q.date.as_ref(), q.date_precision))?;
    field(o, "confidence", &format!("{:.2}", q.confidence))?;
    field(o, "article", &evidence_at(&q.article_id, q.start, q.end))
}

fn meeting_body(o: &mut impl Write, m: &Meeting) -> io::Result<()> {
    let status = enum_label(
        MeetingStatus::try_from(m.status).map(|s| s.as_str_name()),
        "MEETING_STATUS_",
    );
    let kind = enum_label(
        MeetingKind::try_from(m.kind).map(|k| k.as_str_name()),
        "MEETING_KIND_",
    );
    let when = format!(
        "{}, {status}, {kind}",
        dated(m.date.as_ref(), m.date_precision)
    );
    field(o, "date", &when)?;
    let names: Vec<String> = m.participants.iter().map(entity_name).collect();
    field(o, "participants", &names.join("؛ "))?;
    if let Some(p) = &m.place {
        field(o, "place", &entity_name(p))?;
    }
    field(o, "evidence", &m.evidence)?;
    field(o, "confidence", &format!("{:.2}", m.confidence))?;
    field(o, "article", &evidence_at(&m.article_id, m.start, m.end))
}

fn entity_block(o: &mut impl Write, e: &Entity) -> io::Result<()> {
    writeln!(o, "entity {}  {}", e.id, kind_label(e.kind))?;
    field(o, "name", &entity_name(e))?;
    let aliases: Vec<String> = e
        .aliases
        .iter()
        .map(|a| format!("{} ×{}", a.name, a.count))
        .collect();
    field(o, "aliases", &aliases.join("، "))?;
    for r in &e.roles {
        let mut line = r.role.clone();
        if !r.country.is_empty() {
            line.push_str(&format!(" ({})", r.country));
        }
        if let (Some(first), Some(last)) = (&r.first_seen, &r.last_seen) {
            line.push_str(&format!("  {}..{}", format_date(first), format_date(last)));
        }
        line.push_str(&format!(" ×{}", r.count));
        field(o, "role", &line)?;
    }
    let counts = [
        counted(e.quote_count, "quote", "quotes"),
        counted(e.meeting_count, "meeting", "meetings"),
        counted(e.article_count, "article", "articles"),
    ]
    .join(", ");
    field(o, "counts", &counts)
}

/// "1 quote", "3 quotes".
fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "محمد جواد ظريف (Mohammad Javad Zarif)".
fn entity_name(e: &Entity) -> String {
    if e.latin_name.is_empty() {
        e.name.clone()
    } else {
        format!("{} ({})", e.name, e.latin_name)
    }
}

/// One line for an entity inside another block.
fn entity_line(e: &Entity) -> String {
    let id = if e.id.is_empty() {
        String::new()
    } else {
        format!("  [{}]", e.id)
    };
    format!("{}, {}{id}", entity_name(e), kind_label(e.kind))
}

fn kind_label(kind: i32) -> String {
    enum_label(
        EntityKind::try_from(kind).map(|k| k.as_str_name()),
        "ENTITY_KIND_",
    )
}

fn precision(p: i32) -> String {
    enum_label(
        DatePrecision::try_from(p).map(|p| p.as_str_name()),
        "DATE_PRECISION_",
    )
}

/// "2014-09-25 (day)".
fn dated(d: Option<&PartialDate>, p: i32) -> String {
    match d {
        Some(d) => format!("{} ({})", format_date(d), precision(p)),
        None => "unknown".into(),
    }
}

fn evidence_at(article_id: &str, start: i32, end: i32) -> String {
    if article_id.is_empty() {
        format!("chars {start}-{end}")
    } else {
        format!("{article_id}, chars {start}-{end}")
    }
}

/// "QUOTE_KIND_DIRECT" → "direct"; values from a newer server print as "unknown".
fn enum_label<E>(name: Result<&str, E>, prefix: &str) -> String {
    match name {
        Ok(n) if !n.ends_with("_UNSPECIFIED") => n
            .strip_prefix(prefix)
            .unwrap_or(n)
            .to_ascii_lowercase()
            .replace('_', " "),
        _ => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_print_as_words() {
        let ok = |s: &'static str| -> Result<&'static str, ()> { Ok(s) };
        assert_eq!(enum_label(ok("QUOTE_KIND_DIRECT"), "QUOTE_KIND_"), "direct");
        assert_eq!(
            enum_label(ok("DATE_PRECISION_LATE_MONTH"), "DATE_PRECISION_"),
            "late month"
        );
        assert_eq!(
            enum_label(ok("MEETING_STATUS_UNSPECIFIED"), "MEETING_STATUS_"),
            "unknown"
        );
        assert_eq!(enum_label(Err::<&str, ()>(()), "X_"), "unknown");
    }
}
