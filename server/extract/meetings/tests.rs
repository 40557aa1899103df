//! Spec tables for meetings, with hand-built entities and dates: these cases say what meetings
//! make of the other modules' output, so they do not depend on how well those modules do.
use super::*;
use crate::extract::{ArticleEntity, Mention, Role, Span};

/// A person of the test article: canonical name, the surfaces that mention them, role, country.
struct P(
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);

/// An article with its hand-made recognition: people, places (name, surfaces, kind) and dates
/// (surface, yyyy-mm-dd, precision).
struct Case {
    text: &'static str,
    people: &'static [P],
    places: &'static [(&'static str, &'static [&'static str], EntityKind)],
    dates: &'static [(&'static str, &'static str, DatePrecision)],
}

/// What one meeting should be: participants (canonical names, any order), kind, status, place,
/// date.
struct Want {
    participants: &'static [&'static str],
    kind: MeetingKind,
    status: MeetingStatus,
    place: Option<&'static str>,
    date: Option<&'static str>,
}

const PUBLISHED: &str = "2016-03-10";

fn day(s: &str) -> PartialDate {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date");
    PartialDate::day(d)
}

fn all_spans(text: &str, surface: &str) -> Vec<Span> {
    text.match_indices(surface)
        .map(|(i, _)| Span {
            start: i,
            end: i + surface.len(),
        })
        .collect()
}

fn recognize(case: &Case) -> (Recognized, Vec<TemporalExpression>) {
    let mut rec = Recognized::default();
    let mut taken: Vec<Span> = Vec::new();
    let mut add =
        |rec: &mut Recognized, name: &str, surfaces: &[&str], kind, role: Option<Role>| {
            let entity = rec.entities.len();
            let mut mentions = Vec::new();
            // longest surfaces first, so "ظريف" inside "محمد جواد ظريف" is not a second mention
            let mut surfaces = surfaces.to_vec();
            surfaces.sort_by_key(|s| std::cmp::Reverse(s.len()));
            for s in surfaces {
                for span in all_spans(case.text, s) {
                    if taken
                        .iter()
                        .any(|t| t.start < span.end && span.start < t.end)
                    {
                        continue;
                    }
                    taken.push(span);
                    mentions.push(rec.mentions.len());
                    rec.mentions.push(Mention {
                        span,
                        text: s.to_string(),
                        name: name.to_string(),
                        role: role.clone(),
                        kind,
                        entity,
                    });
                }
            }
            rec.entities.push(ArticleEntity {
                kind,
                name: name.to_string(),
                roles: role.into_iter().collect(),
                mentions,
                ..Default::default()
            });
        };
    for P(name, surfaces, role, country) in case.people {
        // an empty role: the article names the person without one
        let role = (!role.is_empty()).then(|| Role {
            text: role.to_string(),
            country: Some(country.to_string()).filter(|c| !c.is_empty()),
        });
        add(&mut rec, name, surfaces, EntityKind::Person, role);
    }
    for (name, surfaces, kind) in case.places {
        add(&mut rec, name, surfaces, *kind, None);
    }
    let dates = case
        .dates
        .iter()
        .flat_map(|(surface, value, precision)| {
            all_spans(case.text, surface)
                .into_iter()
                .map(|span| TemporalExpression {
                    span,
                    text: surface.to_string(),
                    value: Some(day(value)),
                    precision: *precision,
                    reading: Default::default(),
                    confidence: 1.0,
                })
        })
        .collect();
    (rec, dates)
}

fn run(case: &Case) -> (Vec<Meeting>, Recognized) {
    let (rec, dates) = recognize(case);
    let published = NaiveDate::parse_from_str(PUBLISHED, "%Y-%m-%d").ok();
    let got = find_meetings(case.text, &rec, &dates, published, Lang::Arabic);
    (got, rec)
}

fn check(case: &Case, want: &[Want]) {
    let (got, rec) = run(case);
    let name = |e: usize| rec.entities[e].name.as_str();
    let show: Vec<String> = got
        .iter()
        .map(|m| {
            format!(
                "{:?} {:?} {:?} place={:?} date={:?}",
                m.participants.iter().map(|&e| name(e)).collect::<Vec<_>>(),
                m.kind,
                m.status,
                m.place.map(name),
                m.date
            )
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{}\n got: {show:#?}", case.text);
    for (m, w) in got.iter().zip(want) {
        let mut have: Vec<&str> = m.participants.iter().map(|&e| name(e)).collect();
        have.sort();
        let mut expected = w.participants.to_vec();
        expected.sort();
        assert_eq!(
            have, expected,
            "participants: {}\n got: {show:#?}",
            case.text
        );
        assert_eq!(m.kind, w.kind, "kind: {}", case.text);
        assert_eq!(m.status, w.status, "status: {}", case.text);
        assert_eq!(m.place.map(name), w.place, "place: {}", case.text);
        assert_eq!(m.date, w.date.map(day), "date: {}", case.text);
        let ev = case.text.get(m.span.start..m.span.end).unwrap_or("");
        assert_eq!(ev, m.evidence, "evidence is the text at the span");
    }
}

const SISI: P = P(
    "عبد الفتاح السيسي",
    &["عبد الفتاح السيسي", "السيسي"],
    "الرئيس المصري",
    "مصر",
);
const MACRON: P = P(
    "إيمانويل ماكرون",
    &["إيمانويل ماكرون", "ماكرون"],
    "الرئيس الفرنسي",
    "فرنسا",
);
const LAVROV: P = P(
    "سيرغي لافروف",
    &["سيرغي لافروف", "لافروف"],
    "وزير الخارجية الروسي",
    "روسيا",
);
const JUBEIR: P = P(
    "عادل الجبير",
    &["عادل الجبير", "الجبير"],
    "وزير الخارجية السعودي",
    "السعودية",
);
const DEMISTURA: P = P(
    "ستيفان دي ميستورا",
    &["ستيفان دي ميستورا", "دي ميستورا"],
    "المبعوث الأممي",
    "",
);
const SHOUKRY: P = P(
    "سامح شكري",
    &["سامح شكري", "شكري"],
    "وزير الخارجية المصري",
    "مصر",
);
const SPOKESMAN: P = P(
    "أحمد أبو زيد",
    &["أحمد أبو زيد"],
    "المتحدث باسم الخارجية المصرية",
    "مصر",
);
const PARIS: (&str, &[&str], EntityKind) = ("باريس", &["باريس"], EntityKind::City);
const GENEVA: (&str, &[&str], EntityKind) = ("جنيف", &["جنيف"], EntityKind::City);
const CAIRO: (&str, &[&str], EntityKind) = ("القاهرة", &["القاهرة"], EntityKind::City);
const YESTERDAY: (&str, &str, DatePrecision) = ("أمس", "2016-03-09", DatePrecision::Day);

#[test]
fn past_meeting_with_date_and_place() {
    check(
        &Case {
            text: "التقى الرئيس الفرنسي إيمانويل ماكرون أمس في باريس نظيره المصري عبد الفتاح السيسي وبحثا العلاقات.",
            people: &[MACRON, SISI],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn future_forms_are_planned() {
    for text in [
        "وسيلتقي لافروف الثلاثاء في جنيف دي ميستورا لبحث الهدنة.",
        "ومن المقرر أن يجتمع لافروف مع دي ميستورا في جنيف الثلاثاء.",
        "وسوف يستقبل لافروف في جنيف الثلاثاء دي ميستورا.",
    ] {
        check(
            &Case {
                text,
                people: &[LAVROV, DEMISTURA],
                places: &[GENEVA],
                dates: &[("الثلاثاء", "2016-03-15", DatePrecision::Day)],
            },
            &[Want {
                participants: &["سيرغي لافروف", "ستيفان دي ميستورا"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Planned,
                place: Some("جنيف"),
                date: Some("2016-03-15"),
            }],
        );
    }
}

#[test]
fn kinds_from_words_and_counts() {
    let cases: &[(&str, MeetingKind)] = &[
        (
            "وعقد لافروف والجبير اجتماعا ثلاثيا مع دي ميستورا في جنيف أمس.",
            MeetingKind::Trilateral,
        ),
        (
            "واجتمع لافروف أمس في جنيف مع كل من الجبير ودي ميستورا.",
            MeetingKind::Trilateral,
        ),
        (
            "وعقدت في جنيف أمس قمة جمعت لافروف والجبير.",
            MeetingKind::Summit,
        ),
        (
            "وشارك لافروف والجبير في مؤتمر دولي عقد أمس في جنيف.",
            MeetingKind::Conference,
        ),
        (
            "وأجرى لافروف والجبير أمس في جنيف مباحثات حول سوريا.",
            MeetingKind::Negotiations,
        ),
        ("والتقى لافروف أمس في جنيف الجبير.", MeetingKind::Bilateral),
    ];
    for &(text, kind) in cases {
        let (got, _) = run(&Case {
            text,
            people: &[LAVROV, JUBEIR, DEMISTURA],
            places: &[GENEVA],
            dates: &[YESTERDAY],
        });
        assert_eq!(got.len(), 1, "{text}: {got:#?}");
        assert_eq!(got[0].kind, kind, "{text}");
        assert_eq!(got[0].status, MeetingStatus::Held, "{text}");
    }
}

#[test]
fn called_off_and_denied_meetings_are_cancelled() {
    for text in [
        "وألغي الاجتماع الذي كان مقررا بين لافروف والجبير في جنيف.",
        "ولم يلتق لافروف بالجبير في جنيف كما كان مقررا.",
        "ونفت موسكو عقد لقاء بين لافروف والجبير في جنيف.",
        "وتقرر تأجيل لقاء لافروف والجبير في جنيف.",
    ] {
        let (got, _) = run(&Case {
            text,
            people: &[LAVROV, JUBEIR],
            places: &[GENEVA],
            dates: &[],
        });
        assert_eq!(got.len(), 1, "{text}: {got:#?}");
        assert_eq!(got[0].status, MeetingStatus::Cancelled, "{text}");
    }
}

#[test]
fn dual_role_reference_names_both_ministers() {
    check(
        &Case {
            text: "وصل الجبير إلى موسكو أمس. وقال وزير الخارجية السعودي عادل الجبير إن الحل سياسي. وقال وزير الخارجية الروسي سيرغي لافروف إن الحوار مستمر.\nوعقد وزيرا خارجية البلدين اجتماعا مغلقا في العاصمة الروسية.",
            people: &[JUBEIR, LAVROV],
            places: &[("موسكو", &["موسكو", "العاصمة الروسية"], EntityKind::City)],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["عادل الجبير", "سيرغي لافروف"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("موسكو"),
            // three sentences on, the lead's day (the visit's) is the default
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_plural_of_ministers_names_the_ministers_of_the_article() {
    const FREELAND: P = P(
        "كريستيا فريلاند",
        &["كريستيا فريلاند"],
        "وزيرة خارجية كندا",
        "كندا",
    );
    // a woman's post is one of "وزراء الخارجية"; the country of the city met in ("القاهرة
    // المصرية") is where, not whose ministers; "اجتماعاتهم" is their meetings
    check(
        &Case {
            text: "أكد وزراء خارجية الدول السبع، في ختام اجتماعاتهم في القاهرة المصرية أمس، على وحدة موقفهم. وقالت وزيرة خارجية كندا كريستيا فريلاند إن الحل سياسي. وقال وزير الخارجية السعودي عادل الجبير إن الحوار مستمر.",
            people: &[FREELAND, JUBEIR],
            places: &[CAIRO, ("مصر", &["المصرية"], EntityKind::Country)],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["كريستيا فريلاند", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn one_meeting_mentioned_twice_is_one() {
    check(
        &Case {
            text: "التقى شكري أمس في القاهرة الجبير. وقال شكري بعد اللقاء إن المحادثات كانت بناءة. وأضاف الجبير أن هذا اللقاء مهم.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn the_one_who_reports_a_meeting_is_not_in_it() {
    check(
        &Case {
            text: "وقال المتحدث باسم الخارجية المصرية أحمد أبو زيد إن شكري التقى أمس الجبير في القاهرة.",
            people: &[SPOKESMAN, SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn not_meetings() {
    for text in [
        // a body's routine meeting with nobody named
        "وناقش مجلس الوزراء في اجتماعه الأسبوعي أمس مشروع الموازنة.",
        // a press conference is one side talking to reporters
        "وقال شكري في مؤتمر صحفي أمس في القاهرة إن الحل سياسي.",
        // a phone call is not an encounter
        "وبحث شكري في اتصال هاتفي مع الجبير أمس الأوضاع في المنطقة.",
        "ودعا شكري في اتصال مع الجبير أمس إلى إجراء محادثات.",
        // a visit to a country with no one named on the other side
        "وزار شكري أمس باريس.",
        // an inspection of a site, even with an official beside him
        "وأمر شكري خلال زيارة ميدانية أمس برفقة الجبير إلى حديقة في القاهرة بإغلاقها.",
        // countries alone are not participants
        "وعقدت مصر والسعودية اجتماعا أمس في القاهرة.",
        // meetings counted over time, none of them reported
        "والتقى شكري والجبير 5 مرات منذ أمس في القاهرة.",
        "واجتمع شكري مع الجبير مرتين في القاهرة.",
    ] {
        let (got, _) = run(&Case {
            text,
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO, PARIS],
            dates: &[YESTERDAY],
        });
        assert!(got.is_empty(), "{text}: {got:#?}");
    }
}

#[test]
fn a_frame_lends_place_and_date() {
    check(
        &Case {
            text: "والتقى شكري الجبير على هامش قمة عقدت أمس في القاهرة.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_person_at_a_conference_place_on_its_day_joins_it() {
    check(
        &Case {
            text: "ويعقد في باريس أمس مؤتمر دولي بمشاركة ممثلي ثلاثين دولة. وصرح وزير الخارجية الروسي سيرغي لافروف أمس في باريس بأن الحل سياسي.",
            people: &[LAVROV],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سيرغي لافروف"],
            kind: MeetingKind::Conference,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in ["", "اجتماع", "التقى", "؛؛؛", "a\u{0651}b", "لقاء\n\n\nمع"] {
        let (got, _) = run(&Case {
            text,
            people: &[],
            places: &[],
            dates: &[],
        });
        assert!(got.is_empty());
    }
}

#[test]
fn a_past_meeting_with_a_purpose_clause_is_held() {
    // "ألتقي" (I meet) and "التقى" (he met) fold to one form; the past reading must win
    let (got, _) = run(&Case {
        text: "والتقى شكري بالجبير، في إطار مشاوراته التي يجريها لتشكيل حكومته الجديدة.",
        people: &[SHOUKRY, JUBEIR],
        places: &[],
        dates: &[],
    });
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, MeetingStatus::Held);
}

#[test]
fn the_place_is_where_they_met_not_what_they_discussed() {
    const SYRIA: (&str, &[&str], EntityKind) = ("سوريا", &["سوريا"], EntityKind::Country);
    const SINGAPORE: (&str, &[&str], EntityKind) = ("سنغافورة", &["سنغافورة"], EntityKind::Country);
    let cases: &[(&str, Option<&str>)] = &[
        ("والتقى لافروف الجبير أمس وبحثا الوضع في سوريا.", None),
        (
            "والتقى لافروف الجبير أمس في جنيف وبحثا الوضع في سوريا.",
            Some("جنيف"),
        ),
        ("والتقى لافروف الجبير أمس في سنغافورة.", Some("سنغافورة")),
        // a place noun between "في" and the city: suburbs, palace, hotel, seat
        ("والتقى لافروف الجبير أمس في ضواحي جنيف.", Some("جنيف")),
        ("والتقى لافروف الجبير أمس في قصر جنيف.", Some("جنيف")),
        // a capital standing for its government is not a venue
        ("والتقى لافروف الجبير أمس بعد أن هددت جنيف بالانسحاب.", None),
        // where an event happened is what they discussed, its adjectives between
        (
            "والتقى لافروف الجبير أمس لمناقشة هجوم وقع في سنغافورة.",
            None,
        ),
        (
            "والتقى لافروف الجبير أمس لبحث الرد على هجوم كيميائي مفترض في سنغافورة.",
            None,
        ),
        // ... but a verb ends the topic, and the Security Council is no topic
        (
            "والتقى لافروف الجبير أمس في اجتماع حول الأزمة السورية عقد في جنيف.",
            Some("جنيف"),
        ),
        (
            "والتقى لافروف الجبير أمس خلال جلسة لمجلس الأمن الدولي في جنيف.",
            Some("جنيف"),
        ),
    ];
    for &(text, want) in cases {
        let (got, rec) = run(&Case {
            text,
            people: &[LAVROV, JUBEIR],
            places: &[GENEVA, SYRIA, SINGAPORE],
            dates: &[YESTERDAY],
        });
        assert_eq!(got.len(), 1, "{text}");
        let place = got[0].place.map(|p| rec.entities[p].name.as_str());
        assert_eq!(place, want, "{text}");
    }
}

#[test]
fn invitations_agreements_and_dates_set_to_meet_are_planned() {
    for text in [
        "ودعا لافروف الجبير إلى اجتماع في جنيف.",
        "واتفق لافروف والجبير على عقد لقاء في جنيف.",
        "وسعى لافروف لعقد قمة مع الجبير في جنيف.",
        // a meeting whose date is set is yet to come
        "وقال لافروف إنه حدد موعد لقائه مع الجبير في جنيف.",
    ] {
        let (got, _) = run(&Case {
            text,
            people: &[LAVROV, JUBEIR],
            places: &[GENEVA],
            dates: &[],
        });
        assert_eq!(got.len(), 1, "{text}: {got:#?}");
        assert_eq!(got[0].status, MeetingStatus::Planned, "{text}");
    }
}

#[test]
fn plural_roles_with_countries_name_their_members() {
    const DEP_EG: P = P(
        "حمدي لوزا",
        &["حمدي لوزا"],
        "نائب وزير الخارجية المصري",
        "مصر",
    );
    const DEP_SA: P = P(
        "عادل المرداد",
        &["عادل المرداد"],
        "مساعد وزير الخارجية السعودي",
        "السعودية",
    );
    const DEP_RU: P = P(
        "ميخائيل بوغدانوف",
        &["ميخائيل بوغدانوف"],
        "نائب وزير الخارجية الروسي",
        "روسيا",
    );
    const MIN_RU: P = P(
        "سيرغي لافروف",
        &["سيرغي لافروف"],
        "وزير الخارجية الروسي",
        "روسيا",
    );
    const EGYPT: (&str, &[&str], EntityKind) = ("مصر", &["مصر"], EntityKind::Country);
    const SAUDI: (&str, &[&str], EntityKind) = ("السعودية", &["السعودية"], EntityKind::Country);
    let (got, rec) = run(&Case {
        text: "وصرح حمدي لوزا بأن الحوار مفيد. وقال عادل المرداد إن الموقف واضح. وأشاد ميخائيل بوغدانوف وسيرغي لافروف بالجهود.\nوعقد نواب وزراء خارجية كل من مصر والسعودية اجتماعا أمس في القاهرة.",
        people: &[DEP_EG, DEP_SA, DEP_RU, MIN_RU],
        places: &[CAIRO, EGYPT, SAUDI],
        dates: &[YESTERDAY],
    });
    assert_eq!(got.len(), 1, "{got:#?}");
    let mut names: Vec<&str> = got[0]
        .participants
        .iter()
        .map(|&e| rec.entities[e].name.as_str())
        .collect();
    names.sort();
    // the Russian deputy is a deputy but not of a listed country; the minister is no deputy
    assert_eq!(names, vec!["حمدي لوزا", "عادل المرداد"]);
    assert_eq!(got[0].kind, MeetingKind::Bilateral);
}

#[test]
fn a_negation_after_the_meeting_word_is_not_the_meeting_s() {
    let (got, _) = run(&Case {
        text: "وأجرى لافروف والجبير أمس في جنيف محادثات لن تعلن نتائجها.",
        people: &[LAVROV, JUBEIR],
        places: &[GENEVA],
        dates: &[YESTERDAY],
    });
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, MeetingStatus::Held);
}

#[test]
fn a_travelling_minister_meets_each_host_separately() {
    let (got, rec) = run(&Case {
        text: "والتقى لافروف أمس في القاهرة شكري. واجتمع لافروف أيضا مع الجبير في القاهرة.",
        people: &[LAVROV, SHOUKRY, JUBEIR],
        places: &[CAIRO],
        dates: &[YESTERDAY],
    });
    let sets: Vec<Vec<&str>> = got
        .iter()
        .map(|m| {
            m.participants
                .iter()
                .map(|&e| rec.entities[e].name.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        sets,
        vec![
            vec!["سيرغي لافروف", "سامح شكري"],
            vec!["سيرغي لافروف", "عادل الجبير"]
        ]
    );
}

#[test]
fn a_role_in_apposition_is_the_named_person() {
    // the recogniser may give "وزير الخارجية الروسي" and "سيرغي لافروف" as two mentions
    const ROLE_ONLY: P = P(
        "وزير الخارجية الروسي",
        &["وزير الخارجية الروسي"],
        "وزير الخارجية الروسي",
        "روسيا",
    );
    const NAME_ONLY: P = P("سيرغي لافروف", &["سيرغي لافروف"], "", "");
    let (rec, dates) = recognize(&Case {
        text: "والتقى شكري أمس بوزير الخارجية الروسي، سيرغي لافروف، في القاهرة.",
        people: &[SHOUKRY, ROLE_ONLY, NAME_ONLY],
        places: &[CAIRO],
        dates: &[YESTERDAY],
    });
    let mut rec = rec;
    rec.entities[1].kind = EntityKind::UnnamedPerson;
    for m in rec.mentions.iter_mut().filter(|m| m.entity == 1) {
        m.kind = EntityKind::UnnamedPerson;
    }
    let text = "والتقى شكري أمس بوزير الخارجية الروسي، سيرغي لافروف، في القاهرة.";
    let published = NaiveDate::parse_from_str(PUBLISHED, "%Y-%m-%d").ok();
    let got = find_meetings(text, &rec, &dates, published, Lang::Arabic);
    assert_eq!(got.len(), 1);
    let names: Vec<&str> = got[0]
        .participants
        .iter()
        .map(|&e| rec.entities[e].name.as_str())
        .collect();
    assert_eq!(names, vec!["سامح شكري", "سيرغي لافروف"]);
    assert_eq!(got[0].kind, MeetingKind::Bilateral);
}

#[test]
fn a_visit_to_a_person_is_a_meeting_with_them() {
    // the visitor, described by role before the verb, visits a named person: one named
    // participant is enough; a visit whose subject follows the verb and goes to a place is not
    const ENVOY: P = P(
        "القائم بأعمال السفارة الأمريكية",
        &["القائم بأعمال السفارة الأمريكية"],
        "القائم بأعمال السفارة الأمريكية",
        "الولايات المتحدة",
    );
    const PRISONER: P = P("آندرو برونسون", &["القس برونسون"], "القس", "");
    for (text, want_meeting) in [
        (
            "وقال الوزير إن القائم بأعمال السفارة الأمريكية سيزور أمس القس برونسون في سجنه.",
            true,
        ),
        ("وزار القس برونسون أمس باريس.", false),
    ] {
        let case = Case {
            text,
            people: &[ENVOY, PRISONER],
            places: &[PARIS],
            dates: &[YESTERDAY],
        };
        let (rec, dates) = recognize(&case);
        let mut rec = rec;
        rec.entities[0].kind = EntityKind::UnnamedPerson;
        for m in rec.mentions.iter_mut().filter(|m| m.entity == 0) {
            m.kind = EntityKind::UnnamedPerson;
        }
        let published = NaiveDate::parse_from_str(PUBLISHED, "%Y-%m-%d").ok();
        let got = find_meetings(text, &rec, &dates, published, Lang::Arabic);
        let named: Vec<Vec<&str>> = got
            .iter()
            .map(|m| {
                m.participants
                    .iter()
                    .filter(|&&e| rec.entities[e].kind == EntityKind::Person)
                    .map(|&e| rec.entities[e].name.as_str())
                    .collect()
            })
            .collect();
        if want_meeting {
            assert_eq!(named, vec![vec!["آندرو برونسون"]], "{text}");
            assert_eq!(got[0].date, Some(day("2016-03-09")), "{text}");
        } else {
            assert!(got.is_empty(), "{text}: {named:?}");
        }
    }
}

#[test]
fn the_city_after_a_visit_verb_and_its_subject_is_the_place() {
    for text in [
        "وقال مسؤول إن الرئيس الفرنسي إيمانويل ماكرون سيزور باريس الجمعة للقاء السيسي.",
        "ومن المقرر أن يزور الرئيس الفرنسي إيمانويل ماكرون باريس الجمعة لإجراء محادثات مع السيسي.",
    ] {
        // (the subject's mention holds its role, as recognition writes it)
        const MACRON_TITLED: P = P(
            "إيمانويل ماكرون",
            &["الرئيس الفرنسي إيمانويل ماكرون"],
            "الرئيس الفرنسي",
            "فرنسا",
        );
        check(
            &Case {
                text,
                people: &[MACRON_TITLED, SISI],
                places: &[PARIS],
                dates: &[FRIDAY],
            },
            &[Want {
                participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Planned,
                place: Some("باريس"),
                date: Some("2016-03-11"),
            }],
        );
    }
}

#[test]
fn a_reception_noun_reports_a_meeting() {
    check(
        &Case {
            text: "وقال السيسي أمس، خلال استقباله إيمانويل ماكرون في القاهرة، إن العلاقات متينة.",
            people: &[MACRON, SISI],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn after_a_meeting_with_someone_the_speaker_was_the_other_party() {
    // "X said after a meeting with Y": a meeting "with" Y has X as its other party; what X
    // reports after "أنه" is dated apart from it
    check(
        &Case {
            text: "وقال لافروف في بيان صدر بعد اجتماع في جنيف مع دي ميستورا إنه تلقى ضمانات أمس.",
            people: &[LAVROV, DEMISTURA],
            places: &[GENEVA],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سيرغي لافروف", "ستيفان دي ميستورا"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("جنيف"),
            date: None,
        }],
    );
}

#[test]
fn an_earlier_meeting_told_in_the_pluperfect_is_not_the_lead_s() {
    // the lead's meeting of the day (no day written: the publication day) and the dinner of
    // the evening before, told with "وكانت ... استقبلت", are two meetings
    check(
        &Case {
            text: "التقى الرئيس المصري عبد الفتاح السيسي مع الرئيس الفرنسي إيمانويل ماكرون في باريس.\nوقال المتحدث إن الأجواء إيجابية.\nوكان ماكرون استقبل السيسي أمس على مأدبة عشاء.",
            people: &[SISI, MACRON],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[
            Want {
                participants: &["عبد الفتاح السيسي", "إيمانويل ماكرون"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: Some("باريس"),
                date: Some("2016-03-10"),
            },
            Want {
                participants: &["عبد الفتاح السيسي", "إيمانويل ماكرون"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: None,
                date: Some("2016-03-09"),
            },
        ],
    );
}

#[test]
fn the_parties_of_another_meeting_word_s_between_phrase_are_not_this_one_s() {
    // talks "with" Lavrov ahead of a summit "between" two others: Sisi and Macron meet at the
    // summit, not at the talks
    let (got, rec) = run(&Case {
        text: "وبدأ الجبير أمس محادثات مع لافروف في جنيف تمهيدا للقمة المرتقبة بين السيسي وماكرون.",
        people: &[JUBEIR, LAVROV, SISI, MACRON],
        places: &[GENEVA],
        dates: &[YESTERDAY],
    });
    let talks = got
        .iter()
        .find(|m| {
            m.participants
                .iter()
                .any(|&e| rec.entities[e].name == "سيرغي لافروف")
        })
        .expect("the talks");
    let names: Vec<&str> = talks
        .participants
        .iter()
        .map(|&e| rec.entities[e].name.as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"عادل الجبير"), "{names:?}");
}

#[test]
fn a_person_the_participant_is_close_to_is_not_there() {
    check(
        &Case {
            text: "والتقى الجبير أمس في جنيف بلافروف المقرب من السيسي.",
            people: &[JUBEIR, LAVROV, SISI],
            places: &[GENEVA],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["عادل الجبير", "سيرغي لافروف"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("جنيف"),
            date: Some("2016-03-09"),
        }],
    );
}

/// A hand-made date: surface, yyyy-mm-dd, precision.
type DateFixture = (&'static str, &'static str, DatePrecision);

const FRIDAY: DateFixture = ("الجمعة", "2016-03-11", DatePrecision::Day);

#[test]
fn what_is_not_reported_from_a_wider_look() {
    for (text, dates) in [
        // a match report: its "لقاء" is a game (three sport words make the article one)
        (
            "يلعب المنتخب مباراة صعبة أمس في الملعب الكبير. وطالب المدرب شكري بالفوز في لقاء أمس.",
            &[YESTERDAY][..],
        ),
        // a club report: the club, its stadium and a draw
        (
            "كان التعادل عادلا في لقاء النادي أمس على ستاد المدينة. والتقى شكري والجبير في لقاء أمس.",
            &[YESTERDAY][..],
        ),
        // one named person and no date: a meeting mentioned in passing
        ("والتقى شكري وفدا من رجال الأعمال.", &[][..]),
        // a group subject after the verb: the person of the sentence before is not its subject
        (
            "قال الجبير إن الحل سياسي. والتقى أعضاء المجلس أمس في القاهرة.",
            &[YESTERDAY][..],
        ),
        // discussing right after a phone call goes on the call
        (
            "وبحث شكري والجبير في اتصال هاتفي أمس الأوضاع. وناقش شكري والجبير أيضا ملف اللاجئين أمس.",
            &[YESTERDAY][..],
        ),
    ] {
        let (got, _) = run(&Case {
            text,
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates,
        });
        assert!(got.is_empty(), "{text}: {got:#?}");
    }
}

#[test]
fn a_name_ending_in_in_is_no_reported_clause() {
    const MOON: P = P(
        "مون جيه-إن",
        &["مون جيه-إن"],
        "الرئيس الكوري الجنوبي",
        "كوريا الجنوبية",
    );
    const KIM: P = P(
        "كيم جونغ أون",
        &["كيم جونغ أون"],
        "الزعيم الكوري الشمالي",
        "كوريا الشمالية",
    );
    // the "إن" of "جيه-إن" is a syllable of the name, not "that" opening a reported clause
    check(
        &Case {
            text: "وعقد الرئيس الكوري الجنوبي مون جيه-إن والزعيم الكوري الشمالي كيم جونغ أون اجتماعا أمس.",
            people: &[MOON, KIM],
            places: &[],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["مون جيه-إن", "كيم جونغ أون"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: None,
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_plan_told_in_steps_takes_the_day_of_the_sentence_before() {
    let planned = |date| Want {
        participants: &["سامح شكري", "عادل الجبير"],
        kind: MeetingKind::Bilateral,
        status: MeetingStatus::Planned,
        place: None,
        date,
    };
    let cases: [(&str, &[DateFixture], Want); 3] = [
        // the sentence goes on with a future verb: the coming day before is the plan's
        (
            "سيصل شكري إلى الرياض الجمعة قادما من القاهرة. وسيلتقي شكري الجبير لبحث الأزمة.",
            &[FRIDAY],
            planned(Some("2016-03-11")),
        ),
        // a sentence that opens otherwise may speak of another time
        (
            "سيصل شكري إلى الرياض الجمعة قادما من القاهرة. ومن المقرر أن يلتقي شكري الجبير.",
            &[FRIDAY],
            planned(None),
        ),
        // a day gone by is the statement's, not the plan's
        (
            "قال شكري أمس إن الحل سياسي. وسيلتقي شكري الجبير لبحث الأزمة.",
            &[YESTERDAY],
            planned(None),
        ),
    ];
    for (text, dates, want) in cases {
        check(
            &Case {
                text,
                people: &[SHOUKRY, JUBEIR],
                places: &[],
                dates,
            },
            &[want],
        );
    }
}

#[test]
fn where_a_meeting_takes_its_place_and_date_from() {
    let held = |place, date| Want {
        participants: &["سامح شكري", "عادل الجبير"],
        kind: MeetingKind::Bilateral,
        status: MeetingStatus::Held,
        place,
        date,
    };
    let cases: [(&str, &[DateFixture], Want); 5] = [
        // the city visited is where the visitor meets his host
        (
            "وزار شكري القاهرة أمس والتقى الجبير.",
            &[YESTERDAY],
            held(Some("القاهرة"), Some("2016-03-09")),
        ),
        // a date quoted as the topic is not the meeting's
        (
            "وقال شكري إنه التقى الجبير وبحثا «ما جرى الجمعة».",
            &[FRIDAY],
            held(None, None),
        ),
        // ... unless the meeting word is quoted itself: the next quotation dates it
        (
            "وقال المتحدث إن «شكري سيلتقي الجبير» عندما يأتي «الجمعة».",
            &[FRIDAY],
            Want {
                status: MeetingStatus::Planned,
                ..held(None, Some("2016-03-11"))
            },
        ),
        // the lead's day dates a held meeting reported further down
        (
            "قال شكري أمس إن الحل سياسي. وأضاف أن الحوار مستمر. ونقلت الصحف تصريحاته. والتقى شكري الجبير في القاهرة.",
            &[YESTERDAY],
            held(Some("القاهرة"), Some("2016-03-09")),
        ),
        // ... but not a headline written above it
        (
            "لقاء شكري والجبير في القاهرة\nقال شكري أمس إن الحل سياسي.",
            &[YESTERDAY],
            held(Some("القاهرة"), None),
        ),
    ];
    for (text, dates, want) in cases {
        check(
            &Case {
                text,
                people: &[SHOUKRY, JUBEIR],
                places: &[CAIRO],
                dates,
            },
            &[want],
        );
    }
}

#[test]
fn the_report_s_attribution_does_not_date_the_meeting() {
    check(
        &Case {
            text: "ويلتقي شكري الجبير في القاهرة، وفق ما ذكرت الصحيفة أمس.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("القاهرة"),
            date: None,
        }],
    );
}

#[test]
fn one_meeting_under_two_words_is_one() {
    // "the meeting" in the next sentence points back to the one just reported
    check(
        &Case {
            text: "وحضر شكري افتتاح لقاء أمس في القاهرة. وقال الجبير في افتتاح اللقاء إن الحوار مستمر.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
    // a summit and a meeting of the same people on the same day
    check(
        &Case {
            text: "وسيلتقي شكري الجبير الجمعة في القاهرة. وتبحث القمة المرتقبة بين شكري والجبير الجمعة الأوضاع.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[FRIDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Planned,
            place: Some("القاهرة"),
            date: Some("2016-03-11"),
        }],
    );
}

#[test]
fn an_indefinite_unnamed_party_on_the_same_day_is_one_of_those_named() {
    // "مسؤولا خليجيا" is Jubeir, named the sentence before: one meeting
    check(
        &Case {
            text: "ويلتقي شكري الجبير الجمعة. وسيستقبل شكري مسؤولا خليجيا الجمعة في القاهرة.",
            people: &[SHOUKRY, JUBEIR],
            places: &[
                CAIRO,
                ("مسؤول خليجي", &["مسؤولا خليجيا"], EntityKind::UnnamedPerson),
            ],
            dates: &[FRIDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير", "مسؤول خليجي"],
            kind: MeetingKind::Trilateral,
            status: MeetingStatus::Planned,
            place: Some("القاهرة"),
            date: Some("2016-03-11"),
        }],
    );
    // a definite one is someone else: two meetings
    let (got, _) = run(&Case {
        text: "ويلتقي شكري الجبير الجمعة. وسيستقبل شكري السفير القطري الجمعة في القاهرة.",
        people: &[SHOUKRY, JUBEIR],
        places: &[
            CAIRO,
            (
                "السفير القطري",
                &["السفير القطري"],
                EntityKind::UnnamedPerson,
            ),
        ],
        dates: &[FRIDAY],
    });
    assert_eq!(got.len(), 2, "{got:#?}");
}

const TUESDAY: DateFixture = ("الثلاثاء", "2016-03-15", DatePrecision::Day);

#[test]
fn the_place_after_a_place_noun_and_a_name_that_starts_with_ba() {
    const SINGAPORE: (&str, &[&str], EntityKind) = ("سنغافورة", &["سنغافورة"], EntityKind::Country);
    const BEIRUT: (&str, &[&str], EntityKind) = ("بيروت", &["بيروت"], EntityKind::City);
    const SHARM: (&str, &[&str], EntityKind) = ("شرم الشيخ", &["شرم الشيخ"], EntityKind::City);
    let planned = |place| Want {
        participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        kind: MeetingKind::Bilateral,
        status: MeetingStatus::Planned,
        place: Some(place),
        date: Some("2016-03-15"),
    };
    for (text, places, want) in [
        // "مدينة"/"العاصمة" (with or without a nationality) stand between "في" and the name
        (
            "ويلتقي ماكرون السيسي الثلاثاء في مدينة باريس لبحث الأزمة.",
            &[PARIS][..],
            "باريس",
        ),
        (
            "ويلتقي ماكرون السيسي الثلاثاء في العاصمة الفرنسية باريس.",
            &[PARIS][..],
            "باريس",
        ),
        // a region's noun ("منطقة", "إقليم") before the name is one more place noun
        (
            "ويلتقي ماكرون السيسي الثلاثاء في منطقة شرم الشيخ المطلة على البحر.",
            &[SHARM][..],
            "شرم الشيخ",
        ),
        // the ب of "بيروت" is the name's own letter, not the preposition "in"
        (
            "ويلتقي ماكرون السيسي الثلاثاء في سنغافورة، ويتصدر ملف بيروت المحادثات.",
            &[SINGAPORE, BEIRUT][..],
            "سنغافورة",
        ),
    ] {
        check(
            &Case {
                text,
                people: &[MACRON, SISI],
                places,
                dates: &[TUESDAY],
            },
            &[planned(want)],
        );
    }
}

#[test]
fn two_people_named_before_are_the_pair_that_meets() {
    let both = &["إيمانويل ماكرون", "عبد الفتاح السيسي"][..];
    for text in [
        // "الرجلان"/"الجانبان" as the subject, a dual verb, a dual possessive
        "وتحدث ماكرون عن السيسي بإعجاب أمس. وسيلتقي الرجلان الثلاثاء في جنيف.",
        "وتحدث ماكرون عن السيسي بإعجاب أمس. ويجتمع الجانبان الثلاثاء في جنيف.",
        "وتحدث ماكرون عن السيسي بإعجاب أمس. ومن المقرر أن يلتقيا الثلاثاء في جنيف.",
        "وتحدث ماكرون عن السيسي بإعجاب أمس. ويعقد لقاء بينهما الثلاثاء في جنيف.",
    ] {
        check(
            &Case {
                text,
                people: &[MACRON, SISI],
                places: &[GENEVA],
                dates: &[YESTERDAY, TUESDAY],
            },
            &[Want {
                participants: both,
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Planned,
                place: Some("جنيف"),
                date: Some("2016-03-15"),
            }],
        );
    }
    // "بحثا عن" is "in search of", not a dual "they discussed"
    let (got, _) = run(&Case {
        text: "وتحدث ماكرون عن السيسي أمس. وخرج الآلاف بحثا عن الطعام في جنيف الثلاثاء.",
        people: &[MACRON, SISI],
        places: &[GENEVA],
        dates: &[YESTERDAY, TUESDAY],
    });
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn a_counterpart_holds_the_same_office() {
    // Sisi is Egypt's president: the foreign minister's Egyptian counterpart is not him
    let (got, rec) = run(&Case {
        text: "ووصل السيسي إلى باريس أمس. والتقى وزير الخارجية الفرنسي جان إيف لودريان أمس في باريس نظيره المصري.",
        people: &[
            SISI,
            P(
                "جان إيف لودريان",
                &["وزير الخارجية الفرنسي جان إيف لودريان"],
                "وزير الخارجية الفرنسي",
                "فرنسا",
            ),
        ],
        places: &[PARIS, ("مصر", &["المصري"], EntityKind::Country)],
        dates: &[YESTERDAY],
    });
    let people: Vec<Vec<&str>> = got
        .iter()
        .map(|m| {
            m.participants
                .iter()
                .map(|&e| rec.entities[e].name.as_str())
                .collect()
        })
        .collect();
    assert!(
        people.iter().all(|p| !p.contains(&"عبد الفتاح السيسي")),
        "{people:?}"
    );
}

/// Putin and Medvedev both hold a Russian role starting with "رئيس"; only one is a president.
const PUTIN_PRESIDENT: P = P(
    "فلاديمير بوتين",
    &["الرئيس الروسي فلاديمير بوتين"],
    "الرئيس الروسي",
    "روسيا",
);
const MEDVEDEV_PM: P = P(
    "ديمتري ميدفيديف",
    &["رئيس الوزراء الروسي ديمتري ميدفيديف"],
    "رئيس الوزراء الروسي",
    "روسيا",
);
const SISI_PRESIDENT: P = P(
    "عبد الفتاح السيسي",
    &["الرئيس المصري عبد الفتاح السيسي", "الرئيس المصري"],
    "الرئيس المصري",
    "مصر",
);

#[test]
fn a_president_s_counterpart_and_the_two_presidents_are_no_prime_minister() {
    // Medvedev's role starts with "رئيس" like Putin's; only Putin is a president
    for text in [
        "وقال الرئيس المصري عبد الفتاح السيسي إن العلاقات قوية. وحضر رئيس الوزراء الروسي ديمتري ميدفيديف الحفل. وقال الرئيس الروسي فلاديمير بوتين إن التعاون مستمر. والتقى الرئيس المصري أمس نظيره الروسي.",
        "وقال الرئيس المصري عبد الفتاح السيسي إن العلاقات قوية. وحضر رئيس الوزراء الروسي ديمتري ميدفيديف الحفل. وقال الرئيس الروسي فلاديمير بوتين إن التعاون مستمر. والتقى الرئيسان أمس.",
    ] {
        check(
            &Case {
                text,
                people: &[SISI_PRESIDENT, MEDVEDEV_PM, PUTIN_PRESIDENT],
                places: &[
                    ("روسيا", &["الروسي"], EntityKind::Country),
                    ("مصر", &["المصري"], EntityKind::Country),
                ],
                dates: &[YESTERDAY],
            },
            &[Want {
                participants: &["عبد الفتاح السيسي", "فلاديمير بوتين"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: None,
                date: Some("2016-03-09"),
            }],
        );
    }
}

/// A meeting's participants by name, sorted.
fn sorted_participants<'r>(m: &Meeting, rec: &'r Recognized) -> Vec<&'r str> {
    let mut names: Vec<&str> = m
        .participants
        .iter()
        .map(|&e| rec.entities[e].name.as_str())
        .collect();
    names.sort();
    names
}

/// Sisi and Putin named without a role; the article refers to them as "الرئيس المصري" and
/// "الرئيس الروسي" (role-only references), while Medvedev's role is stated.
const SISI_BY_REFERENCE: P = P(
    "عبد الفتاح السيسي",
    &["عبد الفتاح السيسي", "السيسي", "الرئيس المصري"],
    "",
    "",
);
const PUTIN_BY_REFERENCE: P = P(
    "فلاديمير بوتن",
    &["فلاديمير بوتن", "بوتن", "الرئيس الروسي"],
    "",
    "",
);

#[test]
fn role_only_references_tell_a_president_from_a_prime_minister() {
    for text in [
        "والتقى عبد الفتاح السيسي وفلاديمير بوتن في 2014. وعقد السيسي مباحثات مع الرئيس الروسي. وحضر رئيس الوزراء الروسي ديمتري ميدفيديف الحفل. كما زار الرئيس المصري أمس نظيره الروسي.",
        "والتقى عبد الفتاح السيسي وفلاديمير بوتن في 2014. وعقد السيسي مباحثات مع الرئيس الروسي. وقال الرئيس المصري إن العلاقات قوية. وحضر رئيس الوزراء الروسي ديمتري ميدفيديف الحفل. والتقى الرئيسان أمس.",
    ] {
        let (got, rec) = run(&Case {
            text,
            people: &[SISI_BY_REFERENCE, PUTIN_BY_REFERENCE, MEDVEDEV_PM],
            places: &[
                ("روسيا", &["الروسي"], EntityKind::Country),
                ("مصر", &["المصري"], EntityKind::Country),
            ],
            dates: &[YESTERDAY],
        });
        let dated: Vec<Vec<&str>> = got
            .iter()
            .filter(|m| m.date.is_some())
            .map(|m| sorted_participants(m, &rec))
            .collect();
        assert_eq!(
            dated,
            vec![vec!["عبد الفتاح السيسي", "فلاديمير بوتن"]],
            "{text}"
        );
    }
}

#[test]
fn the_pronoun_of_a_verb_after_the_meeting_word_is_a_party() {
    // "قمة جمعته بـ X": "him" is the one the article is talking about
    for text in [
        "ويلتقي ترامب اليوم أعضاء الكونغرس. وانتقد كثير منهم أداءه في قمة جمعته أمس بنظيره بوتين.",
        "وقال ترامب إثر لقاء جمعه أمس مع بوتين إن المحادثات جيدة.",
    ] {
        let (got, rec) = run(&Case {
            text,
            people: &[
                P("دونالد ترامب", &["ترامب"], "", ""),
                P("فلاديمير بوتين", &["بوتين"], "", ""),
            ],
            places: &[],
            dates: &[YESTERDAY],
        });
        let with_putin: Vec<Vec<&str>> = got
            .iter()
            .filter(|m| {
                m.participants
                    .iter()
                    .any(|&e| rec.entities[e].name == "فلاديمير بوتين")
            })
            .map(|m| sorted_participants(m, &rec))
            .collect();
        assert_eq!(
            with_putin,
            vec![vec!["دونالد ترامب", "فلاديمير بوتين"]],
            "{text}"
        );
    }
}

#[test]
fn a_city_right_after_the_meeting_word_is_its_place() {
    check(
        &Case {
            text: "وسيبحث اجتماع باريس بين ماكرون والسيسي الثلاثاء الأزمة.",
            people: &[MACRON, SISI],
            places: &[PARIS],
            dates: &[TUESDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("باريس"),
            date: Some("2016-03-15"),
        }],
    );
}

#[test]
fn a_counterpart_is_the_person_with_that_country_s_role() {
    check(
        &Case {
            text: "ووصل ماكرون إلى مصر أمس. واستقبل الرئيس عبد الفتاح السيسي أمس في القاهرة نظيره الفرنسي لدى وصوله.",
            people: &[MACRON, SISI],
            places: &[
                CAIRO,
                ("فرنسا", &["الفرنسي"], EntityKind::Country),
                ("مصر", &["مصر"], EntityKind::Country),
            ],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_meeting_over_several_days_is_dated_by_its_first() {
    for text in [
        "ويشارك ماكرون والسيسي الجمعة والسبت في اجتماعات في جنيف.",
        "ويعقد ماكرون والسيسي من الجمعة إلى السبت محادثات في جنيف.",
    ] {
        check(
            &Case {
                text,
                people: &[MACRON, SISI],
                places: &[GENEVA],
                dates: &[
                    ("الجمعة", "2016-03-11", DatePrecision::Day),
                    ("السبت", "2016-03-12", DatePrecision::Day),
                ],
            },
            &[Want {
                participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
                kind: if text.contains("محادثات") {
                    MeetingKind::Negotiations
                } else {
                    MeetingKind::Bilateral
                },
                status: MeetingStatus::Planned,
                place: Some("جنيف"),
                date: Some("2016-03-11"),
            }],
        );
    }
}

#[test]
fn a_held_meeting_in_the_lead_with_no_date_is_the_day_s_news() {
    let held = |date| Want {
        participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        kind: MeetingKind::Bilateral,
        status: MeetingStatus::Held,
        place: Some("جنيف"),
        date,
    };
    // the lead: published that day
    check(
        &Case {
            text: "قمة في جنيف\nالتقى ماكرون والسيسي في جنيف وبحثا الأزمة.",
            people: &[MACRON, SISI],
            places: &[GENEVA],
            dates: &[],
        },
        &[held(Some(PUBLISHED))],
    );
    // deep in the article, an undated meeting is not given the publication day
    check(
        &Case {
            text: "قال ماكرون إن الأزمة طويلة. وأضاف أن الحل سياسي. وأشار إلى المفاوضات. وكان ماكرون التقى السيسي في جنيف وبحثا الأزمة.",
            people: &[MACRON, SISI],
            places: &[GENEVA],
            dates: &[],
        },
        &[held(None)],
    );
}

#[test]
fn an_official_of_another_country_named_by_role_is_the_other_party() {
    const MINISTER: P = P(
        "وزير الخارجية الروسي",
        &["وزير الخارجية الروسي"],
        "وزير الخارجية الروسي",
        "روسيا",
    );
    const EGYPTIAN: P = P(
        "وزير الخارجية المصري",
        &["وزير الخارجية المصري"],
        "وزير الخارجية المصري",
        "مصر",
    );
    let lead = "قال المتحدث إن العلاقات جيدة. وأضاف أن الحوار مستمر. ";
    const WITH_RUSSIAN: &[P] = &[SISI, MINISTER];
    const WITH_EGYPTIAN: &[P] = &[SISI, EGYPTIAN];
    for (body, people, want) in [
        // Egypt's president and Russia's minister: two parties, though one is named only by role
        (
            "واستقبل السيسي وزير الخارجية الروسي لبحث الأزمة.",
            WITH_RUSSIAN,
            1,
        ),
        // his own minister: one party and no date, a meeting mentioned in passing
        (
            "واستقبل السيسي وزير الخارجية المصري لبحث الأزمة.",
            WITH_EGYPTIAN,
            0,
        ),
    ] {
        let text: &'static str = Box::leak(format!("{lead}{body}").into_boxed_str());
        let (rec, dates) = recognize(&Case {
            text,
            people,
            places: &[],
            dates: &[],
        });
        let mut rec = rec;
        rec.entities[1].kind = EntityKind::UnnamedPerson;
        for m in rec.mentions.iter_mut().filter(|m| m.entity == 1) {
            m.kind = EntityKind::UnnamedPerson;
        }
        let published = NaiveDate::parse_from_str(PUBLISHED, "%Y-%m-%d").ok();
        let got = find_meetings(text, &rec, &dates, published, Lang::Arabic);
        assert_eq!(got.len(), want, "{text}: {got:#?}");
    }
}

#[test]
fn people_of_one_country_on_a_visit_are_one_party() {
    const PM: P = P(
        "رامي الحمد الله",
        &["رامي الحمد الله"],
        "رئيس الوزراء الفلسطيني",
        "فلسطين",
    );
    const CHIEF: P = P(
        "ماجد فرج",
        &["ماجد فرج"],
        "رئيس المخابرات الفلسطينية",
        "فلسطين",
    );
    let (got, _) = run(&Case {
        text: "واستهدف انفجار موكب رامي الحمد الله وماجد فرج أمس خلال زيارة لقطاع غزة.",
        people: &[PM, CHIEF],
        places: &[],
        dates: &[YESTERDAY],
    });
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn a_meeting_spoken_about_does_not_take_the_speaker_in() {
    // Macron is worried about the talks; he is not said to be in them
    let (got, _) = run(&Case {
        text: "وأعرب ماكرون الثلاثاء عن قلقه إزاء المحادثات الجارية في جنيف.",
        people: &[MACRON, SISI],
        places: &[GENEVA],
        dates: &[TUESDAY],
    });
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn the_summit_again_is_the_summit_already_reported() {
    check(
        &Case {
            text: "وعقد القادة قمة في جنيف الثلاثاء برئاسة ماكرون. وقال ماكرون إن الحل سياسي. وشارك السيسي في اليوم الأول من القمة.",
            people: &[MACRON, SISI],
            places: &[GENEVA],
            dates: &[("الثلاثاء", "2016-03-08", DatePrecision::Day)],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Held,
            place: Some("جنيف"),
            date: Some("2016-03-08"),
        }],
    );
}

#[test]
fn one_person_and_only_a_week_or_a_month_is_a_passing_mention() {
    let lead = "قال المتحدث إن العلاقات جيدة. وأضاف أن الحوار مستمر. ";
    for (body, date) in [
        (
            "ومن المتوقع أن يعقد ماكرون اجتماعا الأسبوع المقبل.",
            ("الأسبوع المقبل", "2016-03-14", DatePrecision::Week),
        ),
        (
            "وكان ماكرون أجرى محادثات في أبريل.",
            ("أبريل", "2016-04-01", DatePrecision::Month),
        ),
    ] {
        let text: &'static str = Box::leak(format!("{lead}{body}").into_boxed_str());
        let dates: &'static [DateFixture] = Box::leak(vec![date].into_boxed_slice());
        let (got, _) = run(&Case {
            text,
            people: &[MACRON],
            places: &[],
            dates,
        });
        assert!(got.is_empty(), "{text}: {got:#?}");
    }
}

#[test]
fn a_counterpart_left_unnamed_is_still_the_other_party() {
    let text = "قال المتحدث إن العلاقات جيدة. وأضاف أن الحوار مستمر. واستقبل السيسي نظيره الروسي لبحث الأزمة.";
    let (got, _) = run(&Case {
        text,
        people: &[SISI],
        places: &[("روسيا", &["الروسي"], EntityKind::Country)],
        dates: &[],
    });
    assert_eq!(got.len(), 1, "{text}: {got:#?}");
}

#[test]
fn a_person_referred_to_is_not_present() {
    check(
        &Case {
            text: "والتقى ماكرون السيسي أمس في القاهرة لبحث الأزمة، في إشارة إلى لافروف.",
            people: &[MACRON, SISI, LAVROV],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_date_past_a_full_stop_belongs_to_the_other_sentence() {
    // an unclosed quotation mark glues two sentences; the meeting keeps its own day
    check(
        &Case {
            text: "تظاهر الأربعاء آلاف الأشخاص احتجاجا على \"رفض الحزب التفاوض. وكان من المقرر أن يلتقي لافروف بالجبير في جنيف لعقد مباحثات حول انتقال السلطة يوم الثلاثاء، إلا أن هذا اللقاء أرجئ.",
            people: &[LAVROV, JUBEIR],
            places: &[GENEVA],
            dates: &[
                ("الأربعاء", "2016-03-09", DatePrecision::Day),
                ("الثلاثاء", "2016-03-08", DatePrecision::Day),
            ],
        },
        &[Want {
            participants: &["سيرغي لافروف", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Cancelled,
            place: Some("جنيف"),
            date: Some("2016-03-08"),
        }],
    );
}

#[test]
fn an_invitation_dated_in_the_past_is_still_a_meeting_to_come() {
    check(
        &Case {
            text: "ودعا لافروف أمس الجبير لزيارة موسكو لعقد اجتماع ثان بينهما في الخريف.",
            people: &[LAVROV, JUBEIR],
            places: &[],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سيرغي لافروف", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: None,
            date: None,
        }],
    );
    // held after the invitation: the day stays
    check(
        &Case {
            text: "ودعت روسيا إلى اجتماع بين لافروف والجبير عقد أمس في جنيف.",
            people: &[LAVROV, JUBEIR],
            places: &[GENEVA],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سيرغي لافروف", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("جنيف"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_meeting_named_outside_quotation_marks_does_not_take_the_quoted_people() {
    // the speaker talks at a conference about two others meeting: they are not at it
    check(
        &Case {
            text: "وأضاف المتحدث خلال مؤتمر في باريس \"عندما يلتقي لافروف بالجبير في جنيف ستتغير الأمور\".",
            people: &[LAVROV, JUBEIR],
            places: &[PARIS, GENEVA],
            dates: &[],
        },
        &[Want {
            participants: &["سيرغي لافروف", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("جنيف"),
            date: None,
        }],
    );
}

#[test]
fn a_summit_planned_with_one_leader_is_his_talks_with_the_other() {
    // the summit names one side, the next sentence names both: one meeting of two
    check(
        &Case {
            text: "ورفض الجانب المصري أي تنازل خلال قمة مقررة الجمعة مع الرئيس الفرنسي إيمانويل ماكرون. وقال المسؤول إنه عندما يلتقي السيسي بماكرون في باريس سيطرح الملف.",
            people: &[SISI, MACRON],
            places: &[PARIS],
            dates: &[FRIDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Planned,
            place: Some("باريس"),
            date: Some("2016-03-11"),
        }],
    );
    // a summit of three is not the talks of two of them
    check(
        &Case {
            text: "وتعقد قمة مقررة الجمعة تجمع ماكرون والسيسي والجبير. ومن المقرر أن يلتقي السيسي بماكرون في باريس.",
            people: &[SISI, MACRON, JUBEIR],
            places: &[PARIS],
            dates: &[FRIDAY],
        },
        &[
            Want {
                participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي", "عادل الجبير"],
                kind: MeetingKind::Summit,
                status: MeetingStatus::Planned,
                place: None,
                date: Some("2016-03-11"),
            },
            Want {
                participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Planned,
                place: Some("باريس"),
                date: None,
            },
        ],
    );
}

#[test]
fn the_meeting_again_points_to_the_last_one_mentioned() {
    // "الاجتماع" after undated talks of two points back to the talks just named (nobody in
    // them, so dropped), not past them to the older meeting of two whose date happens to fit
    check(
        &Case {
            text: "ومن المقرر أن يلتقي شكري بالجبير في القاهرة. واتفق البلدان على إجراء محادثات أمس. ويبحث الاجتماع الأربعاء الملف.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY, ("الأربعاء", "2016-03-02", DatePrecision::Day)],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("القاهرة"),
            date: None,
        }],
    );
}

#[test]
fn a_name_that_ends_like_a_particle_is_still_a_participant() {
    const MOON: P = P(
        "مون جيه إن",
        &["مون جيه إن"],
        "رئيس كوريا الجنوبية",
        "كوريا الجنوبية",
    );
    check(
        &Case {
            text: "ومن المقرر أن يجتمع رئيس كوريا الجنوبية مون جيه إن مع ماكرون في باريس الثلاثاء.",
            people: &[MOON, MACRON],
            places: &[PARIS],
            dates: &[TUESDAY],
        },
        &[Want {
            participants: &["مون جيه إن", "إيمانويل ماكرون"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("باريس"),
            date: Some("2016-03-15"),
        }],
    );
}

#[test]
fn a_visit_to_a_country_meets_in_the_one_city_the_article_names() {
    // Erdogan is named without a role: "نظيره التركي" finds him by the role people.txt lists;
    // the visit is to Turkey, and Ankara is the one Turkish city the article names
    const PUTIN: P = P(
        "فلاديمير بوتين",
        &["الرئيس الروسي فلاديمير بوتين", "بوتين"],
        "الرئيس الروسي",
        "روسيا",
    );
    const ERDOGAN: P = P("رجب طيب أردوغان", &["رجب طيب أردوغان"], "", "");
    check(
        &Case {
            text: "قال الرئيس الروسي فلاديمير بوتين مع رجب طيب أردوغان إن التعاون مهم. وتستمر زيارة بوتين لتركيا يومين يجري خلالها مع نظيره التركي محادثات حول سوريا. والأربعاء تستضيف العاصمة التركية قمة ثلاثية.",
            people: &[PUTIN, ERDOGAN],
            places: &[
                ("أنقرة", &["العاصمة التركية"], EntityKind::City),
                ("تركيا", &["تركيا", "التركي"], EntityKind::Country),
            ],
            dates: &[],
        },
        &[Want {
            participants: &["فلاديمير بوتين", "رجب طيب أردوغان"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("أنقرة"),
            date: None,
        }],
    );
}

#[test]
fn a_date_that_opens_a_since_phrase_is_not_the_meeting_s() {
    const PUTIN: P = P("فلاديمير بوتين", &["بوتين"], "الرئيس الروسي", "روسيا");
    const ERDOGAN: P = P("رجب طيب أردوغان", &["أردوغان"], "الرئيس التركي", "تركيا");
    check(
        &Case {
            text: "والتقى بوتين أردوغان في باريس في أول لقاء منذ إعادة انتخابه لولاية رابعة في 18 مارس.",
            people: &[PUTIN, ERDOGAN],
            places: &[PARIS],
            dates: &[("18 مارس", "2016-03-18", DatePrecision::Day)],
        },
        &[Want {
            participants: &["فلاديمير بوتين", "رجب طيب أردوغان"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: None,
        }],
    );
}

#[test]
fn a_summit_said_of_two_countries_meets_their_leaders() {
    // Sisi is named with a role that has no country: the table's role makes him Egypt's
    // leader; Russia's president comes before its prime minister
    const SISI_NO_COUNTRY: P = P("عبد الفتاح السيسي", &["الرئيس السيسي"], "الرئيس", "");
    const PUTIN: P = P("فلاديمير بوتين", &["فلاديمير بوتين"], "", "");
    const MEDVEDEV: P = P(
        "ديمتري ميدفيديف",
        &["رئيس الوزراء الروسي ديمتري ميدفيديف"],
        "رئيس الوزراء الروسي",
        "روسيا",
    );
    check(
        &Case {
            text: "وأشاد رئيس الوزراء الروسي ديمتري ميدفيديف وفلاديمير بوتين بالعلاقات مع القاهرة. وفي ختام القمة المصرية الروسية التي عقدت في باريس أمس، أعلن الرئيس السيسي أن البلدين اتفقا على التعاون.",
            people: &[SISI_NO_COUNTRY, PUTIN, MEDVEDEV],
            places: &[
                PARIS,
                CAIRO,
                ("مصر", &["المصرية"], EntityKind::Country),
                ("روسيا", &["الروسية"], EntityKind::Country),
            ],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["عبد الفتاح السيسي", "فلاديمير بوتين"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_relative_clause_set_off_by_commas_dates_what_it_tells() {
    // Monday is the day he arrived; the meeting's own day is not given
    check(
        &Case {
            text: "والتقى شكري، الذي وصل إلى القاهرة الاثنين، الجبير في القاهرة.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[("الاثنين", "2016-03-07", DatePrecision::Day)],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: None,
        }],
    );
}

#[test]
fn a_relative_clause_said_of_something_else_dates_that_thing() {
    let held = |date| Want {
        participants: &["سامح شكري", "عادل الجبير"],
        kind: MeetingKind::Bilateral,
        status: MeetingStatus::Held,
        place: Some("القاهرة"),
        date,
    };
    // (text, the meeting's date)
    let cases = [
        // the relative clause tells about the two countries' quarrel, not the meeting
        (
            "والتقى شكري الجبير في القاهرة لبحث العلاقات بين البلدين اللذين تبادلا الاتهامات الاثنين.",
            None,
        ),
        // right after the meeting word it tells about the meeting
        (
            "وجاء اللقاء الذي جمع شكري والجبير الاثنين في القاهرة.",
            Some("2016-03-07"),
        ),
    ];
    for (text, date) in cases {
        check(
            &Case {
                text,
                people: &[SHOUKRY, JUBEIR],
                places: &[CAIRO],
                dates: &[("الاثنين", "2016-03-07", DatePrecision::Day)],
            },
            &[held(date)],
        );
    }
}

#[test]
fn met_with_an_object_pronoun_is_a_meeting_word() {
    // "التقيته": I met him, in the speaker's own words: the one quoted met him
    check(
        &Case {
            text: "وقال شكري \"أنا ممتن للوزير عادل الجبير الذي التقيته أمس في القاهرة\".",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_meeting_dated_from_the_day_after_it() {
    // "بعد يوم من" the summit: the day the sentence gives is the day after it
    check(
        &Case {
            text: "وقال شكري للصحفيين أمس، بعد يومين من قمة جمعت ماكرون والسيسي في باريس، إن النتائج جيدة.",
            people: &[SHOUKRY, MACRON, SISI],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-07"),
        }],
    );
}

#[test]
fn a_meeting_dated_from_a_hedged_span_after_it() {
    // "بعد عشرة أيام فقط من قمة": "فقط" does not change the ten days, and "أمس" is the
    // statement's day, not the summit's
    check(
        &Case {
            text: "وقال شكري للصحفيين أمس، بعد عشرة أيام فقط من قمة جمعت ماكرون والسيسي في باريس، إن النتائج جيدة.",
            people: &[SHOUKRY, MACRON, SISI],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-02-28"),
        }],
    );
}

#[test]
fn a_meeting_dated_from_the_days_news() {
    // no day of its own before "قبل ثلاثة أيام من قمة": the statement is the day's news, so
    // the summit is three days after the publication day (2016-03-10)
    check(
        &Case {
            text: "وجاءت التصريحات قبل ثلاثة أيام من قمة بين ماكرون والسيسي في باريس.",
            people: &[MACRON, SISI],
            places: &[PARIS],
            dates: &[],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Planned,
            place: Some("باريس"),
            date: Some("2016-03-13"),
        }],
    );
}

#[test]
fn a_person_at_the_end_of_a_topic_phrase_is_talked_about() {
    // "بشأن مصير X", "حول قضية X": X is the topic, not at the talks; but "حول زيارة X" names
    // the visit's own visitor
    let cases: [(&str, &[&str]); 4] = [
        (
            "التقى ماكرون السيسي في باريس أمس وسط الجدل بشأن مصير الوسيط دي ميستورا.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
        // what the talks are for is a topic too
        (
            "التقى ماكرون السيسي في باريس أمس لبحث اختفاء الوسيط دي ميستورا.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
        (
            "التقى ماكرون السيسي في باريس أمس لبحث التطورات حول قضية المبعوث دي ميستورا.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
        (
            "وبث التلفزيون أمس تقريرا حول زيارة السيسي إلى باريس للقاء ماكرون.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
    ];
    for (text, participants) in cases {
        check(
            &Case {
                text,
                people: &[MACRON, SISI, DEMISTURA],
                places: &[PARIS],
                dates: &[YESTERDAY],
            },
            &[Want {
                participants,
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: Some("باريس"),
                date: Some("2016-03-09"),
            }],
        );
    }
}

#[test]
fn the_same_talks_on_the_same_subject_are_one_meeting() {
    // the first mention gives the place, a later one the people: one meeting
    check(
        &Case {
            text: "واختتمت أمس محادثات إصلاح الأمم المتحدة التي عقدت في جنيف. وشارك في محادثات إصلاح الأمم المتحدة وزير الخارجية السعودي عادل الجبير والمبعوث الأممي ستيفان دي ميستورا.",
            people: &[JUBEIR, DEMISTURA],
            places: &[GENEVA],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["عادل الجبير", "ستيفان دي ميستورا"],
            kind: MeetingKind::Negotiations,
            status: MeetingStatus::Held,
            place: Some("جنيف"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn an_interview_is_not_a_meeting() {
    for text in [
        "وقال ماكرون في لقاء مع قناة فرانس 24 أمس إن السيسي سيزور فرنسا.",
        "وقال ماكرون في لقاء مع صحفيين أمس إن العلاقات مع مصر جيدة.",
        "وقال ماكرون في لقاء تلفزيوني أمس إن العلاقات مع مصر جيدة.",
    ] {
        check(
            &Case {
                text,
                people: &[MACRON, SISI],
                places: &[PARIS],
                dates: &[YESTERDAY],
            },
            &[],
        );
    }
    // the press is not the partner here: still a meeting
    check(
        &Case {
            text: "وقال ماكرون للصحفيين في لقاء مع السيسي أمس في باريس إن العلاقات جيدة.",
            people: &[MACRON, SISI],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn the_place_that_hosted_the_meeting() {
    // "في اجتماع شهدته مدينة باريس", "قمة احتضنتها باريس": the place hosted it
    for text in [
        "وقال مسؤول إن ماكرون التقى السيسي أمس في اجتماع شهدته مدينة باريس.",
        "وقال مسؤول إن ماكرون التقى السيسي أمس في قمة ثنائية احتضنتها باريس.",
    ] {
        check(
            &Case {
                text,
                people: &[MACRON, SISI],
                places: &[PARIS],
                dates: &[YESTERDAY],
            },
            &[Want {
                participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: Some("باريس"),
                date: Some("2016-03-09"),
            }],
        );
    }
}

#[test]
fn people_named_in_a_relative_clause_are_not_at_the_meeting() {
    check(
        &Case {
            text: "ومن المقرر أن يلتقي شكري الثلاثاء الجبير، الذي أيد قرار ماكرون.",
            people: &[SHOUKRY, JUBEIR, MACRON],
            places: &[],
            dates: &[TUESDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: None,
            date: Some("2016-03-15"),
        }],
    );
}

#[test]
fn a_relative_clause_about_the_meeting_names_its_people() {
    check(
        &Case {
            text: "وهدف اجتماع باريس، الذي شارك فيه شكري والجبير أمس، إلى بحث الأزمة.",
            people: &[SHOUKRY, JUBEIR],
            places: &[PARIS],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("باريس"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn a_deadline_is_not_the_meeting_s_date() {
    check(
        &Case {
            text: "ومن المقرر أن يلتقي شكري والجبير في القمة، ويأمل الجانبان في تمويل المشروع حتى 2024.",
            people: &[SHOUKRY, JUBEIR],
            places: &[],
            dates: &[("2024", "2024-01-01", DatePrecision::Year)],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Planned,
            place: None,
            date: None,
        }],
    );
}

#[test]
fn a_date_borrowed_from_a_range_is_its_first_day() {
    // the meeting sentence has no day; the visit before it ran over two days
    check(
        &Case {
            text:
                "وأدى شكري زيارة إلى القاهرة يومي 7 و8 مارس. وأبرز خلال لقائه بالجبير أهمية التعاون.",
            people: &[SHOUKRY, JUBEIR],
            places: &[CAIRO],
            dates: &[
                ("7", "2016-03-07", DatePrecision::Day),
                ("8 مارس", "2016-03-08", DatePrecision::Day),
            ],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-07"),
        }],
    );
}

#[test]
fn the_day_of_an_announcement_is_not_the_meeting_s() {
    check(
        &Case {
            text: "وأعلن ماكرون، أمس، تأجيل القمة مع السيسي في باريس الثلاثاء.",
            people: &[MACRON, SISI],
            places: &[PARIS],
            dates: &[YESTERDAY, TUESDAY],
        },
        &[Want {
            participants: &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
            kind: MeetingKind::Summit,
            status: MeetingStatus::Cancelled,
            place: Some("باريس"),
            date: Some("2016-03-15"),
        }],
    );
}

#[test]
fn people_talked_about_are_not_at_the_meeting() {
    check(
        &Case {
            text: "والتقى شكري أمس الجبير في القاهرة لتبادل معلومات عن ماكرون.",
            people: &[SHOUKRY, JUBEIR, MACRON],
            places: &[CAIRO],
            dates: &[YESTERDAY],
        },
        &[Want {
            participants: &["سامح شكري", "عادل الجبير"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Held,
            place: Some("القاهرة"),
            date: Some("2016-03-09"),
        }],
    );
}

#[test]
fn one_named_attendee_of_a_gathering_of_several_parties() {
    // "اجتماعات" alone is weak (a body's sittings); "إقليمية" says several parties gather
    check(
        &Case {
            text: "ونقل شكري الذي يتوجه إلى باريس للمشاركة الثلاثاء في اجتماعات إقليمية، عن ماكرون أن الحل سياسي.",
            people: &[SHOUKRY, MACRON],
            places: &[PARIS],
            dates: &[TUESDAY],
        },
        &[Want {
            participants: &["سامح شكري"],
            kind: MeetingKind::Bilateral,
            status: MeetingStatus::Planned,
            place: Some("باريس"),
            date: Some("2016-03-15"),
        }],
    );
}

#[test]
fn the_one_quoted_during_a_meeting_is_at_it() {
    // "عن X قوله": X is the source quoted, not a topic
    let (got, rec) = run(&Case {
        text: "ونقلت الوكالة عن الجبير قوله أمس، خلال لقاء مع شكري في القاهرة، إن الحل سياسي.",
        people: &[SHOUKRY, JUBEIR],
        places: &[CAIRO],
        dates: &[YESTERDAY],
    });
    let names: Vec<Vec<&str>> = got
        .iter()
        .map(|m| {
            m.participants
                .iter()
                .map(|&e| rec.entities[e].name.as_str())
                .collect()
        })
        .collect();
    assert!(
        names.iter().any(|p| p.contains(&"عادل الجبير")),
        "{names:?}"
    );
}

/// Each meeting's participants by canonical name, sorted.
fn who_met<'a>(got: &[Meeting], rec: &'a Recognized) -> Vec<Vec<&'a str>> {
    got.iter()
        .map(|m| {
            let mut v: Vec<&str> = m
                .participants
                .iter()
                .map(|&e| rec.entities[e].name.as_str())
                .collect();
            v.sort();
            v
        })
        .collect()
}

#[test]
fn a_possessive_meeting_word_belongs_to_the_subject_not_to_a_partner() {
    // two possessive meeting words in one sentence: each is the subject's, with its own partner
    let (got, rec) = run(&Case {
        text: "أعرب الرئيس المصري عبد الفتاح السيسي عن أمله في أن تبحث قمته المقبلة مع نظيره \
               الفرنسي إيمانويل ماكرون الأزمة، وذلك خلال لقائه أمس مع وزير الخارجية الروسي \
               سيرغي لافروف في القاهرة.",
        people: &[SISI, MACRON, LAVROV],
        places: &[CAIRO],
        dates: &[YESTERDAY],
    });
    let met = who_met(&got, &rec);
    assert!(
        met.contains(&vec!["سيرغي لافروف", "عبد الفتاح السيسي"]),
        "{met:?}"
    );
    assert!(
        met.contains(&vec!["إيمانويل ماكرون", "عبد الفتاح السيسي"]),
        "{met:?}"
    );
    assert!(
        !met.iter()
            .any(|m| m.contains(&"إيمانويل ماكرون") && m.contains(&"سيرغي لافروف")),
        "{met:?}"
    );
    // a summit possessed by the pair ("their summit")
    let (got, rec) = run(&Case {
        text: "وتحدث ماكرون عن السيسي بإعجاب أمس. وتبدأ قمتهما الثلاثاء في جنيف.",
        people: &[MACRON, SISI],
        places: &[GENEVA],
        dates: &[YESTERDAY, TUESDAY],
    });
    assert_eq!(
        who_met(&got, &rec),
        vec![vec!["إيمانويل ماكرون", "عبد الفتاح السيسي"]]
    );
}

#[test]
fn a_visit_for_talks_is_a_meeting_of_its_visitor() {
    const SUNDAY: DateFixture = ("الأحد", "2016-03-13", DatePrecision::Day);
    const SAUDI: (&str, &[&str], EntityKind) = ("السعودية", &["السعودية"], EntityKind::Country);
    let visit = |text: &'static str| {
        run(&Case {
            text,
            people: &[SHOUKRY],
            places: &[SAUDI],
            dates: &[SUNDAY],
        })
        .0
    };
    // (text, a meeting of Shoukry on Sunday?)
    let cases = [
        (
            "يزور وزير الخارجية المصري سامح شكري السعودية الأحد لبحث العلاقات الثنائية.",
            true,
        ),
        (
            "ويصل شكري في زيارة إلى السعودية الأحد لمناقشة الأزمة مع المسؤولين.",
            true,
        ),
        // a visit without talks is a trip, not a meeting
        ("يزور وزير الخارجية المصري سامح شكري السعودية الأحد.", false),
        ("زار شكري السعودية الأحد لحضور حفل افتتاح المعرض.", false),
        // talks named after the clause ends are not the visit's
        (
            "يزور شكري السعودية الأحد، فيما تستمر الجهود لبحث الأزمة.",
            false,
        ),
    ];
    for (text, met) in cases {
        let got = visit(text);
        let found = got
            .iter()
            .any(|m| m.participants.len() == 1 && m.date == Some(day("2016-03-13")));
        assert_eq!(found, met, "{text}: {got:#?}");
    }
}

#[test]
fn a_source_named_after_the_meeting_is_not_in_it() {
    // (text, participants)
    let cases: [(&'static str, &[&str]); 3] = [
        (
            "التقى ماكرون السيسي أمس في باريس، بحسب المتحدث باسم الخارجية المصرية أحمد أبو زيد.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
        (
            "التقى ماكرون السيسي أمس في باريس، وفقا للمتحدث باسم الخارجية المصرية أحمد أبو زيد.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي"],
        ),
        // the spokesman who takes part is named before any source
        (
            "التقى ماكرون السيسي والمتحدث باسم الخارجية المصرية أحمد أبو زيد أمس في باريس.",
            &["إيمانويل ماكرون", "عبد الفتاح السيسي", "أحمد أبو زيد"],
        ),
    ];
    for (text, want) in cases {
        let (got, rec) = run(&Case {
            text,
            people: &[MACRON, SISI, SPOKESMAN],
            places: &[PARIS],
            dates: &[YESTERDAY],
        });
        let mut names: Vec<&str> = got
            .iter()
            .flat_map(|m| {
                m.participants
                    .iter()
                    .map(|&e| rec.entities[e].name.as_str())
            })
            .collect();
        names.sort();
        let mut want = want.to_vec();
        want.sort();
        assert_eq!(names, want, "{text}");
    }
}

#[test]
fn the_people_of_a_meeting_referred_to_later_are_not_this_one_s() {
    const MOSCOW: (&str, &[&str], EntityKind) = ("موسكو", &["موسكو"], EntityKind::City);
    check(
        &Case {
            text: "والتقى شكري لافروف في موسكو، بعد القمة التي جمعت السيسي وماكرون في باريس.",
            people: &[SHOUKRY, LAVROV, SISI, MACRON],
            places: &[MOSCOW, PARIS],
            dates: &[],
        },
        &[
            Want {
                participants: &["سامح شكري", "سيرغي لافروف"],
                kind: MeetingKind::Bilateral,
                status: MeetingStatus::Held,
                place: Some("موسكو"),
                // (a held meeting the sentence does not date takes the lead's day)
                date: Some("2016-03-10"),
            },
            // the summit is a meeting of its own, with its own people and place
            Want {
                participants: &["عبد الفتاح السيسي", "إيمانويل ماكرون"],
                kind: MeetingKind::Summit,
                status: MeetingStatus::Held,
                place: Some("باريس"),
                date: None,
            },
        ],
    );
}
