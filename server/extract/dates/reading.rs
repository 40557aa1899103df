//! Past or future: the tense markers of a sentence (سوف، سـ + imperfect، من المقرر، أمس، past
//! verbs ...) from `lexicon/ar/dates_tense.txt`, and the reading they give a sentence as a
//! whole or the clause around one expression.
use super::tokens::{TokKind, Tokens};
use super::words::words;
use crate::extract::Reading;

/// One tense marker: token index, what it points to, how strongly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marker {
    pub at: usize,
    pub reading: Reading,
    pub weight: u8,
}

/// Every tense marker in `t`, in token order.
pub(crate) fn markers(t: &Tokens) -> Vec<Marker> {
    let w = words();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t.toks[i].kind != TokKind::Word {
            i += 1;
            continue;
        }
        if let Some(hit) = w.tense.at(t, i) {
            let (reading, weight) = hit.value;
            // "قد" before an imperfect says may, not has: "قد يساعد في تهيئة الأجواء لمحادثات
            // يوم الجمعة" looks ahead; the imperfect after it is read on its own
            if may_before_imperfect(t, i, hit.end) {
                i = hit.end;
                continue;
            }
            // "يعتزم ترامب عقد قمة", "من المقرر عقد الاجتماع": right after an explicit future
            // marker (and its subject) a past verb's shape is the verbal noun of what is planned
            // (a tensed verb, weight 2; not "منذ", which is a preposition)
            if reading == Reading::Past
                && weight == 2
                && !opens_phrase(t.word(i))
                && after_explicit_future(t, &out, i)
            {
                i = hit.end;
                continue;
            }
            out.push(Marker {
                at: i,
                reading,
                weight,
            });
            i = hit.end;
            continue;
        }
        let word = t.word(i);
        if w.future_verb(word) && !unmarked_first_person(t, i, word) {
            out.push(Marker {
                at: i,
                reading: Reading::Future,
                weight: 2,
            });
        } else if w.imperfect_verb(word) {
            out.push(Marker {
                at: i,
                reading: Reading::Present,
                weight: 1,
            });
        }
        i += 1;
    }
    out
}

/// Whether the marker at `[i, end)` is the particle قد (with و/ف) right before an imperfect verb.
fn may_before_imperfect(t: &Tokens, i: usize, end: usize) -> bool {
    let particle = matches!(t.word(i), "قد" | "وقد" | "فقد");
    particle
        && end == i + 1
        && t.toks.get(end).is_some_and(|tok| tok.kind == TokKind::Word)
        && words().imperfect_verb(t.word(end))
}

/// How many words after an explicit future marker ("يعتزم", "من المقرر") a past verb's shape
/// is still read as the verbal noun the marker governs: its subject may stand between
/// ("يعتزم ترامب ونظيره الروسي فلاديمير بوتين عقد قمة"); any tensed verb between would be
/// the last marker instead.
const GOVERNED_WORDS: usize = 8;

/// Whether token `i` follows the last marker found, an explicit future one (weight 3), within
/// [`GOVERNED_WORDS`] words and no punctuation.
fn after_explicit_future(t: &Tokens, found: &[Marker], i: usize) -> bool {
    let Some(last) = found.last() else {
        return false;
    };
    if last.reading != Reading::Future || last.weight < 3 || last.at >= i {
        return false;
    }
    // "كان من المقرر إجراء بحث", "كانت تنوي شن هجوم": a plan told in the past keeps its
    // past reading
    let told_in_past = last.at > 0
        && matches!(
            t.word(last.at - 1),
            "كان" | "كانت" | "وكان" | "وكانت" | "فكان" | "فكانت"
        );
    if told_in_past {
        return false;
    }
    let between = (last.at + 1..i)
        .filter(|&k| t.toks[k].kind == TokKind::Word)
        .count();
    let punct = (last.at + 1..i).any(|k| t.toks[k].kind != TokKind::Word);
    // only a subject may stand between: a preposition or a relative pronoun opens a phrase
    // of its own ("من المنتظر في الانتخابات التي أجريت الخميس")
    let phrase = (last.at + 1..i).any(|k| opens_phrase(t.word(k)) || opens_clause(t.word(k)));
    between < GOVERNED_WORDS && !punct && !phrase
}

/// "سأفعل" (I will) is the only future with alef after سـ, and it is written with its hamza;
/// without it the shape is a noun or a past verb of the فاعل pattern ("ساعتين"، "سابقون"،
/// "ساهم"، "سافر"), not a future.
fn unmarked_first_person(t: &Tokens, i: usize, word: &str) -> bool {
    let bare = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    if !bare.starts_with("سا") {
        return false;
    }
    let orig = t.toks.get(i).and_then(|tok| t.text.get(tok.orig.clone()));
    !orig.is_some_and(|o| o.contains("سأ"))
}

/// True for the tokens that end a sentence.
pub(crate) fn ends_sentence(t: &Tokens, i: usize) -> bool {
    matches!(
        t.toks.get(i).map(|t| t.kind),
        Some(TokKind::Punct('.' | '!' | '?' | '؟' | '\n' | '…'))
    )
}

/// Prepositions and relative pronouns (normalised): what follows one is no longer the subject
/// of the verb before it.
fn opens_phrase(word: &str) -> bool {
    matches!(
        word,
        "في" | "من"
            | "علي"
            | "الي"
            | "عن"
            | "مع"
            | "منذ"
            | "بعد"
            | "قبل"
            | "حتي"
            | "التي"
            | "الذي"
            | "الذين"
            | "اللذين"
            | "اللتين"
    )
}

/// Words that open a reported clause ("قال ... إن الاجتماع سيعقد"): markers after one belong to
/// another clause than a date before it.
fn opens_clause(word: &str) -> bool {
    matches!(
        word,
        "ان" | "انه"
            | "انها"
            | "بان"
            | "بانه"
            | "بانها"
            | "وان"
            | "وانه"
            | "فان"
            | "انهم"
    )
}

/// The reading of a whole sentence: the weighted vote of its markers; Unknown on a tie or none.
pub(crate) fn vote(ms: &[Marker]) -> Reading {
    let mut score = [0u32; 3]; // past, present, future
    for m in ms {
        let k = match m.reading {
            Reading::Past => 0,
            Reading::Present => 1,
            Reading::Future => 2,
            Reading::Unknown => continue,
        };
        score[k] += u32::from(m.weight);
    }
    best(&score.map(f64::from))
}

fn best(score: &[f64; 3]) -> Reading {
    let max = score.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        return Reading::Unknown;
    }
    let winners: Vec<usize> = (0..3).filter(|&k| score[k] == max).collect();
    match winners.as_slice() {
        [0] => Reading::Past,
        [1] => Reading::Present,
        [2] => Reading::Future,
        _ => Reading::Unknown,
    }
}

/// The reading of the clause around tokens `[start, end)`: markers of the same sentence, nearer
/// ones counting more (weight / (1 + distance)); markers to the right count a little less and
/// not past a reported-clause opener.
pub(crate) fn local_reading(t: &Tokens, ms: &[Marker], start: usize, end: usize) -> Reading {
    let mut score = [0f64; 3];
    let first = ms.partition_point(|m| m.at < start);
    let add = |score: &mut [f64; 3], m: &Marker, dist: usize| {
        let k = match m.reading {
            Reading::Past => 0,
            Reading::Present => 1,
            Reading::Future => 2,
            Reading::Unknown => return,
        };
        score[k] += f64::from(m.weight) / (1.0 + dist as f64);
    };
    // leftwards to the sentence start
    let mut boundary = start;
    while boundary > 0 && !ends_sentence(t, boundary - 1) {
        boundary -= 1;
    }
    for m in ms[..first].iter().rev() {
        if m.at < boundary {
            break;
        }
        add(&mut score, m, start - m.at - 1);
    }
    // rightwards to the sentence end or a reported clause; and past a comma only when nothing
    // on the left reads the clause: "ماكرون الذي التقى الأمير في نوفمبر، سيتطرق إلى" is the
    // past November of the clause the date ends, while "في 12 يونيو، سيعقد الرئيسان قمة"
    // fronts the date of the verb after it
    let left_reads = score.iter().any(|&v| v >= MIN_LOCAL_SCORE);
    let ends_clause = |k: usize| {
        ends_sentence(t, k)
            || opens_clause(t.word(k))
            || (left_reads && matches!(t.toks[k].kind, TokKind::Punct(',' | '،')))
    };
    let mut stop = end;
    while stop < t.len() && !ends_clause(stop) {
        stop += 1;
    }
    for m in ms[first..].iter() {
        if m.at < end {
            continue;
        }
        if m.at >= stop {
            break;
        }
        add(&mut score, m, m.at - end + 2);
    }
    // a lone weak marker far away (an imperfect verb in a relative clause) decides nothing;
    // a clause that says nothing takes the sentence's tense when a tensed verb or a strong
    // marker gives it ("وسيسعى الوفد الاثنين ... قبل أن يرد عليه الوفد الآخر الثلاثاء"),
    // not past a reported-clause opener: "ذكر الوزير الخميس أن بلاده ستتخذ" is not future
    if score.iter().all(|&v| v < MIN_LOCAL_SCORE) {
        let within: Vec<Marker> = ms
            .iter()
            .filter(|m| m.at >= boundary && m.at < stop)
            .copied()
            .collect();
        return sentence_tense(&within);
    }
    best(&score)
}

/// The vote of a sentence's past and future markers when one of them reaches a tensed verb's
/// weight; Unknown otherwise (present imperfects narrate as often as they announce).
fn sentence_tense(ms: &[Marker]) -> Reading {
    let mut score = [0u32; 3];
    for m in ms {
        match m.reading {
            Reading::Past => score[0] += u32::from(m.weight),
            Reading::Future => score[2] += u32::from(m.weight),
            Reading::Present | Reading::Unknown => {}
        }
    }
    if score.iter().all(|&v| v < 2) {
        return Reading::Unknown;
    }
    best(&score.map(f64::from))
}

/// The least score a clause reading needs: a tensed verb within nine words, an imperfect within
/// four to the left.
const MIN_LOCAL_SCORE: f64 = 0.2;
