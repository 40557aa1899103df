//! Words and marks of the text with their byte ranges, sentence and paragraph: what the
//! reporting-clause rules walk over.
use std::ops::Range;

use crate::extract::arabic::{fold_char, sentences};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    /// An opening quotation mark: « “ „
    Open,
    /// A closing quotation mark: » ”
    Close,
    /// A straight double quote, open or close by position.
    Straight,
    /// A straight double quote glued to the word before it and free after it ("المقبل". ) with
    /// no quotation open: the close of a quotation the text never opened. It opens nothing.
    StraightClose,
    Colon,
    Comma,
    /// Any other punctuation or symbol.
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokKind,
    /// The normalised form of a word (empty for marks).
    pub norm: String,
    pub sentence: usize,
    pub paragraph: usize,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub fn is_quote_mark(&self) -> bool {
        matches!(
            self.kind,
            TokKind::Open | TokKind::Close | TokKind::Straight | TokKind::StraightClose
        )
    }
}

fn is_word_char(c: char) -> bool {
    crate::extract::arabic::is_alphanumeric(c)
        || matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Whether the straight quote at byte `b` follows a word or mark directly and is followed by a
/// space, punctuation or the end: the shape of a closing mark.
fn glued_left_free_right(text: &str, b: usize) -> bool {
    let before = text.get(..b).and_then(|s| s.chars().next_back());
    let after = text.get(b + 1..).and_then(|s| s.chars().next());
    let glued = before.is_some_and(|c| !c.is_whitespace());
    let free = after.is_none_or(|c| c.is_whitespace() || (!is_word_char(c) && c != '"'));
    glued && free
}

/// Sentences with a stray full stop mended: a "sentence" that opens with a comma continues the
/// one before ("وقال X.، يوم الخميس، إنه": the full stop is a typo, the clause goes on).
fn join_comma_continuations(text: &str, sents: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sents.len());
    for s in sents {
        let opens_with_comma = text
            .get(s.clone())
            .and_then(|t| t.trim_start().chars().next())
            .is_some_and(|c| c == '،' || c == ',');
        let after_full_stop = |prev: &Range<usize>| {
            text.get(prev.clone())
                .is_some_and(|t| t.trim_end().ends_with('.'))
        };
        match out.last_mut() {
            Some(prev) if opens_with_comma && after_full_stop(prev) => prev.end = s.end,
            _ => out.push(s),
        }
    }
    out
}

/// The tokens of `text`, in order. Linear in the length of the text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let sents = join_comma_continuations(text, sentences(text));
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut paragraph = 0;
    let mut sent_ix = 0;
    let mut word_start: Option<usize> = None;
    let mut norm = String::new();
    let sentence_of = |b: usize, sent_ix: &mut usize| -> usize {
        while *sent_ix + 1 < sents.len() && sents[*sent_ix].end <= b {
            *sent_ix += 1;
        }
        *sent_ix
    };
    for (b, c) in text.char_indices() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(b);
            }
            if let Some(f) = fold_char(c) {
                norm.push(f);
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            let sentence = sentence_of(s, &mut sent_ix);
            // one exact-size allocation per word; the buffer keeps its capacity
            out.push(Token {
                range: s..b,
                kind: TokKind::Word,
                norm: norm.clone(),
                sentence,
                paragraph,
            });
            norm.clear();
        }
        if c == '\n' {
            paragraph += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let kind = match c {
            '«' | '“' | '„' => TokKind::Open,
            '»' | '”' => TokKind::Close,
            '"' if glued_left_free_right(text, b) => TokKind::StraightClose,
            '"' => TokKind::Straight,
            ':' => TokKind::Colon,
            '،' | ',' => TokKind::Comma,
            _ => TokKind::Punct,
        };
        let sentence = sentence_of(b, &mut sent_ix);
        out.push(Token {
            range: b..b + c.len_utf8(),
            kind,
            norm: String::new(),
            sentence,
            paragraph,
        });
    }
    if let Some(s) = word_start {
        let sentence = sentence_of(s, &mut sent_ix);
        out.push(Token {
            range: s..text.len(),
            kind: TokKind::Word,
            norm,
            sentence,
            paragraph,
        });
    }
    out
}

/// For every opening quotation mark, the index of its closing mark in the same paragraph, if any.
/// « » and “ ” nest; straight quotes pair up in order. One pass with a stack: linear.
pub fn match_quotes(toks: &[Token]) -> Vec<Option<usize>> {
    let mut close = vec![None; toks.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut straight: Option<usize> = None;
    let mut paragraph = usize::MAX;
    for (i, t) in toks.iter().enumerate() {
        if t.paragraph != paragraph {
            paragraph = t.paragraph;
            stack.clear();
            straight = None;
        }
        match t.kind {
            TokKind::Open => stack.push(i),
            TokKind::Close => {
                if let Some(o) = stack.pop() {
                    close[o] = Some(i);
                }
            }
            TokKind::Straight => match straight.take() {
                Some(o) => close[o] = Some(i),
                None => straight = Some(i),
            },
            TokKind::StraightClose => {
                if let Some(o) = straight.take() {
                    close[o] = Some(i);
                }
            }
            _ => {}
        }
    }
    close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_stop_before_a_comma_ends_no_sentence() {
        // (text, sentence index of each word)
        let table: [(&str, &[usize]); 3] = [
            ("قال سامي.، أمس، إنه هنا.", &[0, 0, 0, 0, 0]),
            ("قال سامي. ثم غادر.", &[0, 0, 1, 1]),
            ("قال سامي.\n، ثم غادر", &[0, 0, 0, 0]),
        ];
        for (text, want) in table {
            let got: Vec<usize> = tokenize(text)
                .iter()
                .filter(|t| t.is_word())
                .map(|t| t.sentence)
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn words_marks_sentences_and_paragraphs() {
        let text = "وقال: «نحن هنا.» ثم غادر.\nوأضاف، \"نعم\"";
        let toks = tokenize(text);
        let shown: Vec<(&str, TokKind, usize, usize)> = toks
            .iter()
            .map(|t| (&text[t.range.clone()], t.kind, t.sentence, t.paragraph))
            .collect();
        use TokKind::*;
        assert_eq!(
            shown,
            vec![
                ("وقال", Word, 0, 0),
                (":", Colon, 0, 0),
                ("«", Open, 0, 0),
                ("نحن", Word, 0, 0),
                ("هنا", Word, 0, 0),
                (".", Punct, 0, 0),
                ("»", Close, 0, 0),
                ("ثم", Word, 0, 0),
                ("غادر", Word, 0, 0),
                (".", Punct, 0, 0),
                ("وأضاف", Word, 1, 1),
                ("،", Comma, 1, 1),
                ("\"", Straight, 1, 1),
                ("نعم", Word, 1, 1),
                ("\"", StraightClose, 1, 1),
            ]
        );
        assert_eq!(toks[0].norm, "وقال");
        let close = match_quotes(&toks);
        assert_eq!(close[2], Some(6));
        assert_eq!(close[12], Some(14));
    }

    #[test]
    fn a_straight_quote_shaped_as_a_close_opens_nothing() {
        // (text, pairs of (open token, close token) expected)
        let table: &[(&str, &[(usize, usize)])] = &[
            // an orphan close after a word, then a real quotation: the real one pairs up
            ("قال المقبل\". وقال: \"نحن هنا\".", &[(6, 9)]),
            // glued on both sides it may open ("تلفزيوني\"قبل")
            ("وأضاف\"قبل أسبوع\" ثم", &[(1, 4)]),
            // a normal pair
            ("قال \"نحن هنا\"", &[(1, 4)]),
        ];
        for (text, want) in table {
            let toks = tokenize(text);
            let close = match_quotes(&toks);
            let got: Vec<(usize, usize)> = close
                .iter()
                .enumerate()
                .filter_map(|(o, c)| c.map(|c| (o, c)))
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn unbalanced_quotes_stay_open_within_their_paragraph() {
        let text = "قال «نحن هنا\nو» ثم";
        let toks = tokenize(text);
        let close = match_quotes(&toks);
        assert!(close.iter().all(Option::is_none));
    }
}
