//! The matching rules of `shared/eval/score.py`, shared by the seed scoring tests.
use serde_json::Value;

/// score.py's `norm`: NFKC is a no-op on these texts; diacritics and tatweel out, alef/hamza,
/// ta marbuta and alef maqsura folded, punctuation to spaces, lower case, single spaces.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}' => continue,
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            c if "\"'«»“”‘’„()[]{}.,:;!?،؛؟…-–—_/\\|*".contains(c) => ' ',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The normalised words of `s`.
pub fn words(s: &str) -> Vec<String> {
    norm(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `small` stands in `big` as whole words, after normalisation.
pub fn contains_words(big: &str, small: &str) -> bool {
    let (b, s) = (words(big), words(small));
    !s.is_empty() && b.windows(s.len()).any(|w| w == s.as_slice())
}

/// Whether one of the `system` names is a gold `person`'s name or alias (equal after
/// normalisation, or one holding the other as whole words).
pub fn names_match(system: &[String], person: &Value) -> bool {
    let mut gold: Vec<&str> = vec![
        person["ar"].as_str().unwrap_or(""),
        person["en"].as_str().unwrap_or(""),
    ];
    gold.extend(
        person["aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str),
    );
    system.iter().any(|s| {
        gold.iter().any(|g| {
            let (ns, ng) = (norm(s), norm(g));
            !ns.is_empty()
                && !ng.is_empty()
                && (ns == ng || contains_words(s, g) || contains_words(g, s))
        })
    })
}
