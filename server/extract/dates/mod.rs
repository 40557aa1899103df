//! Temporal expressions in Arabic news, resolved against the publication date (issue 4).
//!
//! News rarely prints a full date: "يوم أمس، الأربعاء", "الأحد (7 ديسمبر كانون الأول)", "الـ24
//! من الشهر الجاري", a bare "الخميس" in a past sentence and "الأحد" in a future one. The module
//! finds them in one pass over tokens ([`tokens`]), parses them with a small longest-match
//! grammar over the words of the data files ([`grammar`], [`words`]), and resolves them
//! ([`resolve`]) with the reading of their clause ([`reading`]): a bare weekday or a month without
//! a year goes back in a past clause and ahead in a future one.
//!
//! Rules worth knowing:
//! - An explicit calendar date wins over the weekday or relative day next to it; a contradiction
//!   lowers the confidence ("أمس الأربعاء" when yesterday was a Tuesday keeps "yesterday").
//! - A weekday equal to the publication weekday is the publication day unless marked الماضي or
//!   المقبل (agencies write "الإثنين" for the day they file on).
//! - Without a publication date, relative expressions resolve against the first full date the
//!   article states, with lower confidence; without either they stay unresolved.
//! - Guarded words ("مارس" also "practised", "ماي", "أوت", Hijri months that are names, and
//!   "الاثنين" also "the two") need date context.
//! - "اليوم" before an adjective ("اليوم الوطني", "اليوم التالي") is a day's name, not today.
mod grammar;
mod reading;
mod resolve;
mod tokens;
mod words;

use super::{Lang, NaiveDate, Reading, Span, TemporalExpression};
use grammar::Parsed;
use tokens::Tokens;

pub use resolve::hijri_to_gregorian;

/// The days a short duration phrase spans ("يوم" 1, "يومين" 2, "ثلاثة أيام" 3, "أسبوع" 7), for
/// an event dated from another one ("بعد يوم من قمة"): the whole phrase must be the duration.
/// Months and years are too loose to count in days: None. A hedge after it ("يومين فقط",
/// "أسبوع تقريبا") does not change the count.
pub fn duration_days(phrase: &str) -> Option<i64> {
    use words::{Dur, Unit};
    let t = Tokens::new(phrase);
    let durs = &words::words().durations;
    let (count, unit, end) = match durs.at(&t, 0).map(|h| (h.value, h.end))? {
        (Dur::Dual(u), e) => (2, u, e),
        (Dur::Unit(u), e) => (1, u, e),
        (Dur::Count(n), e) => match durs.at(&t, e).map(|h| (h.value, h.end))? {
            (Dur::Unit(u) | Dur::Plural(u), e2) => (n, u, e2),
            _ => return None,
        },
        (Dur::Plural(_), _) => return None,
    };
    let hedges = &words::words().duration_hedges;
    if (end..t.len()).any(|i| !hedges.contains(t.word(i))) {
        return None;
    }
    let per = match unit {
        Unit::Day => 1,
        Unit::Week => 7,
        Unit::Month | Unit::Year => return None,
    };
    Some(i64::from(count) * per)
}

/// Every temporal expression in `text`, sorted by start, non-overlapping, each maximal. Spans are
/// BYTE ranges into `text` (the pipeline converts them to characters at the end).
pub fn find_temporal_expressions(
    text: &str,
    published: Option<NaiveDate>,
    _lang: Lang,
) -> Vec<TemporalExpression> {
    let t = Tokens::new(text);
    let parsed = grammar::parse(&t);
    if parsed.is_empty() {
        return Vec::new();
    }
    let markers = reading::markers(&t);
    let readings: Vec<Reading> = parsed
        .iter()
        .map(|p| reading::local_reading(&t, &markers, p.start, p.end))
        .collect();
    let (anchor, inferred) = match published {
        Some(d) => (Some(d), false),
        None => (stated_date(&parsed, &readings), true),
    };
    parsed
        .iter()
        .zip(readings)
        .map(|(p, r)| {
            let res = resolve::resolve(p, anchor, inferred, r);
            let span = byte_span(&t, p);
            TemporalExpression {
                text: text.get(span.start..span.end).unwrap_or("").to_string(),
                span,
                value: res.value,
                precision: res.precision,
                reading: res.reading,
                confidence: res.confidence,
            }
        })
        .collect()
}

/// The first full calendar date the article states ("7 ديسمبر 2014"), to anchor relative
/// expressions when the publication date is unknown.
fn stated_date(parsed: &[Parsed], readings: &[Reading]) -> Option<NaiveDate> {
    parsed.iter().zip(readings).find_map(|(p, r)| {
        if resolve::needs_anchor(p) || p.day.is_none() {
            return None;
        }
        resolve::resolve(p, None, false, *r)
            .value
            .and_then(|v| v.to_naive())
    })
}

/// The byte span of a parsed expression: from its first token (after any clitic) to the end of
/// its last.
fn byte_span(t: &Tokens, p: &Parsed) -> Span {
    let (Some(first), Some(last)) = (t.toks.get(p.start), t.toks.get(p.end.saturating_sub(1)))
    else {
        return Span::default();
    };
    let start = if p.skip > 0 {
        t.orig_after(p.start, p.skip)
    } else {
        first.orig.start
    };
    Span {
        start: start.min(last.orig.end),
        end: last.orig.end,
    }
}

/// Whether a normalised word is a future verb, سـ + imperfect ("وسيلتقي", "ستعقد"), not a noun
/// of that shape ("سياسة").
pub(crate) fn is_future_verb(norm: &str) -> bool {
    words::words().future_verb(norm)
}

/// Whether a sentence speaks of the past, the present or the future, by its tense markers (سوف،
/// سـ + imperfect، من المقرر، من المنتظر، يعتزم، المقبل against past verbs، أمس، الماضي).
/// The meetings module uses it to tell held meetings from planned ones.
pub fn sentence_reading(sentence: &str) -> Reading {
    let t = Tokens::new(sentence);
    reading::vote(&reading::markers(&t))
}
