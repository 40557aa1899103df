//! One pass over the text: words, numbers and punctuation with their byte ranges, and the
//! normalised form of every word (hamza, ta marbuta, digits folded) for dictionary look-ups.
//!
//! All words' normalised forms live in one string, so look-ups borrow `&str` slices and the pass
//! allocates twice per text, not per token.
use std::ops::Range;

use crate::extract::arabic::fold_char;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    /// A run of digits (Western or Arabic-Indic) with its value, saturated at `u32::MAX / 10`.
    Num {
        value: u32,
        digits: u8,
    },
    /// One punctuation character; line breaks are kept as `'\n'`, they end sentences.
    Punct(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: TokKind,
    /// Byte range in the original text.
    pub orig: Range<usize>,
    /// Byte range of the normalised form in [`Tokens::norm`] (words only; empty otherwise).
    pub norm: Range<usize>,
    /// Written without whitespace after the previous token ("الـ18", "2014م", "1436هـ").
    pub glued: bool,
}

pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    pub norm: String,
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        _ => None,
    }
}

/// Part of a word: letters, and the marks normalisation drops (harakat, tatweel). ASCII and the
/// Arabic block are decided by range: `char::is_alphabetic` is a slow table walk outside ASCII.
#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' => true,
        '\u{06D5}' | '\u{06EE}' | '\u{06EF}' | '\u{06FA}'..='\u{06FF}' => true,
        '\u{0600}'..='\u{06FF}' => fold_char(c).is_none(),
        _ => (c.is_alphabetic() || fold_char(c).is_none()) && digit_value(c).is_none(),
    }
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 6);
        let mut norm = String::with_capacity(text.len() / 2);
        let mut chars = text.char_indices().peekable();
        let mut glued = false;
        while let Some((b, c)) = chars.next() {
            if c.is_whitespace() {
                if c == '\n' {
                    toks.push(Token {
                        kind: TokKind::Punct('\n'),
                        orig: b..b + 1,
                        norm: 0..0,
                        glued: false,
                    });
                }
                glued = false;
                continue;
            }
            let start = b;
            if let Some(d) = digit_value(c) {
                let (mut value, mut digits, mut end) = (d, 1u8, b + c.len_utf8());
                while let Some(&(nb, nc)) = chars.peek() {
                    let Some(nd) = digit_value(nc) else { break };
                    value = if value < u32::MAX / 100 {
                        value * 10 + nd
                    } else {
                        u32::MAX / 10
                    };
                    digits = digits.saturating_add(1);
                    end = nb + nc.len_utf8();
                    chars.next();
                }
                toks.push(Token {
                    kind: TokKind::Num { value, digits },
                    orig: start..end,
                    norm: 0..0,
                    glued,
                });
            } else if is_word_char(c) {
                let nstart = norm.len();
                let mut end = b + c.len_utf8();
                push_folded(c, &mut norm);
                while let Some(&(nb, nc)) = chars.peek() {
                    if !is_word_char(nc) {
                        break;
                    }
                    push_folded(nc, &mut norm);
                    end = nb + nc.len_utf8();
                    chars.next();
                }
                if norm.len() == nstart {
                    // only marks (a stray tatweel): not a word
                    glued = true;
                    continue;
                }
                norm.push(' ');
                toks.push(Token {
                    kind: TokKind::Word,
                    orig: start..end,
                    norm: nstart..norm.len() - 1,
                    glued,
                });
            } else {
                toks.push(Token {
                    kind: TokKind::Punct(c),
                    orig: start..start + c.len_utf8(),
                    norm: 0..0,
                    glued,
                });
            }
            glued = true;
        }
        Tokens { text, toks, norm }
    }

    /// The normalised form of word token `i` ("" for other tokens).
    #[inline]
    pub(crate) fn word(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.kind == TokKind::Word => self.norm.get(t.norm.clone()).unwrap_or(""),
            _ => "",
        }
    }

    /// The original byte offset where token `i`'s word continues after `skip` bytes of its
    /// normalised form (a clitic: "ويوم" → the start of "يوم"). Dropped marks count for nothing.
    pub(crate) fn orig_after(&self, i: usize, skip: usize) -> usize {
        let Some(tok) = self.toks.get(i) else {
            return self.text.len();
        };
        let word = self.text.get(tok.orig.clone()).unwrap_or("");
        let mut seen = 0;
        for (b, c) in word.char_indices() {
            if seen >= skip && fold_char(c).is_some() {
                return tok.orig.start + b;
            }
            seen += fold_char(c).map_or(0, char::len_utf8);
        }
        tok.orig.end
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }
}

/// Appends the folded form of `c` (if any) to `norm`.
#[inline]
fn push_folded(c: char, norm: &mut String) {
    if let Some(f) = fold_char(c) {
        norm.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_punctuation_with_offsets() {
        let text = "يوم أمسِ، الـ18 و٢٠١٤م";
        let t = Tokens::new(text);
        let kinds: Vec<String> = t
            .toks
            .iter()
            .enumerate()
            .map(|(i, tok)| match tok.kind {
                TokKind::Word => format!("w:{}{}", t.word(i), if tok.glued { "+" } else { "" }),
                TokKind::Num { value, .. } => {
                    format!("n:{value}{}", if tok.glued { "+" } else { "" })
                }
                TokKind::Punct(c) => format!("p:{c}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec!["w:يوم", "w:امس", "p:،", "w:ال", "n:18+", "w:و", "n:2014+", "w:م+"]
        );
        assert_eq!(&text[t.toks[1].orig.clone()], "أمسِ");
    }
}
