//! The word knowledge of reported speech, loaded from `lexicon/<lang>/`: reporting verbs in all
//! their forms (generated from lemma + a few stems), the small grammar words around them and the
//! heads of speaker phrases.
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::extract::arabic::normalize;
use crate::extract::{lexicon, Lang};

/// Which form of a reporting verb a surface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    /// Perfect ("قال", "أكدت"): verb-first or subject-first clauses.
    Past,
    /// Imperfect ("يقول", "تؤكد").
    Present,
    /// Adverbial participle ("مضيفاً", "متسائلة"): continues the subject of its sentence.
    Participle,
    /// Verbal noun after "نقل عن X" ("قوله").
    Noun,
    /// A verbal noun of manner ("ورد كيم بالقول إن", "واكتفى بقوله: …") or an imperfect of
    /// purpose ("وعاد الوزير ليؤكد أن"): it hangs on another verb, whose subject speaks.
    Adjunct,
}

#[derive(Debug, Clone)]
pub struct VerbEntry {
    pub lemma: &'static str,
    pub form: VerbForm,
    /// Whether the surface carries the conjunction و or ف.
    pub conjunction: bool,
    /// The speaker follows this word, not the verb ("نقلت الصحيفة عن X").
    pub via: Option<String>,
    /// The grammatical gender of the subject the form agrees with, when the form shows it
    /// ("قالت" feminine, "قال" masculine, "مضيفين" neither).
    pub feminine: Option<bool>,
    /// The form agrees with a plural subject ("قائلين", "مضيفين"): a group speaks, no person.
    pub plural: bool,
    /// Only a complementizer clause is reported speech after it ("اتهم X بأنها" reports; "اتهم X
    /// بـ"الخيانة"" names a charge in quotation marks).
    pub indirect_only: bool,
    /// A preposition the verb governs before its complementizer ("حذر من أن"), where that
    /// preposition would otherwise make "أن" a conjunction ("بدلا من أن").
    pub governs: Option<String>,
}

#[derive(Debug, Default)]
pub struct QuoteLexicon {
    pub verbs: HashMap<String, VerbEntry>,
    pub complementizers: HashSet<String>,
    pub not_after: HashSet<String>,
    pub breaks: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub openers: HashSet<String>,
    pub relatives: HashSet<String>,
    /// Time words that may stand between a verb and its subject ("وأكد أمس وكيل الجمهورية").
    pub times: HashSet<String>,
    /// Particles that set a topic before its clause ("أما X، فقد أعلن").
    pub topics: HashSet<String>,
    /// Nouns whose quotation-marked complement is a name ("صحيفة "واشنطن بوست"").
    pub name_nouns: HashSet<String>,
    /// Role heads without the article ("وزير").
    pub roles: HashSet<String>,
    pub unnamed: HashSet<String>,
    /// Unnamed heads a report keeps anonymous ("مصدر"): "المصدر" refers back only to one
    /// introduced with that head, never to a named person who spoke before.
    pub anonymous: HashSet<String>,
    pub nonperson: HashSet<String>,
    /// Plural nouns of people the plural rule misses ("أعضاء", "شهود").
    pub groups: HashSet<String>,
    /// Nouns of things said ("تصريحات", "تغريدة"): "تصريحات لX" are X's words.
    pub speech_nouns: HashSet<String>,
    /// Verbs of speech acts without a complementizer ("دعا", "انتقد"), normalised, each with
    /// whether the form is feminine: their subject is the one a later "وأضاف" continues.
    pub acts: HashMap<String, bool>,
    /// Words that name the one just described ("تدعى", "واسمه"): the name follows them.
    pub naming: HashSet<String>,
    /// Definite words that describe the one named before them ("السابق", "الراحل"): never the
    /// family name a given name runs on to ("هشام الهاشمي").
    pub not_family: HashSet<String>,
    /// Words that open a source after what it said, before "ما"/"لما" ("وفق ما أكده X",
    /// "وفقا لما قاله X"), or with "ما" written on ("حسبما أفاد X").
    pub according: HashSet<String>,
    pub according_joined: HashSet<String>,
    /// The preposition and pronoun of the thing said after such a verb ("أفاد به", "كشف عنه").
    pub according_object: HashSet<String>,
    /// An outlet's own reporters ("مراسلنا"): what they pass on is no one's quote.
    pub reporters: HashSet<String>,
}

impl QuoteLexicon {
    /// `norm` without a leading article or conjunction+article ("الوزير" → "وزير").
    pub fn strip_article(norm: &str) -> Option<&str> {
        norm.strip_prefix("وال")
            .or_else(|| norm.strip_prefix("ال"))
            .filter(|s| s.chars().count() >= 2)
    }
    pub fn is_role(&self, norm: &str) -> bool {
        self.roles.contains(norm)
            || Self::strip_article(norm).is_some_and(|s| self.roles.contains(s))
    }
    /// A state, institution, document or group ("الحكومة", "تقرير", "مصادر") as listed, a group
    /// of people ([`Self::is_group`]) or a plural common noun ([`is_plural_common_noun`]:
    /// "تقديرات"): its statements are no person's quote, and it is never a person's name.
    pub fn is_nonperson(&self, norm: &str) -> bool {
        self.nonperson.contains(norm) || self.is_group(norm) || is_plural_common_noun(norm)
    }
    /// A plural noun of people, with or without the article: listed ("أعضاء", "الشهود") or a
    /// plural common noun in ون/ين, its construct form in و, or فعلاء ("باحثون", "المحللين",
    /// "مسؤولو", "علماء"); not the plurals in ات, which are as often things ("تقديرات").
    pub fn is_group(&self, norm: &str) -> bool {
        let bare = Self::strip_article(norm).unwrap_or(norm);
        self.groups.contains(norm)
            || self.groups.contains(bare)
            || (!bare.ends_with("ات") && is_plural_common_noun(norm))
            || (bare.ends_with('و')
                && bare.chars().count() >= 5
                && is_plural_common_noun(&format!("{bare}ن")))
    }
}

/// Whether a normalised word (with or without the article) is a common noun in a plural form:
/// a sound plural ("باحثون", "المنتقدين", "تقديرات") or the broken plural فعلاء ("علماء",
/// "خبراء"), and listed among the common nouns the press also writes with the article (or its
/// other case is: "منتقدون" for "منتقدين"). The common-noun list keeps names with the same
/// endings out ("هارون", "بوتين", "علاء").
pub fn is_plural_common_noun(norm: &str) -> bool {
    let bare = QuoteLexicon::strip_article(norm).unwrap_or(norm);
    let letters = bare.chars().count();
    let chars: Vec<char> = bare.chars().collect();
    // five letters from ت are verbal nouns of the pattern تفعيل/تفاعل ("تموين", "تعاون")
    let sound = ["ون", "ين", "ات"].iter().any(|e| bare.ends_with(e))
        && (letters >= 6 || (letters == 5 && chars[0] != 'ت'));
    // فعلاء: three root letters, then ا and a final hamza (ء, folded or not); from ا it is as
    // often a verbal noun ("إطفاء", "إجراء") as a plural, so such plurals are listed instead
    let fu3ala =
        letters == 5 && chars[0] != 'ا' && chars[3] == 'ا' && matches!(chars[4], 'ء' | 'ا');
    let common = crate::extract::names::is_common_noun;
    // the same plural in its other case: "منتقدون" is as plural as the listed "منتقدين"
    let other_case = || {
        let stem = |e: &str| bare.strip_suffix(e).filter(|s| s.chars().count() >= 3);
        stem("ون").is_some_and(|s| common(&format!("{s}ين")))
            || stem("ين").is_some_and(|s| common(&format!("{s}ون")))
    };
    // five letters in ون/ين are as often singular nouns ("قانون", "زيتون"): only with the
    // other case listed too ("ناجون"/"ناجين")
    let short_masculine = letters == 5 && !bare.ends_with("ات");
    if sound && short_masculine {
        return other_case();
    }
    (sound || fu3ala) && (common(bare) || common(norm) || (sound && other_case()))
}

pub fn quote_lexicon(_lang: Lang) -> &'static QuoteLexicon {
    static AR: OnceLock<QuoteLexicon> = OnceLock::new();
    AR.get_or_init(|| {
        let mut lex = QuoteLexicon::default();
        load_verbs(&mut lex, include_str!("../lexicon/ar/reporting_verbs.txt"));
        for rec in lexicon::records(include_str!("../lexicon/ar/quote_grammar.txt")) {
            let (Some(kind), Some(word)) = (rec.first(), rec.get(1)) else {
                continue;
            };
            if *kind == "act" {
                lex.acts.insert(normalize(word), false);
                if let Some(feminine) = rec.get(2) {
                    lex.acts.insert(normalize(feminine), true);
                }
                continue;
            }
            let set = match *kind {
                "complementizer" => &mut lex.complementizers,
                "not_after" => &mut lex.not_after,
                "break" => &mut lex.breaks,
                "adverb" => &mut lex.adverbs,
                "opener" => &mut lex.openers,
                "relative" => &mut lex.relatives,
                "topic" => &mut lex.topics,
                "time" => &mut lex.times,
                "name_noun" => &mut lex.name_nouns,
                "speech_noun" => &mut lex.speech_nouns,
                "naming" => &mut lex.naming,
                "not_family" => &mut lex.not_family,
                "according" => &mut lex.according,
                "according_joined" => &mut lex.according_joined,
                "according_object" => &mut lex.according_object,
                "reporter" => &mut lex.reporters,
                _ => continue,
            };
            set.insert(normalize(word));
        }
        for rec in lexicon::records(include_str!("../lexicon/ar/speakers.txt")) {
            let (Some(kind), Some(word)) = (rec.first(), rec.get(1)) else {
                continue;
            };
            let set = match *kind {
                "role" => &mut lex.roles,
                "unnamed" => &mut lex.unnamed,
                "anonymous" => &mut lex.anonymous,
                "nonperson" => &mut lex.nonperson,
                "group" => &mut lex.groups,
                _ => continue,
            };
            set.insert(normalize(word));
        }
        lex
    })
}

/// Every surface of every verb: listed forms, participles with their endings, each with and
/// without the conjunctions و and ف.
fn load_verbs(lex: &mut QuoteLexicon, data: &'static str) {
    for rec in lexicon::records(data) {
        let Some(&lemma) = rec.first() else { continue };
        let field = |i: usize| -> Vec<&'static str> {
            rec.get(i)
                .map(|f| f.split_whitespace().collect())
                .unwrap_or_default()
        };
        let listed = |i: usize| field(i).into_iter().enumerate().filter(|(_, w)| *w != "-");
        let options = rec.get(4).copied().unwrap_or("");
        let via = options
            .split_whitespace()
            .find_map(|o| o.strip_prefix("via="))
            .map(normalize);
        let indirect_only = options.split_whitespace().any(|o| o == "indirect");
        let governs = options
            .split_whitespace()
            .find_map(|o| o.strip_prefix("governs="))
            .map(normalize);
        // generated forms that are nouns in their own right ("مدعية" is a prosecutor)
        let except: Vec<String> = options
            .split_whitespace()
            .filter_map(|o| o.strip_prefix("except="))
            .flat_map(|l| l.split(';'))
            .map(normalize)
            .collect();
        let mut add = |surface: String, form: VerbForm, feminine: Option<bool>, plural: bool| {
            let base = normalize(&surface);
            if except.contains(&base) {
                return;
            }
            for (prefix, conjunction) in [("", false), ("و", true), ("ف", true)] {
                let key = format!("{prefix}{base}");
                lex.verbs.entry(key).or_insert_with(|| VerbEntry {
                    lemma,
                    form,
                    conjunction,
                    via: via.clone(),
                    feminine,
                    plural,
                    indirect_only,
                    governs: governs.clone(),
                });
            }
        };
        let noun = options.split_whitespace().any(|o| o == "noun");
        let manner = options.split_whitespace().any(|o| o == "manner");
        if noun || manner {
            let form = if manner {
                VerbForm::Adjunct
            } else {
                VerbForm::Noun
            };
            for (_, s) in listed(1) {
                let feminine = match s.chars().last() {
                    Some('ه') => Some(false),
                    Some('ا') => Some(true),
                    _ => None,
                };
                add(s.to_string(), form, feminine, false);
            }
            continue;
        }
        // forms are listed masculine first, then feminine
        for (n, s) in listed(1) {
            add(s.to_string(), VerbForm::Past, Some(n == 1), false);
        }
        for (n, s) in listed(2) {
            add(s.to_string(), VerbForm::Present, Some(n == 1), false);
        }
        // the imperfect of purpose ("ليؤكد", "لتعلن"): its subject is the clause's it follows
        for (n, s) in listed(2) {
            add(format!("ل{s}"), VerbForm::Adjunct, Some(n == 1), false);
        }
        for (_, stem) in listed(3) {
            for (ending, feminine, plural) in [
                ("ا", Some(false), false),
                ("اً", Some(false), false),
                ("ة", Some(true), false),
                ("ين", None, true),
            ] {
                add(
                    format!("{stem}{ending}"),
                    VerbForm::Participle,
                    feminine,
                    plural,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjugations_and_clitics_are_generated_from_the_data() {
        let lex = quote_lexicon(Lang::Arabic);
        let table = [
            // (surface as written, lemma, form, conjunction)
            ("وأضافت", "أضاف", VerbForm::Past, true),
            ("واضاف", "أضاف", VerbForm::Past, true),
            ("مضيفاً", "أضاف", VerbForm::Participle, false),
            ("مضيفة", "أضاف", VerbForm::Participle, false),
            ("متسائلاً", "تساءل", VerbForm::Participle, false),
            ("ويقول", "قال", VerbForm::Present, true),
            ("نفت", "نفى", VerbForm::Past, false),
            ("وبينت", "بين", VerbForm::Past, true),
            ("قوله", "قال", VerbForm::Noun, false),
            ("ونقلت", "نقل", VerbForm::Past, true),
        ];
        let genders = [
            ("وقالت", Some(true)),
            ("قال", Some(false)),
            ("وبينت", Some(true)),
            ("مضيفة", Some(true)),
            ("مضيفاً", Some(false)),
            ("تقول", Some(true)),
            ("قولها", Some(true)),
        ];
        for (surface, feminine) in genders {
            assert_eq!(
                lex.verbs[&normalize(surface)].feminine,
                feminine,
                "{surface}"
            );
        }
        for (surface, lemma, form, conj) in table {
            let e = lex.verbs.get(&normalize(surface)).expect(surface);
            assert_eq!(
                (e.lemma, e.form, e.conjunction),
                (lemma, form, conj),
                "{surface}"
            );
        }
        // words that look like forms but are kept out
        for not_a_verb in ["بين", "يذكر", "مقر", "تبين", "مدعية", "ومدعية", "مدعين"]
        {
            assert!(
                !lex.verbs.contains_key(&normalize(not_a_verb)),
                "{not_a_verb}"
            );
        }
        assert_eq!(lex.verbs[&normalize("ونقلت")].via.as_deref(), Some("عن"));
        // (surface, agrees with a plural subject)
        for (surface, plural) in [
            ("قائلين", true),
            ("مضيفين", true),
            ("قائلا", false),
            ("قالت", false),
        ] {
            assert_eq!(lex.verbs[&normalize(surface)].plural, plural, "{surface}");
        }
        // speech acts with their gender
        for (surface, feminine) in [("دعا", false), ("دعت", true), ("انتقدت", true)] {
            assert_eq!(
                lex.acts.get(&normalize(surface)),
                Some(&feminine),
                "{surface}"
            );
        }
        // (surface, only a complementizer clause reports after it)
        let indirect_only = [
            ("واتهم", true),
            ("متعهدا", true),
            ("مدعيا", false),
            ("قال", false),
        ];
        for (surface, only) in indirect_only {
            assert_eq!(
                lex.verbs[&normalize(surface)].indirect_only,
                only,
                "{surface}"
            );
        }
    }
}
