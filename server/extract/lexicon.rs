//! Language knowledge as data: word lists under `lexicon/<lang>/`, one entry per line, compiled in
//! with `include_str!`. `#` starts a comment; blank lines are skipped. Fields within a line are
//! separated by `|` (for example `surface|lemma`).

/// How the word tables hash: FxHash (`rustc-hash`). The standard SipHash guards maps that grow
/// with untrusted keys; these tables are fixed at start-up and text only looks words up in them,
/// and hashing short Arabic words with SipHash was ~8% of extraction time.
pub type WordHash = rustc_hash::FxBuildHasher;
/// A word table: a map built once from a data file, looked up with words of the text.
pub type WordMap<K, V> = std::collections::HashMap<K, V, WordHash>;
/// A word set built once from a data file.
pub type WordSet<K> = std::collections::HashSet<K, WordHash>;

/// The entries of a data file: trimmed, without comments and blank lines.
pub fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// The `|`-separated fields of each entry.
pub fn records(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    entries(data).map(|l| l.split('|').map(str::trim).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tables_find_what_they_hold() {
        let words = ["قال", "أضاف", "وزير الخارجية", "", "a", "abcdefghijklmnopq"];
        let set: WordSet<String> = words.iter().map(|w| w.to_string()).collect();
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        assert!(!set.contains("قالت"));
        assert!(!set.contains("abcdefghijklmnop"));
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let data = "# header\n\nقال|قال\n  أضاف | أضاف  # inline\n";
        let got: Vec<_> = records(data).collect();
        assert_eq!(got, vec![vec!["قال", "قال"], vec!["أضاف", "أضاف"]]);
    }
}
