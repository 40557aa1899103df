//! Meetings: encounters of two or more parties (لقاء، اجتماع، التقى، استقبل، قمة، مؤتمر، مباحثات،
//! زيارة with talks), with their participants, place, date, status and kind.
//!
//! How one article is read:
//!
//! 1. Every sentence is cut into words; meeting words come from `lexicon/ar/meeting_words.txt`
//!    (clitics are stripped by rule). "مؤتمر صحفي" (a press conference: one side talking to
//!    reporters) and phone talks are not meetings; "على هامش قمة" is a *frame*: it lends its place
//!    and date to the meeting reported beside it and is not reported on its own.
//! 2. Each meeting word gets a *clause* (the sentence cut at فيما/بينما/كما/؛) and a *segment* (from
//!    the word to the next meeting word). Participants are the people in the clause, minus those
//!    who only report it ("قال X إن ..."), plus the people a dual or plural role names ("وزيرا
//!    خارجية البلدين" → the two foreign ministers the article names elsewhere). Date and place come
//!    from the segment first, then from a frame, then from earlier in the sentence.
//! 3. Mentions of one meeting are merged: shared participants, or a definite "الاجتماع"/"هذا
//!    اللقاء" pointing back, with compatible date and place; conferences and summits at the same
//!    place merge too.
//! 4. A person said to be at the place of a conference on its day ("صرح هاموند الاثنين في باريس")
//!    joins it.
//! 5. Meetings without a named person are dropped (countries alone are not participants), and so
//!    is what falls below `MIN_CONFIDENCE`: one named person with no date of the meeting's own
//!    is most often a meeting mentioned in passing or a misread name. A match report ("لقاء" of
//!    two teams) reports no meetings.
//!
//! Dates: a held meeting its sentence does not date takes the last day of the two sentences
//! before, else the lead's day (`DateFrom`); a quoted date (the topic) and the date of the
//! report's attribution are not the meeting's. Clusters on one day with nested people are merged
//! last, whatever words named them.
//!
//! All spans are byte ranges into `text`, as everywhere inside the pipeline.
mod index;
mod parties;
mod scan;
mod words;

#[cfg(test)]
mod tests;

use std::ops::Range;

use scan::{context_of, stated_kind, stated_status, tokens, triggers, Token, Trigger};
use words::{Context, Tense, WordClass};

use super::arabic::{normalize, sentences};
use super::entities::city_in_country;
use super::names::KNOWN_PEOPLE;
use super::{
    DatePrecision, EntityKind, Lang, Meeting, MeetingKind, MeetingStatus, NaiveDate, PartialDate,
    Reading, Recognized, TemporalExpression,
};

/// Finds the meetings reported in `text` (the cleaned article), with byte spans.
pub fn find_meetings(
    text: &str,
    entities: &Recognized,
    dates: &[TemporalExpression],
    published: Option<NaiveDate>,
    lang: Lang,
) -> Vec<Meeting> {
    let Lang::Arabic = lang;
    let sents: Vec<Sentence> = sentences(text)
        .into_iter()
        .map(|range| {
            let holds_a_form = words::words()
                .any_form
                .as_ref()
                .is_none_or(|ac| ac.is_match(&normalize(text.get(range.clone()).unwrap_or(""))));
            let toks = if holds_a_form {
                tokens(text, range.clone())
            } else {
                Vec::new()
            };
            let trigs = triggers(&toks);
            Sentence {
                range,
                toks,
                triggers: trigs,
            }
        })
        .collect();
    let mentions = index::MentionIndex::new(&entities.mentions);
    let principal_pair = principal_pair(&sents, &mentions);
    let ctx = Ctx {
        text,
        rec: entities,
        mentions,
        dates,
        published,
        principal_pair,
    };
    let mut candidates = Vec::new();
    // a match report ("المباراة", "الملعب", "المدرب" again and again): its "لقاء" is a match
    if sents.iter().all(|s| s.triggers.is_empty()) {
        return Vec::new();
    }
    let sport_words = tokens(text, 0..text.len())
        .iter()
        .filter(|t| context_of(&t.norm) == Some(Context::Sport))
        .count();
    if sport_words >= SPORT_ARTICLE {
        return Vec::new();
    }
    for (si, s) in sents.iter().enumerate() {
        candidates.extend(ctx.sentence_candidates(&sents, si, s));
    }
    let mut clusters = merge(candidates, entities);
    for c in &mut clusters {
        join_colocated(c, &ctx, &sents);
    }
    clusters
        .into_iter()
        .filter_map(|c| c.into_meeting(&ctx))
        .collect()
}

/// The pair of people named together in the most sentences holding a meeting word (the earliest
/// on a tie); only the first few people of a sentence are paired.
fn principal_pair(sents: &[Sentence], mentions: &index::MentionIndex) -> Option<[usize; 2]> {
    const PEOPLE_PER_SENTENCE: usize = 4;
    let mut counts: Vec<([usize; 2], usize)> = Vec::new();
    for s in sents.iter().filter(|s| !s.triggers.is_empty()) {
        let mut people: Vec<usize> = Vec::new();
        for m in mentions.within(s.range.clone()) {
            if m.kind == EntityKind::Person && !mentions.ambiguous(m) && !people.contains(&m.entity)
            {
                people.push(m.entity);
            }
        }
        people.truncate(PEOPLE_PER_SENTENCE);
        for (i, &a) in people.iter().enumerate() {
            for &b in &people[i + 1..] {
                let key = [a.min(b), a.max(b)];
                match counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((key, 1)),
                }
            }
        }
    }
    // the first of the most frequent: max_by_key keeps the last maximum, so walk in reverse
    counts.iter().rev().max_by_key(|(_, n)| *n).map(|(k, _)| *k)
}

/// Below this a meeting is not reported: one named person with a date of its own (0.75), or two
/// named people with at most a borrowed date, pass; one named person without a date, or with
/// only a borrowed one and no place, does not.
const MIN_CONFIDENCE: f32 = 0.7;

/// At most this many countries' demonyms after a meeting noun name its parties.
const MAX_DEMONYM_PARTIES: usize = 3;

/// How far back "منذ" still governs a date: words, and bytes to look through.
const SINCE_PHRASE_WORDS: usize = 8;
const SINCE_PHRASE_BYTES: usize = 120;

/// Sport words that make an article a match report (one is a passing mention).
const SPORT_ARTICLE: usize = 3;

pub(crate) struct Sentence {
    range: Range<usize>,
    toks: Vec<Token>,
    triggers: Vec<Trigger>,
}

struct Ctx<'a> {
    text: &'a str,
    rec: &'a Recognized,
    mentions: index::MentionIndex<'a>,
    dates: &'a [TemporalExpression],
    published: Option<NaiveDate>,
    /// The two people the article's meeting sentences name together most often (first such
    /// pair on a tie): who "الرئيسان" or "الزعيمين" are when the roles do not tell.
    principal_pair: Option<[usize; 2]>,
}

/// Where a meeting's date was found. A borrowed date counts less; the lead's day is only a
/// default and does not keep a later mention of the same meeting apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateFrom {
    /// Its own clause, segment or frame.
    Own,
    /// The two sentences before (news leads date the event, the next sentences report it).
    Near,
    /// The article's lead (see `Ctx::lead_date`).
    Lead,
}

/// One mention of a meeting, before merging.
#[derive(Debug, Clone)]
struct Candidate {
    /// Index of the sentence it was found in.
    sentence: usize,
    evidence: Range<usize>,
    participants: Vec<usize>,
    place: Option<usize>,
    date: Option<(PartialDate, DatePrecision)>,
    status: MeetingStatus,
    stated_kind: Option<MeetingKind>,
    word_kind: MeetingKind,
    definite: bool,
    weak: bool,
    /// Where the date was found.
    date_from: DateFrom,
    /// The clause shows several parties ("دولي", "ممثلي", "بمشاركة"): a conference with one
    /// named attendee is still a meeting of parties.
    multiparty: bool,
    /// The clause names a counterpart ("التقى X نظيره الروسي"): a second party of the same
    /// office, named or not.
    counterpart: bool,
    /// A visit for talks ("يزور X الرياض الأحد لبحث ..."): a meeting with its hosts, who are
    /// often not named (GUIDELINES: "زيارة with talks").
    visit_for_talks: bool,
    /// A visit to a person ("القائم بأعمال السفارة سيزور اليوم القس برونسون"): the visitor,
    /// written before the verb, meets the named person visited.
    visits_person: bool,
    /// The clause opens with "وكان"/"وكانت" before a past meeting verb: an earlier event told as
    /// background.
    background: bool,
    /// The two words naming what a meeting noun is about ("محادثات توحيد الجيش"), when they are
    /// plain words: the same noun with the same two words is the same meeting.
    named_topic: Option<[String; 2]>,
}

fn is_person(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Person | EntityKind::UnnamedPerson)
}

fn precision_rank(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Week => 1,
        DatePrecision::EarlyMonth | DatePrecision::MidMonth | DatePrecision::LateMonth => 2,
        DatePrecision::Month => 3,
        DatePrecision::Year => 4,
        DatePrecision::Unknown => 5,
    }
}

impl Ctx<'_> {
    /// The meeting candidates of one sentence (frames excluded).
    fn sentence_candidates(&self, all: &[Sentence], si: usize, s: &Sentence) -> Vec<Candidate> {
        let toks = &s.toks;
        if s.triggers.is_empty() {
            return Vec::new();
        }
        let before_is = |i: usize, c: Context| i > 0 && context_of(&toks[i - 1].norm) == Some(c);
        let frames: Vec<usize> = s
            .triggers
            .iter()
            .filter(|t| before_is(t.token, Context::Frame))
            .map(|t| t.token)
            .collect();
        // "قبيل مؤتمر", "بعد أسابيع من قمة": the meeting only dates something else
        let is_reference = |ti: usize| {
            before_is(ti, Context::Reference)
                || before_is(ti, Context::About)
                || (ti >= 3
                    && toks[ti - 1].norm == "من"
                    && (ti - 3..ti - 1)
                        .any(|i| context_of(&toks[i].norm) == Some(Context::Reference)))
                // "بعد عشرة أيام فقط من القمة": a span from the meeting refers to it too
                || offset_from_event(toks, ti).is_some()
        };
        let mut out = Vec::new();
        for (k, trig) in s.triggers.iter().enumerate() {
            let ti = trig.token;
            if frames.contains(&ti) {
                continue;
            }
            let reference = is_reference(ti);
            let clause = clause_of(self.text, toks, ti);
            if clause
                .clone()
                .any(|i| context_of(&toks[i].norm) == Some(Context::Phone))
            {
                continue;
            }
            // "بحثا في مكالمة هاتفية ... . وناقشا ...": discussing goes on the call just reported
            if trig.word.weak && self.previous_is_phone(all, si) {
                continue;
            }
            // segment: from this word (the sentence start for the first) to the next meeting word
            let seg_start = if k == 0 && !reference { 0 } else { ti };
            let seg_end = s.triggers.get(k + 1).map_or(toks.len(), |n| n.token);
            // "ويلتقي لافروف، وفق ما ذكرت الوكالة الجمعة": a reporting verb after the meeting
            // word opens the attribution; its date is the report's
            let attribution =
                (ti + 1..seg_end).find(|&i| context_of(&toks[i].norm) == Some(Context::Reporting));
            let seg_end = attribution.unwrap_or(seg_end);
            // "... بعد اجتماع في طهران مع ظريف الى انه حصل على ضمانات الاسبوع الماضي": what
            // follows "أنه" is reported content, its days are not the meeting's
            let seg_end = (ti + 1..seg_end)
                .find(|&i| {
                    context_of(&toks[i].norm) == Some(Context::PronounComplementizer)
                        && !self.in_person_name(&toks[i])
                })
                .unwrap_or(seg_end);
            // date and place come from the segment within the clause
            let seg = byte_range(
                toks,
                seg_start.max(clause.start)..seg_end.min(clause.end).max(ti + 1),
                &s.range,
            );
            let clause_bytes = byte_range(toks, clause.clone(), &s.range);
            let frame_seg = frames.iter().find_map(|&f| {
                let k2 = s.triggers.iter().position(|t| t.token == f)?;
                let end = s.triggers.get(k2 + 1).map_or(toks.len(), |n| n.token);
                Some(byte_range(toks, f..end, &s.range))
            });

            let participants = if reference {
                // "قبيل مؤتمر ...": only the people named with the referenced meeting itself
                let own = byte_range(toks, ti..seg_end.min(clause.end.max(ti + 1)), &s.range);
                let mut people = self.participants_in(toks, &own, ti, trig, &clause, all, si, s);
                // "وأشار X في بيان صدر بعد اجتماع في طهران مع Y": a meeting "with" Y has
                // another party, the clause's subject before it
                let with_partner = (ti + 1..(ti + 4).min(seg_end))
                    .any(|i| matches!(toks[i].norm.as_str(), "مع" | "ومع"));
                if with_partner && !people.is_empty() && clause.start < ti {
                    let before = byte_range(toks, clause.start..ti, &s.range);
                    for e in self.participants_in(toks, &before, ti, trig, &clause, all, si, s) {
                        if !people.contains(&e) {
                            people.push(e);
                        }
                    }
                }
                people
            } else {
                // "الزيارة تهدف إلى ... بعد القمة التي عقدها ترامب مع كيم": the people of a
                // meeting referred to later in the clause are that meeting's
                let own = s
                    .triggers
                    .get(k + 1)
                    .map(|n| n.token)
                    .filter(|&n| n > ti && n < clause.end && is_reference(n))
                    .map_or(clause_bytes.clone(), |n| {
                        byte_range(toks, clause.start..n, &s.range)
                    });
                self.participants_in(toks, &own, ti, trig, &clause, all, si, s)
            };

            let trig_start = toks[ti].range.start;
            // "قالت الوكالة الاثنين إن ... لقاء ... في أبريل": the reporting clause's date and
            // place are the report's, not the meeting's
            let from = self
                .reporting_boundary(toks, &clause, ti)
                .map_or(clause_bytes.start, |c| toks[c].range.end);
            // a full stop before the meeting word ends another sentence that an unclosed
            // quotation mark glued to this one: its dates are not this meeting's
            let from = self
                .text
                .get(from..trig_start)
                .and_then(|t| t.rfind(". "))
                .map_or(from, |i| from + i + 2);
            let seg = seg.start.max(from)..seg.end.max(from);
            // "أعلن ترامب، الخميس، إلغاء القمة ... في 12 يونيو": the day between the reporting
            // verb and the meeting word is the announcement's; one after the word is the meeting's
            let announced =
                (clause.start..ti).any(|i| context_of(&toks[i].norm) == Some(Context::Reporting));
            // "قال X الأحد، بعد يوم من قمة ...": the summit was the day before the sentence's day,
            // and only a day after the meeting word is the meeting's own
            let from_event = offset_from_event(toks, ti);
            let own_date = if from_event.is_some() {
                self.date_in(&(trig_start.max(seg.start)..seg.end), trig_start)
            } else {
                announced
                    .then(|| self.date_in(&(trig_start.max(seg.start)..seg.end), trig_start))
                    .flatten()
                    .filter(|d| d.1 == DatePrecision::Day)
                    .or_else(|| self.date_in(&seg, trig_start))
                    .or_else(|| frame_seg.as_ref().and_then(|f| self.date_in(f, trig_start)))
            };
            let offset = from_event.filter(|_| own_date.is_none());
            let date = match offset {
                // with no day of its own, the event dated from the meeting is the day's news
                // ("وصدرت الاتهامات قبل ثلاثة أيام من قمة ..."): the publication day
                Some(days) => self
                    .date_in(&(s.range.start..trig_start), trig_start)
                    .or_else(|| {
                        self.published
                            .map(|p| (PartialDate::day(p), DatePrecision::Day))
                    })
                    .and_then(|d| shifted(d, days)),
                None => own_date.or_else(|| self.date_in(&(from..trig_start), trig_start)),
            };
            let place = self
                .place_in(&seg, &participants)
                .or_else(|| {
                    frame_seg
                        .as_ref()
                        .and_then(|f| self.place_in(f, &participants))
                })
                .or_else(|| self.place_in(&(from..trig_start), &participants));

            // status words of this meeting: its clause, within its segment
            let seg_toks = seg_start.max(clause.start)..seg_end.min(clause.end).max(ti + 1);
            let stated = stated_status(toks, ti, seg_toks.clone());
            let mut date = date;
            // "ودعا ترامب الخميس بوتين لعقد اجتماع ثان": a past day is the invitation's
            if let (Some((d, DatePrecision::Day)), Some(p)) = (date, self.published) {
                let before_invitation = scan::invitation_to(toks, ti, clause.clone()).is_some()
                    && self.dates.iter().any(|e| {
                        e.value == Some(d)
                            && e.span.start >= clause_bytes.start
                            && e.span.start < trig_start
                    });
                if d.to_naive().is_some_and(|d| d < p) && before_invitation {
                    date = None;
                }
            }
            // the tense of the report's attribution is not the meeting's
            let tense_end = attribution
                .filter(|&a| a < clause.end)
                .map_or(clause_bytes.end, |a| toks[a].range.start);
            let clause_text = self
                .text
                .get(clause_bytes.start..tense_end.max(clause_bytes.start))
                .unwrap_or("");
            let status = self.status(trig, stated, date, clause_text);
            let mut date_from = DateFrom::Own;
            if date.is_none() && !reference && status == MeetingStatus::Planned {
                if let Some(d) = self.continued_plan_date(all, si) {
                    date = Some(d);
                    date_from = DateFrom::Near;
                }
            }
            if date.is_none() && !reference && status == MeetingStatus::Held {
                if let Some(d) = self.earlier_date(all, si) {
                    date = Some(d);
                    date_from = DateFrom::Near;
                } else if let Some(d) = self.lead_date(all, s.range.start) {
                    date = Some(d);
                    date_from = DateFrom::Lead;
                }
            }
            // a held meeting of the headline or the lead, when neither names any day: a news
            // report's lead is that day's news ("التقى X وY في قمة تاريخية في سنغافورة")
            let lead_end = all.get(2).map_or(self.text.len(), |s| s.range.start);
            // (only a meeting said to be held, "التقى", "عقد اجتماعا": a headline's bare noun
            // "لقاء بين X وY" is as often the one to come)
            let said_held = (trig.word.class == WordClass::Verb && trig.word.tense == Tense::Past)
                || stated == Some(MeetingStatus::Held);
            if date.is_none()
                && !reference
                && si <= 1
                && said_held
                && status == MeetingStatus::Held
                && !self.dates.iter().any(|d| d.span.start < lead_end)
            {
                if let Some(p) = self.published {
                    date = Some((PartialDate::day(p), DatePrecision::Day));
                    date_from = DateFrom::Lead;
                }
            }
            let status = self.status(trig, stated, date, clause_text);
            let multiparty = clause
                .clone()
                .any(|i| context_of(&toks[i].norm) == Some(Context::Multiparty));
            let visit_for_talks = is_visit(&toks[ti].norm)
                && (ti + 1..clause.end).any(|i| context_of(&toks[i].norm) == Some(Context::Talks));
            let counterpart = clause.clone().any(|i| {
                scan::readings(&toks[i].norm)
                    .iter()
                    .any(|(w, _, _)| context_of(w) == Some(Context::Counterpart))
            });
            let visits_person = trig.word.class == WordClass::Verb
                && is_visit(&toks[ti].norm)
                && self.visits_person(&clause_bytes, trig_start, toks[ti].range.end);
            let background = trig.word.class == WordClass::Verb
                && trig.word.tense == Tense::Past
                && [0, clause.start]
                    .iter()
                    .any(|&i| i < ti && context_of(&toks[i].norm) == Some(Context::Background));
            out.push(Candidate {
                sentence: si,
                multiparty,
                visit_for_talks,
                visits_person,
                background,
                named_topic: named_topic(toks, ti, trig),
                counterpart,
                date_from,
                evidence: clause_bytes,
                participants,
                place,
                date,
                status,
                stated_kind: stated_kind(toks, ti).or_else(|| {
                    // "اجتماع مجلس الأمن", "جلسة البرلمان": a body's session
                    let next = toks.get(ti + 1)?;
                    (context_of(&next.norm) == Some(Context::Body)).then_some(MeetingKind::Session)
                }),
                word_kind: trig.word.kind,
                definite: trig.definite,
                weak: trig.word.weak,
            });
        }
        out
    }

    /// People taking part: persons in `bytes` not reporting it, plus dual/plural role members.
    #[allow(clippy::too_many_arguments)]
    fn participants_in(
        &self,
        toks: &[Token],
        bytes: &Range<usize>,
        ti: usize,
        trig: &Trigger,
        clause: &Range<usize>,
        all: &[Sentence],
        si: usize,
        s: &Sentence,
    ) -> Vec<usize> {
        let trig_start = toks[ti].range.start;
        // the last "إن/أن" between the clause start and the meeting word
        let comp_before = self.reporting_boundary(toks, clause, ti);
        // reported content after the meeting word: "التقى X وأكد أن Y ..."
        // (not the "إن" that ends a name: "يجتمع مون جيه إن مع ترامب")
        let comp_after = (ti + 1..clause.end).find(|&i| {
            matches!(
                context_of(&toks[i].norm),
                Some(Context::Complementizer | Context::PronounComplementizer)
            ) && !self.in_person_name(&toks[i])
        });
        let mut lo = comp_before.map_or(bytes.start, |c| toks[c].range.end.max(bytes.start));
        let mut hi = comp_after.map_or(bytes.end, |c| toks[c].range.start.min(bytes.end));
        // a meeting named inside quotation marks: the one quoted talks about it; only people
        // inside the same quotation take part
        let quotes = quote_regions(self.text, &s.range);
        let quoted_in = quotes
            .iter()
            .find(|q| q.start <= trig_start && trig_start < q.end);
        if let Some(q) = quoted_in {
            lo = lo.max(q.start);
            hi = hi.min(q.end);
        }
        // and a meeting named outside quotation marks does not take the people its speaker
        // quotes: "وأضاف خلال مؤتمر في طوكيو «عندما يلتقي كيم بالرئيس ترمب ...»"
        let quoted_apart = |m: &crate::extract::Mention| {
            quoted_in.is_none()
                && quotes
                    .iter()
                    .any(|q| q.start <= m.span.start && m.span.end <= q.end)
        };
        let mut out: Vec<usize> = Vec::new();
        let add = |e: usize, out: &mut Vec<usize>| {
            if !out.contains(&e) {
                out.push(e);
            }
        };
        let persons = |r: Range<usize>| {
            self.mentions
                .within(r)
                .filter(|m| is_person(m.kind) && !self.mentions.ambiguous(m))
        };
        // "وبخصوص الاجتماع أكدت X": X speaks about the meeting after it is named ("بحسب X":
        // X is its source)
        // ("وفي آخر اجتماع، قال الأمين العام للحلف X إن"): a reporting verb after the meeting
        // word and at most six words before the person, with no "إن" in between
        let comments_after = |m: &crate::extract::Mention| {
            if m.span.start <= trig_start {
                return false;
            }
            let Some(before) = toks.iter().rposition(|t| t.range.end <= m.span.start) else {
                return false;
            };
            (ti + 1..=before)
                .rev()
                .take(6)
                .take_while(|&i| {
                    !matches!(
                        context_of(&toks[i].norm),
                        Some(Context::Complementizer | Context::PronounComplementizer)
                    )
                })
                .any(|i| {
                    matches!(
                        context_of(&toks[i].norm),
                        Some(Context::Reporting | Context::Source)
                    )
                })
        };
        let group_tokens: Vec<usize> = (clause.start..clause.end)
            .filter(|&i| toks[i].range.start >= lo && toks[i].range.end <= hi)
            .filter(|&i| scan::lookup(&words::words().group_roles, &toks[i].norm).is_some())
            .collect();
        // "قمته مع Y ...، خلال لقائه مع Z": each meeting word of the clause with its own "مع"
        // (or "بين") phrase; the partners of the others are not this one's
        let with_phrase = |j: usize| -> Option<Range<usize>> {
            let t = s.triggers.get(j)?.token;
            let end = s.triggers.get(j + 1).map_or(toks.len(), |n| n.token);
            // ("القمة التاريخية بين ترامب وكيم": "بين" names a meeting's parties too)
            (t + 1..end.min(t + 4))
                .any(|i| matches!(toks[i].norm.as_str(), "مع" | "ومع" | "بين" | "وبين"))
                .then(|| toks[t].range.start..toks[end - 1].range.end)
        };
        let own = s.triggers.iter().position(|t| t.token == ti);
        let partner_phrases: Vec<Range<usize>> = (0..s.triggers.len())
            .filter(|&j| Some(j) != own)
            .filter_map(with_phrase)
            .collect();
        let has_own_partner = own.and_then(with_phrase).is_some();
        for m in persons(lo..hi) {
            if has_own_partner && partner_phrases.iter().any(|r| r.contains(&m.span.start)) {
                continue;
            }
            // a role-only mention of a group ("وزيرا خارجية البلدين") is resolved below instead
            let is_group = group_tokens
                .iter()
                .any(|&g| m.span.start <= toks[g].range.start && toks[g].range.end <= m.span.end);
            if (is_group && m.kind == EntityKind::UnnamedPerson)
                || comments_after(m)
                || quoted_apart(m)
            {
                continue;
            }
            // "بوزير الخارجية الأمريكي، مايك بومبيو": a role in apposition to the named person
            // that follows it is that person, not another participant
            if m.kind == EntityKind::UnnamedPerson && self.named_right_after(m) {
                continue;
            }
            // "يلتقي بوتين نتنياهو، الذي أيد قرار ترمب": the clause tells about Netanyahu
            if self.in_relative_aside(m.span.start, trig_start) {
                continue;
            }
            // "معلومات عن كلينتون", "بشأن ترامب": X is talked about, not present (but "نقلت
            // الوكالة عن X قوله خلال لقاء": the one quoted is there)
            let (to, at) = self.word_and_start_before(m.span.start);
            let quoted_source = self
                .text
                .get(m.span.end..)
                .and_then(|t| t.split_whitespace().next())
                .is_some_and(|w| normalize(w).starts_with("قول"));
            if (to == "عن" && !quoted_source) || context_of(&to) == Some(Context::About) {
                continue;
            }
            // "بشأن قضية القس برانسون", "بما يخص حملة الرئيس ترامب": the topic's noun phrase
            // runs through common nouns to the person talked about
            if self.topic_noun_before(m.span.start) {
                continue;
            }
            // "في إشارة إلى X": X is referred to, not present
            if matches!(to.as_str(), "الي" | "لي")
                && context_of(&self.word_and_start_before(at).0) == Some(Context::Aside)
            {
                continue;
            }
            // "مع مسؤول كوري شمالي مقرب من الزعيم كيم": X describes the official
            if to == "من" && context_of(&self.word_and_start_before(at).0) == Some(Context::CloseTo)
            {
                continue;
            }
            add(m.entity, &mut out);
        }
        // «... الذي التقيته أمس»: the one quoted is the one who met
        if let Some(q) = quoted_in.filter(|_| trig.word.first_person) {
            if let Some(m) = persons(s.range.start..q.start).next_back() {
                add(m.entity, &mut out);
            }
        }
        // "قال X إنه التقى ...": X is the one who met
        if let Some(c) = comp_before.filter(|_| lo < hi) {
            if context_of(&toks[c].norm) == Some(Context::PronounComplementizer) && ti - c <= 3 {
                if let Some(m) = persons(s.range.start..toks[c].range.start).next_back() {
                    add(m.entity, &mut out);
                }
            }
        }
        for &g in &group_tokens {
            for e in parties::group_members(self.text, toks, g, clause, self.rec, &self.mentions) {
                add(e, &mut out);
            }
        }
        // "استقبل X نظيره الصيني": the counterpart is the person the article names with that
        // country's role
        for i in (clause.start..clause.end).filter(|&i| {
            toks[i].range.start >= lo
                && toks[i].range.end <= hi
                && scan::readings(&toks[i].norm)
                    .iter()
                    .any(|(w, _, _)| context_of(w) == Some(Context::Counterpart))
        }) {
            if let Some(e) = self.counterpart(toks, i) {
                add(e, &mut out);
            }
        }
        // "القمة المصرية الروسية": the leaders of the countries the meeting word is said of
        if trig.word.class == WordClass::Noun {
            for e in self.demonym_parties(toks, ti) {
                add(e, &mut out);
            }
        }
        // "الرجلان سيلتقيان", "لقاء بينهما", "التقيا": two people the article has just named
        let named = |out: &[usize]| {
            out.iter()
                .filter(|&&e| {
                    self.rec
                        .entities
                        .get(e)
                        .is_some_and(|x| x.kind == EntityKind::Person)
                })
                .count()
        };
        let pair = trig.dual
            || (clause.start..clause.end).any(|i| {
                toks[i].range.start >= lo
                    && toks[i].range.end <= hi
                    && context_of(&toks[i].norm) == Some(Context::Pair)
            });
        if pair && named(&out) < 2 {
            // "وسيعقد الرئيسان لقاء" with more presidents in the article than two: the pair the
            // article is about, not the last two it named
            let principal = self.principal_pair.filter(|p| {
                named(&out) == 0
                    && group_tokens.iter().any(|&g| {
                        p.iter()
                            .all(|&e| parties::may_be_member(toks, g, self.rec, e))
                    })
            });
            let two = match principal {
                Some(p) => p.to_vec(),
                None => self.last_two_named(all, si, trig_start),
            };
            for e in two {
                add(e, &mut out);
            }
        }
        // "لقائه", "استقبله": the possessor or subject is the person before, or the topic of the
        // previous sentence when the sentence names nobody before the word
        // ("قمة جمعته بنظيره": the pronoun of a verb right after the word is that person too;
        // "الذي" may stand between)
        let possessive = trig.possessive
            || (ti + 1..(ti + 3).min(toks.len()))
                .any(|i| context_of(&toks[i].norm) == Some(Context::GathersHim));
        // (a subject written right after the verb, "واجتمع بومبيو مع ...", is not implicit)
        let subject_follows = toks.get(ti + 1).is_some_and(|next| {
            // (or a dual or group subject: "والتقى الرئيسان", "واجتمع وزيرا الخارجية")
            matches!(
                context_of(&next.norm),
                Some(Context::PluralSubject | Context::Pair)
            ) || scan::lookup(&words::words().group_roles, &next.norm).is_some()
                || persons(next.range.start..s.range.end)
                    .next()
                    .is_some_and(|m| m.span.start == next.range.start)
        });
        let implicit_subject = trig.word.class == WordClass::Verb
            && ti <= clause.start + 1
            && !subject_follows
            && persons(s.range.start..trig_start).next().is_none();
        if (possessive || implicit_subject) && lo < hi {
            // the possessor is the clause's subject, not a partner of an earlier meeting word
            // ("أعرب X عن أمله في أن تضع قمته مع Y ...، خلال لقائه السبت مع Z": X met Z)
            let partner = |m: &&crate::extract::Mention| {
                partner_phrases.iter().any(|r| r.contains(&m.span.start))
                    || self.prefixed_by_bi(m.span.start)
            };
            let before = persons(s.range.start..trig_start)
                .rfind(|m| !partner(m))
                .or_else(|| persons(s.range.start..trig_start).next_back());
            let topic = before.map(|m| m.entity).or_else(|| {
                let prev = si.checked_sub(1).and_then(|p| all.get(p))?;
                persons(prev.range.clone()).next().map(|m| m.entity)
            });
            if let Some(e) = topic {
                add(e, &mut out);
            }
        }
        out
    }

    /// The last "إن/أن" between the clause start and the meeting word at `ti` (not the أن of
    /// "من المقرر أن", nor the "إن" that ends a name: "وعقد الرئيس مون جيه-إن والزعيم كيم
    /// اجتماعا"): what comes before it is the reporting clause.
    fn reporting_boundary(
        &self,
        toks: &[Token],
        clause: &Range<usize>,
        ti: usize,
    ) -> Option<usize> {
        (clause.start..ti)
            .rev()
            .find(|&i| {
                matches!(
                    context_of(&toks[i].norm),
                    Some(Context::Complementizer | Context::PronounComplementizer)
                ) && !self.in_person_name(&toks[i])
            })
            .filter(|&i| !is_planned_frame(toks, i))
    }

    /// Whether token `t` lies inside a person's mention (a particle spelt like a name's syllable).
    fn in_person_name(&self, t: &Token) -> bool {
        self.mentions
            .within(t.range.start.saturating_sub(120)..t.range.end)
            .any(|m| {
                is_person(m.kind) && m.span.start <= t.range.start && t.range.end <= m.span.end
            })
    }

    /// The person a counterpart word at token `i` refers to ("نظيره الصيني"): the only person
    /// of the article whose role belongs to the country named right after it. None when a name
    /// follows (that mention is a participant already) or when no single person fits.
    fn counterpart(&self, toks: &[Token], i: usize) -> Option<usize> {
        let next = toks.get(i + 1)?;
        let mut at_next = self
            .mentions
            .within(next.range.start..self.text.len().min(next.range.start + 200));
        let country = at_next.find(|m| m.span.start == next.range.start)?;
        if country.kind != EntityKind::Country {
            return None;
        }
        let after = self
            .mentions
            .within(country.span.end..self.text.len().min(country.span.end + 200))
            .next();
        let gap = after.map_or("", |m| {
            self.text.get(country.span.end..m.span.start).unwrap_or("")
        });
        if after.is_some_and(|m| m.kind == EntityKind::Person && gap.trim().len() <= 2) {
            return None;
        }
        let name = normalize(&self.rec.entities.get(country.entity)?.name);
        // a counterpart holds the same office: "وزير الخارجية ... نظيره الكوري" is that
        // country's minister, not its leader, and a president's is no prime minister ("رئيس"
        // starts both "الرئيس الروسي" and "رئيس الوزراء الروسي": the role class tells them apart)
        let head = |role: &str| {
            if let Some(class) = super::entities::role_class(role) {
                return class.to_string();
            }
            let role = normalize(role);
            let w = role.split_whitespace().next().unwrap_or("").to_string();
            w.strip_prefix("ال").map_or(w.clone(), str::to_string)
        };
        let sentence_start = self
            .text
            .get(..toks[i].range.start)
            .and_then(|t| t.rfind(['.', '\n']))
            .unwrap_or(0);
        let subject_head = self
            .mentions
            .within(sentence_start..toks[i].range.start)
            .filter(|m| is_person(m.kind))
            .filter_map(|m| match &m.role {
                Some(r) => Some(head(&r.text)),
                // a role-only reference ("زار الرئيس المصري نظيره الروسي") is its own role
                None => super::entities::role_class(&m.text).map(str::to_string),
            })
            .next_back();
        let demonym = next.norm.clone();
        let mut fits = self.rec.entities.iter().enumerate().filter(|(_, e)| {
            e.kind == EntityKind::Person
                && (e.roles.iter().any(|r| {
                    r.country.as_deref().is_some_and(|c| normalize(c) == name)
                        && subject_head.as_ref().is_none_or(|h| *h == head(&r.text))
                }) || e
                    .mentions
                    .iter()
                    .filter_map(|&mi| self.rec.mentions.get(mi))
                    .any(|m| {
                        // a role-only reference with the demonym: "الرئيس الروسي" for a Putin
                        // the article names without a role
                        m.role.is_none()
                            && normalize(&m.text).split_whitespace().any(|w| w == demonym)
                            && super::entities::role_class(&m.text).is_some_and(|class| {
                                subject_head.as_ref().is_none_or(|h| h == class)
                            })
                    }))
        });
        if let Some(first) = fits.next() {
            return fits.next().is_none().then_some(first.0);
        }
        // a well-known person the article names without a role ("نظيره التركي رجب طيب أردوغان"
        // ... "مع نظيره التركي"): the role `people.txt` lists for them, with that demonym
        let mut known = self.rec.entities.iter().enumerate().filter(|(_, e)| {
            e.kind == EntityKind::Person
                && e.roles.is_empty()
                && KNOWN_PEOPLE
                    .index_by_name(&normalize(&e.name))
                    .and_then(|k| KNOWN_PEOPLE.people.get(k))
                    .is_some_and(|p| {
                        let role = normalize(p.role);
                        role.split_whitespace().any(|w| w == demonym)
                            && subject_head.as_ref().is_none_or(|h| *h == head(p.role))
                    })
        });
        let first = known.next()?;
        known.next().is_none().then_some(first.0)
    }

    /// The parties of a meeting noun said of two or more countries by their demonyms ("القمة
    /// المصرية الروسية", "المحادثات الأمريكية-الكورية الشمالية"): for each country, its leader as
    /// the article names them ([`Ctx::leader_of`]); nothing unless every country has one.
    fn demonym_parties(&self, toks: &[Token], ti: usize) -> Vec<usize> {
        let mut countries: Vec<usize> = Vec::new();
        let mut at = toks.get(ti).map_or(0, |t| t.range.end);
        for t in toks.iter().skip(ti + 1).take(MAX_DEMONYM_PARTIES * 3) {
            if t.range.start < at {
                continue;
            }
            let gap = self.text.get(at..t.range.start).unwrap_or("");
            if !gap.trim().is_empty() && gap.trim() != "-" {
                break;
            }
            let Some(m) = self
                .mentions
                .within(t.range.start..self.text.len().min(t.range.start + 120))
                .find(|m| {
                    m.kind == EntityKind::Country
                        && t.range.start <= m.span.start
                        && m.span.start <= t.range.start + 'و'.len_utf8()
                })
            else {
                break;
            };
            // a demonym, not the country's name ("قمة روسيا" is a summit held in or by it)
            let name = self.rec.entities.get(m.entity).map(|e| normalize(&e.name));
            if name.as_deref() == Some(normalize(&m.text).as_str()) {
                break;
            }
            if !countries.contains(&m.entity) {
                countries.push(m.entity);
            }
            at = m.span.end;
        }
        if countries.len() < 2 || countries.len() > MAX_DEMONYM_PARTIES {
            return Vec::new();
        }
        let leaders: Vec<usize> = countries
            .iter()
            .filter_map(|&c| self.leader_of(c))
            .collect();
        if leaders.len() == countries.len() {
            leaders
        } else {
            Vec::new()
        }
    }

    /// The one person the article names as the leader of country entity `country`: by a role
    /// it gives them ("الرئيس الروسي"), else by the role `people.txt` lists for a well-known
    /// person it names without one. Heads of state first, then heads of government.
    fn leader_of(&self, country: usize) -> Option<usize> {
        let name = normalize(&self.rec.entities.get(country)?.name);
        let rank = |role: &str| match super::entities::role_class(role)? {
            "president" | "king" | "prince" | "leader" | "emir" | "sultan" => Some(0),
            "prime_minister" | "chancellor" => Some(1),
            _ => None,
        };
        let ranked = self
            .rec
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .filter_map(|(i, e)| {
                let own = e
                    .roles
                    .iter()
                    .filter(|r| r.country.as_deref().is_some_and(|c| normalize(c) == name))
                    .filter_map(|r| rank(&r.text))
                    .min();
                let known = || {
                    let p = KNOWN_PEOPLE
                        .people
                        .get(KNOWN_PEOPLE.index_by_name(&normalize(&e.name))?)?;
                    let of_country = normalize(p.role).split_whitespace().any(|w| {
                        super::entities::country_of_demonym(w).is_some_and(|c| normalize(c) == name)
                    });
                    of_country.then(|| rank(p.role)).flatten()
                };
                // (a role without a country, "الرئيس السيسي", leaves it to the table)
                let no_country = e.roles.iter().all(|r| r.country.is_none());
                Some((own.or_else(|| no_country.then(known).flatten())?, i))
            })
            .collect::<Vec<_>>();
        let best = ranked.iter().map(|(r, _)| *r).min()?;
        let mut at_best = ranked.iter().filter(|(r, _)| *r == best);
        let first = at_best.next()?;
        at_best.next().is_none().then_some(first.1)
    }

    /// The last two named people before byte `before`, looking back through the current
    /// sentence and the two before it; empty unless two are found.
    fn last_two_named(&self, all: &[Sentence], si: usize, before: usize) -> Vec<usize> {
        let from = all.get(si.saturating_sub(2)).map_or(0, |s| s.range.start);
        let mut out: Vec<usize> = Vec::new();
        for m in self.mentions.within(from..before).rev() {
            if m.kind != EntityKind::Person || self.mentions.ambiguous(m) {
                continue;
            }
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
            if out.len() == 2 {
                return out;
            }
        }
        Vec::new()
    }

    /// Whether a named person's mention follows `m` after a comma ("وزير الخارجية، مايك
    /// بومبيو"); without one, "وزير الخارجية الأمريكي الملك سلمان" is two people.
    fn named_right_after(&self, m: &crate::extract::Mention) -> bool {
        let rest = self.text.get(m.span.end..).unwrap_or("");
        let gap = rest.len()
            - rest
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let at = m.span.end + gap;
        let comma = rest.get(..gap).is_some_and(|g| g.contains([',', '،']));
        comma
            && gap <= 4
            && self
                .mentions
                .within(at..at + 200.min(rest.len()))
                .next()
                .is_some_and(|n| n.span.start == at && n.kind == EntityKind::Person)
    }

    /// The best date in `r`: day precision first, then the nearest to `anchor`. Expressions after
    /// "منذ" (since) are not the meeting's date.
    fn date_in(&self, r: &Range<usize>, anchor: usize) -> Option<(PartialDate, DatePrecision)> {
        // a date quoted as what was said or discussed ("ناقشا «التطورات منذ الهجوم في 7
        // أبريل»") is not the meeting's, unless the meeting word is quoted with it
        let line_start = self
            .text
            .get(..r.start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = self
            .text
            .get(r.end..)
            .and_then(|t| t.find('\n'))
            .map_or(self.text.len(), |i| r.end + i);
        let quotes = quote_regions(self.text, &(line_start..line_end));
        // (a meeting word quoted itself takes its date from the next quotation: "«الرئيس
        // سيستقبل أول مسؤول خارجي» عندما تأتي ماي «الجمعة إلى واشنطن»")
        // (only a quotation within one sentence: straight quotes paired across a full stop are
        // no quotation of the meeting word)
        let anchor_quoted = quotes.iter().any(|q| {
            q.contains(&anchor) && self.text.get(q.clone()).is_some_and(|t| !t.contains('.'))
        });
        let quoted_apart = |at: usize| {
            !anchor_quoted
                && quotes
                    .iter()
                    .any(|q| q.contains(&at) && !q.contains(&anchor))
        };
        let mut best = self
            .dates
            .iter()
            .filter(|d| d.span.start >= r.start && d.span.start < r.end)
            .filter(|d| d.value.is_some() && !self.after_since(d.span.start, Some(anchor)))
            .filter(|d| !quoted_apart(d.span.start))
            .filter(|d| !self.in_relative_aside(d.span.start, anchor))
            .filter(|d| !self.is_deadline(d))
            .min_by_key(|d| {
                let dist = d.span.start.abs_diff(anchor);
                (precision_rank(d.precision), dist)
            })?;
        // "الجمعة والسبت", "بين 23 و25 أبريل": a meeting over several days is dated by its first
        while let Some(first) = self.range_start_before(best) {
            best = first;
        }
        Some((best.value?, best.precision))
    }

    /// The day that opens a range ending with `d` ("الجمعة و|السبت", "من الاثنين إلى|الأربعاء"):
    /// a day-precision date right before it, joined by و, a dash, إلى or حتى, and earlier.
    fn range_start_before(&self, d: &TemporalExpression) -> Option<&TemporalExpression> {
        if d.precision != DatePrecision::Day {
            return None;
        }
        self.dates.iter().find(|e| {
            e.precision == DatePrecision::Day
                && e.span.end <= d.span.start
                && d.span.start - e.span.end <= 12
                && e.value.zip(d.value).is_some_and(|(a, b)| {
                    a.to_naive()
                        .zip(b.to_naive())
                        .is_some_and(|(a, b)| a < b && (b - a).num_days() <= 7)
                })
                && self.text.get(e.span.end..d.span.start).is_some_and(|gap| {
                    let gap = normalize(gap.trim());
                    matches!(gap.as_str(), "و" | "-" | "–" | "الي" | "حتي" | "وحتي")
                })
        })
    }

    /// Whether `d` is a deadline ("حتى 2024", "بحلول نهاية العام"): the end of what is planned or
    /// funded, not the day of a meeting. (The end of a range, "من الاثنين حتى الأربعاء", gives
    /// way to its start anyway.)
    fn is_deadline(&self, d: &TemporalExpression) -> bool {
        let first = normalize(d.text.split_whitespace().next().unwrap_or(""));
        let before = self.word_before(d.span.start);
        [first.as_str(), before.as_str()]
            .iter()
            .any(|w| matches!(*w, "حتي" | "وحتي" | "بحلول" | "لغايه"))
    }

    /// Whether byte `at` lies in a relative clause after a comma (up to the next comma or the
    /// end of the sentence) that does not hold the meeting word at `anchor` ("ولم يحدد غريفيث،
    /// الذي وصل إلى صنعاء الاثنين، مكان الاجتماع"): its date is of what the clause tells (an
    /// arrival), and the people it names ("نتنياهو، الذي أيد قرار ترمب") are not at the meeting.
    fn in_relative_aside(&self, at: usize, anchor: usize) -> bool {
        let is_comma = |c: char| matches!(c, ',' | '،');
        let line_start = self
            .text
            .get(..at)
            .and_then(|t| t.rfind(['\n', '.']))
            .map_or(0, |i| i + 1);
        let Some(open) = self
            .text
            .get(line_start..at)
            .and_then(|t| t.rfind(is_comma))
            .map(|i| line_start + i)
        else {
            return self.in_bare_relative(at, anchor);
        };
        let close = self
            .text
            .get(at..)
            .and_then(|t| t.find([',', '،', '.', '\n']))
            .map_or(self.text.len(), |i| at + i);
        if (open..close).contains(&anchor) {
            return false;
        }
        // "اجتماع باريس، الذي شارك فيه X": the clause tells about the meeting itself
        let about_meeting = anchor < open
            && self
                .text
                .get(anchor..open)
                .is_some_and(|t| t.split_whitespace().count() <= 3)
            && !self
                .mentions
                .within(anchor..open)
                .any(|m| is_person(m.kind) && m.span.end <= open);
        if about_meeting {
            return false;
        }
        let first = self
            .text
            .get(open..close)
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .map(normalize);
        matches!(
            first.as_deref(),
            Some("الذي" | "التي" | "الذين" | "اللذين" | "اللتين" | "اللذان" | "اللتان")
        )
    }

    /// Whether `at` lies in a relative clause without a comma that follows the meeting word at
    /// `anchor` and is said of something else: "ويمثل هذا الاجتماع تحولا في العلاقات بين
    /// البلدين اللذين تبادلا حربا كلامية خلال العام الماضي" (the year is the war of words').
    /// A relative right after the meeting noun ("القمة التاريخية التي عقدت الثلاثاء") tells
    /// about the meeting.
    fn in_bare_relative(&self, at: usize, anchor: usize) -> bool {
        let Some(between) = self.text.get(anchor..at) else {
            return false;
        };
        if anchor >= at || between.contains([',', '،', '.', '\n']) {
            return false;
        }
        let words: Vec<String> = between
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(normalize)
            .collect();
        let Some(r) = words.iter().rposition(|w| {
            matches!(
                w.as_str(),
                "الذي" | "التي" | "الذين" | "اللذين" | "اللتين" | "اللذان" | "اللتان"
            )
        }) else {
            return false;
        };
        // the meeting word itself and at most two words describing it
        r > 3
    }

    /// Whether the date at `at` is what "منذ" (since) governs. Not when the meeting word at
    /// `anchor` lies between them: "منذ لقائه مع كيم في 12 يونيو" dates that meeting.
    fn after_since(&self, at: usize, anchor: Option<usize>) -> bool {
        let before = self.text.get(..at).unwrap_or("");
        let word = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let d = self.dates.iter().any(|d| {
            d.span.start == at && {
                let t = normalize(&d.text);
                t.starts_with("منذ")
            }
        });
        d || matches!(normalize(word).as_str(), "منذ" | "ومنذ")
            || self
                .since_phrase_start(at)
                .is_some_and(|since| anchor.is_none_or(|a| !(since < a && a < at)))
    }

    /// Where "منذ" opens a phrase that the date at `at` closes, a few words on ("منذ إعادة
    /// انتخابه لولاية رابعة في 18 آذار"): the start of a span of time, not an event's day. The
    /// phrase ends at punctuation, a conjunction (a new clause) or an earlier date.
    fn since_phrase_start(&self, at: usize) -> Option<usize> {
        let from = at.saturating_sub(SINCE_PHRASE_BYTES);
        let from = (from..at)
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(at);
        let before = self.text.get(from..at).unwrap_or("");
        if self
            .dates
            .iter()
            .any(|d| d.span.end > from && d.span.end <= at)
        {
            return None;
        }
        let mut end = before.len();
        for _ in 0..SINCE_PHRASE_WORDS {
            let head = before.get(..end)?.trim_end();
            let start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            let w = head.get(start..)?;
            if w.is_empty() || w.ends_with([',', '،', '.', ':', ';', '؛']) {
                return None;
            }
            let n = normalize(w.trim_matches(|c: char| !c.is_alphanumeric()));
            if matches!(n.as_str(), "منذ" | "ومنذ") {
                return Some(from + start);
            }
            if n.starts_with('و') && n.chars().count() > 3 || n == "ثم" {
                return None;
            }
            end = start;
        }
        None
    }

    /// The city (or other place) of a meeting in `r`: the first one written after "في"/"ب"/"إلى",
    /// else the first one not written after "من" (from).
    fn place_in(&self, r: &Range<usize>, participants: &[usize]) -> Option<usize> {
        // capitals stand for governments ("وهددت بيونغ يانغ", "بين سول وواشنطن"), so a place
        // counts only after "في"/"إلى"/"ب" or as "العاصمة ..."; a city first, then another
        // place, then a country ("في سنغافورة")
        let mut best: Option<(u8, usize)> = None;
        for m in self.mentions.within(r.clone()) {
            let rank = match m.kind {
                EntityKind::City => 0,
                EntityKind::Place => 1,
                EntityKind::Country
                    if self.rec.entities.get(m.entity).is_some_and(|e| {
                        context_of(&normalize(&e.name)) == Some(Context::CityState)
                    }) =>
                {
                    2
                }
                _ => continue,
            };
            if m.span.start < r.start || m.span.end > r.end || participants.contains(&m.entity) {
                continue;
            }
            // inside a person's mention ("سفير طهران في بغداد") it is a role, not a place
            if self.mentions.inside_person(m) {
                continue;
            }
            let prev = self.word_before(m.span.start);
            let first = m.text.split_whitespace().next().map(normalize);
            let is_in = |w: &str| matches!(w, "في" | "وفي" | "الي" | "والي");
            // "الوضع في سوريا", "هجوم كيميائي مفترض في مدينة دوما": the topic, not the venue
            // (a topic word up to three words before "في", its adjectives between)
            let topic = is_in(&prev) && {
                let at = self.text.get(..m.span.start).unwrap_or("");
                let at = at.trim_end_matches(|c: char| !c.is_alphanumeric());
                let before_prep = at
                    .trim_end_matches(|c: char| c.is_alphanumeric())
                    .trim_end_matches(|c: char| !c.is_alphanumeric());
                self.topic_before(before_prep.len())
            };
            if topic {
                continue;
            }
            // "سيزور موسكو ويلتقي ...", "وزار شكري القاهرة", "زيارة طهران": the city visited
            // (right after the visit word or its subject) is where they meet
            let visited = is_visit(&prev)
                || {
                    let at = self.text.get(..m.span.start).unwrap_or("");
                    let at = at.trim_end_matches(|c: char| !c.is_alphanumeric());
                    let before_prev = at.trim_end_matches(|c: char| c.is_alphanumeric()).len();
                    is_visit(&self.word_before(before_prev))
                }
                || self.visited_after_subject(m.span.start);
            // "في مدينة عدن", "في العاصمة الإثيوبية أديس أبابا": a place noun between "في" and
            // the name
            let after_place_noun = {
                let (w1, at1) = self.word_and_start_before(m.span.start);
                let w1 = if context_of(&w1) == Some(Context::PlaceNoun) {
                    Some(at1)
                } else {
                    // a nationality adjective after it: "العاصمة الإثيوبية"
                    let (w0, at0) = self.word_and_start_before(at1);
                    (context_of(&w0) == Some(Context::PlaceNoun)).then_some(at0)
                };
                w1.is_some_and(|at| {
                    let w = self.word_and_start_before(at).0;
                    is_in(&w) || context_of(&w) == Some(Context::Host)
                })
            };
            // "بموسكو": the preposition ب written on the name (not a name's own first letter,
            // as in "بيونغ يانغ")
            let with_bi = self.prefixed_by_bi(m.span.start)
                || first
                    .as_deref()
                    .is_some_and(|w| w.starts_with('ب') && !normalize(&m.name).starts_with('ب'));
            // "اجتماع باريس", "قمة سنغافورة": the city named right after the meeting word
            let after_meeting_word = scan::is_meeting_word(&prev);
            // "في اجتماع شهدته رام الله": the place that hosted it
            let hosted = context_of(&prev) == Some(Context::Host);
            let introduced = is_in(&prev)
                || hosted
                || after_place_noun
                || after_meeting_word
                || (visited && rank < 2)
                || (with_bi && rank < 2)
                || first.as_deref() == Some("العاصمه");
            if introduced && best.is_none_or(|(b, _)| rank < b) {
                best = Some((rank, m.entity));
            }
        }
        best.map(|(_, e)| e)
    }

    /// Whether the place at `at` follows a visit verb and its subject, a person's mention of
    /// any length ("أن تزور المستشارة الألمانية أنغيلا ميركل واشنطن", "ويزور الرئيس الفرنسي
    /// واشنطن"): the place visited.
    fn visited_after_subject(&self, at: usize) -> bool {
        let subject = self
            .mentions
            .within(at.saturating_sub(200)..at)
            .filter(|p| {
                is_person(p.kind)
                    && p.span.end <= at
                    && self
                        .text
                        .get(p.span.end..at)
                        .is_some_and(|gap| gap.trim().is_empty())
            })
            .min_by_key(|p| p.span.start);
        subject.is_some_and(|p| is_visit(&self.word_before(p.span.start)))
    }

    /// Whether the visit verb spanning `verb_start..verb_end` in `clause` has its subject
    /// before it (someone, named or described) and a named person as the first thing after it
    /// (a date may come between): "سيزور اليوم القس برونسون" visits a person, "زار ترامب
    /// الرياض" (the subject after the verb, then a place) does not.
    fn visits_person(&self, clause: &Range<usize>, verb_start: usize, verb_end: usize) -> bool {
        let subject_before = self
            .mentions
            .within(clause.start..verb_start)
            .any(|m| is_person(m.kind) && m.span.end <= verb_start && m.span.start >= clause.start);
        let first_after = self
            .mentions
            .within(verb_end..clause.end)
            .filter(|m| m.span.start >= verb_end && m.span.end <= clause.end)
            .min_by_key(|m| m.span.start);
        // only a day may stand between the verb and the person ("سيزور اليوم القس برونسون"):
        // "يزور إفريقيا منذ تولي ترمب منصبه" visits a continent, and a later name is not its object
        let right_after = |m: &crate::extract::Mention| {
            let mut at = verb_end;
            while let Some(d) = self.dates.iter().find(|d| {
                d.span.start >= at
                    && self
                        .text
                        .get(at..d.span.start)
                        .is_some_and(|g| g.trim().is_empty())
            }) {
                at = d.span.end;
            }
            self.text
                .get(at..m.span.start)
                .is_some_and(|gap| gap.trim().is_empty())
        };
        subject_before
            && first_after.is_some_and(|m| m.kind == EntityKind::Person && right_after(m))
    }

    /// The country visited in `r` ("زيارة بوتين لتركيا"), by its name (not a demonym: "زيارة
    /// الزعيم الكوري الشمالي" is no visit to North Korea).
    fn visited_country_in(&self, r: &Range<usize>) -> Option<usize> {
        self.mentions
            .within(r.clone())
            .find(|m| {
                m.kind == EntityKind::Country
                    && m.span.end <= r.end
                    && self
                        .rec
                        .entities
                        .get(m.entity)
                        .is_some_and(|e| normalize(&e.name) == normalize(&m.text))
                    && self.visit_to(m.span.start)
            })
            .map(|m| m.entity)
    }

    /// Whether the country named at `at` is the one a visit goes to: right after the visit word
    /// or after it and its subject, with or without the preposition ل/إلى ("زيارة بوتين لتركيا",
    /// "زار الوزير تركيا").
    fn visit_to(&self, at: usize) -> bool {
        let (mut w, mut start) = self.word_and_start_before(at);
        // "ل" written on the name, or "إلى" before it
        if start + w.len() == at && matches!(w.as_str(), "ل" | "ول") || w == "الي" {
            (w, start) = self.word_and_start_before(start);
        }
        is_visit(&w) || is_visit(&self.word_and_start_before(start).0)
    }

    /// The one city of country entity `country` that the article names ("زيارة بوتين لتركيا"
    /// ... "في العاصمة التركية"): where a visit to that country takes place. None when the
    /// article names none or several.
    fn only_city_of(&self, country: usize) -> Option<usize> {
        let name = &self.rec.entities.get(country)?.name;
        // a capital often stands for its government ("بين موسكو وأنقرة"): only a city the
        // article places something in counts ("في أنقرة", "إلى أنقرة", "العاصمة التركية")
        let placed = |e: &crate::extract::ArticleEntity| {
            e.mentions.iter().any(|&i| {
                self.rec.mentions.get(i).is_some_and(|m| {
                    let prev = self.word_before(m.span.start);
                    matches!(prev.as_str(), "في" | "وفي" | "الي" | "والي")
                        || self.prefixed_by_bi(m.span.start)
                        || normalize(&m.text).starts_with("العاصمه")
                })
            })
        };
        let mut cities = self.rec.entities.iter().enumerate().filter(|(_, e)| {
            e.kind == EntityKind::City && city_in_country(&e.name, name) && placed(e)
        });
        let first = cities.next()?;
        cities.next().is_none().then_some(first.0)
    }

    /// The word before byte `at` (normalised) and where it starts.
    fn word_and_start_before(&self, at: usize) -> (String, usize) {
        let before = self.text.get(..at).unwrap_or("");
        let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        let start = trimmed
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| {
                i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
            });
        (normalize(trimmed.get(start..).unwrap_or("")), start)
    }

    /// Whether the word at `at` (a common noun, "قضية" in "بشأن قضية X") ends a topic phrase: up to
    /// three common nouns back from it reach a topic preposition ("بشأن", "حول", "بما يخص") with
    /// nothing else between.
    fn topic_noun_before(&self, at: usize) -> bool {
        let mut at = at;
        for _ in 0..3 {
            let (word, start) = self.word_and_start_before(at);
            // "حول زيارة الزعيم كيم", "بشأن قمة ترامب وبوتين": a meeting word's own people
            let bare = word.strip_prefix("ال").unwrap_or(&word);
            if word.is_empty()
                || !crate::extract::names::is_common_noun(bare)
                || scan::is_meeting_word(&word)
            {
                return false;
            }
            // a comma or full stop ends the phrase
            if self
                .text
                .get(start..at)
                .is_some_and(|gap| gap.contains([',', '،', '.', '؛']))
            {
                return false;
            }
            let (before, _) = self.word_and_start_before(start);
            // ("لبحث اختفاء الصحفي جمال خاشقجي": what talks are for is a topic too)
            if matches!(context_of(&before), Some(Context::About | Context::Talks)) {
                return true;
            }
            at = start;
        }
        false
    }

    /// Whether the name at `at` carries the preposition ب as a clitic ("بموسكو", "وبباريس").
    fn prefixed_by_bi(&self, at: usize) -> bool {
        let before = self.text.get(..at).unwrap_or("");
        let mut rev = before.chars().rev();
        if rev.next() != Some('ب') {
            return false;
        }
        match rev.next() {
            None => true,
            Some(c) if !c.is_alphanumeric() => true,
            Some('و' | 'ف') => rev.next().is_none_or(|c| !c.is_alphanumeric()),
            _ => false,
        }
    }

    /// Whether one of the three words before byte `at`, with no punctuation between them and
    /// `at`, names a topic (`Context::Topic`).
    fn topic_before(&self, at: usize) -> bool {
        let mut end = at;
        for _ in 0..TOPIC_REACH {
            let before = self.text.get(..end).unwrap_or("");
            let word_start = before.trim_end_matches(|c: char| c.is_alphanumeric()).len();
            if word_start == end {
                return false;
            }
            let word = normalize(&before[word_start..]);
            if context_of(&word) == Some(Context::Topic) {
                // "مجلس الأمن الدولي في نيويورك": the council's name, not a topic
                let council = self.word_before(word_start).ends_with("مجلس");
                return !council;
            }
            // only an adjective may stand between the topic and "في" ("كيميائي", "مفترض"); a
            // verb ends the topic ("اجتماع حول الأزمة السورية عقد في سوتشي")
            if !is_adjective_like(&word) {
                return false;
            }
            // only spaces (and a hashtag mark) may part the words
            let gap = before[..word_start].trim_end_matches([' ', '#']);
            if !gap.ends_with(|c: char| c.is_alphanumeric()) {
                return false;
            }
            end = gap.len();
        }
        false
    }

    fn word_before(&self, at: usize) -> String {
        let before = self.text.get(..at).unwrap_or("");
        let w = before
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        normalize(w)
    }

    /// Held, planned or cancelled, from the words of the clause, the verb's tense and the date.
    fn status(
        &self,
        trig: &Trigger,
        stated: Option<MeetingStatus>,
        date: Option<(PartialDate, DatePrecision)>,
        clause: &str,
    ) -> MeetingStatus {
        if stated == Some(MeetingStatus::Cancelled) {
            return MeetingStatus::Cancelled;
        }
        // a day before or after publication settles it; the words decide the day itself
        if let (Some((d, DatePrecision::Day)), Some(p)) = (date, self.published) {
            if let Some(d) = d.to_naive() {
                if d > p {
                    return MeetingStatus::Planned;
                }
                if d < p {
                    return MeetingStatus::Held;
                }
            }
        }
        if trig.future || stated == Some(MeetingStatus::Planned) {
            return MeetingStatus::Planned;
        }
        if stated == Some(MeetingStatus::Held) || trig.word.tense == Tense::Past {
            return MeetingStatus::Held;
        }
        // a noun or a present verb carries no tense: the clause's tense markers decide
        match super::dates::sentence_reading(clause) {
            Reading::Future => return MeetingStatus::Planned,
            Reading::Past => return MeetingStatus::Held,
            _ => {}
        }
        match (trig.word.class, trig.word.tense) {
            (WordClass::Verb, Tense::Present) if date.is_none() => MeetingStatus::Planned,
            _ => MeetingStatus::Held,
        }
    }

    /// Whether the sentence before `si` reports a phone call ("بحثا في مكالمة هاتفية").
    fn previous_is_phone(&self, all: &[Sentence], si: usize) -> bool {
        let Some(prev) = si.checked_sub(1).and_then(|p| all.get(p)) else {
            return false;
        };
        tokens(self.text, prev.range.clone())
            .iter()
            .any(|t| context_of(&t.norm) == Some(Context::Phone))
    }

    /// The lead's day: the first day-precision date of the first two sentences, when it is the
    /// publication day or the day before. A news report is about that day's events; a held
    /// meeting reported later in it with no date of its own took place then ("قال الوزير
    /// الخميس ... . وحضر مع نظيره افتتاح لقاء ...").
    /// Only sentences after the lead's date borrow it (a headline above it does not).
    fn lead_date(&self, all: &[Sentence], before: usize) -> Option<(PartialDate, DatePrecision)> {
        let published = self.published?;
        let end = all
            .get(2)
            .map_or(self.text.len(), |s| s.range.start)
            .min(before);
        let d = self.dates.iter().find(|d| {
            d.span.start < end
                && d.precision == DatePrecision::Day
                && !self.after_since(d.span.start, None)
        })?;
        let day = d.value?.to_naive()?;
        let gap = (published - day).num_days();
        (0..=1).contains(&gap).then_some((d.value?, d.precision))
    }

    /// For a planned meeting its sentence does not date, in a sentence that goes on with a
    /// future verb ("وسيلتقي", "وستعقد"): the one day after publication that the sentence before
    /// names.
    /// The plan is told in steps ("سيصل الرئيس إلى موسكو الأحد. وسيلتقي خلال الزيارة نظيره");
    /// a sentence that opens otherwise may speak of another time.
    fn continued_plan_date(
        &self,
        all: &[Sentence],
        si: usize,
    ) -> Option<(PartialDate, DatePrecision)> {
        let published = self.published?;
        let first = all.get(si)?.toks.first()?;
        if !(first.norm.starts_with('و') && super::dates::is_future_verb(&first.norm)) {
            return None;
        }
        let prev = all.get(si.checked_sub(1)?)?;
        let mut days = self
            .dates
            .iter()
            .filter(|d| d.span.start >= prev.range.start && d.span.start < prev.range.end)
            .filter(|d| d.precision == DatePrecision::Day)
            .filter_map(|d| d.value);
        let day = days.next()?;
        // a day after publication: today's "مساء اليوم" dates the interview, not the plan in it
        let ahead = day.to_naive().is_some_and(|d| d > published);
        (ahead && days.all(|d| d == day)).then_some((day, DatePrecision::Day))
    }

    /// For a held meeting its sentence does not date: the last day-precision date, on or before
    /// publication, of the previous two sentences. News leads date the event and the next
    /// sentences report it. (Planned meetings borrow nothing: a future date nearby is as often
    /// another event's.)
    fn earlier_date(&self, all: &[Sentence], si: usize) -> Option<(PartialDate, DatePrecision)> {
        let from = all.get(si.saturating_sub(2))?.range.start;
        let to = all.get(si)?.range.start;
        let fits = |d: &PartialDate| match (d.to_naive(), self.published) {
            (Some(d), Some(p)) => d <= p,
            _ => false,
        };
        let mut best = self
            .dates
            .iter()
            .filter(|d| d.span.start >= from && d.span.start < to)
            .filter(|d| d.precision == DatePrecision::Day && !self.after_since(d.span.start, None))
            .rfind(|d| d.value.as_ref().is_some_and(fits))?;
        // "يومي 24 و25 جانفي": a visit over several days is dated by its first
        while let Some(first) = self.range_start_before(best) {
            best = first;
        }
        Some((best.value?, best.precision))
    }
}

/// A relational adjective (ـي/ـية: "كيميائي", "السورية") or a hedge ("مفترض", "المزعوم").
fn is_adjective_like(norm: &str) -> bool {
    let bare = norm.strip_prefix("ال").unwrap_or(norm);
    bare.chars().count() >= 4 && (bare.ends_with('ي') || bare.ends_with("يه"))
        || matches!(
            bare,
            "مفترض" | "مزعوم" | "محتمل" | "مفترضه" | "مزعومه" | "محتمله"
        )
}

/// How many words before the "في" of a place a topic word may stand ("هجوم كيميائي مفترض في").
const TOPIC_REACH: usize = 3;

/// Days from the meeting to the date of the clause that dates it by a span ("بعد يوم من قمة":
/// the clause's day is one after the summit, so −1; "قبل يومين من الاجتماع": +2).
fn offset_from_event(toks: &[Token], ti: usize) -> Option<i64> {
    if ti < 3 || toks[ti - 1].norm != "من" {
        return None;
    }
    let k = (ti.saturating_sub(5)..ti - 2).rev().find(|&k| {
        matches!(
            toks[k].norm.as_str(),
            "بعد" | "وبعد" | "عقب" | "قبل" | "وقبل"
        )
    })?;
    let phrase: Vec<&str> = toks[k + 1..ti - 1]
        .iter()
        .map(|t| t.norm.as_str())
        .collect();
    let days = super::dates::duration_days(&phrase.join(" "))?;
    Some(if toks[k].norm.ends_with("قبل") {
        days
    } else {
        -days
    })
}

/// The two words after a meeting noun when they name its subject ("محادثات توحيد الجيش
/// الليبي"): plain words, no context word ("مع", "بين", a status or a reporting word) and no
/// digits.
fn named_topic(toks: &[Token], ti: usize, trig: &scan::Trigger) -> Option<[String; 2]> {
    if trig.word.class != WordClass::Noun {
        return None;
    }
    let pair = toks.get(ti + 1..ti + 3)?;
    let plain = |t: &Token| {
        t.norm.chars().count() >= 3
            && t.norm.chars().all(char::is_alphabetic)
            && context_of(&t.norm).is_none()
            && !words::words().meeting.contains_key(&t.norm)
    };
    // both words must follow the noun directly, with no punctuation between
    let joined = pair[0].range.start <= toks[ti].range.end + 1
        && pair[1].range.start <= pair[0].range.end + 1;
    (joined && pair.iter().all(plain)).then(|| [pair[0].norm.clone(), pair[1].norm.clone()])
}

/// A day-precision date moved by `days`; other precisions are not moved (None).
fn shifted(date: (PartialDate, DatePrecision), days: i64) -> Option<(PartialDate, DatePrecision)> {
    if date.1 != DatePrecision::Day {
        return None;
    }
    let d = date.0.to_naive()? + chrono::Duration::days(days);
    Some((PartialDate::day(d), DatePrecision::Day))
}

/// Whether `word` (normalised, with any clitics) is a form of "زار"/"زيارة" (to visit, a visit).
fn is_visit(word: &str) -> bool {
    scan::readings(word).iter().any(|(w, _, _)| {
        words::words()
            .meeting
            .get(*w)
            .is_some_and(|mw| matches!(mw.lemma, "زار" | "زيارة"))
    })
}

/// Byte ranges inside quotation marks («...», “...”, "...") within `sentence`.
fn quote_regions(text: &str, sentence: &Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = text.get(sentence.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        let at = sentence.start + i;
        match c {
            '«' | '“' => {
                if depth == 0 {
                    open = Some(at + c.len_utf8());
                }
                depth += 1;
            }
            '»' | '”' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(o) = open.take() {
                        out.push(o..at);
                    }
                }
            }
            '"' => match open.take() {
                Some(o) if depth == 1 => {
                    depth = 0;
                    out.push(o..at);
                }
                _ => {
                    open = Some(at + 1);
                    depth = 1;
                }
            },
            _ => {}
        }
    }
    // an unclosed quotation runs to the end of the sentence
    if let Some(o) = open {
        out.push(o..sentence.end);
    }
    out
}

/// "من المقرر أن يلتقي", "من المنتظر أن": this أن does not introduce reported speech.
fn is_planned_frame(toks: &[Token], comp: usize) -> bool {
    let Some(prev) = comp.checked_sub(1).and_then(|i| toks.get(i)) else {
        return false;
    };
    let status = &words::words().status;
    // a one-letter word has no readings at all (they keep two letters or more)
    scan::readings(&prev.norm)
        .first()
        .and_then(|(bare, _, _)| status.get(*bare))
        .or_else(|| scan::lookup(status, &prev.norm))
        .is_some_and(|(s, _)| *s == MeetingStatus::Planned)
}

/// The clause of token `ti`: the tokens between the nearest breaks ("فيما", "؛") around it.
fn clause_of(text: &str, toks: &[Token], ti: usize) -> Range<usize> {
    let is_break = |i: usize| -> bool {
        if context_of(&toks[i].norm) == Some(Context::Break) {
            return true;
        }
        // a semicolon in the gap before token i
        i > 0
            && text
                .get(toks[i - 1].range.end..toks[i].range.start)
                .is_some_and(|g| g.contains([';', '؛']))
    };
    let mut start = ti;
    while start > 0 && !is_break(start) {
        start -= 1;
    }
    let mut end = ti + 1;
    while end < toks.len() && !is_break(end) {
        end += 1;
    }
    start..end
}

/// Byte range covering tokens `r` (the sentence's range when empty).
fn byte_range(toks: &[Token], r: Range<usize>, sentence: &Range<usize>) -> Range<usize> {
    match (
        toks.get(r.start),
        r.end.checked_sub(1).and_then(|e| toks.get(e)),
    ) {
        (Some(a), Some(b)) if r.start < r.end => a.range.start..b.range.end,
        _ => sentence.clone(),
    }
}

/// Mentions of one meeting, merged.
#[derive(Debug, Clone)]
struct Cluster {
    parts: Vec<Candidate>,
    participants: Vec<usize>,
    place: Option<usize>,
    date: Option<(PartialDate, DatePrecision)>,
    /// Where its date was found (the best of its mentions).
    date_from: DateFrom,
}

fn dates_agree(
    a: Option<(PartialDate, DatePrecision)>,
    b: Option<(PartialDate, DatePrecision)>,
) -> bool {
    match (a, b) {
        (Some((x, px)), Some((y, py))) => {
            if px == DatePrecision::Day && py == DatePrecision::Day {
                x == y
            } else {
                x.year == y.year && (x.month == y.month || x.month == 0 || y.month == 0)
            }
        }
        _ => true,
    }
}

fn places_agree(a: Option<usize>, b: Option<usize>, rec: &Recognized) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            x == y
                || rec.entities.get(x).map(|e| normalize(&e.name))
                    == rec.entities.get(y).map(|e| normalize(&e.name))
        }
        _ => true,
    }
}

fn is_special(k: MeetingKind) -> bool {
    matches!(
        k,
        MeetingKind::Session | MeetingKind::Conference | MeetingKind::Summit
    )
}

fn is_gathering(k: MeetingKind) -> bool {
    matches!(k, MeetingKind::Conference | MeetingKind::Summit)
}

/// Merges candidates that report the same meeting (see the module doc, step 3).
fn merge(candidates: Vec<Candidate>, rec: &Recognized) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    // the cluster the last kept mention went to
    let mut last_target: Option<usize> = None;
    for c in candidates {
        if c.weak && c.participants.is_empty() && !c.definite {
            // "سلسلة اجتماعات", "جلسة": nobody named, nothing to attach later mentions to
            continue;
        }
        let agree = |k: &Cluster| {
            // a cabinet session or a conference is not the talks its attendee held: sessions,
            // conferences and summits merge only with their own kind, the rest with the rest
            let kinds_fit = if is_special(c.word_kind) {
                k.parts.iter().any(|p| p.word_kind == c.word_kind)
            } else {
                k.parts.iter().any(|p| !is_special(p.word_kind))
            };
            // the lead's meeting of the day and an earlier one told as background ("وكانت ماي
            // استقبلت ترامب مساء الخميس") with a day of its own are two meetings
            let lead_day_and_background = c.background
                && k.date_from == DateFrom::Lead
                && k.parts.iter().all(|p| p.own_date().is_none())
                && c.own_date()
                    .is_some_and(|d| d.1 == DatePrecision::Day && Some(d) != k.date);
            kinds_fit
                && !lead_day_and_background
                && dates_agree(k.own_date(), c.own_date())
                && places_agree(k.place, c.place, rec)
        };
        // most recent cluster sharing a participant, else one a definite mention points back
        // to, else the same conference or summit at the same place
        // the same person, or two entities with one name (a repeated paragraph)
        let same = |a: usize, b: usize| {
            a == b
                || rec
                    .entities
                    .get(a)
                    .zip(rec.entities.get(b))
                    .is_some_and(|(x, y)| {
                        x.kind == EntityKind::Person
                            && y.kind == EntityKind::Person
                            && normalize(&x.name) == normalize(&y.name)
                    })
        };
        let shares = |k: &Cluster| {
            c.participants
                .iter()
                .any(|&p| k.participants.iter().any(|&q| same(p, q)))
        };
        // across sentences, one set of people must hold the other: a travelling minister's
        // talks with one host and then another are two meetings, not one
        let nested = |k: &Cluster| {
            let within = |a: &[usize], b: &[usize]| {
                !a.is_empty() && a.iter().all(|&p| b.iter().any(|&q| same(p, q)))
            };
            within(&c.participants, &k.participants) || within(&k.participants, &c.participants)
        };
        // two meeting words of one sentence with the same people are one meeting ("يلتقي X Y
        // ... في قمة"), whatever their segments' dates; with different partners they are two
        // ("قمته مع Y ...، خلال لقائه مع Z")
        // (but not a meeting held yesterday and the summit it prepared: "أيد خلال اجتماع
        // معه أمس ضرورة عقد القمة المحتملة")
        let same_sentence = |k: &Cluster| {
            k.parts.iter().any(|p| {
                p.sentence == c.sentence
                    && !matches!(
                        (p.status, c.status),
                        (MeetingStatus::Held, MeetingStatus::Planned)
                            | (MeetingStatus::Planned, MeetingStatus::Held)
                    )
            })
        };
        // a summit planned with one leader and talks planned between him and another are one
        // meeting when no one else is named ("قمة مقررة يوم 12 يونيو مع ترمب" ... "عندما يلتقي
        // كيم بالرئيس ترمب في سنغافورة"): a summit of two is their talks
        let summit_of_two = |k: &Cluster| {
            let planned = |p: &Candidate| p.status == MeetingStatus::Planned;
            let summit = |p: &Candidate| p.word_kind == MeetingKind::Summit;
            let talks = |p: &Candidate| !is_special(p.word_kind);
            let one_of_each = (summit(&c) && k.parts.iter().all(talks))
                || (talks(&c) && k.parts.iter().all(summit));
            let mut people: Vec<usize> = k.participants.clone();
            people.extend(c.participants.iter().copied());
            people.sort_unstable();
            people.dedup();
            planned(&c)
                && k.parts.iter().all(planned)
                && one_of_each
                && people.len() <= 2
                && nested(k)
                && dates_agree(k.own_date(), c.own_date())
                && places_agree(k.place, c.place, rec)
        };
        let target = clusters
            .iter()
            .rposition(|k| {
                same_sentence(k) && shares(k) && nested(k) && places_agree(k.place, c.place, rec)
            })
            .or_else(|| clusters.iter().rposition(|k| agree(k) && nested(k)))
            .or_else(|| clusters.iter().rposition(summit_of_two))
            .or_else(|| {
                // "ويبحث الاجتماع ...": a definite mention without people points back to the
                // meeting mentioned last, not past it to an older one whose date happens to fit
                last_target.filter(|&i| {
                    let k = &clusters[i];
                    agree(k)
                        && c.definite
                        && (c.participants.is_empty() || k.participants.is_empty())
                })
            })
            .or_else(|| {
                // "وحضر X مع نظيره افتتاح لقاء ... . وقال Y في افتتاح اللقاء": a definite
                // mention in the next sentence points back to the meeting just reported
                clusters.iter().rposition(|k| {
                    agree(k)
                        && c.definite
                        && k.parts
                            .iter()
                            .any(|p| p.sentence + 1 == c.sentence && !p.definite)
                })
            })
            .or_else(|| {
                clusters.iter().rposition(|k| {
                    is_gathering(c.word_kind)
                        && k.parts.iter().any(|p| p.word_kind == c.word_kind)
                        && k.place.is_some()
                        && k.place == c.place
                        && dates_agree(k.own_date(), c.own_date())
                })
            })
            .or_else(|| {
                // "محادثات توحيد الجيش الليبي التي عقدت في القاهرة" ... "وترعى مصر محادثات
                // توحيد الجيش الليبي، وشارك فيها X وY": the same noun on the same subject is
                // the same meeting, one mention naming the place and the other the people
                // (summits and conferences are named by their group, "قمة مجموعة السبع", and
                // have rules of their own)
                c.named_topic.as_ref()?;
                if is_gathering(c.word_kind) {
                    return None;
                }
                clusters.iter().rposition(|k| {
                    agree(k)
                        && (c.participants.is_empty() || k.participants.is_empty())
                        && k.parts.iter().any(|p| p.named_topic == c.named_topic)
                })
            })
            .or_else(|| {
                // "في اليوم الأول من القمة": "the summit" is the one already reported, whoever
                // is named with it
                clusters.iter().rposition(|k| {
                    is_gathering(c.word_kind)
                        && c.definite
                        && k.parts.iter().any(|p| p.word_kind == c.word_kind)
                        && agree(k)
                })
            });
        match target {
            Some(i) => {
                let k = &mut clusters[i];
                for &p in &c.participants {
                    if !k.participants.contains(&p) {
                        k.participants.push(p);
                    }
                }
                k.place = k.place.or(c.place);
                k.take_date(c.date, c.date_from);
                k.parts.push(c);
                last_target = Some(i);
            }
            None => {
                clusters.push(Cluster {
                    participants: c.participants.clone(),
                    place: c.place,
                    date: c.date,
                    date_from: c.date_from,
                    parts: vec![c],
                });
                last_target = Some(clusters.len() - 1);
            }
        }
    }
    dedup_same_day(clusters, rec)
}

/// One meeting reported under two words ("تعقد الكوريتان قمة في 27 أبريل" ... "سيلتقي X بـ Y
/// في السابع والعشرين من أبريل"): clusters on the same day whose people hold one another are
/// one, whatever words named them.
fn dedup_same_day(clusters: Vec<Cluster>, rec: &Recognized) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    for c in clusters {
        let day = |k: &Cluster| match k.date {
            Some((d, DatePrecision::Day)) => Some(d),
            _ => None,
        };
        // (an indefinite unnamed party is no evidence against: "«الرئيس سيستقبل أول مسؤول
        // خارجي» عندما تأتي ماي" is the visit of May named in the sentence before; a definite
        // one, "زعيم كوريا الشمالية", is someone else than those named)
        let named = |p: &usize| {
            rec.entities.get(*p).is_none_or(|e| {
                e.kind != EntityKind::UnnamedPerson
                    || e.name
                        .split_whitespace()
                        .any(|w| normalize(w).starts_with("ال"))
                    || e.name.split_whitespace().count() > 3
            })
        };
        let within = |a: &[usize], b: &[usize]| {
            a.iter().any(named)
                && a.iter().filter(|p| named(p)).all(|&p| {
                    b.iter().any(|&q| {
                        p == q
                            || rec
                                .entities
                                .get(p)
                                .zip(rec.entities.get(q))
                                .is_some_and(|(x, y)| normalize(&x.name) == normalize(&y.name))
                    })
                })
        };
        let target = out.iter().position(|k| {
            day(k).is_some()
                && day(k) == day(&c)
                && places_agree(k.place, c.place, rec)
                && (within(&c.participants, &k.participants)
                    || within(&k.participants, &c.participants))
        });
        match target {
            Some(i) => {
                let k = &mut out[i];
                for &p in &c.participants {
                    if !k.participants.contains(&p) {
                        k.participants.push(p);
                    }
                }
                k.place = k.place.or(c.place);
                if c.date_from < k.date_from {
                    k.date_from = c.date_from;
                }
                k.parts.extend(c.parts);
            }
            None => out.push(c),
        }
    }
    out
}

/// A person stated to be at a conference's place on its day joins it: "صرح وزير الخارجية
/// البريطاني فيليب هاموند الاثنين في باريس" while "المؤتمر الذي يجمع الاثنين في باريس ...". Only
/// for gatherings (conference, summit, multilateral) with a known day and city, and only from
/// sentences that report no meeting of their own, where the person comes before the place in the
/// same clause.
fn join_colocated(c: &mut Cluster, ctx: &Ctx, sents: &[Sentence]) {
    let kind = c.kind(ctx.rec);
    if !matches!(
        kind,
        MeetingKind::Conference | MeetingKind::Summit | MeetingKind::Multilateral
    ) {
        return;
    }
    let (Some(place), Some((day, DatePrecision::Day))) = (c.place, c.date) else {
        return;
    };
    let place_name = ctx.rec.entities.get(place).map(|e| normalize(&e.name));
    for s in sents.iter().filter(|s| s.triggers.is_empty()) {
        let in_s = |r: &super::Span| r.start >= s.range.start && r.end <= s.range.end;
        let Some(pm) = ctx.mentions.within(s.range.clone()).find(|m| {
            in_s(&m.span)
                && (m.entity == place
                    || Some(normalize(&m.name)) == place_name
                    || Some(normalize(&m.text)) == place_name)
                && matches!(ctx.word_before(m.span.start).as_str(), "في" | "وفي")
        }) else {
            continue;
        };
        let Some(dm) = ctx
            .dates
            .iter()
            .find(|d| in_s(&d.span) && d.value == Some(day) && d.precision == DatePrecision::Day)
        else {
            continue;
        };
        // the person: the last one before both the date and the place, within a short reach
        let first = dm.span.start.min(pm.span.start);
        let Some(person) = ctx
            .mentions
            .within(s.range.clone())
            .rfind(|m| m.kind == EntityKind::Person && m.span.end <= first)
        else {
            continue;
        };
        let gap = ctx.text.get(person.span.end..first).unwrap_or("");
        let between = tokens(gap, 0..gap.len());
        let broken = between.iter().any(|t| {
            matches!(
                context_of(&t.norm),
                Some(Context::Break | Context::Complementizer | Context::PronounComplementizer)
            )
        });
        if between.len() <= 3 && !broken && !c.participants.contains(&person.entity) {
            c.participants.push(person.entity);
        }
    }
}

impl Candidate {
    /// The date that tells this mention apart from another (not the lead's default).
    fn own_date(&self) -> Option<(PartialDate, DatePrecision)> {
        self.date.filter(|_| self.date_from != DateFrom::Lead)
    }
}

impl Cluster {
    fn own_date(&self) -> Option<(PartialDate, DatePrecision)> {
        self.date.filter(|_| self.date_from != DateFrom::Lead)
    }

    /// Keeps the better date: the more precise, and a found one over the lead's default.
    fn take_date(&mut self, date: Option<(PartialDate, DatePrecision)>, from: DateFrom) {
        let Some(b) = date else { return };
        let lead = |f: DateFrom| f == DateFrom::Lead;
        let better = match self.date {
            None => true,
            Some(_) if lead(self.date_from) != lead(from) => lead(self.date_from),
            Some(a) => precision_rank(b.1) < precision_rank(a.1),
        };
        if better {
            self.date = Some(b);
            self.date_from = from;
        }
    }

    fn kind(&self, rec: &Recognized) -> MeetingKind {
        if let Some(k) = self.parts.iter().find_map(|p| p.stated_kind) {
            return k;
        }
        // what the words say, from the mentions that name someone (and the first one): a
        // back reference ("إن المحادثات كانت بناءة") does not make a meeting negotiations
        let words: Vec<MeetingKind> = self
            .parts
            .iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || !p.participants.is_empty())
            .map(|(_, p)| p.word_kind)
            .collect();
        for k in [
            MeetingKind::Summit,
            MeetingKind::Conference,
            MeetingKind::Session,
        ] {
            if words.contains(&k) {
                return k;
            }
        }
        let people = self
            .participants
            .iter()
            .filter(|&&e| rec.entities.get(e).is_some_and(|e| is_person(e.kind)))
            .count();
        match people {
            0..=2 if words.first() == Some(&MeetingKind::Negotiations) => MeetingKind::Negotiations,
            3 => MeetingKind::Trilateral,
            n if n > 3 => MeetingKind::Multilateral,
            _ => MeetingKind::Bilateral,
        }
    }

    fn into_meeting(self, ctx: &Ctx) -> Option<Meeting> {
        let named = |e: &usize| {
            ctx.rec
                .entities
                .get(*e)
                .is_some_and(|e| e.kind == EntityKind::Person)
        };
        let n_named = self.participants.iter().filter(|e| named(e)).count();
        // (a visit for talks is as good as a meeting word: its visitor and a day make it)
        let weak = self
            .parts
            .iter()
            .all(|p| p.weak && !p.visit_for_talks && !p.visits_person);
        // (a weak word said of several parties, "اجتماعات إقليمية", "اجتماع دولي", is a
        // gathering: one named attendee is enough, as for a conference)
        let gathering = self.parts.iter().any(|p| p.multiparty);
        if n_named == 0 || (weak && n_named < 2 && !gathering) {
            return None;
        }
        // the countries each participant's roles belong to
        let countries = |e: usize| -> Vec<String> {
            ctx.rec.entities.get(e).map_or(Vec::new(), |x| {
                x.roles
                    .iter()
                    .filter_map(|r| r.country.as_deref().map(normalize))
                    .collect()
            })
        };
        let named_countries: Vec<Vec<String>> = self
            .participants
            .iter()
            .filter(|e| named(e))
            .map(|&e| countries(e))
            .collect();
        // "خلال زيارة لقطاع غزة" of a prime minister and his intelligence chief: people of one
        // country travelling together are one party, not a meeting (visits and talks words only)
        let one_country = named_countries.len() >= 2
            && named_countries.iter().all(|c| !c.is_empty())
            && named_countries[0]
                .iter()
                .any(|c| named_countries.iter().all(|o| o.contains(c)));
        if weak && one_country {
            return None;
        }
        // "استقبل الرئيس X وزير خارجية Y": an official of another country, named only by role,
        // is the other party
        // (talks words only: a summit or a conference is not made a meeting by an official
        // mentioned in its clause)
        let talks = self
            .parts
            .iter()
            .any(|p| !p.weak && !is_special(p.word_kind));
        let counterpart = self.parts.iter().any(|p| p.counterpart);
        let other_side = talks
            && (counterpart
                || self.participants.iter().any(|&e| {
                    ctx.rec
                        .entities
                        .get(e)
                        .is_some_and(|x| x.kind == EntityKind::UnnamedPerson)
                        && countries(e).iter().any(|c| {
                            named_countries
                                .iter()
                                .all(|n| !n.is_empty() && !n.contains(c))
                        })
                }));
        let kind = self.kind(ctx.rec);
        // one named person at a conference or a body's session ("خلال مؤتمر لحزب", "اجتماع مجلس
        // الوزراء") is a speech or a routine sitting, not parties meeting, unless the text shows
        // several parties there
        let one_sided = match kind {
            MeetingKind::Session => true,
            MeetingKind::Conference => !self.parts.iter().any(|p| p.multiparty),
            _ => false,
        };
        if one_sided && n_named < 2 {
            return None;
        }
        let lead = self
            .parts
            .iter()
            .find(|p| !p.participants.is_empty())
            .unwrap_or(&self.parts[0]);
        let status = if self
            .parts
            .iter()
            .any(|p| p.status == MeetingStatus::Cancelled)
        {
            MeetingStatus::Cancelled
        } else {
            lead.status
        };
        let span = lead.evidence.clone();
        let evidence = ctx.text.get(span.clone()).unwrap_or("").to_string();
        // a meeting during a visit to a country, with no place of its own, is in the one city
        // of that country the article places anything in ("زيارة بوتين لتركيا" ... "في العاصمة
        // التركية"); inferred, so it neither merges meetings nor makes one more likely
        let place = self.place.or_else(|| {
            let country = self
                .parts
                .iter()
                .find_map(|p| ctx.visited_country_in(&p.evidence))?;
            ctx.only_city_of(country)
        });
        let mut confidence: f32 = 0.5;
        // (a week or a month is not a day of its own: "نهاية الأسبوع المقبل")
        confidence += match (self.date, self.date_from) {
            (None, _) => 0.0,
            (Some((_, DatePrecision::Day)), DateFrom::Own) => 0.15,
            (Some(_), _) => 0.05,
        };
        if self.place.is_some() {
            confidence += 0.1;
        }
        if n_named >= 2 {
            confidence += 0.15;
        } else if other_side {
            confidence += 0.1;
        }
        if !weak {
            confidence += 0.1;
        }
        // one named person and no date of the meeting's own: most often a meeting mentioned in
        // passing, or a name that is not really there
        if confidence + 1e-4 < MIN_CONFIDENCE {
            return None;
        }
        Some(Meeting {
            span: super::Span {
                start: span.start,
                end: span.end,
            },
            evidence,
            participants: self.participants,
            place,
            date: self.date.map(|d| d.0),
            date_precision: self.date.map_or(DatePrecision::Unknown, |d| d.1),
            status,
            kind,
            confidence: confidence.min(1.0),
        })
    }
}
