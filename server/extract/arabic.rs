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
