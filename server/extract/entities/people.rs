//! People in the text: a role ("وزير الخارجية الروسي") and/or title ("آية الله") followed by a
//! name, a name followed by its role after a comma, curated names, unnamed officials ("مسؤول
//! إيراني"), and role references without a name ("الوزير الروسي").
//!
//! Where a name ends is decided by rules, not by a list of names: a name is 1–4 units (a unit is a
//! word or a compound: "عبد اللهيان", "الخير الله", "رحيم بور", "دي ميستورا"); it continues past
//! a unit only when that unit is a known given name ("محمد جواد ظريف") or, for an unknown first
//! name, to one more indefinite word ("مرضية أفخم"); it stops at punctuation, stop words (verbs,
//! particles, days), role words, places and organisations.
use std::ops::Range;

use super::gazetteer::{GazKind, GazMatch, GAZETTEER};
use super::vocab::{Vocab, VOCAB};
use crate::extract::arabic::{
    fold_char, is_definite, normalize, proclitic_splits, raw_offset_after, Token,
};
use crate::extract::names::{is_common_noun, CONNECTORS, KNOWN_PEOPLE, SUFFIXES};

/// The tokens with what the gazetteer found over them.
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub toks: &'t [Token],
    pub gaz: &'t [GazMatch],
    /// Per token: the gazetteer match covering it.
    pub gaz_at: Vec<Option<usize>>,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str, toks: &'t [Token], gaz: &'t [GazMatch]) -> Self {
        let mut gaz_at = vec![None; toks.len()];
        for (g, m) in gaz.iter().enumerate() {
            for slot in gaz_at.get_mut(m.toks.clone()).into_iter().flatten() {
                *slot = Some(g);
            }
        }
        Doc {
            text,
            toks,
            gaz,
            gaz_at,
        }
    }

    fn gaz_kind_at(&self, i: usize) -> Option<GazKind> {
        let g = (*self.gaz_at.get(i)?)?;
        Some(GAZETTEER.entries[self.gaz[g].entry].kind)
    }

    /// The byte where token `i` starts once `prefix_len` normalised bytes of proclitics are
    /// skipped.
    fn start_after(&self, i: usize, prefix_len: usize) -> usize {
        let t = &self.toks[i];
        let chars = t.norm.get(..prefix_len).map_or(0, |p| p.chars().count());
        t.range.start + raw_offset_after(&self.text[t.range.clone()], chars)
    }

    /// The punctuation between token `k` and the one before it, if any.
    fn gap_before(&self, k: usize) -> &'t str {
        let Some(prev) = k.checked_sub(1).and_then(|p| self.toks.get(p)) else {
            return "";
        };
        let Some(t) = self.toks.get(k) else {
            return "";
        };
        self.text.get(prev.range.end..t.range.start).unwrap_or("")
    }

    /// Whether token `i` carries the definite article. Normalisation folds أ and إ into ا, so a
    /// name written with a hamza ("أليسون", "ألكسندر", "آل خليفة") would look definite; as
    /// written it is not.
    fn definite_word(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        is_definite(&t.norm)
            && !self.text[t.range.clone()]
                .chars()
                .next()
                .is_some_and(|c| matches!(c, 'أ' | 'إ' | 'آ'))
    }

    /// Whether punctuation cuts token `k` off from the one before, for a name: a hashtag sign
    /// ("محمد جواد #ظريف", "#ترمب"), an underscore inside a hashtag and a hyphen between two
    /// words ("يونغ-مو") do not.
    fn hard_break(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return true;
        };
        if !t.break_before {
            return false;
        }
        let gap = self.gap_before(k);
        !(gap.trim_start() == "#" || gap == "_" || gap == "-")
    }
}

/// A role phrase: tokens, class of its head, its country, and whether it is definite.
#[derive(Debug, Clone)]
pub(crate) struct RolePhrase {
    pub toks: Range<usize>,
    pub bytes: Range<usize>,
    pub class: &'static str,
    /// Canonical country name, from the first country or demonym in the phrase.
    pub country: Option<String>,
    /// "الوزير"، "وزير الخارجية" (construct with a definite complement): refers to someone.
    pub definite: bool,
    /// Words after the head ("باسم الحكومة", "إيراني").
    pub has_complement: bool,
    /// Canonical name of the first organisation in the phrase ("رئيسة صندوق النقد الدولي"):
    /// a reference to the head of a body is to whoever holds that body's post, not to any
    /// president.
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HitKind {
    /// A named person; the name is `name_bytes`.
    Named,
    /// A role without a name ("الوزير الروسي"), to resolve to an earlier person.
    RoleReference,
    /// An official known only by description ("مسؤول إيراني").
    Unnamed,
}

/// One person mention before coreference.
#[derive(Debug, Clone)]
pub(crate) struct PersonHit {
    pub bytes: Range<usize>,
    pub toks: Range<usize>,
    pub name_bytes: Range<usize>,
    pub role: Option<RolePhrase>,
    pub kind: HitKind,
}

const ROLE_CONNECTORS_BEFORE_PLACE: &[&str] = &["في", "لدي", "الي", "عن"];

/// Words after which "من" goes on with the role: "مصدر قريب من الحكومة المالطية", "مقرب من".
/// Role classes held in one's own country: once such a role has its country, "في" + another
/// country is where the holder is ("الزعيم الكوري الشمالي في سنغافورة"), not part of the post
/// (as for an envoy, "المبعوث الأمريكي في سوريا").
const NATIONAL_CLASSES: &[&str] = &[
    "president",
    "vice_president",
    "prime_minister",
    "king",
    "prince",
    "leader",
    "minister",
];

const CLOSE_TO: &[&str] = &["قريب", "قريبه", "مقرب", "مقربه"];

/// The role phrase starting at token `i`, if any.
pub(crate) fn role_at(doc: &Doc<'_>, i: usize) -> Option<RolePhrase> {
    let v: &Vocab = &VOCAB;
    let toks = doc.toks;
    let head = v.role_heads.longest_at(toks, i, true)?;
    // "رئيسه وسيده ترامب", "محاميه": ه (his), not ة, ends the word: a possessed noun, whose
    // feminine role it only looks like once normalised (no role head ends in ه)
    if doc.text[toks[i].range.clone()].ends_with('ه') {
        return None;
    }
    let class = *head.value;
    let head_definite = {
        let first = &toks[i].norm;
        is_definite(first.get(head.prefix_len..).unwrap_or(""))
            || first
                .get(head.prefix_len..)
                .is_some_and(|s| s.starts_with("لل"))
    };
    let mut j = head.end;
    let mut country: Option<String> = None;
    let mut organisation: Option<String> = None;
    let mut last_good = j;
    // construct state: "وزير الخارجية" and "مندوب روسيا" are definite, "ناطق باسم ..." and
    // "مسؤول إيراني" are not
    let complement_definite = toks.get(j).is_some_and(|t| {
        !t.break_before
            && (is_definite(&t.norm)
                || t.norm.starts_with("لل")
                || doc.gaz_kind_at(j) == Some(GazKind::Country)
                // "مراسل بي بي سي": an organisation's name written bare (not "بالبيت الأبيض",
                // "لرويترز": a preposition makes it "an official at ...")
                || doc.gaz_at[j].is_some_and(|g| {
                    let m = &doc.gaz[g];
                    !m.proclitic
                        && m.toks.start == j
                        && GAZETTEER.entries[m.entry].kind == GazKind::Organisation
                }))
    });
    while j < toks.len() && !toks[j].break_before {
        let norm = toks[j].norm.as_str();
        if let Some(g) = doc.gaz_at[j] {
            let m = &doc.gaz[g];
            let e = &GAZETTEER.entries[m.entry];
            match e.kind {
                GazKind::Country | GazKind::Demonym => {
                    if country.is_none() {
                        country = Some(e.canonical.clone());
                    }
                }
                GazKind::Organisation => {
                    if organisation.is_none() {
                        organisation = Some(e.canonical.clone());
                    }
                    // "الحكومة البريطانية": the demonym inside an organisation's name
                    if country.is_none() {
                        country = m
                            .toks
                            .clone()
                            .find_map(|t| GAZETTEER.demonym_country(&toks[t].norm))
                            .map(str::to_string);
                    }
                }
                // "رئيس بلدية باريس", "سفير طهران"; but once the role has its country a city
                // is the next thing said ("ويزور الرئيس الفرنسي واشنطن": the place visited)
                GazKind::City if country.is_some() => break,
                GazKind::City => {}
                GazKind::Person | GazKind::PersonFamily => break,
            }
            // a match that began inside the head ("رئيس [الحكومة البريطانية]") is consumed too
            j = m.toks.end.max(j + 1);
            last_good = j;
            continue;
        }
        if let Some(h) = v.role_heads.longest_at(toks, j, true) {
            // a nested head: "مساعد وزير الخارجية"; with a preposition it is someone else
            // ("زعيم كوريا الشمالية بالرئيس ترمب")
            if h.prefix_len > 0 && !toks[j].norm.starts_with("لل") {
                break;
            }
            j = h.end;
            last_good = j;
            continue;
        }
        let close_to = norm == "من" && j > 0 && CLOSE_TO.contains(&toks[j - 1].norm.as_str());
        if ROLE_CONNECTORS_BEFORE_PLACE.contains(&norm) || close_to {
            // "في إيران", "لدى الأمم المتحدة", "في الخارجية التركية": only before a country,
            // an organisation or a body's word
            let next_is_body = toks
                .get(j + 1)
                .is_some_and(|t| v.role_words.contains(t.norm.as_str()));
            let next_is_place = (next_is_body
                || matches!(
                    doc.gaz_kind_at(j + 1),
                    Some(GazKind::Country | GazKind::Organisation)
                ))
                && !toks.get(j + 1).is_some_and(|t| t.break_before);
            // (a name right after the country still makes it the post: "وزير شؤون الاتحاد
            // الأوروبي في تركيا عمر جليك")
            let abroad = country.is_some()
                && NATIONAL_CLASSES.contains(&class)
                && doc.gaz_at.get(j + 1).copied().flatten().is_some_and(|g| {
                    let m = &doc.gaz[g];
                    GAZETTEER.entries[m.entry].kind == GazKind::Country
                        && name_at(doc, m.toks.end, true).is_none()
                });
            if !next_is_place || abroad {
                break;
            }
            j += 1;
            continue;
        }
        // "وزير خارجيته جواد ظريف": a body's word with a possessive pronoun ends the role
        if possessed_role_word(&doc.text[toks[j].range.clone()]) {
            j += 1;
            last_good = j;
            break;
        }
        // "مسؤول تعليمي إقليمي", "مصدر عسكري": the common adjectives (nisba) that describe an
        // unnamed official
        let describes_unnamed =
            is_unnamed_class(class) && norm.ends_with('ي') && is_common_noun(norm);
        let is_role_word = v.role_words.contains(norm)
            || describes_unnamed
            || proclitic_splits(norm)
                .iter()
                .skip(1)
                .any(|(_, stem)| v.role_words.contains(stem.as_ref()));
        if !is_role_word {
            break;
        }
        j += 1;
        last_good = j;
    }
    let end = last_good;
    let start_byte = doc.start_after(i, head.prefix_len);
    Some(RolePhrase {
        toks: i..end,
        bytes: start_byte..toks[end - 1].range.end,
        class,
        country,
        definite: head_definite || complement_definite,
        has_complement: end > head.end,
        organisation,
    })
}

/// A role word with a possessive pronoun, as written ("خارجيته", "دفاعها": his foreign
/// ministry, its defence): a body's feminine noun whose ة is written ت before the pronoun (as
/// written, since normalisation spells ة like the pronoun ه).
fn possessed_role_word(word: &str) -> bool {
    let v: &Vocab = &VOCAB;
    ["هما", "هم", "ها", "ه"].iter().any(|suffix| {
        word.strip_suffix(suffix)
            .and_then(|stem| stem.strip_suffix('ت'))
            .is_some_and(|stem| {
                let noun = normalize(&format!("{stem}ة"));
                stem.chars().count() >= 3
                    && (v.role_words.contains(noun.as_str())
                        || v.role_words.contains(format!("ال{noun}").as_str()))
            })
    })
}

/// Possessive and object pronoun suffixes (her/their/your/our) a normalised word may end in;
/// "ه" (his) is told from "ة" only before normalisation, so callers check it on the raw word.
const PRONOUN_SUFFIXES: [&str; 5] = ["ها", "هم", "هما", "كم", "نا"];

/// Whether the normalised word ends in one of [`PRONOUN_SUFFIXES`].
fn ends_in_pronoun(n: &str) -> bool {
    PRONOUN_SUFFIXES.iter().any(|s| n.ends_with(s))
}

/// "الوزير علي الصلابي": the given name علي folds onto the preposition على once normalised, but
/// the press spells the two apart (dotted final ي for the name, ى for the preposition), so a
/// dotted "علي" followed by a word that can be a name is the name. (A few pages write the
/// preposition dotted too: "ردا علي خطة", "علي وقوع": the next word then has to be no particle
/// and no bare common noun; family names are mostly definite or nisbas: "علي الذهب", "محمد علي
/// جعفري".)
fn spelt_as_given_ali(doc: &Doc<'_>, i: usize) -> bool {
    let raw = &doc.text[doc.toks[i].range.clone()];
    raw.chars()
        .filter(|&c| fold_char(c).is_some())
        .eq("علي".chars())
        && doc.toks.get(i + 1).is_some_and(|next| {
            let n = next.norm.as_str();
            !doc.hard_break(i + 1)
                && !VOCAB.stops.contains(n)
                && (n.starts_with("ال") || n.ends_with('ي') || !is_common_noun(n))
        })
}

/// True for Arabic-letter words that can be part of a name.
pub(crate) fn name_like(doc: &Doc<'_>, i: usize) -> bool {
    let v = &*VOCAB;
    let Some(t) = doc.toks.get(i) else {
        return false;
    };
    let n = t.norm.as_str();
    if n.chars().count() < 2 || !n.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return false;
    }
    if (v.stops.contains(n) && !spelt_as_given_ali(doc, i))
        || v.is_verb(n)
        || v.role_words.contains(n)
        || v.role_heads.contains(n)
        || v.titles.contains(n)
    {
        return false;
    }
    if proclitic_splits(n)
        .iter()
        .skip(1)
        .any(|(_, stem)| v.stops.contains(stem.as_ref()))
    {
        return false;
    }
    !matches!(
        doc.gaz_kind_at(i),
        Some(GazKind::Country | GazKind::Demonym | GazKind::City | GazKind::Organisation)
    )
}

fn is_given(n: &str) -> bool {
    VOCAB.given.contains(n)
}

/// The tokens of the name starting at token `i`, if one starts there. `anchored`: a role or
/// title stands right before the name or right after it, so an unknown first name may be followed
/// by a definite family name ("مطر الطاير", "راشد الغنوشي" after "رئيس حركة النهضة").
pub(crate) fn name_at(doc: &Doc<'_>, i: usize, anchored: bool) -> Option<Range<usize>> {
    let toks = doc.toks;
    // a curated full name
    if let Some(g) = doc.gaz_at.get(i).copied().flatten() {
        let m = &doc.gaz[g];
        let kind = GAZETTEER.entries[m.entry].kind;
        if m.toks.start == i && matches!(kind, GazKind::Person | GazKind::PersonFamily) {
            // "المستشار الإعلامي للسيسي", "الملك والسيسي": a name behind a preposition or a
            // conjunction is someone else than the holder of the role before it
            return (!m.proclitic).then(|| m.toks.clone());
        }
    }
    let first = toks.get(i)?;
    let connector = |k: usize| {
        toks.get(k)
            .is_some_and(|t| CONNECTORS.contains(&t.norm.as_str()))
    };
    // "العقيد تركي المالكي": after a role or title, a given name that is also a demonym
    // ("تركي", Turkish) opens a name when a family name follows it
    let given_demonym = anchored
        && is_given(&first.norm)
        && doc.gaz_kind_at(i) == Some(GazKind::Demonym)
        && toks
            .get(i + 1)
            .is_some_and(|n| !n.break_before && n.norm.starts_with("ال"))
        && !doc.hard_break(i + 1);
    if !name_like(doc, i) && !connector(i) && !given_demonym {
        return None;
    }
    if doc.definite_word(i) && !family_only(doc, i) {
        return None;
    }
    if !connector(i) && !plausible_unknown_word(doc, i) {
        return None;
    }
    let mut end = i;
    let mut units = 0;
    let mut prev_given = false;
    let mut prev_definite = false;
    // every unit so far one short word that is no known given name
    let mut syllables = true;
    // the last unit was "بن X": a definite family name may follow ("عبد العزيز بن علي الشريف")
    let mut after_lineage = false;
    while units < 4 {
        let k = end;
        if k >= toks.len() || (k > i && doc.hard_break(k)) {
            break;
        }
        let norm = toks[k].norm.as_str();
        let unit_end;
        let unit_given;
        if connector(k) {
            // "عبد اللهيان", "بن سلمان", "دي ميستورا": the connector binds the next word
            let Some(next) = toks.get(k + 1) else { break };
            // after "بن" a given name is a name even when spelt like a particle once
            // normalised ("بن علي": "على" and "علي" fold together)
            let lineage = matches!(norm, "بن" | "ابن" | "بنت") && is_given(&next.norm);
            if doc.hard_break(k + 1) || !(name_like(doc, k + 1) || next.norm == "الله" || lineage)
            {
                break;
            }
            unit_end = k + 2;
            unit_given = units == 0 && (norm == "عبد" || norm == "ابو");
            after_lineage = lineage || matches!(norm, "بن" | "ابن" | "بنت");
        } else {
            if k > i {
                // continue only after a given name, or after an unknown first name once
                let definite = doc.definite_word(k);
                // East-Asian names of three short syllables after a role or title ("الجنرال
                // كيم يونغ شول", "الرئيس الصيني شي جين بينغ")
                // (not a common noun: "السفير سونغ كيم وفدا", the delegation he led)
                let third_syllable = units == 2
                    && anchored
                    && syllables
                    && !definite
                    && norm.chars().count() <= 4
                    && !(norm.ends_with('ا') && is_common_noun(norm));
                let ok = name_like(doc, k)
                    && (prev_given && !ends_a_given_name(doc, k) || plausible_unknown_word(doc, k))
                    && if prev_given || (after_lineage && definite) {
                        true
                    } else {
                        (units == 1
                            && !prev_definite
                            && (!definite || anchored)
                            && !family_only(doc, k - 1))
                            || third_syllable
                    };
                if !ok {
                    break;
                }
            }
            unit_end = k + 1;
            unit_given = is_given(norm);
            after_lineage = false;
        }
        let mut unit_end = unit_end;
        // "الخير الله", "رحيم بور", "نور الدين"; a hyphen joins ("يونغ-مو", "جاي-إن")
        while let Some(t) = toks.get(unit_end) {
            let suffix = !doc.hard_break(unit_end) && SUFFIXES.contains(&t.norm.as_str());
            // (after a hyphen even a particle's spelling is a syllable: "تشونغ-إن")
            let hyphened = doc.gap_before(unit_end) == "-"
                && (name_like(doc, unit_end) || t.norm.chars().count() <= 3);
            if !(suffix || hyphened) {
                break;
            }
            unit_end += 1;
        }
        prev_definite = doc.definite_word(k);
        syllables &= unit_end == k + 1 && !unit_given && norm.chars().count() <= 4;
        prev_given = unit_given && (unit_end == k + 1 || connector(k));
        end = unit_end;
        units += 1;
    }
    // an unknown single word after a title is too often a noun ("وزير خارجية", "رئيس بلدية")
    let single_unknown = end == i + 1 && !is_given(&first.norm) && !family_only(doc, i);
    (end > i && !single_unknown).then_some(i..end)
}

/// Whether a word that is neither a known given name nor a curated name can still be part of a
/// name: not carrying a proclitic before the article ("للاتحاد", "والمخزن") or a conjunction,
/// not ending in ة or a pronoun suffix ("بلدية", "معها", "سفيرها"), not with tanwin ("خلفاً").
pub(crate) fn plausible_unknown_word(doc: &Doc<'_>, i: usize) -> bool {
    let t = &doc.toks[i];
    let n = t.norm.as_str();
    if is_given(n)
        || matches!(
            doc.gaz_kind_at(i),
            Some(GazKind::Person | GazKind::PersonFamily)
        )
    {
        return true;
    }
    let raw = &doc.text[t.range.clone()];
    let proclitic_article = ["لل", "وال", "فال", "بال", "كال"]
        .iter()
        .any(|p| n.starts_with(p));
    // (and "ومستشارته": a conjunction on a noun with a possessive pronoun)
    let conjunction = (n.starts_with('و') || n.starts_with('ف'))
        && (proclitic_splits(n).iter().skip(1).any(|(_, stem)| {
            is_given(stem)
                || VOCAB.stops.contains(stem.as_ref())
                || VOCAB.role_heads.contains(stem.as_ref())
                || VOCAB.titles.contains(stem.as_ref())
                // ("محسن مرزوق ووفد من الحركة": a conjunction on a common noun)
                || (stem.chars().count() >= 3 && is_common_noun(stem))
        }) || (n.chars().count() > 5 && n.ends_with("ته")));
    !(proclitic_article
        || conjunction
        || raw.ends_with('ة')
        || (ends_in_pronoun(n) && n.chars().count() > 4)
        || raw.contains('\u{064B}'))
}

/// Whether the word at `k`, after a known given name, is still no part of the name: ل + ال
/// ("مركز الملك سلمان للإغاثة"), a conjunction on another name or a function word ("هاري
/// وميغان"), or a feminine nisba adjective the press also writes bare ("مدينة الملك عبدالله
/// الرياضية").
fn ends_a_given_name(doc: &Doc<'_>, k: usize) -> bool {
    let t = &doc.toks[k];
    let n = t.norm.as_str();
    // ("محسن مرزوق ووفد من الحركة": a conjunction on a common noun too)
    let conjunction = n.starts_with('و')
        && proclitic_splits(n).iter().skip(1).any(|(_, stem)| {
            is_given(stem)
                || VOCAB.stops.contains(stem.as_ref())
                || VOCAB.is_verb(stem)
                || (stem.chars().count() >= 3 && is_common_noun(stem))
        });
    // (a nisba: "القدرة" and "الجيدة" are family names)
    let feminine_adjective = doc.text[t.range.clone()].ends_with("ية")
        && n.strip_prefix("ال")
            .is_some_and(|stem| stem.chars().count() >= 4 && is_common_noun(stem));
    n.starts_with("لل") || conjunction || feminine_adjective
}

/// A curated family name ("أوباما"): a name that is complete on its own.
fn family_only(doc: &Doc<'_>, i: usize) -> bool {
    doc.gaz_kind_at(i) == Some(GazKind::PersonFamily)
}

/// Whether the word at `i` matched a title spelt with ة only through normalisation: "سماحه"
/// (his permission: "دافع عن سماحه بإطلاق المنطاد") is not the honorific "سماحة", nor
/// "جلالها" anything but a noun with its pronoun.
fn is_noun_with_pronoun_not_title(doc: &Doc<'_>, i: usize) -> bool {
    static TA_MARBUTA_TITLES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let titles = TA_MARBUTA_TITLES.get_or_init(|| {
        [
            include_str!("../lexicon/ar/titles.txt"),
            include_str!("../lexicon/ar/honorifics.txt"),
        ]
        .iter()
        .flat_map(|data| data.lines())
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.contains(' ') && l.ends_with('ة'))
        .map(str::to_string)
        .collect()
    });
    let Some(raw) = doc.toks.get(i).and_then(|t| doc.text.get(t.range.clone())) else {
        return false;
    };
    raw.strip_suffix('ه')
        .is_some_and(|stem| titles.contains(&format!("{stem}ة")))
}

/// Titles and honorifics from token `i`; returns the token after them.
fn skip_titles(doc: &Doc<'_>, mut i: usize) -> usize {
    let v = &*VOCAB;
    loop {
        if doc.toks.get(i).is_some() && doc.hard_break(i) {
            return i;
        }
        if let Some(h) = v.honorifics.longest_at(doc.toks, i, false) {
            i = h.end;
        } else if let Some(h) = v.titles.longest_at(doc.toks, i, false) {
            i = h.end;
        } else {
            return i;
        }
    }
}

/// All person hits in text order.
pub(crate) fn find_people(doc: &Doc<'_>) -> Vec<PersonHit> {
    let toks = doc.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // role (+ titles) + name
        if let Some(role) = role_at(doc, i) {
            let after = skip_titles(doc, role.toks.end);
            // "الرئيس الأمريكي بمنع تصدير النفط": a common noun after a role is what the
            // holder did, not an unknown name (a known given name or person still is one)
            let common = |n: &Range<usize>| {
                let first = &toks[n.start].norm;
                is_common_noun(first)
                    && !matches!(
                        doc.gaz_kind_at(n.start),
                        Some(GazKind::Person | GazKind::PersonFamily)
                    )
            };
            // "أول زعيم كوري شمالي تطأ قدماه": an indefinite role with an indefinite complement
            // describes someone ("a North Korean leader"); a title before a name is definite,
            // so only a known given name or a curated person after it is a name
            let known = |n: &Range<usize>| {
                is_given(&toks[n.start].norm)
                    || matches!(
                        doc.gaz_kind_at(n.start),
                        Some(GazKind::Person | GazKind::PersonFamily)
                    )
            };
            let name = (after < toks.len() && !doc.hard_break(after))
                .then(|| name_at(doc, after, true))
                .flatten()
                .filter(|n| !common(n))
                .filter(|n| role.definite || !role.has_complement || known(n))
                .filter(|n| !holds_another_country_s_post(doc, &role, n));
            if let Some(name) = name {
                out.push(named_hit(doc, role, name));
                i = out.last().map_or(i + 1, |h: &PersonHit| h.toks.end);
                continue;
            }
            // "رئيس حركة النهضة راشد الغنوشي": a body the vocabulary lacks, then a full name
            if let Some((role, name)) = name_past_unknown_body(doc, &role) {
                out.push(named_hit(doc, role, name));
                i = out.last().map_or(i + 1, |h: &PersonHit| h.toks.end);
                continue;
            }
            // "زعيم الجمهوريين في الكونغرس، بول راين،": the name in apposition after a longer
            // complement than the vocabulary knows
            if let Some((role, name)) = name_after_long_body(doc, &role) {
                out.push(named_hit(doc, role, name));
                i = out.last().map_or(i + 1, |h: &PersonHit| h.toks.end);
                continue;
            }
            // "المتحدثة باسم وزارة الدفاع الأمريكية (البنتاغون) دانا وايت": a short aside in
            // brackets between the role and the name
            if let Some(name) = name_after_bracketed_aside(doc, &role) {
                out.push(named_hit(doc, role, name));
                i = out.last().map_or(i + 1, |h: &PersonHit| h.toks.end);
                continue;
            }
            // "وزير الخارجية الألماني، هايكو ماس،": the name in apposition
            if let Some(name) = name_in_apposition(doc, &role) {
                out.push(named_hit(doc, role, name));
                i = out.last().map_or(i + 1, |h: &PersonHit| h.toks.end);
                continue;
            }
            let kind = if role.definite {
                HitKind::RoleReference
            } else if role.has_complement && is_unnamed_class(role.class) {
                HitKind::Unnamed
            } else {
                i = role.toks.end.max(i + 1);
                continue;
            };
            out.push(PersonHit {
                bytes: role.bytes.clone(),
                toks: role.toks.clone(),
                name_bytes: role.bytes.clone(),
                role: Some(role.clone()),
                kind,
            });
            i = role.toks.end.max(i + 1);
            continue;
        }
        // title + name ("آية الله علي خامنئي", "الشيخ تميم")
        let after = skip_titles(doc, i);
        if after > i && !is_noun_with_pronoun_not_title(doc, i) {
            if let Some(name) = name_at(doc, after, true) {
                let start = doc.start_after(i, 0);
                out.push(PersonHit {
                    bytes: start..toks[name.end - 1].range.end,
                    toks: i..name.end,
                    name_bytes: toks[name.start].range.start..toks[name.end - 1].range.end,
                    role: None,
                    kind: HitKind::Named,
                });
                i = name.end;
                continue;
            }
        }
        // curated full name, or a name followed by ", role"
        let curated = doc
            .gaz_at
            .get(i)
            .copied()
            .flatten()
            .map(|g| &doc.gaz[g])
            .filter(|m| m.toks.start == i)
            .filter(|m| GAZETTEER.entries[m.entry].kind == GazKind::Person);
        if let Some(m) = curated {
            let role = role_after_comma(doc, m.toks.end);
            let next = role.as_ref().map_or(m.toks.end, |r| r.toks.end);
            out.push(PersonHit {
                bytes: m.bytes.clone(),
                toks: m.toks.clone(),
                name_bytes: m.bytes.clone(),
                role,
                kind: HitKind::Named,
            });
            i = next;
            continue;
        }
        let starts_name = i == 0 || doc.hard_break(i) || !name_like(doc, i - 1);
        let given = is_given(&toks[i].norm);
        let after_given = i > 0 && !doc.hard_break(i) && is_given(&toks[i - 1].norm);
        // "مطر الطاير، المدير العام لهيئة الطرق": an unknown first name needs the comma and a
        // definite role with a complement right after the name
        // (a verb before a name is no first name: "وصف بوريس جونسون، وزير ...")
        let next_is_name = i + 1 < toks.len()
            && (is_given(&toks[i + 1].norm)
                || matches!(
                    doc.gaz_kind_at(i + 1),
                    Some(GazKind::Person | GazKind::PersonFamily)
                ));
        let try_unknown = !given
            && starts_name
            && !next_is_name
            && !toks[i].norm.ends_with("ته")
            && comma_within(doc, i, 4);
        if (given && !after_given) || try_unknown {
            if let Some(name) = name_at(doc, i, true) {
                if name.len() >= 2 {
                    // "وهو مسؤول في ..." says it is a role; a bare indefinite noun may not be
                    let huwa = toks
                        .get(name.end)
                        .is_some_and(|t| matches!(t.norm.as_str(), "وهو" | "وهي"));
                    if let Some(role) = role_after_comma(doc, name.end)
                        .filter(|r| given || huwa || (r.definite && r.has_complement))
                    {
                        let role_end = role.toks.end;
                        out.push(PersonHit {
                            bytes: toks[i].range.start..toks[name.end - 1].range.end,
                            toks: name.clone(),
                            name_bytes: toks[i].range.start..toks[name.end - 1].range.end,
                            role: Some(role),
                            kind: HitKind::Named,
                        });
                        i = role_end;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out
}

/// A named person hit: `role` then the name at tokens `name`.
/// "وسيزور الرئيس المكسيكي ترامب": a well-known person whose listed post (`people.txt`) is
/// another country's is no apposition to the role before them, but the object of the verb: the
/// role stands alone and refers to its own holder.
pub(crate) fn holds_another_country_s_post(
    doc: &Doc<'_>,
    role: &RolePhrase,
    name: &Range<usize>,
) -> bool {
    let Some(country) = role.country.as_deref() else {
        return false;
    };
    let Some(g) = doc.gaz_at.get(name.start).copied().flatten() else {
        return false;
    };
    let entry = &GAZETTEER.entries[doc.gaz[g].entry];
    if !matches!(entry.kind, GazKind::Person | GazKind::PersonFamily) {
        return false;
    }
    let Some(known) = KNOWN_PEOPLE.by_name(&entry.canonical) else {
        return false;
    };
    let listed = normalize(known.role);
    let listed_country = listed
        .split_whitespace()
        .find_map(|w| GAZETTEER.demonym_country(w));
    listed_country.is_some_and(|c| c != country)
}

fn named_hit(doc: &Doc<'_>, role: RolePhrase, name: Range<usize>) -> PersonHit {
    let toks = doc.toks;
    PersonHit {
        bytes: role.bytes.start..toks[name.end - 1].range.end,
        toks: role.toks.start..name.end,
        name_bytes: toks[name.start].range.start..toks[name.end - 1].range.end,
        role: Some(role),
        kind: HitKind::Named,
    }
}

/// Whether a comma ends one of the `n` tokens after token `i`.
fn comma_within(doc: &Doc<'_>, i: usize, n: usize) -> bool {
    (i + 1..=i + n)
        .take_while(|&k| k < doc.toks.len())
        .any(|k| doc.toks[k].break_before && doc.gap_before(k).contains(['،', ',']))
}

/// A role whose complement goes on past the words the vocabulary knows ("رئيس [حركة النهضة]",
/// "المتحدث باسم [الرئاسة]", "رئيس كتلة [حركة مشروع تونس الحرة]") to a full name that starts
/// with a known given name: up to six words in between, none a person, an organisation, a stop
/// word or a word with a pronoun suffix ("نظيره الأردني" is someone else). Party and movement
/// names are as often indefinite nouns ("مشروع") as construct ones, so any such word may be part
/// of the body when the given name closes it; without that anchor only three construct nouns
/// (ending in ة), definite words or places are.
fn name_past_unknown_body(doc: &Doc<'_>, role: &RolePhrase) -> Option<(RolePhrase, Range<usize>)> {
    let toks = doc.toks;
    let v = &*VOCAB;
    let start = role.toks.end;
    for k in start..(start + 7).min(toks.len()) {
        if doc.hard_break(k) {
            // "مرشحة الرئاسة الفرنسية، مارين لوبان،": the name in apposition after the body
            if k == start || !matches!(doc.gap_before(k).trim(), "،" | ",") {
                return None;
            }
            return body_with_name_in_apposition(doc, role, k);
        }
        if k > start && starts_given_name(doc, k) {
            let name = name_at(doc, k, true).filter(|n| n.len() >= 2)?;
            let mut role = role.clone();
            role.toks = role.toks.start..k;
            role.bytes = role.bytes.start..toks[k - 1].range.end;
            role.has_complement = true;
            return Some((role, name));
        }
        let n = toks[k].norm.as_str();
        let raw = &doc.text[toks[k].range.clone()];
        // a city or country completes a body too: "قائد شرطة كابول", "رئيس بلدية باريس"
        let place = k > start
            && matches!(
                doc.gaz_kind_at(k),
                Some(GazKind::City | GazKind::Country | GazKind::Demonym)
            );
        let plain = !v.stops.contains(n)
            && !v.is_verb(n)
            && doc.gaz_kind_at(k).is_none()
            && !ends_in_pronoun(n);
        let construct = place || (plain && (is_definite(n) || raw.ends_with('ة')));
        let indefinite = k > start
            && plain
            && !raw.ends_with('ه')
            && n.chars().count() >= 3
            && name_like(doc, k);
        // past the third word, or through an indefinite word, only on to a given name ahead
        // ("أمين عام حركة مشروع تونس، محسن مرزوق،": or the name in apposition after a comma)
        let anchored = || given_within(doc, k, start + 7) || given_after_comma(doc, k, start + 7);
        let body_word = (construct && (k < start + 3 || anchored())) || (indefinite && anchored());
        if !body_word {
            return None;
        }
    }
    None
}

/// "زعيم المعارضة الديمقراطية في مجلس الشيوخ، تشاك شومر،", "الرئيس الجمهوري للجنة العلاقات
/// الخارجية بمجلس الشيوخ الأميركي، بوب كوركر،": a role, up to nine words of its body, then a
/// name of two units or more set off by commas. The body's words are no verb, no person, no
/// word with a pronoun suffix ("نظيره الروسي، فلاديمير بوتين" is someone else) and no particle
/// but the prepositions of a post (في, لدى).
fn name_after_long_body(doc: &Doc<'_>, role: &RolePhrase) -> Option<(RolePhrase, Range<usize>)> {
    const MAX_BODY_WORDS: usize = 9;
    let toks = doc.toks;
    let v = &*VOCAB;
    let start = role.toks.end;
    let end = (start + MAX_BODY_WORDS + 1).min(toks.len());
    let comma = (start..end).find(|&k| doc.hard_break(k))?;
    if comma == start || !matches!(doc.gap_before(comma).trim(), "،" | ",") {
        return None;
    }
    let body_word = |k: usize| {
        let n = toks[k].norm.as_str();
        let raw = &doc.text[toks[k].range.clone()];
        let particle = v.stops.contains(n) && !matches!(n, "في" | "لدي");
        !particle
            && !v.is_verb(n)
            && !matches!(
                doc.gaz_kind_at(k),
                Some(GazKind::Person | GazKind::PersonFamily)
            )
            && !raw.ends_with('ه')
            && !ends_in_pronoun(n)
            && v.role_heads.longest_at(toks, k, true).is_none()
    };
    if !(start..comma).all(body_word) {
        return None;
    }
    body_with_name_in_apposition(doc, role, comma)
}

/// The role run on to its body's end at token `end` (a comma follows), with the name set off by
/// commas after it ([`name_in_apposition`]).
fn body_with_name_in_apposition(
    doc: &Doc<'_>,
    role: &RolePhrase,
    end: usize,
) -> Option<(RolePhrase, Range<usize>)> {
    let mut body = role.clone();
    body.toks = role.toks.start..end;
    body.bytes = role.bytes.start..doc.toks[end - 1].range.end;
    body.has_complement = true;
    body.definite = true;
    let name = name_in_apposition(doc, &body)?;
    Some((body, name))
}

/// Whether a known given name starts one of the tokens after `k` before `end`, with no
/// punctuation in between.
fn given_within(doc: &Doc<'_>, k: usize, end: usize) -> bool {
    (k + 1..end.min(doc.toks.len()))
        .take_while(|&j| !doc.hard_break(j))
        .any(|j| starts_given_name(doc, j))
}

/// Whether the first punctuation after token `k`, before `end`, is a comma that a known given
/// name follows (titles may stand between: "، الشيخ عبد اللطيف دريان").
fn given_after_comma(doc: &Doc<'_>, k: usize, end: usize) -> bool {
    let Some(j) = (k + 1..end.min(doc.toks.len())).find(|&j| doc.hard_break(j)) else {
        return false;
    };
    if !matches!(doc.gap_before(j).trim(), "،" | ",") {
        return false;
    }
    let j = skip_titles_after_break(doc, j);
    j < doc.toks.len() && starts_given_name(doc, j)
}

/// A known given name at token `k`, or "عبد" before a definite word ("عبد الرؤوف").
fn starts_given_name(doc: &Doc<'_>, k: usize) -> bool {
    let n = doc.toks[k].norm.as_str();
    is_given(n)
        || (n == "عبد"
            && doc
                .toks
                .get(k + 1)
                .is_some_and(|t| !t.break_before && is_definite(&t.norm)))
}

/// "وزير الخارجية الألماني، هايكو ماس،": a definite role with a complement, a comma, then a name
/// of two units or more that a comma, a full stop or the end of the text closes (or that opens
/// with a known given name).
fn name_in_apposition(doc: &Doc<'_>, role: &RolePhrase) -> Option<Range<usize>> {
    if !(role.definite && role.has_complement) {
        return None;
    }
    let k = role.toks.end;
    let t = doc.toks.get(k)?;
    if !(t.break_before && matches!(doc.gap_before(k).trim(), "،" | ",")) {
        return None;
    }
    // "السفيرة الأمريكية، لدى الأمم المتحدة، نيكي هيلي": the role's place between commas
    let k = post_place_between_commas(doc, k).unwrap_or(k);
    // "مفتي الجمهورية اللبنانية، الشيخ عبد اللطيف دريان،": titles before the name
    let k = skip_titles_after_break(doc, k);
    let name = name_at(doc, k, true).filter(|n| n.len() >= 2)?;
    let closed = name.end >= doc.toks.len()
        || doc.toks[name.end].break_before
            && doc.gap_before(name.end).contains(['،', ',', '.', '؛', ':']);
    // ("أمين عام حركة مشروع تونس، محسن مرزوق ووفد من الحركة": a known given name needs no
    // closing comma when a conjunction or a function word ends it: not a truncated name,
    // "رونالد ديلا روزا")
    let ended = || {
        doc.toks
            .get(name.end)
            .is_some_and(|t| t.norm.starts_with('و') || VOCAB.stops.contains(t.norm.as_str()))
    };
    (closed || (starts_given_name(doc, name.start) && ended())).then_some(name)
}

/// "المتحدثة باسم وزارة الدفاع الأمريكية (البنتاغون) دانا وايت": after a definite role with a
/// complement, an aside of up to three words in brackets (an acronym, the body's short name),
/// then a name of two units or more right after the closing bracket.
fn name_after_bracketed_aside(doc: &Doc<'_>, role: &RolePhrase) -> Option<Range<usize>> {
    const MAX_ASIDE_WORDS: usize = 3;
    if !(role.definite && role.has_complement) {
        return None;
    }
    let k = role.toks.end;
    if doc.gap_before(k).trim() != "(" {
        return None;
    }
    // the first break after the aside's first word must be its closing bracket
    let close = (k + 1..=(k + MAX_ASIDE_WORDS).min(doc.toks.len().saturating_sub(1)))
        .find(|&j| doc.toks[j].break_before)?;
    if doc.gap_before(close).trim() != ")" {
        return None;
    }
    name_at(doc, close, true).filter(|n| n.len() >= 2)
}

/// Where a role's place set off by commas ends ("، لدى الأمم المتحدة،", "، في واشنطن،"): the
/// token after its closing comma, when token `k` starts it with لدى or في and a comma closes it
/// within a few words.
fn post_place_between_commas(doc: &Doc<'_>, k: usize) -> Option<usize> {
    const MAX_PLACE_WORDS: usize = 4;
    // (normalised: "لدى" is "لدي")
    if !matches!(doc.toks.get(k)?.norm.as_str(), "لدي" | "في") {
        return None;
    }
    let last = (k + 1 + MAX_PLACE_WORDS).min(doc.toks.len().saturating_sub(1));
    // the first break after the place's words must be its closing comma
    let j = (k + 2..=last).find(|&j| doc.toks[j].break_before)?;
    matches!(doc.gap_before(j).trim(), "،" | ",").then_some(j)
}

/// [`skip_titles`] from token `k`, which may itself follow a comma.
fn skip_titles_after_break(doc: &Doc<'_>, k: usize) -> usize {
    let v = &*VOCAB;
    let mut i = k;
    while let Some(h) = v
        .honorifics
        .longest_at(doc.toks, i, false)
        .or_else(|| v.titles.longest_at(doc.toks, i, false))
    {
        if h.end >= doc.toks.len() || doc.hard_break(h.end) {
            break;
        }
        i = h.end;
    }
    i
}

/// "X، وزير الخارجية ..." / "X (وزير ...)" / "X، وهو مسؤول في ...": a role right after a comma or
/// bracket that follows a name.
fn role_after_comma(doc: &Doc<'_>, k: usize) -> Option<RolePhrase> {
    let t = doc.toks.get(k)?;
    if !t.break_before {
        return None;
    }
    let prev_end = doc.toks.get(k.checked_sub(1)?)?.range.end;
    let between = doc.text.get(prev_end..t.range.start)?;
    if !between.chars().any(|c| matches!(c, '،' | ',' | '(')) {
        return None;
    }
    if matches!(t.norm.as_str(), "وهو" | "وهي") && !doc.hard_break(k + 1) {
        return role_at(doc, k + 1);
    }
    role_at(doc, k).filter(|r| r.has_complement || r.definite)
}

/// Role classes that describe an unnamed speaker when indefinite ("مسؤول إيراني", "ناطق باسم
/// الحكومة", "مصدر دبلوماسي", "منسقة شؤون ...", "خبير عسكري", "مراسل العربية").
pub(crate) fn is_unnamed_class(class: &str) -> bool {
    matches!(
        class,
        "official"
            | "source"
            | "spokesperson"
            | "coordinator"
            | "adviser"
            | "envoy"
            | "diplomat"
            | "expert"
            | "analyst"
            | "correspondent"
    )
}
