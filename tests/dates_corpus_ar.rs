//! The Arabic date corpus (tests/fixtures/dates_ar.tsv), Duckling Corpus.hs style: each case is
//! a sentence, its publication date, an expression that must be found with exactly that text,
//! and the value and precision it must resolve to; or a word that must not be read as a date.
//! Plus the reading of whole sentences, the seed articles' gold meeting dates, and the span
//! invariants on arbitrary input.
use khabar::extract::dates::{find_temporal_expressions, sentence_reading};
use khabar::extract::{DatePrecision, Lang, NaiveDate, Reading, TemporalExpression};

const CORPUS: &str = include_str!("fixtures/dates_ar.tsv");

struct Case {
    line: usize,
    sentence: &'static str,
    published: Option<NaiveDate>,
    expression: &'static str,
    value: Option<NaiveDate>,
    precision: Option<DatePrecision>,
}

fn precision(s: &str) -> Option<DatePrecision> {
    Some(match s {
        "day" => DatePrecision::Day,
        "week" => DatePrecision::Week,
        "month" => DatePrecision::Month,
        "early" => DatePrecision::EarlyMonth,
        "mid" => DatePrecision::MidMonth,
        "late" => DatePrecision::LateMonth,
        "year" => DatePrecision::Year,
        "unknown" => DatePrecision::Unknown,
        _ => return None,
    })
}

fn cases() -> Vec<Case> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            let f: Vec<&str> = l.split(" | ").map(str::trim).collect();
            assert_eq!(f.len(), 5, "line {}: {l}", n + 1);
            Case {
                line: n + 1,
                sentence: f[0],
                published: date(f[1]),
                expression: f[2],
                value: date(f[3]),
                precision: precision(f[4]),
            }
        })
        .collect()
}

fn describe(found: &[TemporalExpression]) -> String {
    found
        .iter()
        .map(|e| format!("«{}» {:?} {:?}", e.text, e.value, e.precision))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The failure message for one case, or `None` when it passes.
fn check(c: &Case) -> Option<String> {
    let found = find_temporal_expressions(c.sentence, c.published, Lang::Arabic);
    let fail = |why: &str| {
        Some(format!(
            "line {}: {why}\n  sentence: {}\n  found: {}",
            c.line,
            c.sentence,
            describe(&found)
        ))
    };
    if let Some(word) = c.expression.strip_prefix('!') {
        return match found.iter().find(|e| e.text.contains(word)) {
            Some(_) => fail(&format!("«{word}» must not be a date")),
            None => None,
        };
    }
    let Some(e) = found.iter().find(|e| e.text == c.expression) else {
        return fail(&format!("expected «{}»", c.expression));
    };
    let got = e.value.and_then(|v| v.to_naive());
    if got != c.value || Some(e.precision) != c.precision {
        return fail(&format!(
            "«{}»: expected {:?} {:?}, got {:?} {:?}",
            c.expression, c.value, c.precision, got, e.precision
        ));
    }
    None
}

#[test]
fn corpus_has_at_least_300_cases() {
    assert!(cases().len() >= 300, "{} cases", cases().len());
}

#[test]
fn corpus_cases_resolve_as_written() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn sentence_reading_table() {
    let cases = [
        (
            "وسوف يجتمع وزير الخارجية جون كيري الأحد مع نظيره",
            Reading::Future,
        ),
        ("ومن المقرر أن يصل الوفد إلى الدوحة", Reading::Future),
        ("ومن المنتظر أن يحضر الوزيران المؤتمر", Reading::Future),
        ("يعتزم الرئيس زيارة موسكو الشهر المقبل", Reading::Future),
        ("ستنقل المفاوضات إلى فيينا", Reading::Future),
        ("وسيعقد الاجتماع في القاهرة", Reading::Future),
        ("قال المتحدث إن الاجتماع سيعقد في القاهرة", Reading::Future),
        ("جرى يوم أمس لقاء بين الرئيسين", Reading::Past),
        ("خلال اجتماع ثلاثي عقد أمس في طهران", Reading::Past),
        ("وعقد وزيرا خارجية البلدين اجتماعا ثنائيا", Reading::Past),
        ("التقى الوزير نظيره الفرنسي الأسبوع الماضي", Reading::Past),
        ("وكانت مسقط قد استضافت محادثات سرية", Reading::Past),
        ("اجتمعت اللجنة لمناقشة الأزمة", Reading::Past),
        (
            "المؤتمر الذي يجمع الاثنين في باريس ممثلي عشرين دولة",
            Reading::Present,
        ),
        ("يلتقي الرئيس نظيره في باريس", Reading::Present),
        ("الأزمة السياسية في البلاد", Reading::Unknown),
        ("سنة من العمل السياسي", Reading::Unknown),
        ("", Reading::Unknown),
    ];
    for (sentence, want) in cases {
        assert_eq!(sentence_reading(sentence), want, "{sentence}");
    }
}

/// The meeting dates the gold of the five seed articles gives, found in the seed texts.
#[test]
fn seed_meeting_dates_resolve_to_the_gold() {
    let seeds = [
        (
            include_str!("fixtures/seeds/000_89b412746f488198.txt"),
            "2014-09-25",
            vec![("يوم أمس، الأربعاء", "2014-09-24")],
        ),
        (
            include_str!("fixtures/seeds/001_c2b2ba27722be755.txt"),
            "2014-12-08",
            vec![
                ("أمس الأحد (7 ديسمبر كانون الأول)", "2014-12-07"),
                ("اليوم الإثنين (8 ديسمبر كانون الأول)", "2014-12-08"),
            ],
        ),
        (
            include_str!("fixtures/seeds/002_85596d255fdc6d4d.txt"),
            "2014-09-15",
            vec![("الاثنين", "2014-09-15")],
        ),
        (
            include_str!("fixtures/seeds/003_d62af6c79cedbc4f.txt"),
            "2015-04-23",
            vec![("أمس", "2015-04-22")],
        ),
        (
            include_str!("fixtures/seeds/004_dffb4178da75e884.txt"),
            "2014-11-06",
            vec![
                ("الأحد", "2014-11-09"),
                ("الـ18 من الشهر الجاري", "2014-11-18"),
                ("الـ24 من الشهر الجاري", "2014-11-24"),
            ],
        ),
    ];
    for (text, published, want) in seeds {
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let found = find_temporal_expressions(text, published, Lang::Arabic);
        for (expr, date) in want {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
            assert!(
                found
                    .iter()
                    .any(|e| e.text == expr && e.value.and_then(|v| v.to_naive()) == date),
                "«{expr}» → {date:?} not found in: {}",
                describe(&found)
            );
        }
    }
}

/// Spans are byte ranges on char boundaries, sorted, non-overlapping, and equal to the text.
fn assert_span_invariants(text: &str) {
    let found = find_temporal_expressions(text, NaiveDate::from_ymd_opt(2018, 6, 12), Lang::Arabic);
    let mut last_end = 0;
    for e in &found {
        assert!(
            e.span.start >= last_end && e.span.start < e.span.end,
            "{text}"
        );
        assert_eq!(text.get(e.span.start..e.span.end), Some(e.text.as_str()));
        assert!((0.0..=1.0).contains(&e.confidence));
        last_end = e.span.end;
    }
}

#[test]
fn spans_hold_on_the_whole_corpus_and_odd_input() {
    for c in cases() {
        assert_span_invariants(c.sentence);
    }
    for odd in [
        "",
        "الـ",
        "الـ99999999999999999999 من الشهر",
        "ـــ ّ ً",
        "قبل 99999 يوم",
        "9999/99/99",
        "٣١/٠٢/٢٠١٨",
        "أمس،",
        "(الأحد",
        "يوم",
        "عام",
        "منذ",
        "26 شوال 9999 هـ",
        "ليل السبت",
        "\n\n\nالأحد\n",
    ] {
        assert_span_invariants(odd);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_spans_hold(s in "[ء-ي٠-٩0-9 ،,.()/\\-ـًٌَُِّ\n]{0,80}") {
            assert_span_invariants(&s);
        }
    }
}

/// A text that contradicts itself keeps the explicit calendar date, else the relative day, and
/// says it is less sure.
#[test]
fn contradictions_lower_the_confidence() {
    let published = NaiveDate::from_ymd_opt(2014, 11, 6); // a Thursday
    let cases = [
        // (sentence, expression, value, contradicts)
        (
            "جرى يوم أمس، الأربعاء، لقاء",
            "يوم أمس، الأربعاء",
            "2014-11-05",
            false,
        ),
        (
            "جرى يوم أمس، الثلاثاء، لقاء",
            "يوم أمس، الثلاثاء",
            "2014-11-05",
            true,
        ),
        (
            "وقع الهجوم الأحد (2 نوفمبر)",
            "الأحد (2 نوفمبر)",
            "2014-11-02",
            false,
        ),
        (
            "وقع الهجوم الأحد (3 نوفمبر)",
            "الأحد (3 نوفمبر)",
            "2014-11-03",
            true,
        ),
        (
            "وقع الهجوم أمس (4 نوفمبر)",
            "أمس (4 نوفمبر)",
            "2014-11-04",
            true,
        ),
    ];
    for (sentence, expr, value, contradicts) in cases {
        let found = find_temporal_expressions(sentence, published, Lang::Arabic);
        let e = found
            .iter()
            .find(|e| e.text == expr)
            .unwrap_or_else(|| panic!("«{expr}» not found in {}", describe(&found)));
        assert_eq!(
            e.value.and_then(|v| v.to_naive()),
            NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
            "{sentence}"
        );
        if contradicts {
            assert!(e.confidence < 0.7, "{sentence}: {}", e.confidence);
        } else {
            assert!(e.confidence >= 0.9, "{sentence}: {}", e.confidence);
        }
    }
}

#[test]
fn durations_in_days_date_one_event_from_another() {
    use khabar::extract::dates::duration_days;
    let cases = [
        ("يوم", Some(1)),
        ("يومين", Some(2)),
        ("ثلاثة أيام", Some(3)),
        ("أسبوع", Some(7)),
        ("أسبوعين", Some(14)),
        // a hedge after the duration does not change it
        ("عشرة أيام فقط", Some(10)),
        ("أسبوع تقريبا", Some(7)),
        ("يومين فحسب", Some(2)),
        // too loose in days, or not a duration as a whole
        ("شهر", None),
        ("أيام", None),
        ("يوم الأحد", None),
        ("فقط", None),
        ("يومين فقط الأحد", None),
        ("", None),
    ];
    for (phrase, want) in cases {
        assert_eq!(duration_days(phrase), want, "{phrase}");
    }
}
