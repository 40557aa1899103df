//! Arabic text for matching: normalisation (hamza/alef forms, ta marbuta, alef maqsura, harakat,
//! tatweel, Arabic-Indic digits), sentences and tokens with their byte offsets.
//!
//! Normalisation is for *matching* only: facts keep the text as written. No stemming, ever: a
//! stemmer turns the name روحاني into روح.
use std::ops::Range;

/// Folds one char for matching; `None` drops it (harakat, tatweel).
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // harakat, Quranic marks, superscript alef, tatweel
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ک' => 'ك',
        'ی' | 'ي' => 'ي',
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
        c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
        c => c,
    })
}

/// `char::is_alphanumeric` with ASCII and the Arabic block (U+0600–U+06FF) decided by range:
/// the standard library answers those by walking its Unicode tables (`lookup_slow`), which was
/// the largest single cost of extraction. Same answer for every char (tested).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{0600}'..='\u{06FF}' => matches!(
            c,
            '\u{0610}'..='\u{061A}'
                | '\u{0620}'..='\u{0657}'
                | '\u{0659}'..='\u{0669}'
                | '\u{066E}'..='\u{06D3}'
                | '\u{06D5}'..='\u{06DC}'
                | '\u{06E1}'..='\u{06E8}'
                | '\u{06ED}'..='\u{06FC}'
                | '\u{06FF}'
        ),
        _ => c.is_alphanumeric(),
    }
}

/// The normalised form of `s` for matching: folded chars, runs of whitespace as one space, trimmed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if let Some(f) = fold_char(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(f);
        }
    }
    out
}

/// A word of the text: its byte range and its normalised form (see [`normalize`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub norm: String,
    /// True when something other than whitespace (punctuation, a quotation mark, a bracket)
    /// separates this token from the previous one: a name or a role never spans such a break.
    pub break_before: bool,
}

/// True for the chars that make up words: letters (any script), digits, and the marks that
/// [`fold_char`] drops (harakat, tatweel) so that a vocalised word stays one token.
#[inline]
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || fold_char(c).is_none() || c == '\u{200C}'
}

/// The words of `text` with their byte ranges and normalised forms. Punctuation is not a
/// token; it sets [`Token::break_before`] on the next word. A token whose chars all fold away
/// (a lone tatweel) is dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut start: Option<usize> = None;
    let mut pending_break = false;
    let mut norm = String::new();
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            if let Some(f) = fold_char(c) {
                if c != '\u{200C}' {
                    norm.push(f);
                }
            }
        } else {
            if let Some(s) = start.take() {
                if !norm.is_empty() {
                    // one exact-size allocation per word; the buffer keeps its capacity
                    out.push(Token {
                        range: s..i,
                        norm: norm.clone(),
                        break_before: pending_break,
                    });
                    pending_break = false;
                }
                norm.clear();
            }
            if !c.is_whitespace() {
                pending_break = true;
            }
        }
    }
    if let Some(s) = start {
        if !norm.is_empty() {
            out.push(Token {
                range: s..text.len(),
                norm,
                break_before: pending_break,
            });
        }
    }
    out
}

/// The proclitics a verb may carry: only the conjunctions. After a preposition (ب، ل، ك) or the
/// article a verb's shape is its verbal noun ("لبحث الأزمة", to discuss; "البحث"), which tells
/// neither a tense nor an event.
pub const VERB_CONJUNCTIONS: [&str; 2] = ["و", "ف"];

/// The proclitics a normalised Arabic word may carry, as (proclitics, rest) splits, the bare
/// word first: an optional conjunction (و ف), then an optional preposition (ب ل ك). A
/// preposition ل before the article ال is written لل: "للرئيس" gives ("ل", "الرئيس").
///
/// Names begin with these letters too (لافروف، بساكي، كيري، وليد), so callers try every split
/// against a word list and keep the one that matches; this never strips anything on its own.
/// A split leaves at least two letters.
pub fn proclitic_splits(word: &str) -> Vec<(&str, std::borrow::Cow<'_, str>)> {
    use std::borrow::Cow;
    let mut out: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(4);
    out.push(("", Cow::Borrowed(word)));
    let mut push = |prefix_len: usize| {
        let rest = &word[prefix_len..];
        if rest.chars().nth(1).is_some() {
            out.push((&word[..prefix_len], Cow::Borrowed(rest)));
        }
    };
    let conj = ['و', 'ف'];
    let prep = ['ب', 'ك', 'ل'];
    let mut chars = word.char_indices();
    let first = chars.next().map(|(_, c)| c);
    let second = chars.next();
    if let Some(c0) = first {
        if conj.contains(&c0) {
            push(c0.len_utf8());
            if let Some((i1, c1)) = second {
                if prep.contains(&c1) {
                    push(i1 + c1.len_utf8());
                }
            }
        } else if prep.contains(&c0) {
            push(c0.len_utf8());
        }
    }
    // ل + ال → لل: restore the article ("للرئيس" → "الرئيس", "وللأمم" → "الامم")
    for lead in ["لل", "ولل", "فلل"] {
        if let Some(rest) = word.strip_prefix(lead) {
            if rest.chars().nth(1).is_some() {
                out.push((
                    &word[..lead.len() - 'ل'.len_utf8()],
                    Cow::Owned(format!("ا{rest}")),
                ));
            }
        }
    }
    out
}

/// `word` (normalised) without its proclitics, given the stem must satisfy `known`: the first
/// split (bare word first) whose stem is known, with the byte length of the proclitics.
pub fn strip_proclitics<'a>(
    word: &'a str,
    known: impl Fn(&str) -> bool,
) -> Option<(usize, std::borrow::Cow<'a, str>)> {
    proclitic_splits(word)
        .into_iter()
        .find(|(_, stem)| known(stem))
        .map(|(p, stem)| (p.len(), stem))
}

/// The definite article: true when the normalised word starts with ال and has a stem after it.
pub fn is_definite(word: &str) -> bool {
    word.strip_prefix("ال")
        .is_some_and(|r| r.chars().count() >= 2)
}

/// Byte offset in the original `raw` word after skipping `chars` chars that survive folding:
/// maps a proclitic length measured on the normalised word back onto the text as written.
pub fn raw_offset_after(raw: &str, chars: usize) -> usize {
    let mut seen = 0;
    for (i, c) in raw.char_indices() {
        if fold_char(c).is_some() {
            if seen == chars {
                return i;
            }
            seen += 1;
        }
    }
    raw.len()
}

/// True for the characters that end a sentence in news text.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '\n' | '…')
}

/// Sentence byte ranges of `text`: split after `.` `!` `?` `؟` `…` and at line breaks, except
/// inside quotation marks («...», "..."), whose closing mark ends with its sentence. A full stop
/// between digits (3.5) does not split. Ranges are trimmed of surrounding whitespace.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut guillemets = 0usize; // nesting depth of « »
    let mut in_straight = false; // inside "..."
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        match c {
            '«' | '“' => guillemets += 1,
            '»' | '”' => guillemets = guillemets.saturating_sub(1),
            '"' => in_straight = !in_straight,
            _ => {}
        }
        let quoted = guillemets > 0 || in_straight;
        let split = if c == '\n' {
            // a paragraph break always ends a sentence, and resets unbalanced quotes
            guillemets = 0;
            in_straight = false;
            true
        } else if ends_sentence(c) && !quoted {
            let digit = |j: Option<&(usize, char)>| j.is_some_and(|(_, d)| d.is_ascii_digit());
            !(c == '.' && digit(chars.get(i.wrapping_sub(1))) && digit(chars.get(i + 1)))
        } else {
            false
        };
        if split {
            // take trailing closing quotes/brackets with the sentence
            let mut end = b + c.len_utf8();
            while let Some(&(nb, nc)) = chars.get(i + 1) {
                if matches!(nc, '"' | '»' | '”' | ')' | '.') && c != '\n' {
                    end = nb + nc.len_utf8();
                    i += 1;
                    if nc == '"' {
                        in_straight = !in_straight;
                    }
                } else {
                    break;
                }
            }
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_alphanumeric_agrees_with_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn normalisation_table() {
        let cases = [
            ("إبراهيم", "ابراهيم"),
            ("أمير عبد اللهيان", "امير عبد اللهيان"),
            ("مرضية", "مرضيه"),
            ("مصطفى", "مصطفي"),
            ("خامنئي", "خامنيي"),
            ("السُني", "السني"),
            ("مسـؤول", "مسوول"),
            ("  كيري\n\tو  لافروف ", "كيري و لافروف"),
            ("٢٠١٤", "2014"),
            ("Zarif", "zarif"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn sentences_split_on_stops_but_not_inside_quotes_or_numbers() {
        let text =
            "قال ظريف \"العالم أدرك. هذه الحقيقة\" اليوم. وأضاف أن النمو 3.5 بالمئة؟ نعم\nسطر";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "قال ظريف \"العالم أدرك. هذه الحقيقة\" اليوم.",
                "وأضاف أن النمو 3.5 بالمئة؟",
                "نعم",
                "سطر"
            ]
        );
    }

    #[test]
    fn closing_quote_after_stop_stays_with_its_sentence() {
        let text = "وقال: «نحن هنا.» ثم غادر.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, vec!["وقال: «نحن هنا.» ثم غادر."]);
    }
}
