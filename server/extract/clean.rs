//! Cleaning: from the raw scraped page to title + article text.
//!
//! Scraped pages carry more than the story: the headline (sometimes printed twice, with the lead),
//! comment boxes, navigation ("زر الذهاب إلى الأعلى"), photo captions, app promotions, "اقرأ أيضا"
//! teaser blocks and source trailers ("المصدر: راديو سوا/وكالات"). Cleaning drops them by general
//! rules, so that a new outlet's furniture mostly goes without new data:
//!
//! - known UI vocabulary (`lexicon/ar/furniture.txt`), matched after normalisation;
//! - lines without a single letter (rules "-----", "×××") and short lines without Arabic letters
//!   ("XS", "SM"), as long as the article has other text;
//! - lines repeated further down (title and lead printed twice) keep their first copy only; a short
//!   unpunctuated line repeated right under itself is a photo caption and goes entirely;
//! - short unpunctuated lines of at most [`MAX_LABEL_WORDS`] words (labels, buttons) when the
//!   article has other text.
//!
//! The title is the first line when it has no final sentence punctuation *and* more text follows:
//! a lone sentence is body text, never a title.
use std::collections::HashSet;
use std::sync::OnceLock;

use super::arabic::{fold_char, is_alphanumeric};
use super::{lexicon, Lang};

/// The article as cleaning leaves it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cleaned {
    pub title: Option<String>,
    /// Lead and body paragraphs joined by "\n" (the title is not part of it).
    pub text: String,
    pub source: Option<String>,
}

/// Short unpunctuated lines up to this many words are labels or buttons, not paragraphs.
const MAX_LABEL_WORDS: usize = 4;
/// A headline is at most this many words (99% of the corpus's titles have 14 or fewer; a longer
/// unpunctuated first line is a lead that lost its full stop).
const MAX_TITLE_WORDS: usize = 20;
/// A heading or caption is at most this many words.
const MAX_HEADING_WORDS: usize = 30;
/// Teaser lines under an "اقرأ أيضا" marker are at most this many words.
const MAX_TEASER_WORDS: usize = 20;
/// A credit line ("فرانس24/ أ ف ب") is at most this many words.
const MAX_CREDIT_WORDS: usize = 8;

/// The furniture vocabulary of one language, by kind, in matching form ([`key`]).
#[derive(Default)]
struct Furniture {
    lines: HashSet<String>,
    prefixes: Vec<String>,
    blocks: Vec<String>,
    sources: Vec<String>,
    agencies: Vec<String>,
}

fn furniture(_lang: Lang) -> &'static Furniture {
    static AR: OnceLock<Furniture> = OnceLock::new();
    AR.get_or_init(|| {
        let mut f = Furniture::default();
        for rec in lexicon::records(include_str!("lexicon/ar/furniture.txt")) {
            let (Some(kind), Some(text)) = (rec.first(), rec.get(1)) else {
                continue;
            };
            let k = key(text);
            if k.is_empty() {
                // "×" and other symbol-only entries: covered by the no-letter rule
                continue;
            }
            match *kind {
                "line" => {
                    f.lines.insert(k);
                }
                "prefix" => f.prefixes.push(k),
                "block" => f.blocks.push(k),
                "source" => f.sources.push(k),
                "agency" => f.agencies.push(k),
                _ => {}
            }
        }
        f
    })
}

/// The matching form of a line: normalised, letters and digits only, single spaces.
fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let Some(f) = fold_char(c) else { continue };
        if is_alphanumeric(f) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(f);
        } else {
            space = true;
        }
    }
    out
}

/// `k` starts with the whole words of `prefix`.
fn starts_with_words(k: &str, prefix: &str) -> bool {
    k.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn ends_with_sentence_punctuation(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '»', '”', ')', '\'', ' '])
        .ends_with(['.', '!', '?', '؟', '…', ':'])
}

fn has_arabic_letter(line: &str) -> bool {
    line.chars()
        .any(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}'))
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// What a line of the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Text,
    /// Furniture that needs no context to know ("التعليقات", "-----").
    Furniture,
    /// A label-like line: furniture only if the article has other text.
    Label,
    /// Starts a related-stories block: teaser lines under it go too.
    BlockStart,
    /// A source trailer; the payload is the source.
    Source,
}

fn classify(line: &str, k: &str, f: &Furniture) -> (LineKind, Option<String>) {
    if k.is_empty() {
        return (LineKind::Furniture, None);
    }
    if f.lines.contains(k) || f.prefixes.iter().any(|p| starts_with_words(k, p)) {
        return (LineKind::Furniture, None);
    }
    if f.blocks.iter().any(|p| starts_with_words(k, p)) {
        return (LineKind::BlockStart, None);
    }
    let words = word_count(line);
    if words <= MAX_HEADING_WORDS {
        if let Some(src) = source_trailer(line, k, f) {
            return (LineKind::Source, Some(src));
        }
    }
    let punctuated = ends_with_sentence_punctuation(line);
    if !has_arabic_letter(line) && words <= MAX_LABEL_WORDS {
        return (LineKind::Label, None);
    }
    if !punctuated && words <= MAX_LABEL_WORDS {
        return (LineKind::Label, None);
    }
    (LineKind::Text, None)
}

/// "المصدر: راديو سوا/وكالات" → "راديو سوا/وكالات"; "فرانس24/ أ ف ب" → itself.
fn source_trailer(line: &str, k: &str, f: &Furniture) -> Option<String> {
    let trimmed = line.trim().trim_start_matches(['*', '-', ' ', '(']);
    if let Some(p) = f.sources.iter().find(|p| starts_with_words(k, p)) {
        // drop as many words from the raw line as the prefix has, then a colon
        let n = p.split(' ').count();
        let rest: Vec<&str> = trimmed.split_whitespace().collect();
        let rest = rest.get(n..).unwrap_or(&[]).join(" ");
        let rest = rest.trim_start_matches([':', ' ', '-']).trim();
        // "المصدر" alone on a line, or a long sentence starting with "نقلا عن", is not a trailer
        if rest.is_empty() || word_count(rest) > MAX_CREDIT_WORDS {
            return None;
        }
        return Some(rest.trim_end_matches(['.', ')']).to_string());
    }
    if word_count(trimmed) <= MAX_CREDIT_WORDS && !ends_with_sentence_punctuation(trimmed) {
        // every part between slashes/commas is an agency name
        let parts: Vec<String> = trimmed
            .split(['/', '،', ',', '-', '|'])
            .map(key)
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() && parts.iter().all(|p| f.agencies.contains(p)) {
            return Some(trimmed.to_string());
        }
    }
    None
}

/// Splits a raw page into title, text and source (see the module doc for the rules).
pub fn clean(raw: &str, lang: Lang) -> Cleaned {
    let f = furniture(lang);
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // each line's matching key, computed once: classification and the repeat checks share it
    let keys: Vec<String> = lines.iter().map(|l| key(l)).collect();
    let classes: Vec<(LineKind, Option<String>)> = lines
        .iter()
        .zip(&keys)
        .map(|(l, k)| classify(l, k, f))
        .collect();

    let mut source = None;
    let mut keep = vec![false; lines.len()];
    let mut in_block = false;
    for (i, (kind, payload)) in classes.iter().enumerate() {
        match kind {
            LineKind::BlockStart => in_block = true,
            LineKind::Source => {
                in_block = false;
                if source.is_none() {
                    source.clone_from(payload);
                }
            }
            LineKind::Furniture => {}
            LineKind::Label | LineKind::Text => {
                let line = lines[i];
                let teaser = word_count(line) <= MAX_TEASER_WORDS
                    && !line.trim_end().ends_with(['.', '!', '…']);
                if in_block && teaser {
                    continue;
                }
                in_block = false;
                keep[i] = true;
            }
        }
    }

    // Captions: a short unpunctuated line repeated right under itself goes with its copies.
    for i in 1..lines.len() {
        if keys[i] == keys[i - 1]
            && word_count(lines[i]) <= MAX_HEADING_WORDS
            && !ends_with_sentence_punctuation(lines[i])
        {
            keep[i] = false;
            keep[i - 1] = false;
        }
    }

    // Repeated lines keep their first copy.
    let mut seen: HashSet<&str> = HashSet::new();
    for i in 0..lines.len() {
        if keep[i] && !seen.insert(keys[i].as_str()) {
            keep[i] = false;
        }
    }

    let kept: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let text_lines = kept
        .iter()
        .filter(|&&i| classes[i].0 == LineKind::Text)
        .count();

    // The title: a first line without final punctuation, followed by more text.
    let mut title = None;
    let mut body = kept.as_slice();
    if let Some((&first, rest)) = kept.split_first() {
        let line = lines[first];
        if !rest.is_empty()
            && !ends_with_sentence_punctuation(line)
            && word_count(line) <= MAX_TITLE_WORDS
        {
            title = Some(line.to_string());
            body = rest;
        }
    }
    // Labels go when the article has real text besides them.
    let has_text =
        text_lines > usize::from(title.is_some() && classes[kept[0]].0 == LineKind::Text);
    let text = body
        .iter()
        .filter(|&&i| classes[i].0 == LineKind::Text || !has_text)
        .map(|&i| lines[i])
        .collect::<Vec<_>>()
        .join("\n");
    Cleaned {
        title,
        text,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(raw: &str) -> Cleaned {
        clean(raw, Lang::Arabic)
    }

    #[test]
    fn a_lone_sentence_is_body_text_not_a_title() {
        let cases = [
            "وقال ظريف إن المحادثات ستستأنف يوم الأحد",
            "وقال ظريف إن المحادثات ستستأنف يوم الأحد.",
            "  اجتماع الخميس المقبل  ",
        ];
        for raw in cases {
            let c = cleaned(raw);
            assert_eq!(c.title, None, "{raw}");
            assert_eq!(c.text, raw.trim(), "{raw}");
        }
    }

    #[test]
    fn title_is_an_unpunctuated_first_line_followed_by_text() {
        let table = [
            // (raw, title, text)
            (
                "عنوان الخبر هنا\nوقال الوزير إن الاجتماع مهم.",
                Some("عنوان الخبر هنا"),
                "وقال الوزير إن الاجتماع مهم.",
            ),
            (
                "وقال الوزير إن الاجتماع مهم.\nوأضاف أن الحوار مستمر.",
                None,
                "وقال الوزير إن الاجتماع مهم.\nوأضاف أن الحوار مستمر.",
            ),
            // title and lead printed twice: one of each
            (
                "العنوان الطويل للخبر\n\nالفقرة الأولى من الخبر بلا نقطة\n\nالعنوان الطويل للخبر\n\nالفقرة الأولى من الخبر بلا نقطة.\n\nفقرة ثانية.",
                Some("العنوان الطويل للخبر"),
                "الفقرة الأولى من الخبر بلا نقطة\nفقرة ثانية.",
            ),
            // a long first line without its full stop is a lead, not a headline
            (
                "وقال وزير الخارجية الإيراني محمد جواد ظريف في مؤتمر صحفي عقده في طهران اليوم الأحد إن بلاده مستعدة للحوار مع جميع دول الجوار\nوأضاف أن الحوار هو السبيل.",
                None,
                "وقال وزير الخارجية الإيراني محمد جواد ظريف في مؤتمر صحفي عقده في طهران اليوم الأحد إن بلاده مستعدة للحوار مع جميع دول الجوار\nوأضاف أن الحوار هو السبيل.",
            ),
        ];
        for (raw, title, text) in table {
            let c = cleaned(raw);
            assert_eq!(c.title.as_deref(), title, "{raw}");
            assert_eq!(c.text, text, "{raw}");
        }
    }

    #[test]
    fn furniture_is_dropped_by_general_rules() {
        let table = [
            // (raw page, expected text)
            ("Accessibility links\n\nالعنوان هنا\n\nنص الخبر الأول.\n\nXS\nSM\nMD\nLG", "نص الخبر الأول."),
            ("صورة ارشيفية\n\nالعنوان هنا\n\nنص الخبر الأول.\n\n×", "نص الخبر الأول."),
            ("العنوان هنا\nنص الخبر الأول.\nاترك تعليقاً\n\nزر الذهاب إلى الأعلى", "نص الخبر الأول."),
            ("العنوان هنا\nRead this story in English\nنص الخبر الأول.", "نص الخبر الأول."),
            ("العنوان هنا\nنص الخبر الأول.\n---------------------\nنص ثان.", "نص الخبر الأول.\nنص ثان."),
            // a caption repeated under itself
            (
                "العنوان هنا\nالمتحدث باسم الوزارة فلان الفلاني\nالمتحدث باسم الوزارة فلان الفلاني\nنص الخبر الأول.",
                "نص الخبر الأول.",
            ),
            // a related-stories block with its teasers
            (
                "العنوان هنا\nنص الخبر الأول.\nاقرأ أيضاً:\nعنوان قصة أخرى\nعنوان قصة ثالثة\nنص الخبر الثاني يتابع هنا.",
                "نص الخبر الأول.\nنص الخبر الثاني يتابع هنا.",
            ),
            ("العنوان هنا\nنص الخبر الأول.\nللمزيد: عنوان قصة أخرى", "نص الخبر الأول."),
            (
                "العنوان هنا\nنص الخبر الأول.\nيمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي.",
                "نص الخبر الأول.",
            ),
        ];
        for (raw, text) in table {
            assert_eq!(cleaned(raw).text, text, "{raw}");
        }
    }

    #[test]
    fn source_trailers_become_the_source() {
        let table = [
            (
                "العنوان هنا\nنص الخبر.\nالمصدر: راديو سوا/وكالات",
                Some("راديو سوا/وكالات"),
            ),
            (
                "العنوان هنا\nنص الخبر.\nفرانس24/ أ ف ب",
                Some("فرانس24/ أ ف ب"),
            ),
            (
                "العنوان هنا\nنص الخبر.\n*نقلاً عن الرؤية الإماراتية",
                Some("الرؤية الإماراتية"),
            ),
            ("العنوان هنا\nنص الخبر.", None),
        ];
        for (raw, source) in table {
            let c = cleaned(raw);
            assert_eq!(c.source.as_deref(), source, "{raw}");
            assert_eq!(c.text, "نص الخبر.", "{raw}");
        }
    }

    #[test]
    fn nothing_in_nothing_out() {
        for raw in ["", "\n\n  \n", "×", "-----"] {
            let c = cleaned(raw);
            assert_eq!(c.title, None);
            assert!(c.text.is_empty() || c.text == raw.trim(), "{raw:?}");
        }
    }
}
