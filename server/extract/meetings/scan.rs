//! Words of a sentence with their byte ranges, and the meeting words among them. A word is looked
//! up under each reading of its leading clitics (و ف, then ب ل ك, then ال or لل; س on verbs), so
//! the data files list bare forms only.
use std::ops::Range;

use super::words::{words, Context, MeetingWord, Tense, WordClass};
use crate::extract::arabic::{fold_char, normalize, VERB_CONJUNCTIONS};
use crate::extract::{MeetingKind, MeetingStatus};

/// One word: its byte range in the text and its normalised form.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub range: Range<usize>,
    pub norm: String,
}

/// The words of `text[range]` (runs of letters, digits and harakat), with absolute byte ranges.
pub(crate) fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let in_word = |c: char| crate::extract::arabic::is_alphanumeric(c) || fold_char(c).is_none();
    for (i, c) in slice.char_indices() {
        match (in_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(token(slice, range.start, s..i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(token(slice, range.start, s..slice.len()));
    }
    out
}

fn token(slice: &str, base: usize, r: Range<usize>) -> Token {
    Token {
        norm: normalize(&slice[r.clone()]),
        range: base + r.start..base + r.end,
    }
}

/// Whether a normalised word, with any leading clitics, is a meeting word ("قمة", "والاجتماع").
pub(crate) fn is_meeting_word(word: &str) -> bool {
    readings(word)
        .iter()
        .any(|(bare, _, _)| words().meeting.contains_key(*bare))
}

/// The readings of a normalised word with its leading clitics taken off: (bare form, had the
/// article ال, had the future prefix س). The word itself comes first.
pub(crate) fn readings(word: &str) -> Vec<(&str, bool, bool)> {
    let mut out = vec![(word, false, false)];
    let after_conj = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .filter(|r| r.chars().count() >= 2);
    let bases: Vec<&str> = std::iter::once(word).chain(after_conj).collect();
    for (i, base) in bases.iter().enumerate() {
        if i > 0 {
            out.push((base, false, false));
        }
        if let Some(r) = base.strip_prefix("ال") {
            out.push((r, true, false));
        }
        if let Some(r) = base.strip_prefix("لل") {
            out.push((r, true, false));
        }
        for p in ['ب', 'ل', 'ك'] {
            if let Some(r) = base.strip_prefix(p) {
                if let Some(rr) = r.strip_prefix("ال") {
                    out.push((rr, true, false));
                }
                out.push((r, false, false));
            }
        }
        if let Some(r) = base.strip_prefix('س') {
            out.push((r, false, true));
        }
    }
    out.retain(|(w, _, _)| w.chars().count() >= 2);
    out
}

/// Whether what `word` adds before `bare` is a verb's prefix: nothing, a conjunction
/// ([`VERB_CONJUNCTIONS`]), the future سـ, or both.
fn verb_prefix(word: &str, bare: &str) -> bool {
    let prefix = word.strip_suffix(bare).unwrap_or(word);
    let prefix = prefix.strip_suffix('س').unwrap_or(prefix);
    prefix.is_empty() || VERB_CONJUNCTIONS.contains(&prefix)
}

/// A meeting word found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    /// Index into the sentence's tokens.
    pub token: usize,
    pub word: MeetingWord,
    /// Written with the article, or after هذا/هذه/ذلك/تلك: it may point back to a meeting already
    /// reported.
    pub definite: bool,
    pub future: bool,
    /// Carries a pronoun suffix ("لقائه", "استقبله"): someone named before takes part.
    pub possessive: bool,
    /// A dual verb ("التقيا", "يلتقيان") or a dual possessive ("لقائهما"): two people named
    /// before are its subject.
    pub dual: bool,
}

/// `word` in `table`, as written or without a leading و/ف and then ال. Function words are not
/// read through ب/ل/ك: "كان" is not ك + "أن".
pub(crate) fn lookup<'a, T>(
    table: &'a std::collections::HashMap<String, T>,
    word: &str,
) -> Option<&'a T> {
    let conj = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .filter(|r| r.chars().count() >= 2);
    std::iter::once(word)
        .chain(conj)
        .flat_map(|w| std::iter::once(w).chain(w.strip_prefix("ال")))
        .find_map(|w| table.get(w))
}

pub(crate) fn context_of(word: &str) -> Option<Context> {
    lookup(&words().context, word).copied()
}

/// How many words after a meeting word a count ("مرات", "مرتين") makes it several meetings.
const REPEATED_WITHIN: usize = 6;

/// The meeting words of a sentence, minus uses that name something else ("مؤتمر صحفي").
pub(crate) fn triggers(toks: &[Token]) -> Vec<Trigger> {
    let w = words();
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let found = readings(&t.norm).into_iter().find_map(|(bare, def, fut)| {
            let m = w.meeting.get(bare)?;
            // the future prefix only goes on present-tense verbs
            if fut && !(m.class == WordClass::Verb && m.tense == Tense::Present) {
                return None;
            }
            // a verb takes only و/ف and سـ: after a preposition or the article its shape is the
            // verbal noun of a purpose ("وصل إلى الرياض لبحث الأزمة"), not a meeting held
            if m.class == WordClass::Verb && !verb_prefix(&t.norm, bare) {
                return None;
            }
            let possessive = bare != normalize(m.lemma)
                && ["ه", "ها", "هما", "هم"].iter().any(|s| bare.ends_with(s));
            Some((m.clone(), def, fut, possessive))
        });
        let Some((word, def, future, possessive)) = found else {
            continue;
        };
        let next_is = |c: Context| {
            toks.get(i + 1)
                .is_some_and(|n| context_of(&n.norm) == Some(c))
        };
        if next_is(Context::NotMeeting) {
            continue;
        }
        // "في لقاء مع قناة العربية", "لقاء تلفزيوني": an interview
        let media_at = |j: usize| {
            toks.get(j)
                .is_some_and(|n| context_of(&n.norm) == Some(Context::Media))
        };
        if media_at(i + 1) || (toks.get(i + 1).is_some_and(|n| n.norm == "مع") && media_at(i + 2))
        {
            continue;
        }
        // "التقيا 9 مرات", "اجتمع X وY مرتين": a count of meetings, not one of them
        if toks
            .iter()
            .skip(i + 1)
            .take(REPEATED_WITHIN)
            .any(|n| context_of(&n.norm) == Some(Context::Repeated))
        {
            continue;
        }
        let demonstrative = i > 0
            && matches!(
                toks[i - 1].norm.as_str(),
                "هذا" | "هذه" | "ذلك" | "تلك" | "وهذا" | "وهذه"
            );
        // ("بحثا عن" is "in search of": weak verbs count as dual only with هما)
        let dual = is_dual(&t.norm, word.class) && (!word.weak || t.norm.ends_with("هما"));
        out.push(Trigger {
            token: i,
            word,
            definite: def || demonstrative,
            future,
            possessive,
            dual,
        });
    }
    out
}

/// A dual form: a verb ending in the dual's ا or ان ("التقيا", "يلتقيان", not "التقاها" nor the
/// plural "التقوا"), or any word with the dual pronoun هما ("لقائهما").
fn is_dual(norm: &str, class: WordClass) -> bool {
    if norm.ends_with("هما") {
        return true;
    }
    class == WordClass::Verb
        && (norm.ends_with("ان")
            || (norm.ends_with('ا') && !norm.ends_with("وا") && !norm.ends_with("ها")))
}

/// A kind word ("ثلاثي") within two words after the trigger.
pub(crate) fn stated_kind(toks: &[Token], trigger: usize) -> Option<MeetingKind> {
    let w = words();
    toks.iter()
        .skip(trigger + 1)
        .take(2)
        .find_map(|t| lookup(&w.kind, &t.norm).copied())
}

/// The status words around a trigger: `near` ones within four words before or two after,
/// `clause` ones anywhere in `clause` (token indexes). Cancelled wins over planned over held.
pub(crate) fn stated_status(
    toks: &[Token],
    trigger: usize,
    clause: Range<usize>,
) -> Option<MeetingStatus> {
    let w = words();
    let mut best: Option<MeetingStatus> = None;
    let rank = |s: MeetingStatus| match s {
        MeetingStatus::Cancelled => 3,
        MeetingStatus::Planned => 2,
        MeetingStatus::Held => 1,
        MeetingStatus::Unknown => 0,
    };
    for i in clause {
        if i == trigger {
            continue;
        }
        let Some(t) = toks.get(i) else { continue };
        let Some(&(mut status, reach)) = lookup(&w.status, &t.norm) else {
            continue;
        };
        // "اتفقا على عقد لقاء": holding as a noun after "على" is an intent, not a fact
        if status == MeetingStatus::Held && i > 0 && toks[i - 1].norm == "علي" {
            status = MeetingStatus::Planned;
        }
        let before = i < trigger && trigger - i <= 4;
        let near = before || (i > trigger && i - trigger <= 2);
        let counts = match reach {
            super::words::Reach::Near => near,
            super::words::Reach::Before => before,
            super::words::Reach::Clause => true,
        };
        if !counts {
            continue;
        }
        if best.is_none_or(|b| rank(status) > rank(b)) {
            best = Some(status);
        }
    }
    best
}

/// An invitation or agreement to meet right before the meeting word ("ودعا X Y لزيارة واشنطن
/// لعقد اجتماع", "اتفقا على عقد لقاء") with nothing after it saying the meeting took place
/// ("... عقد أمس"): a past day written before the meeting word is then the invitation's, not
/// the meeting's. Returns the token of the invitation word.
pub(crate) fn invitation_to(toks: &[Token], trigger: usize, clause: Range<usize>) -> Option<usize> {
    let w = words();
    let status_at = |i: usize| lookup(&w.status, &toks.get(i)?.norm).copied();
    let invited = clause.clone().find(|&i| {
        i < trigger
            && trigger - i <= 4
            && matches!(
                status_at(i),
                Some((MeetingStatus::Planned, super::words::Reach::Near))
            )
    })?;
    let held_after = clause
        .filter(|&i| i > trigger)
        .any(|i| matches!(status_at(i), Some((MeetingStatus::Held, _))));
    (!held_after).then_some(invited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clitics_come_off_by_rule() {
        let table = [
            ("وللقاء", "لقاء"),
            ("والاجتماع", "اجتماع"),
            ("بالمؤتمر", "مؤتمر"),
            ("وسيلتقي", "يلتقي"),
            ("فاستقبل", "استقبل"),
        ];
        for (word, bare) in table {
            let n = normalize(word);
            assert!(
                readings(&n).iter().any(|(w, _, _)| *w == normalize(bare)),
                "{word} → {:?}",
                readings(&n)
            );
        }
    }

    #[test]
    fn press_conference_is_not_a_meeting() {
        for (sentence, want) in [
            ("عقد الوزير مؤتمرا صحفيا مشتركا", 0), // مؤتمرا صحفيا: acc. form not listed as صحفيا
            ("وقال في مؤتمر صحفي عقده أمس", 0),
            ("وعقد اجتماعا مع نظيره", 1),
            ("الوضع الاجتماعي صعب", 0),
            // a verb's shape after a preposition is a purpose, not a meeting held
            ("وصل الوزير إلى الرياض لبحث الأزمة", 0),
            ("وبحث الوزير الأزمة مع نظيره", 1),
            ("وسيبحث الوزير الأزمة مع نظيره", 1),
        ] {
            let toks = tokens(sentence, 0..sentence.len());
            let got = triggers(&toks).len();
            assert_eq!(got, want, "{sentence}");
        }
    }
}
