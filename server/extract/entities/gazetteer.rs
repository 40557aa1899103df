//! Known names found by one Aho-Corasick pass over the normalised token stream: countries and
//! their demonyms, cities, organisations (all variants of one group → one entry) and curated
//! people. Matches start at a token (or after its proclitics و ف ب ل ك) and end at a token end.
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::arabic::{normalize, raw_offset_after, Token};
use crate::extract::lexicon::records;
use crate::extract::names::{family_name, long_vowel_drops, KNOWN_PEOPLE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum GazKind {
    Country,
    /// A nationality adjective; `canonical` is its country's name.
    Demonym,
    City,
    Organisation,
    /// A curated person by full name; `canonical` is the listed name.
    Person,
    /// A curated person by family name alone.
    PersonFamily,
}

#[derive(Debug, Clone)]
pub(crate) struct GazEntry {
    pub kind: GazKind,
    pub canonical: String,
    /// ISO 3166 code of the country (countries, demonyms, cities).
    pub country: Option<String>,
}

pub(crate) struct Gazetteer {
    ac: AhoCorasick,
    /// Per pattern: index into `entries`, and whether the pattern is the لل form of an ال name.
    pattern_entry: Vec<(usize, bool)>,
    pub entries: Vec<GazEntry>,
    /// ISO code → capital.
    pub capital: HashMap<String, String>,
    /// Normalised demonym form → canonical country name.
    demonyms: HashMap<String, String>,
    /// (kind, normalised canonical name) → ISO code, for cities and countries.
    codes: HashMap<(GazKind, String), String>,
}

/// A gazetteer match: tokens `toks`, bytes in the text (after any proclitics), entry index.
#[derive(Debug, Clone)]
pub(crate) struct GazMatch {
    pub toks: Range<usize>,
    pub bytes: Range<usize>,
    pub entry: usize,
    /// A preposition or conjunction stands before the name ("والسيسي", "للسيسي" = ل + السيسي).
    pub proclitic: bool,
}

/// Demonym forms from a masculine singular ("إيراني"): definite or not, feminine, plurals.
fn demonym_forms(base: &str) -> Vec<String> {
    let words: Vec<&str> = base.split_whitespace().collect();
    let mut out = Vec::new();
    for suffix in ["", "ة", "ون", "ين", "ات"] {
        for article in ["", "ال"] {
            out.push(
                words
                    .iter()
                    .map(|w| format!("{article}{w}{suffix}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    out
}

/// A demonym by rule for a one-word country name: without the article, a final يا / ا / ة
/// replaced by ي ("كولومبيا" → "كولومبي", "كينيا" → "كيني"), else ي appended ("تشاد" → "تشادي").
fn derived_demonym(country: &str) -> Option<String> {
    if country.contains(' ') || country.contains('-') {
        return None;
    }
    let stem = country.strip_prefix("ال").unwrap_or(country);
    let stem = stem
        .strip_suffix("يا")
        .or_else(|| stem.strip_suffix('ا'))
        .or_else(|| stem.strip_suffix('ة'))
        .unwrap_or(stem);
    (stem.chars().count() >= 3).then(|| format!("{stem}ي"))
}

pub(crate) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build);

fn build() -> Gazetteer {
    let mut entries: Vec<GazEntry> = Vec::new();
    let mut patterns: Vec<(String, usize)> = Vec::new();
    let stops: std::collections::HashSet<String> =
        records(include_str!("../lexicon/ar/name_stops.txt"))
            .map(|r| normalize(r[0]))
            .collect();
    let mut demonym_country: HashMap<String, String> = HashMap::new();
    let mut add = |entries: &mut Vec<GazEntry>,
                   names: &[&str],
                   kind,
                   canonical: &str,
                   country: Option<&str>| {
        let idx = entries.len();
        if kind == GazKind::Demonym {
            for n in names {
                demonym_country.insert(normalize(n), canonical.to_string());
            }
        }
        entries.push(GazEntry {
            kind,
            canonical: canonical.to_string(),
            country: country.map(str::to_string),
        });
        for n in names {
            let p = normalize(n);
            if p.chars().count() >= 2 && !stops.contains(&p) {
                patterns.push((p, idx));
            }
        }
    };

    // Countries: CLDR names, press variants (the first variant becomes canonical).
    let mut variants: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in records(include_str!("../lexicon/ar/country_variants.txt")) {
        if r.len() >= 2 {
            variants.insert(r[0], r[1..].to_vec());
        }
    }
    let mut country_name = HashMap::new();
    let mut demonym_listed: std::collections::HashSet<&str> = Default::default();
    let demonyms: Vec<Vec<&str>> = records(include_str!("../lexicon/ar/demonyms.txt")).collect();
    for d in &demonyms {
        if let Some(c) = d.get(1) {
            demonym_listed.insert(c);
        }
    }
    for r in records(include_str!("../lexicon/ar/countries.txt")) {
        let Some((&code, cldr)) = r.split_first() else {
            continue;
        };
        let mut names: Vec<&str> = variants.get(code).cloned().unwrap_or_default();
        names.extend(cldr.iter().copied());
        let Some(&canonical) = names.first() else {
            continue;
        };
        country_name.insert(code.to_string(), canonical.to_string());
        add(
            &mut entries,
            &names,
            GazKind::Country,
            canonical,
            Some(code),
        );
        if !demonym_listed.contains(code) {
            if let Some(base) = cldr.first().and_then(|n| derived_demonym(n)) {
                let forms = demonym_forms(&base);
                let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
                add(
                    &mut entries,
                    &forms,
                    GazKind::Demonym,
                    canonical,
                    Some(code),
                );
            }
        }
    }
    for d in &demonyms {
        let (Some(&base), Some(&code)) = (d.first(), d.get(1)) else {
            continue;
        };
        let canonical = country_name.get(code).cloned().unwrap_or_else(|| {
            if code == "EU" {
                "الاتحاد الأوروبي".into()
            } else {
                code.into()
            }
        });
        let forms = demonym_forms(base);
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        add(
            &mut entries,
            &forms,
            GazKind::Demonym,
            &canonical,
            Some(code),
        );
    }

    // Cities: capitals and extra cities first so their spelling wins over CLDR duplicates.
    let mut capital = HashMap::new();
    for r in records(include_str!("../lexicon/ar/capitals.txt")) {
        if let (Some(&code), Some(&city)) = (r.first(), r.get(1)) {
            capital.insert(code.to_string(), city.to_string());
        }
    }
    // a city's other spellings ("سان بطرسبرغ;سان بطرسبورغ") are matched as the city
    let cities = records(include_str!("../lexicon/ar/cities_extra.txt"))
        .chain(records(include_str!("../lexicon/ar/cities.txt")))
        .map(|r| (r[0], r.get(1).copied(), r.get(2).copied().unwrap_or("")))
        .chain(
            capital
                .iter()
                .map(|(c, city)| (city.as_str(), Some(c.as_str()), ""))
                .collect::<Vec<_>>(),
        );
    let mut seen = std::collections::HashSet::new();
    for (city, code, others) in cities {
        if seen.insert(normalize(city)) {
            let mut names = vec![city];
            names.extend(others.split(';').map(str::trim).filter(|o| !o.is_empty()));
            add(&mut entries, &names, GazKind::City, city, code);
        }
    }

    for r in records(include_str!("../lexicon/ar/organisations.txt")) {
        add(&mut entries, &r, GazKind::Organisation, r[0], None);
    }

    let known = &*KNOWN_PEOPLE;
    for p in &known.people {
        let mut names = vec![p.name];
        names.extend(p.variants.iter().copied());
        // a full name is rare enough to be recognised in its spellings without one long vowel
        let dropped: Vec<String> = names
            .iter()
            .filter(|n| n.split_whitespace().count() >= 2)
            .flat_map(|n| long_vowel_drops(n))
            .collect();
        names.extend(dropped.iter().map(String::as_str));
        add(&mut entries, &names, GazKind::Person, p.name, None);
        let fam = family_name(p.name);
        if known.by_family(fam).is_some_and(|q| q.name == p.name) {
            add(&mut entries, &[fam], GazKind::PersonFamily, p.name, None);
        }
    }

    // Patterns are matched in a stream where a token may carry the preposition ل before ال,
    // written لل: add that form of every ال pattern.
    let mut all: Vec<String> = Vec::with_capacity(patterns.len() * 2);
    let mut pattern_entry = Vec::with_capacity(patterns.len() * 2);
    for (p, idx) in patterns {
        if let Some(rest) = p.strip_prefix("ال") {
            all.push(format!("لل{rest}"));
            pattern_entry.push((idx, true));
        }
        all.push(p);
        pattern_entry.push((idx, false));
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&all)
        .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
    let codes = entries
        .iter()
        .filter(|e| matches!(e.kind, GazKind::City | GazKind::Country))
        .filter_map(|e| Some(((e.kind, normalize(&e.canonical)), e.country.clone()?)))
        .collect();
    Gazetteer {
        ac,
        pattern_entry,
        entries,
        capital,
        demonyms: demonym_country,
        codes,
    }
}

const PROCLITICS: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];

impl Gazetteer {
    /// The country a demonym form names ("البريطانية" → "بريطانيا").
    pub fn demonym_country(&self, norm: &str) -> Option<&str> {
        self.demonyms.get(norm).map(String::as_str)
    }

    /// The ISO code of the city or country whose canonical name normalises to `norm`.
    pub fn code_of(&self, kind: GazKind, norm: &str) -> Option<&str> {
        self.codes
            .get(&(kind, norm.to_string()))
            .map(String::as_str)
    }

    /// Non-overlapping matches in `toks`, leftmost-longest, in text order.
    pub fn find(&self, text: &str, toks: &[Token]) -> Vec<GazMatch> {
        let mut stream = String::with_capacity(text.len());
        let mut starts = Vec::with_capacity(toks.len());
        let mut ends = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                // a hashtag's marks do not cut a name ("بن علي #يلدرم", "#دونالد_ترمب"), nor a
                // hyphen between syllables ("كيم جونغ-أون" is the curated "كيم جونغ أون")
                let gap = text.get(toks[i - 1].range.end..t.range.start).unwrap_or("");
                let joined = matches!(gap.trim(), "#" | "_") || gap == "-";
                stream.push(if t.break_before && !joined { '\n' } else { ' ' });
            }
            starts.push(stream.len());
            stream.push_str(&t.norm);
            ends.push(stream.len());
        }
        // best (end token, entry, prefix chars, ل of لل) per start token
        let mut best: Vec<Option<(usize, usize, usize, bool)>> = vec![None; toks.len()];
        // other entries spelt the same over the same tokens ("عمان": Oman and Amman)
        let mut same_span: Vec<(usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(&stream) {
            let Some((entry, lil)) = self.pattern_entry.get(m.pattern().as_usize()).copied() else {
                continue;
            };
            let t = match starts.binary_search(&m.start()) {
                Ok(t) => t,
                Err(0) => continue,
                Err(t) => t - 1,
            };
            let prefix = &stream[starts[t]..m.start()];
            let prefix_ok = if lil {
                prefix.is_empty() || prefix == "و" || prefix == "ف"
            } else {
                prefix.is_empty() || PROCLITICS.contains(&prefix)
            };
            if !prefix_ok {
                continue;
            }
            let Ok(u) = ends.binary_search(&m.end()) else {
                continue;
            };
            if u < t {
                continue;
            }
            let prefix_chars = prefix.chars().count();
            let better = best[t].is_none_or(|(e, _, _, _)| u > e);
            if better {
                best[t] = Some((u, entry, prefix_chars, lil));
                same_span.retain(|&(at, _)| at != t);
            } else if best[t].is_some_and(|(e, b, _, _)| e == u && b != entry) {
                same_span.push((t, entry));
            }
        }
        let mut out = Vec::new();
        let mut t = 0;
        while t < toks.len() {
            if let Some((u, entry, prefix_chars, lil)) = best[t] {
                let raw = &text[toks[t].range.clone()];
                let start = toks[t].range.start + raw_offset_after(raw, prefix_chars);
                out.push(GazMatch {
                    toks: t..u + 1,
                    bytes: start..toks[u].range.end,
                    entry,
                    proclitic: lil || prefix_chars > 0,
                });
                t = u + 1;
            } else {
                t += 1;
            }
        }
        if !same_span.is_empty() {
            self.choose_by_country(&mut out, &same_span);
        }
        out
    }

    /// A name that is both a country and a city ("عمان": Oman, and Amman in Jordan) is the one
    /// whose country the rest of the article names ("الأردني"), when it names only that one;
    /// otherwise the first entry stays.
    fn choose_by_country(&self, out: &mut [GazMatch], same_span: &[(usize, usize)]) {
        let code = |entry: usize| self.entries.get(entry).and_then(|e| e.country.as_deref());
        let ambiguous = |m: &GazMatch| same_span.iter().any(|&(t, _)| t == m.toks.start);
        let named: std::collections::HashSet<&str> = out
            .iter()
            .filter(|m| !ambiguous(m))
            .filter_map(|m| code(m.entry))
            .collect();
        for m in out.iter_mut().filter(|m| ambiguous(m)) {
            let readings: Vec<usize> = std::iter::once(m.entry)
                .chain(
                    same_span
                        .iter()
                        .filter(|&&(t, _)| t == m.toks.start)
                        .map(|&(_, e)| e),
                )
                .collect();
            let mut fitting = readings
                .iter()
                .filter(|&&e| code(e).is_some_and(|c| named.contains(c)));
            if let (Some(&only), None) = (fitting.next(), fitting.next()) {
                m.entry = only;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::arabic::tokens;

    fn found(text: &str) -> Vec<(String, GazKind, String)> {
        let toks = tokens(text);
        GAZETTEER
            .find(text, &toks)
            .into_iter()
            .map(|m| {
                let e = &GAZETTEER.entries[m.entry];
                (text[m.bytes].to_string(), e.kind, e.canonical.clone())
            })
            .collect()
    }

    #[test]
    fn places_organisations_and_demonyms() {
        use GazKind::*;
        // (text, expected matches as (as written, kind, canonical))
        type Case<'a> = (&'a str, &'a [(&'a str, GazKind, &'a str)]);
        let cases: &[Case] = &[
            (
                "زار طهران وإيران",
                &[("طهران", City, "طهران"), ("إيران", Country, "إيران")],
            ),
            ("الرئيس الإيراني", &[("الإيراني", Demonym, "إيران")]),
            ("القوات الإيرانيون", &[("الإيرانيون", Demonym, "إيران")]),
            (
                "في سورية وسوريا",
                &[("سورية", Country, "سوريا"), ("سوريا", Country, "سوريا")],
            ),
            (
                "ضد تنظيم الدولة الإسلامية",
                &[("تنظيم الدولة الإسلامية", Organisation, "داعش")],
            ),
            (
                "لدى الأمم المتحدة",
                &[("الأمم المتحدة", Organisation, "الأمم المتحدة")],
            ),
            (
                "العام للأمم المتحدة",
                &[("للأمم المتحدة", Organisation, "الأمم المتحدة")],
            ),
            (
                "مجموعة الخمسة زائد واحد",
                &[(
                    "مجموعة الخمسة زائد واحد",
                    Organisation,
                    "مجموعة الخمسة زائد واحد",
                )],
            ),
            ("بلافروف", &[("لافروف", PersonFamily, "سيرغي لافروف")]),
            // "عمان" is Oman and Amman: the city of the country the article names, if it
            // names only the one
            (
                "مؤتمر في عمان مع نظيره الأردني",
                &[("عمان", City, "عمان"), ("الأردني", Demonym, "الأردن")],
            ),
            // (so "زار سلطان عمان الأردن" takes the city too: the sultan's title is not read)
            ("قال وزير خارجية عمان", &[("عمان", Country, "عمان")]),
            (
                "زار وزير الخارجية العماني عمان والأردن",
                &[
                    ("العماني", Demonym, "عمان"),
                    ("عمان", Country, "عمان"),
                    ("الأردن", Country, "الأردن"),
                ],
            ),
            // a venue in more than one spelling
            (
                "في قرية بانمونغوم وفي بانمونجوم",
                &[
                    ("بانمونغوم", City, "بانمونغوم"),
                    ("بانمونجوم", City, "بانمونجوم"),
                ],
            ),
            // a comma between words breaks a multi-word name
            ("الأمم، المتحدة", &[]),
            // not a proclitic: no match inside a word
            ("ميرانية", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, GazKind, String)> = want
                .iter()
                .map(|(a, k, c)| (a.to_string(), *k, c.to_string()))
                .collect();
            assert_eq!(found(text), want, "{text}");
        }
    }
}
