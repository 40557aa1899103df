//! Language knowledge as data: word lists under `lexicon/<lang>/`, one entry per line, compiled in
//! with `include_str!`. `#` starts a comment; blank lines are skipped. Fields within a line are
//! separated by `|` (for example `surface|lemma`).

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
    fn comments_and_blank_lines_are_skipped() {
        let data = "# header\n\nقال|قال\n  أضاف | أضاف  # inline\n";
        let got: Vec<_> = records(data).collect();
        assert_eq!(got, vec![vec!["قال", "قال"], vec!["أضاف", "أضاف"]]);
    }
}
