//! The word lists entity recognition reads (`lexicon/ar/*.txt`), normalised and indexed once.
use std::sync::LazyLock;

use crate::extract::arabic::{normalize, proclitic_splits, Token};
use crate::extract::lexicon::{records, WordMap, WordSet};

/// Multi-word phrases (normalised, single spaces) with a value, looked up at a token position.
pub(crate) struct Phrases<V> {
    map: WordMap<String, V>,
    /// Every proper word prefix of a phrase ("رئيس" for "رئيس الوزراء"): a lookup stops as soon
    /// as its words can no longer grow into a phrase (most tokens start none).
    prefixes: WordSet<String>,
    max_words: usize,
}

/// A phrase found at a token: tokens `start..end`, the byte length of the proclitics on the first
/// token (normalised), and the phrase's value.
pub(crate) struct PhraseHit<'v, V> {
    pub end: usize,
    pub prefix_len: usize,
    pub value: &'v V,
}

impl<V> Phrases<V> {
    fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut map = WordMap::default();
        let mut prefixes = WordSet::default();
        let mut max_words = 1;
        for (k, v) in entries {
            if k.is_empty() {
                continue;
            }
            max_words = max_words.max(k.split(' ').count());
            for (at, _) in k.match_indices(' ') {
                prefixes.insert(k[..at].to_string());
            }
            map.entry(k).or_insert(v);
        }
        Phrases {
            map,
            prefixes,
            max_words,
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// The longest phrase starting at token `i`, the bare first token tried before its proclitic
    /// splits when `clitics` is set. A phrase never crosses punctuation.
    pub fn longest_at(&self, toks: &[Token], i: usize, clitics: bool) -> Option<PhraseHit<'_, V>> {
        let first = toks.get(i)?;
        let splits = if clitics {
            proclitic_splits(&first.norm)
        } else {
            vec![("", std::borrow::Cow::Borrowed(first.norm.as_str()))]
        };
        let mut best: Option<PhraseHit<'_, V>> = None;
        let mut key = String::new();
        for (prefix, stem) in splits {
            key.clear();
            key.push_str(&stem);
            let mut j = i;
            loop {
                if let Some(v) = self.map.get(&key) {
                    if best.as_ref().is_none_or(|b| j + 1 > b.end) {
                        best = Some(PhraseHit {
                            end: j + 1,
                            prefix_len: prefix.len(),
                            value: v,
                        });
                    }
                }
                j += 1;
                if j - i >= self.max_words || !self.prefixes.contains(&key) {
                    break;
                }
                match toks.get(j) {
                    Some(t) if !t.break_before => {
                        key.push(' ');
                        key.push_str(&t.norm);
                    }
                    _ => break,
                }
            }
        }
        best
    }
}

/// Everything recognition looks words up in.
pub(crate) struct Vocab {
    /// Role heads ("وزير", "المتحدث", "رئيس الوزراء") → class ("minister").
    pub role_heads: Phrases<&'static str>,
    /// Words that continue a role after its head ("الخارجية", "باسم", "الدائم").
    pub role_words: WordSet<String>,
    pub titles: Phrases<()>,
    pub honorifics: Phrases<()>,
    pub given: WordSet<String>,
    pub stops: WordSet<String>,
    /// Verb forms (`verbs.txt`), less known names: a name stops before them.
    pub verbs: WordSet<String>,
}

fn set(data: &'static str) -> WordSet<String> {
    records(data).map(|r| normalize(r[0])).collect()
}

fn phrases(data: &'static str) -> Phrases<()> {
    Phrases::new(records(data).map(|r| (normalize(r[0]), ())))
}

/// The verb forms mined from the corpus (`verbs.txt`: "الزعيم كيم وافق على ..." names كيم), less
/// the verbs that are also a known given name ("يزيد"), a name connector or a word of a curated
/// person's name.
fn verbs() -> WordSet<String> {
    let given = &*crate::extract::names::GIVEN_NAMES;
    let curated = &*crate::extract::names::CURATED_NAME_WORDS;
    records(include_str!("../lexicon/ar/verbs.txt"))
        .map(|r| normalize(r[0]))
        .filter(|w| {
            !given.contains(w)
                && !crate::extract::names::CONNECTORS.contains(&w.as_str())
                && !curated.contains(w)
        })
        .collect()
}

impl Vocab {
    /// Whether the normalised word is a verb form, bare or after the conjunction و ("ووافق").
    /// Other proclitics are not split off: "فيصل" and "فيدل" are names, not ف + يصل, ف + يدل.
    pub fn is_verb(&self, word: &str) -> bool {
        let verb = |w: &str| self.verbs.contains(w) || self.is_future_of_verb(w);
        verb(word)
            || word
                .strip_prefix('و')
                .is_some_and(|rest| rest.chars().count() >= 3 && verb(rest))
    }

    /// "سيستقبل", "سيلتقي": the future prefix س on an imperfect of five letters or more that the
    /// verb list holds ("الرئيس سيستقبل أول مسؤول" is no name "سيستقبل أول"). Shorter ones are
    /// too often names: "ساجد", "سيلبي".
    fn is_future_of_verb(&self, word: &str) -> bool {
        word.strip_prefix('س').is_some_and(|rest| {
            rest.starts_with(['ي', 'ت', 'ن'])
                && rest.chars().count() >= 5
                && self.verbs.contains(rest)
        })
    }
}

pub(crate) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let mut heads = Vec::new();
    for r in records(include_str!("../lexicon/ar/roles.txt")) {
        let class = r.get(1).copied().unwrap_or("official");
        let n = normalize(r[0]);
        if !n.contains(' ') && !n.starts_with("ال") {
            heads.push((format!("ال{n}"), class));
        }
        heads.push((n, class));
    }
    Vocab {
        role_heads: Phrases::new(heads),
        role_words: set(include_str!("../lexicon/ar/role_words.txt")),
        titles: phrases(include_str!("../lexicon/ar/titles.txt")),
        honorifics: phrases(include_str!("../lexicon/ar/honorifics.txt")),
        given: crate::extract::names::GIVEN_NAME_FILES
            .iter()
            .flat_map(|f| records(f))
            .map(|r| normalize(r[0]))
            .collect(),
        stops: set(include_str!("../lexicon/ar/name_stops.txt")),
        verbs: verbs(),
    }
});
