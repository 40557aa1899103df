//! The meeting vocabulary, read once from the data files under `lexicon/ar/`: meeting words with
//! their lemma, class, kind, tense and strength; kind and status markers; context words; dual and
//! plural role phrases. Every form is stored normalised ([`normalize`]) so lookups are one hash
//! probe per clitic reading of a token.
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::extract::arabic::normalize;
use crate::extract::lexicon::records;
use crate::extract::{MeetingKind, MeetingStatus};

const MEETING_WORDS: &str = include_str!("../lexicon/ar/meeting_words.txt");
const MEETING_KINDS: &str = include_str!("../lexicon/ar/meeting_kinds.txt");
const MEETING_STATUS: &str = include_str!("../lexicon/ar/meeting_status.txt");
const MEETING_CONTEXT: &str = include_str!("../lexicon/ar/meeting_context.txt");
const MEETING_GROUP_ROLES: &str = include_str!("../lexicon/ar/meeting_group_roles.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    Verb,
    Noun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    None,
    Past,
    Present,
}

/// One meeting word form.
#[derive(Debug, Clone)]
pub(crate) struct MeetingWord {
    pub lemma: &'static str,
    pub class: WordClass,
    /// The kind the word itself names (summit, conference, ...); `Unknown` leaves it to the count.
    pub kind: MeetingKind,
    pub tense: Tense,
    /// Weak words need two named people before they count as a meeting.
    pub weak: bool,
    /// "التقيته", "التقينا": said by the one who met, in their own quoted words.
    pub first_person: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    Near,
    Before,
    Clause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    NotMeeting,
    /// "مرات", "مرتين" a few words after the meeting word: meetings counted, not one.
    Repeated,
    Phone,
    Frame,
    Reference,
    Break,
    Reporting,
    Multiparty,
    Body,
    Topic,
    CityState,
    Sport,
    PluralSubject,
    Complementizer,
    PronounComplementizer,
    PlaceNoun,
    Pair,
    Counterpart,
    About,
    Aside,
    /// "لبحث", "لمناقشة" after a visit word: the visit is for talks, a meeting with its host.
    Talks,
    /// "مقرب من X": X describes the one close to them and is not there.
    CloseTo,
    /// "قمة جمعته بـ X": the object pronoun after the meeting word is a party.
    GathersHim,
    /// "وكان"/"وكانت" opening the clause of a past meeting: background told in the pluperfect,
    /// an earlier event than the day's news.
    Background,
    /// "بحسب", "وفقا ل": a source named after the meeting word reports it.
    Source,
    /// "قناة", "صحفيين": the press on the other side of "لقاء مع" makes it an interview.
    Media,
    /// "شهدته", "احتضنتها" before a place: the place hosted the meeting.
    Host,
}

pub(crate) struct Words {
    pub meeting: HashMap<String, MeetingWord>,
    /// Every meeting word form, to skip sentences that hold none before cutting them into
    /// words (clitics are prefixes and suffixed forms are listed, so a form is always a
    /// substring of a normalised sentence that holds it).
    pub any_form: Option<aho_corasick::AhoCorasick>,
    pub kind: HashMap<String, MeetingKind>,
    pub status: HashMap<String, (MeetingStatus, Reach)>,
    pub context: HashMap<String, Context>,
    /// Dual/plural role form → the normalised singular heads a member's role starts with.
    pub group_roles: HashMap<String, Vec<String>>,
}

fn kind_of(field: &str) -> MeetingKind {
    match field {
        "bilateral" => MeetingKind::Bilateral,
        "trilateral" => MeetingKind::Trilateral,
        "multilateral" => MeetingKind::Multilateral,
        "conference" => MeetingKind::Conference,
        "summit" => MeetingKind::Summit,
        "negotiations" => MeetingKind::Negotiations,
        "session" => MeetingKind::Session,
        _ => MeetingKind::Unknown,
    }
}

fn load() -> Words {
    let mut meeting = HashMap::new();
    for r in records(MEETING_WORDS) {
        let (form, lemma, class, kind, tense, strength) = match r[..] {
            [a, b, c, d, e, f] | [a, b, c, d, e, f, _] => (a, b, c, d, e, f),
            _ => continue,
        };
        let class = if class == "verb" {
            WordClass::Verb
        } else {
            WordClass::Noun
        };
        let tense = match tense {
            "past" => Tense::Past,
            "present" => Tense::Present,
            _ => Tense::None,
        };
        meeting.insert(
            normalize(form),
            MeetingWord {
                lemma,
                class,
                kind: kind_of(kind),
                tense,
                weak: strength == "weak",
                first_person: r.get(6) == Some(&"first_person"),
            },
        );
    }
    let kind = records(MEETING_KINDS)
        .filter_map(|r| Some((normalize(r.first()?), kind_of(r.get(1)?))))
        .collect();
    let status = records(MEETING_STATUS)
        .filter_map(|r| {
            let status = match *r.get(1)? {
                "cancelled" => MeetingStatus::Cancelled,
                "planned" => MeetingStatus::Planned,
                "held" => MeetingStatus::Held,
                _ => return None,
            };
            let reach = match r.get(2) {
                Some(&"near") => Reach::Near,
                Some(&"before") => Reach::Before,
                _ => Reach::Clause,
            };
            Some((normalize(r.first()?), (status, reach)))
        })
        .collect();
    let context = records(MEETING_CONTEXT)
        .filter_map(|r| {
            let c = match *r.get(1)? {
                "not_meeting" => Context::NotMeeting,
                "repeated" => Context::Repeated,
                "phone" => Context::Phone,
                "frame" => Context::Frame,
                "reference" => Context::Reference,
                "break" => Context::Break,
                "reporting" => Context::Reporting,
                "multiparty" => Context::Multiparty,
                "talks" => Context::Talks,
                "source" => Context::Source,
                "body" => Context::Body,
                "topic" => Context::Topic,
                "sport" => Context::Sport,
                "plural_subject" => Context::PluralSubject,
                "city_state" => Context::CityState,
                "complementizer" => Context::Complementizer,
                "pronoun_complementizer" => Context::PronounComplementizer,
                "place_noun" => Context::PlaceNoun,
                "pair" => Context::Pair,
                "counterpart" => Context::Counterpart,
                "about" => Context::About,
                "aside" => Context::Aside,
                "background" => Context::Background,
                "close_to" => Context::CloseTo,
                "gathers_him" => Context::GathersHim,
                "media" => Context::Media,
                "host" => Context::Host,
                _ => return None,
            };
            Some((normalize(r.first()?), c))
        })
        .collect();
    let group_roles = records(MEETING_GROUP_ROLES)
        .filter_map(|r| {
            let heads = r.get(1)?.split_whitespace().map(normalize).collect();
            Some((normalize(r.first()?), heads))
        })
        .collect();
    let any_form = aho_corasick::AhoCorasick::new(meeting.keys()).ok();
    Words {
        any_form,
        meeting,
        kind,
        status,
        context,
        group_roles,
    }
}

/// The vocabulary, parsed on first use.
pub(crate) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_parses() {
        for r in records(MEETING_WORDS) {
            assert!(matches!(r.len(), 6 | 7), "meeting_words.txt: {r:?}");
            assert!(r.get(6).is_none_or(|p| *p == "first_person"), "{r:?}");
            assert!(matches!(r[2], "verb" | "noun"), "{r:?}");
            assert!(matches!(r[4], "past" | "present" | "-"), "{r:?}");
            assert!(matches!(r[5], "strong" | "weak"), "{r:?}");
            assert!(
                r[3] == "-" || kind_of(r[3]) != MeetingKind::Unknown,
                "{r:?}"
            );
        }
        for r in records(MEETING_KINDS) {
            assert_ne!(kind_of(r[1]), MeetingKind::Unknown, "{r:?}");
        }
        // two forms that fold to one key would silently override each other
        let mut seen = std::collections::HashMap::new();
        for r in records(MEETING_WORDS) {
            if let Some(other) = seen.insert(normalize(r[0]), r.clone()) {
                assert_eq!(
                    other[1..],
                    r[1..],
                    "{} and {} fold together",
                    other[0],
                    r[0]
                );
            }
        }
        let w = words();
        assert_eq!(w.status.len(), records(MEETING_STATUS).count());
        assert!(records(MEETING_CONTEXT)
            .all(|r| r.len() == 2 && w.context.contains_key(&normalize(r[0]))));
        assert!(w.meeting.contains_key("لقاء"));
    }
}
