//! The date vocabulary, loaded once from the data files under `lexicon/ar/dates_*.txt`, and
//! looked up phrase by phrase over the token stream (longest phrase first, clitics و ف ب ك ل
//! peeled off the first word).
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::tokens::Tokens;
use crate::extract::arabic::{normalize, VERB_CONJUNCTIONS};
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
    Plural(Unit),
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

/// FNV-1a: the keys are short words, where SipHash's set-up dominates a look-up. Hash flooding
/// is no concern for a table built from our own data files.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// One phrase of a table as its first word is written: the remaining words, the meaning, and
/// the bytes of clitics before the phrase proper.
struct Form<T> {
    rest: Vec<String>,
    value: T,
    skip: usize,
}

/// Clitics a first word may carry, in their normalised spelling: conjunctions و ف, prepositions
/// ب ك ل, and both together.
const CLITICS: [&str; 11] = ["و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"];

/// Phrases keyed by every written form of their first normalised word: bare, with clitics
/// ("ويوم", "بالعام") and with ل before the article ("للعام" = ل + العام). Built once at load,
/// so a token costs one hash look-up.
pub(crate) struct PhraseTable<T> {
    forms: FnvMap<String, Vec<Form<T>>>,
}

impl<T: Copy> PhraseTable<T> {
    fn new() -> Self {
        PhraseTable {
            forms: FnvMap::default(),
        }
    }

    fn insert(&mut self, phrase: &str, value: T) {
        self.insert_with(phrase, value, &CLITICS);
    }

    /// [`Self::insert`] with the clitics the phrase's first word may carry.
    fn insert_with(&mut self, phrase: &str, value: T, clitics: &[&str]) {
        let norm = normalize(phrase);
        let mut words = norm.split(' ').map(str::to_string);
        let Some(first) = words.next() else { return };
        let rest: Vec<String> = words.collect();
        self.add(first.clone(), &rest, value, 0);
        // one-letter words ("م" after a year) take no clitics: "كم" is "how many"
        if first.chars().nth(1).is_none() {
            return;
        }
        for c in clitics {
            self.add(format!("{c}{first}"), &rest, value, c.len());
        }
        if let Some(bare) = first.strip_prefix("ال") {
            // "للعام", "وللعام": the ل of the preposition swallows the article's alef
            for c in ["", "و", "ف"] {
                self.add(format!("{c}لل{bare}"), &rest, value, c.len());
            }
        }
    }

    fn add(&mut self, key: String, rest: &[String], value: T, skip: usize) {
        let list = self.forms.entry(key).or_default();
        if list.iter().any(|f| f.rest == rest) {
            return; // the bare word or a spelling variant came first
        }
        list.push(Form {
            rest: rest.to_vec(),
            value,
            skip,
        });
        // longest phrase first; stable, so a bare entry stays ahead of a clitic reading
        list.sort_by_key(|f| std::cmp::Reverse(f.rest.len()));
    }

    /// The meaning of one normalised word as a one-word phrase, as written.
    pub(crate) fn word(&self, w: &str) -> Option<T> {
        self.forms
            .get(w)?
            .iter()
            .find(|f| f.rest.is_empty())
            .map(|f| f.value)
    }

    /// The longest phrase starting at token `i`.
    pub(crate) fn at(&self, toks: &Tokens, i: usize) -> Option<Hit<T>> {
        let w = toks.word(i);
        if w.is_empty() {
            return None;
        }
        let list = self.forms.get(w)?;
        'forms: for f in list {
            for (k, r) in f.rest.iter().enumerate() {
                if toks.word(i + 1 + k) != r {
                    continue 'forms;
                }
            }
            return Some(Hit {
                value: f.value,
                end: i + 1 + f.rest.len(),
                skip: f.skip,
            });
        }
        None
    }
}

/// Everything the date grammar knows about words.
pub(crate) struct Words {
    pub main: PhraseTable<Atom>,
    pub durations: PhraseTable<Dur>,
    /// Words that may follow a duration without changing it ("فقط", "تقريبا"), normalised.
    pub duration_hedges: HashSet<String>,
    pub tense: PhraseTable<(Reading, u8)>,
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

/// Subject suffixes of the past tense a listed verb may carry.
const PAST_SUFFIXES: [&str; 6] = ["ت", "تا", "ا", "وا", "نا", "تم"];

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
    let mut duration_hedges = HashSet::new();
    for r in records(DURATIONS) {
        let (Some(name), Some(kind), Some(value)) = (r.first(), r.get(1), r.get(2)) else {
            continue;
        };
        if *kind == "hedge" {
            duration_hedges.insert(normalize(name));
            continue;
        }
        let dur = match *kind {
            "count" => value.parse().ok().map(Dur::Count),
            "unit" => unit(value).map(Dur::Unit),
            "plural" => unit(value).map(Dur::Plural),
            "dual" => unit(value).map(Dur::Dual),
            _ => None,
        };
        if let Some(dur) = dur {
            durations.insert(name, dur);
        }
    }
    let mut tense = PhraseTable::new();
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
        // a past verb (a single word below the explicit markers' weight) takes only و/ف
        let verb = reading == Reading::Past && weight < 3 && !name.contains(' ');
        // (a preposition makes the verb's shape its verbal noun: "لبحث التوتر" says nothing of when)
        let clitics: &[&str] = if verb { &VERB_CONJUNCTIONS } else { &CLITICS };
        tense.insert_with(name, (reading, weight), clitics);
        // a past verb with its subject suffixes: "عقدت", "اتفقا", "قالوا", "التقينا"; not the
        // two-letter particles ("لم" + ا is "لما", when), so two-letter verbs list their forms
        if reading == Reading::Past && !name.contains(' ') && name.chars().count() >= 3 {
            for suffix in PAST_SUFFIXES {
                tense.insert_with(&format!("{name}{suffix}"), (reading, weight), clitics);
            }
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
        duration_hedges,
        tense,
        future_exceptions,
        imperfect_exceptions,
        not_today_after,
        not_today_before,
    }
}

impl Words {
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
        let t = Tokens::new("وعقدت قالوا");
        assert_eq!(w.tense.at(&t, 0).map(|h| h.value), Some((Reading::Past, 2)));
        assert_eq!(w.tense.at(&t, 1).map(|h| h.value), Some((Reading::Past, 1)));
        // a preposition on a verb's shape makes it a verbal noun, no tense
        let t = Tokens::new("لبحث بقتل ولعقد");
        assert!((0..3).all(|i| w.tense.at(&t, i).is_none()));
        assert!(w.future_verb("وسيعقد"));
        assert!(w.future_verb("ستنقل"));
        assert!(!w.future_verb("السياسة"));
        assert!(!w.future_verb("سياسة"));
        assert!(!w.future_verb("سنوات"));
        assert!(!w.future_verb("سيدة"));
        assert!(w.future_verb("سيفتتح"));
    }
}
