//! The date vocabulary, loaded once from the data files under `lexicon/ar/dates_*.txt`, and
//! looked up phrase by phrase over the token stream (longest phrase first, clitics و ف ب ك ل
//! peeled off the first word).
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::tokens::Tokens;
use crate::extract::arabic::normalize;
use crate::extract::lexicon::records;
use crate::extract::Reading;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
    /// "غرة": the first day.
    First,
}

/// How much context a month name needs before it counts as a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guard {
    None,
    /// Also an ordinary word: needs a day number, a year, a twin name, "شهر" or a direction.
    Strict,
    /// As strict, but a preposition or part word before it also vouches ("في مارس").
    Prep,
}

/// What a word or phrase means to the date grammar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Atom {
    Month {
        month: u8,
        hijri: bool,
        guard: Guard,
    },
    /// ISO weekday number, 1 = Monday.
    Weekday {
        iso: u8,
        guarded: bool,
    },
    Ordinal(u8),
    Day(i32),
    Unit(Unit),
    Dir(i32),
    Part(Part),
    DayPart,
    YearWord,
    MonthWord,
    DayWord,
    This,
    Corresp,
    Since,
    Before,
    After,
    Of,
    Def,
    HijriMark,
    GregMark,
    Prep,
}

/// A word or phrase meaning in a duration ("ثلاثة أيام", "أسبوعين").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Dur {
    Count(u32),
    Unit(Unit),
    Dual(Unit),
}

/// A match of a phrase table at a token: what it means, the token after it, and how many bytes
/// of clitics (of the normalised first word) precede it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<T> {
    pub value: T,
    pub end: usize,
    pub skip: usize,
}

/// Phrases keyed by their first normalised word.
pub(crate) struct PhraseTable<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
    /// "للعام": after peeling the preposition ل, the article's alef is gone too; keys here are
    /// "ل" + the first word without "ال", reachable only by peeling a ل.
    lam_alias: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Copy> PhraseTable<T> {
    fn new() -> Self {
        PhraseTable {
            by_first: HashMap::new(),
            lam_alias: HashMap::new(),
        }
    }

    fn insert(&mut self, phrase: &str, value: T) {
        let norm = normalize(phrase);
        let mut words = norm.split(' ').map(str::to_string);
        let Some(first) = words.next() else { return };
        let rest: Vec<String> = words.collect();
        if let Some(bare) = first.strip_prefix("ال") {
            let alias = format!("ل{bare}");
            push_sorted(
                self.lam_alias.entry(alias).or_default(),
                rest.clone(),
                value,
            );
        }
        push_sorted(self.by_first.entry(first).or_default(), rest, value);
    }

    /// The longest phrase starting at token `i`.
    pub(crate) fn at(&self, toks: &Tokens, i: usize) -> Option<Hit<T>> {
        let w = toks.word(i);
        if w.is_empty() {
            return None;
        }
        let mut bases: [Option<&str>; 2] = [Some(w), None];
        if let Some(rest) = w.strip_prefix(['و', 'ف']) {
            if rest.chars().nth(1).is_some() {
                bases[1] = Some(rest);
            }
        }
        for base in bases.into_iter().flatten() {
            if let Some(hit) = self.match_rest(&self.by_first, base, toks, i, w.len()) {
                return Some(hit);
            }
            if let Some(rest) = base.strip_prefix(['ب', 'ك', 'ل']) {
                if rest.chars().nth(1).is_none() {
                    continue;
                }
                if let Some(hit) = self.match_rest(&self.by_first, rest, toks, i, w.len()) {
                    return Some(hit);
                }
                if base.starts_with('ل') {
                    if let Some(hit) = self.match_rest(&self.lam_alias, rest, toks, i, w.len()) {
                        return Some(Hit {
                            // the span starts at the first ل: "للعام" has no separate article
                            skip: hit.skip.saturating_sub('ل'.len_utf8()),
                            ..hit
                        });
                    }
                }
            }
        }
        None
    }

    fn match_rest(
        &self,
        map: &HashMap<String, Vec<(Vec<String>, T)>>,
        key: &str,
        toks: &Tokens,
        i: usize,
        wlen: usize,
    ) -> Option<Hit<T>> {
        let list = map.get(key)?;
        'phrases: for (rest, value) in list {
            for (k, r) in rest.iter().enumerate() {
                if toks.word(i + 1 + k) != r {
                    continue 'phrases;
                }
            }
            return Some(Hit {
                value: *value,
                end: i + 1 + rest.len(),
                skip: wlen - key.len(),
            });
        }
        None
    }
}

fn push_sorted<T>(list: &mut Vec<(Vec<String>, T)>, rest: Vec<String>, value: T) {
    if list.iter().any(|(r, _)| *r == rest) {
        return; // spelling variants that normalise alike ("غدا", "غداً")
    }
    list.push((rest, value));
    list.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
}

/// Everything the date grammar knows about words.
pub(crate) struct Words {
    pub main: PhraseTable<Atom>,
    pub durations: PhraseTable<Dur>,
    pub tense: PhraseTable<(Reading, u8)>,
    /// Past verbs, matched with their suffixes by [`Words::past_verb`].
    past_verbs: HashMap<String, u8>,
    future_exceptions: Vec<String>,
    imperfect_exceptions: Vec<String>,
    pub not_today_after: HashSet<String>,
    pub not_today_before: HashSet<String>,
}

const MONTHS: &str = include_str!("../lexicon/ar/dates_months.txt");
const WEEKDAYS: &str = include_str!("../lexicon/ar/dates_weekdays.txt");
const ORDINALS: &str = include_str!("../lexicon/ar/dates_ordinals.txt");
const RELATIVE: &str = include_str!("../lexicon/ar/dates_relative.txt");
const DURATIONS: &str = include_str!("../lexicon/ar/dates_durations.txt");
const TENSE: &str = include_str!("../lexicon/ar/dates_tense.txt");
const FUTURE_EXCEPTIONS: &str = include_str!("../lexicon/ar/dates_future_exceptions.txt");
const IMPERFECT_EXCEPTIONS: &str = include_str!("../lexicon/ar/dates_imperfect_exceptions.txt");

fn unit(s: &str) -> Option<Unit> {
    Some(match s {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

pub(crate) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(load)
}

fn load() -> Words {
    let mut main = PhraseTable::new();
    for r in records(MONTHS) {
        let (Some(name), Some(Ok(month))) = (r.first(), r.get(1).map(|m| m.parse::<u8>())) else {
            continue;
        };
        let hijri = r.get(2) == Some(&"h");
        let guard = match r.get(3) {
            Some(&"guarded") => Guard::Strict,
            Some(&"prep") => Guard::Prep,
            _ => Guard::None,
        };
        main.insert(
            name,
            Atom::Month {
                month,
                hijri,
                guard,
            },
        );
    }
    for r in records(WEEKDAYS) {
        if let (Some(name), Some(Ok(iso))) = (r.first(), r.get(1).map(|m| m.parse::<u8>())) {
            let guarded = r.get(2) == Some(&"guarded");
            main.insert(name, Atom::Weekday { iso, guarded });
        }
    }
    for r in records(ORDINALS) {
        if let (Some(name), Some(Ok(n))) = (r.first(), r.get(1).map(|m| m.parse::<u8>())) {
            main.insert(name, Atom::Ordinal(n));
        }
    }
    let mut not_today_after = HashSet::new();
    let mut not_today_before = HashSet::new();
    for r in records(RELATIVE) {
        let (Some(name), Some(kind)) = (r.first(), r.get(1)) else {
            continue;
        };
        let value = r.get(2).copied().unwrap_or("");
        let int = value.parse::<i32>().ok();
        let atom = match *kind {
            "day" => int.map(Atom::Day),
            "unit" => unit(value).map(Atom::Unit),
            "dir" => int.map(Atom::Dir),
            "part" => match value {
                "early" => Some(Atom::Part(Part::Early)),
                "mid" => Some(Atom::Part(Part::Mid)),
                "late" => Some(Atom::Part(Part::Late)),
                "first" => Some(Atom::Part(Part::First)),
                _ => None,
            },
            "daypart" => Some(Atom::DayPart),
            "yearword" => Some(Atom::YearWord),
            "monthword" => Some(Atom::MonthWord),
            "dayword" => Some(Atom::DayWord),
            "this" => Some(Atom::This),
            "corresp" => Some(Atom::Corresp),
            "since" => Some(Atom::Since),
            "before" => Some(Atom::Before),
            "after" => Some(Atom::After),
            "of" => Some(Atom::Of),
            "def" => Some(Atom::Def),
            "hijri" => Some(Atom::HijriMark),
            "greg" => Some(Atom::GregMark),
            "prep" => Some(Atom::Prep),
            "not_today" => {
                not_today_after.insert(normalize(name));
                None
            }
            "not_today_before" => {
                not_today_before.insert(normalize(name));
                None
            }
            _ => None,
        };
        if let Some(atom) = atom {
            main.insert(name, atom);
        }
    }
    let mut durations = PhraseTable::new();
    for r in records(DURATIONS) {
        let (Some(name), Some(kind), Some(value)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        let dur = match *kind {
            "count" => value.parse().ok().map(Dur::Count),
            "unit" => unit(value).map(Dur::Unit),
            "dual" => unit(value).map(Dur::Dual),
            _ => None,
        };
        if let Some(dur) = dur {
            durations.insert(name, dur);
        }
    }
    let mut tense = PhraseTable::new();
    let mut past_verbs = HashMap::new();
    for r in records(TENSE) {
        let (Some(name), Some(kind)) = (r.first(), r.get(1)) else {
            continue;
        };
        let weight = r.get(2).and_then(|w| w.parse().ok()).unwrap_or(1u8);
        let reading = match *kind {
            "past" => Reading::Past,
            "future" => Reading::Future,
            "present" => Reading::Present,
            _ => continue,
        };
        let norm = normalize(name);
        if reading == Reading::Past && !norm.contains(' ') {
            past_verbs.insert(norm, weight);
        } else {
            tense.insert(name, (reading, weight));
        }
    }
    // normalize() keeps the "*" that marks a prefix entry
    let future_exceptions = crate::extract::lexicon::entries(FUTURE_EXCEPTIONS)
        .map(normalize)
        .collect();
    let imperfect_exceptions = crate::extract::lexicon::entries(IMPERFECT_EXCEPTIONS)
        .map(normalize)
        .collect();
    Words {
        main,
        durations,
        tense,
        past_verbs,
        future_exceptions,
        imperfect_exceptions,
        not_today_after,
        not_today_before,
    }
}

impl Words {
    /// The weight of a past-tense verb (or past marker word), with its subject suffix and a
    /// leading و/ف: "وعقدت", "اتفقا", "قالوا".
    pub(crate) fn past_verb(&self, word: &str) -> Option<u8> {
        let bare = word.strip_prefix(['و', 'ف']).unwrap_or(word);
        for w in [word, bare] {
            if let Some(&weight) = self.past_verbs.get(w) {
                return Some(weight);
            }
            for suffix in ["ت", "تا", "ا", "وا", "نا", "تم"] {
                if let Some(stem) = w.strip_suffix(suffix) {
                    if let Some(&weight) = self.past_verbs.get(stem) {
                        return Some(weight);
                    }
                }
            }
        }
        None
    }

    /// True for an imperfect verb in يـ ("يستأنف", "ويلتقي"): at least four letters, not a noun
    /// or name of that shape.
    pub(crate) fn imperfect_verb(&self, word: &str) -> bool {
        let bare = word.strip_prefix(['و', 'ف']).unwrap_or(word);
        bare.starts_with('ي')
            && bare.chars().count() >= 4
            && !self
                .imperfect_exceptions
                .iter()
                .any(|e| bare.starts_with(e.as_str()))
    }

    /// True for "سـ + imperfect" ("سيعقد", "وستنقل"), the future tense, unless the word is a noun
    /// of that shape ("سياسة", "سنة").
    pub(crate) fn future_verb(&self, word: &str) -> bool {
        let bare = word.strip_prefix(['و', 'ف']).unwrap_or(word);
        let Some(rest) = bare.strip_prefix('س') else {
            return false;
        };
        let Some(stem) = rest.strip_prefix(['ي', 'ت', 'ن', 'ا']) else {
            return false;
        };
        if stem.chars().count() < 3 {
            return false;
        }
        !self
            .future_exceptions
            .iter()
            .any(|e| match e.strip_suffix('*') {
                Some(prefix) => bare.starts_with(prefix),
                None => bare
                    .strip_prefix(e.as_str())
                    .is_some_and(|rest| matches!(rest, "" | "ا" | "ه" | "ات")),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_loads() {
        let w = words();
        let t = Tokens::new("للعام وبالعام كانون الثاني");
        assert!(matches!(
            w.main.at(&t, 0).map(|h| h.value),
            Some(Atom::Unit(Unit::Year))
        ));
        assert!(matches!(
            w.main.at(&t, 1).map(|h| h.value),
            Some(Atom::Unit(Unit::Year))
        ));
        let hit = w.main.at(&t, 2);
        assert!(matches!(
            hit.map(|h| (h.value, h.end)),
            Some((Atom::Month { month: 1, .. }, 4))
        ));
        assert_eq!(w.past_verb("وعقدت"), Some(2));
        assert_eq!(w.past_verb("قالوا"), Some(1));
        assert!(w.future_verb("وسيعقد"));
        assert!(w.future_verb("ستنقل"));
        assert!(!w.future_verb("السياسة"));
        assert!(!w.future_verb("سياسة"));
        assert!(!w.future_verb("سنوات"));
        assert!(!w.future_verb("سيدة"));
        assert!(w.future_verb("سيفتتح"));
    }
}
