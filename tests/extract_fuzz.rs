//! Extraction never panics, whatever the page: random bytes decoded lossily, random Arabic with
//! quotation marks and reporting verbs in any order, unbalanced marks, huge lines. And every
//! span it returns lies within the text, on the quote it names.
use khabar::extract::{extract, Lang, NaiveDate};
use proptest::prelude::*;

/// Pieces real pages are made of, including the ones the quote rules react to.
const PIECES: &[&str] = &[
    "وقال",
    "وأضاف",
    "مضيفاً",
    "قوله",
    "ونقلت",
    "عن",
    "إن",
    "أن",
    "بأن",
    "الوزير",
    "مسؤول",
    "إيراني",
    "ظريف",
    "محمد",
    "جواد",
    "في",
    "يوم",
    "الأحد",
    "أمس",
    "«",
    "»",
    "\"",
    "“",
    "”",
    ":",
    "،",
    ".",
    "\n",
    " ",
    "؟",
    "(",
    ")",
    "التعليقات",
    "صورة ارشيفية",
    "اقرأ أيضاً:",
    "المصدر:",
    "ـ",
    "ً",
    "ّ",
    "١٢",
    "2014",
    "x",
    "é",
    "😀",
    "\u{200f}",
    "\r\n",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|ps| ps.join(" "))
}

fn check(raw: &str) {
    let published = NaiveDate::from_ymd_opt(2018, 5, 4);
    let a = extract(raw, published, Lang::Arabic);
    let chars = a.text.chars().count();
    for q in &a.quotes {
        assert!(q.span.start <= q.span.end && q.span.end <= chars, "{q:?}");
        let quoted: String = a
            .text
            .chars()
            .skip(q.span.start)
            .take(q.span.end - q.span.start)
            .collect();
        assert_eq!(quoted, q.text);
        assert!(q.speaker.is_none_or(|e| e < a.entities.len()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arabic_pieces_in_any_order_never_panic(raw in article()) {
        check(&raw);
    }

    #[test]
    fn any_unicode_never_panics(raw in "\\PC{0,600}") {
        check(&raw);
    }
}

#[test]
fn huge_lines_and_deep_nesting_are_handled() {
    let cases = [
        "«".repeat(20_000),
        "»".repeat(20_000),
        "\"".repeat(20_001),
        format!("وقال ظريف «{}", "كلمة ".repeat(50_000)),
        "وقال مسؤول إن ".repeat(5_000),
        format!("{}\n", "وأضاف: «نعم» ".repeat(5_000)),
        "\n".repeat(50_000),
    ];
    for raw in &cases {
        check(raw);
    }
}

/// Found by ingesting the whole corpus: a one-letter word right before إن, ahead of a meeting
/// word, has no clitic readings at all, and the meetings module indexed the first one.
#[test]
fn one_letter_word_before_a_complementizer_in_a_meeting_sentence() {
    check("وقال ه إن الرئيس التقى نظيره أمس في باريس.\n\nوأضاف ك أن الاجتماع كان مثمرا.");
}
