//! Store tests on hand-made extractions, so they test the registry, the indexes and the
//! corrections independently of extraction quality.
use super::records::LocalEntity;
use super::*;
use crate::extract::{
    ArticleEntity, EntityKind, ExtractedArticle, Mention, PartialDate, Quote, QuoteKind, Role,
};

/// One person of a test article: (name, role, aliases).
struct P<'a>(&'a str, Option<&'a str>, &'a [&'a str]);

/// An article whose people each say one thing, published on 2014-11-`day`.
fn article(text: &str, people: &[P<'_>], kind: EntityKind) -> ExtractedArticle {
    let mut x = ExtractedArticle {
        text: text.to_string(),
        ..ExtractedArticle::default()
    };
    for (i, P(name, role, aliases)) in people.iter().enumerate() {
        let role = role.map(|r| Role {
            text: r.to_string(),
            country: None,
        });
        x.mentions.push(Mention {
            name: name.to_string(),
            text: name.to_string(),
            role: role.clone(),
            kind,
            entity: i,
            ..Mention::default()
        });
        let mut al: Vec<(String, u32)> = vec![(name.to_string(), 1)];
        al.extend(aliases.iter().map(|a| (a.to_string(), 1)));
        x.entities.push(ArticleEntity {
            kind,
            name: name.to_string(),
            aliases: al,
            roles: role.into_iter().collect(),
            mentions: vec![i],
            ..ArticleEntity::default()
        });
        x.quotes.push(Quote {
            text: format!("{text} {i}"),
            kind: QuoteKind::Direct,
            speaker: Some(i),
            date: Some(PartialDate {
                year: 2014,
                month: 11,
                day: 20,
            }),
            ..Quote::default()
        });
    }
    x
}

fn meta(day: u32) -> ArticleMeta {
    ArticleMeta {
        published: Some(PartialDate {
            year: 2014,
            month: 11,
            day,
        }),
        outlet: "راديو سوا".into(),
        language: "ar".into(),
        ..ArticleMeta::default()
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("db")).expect("open");
    (dir, store)
}

fn ingest(store: &Store, key: &str, x: &ExtractedArticle, day: u32) -> ArticleRecord {
    store
        .ingest(ArticleId::of_text(key), &meta(day), x)
        .expect("ingest")
        .article
}

fn speaker_ids(store: &Store, query: &str) -> Vec<u64> {
    let q = QuoteQuery {
        speaker: Some(query.into()),
        ..QuoteQuery::default()
    };
    let page = store.list_quotes(&q, 1000, None).expect("list");
    page.items
        .iter()
        .filter_map(|q| q.speaker.as_ref().map(|s| s.id))
        .collect()
}

fn linked(a: &ArticleRecord) -> Vec<u64> {
    a.locals.iter().filter_map(|l| l.entity).collect()
}

const ZARIF_ROLE: Option<&str> = Some("وزير الخارجية الإيراني");

/// The store is stamped with the current format (a migration on open ran to its end).
fn assert_stamped_current(store: &Store) {
    use super::format::{FORMAT_VERSION, FORMAT_VERSION_KEY};
    assert_eq!(
        store
            .raw_value("meta", FORMAT_VERSION_KEY)
            .expect("version"),
        Some(FORMAT_VERSION.to_be_bytes().to_vec())
    );
}

#[test]
fn linking_across_articles() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("محمد جواد ظريف", ZARIF_ROLE, &["ظريف"])], p),
        1,
    );
    // (article people, linked to Zarif?)
    let cases: [(&[P<'_>], bool); 7] = [
        // a misprinted first name with the same family name and role
        (&[P("محمود جواد ظريف", ZARIF_ROLE, &[])], true),
        // the full name with a long vowel written out, and no role
        (&[P("محمد جواد ظاريف", None, &[])], true),
        // once that spelling is known as his, its family name alone is too
        (&[P("ظاريف", None, &[])], true),
        // the family name alone
        (&[P("ظريف", None, &[])], true),
        // the same spelling with other hamza/space forms
        (&[P("محمد  جواد ظريف", None, &[])], true),
        // one letter off but another role: someone else
        (&[P("أحمد جواد ظريف", Some("رئيس البرلمان"), &[])], false),
        // someone else
        (&[P("حسن روحاني", Some("الرئيس الإيراني"), &[])], false),
    ];
    let zarif = linked(&a)[0];
    for (i, (people, same)) in cases.iter().enumerate() {
        let b = ingest(
            &store,
            &format!("b{i}"),
            &article(&format!("b{i}"), people, p),
            2,
        );
        assert_eq!(linked(&b)[0] == zarif, *same, "case {i}: {}", people[0].0);
    }
    let e = store.get_entity(EntityId(zarif)).expect("zarif");
    assert_eq!(e.name, "محمد جواد ظريف");
    assert_eq!(e.latin_name.as_deref(), Some("Mohammad Javad Zarif"));
    assert_eq!(e.article_count, 6);
    assert_eq!(e.quote_count, 6);
    // a query in any of the spellings finds them all, the variant-only entity too
    let by_variant = speaker_ids(&store, "ظاريف");
    assert!(by_variant.contains(&zarif), "{by_variant:?}");
}

#[test]
fn people_sharing_a_family_name_stay_apart() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("بشار الجعفري", None, &[])], p),
        1,
    );
    let b = ingest(
        &store,
        "b",
        &article("b", &[P("إبراهيم الجعفري", None, &[])], p),
        2,
    );
    assert_ne!(linked(&a), linked(&b));
    // the bare family name fits both: it is not guessed onto either
    let c = ingest(&store, "c", &article("c", &[P("الجعفري", None, &[])], p), 3);
    assert!(!linked(&a).contains(&linked(&c)[0]) && !linked(&b).contains(&linked(&c)[0]));
    // a query by full name finds one person only
    assert_eq!(speaker_ids(&store, "بشار الجعفري"), linked(&a));
}

#[test]
fn unnamed_people_are_never_merged_across_articles() {
    let (_d, store) = open();
    let u = EntityKind::UnnamedPerson;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("مسؤول إيراني", None, &[])], u),
        1,
    );
    let b = ingest(
        &store,
        "b",
        &article("b", &[P("مسؤول إيراني", None, &[])], u),
        2,
    );
    assert_ne!(linked(&a), linked(&b));
    // but re-ingesting the same article (new date) keeps its own
    let a2 = ingest(
        &store,
        "a",
        &article("a", &[P("مسؤول إيراني", None, &[])], u),
        5,
    );
    assert_eq!(linked(&a), linked(&a2));
}

#[test]
fn speaker_queries_by_any_name_are_precise() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let x = article(
        "a",
        &[
            P(
                "ديفيد كاميرون",
                Some("رئيس الحكومة البريطانية"),
                &["كاميرون"],
            ),
            P("جون كيري", None, &["كيري"]),
            P("حسن روحاني", None, &["روحاني"]),
            P("محمد جواد ظريف", ZARIF_ROLE, &[]),
        ],
        p,
    );
    let a = ingest(&store, "a", &x, 1);
    let ids = linked(&a);
    let (cameron, kerry, rouhani, zarif) = (ids[0], ids[1], ids[2], ids[3]);
    // (query, the only speaker expected)
    let cases = [
        ("كاميرون", cameron),
        ("ديفيد كاميرون", cameron),
        ("Cameron", cameron),
        ("Kerry", kerry),
        ("كيري", kerry),
        ("Rouhani", rouhani),
        ("Rohani", rouhani),
        ("روحانى", rouhani),
        ("Zarif", zarif),
        ("ظريف", zarif),
        ("Mohammad Javad Zarif", zarif),
    ];
    for (query, want) in cases {
        assert_eq!(speaker_ids(&store, query), vec![want], "{query}");
    }
    let id = EntityId(kerry).to_string();
    assert_eq!(speaker_ids(&store, &id), vec![kerry]);
    for nobody in ["Lavrov", "لافروف", "e999", "ك"] {
        assert!(speaker_ids(&store, nobody).is_empty(), "{nobody}");
    }
}

#[test]
fn idempotent_ingest_and_delete_take_everything_back() {
    let (_d, store) = open();
    let x = article("a", &[P("جون كيري", None, &[])], EntityKind::Person);
    let id = ArticleId::of_text("a");
    assert!(
        !store
            .ingest(id, &meta(1), &x)
            .expect("first")
            .already_stored
    );
    assert!(
        store
            .ingest(id, &meta(1), &x)
            .expect("again")
            .already_stored
    );
    assert_eq!(speaker_ids(&store, "كيري").len(), 1, "facts not duplicated");
    let kerry = EntityId(linked(&store.get_article(id).expect("get").article)[0]);
    // a new date replaces the article: still one quote, indexed under the new date
    store.ingest(id, &meta(9), &x).expect("redate");
    let by_date = |day: u32| {
        let q = ArticleQuery {
            published: DateRange {
                from: 20141100 + day,
                to: 20141100 + day,
            },
            ..ArticleQuery::default()
        };
        store.list_articles(&q, 10, None).expect("list").items.len()
    };
    assert_eq!((by_date(1), by_date(9)), (0, 1));
    assert_eq!(speaker_ids(&store, "كيري").len(), 1);
    assert_eq!(store.get_entity(kerry).expect("kerry").article_count, 1);

    store.delete_article(id).expect("delete");
    assert!(matches!(
        store.get_article(id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(speaker_ids(&store, "كيري").is_empty());
    let e = store.get_entity(kerry).expect("entity is kept");
    assert_eq!((e.article_count, e.quote_count), (0, 0));
    let listed = store
        .list_entities(&EntityQuery::default(), 100, None)
        .expect("entities");
    assert!(
        listed.items.is_empty(),
        "unmentioned entities are not listed"
    );
    // ... and the same article coming back gets the same entity
    store.ingest(id, &meta(1), &x).expect("back");
    assert_eq!(speaker_ids(&store, "كيري"), vec![kerry.0]);
    assert!(matches!(
        store.delete_article(ArticleId::of_text("nope")),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn merge_moves_facts_and_survives_reingest() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("سيرغي لافروف", None, &[])], p),
        1,
    );
    let b = ingest(
        &store,
        "b",
        &article("b", &[P("سيرجي لافروف", None, &[])], p),
        2,
    );
    let (target, source) = (EntityId(linked(&a)[0]), EntityId(linked(&b)[0]));
    assert_ne!(
        target, source,
        "different first names are not merged automatically"
    );
    let merged = store.merge_entities(target, source).expect("merge");
    assert_eq!((merged.article_count, merged.quote_count), (2, 2));
    assert_eq!(speaker_ids(&store, "سيرجي لافروف"), vec![target.0, target.0]);
    assert_eq!(store.get_entity(source).expect("redirect").id, target.0);
    // delete and ingest again: the correction still holds
    store
        .delete_article(ArticleId::of_text("b"))
        .expect("delete");
    let b2 = ingest(
        &store,
        "b",
        &article("b", &[P("سيرجي لافروف", None, &[])], p),
        2,
    );
    assert_eq!(linked(&b2), vec![target.0]);
    assert!(store.merge_entities(target, target).is_err());
}

#[test]
fn split_alias_moves_its_articles_and_survives_reingest() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("محمد جواد ظريف", ZARIF_ROLE, &[])], p),
        1,
    );
    let b = ingest(
        &store,
        "b",
        &article("b", &[P("محمود جواد ظريف", ZARIF_ROLE, &[])], p),
        2,
    );
    let zarif = EntityId(linked(&a)[0]);
    assert_eq!(linked(&b), vec![zarif.0]);
    let (original, split) = store.split_alias(zarif, "محمود جواد ظريف").expect("split");
    assert_eq!((original.article_count, split.article_count), (1, 1));
    assert!(!original.aliases.contains_key("محمود جواد ظريف"));
    assert_eq!(speaker_ids(&store, "محمود جواد ظريف"), vec![split.id]);
    let b2 = ingest(
        &store,
        "b",
        &article("b", &[P("محمود جواد ظريف", ZARIF_ROLE, &[])], p),
        7,
    );
    assert_eq!(linked(&b2), vec![split.id]);
    assert!(store.split_alias(zarif, "غير موجود").is_err());
}

#[test]
fn update_fixes_names_through_reingest() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    let a = ingest(
        &store,
        "a",
        &article("a", &[P("فيليب هاموند", None, &[])], p),
        1,
    );
    let id = EntityId(linked(&a)[0]);
    store
        .update_entity(id, Some("فيليب هاموند"), Some("Philip Hammond (UK)"))
        .expect("update");
    let b = ingest(&store, "b", &article("b", &[P("هاموند", None, &[])], p), 2);
    assert_eq!(linked(&b), vec![id.0]);
    let e = store.get_entity(id).expect("get");
    assert_eq!(e.latin_name.as_deref(), Some("Philip Hammond (UK)"));
    assert_eq!(speaker_ids(&store, "Philip Hammond (UK)").len(), 2);
}

#[test]
fn paging_walks_every_quote_once_newest_first() {
    let (_d, store) = open();
    let p = EntityKind::Person;
    for day in 1..=7 {
        let people = [P("جون كيري", None, &[]), P("حسن روحاني", None, &[])];
        let mut x = article(&format!("t{day}"), &people, p);
        for q in &mut x.quotes {
            q.date = Some(PartialDate {
                year: 2014,
                month: 11,
                day,
            });
        }
        ingest(&store, &format!("t{day}"), &x, day);
    }
    let mut cursor = None;
    let mut seen = Vec::new();
    loop {
        let page = store
            .list_quotes(&QuoteQuery::default(), 3, cursor.as_deref())
            .expect("page");
        seen.extend(
            page.items
                .iter()
                .map(|q| (q.quote.date, q.quote.id.clone())),
        );
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 14);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        sorted.iter().map(|s| s.0).collect::<Vec<_>>()
    );
    sorted.dedup();
    assert_eq!(sorted.len(), 14, "no quote twice");
    assert!(matches!(
        store.list_quotes(&QuoteQuery::default(), 3, Some(&[1, 2])),
        Err(StoreError::BadCursor(_))
    ));
}

/// Every page of `query` (a list by article), `size` at a time: the ids in the order listed.
fn all_pages<R>(
    size: usize,
    mut list: impl FnMut(usize, Option<&[u8]>) -> Result<Page<R>, StoreError>,
    id: impl Fn(&R) -> String,
) -> Vec<String> {
    let (mut cursor, mut ids) = (None::<Vec<u8>>, Vec::new());
    loop {
        let page = list(size, cursor.as_deref()).expect("page");
        assert!(page.items.len() <= size);
        ids.extend(page.items.iter().map(&id));
        match page.next {
            Some(c) => cursor = Some(c),
            None => return ids,
        }
    }
}

fn quotes_of(store: &Store, q: &QuoteQuery, size: usize) -> Vec<String> {
    all_pages(
        size,
        |n, c| store.list_quotes(q, n, c),
        |q| q.quote.id.clone(),
    )
}

fn meetings_of(store: &Store, q: &MeetingQuery, size: usize) -> Vec<String> {
    all_pages(
        size,
        |n, c| store.list_meetings(q, n, c),
        |m| m.meeting.id.clone(),
    )
}

/// Six people quoted on different dates and three meetings, in one article (`key`).
fn dated_facts(key: &str) -> ExtractedArticle {
    let day = |month, day| {
        Some(PartialDate {
            year: 2014,
            month,
            day,
        })
    };
    let names = [
        "جون كيري",
        "حسن روحاني",
        "سيرغي لافروف",
        "وليد المعلم",
        "فؤاد معصوم",
        "ناصر جودة",
    ];
    let people: Vec<P<'_>> = names.iter().map(|n| P(n, None, &[])).collect();
    let mut x = article(key, &people, EntityKind::Person);
    // by quote index: 2014-11-20, 11-05, no date, November (sorts as its 1st), 11-20, 12-01
    let dates = [
        day(11, 20),
        day(11, 5),
        None,
        day(11, 0),
        day(11, 20),
        day(12, 1),
    ];
    for (q, d) in x.quotes.iter_mut().zip(dates) {
        q.date = d;
    }
    x.quotes[1].kind = QuoteKind::Indirect;
    x.quotes[4].kind = QuoteKind::Indirect;
    // by meeting index: 2014-11-03, no date, 2014-11-03
    for d in [day(11, 3), None, day(11, 3)] {
        x.meetings.push(crate::extract::Meeting {
            participants: vec![0, 1],
            date: d,
            ..crate::extract::Meeting::default()
        });
    }
    x
}

#[test]
fn an_articles_facts_are_listed_newest_first_and_paged_by_their_dated_suffix() {
    let (_d, store) = open();
    let a = ArticleId::of_text("x");
    ingest(&store, "x", &dated_facts("x"), 20);
    // another article's facts, on the same dates, are never listed with x's
    ingest(&store, "y", &dated_facts("y"), 20);
    let range = |from, to| DateRange { from, to };
    let all = DateRange::default();
    // (dates, kind, page size, quote indexes in the order listed: date newest first, then the
    // later quote of one date first, as the dated suffix `date | fact id` orders them)
    let quotes: [(DateRange, Option<QuoteKind>, usize, &[u16]); 9] = [
        (all, None, 100, &[5, 4, 0, 1, 3, 2]),
        (all, None, 1, &[5, 4, 0, 1, 3, 2]),
        (all, None, 4, &[5, 4, 0, 1, 3, 2]),
        (range(20_141_101, 20_141_130), None, 2, &[4, 0, 1, 3]),
        (range(20_141_120, 20_141_120), None, 1, &[4, 0]),
        (range(0, 0), None, 5, &[2]),
        (range(20_150_101, 99_991_231), None, 3, &[]),
        (all, Some(QuoteKind::Indirect), 1, &[4, 1]),
        (
            range(20_141_106, 20_141_231),
            Some(QuoteKind::Direct),
            1,
            &[5, 0],
        ),
    ];
    for (dates, kind, size, want) in quotes {
        let q = QuoteQuery {
            article: Some(a),
            dates,
            kind,
            ..QuoteQuery::default()
        };
        let want: Vec<String> = want.iter().map(|i| format!("{a}-q{i}")).collect();
        assert_eq!(
            quotes_of(&store, &q, size),
            want,
            "{dates:?} {kind:?} {size}"
        );
    }
    let meetings: [(DateRange, usize, &[u16]); 3] = [
        (all, 1, &[2, 0, 1]),
        (all, 10, &[2, 0, 1]),
        (range(20_141_101, 20_141_130), 1, &[2, 0]),
    ];
    for (dates, size, want) in meetings {
        let q = MeetingQuery {
            article: Some(a),
            dates,
            ..MeetingQuery::default()
        };
        let want: Vec<String> = want.iter().map(|i| format!("{a}-m{i}")).collect();
        assert_eq!(meetings_of(&store, &q, size), want, "{dates:?} {size}");
    }
    // a cursor of another list's shape is refused, as the indexed lists refuse it
    let by_article = QuoteQuery {
        article: Some(a),
        ..QuoteQuery::default()
    };
    assert!(matches!(
        store.list_quotes(&by_article, 3, Some(&[1, 2])),
        Err(StoreError::BadCursor(_))
    ));
    // an article that is not stored has no facts
    let none = QuoteQuery {
        article: Some(ArticleId::of_text("z")),
        ..QuoteQuery::default()
    };
    assert!(quotes_of(&store, &none, 3).is_empty());
}

#[test]
fn concurrent_ingests_share_one_registry() {
    let (_d, store) = open();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                let key = format!("c{i}");
                let x = article(&key, &[P("حسن روحاني", None, &[])], EntityKind::Person);
                linked(&ingest(&store, &key, &x, 1))[0]
            })
        })
        .collect();
    let ids: Vec<u64> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    assert_eq!(
        store.get_entity(EntityId(ids[0])).expect("e").article_count,
        4
    );
}

/// The store's whole content, as export writes it (canonical: key order, counts included).
fn exported(store: &Store) -> String {
    let mut out = Vec::new();
    store.export(&mut out).expect("export");
    String::from_utf8(out).expect("export is UTF-8")
}

#[test]
fn a_group_commit_equals_the_same_ingests_one_by_one() {
    let p = EntityKind::Person;
    let a = article("a", &[P("محمد جواد ظريف", ZARIF_ROLE, &["ظريف"])], p);
    let b = article("b", &[P("ظريف", None, &[]), P("جون كيري", None, &[])], p);
    let c = article("c", &[P("جون كيري", None, &[])], p);
    let (id_a, id_b, id_c) = (
        ArticleId::of_text("a"),
        ArticleId::of_text("b"),
        ArticleId::of_text("c"),
    );
    let (m1, m2) = (meta(1), meta(2));
    // (article, id, meta, already stored when its turn comes): the same article twice in one
    // group is stored once; with another date later in the group it is replaced
    let sequence = [
        (&a, id_a, &m1, false),
        (&b, id_b, &m1, false),
        (&a, id_a, &m1, true),
        (&c, id_c, &m1, false),
        (&a, id_a, &m2, false),
        (&c, id_c, &m1, true),
    ];
    let (_d1, grouped) = open();
    let outcomes = grouped.ingest_many(sequence.iter().map(|&(x, id, m, _)| (id, m, x)));
    let (_d2, single) = open();
    for (outcome, &(x, id, m, already)) in outcomes.into_iter().zip(&sequence) {
        let outcome = outcome.expect("grouped ingest");
        assert_eq!(outcome.already_stored, already, "{id}");
        let one = single.ingest(id, m, x).expect("single ingest");
        assert_eq!(one.already_stored, already, "{id}");
        assert_eq!(outcome.article, one.article, "{id}");
    }
    assert_eq!(exported(&grouped), exported(&single));
    assert!(grouped.check().expect("check").is_consistent());
    assert_eq!(grouped.stored_published(id_a).expect("a"), Some(20141102));
    let kerry = speaker_ids(&grouped, "كيري");
    assert_eq!(kerry.len(), 2, "kerry quoted in b and c: {kerry:?}");
    let e = grouped.get_entity(EntityId(kerry[0])).expect("kerry");
    assert_eq!(e.article_count, 2);
}

/// Articles "a" and "b", each naming John Kerry, with their ids.
fn two_articles_quoting_kerry() -> ((ArticleId, ExtractedArticle), (ArticleId, ExtractedArticle)) {
    let p = EntityKind::Person;
    let one = |text: &str| {
        (
            ArticleId::of_text(text),
            article(text, &[P("جون كيري", None, &[])], p),
        )
    };
    (one("a"), one("b"))
}

#[test]
fn an_ingest_finding_the_writer_taken_is_written_when_the_writer_lets_go() {
    // the queuing thread does not wait for the writer: it leaves its article to the holder,
    // which writes it (one group, one flush) as it lets go
    let (_d, store) = open();
    let ((id_a, a), (id_b, b)) = two_articles_quoting_kerry();
    let writer = store.writer();
    let queued = {
        let store = store.clone();
        std::thread::spawn(move || {
            let meta = meta(1);
            vec![
                store.queue_ingest(id_a, &meta, &a),
                store.queue_ingest(id_b, &meta, &b),
            ]
        })
        .join()
        .expect("queuing thread")
    };
    assert_eq!(store.queue().len(), 2, "both left to the writer's holder");
    assert_eq!(store.stored_published(id_a).expect("a"), None);
    drop(writer);
    assert!(store.queue().is_empty(), "written as the writer was let go");
    let outcomes: Vec<IngestOutcome> = queued
        .into_iter()
        .map(|pending| pending.wait().expect("durable"))
        .collect();
    assert!(outcomes.iter().all(|o| !o.already_stored));
    assert_eq!(store.stored_published(id_b).expect("b"), Some(20141101));
    let kerry = speaker_ids(&store, "كيري");
    assert_eq!(kerry.len(), 2, "{kerry:?}");
    assert_eq!(kerry[0], kerry[1], "one entity: b's writer saw a's");
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn a_write_holding_the_writer_writes_the_ingests_queued_meanwhile() {
    // a delete or a correction holds the writer as an ingest's group does: what is queued
    // meanwhile is written when it lets go
    let (_d, store) = open();
    let ((id_a, a), (id_b, b)) = two_articles_quoting_kerry();
    store.ingest(id_a, &meta(1), &a).expect("a");
    let pending = store
        .write(|_batch| {
            let store = store.clone();
            Ok(
                std::thread::spawn(move || store.queue_ingest(id_b, &meta(1), &b))
                    .join()
                    .expect("queuing thread"),
            )
        })
        .expect("write");
    assert!(store.queue().is_empty());
    assert!(!pending.wait().expect("b durable").already_stored);
    store.delete_article(id_a).expect("delete a");
    assert_eq!(store.stored_published(id_a).expect("a"), None);
    assert_eq!(store.stored_published(id_b).expect("b"), Some(20141101));
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn concurrent_ingests_are_all_durable_and_linked_once() {
    // many threads at once: their articles are committed in shared groups; every outcome is
    // answered, and the one person they all quote is one entity
    let (dir, store) = open();
    let p = EntityKind::Person;
    let handles: Vec<_> = (0..24)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                let key = format!("t{}", i % 12); // every article sent twice
                let x = article(&key, &[P("جون كيري", None, &[])], p);
                store
                    .ingest(ArticleId::of_text(&key), &meta(1), &x)
                    .expect("ingest")
                    .already_stored
            })
        })
        .collect();
    let already: usize = handles
        .into_iter()
        .map(|h| usize::from(h.join().expect("thread")))
        .sum();
    assert_eq!(already, 12, "each article stored once");
    drop(store);
    let store = Store::open(dir.path().join("db")).expect("reopen");
    assert_eq!(speaker_ids(&store, "كيري").len(), 12);
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn records_of_format_1_json_are_still_read() {
    // a store written with JSON records (format 1) reads, exports and checks as the same store
    let (_d, store) = open();
    let p = EntityKind::Person;
    ingest(
        &store,
        "a",
        &article("a", &[P("محمد جواد ظريف", ZARIF_ROLE, &[])], p),
        1,
    );
    ingest(&store, "b", &article("b", &[P("ظريف", None, &[])], p), 2);
    let before = exported(&store);
    let json = |t: T, v: &[u8]| -> Vec<u8> {
        match t {
            T::Articles => encode_json(&decode::<ArticleRecord>(t, v).expect("article")),
            T::Quotes => encode_json(&decode::<QuoteRecord>(t, v).expect("quote")),
            T::Meetings => encode_json(&decode::<MeetingRecord>(t, v).expect("meeting")),
            _ => encode_json(&decode::<EntityRecord>(t, v).expect("entity")),
        }
    };
    let mut rewritten = 0;
    for t in [T::Articles, T::Quotes, T::Entities] {
        for kv in store.tree(t).iter() {
            let (k, v) = kv.expect("read");
            assert_ne!(v.first(), Some(&b'{'), "format 2 writes binary records");
            store.tree(t).insert(k, json(t, &v)).expect("write JSON");
            rewritten += 1;
        }
    }
    assert!(rewritten >= 5, "{rewritten}");
    assert_eq!(exported(&store), before);
    assert!(store.check().expect("check").is_consistent());
    // and written on: a new article links to the JSON-stored entity
    let c = ingest(&store, "c", &article("c", &[P("ظريف", None, &[])], p), 3);
    assert_eq!(speaker_ids(&store, "ظريف").len(), 3);
    assert_eq!(linked(&c).len(), 1);
}

#[test]
fn records_encode_compactly_and_round_trip() {
    // (record, at most this many bytes encoded): an article's raw and cleaned texts share one
    // compressed block, so keeping both costs little more than one
    let text = "قال وزير الخارجية الإيراني محمد جواد ظريف إن المفاوضات مستمرة. ".repeat(40);
    let article = ArticleRecord {
        id: "00".repeat(16),
        raw: format!("عنوان\n\n{text}"),
        text: text.clone(),
        ..ArticleRecord::default()
    };
    let encoded = encode(&article);
    assert_eq!(encoded.first(), Some(&TAG_POSTCARD_ZSTD));
    assert!(encoded.len() < text.len() / 2, "{} bytes", encoded.len());
    // and as formats 2 and 3 stored it
    for bytes in [&encoded, &encode_lz4(&article)] {
        assert_eq!(
            decode::<ArticleRecord>(T::Articles, bytes).expect("decode"),
            article
        );
    }
    // (quote text, the tag of its record): small records are left plain, mid-sized ones lz4
    for (said, tag) in [
        ("المفاوضات مستمرة", TAG_POSTCARD),
        (&*"المفاوضات مستمرة ".repeat(30), TAG_POSTCARD_LZ4),
    ] {
        let quote = QuoteRecord {
            text: said.into(),
            speaker: Some(7),
            confidence: 0.5,
            ..QuoteRecord::default()
        };
        let encoded = encode(&quote);
        assert_eq!(encoded.first(), Some(&tag), "{}", said.len());
        assert_eq!(
            decode::<QuoteRecord>(T::Quotes, &encoded).expect("decode"),
            quote
        );
    }
    // corrupt bytes are an error, never a panic
    let mut truncated = encoded.clone();
    truncated.truncate(encoded.len() - 3);
    let mut longer = encoded.clone();
    longer[1] = longer[1].wrapping_add(1);
    for bad in [
        &[TAG_POSTCARD_LZ4, 9, 0, 0, 0, 1][..],
        &[TAG_POSTCARD_ZSTD, 9, 0, 0, 0, 1][..],
        &[TAG_POSTCARD_ZSTD, 255, 255, 255, 255, 1][..],
        &[TAG_POSTCARD_ZSTD, 1, 0][..],
        &truncated,
        &longer,
        &[TAG_POSTCARD][..],
        b"{",
        b"",
    ] {
        assert!(
            decode::<ArticleRecord>(T::Articles, bad).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn binary_layout_is_pinned() {
    // Postcard is positional: a field added to, removed from or moved in a stored record changes
    // these bytes, and records already on disk would no longer decode. If this fails, bump
    // format::FORMAT_VERSION with a migration that rewrites the records, then update the bytes.
    let entity = EntityRecord {
        id: 3,
        kind: 1,
        name: "ab".into(),
        latin_name: Some("c".into()),
        aliases: [("ab".to_string(), 2)].into_iter().collect(),
        roles: vec![RoleRecord {
            role: "r".into(),
            country: None,
            first_seen: 20141101,
            last_seen: 20141102,
            count: 1,
        }],
        quote_count: 4,
        meeting_count: 5,
        article_count: 6,
        scope: None,
        name_locked: true,
        latin_locked: false,
    };
    let quote = QuoteRecord {
        speaker: Some(1),
        speaker_local: Some(2),
        confidence: 1.0,
        ..QuoteRecord::default()
    };
    let meeting = MeetingRecord {
        participants: vec![1],
        participants_local: vec![2],
        ..MeetingRecord::default()
    };
    let article = ArticleRecord {
        raw: "r".into(),
        locals: vec![LocalEntity::default()],
        ..ArticleRecord::default()
    };
    let correction = records::Correction::Merge {
        target: 1,
        source: 2,
    };
    // (record, its encoding in hex)
    let cases = [
        (
            encode(&entity),
            "010301026162010163010261620201017200ada8cd09aea8cd0901040506000100",
        ),
        (encode(&quote), "01000001010102000000000000000000000000803f"),
        (encode(&meeting), "0100000101000102000000000000000000000000"),
        (
            encode(&article),
            "010000000172000000000000000000000100000000000000000000",
        ),
        (encode(&correction), "01000102"),
    ];
    let got: Vec<String> = cases.iter().map(|(bytes, _)| hex::encode(bytes)).collect();
    let want: Vec<&str> = cases.iter().map(|&(_, want)| want).collect();
    assert_eq!(got, want);
}

#[test]
fn a_store_keeps_the_compression_it_was_created_with() {
    // (compress_new when created, compress_new when reopened, compressed)
    let cases = [
        (false, false, false),
        (false, true, false),
        (true, false, true),
        (true, true, true),
    ];
    let x = article(
        "قال الوزير",
        &[P("محمد جواد ظريف", ZARIF_ROLE, &[])],
        EntityKind::Person,
    );
    for (created, reopened, compressed) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db");
        {
            let store = Store::open_with(
                &path,
                OpenOptions {
                    compress_new: created,
                },
            )
            .expect("create");
            ingest(&store, "قال الوزير", &x, 27);
        }
        let store = Store::open_with(
            &path,
            OpenOptions {
                compress_new: reopened,
            },
        )
        .unwrap_or_else(|e| panic!("{created} {reopened}: {e}"));
        assert_eq!(
            compression_of(&path, !compressed),
            compressed,
            "{created} {reopened}"
        );
        let view = store
            .get_article(ArticleId::of_text("قال الوزير"))
            .expect("read back");
        assert_eq!(view.article.summary.quotes, 1, "{created} {reopened}");
    }
}

#[test]
fn a_store_reopens_at_once_after_it_is_dropped_and_not_while_held() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    let x = article(
        "قال الوزير",
        &[P("محمد جواد ظريف", ZARIF_ROLE, &[])],
        EntityKind::Person,
    );
    // sled's I/O threads outlive a dropped store for a moment; reopening must not race them.
    for round in 0..20 {
        let store = Store::open(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        if round == 0 {
            ingest(&store, "قال الوزير", &x, 27);
        }
        store.flush().expect("flush");
    }
    let held = Store::open(&path).expect("open");
    let err = Store::open(&path)
        .err()
        .expect("a held store is not opened twice");
    assert!(err.to_string().contains("could not acquire lock"), "{err}");
    drop(held);
}

/// The log position the newest sled snapshot in `path` covers (its file is `snap.<LSN in hex>`;
/// an open replays the log after it), or `None` before any.
fn snapshot_lsn(path: &std::path::Path) -> Option<u64> {
    std::fs::read_dir(path)
        .expect("store directory")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            u64::from_str_radix(name.strip_prefix("snap.")?, 16).ok()
        })
        .max()
}

#[test]
fn closing_with_a_snapshot_leaves_the_next_open_no_log_to_replay() {
    let x = article(
        "قال الوزير",
        &[P("محمد جواد ظريف", ZARIF_ROLE, &["ظريف"])],
        EntityKind::Person,
    );
    // (how the writing session ends, whether that writes a snapshot covering its writes)
    let cases: [(&str, bool); 2] = [("dropped", false), ("closed with a snapshot", true)];
    for (ending, snapshots) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db");
        let store = Store::open(&path).expect("open");
        let opened_at = snapshot_lsn(&path);
        let ids: Vec<ArticleId> = (0..12)
            .map(|i| {
                let key = format!("مقال {i}");
                ingest(&store, &key, &x, 1 + i);
                ArticleId::of_text(&key)
            })
            .collect();
        if snapshots {
            assert_eq!(store.close_with_snapshot().ok(), Some(true), "{ending}");
        } else {
            drop(store);
        }
        let closed_at = snapshot_lsn(&path);
        assert_eq!(
            closed_at > opened_at,
            snapshots,
            "{ending}: {opened_at:?} → {closed_at:?}"
        );

        // everything is there, and an open after the snapshot has nothing newer to record
        let store = Store::open(&path).expect("reopen");
        for id in &ids {
            store.get_article(*id).expect(ending);
        }
        assert_eq!(speaker_ids(&store, "ظريف").len(), ids.len(), "{ending}");
        let reopened_at = snapshot_lsn(&path);
        if snapshots {
            assert_eq!(reopened_at, closed_at, "{ending}");
        } else {
            assert!(
                reopened_at > closed_at,
                "{ending}: the open replayed the session's log"
            );
        }
    }
}

#[test]
fn a_store_still_shared_is_only_flushed_when_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    let store = Store::open(&path).expect("open");
    let other = store.clone();
    let x = article(
        "قال الوزير",
        &[P("محمد جواد ظريف", ZARIF_ROLE, &[])],
        EntityKind::Person,
    );
    ingest(&store, "قال الوزير", &x, 27);
    assert_eq!(store.close_with_snapshot().ok(), Some(false));
    // the other handle still reads and writes
    other
        .get_article(ArticleId::of_text("قال الوزير"))
        .expect("read through the other handle");
    ingest(&other, "قال الوزير مرة أخرى", &x, 28);
    assert_eq!(other.close_with_snapshot().ok(), Some(true));
}

#[test]
fn the_writers_entity_cache_changes_nothing_stored() {
    // the same ingests and corrections into a store that keeps its writer's entity cache and
    // one that forgets it before every operation (as if restarted): the same store
    let p = EntityKind::Person;
    let zarif = || P("محمد جواد ظريف", ZARIF_ROLE, &["ظريف"]);
    let steps: Vec<(&str, ExtractedArticle, u32)> = vec![
        (
            "a",
            article("a", &[zarif(), P("جون كيري", None, &[])], p),
            1,
        ),
        ("b", article("b", &[P("ظريف", None, &[])], p), 2),
        ("c", article("c", &[P("جون كيري", None, &["كيري"])], p), 3),
        (
            "d",
            article("d", &[P("محمود جواد ظريف", ZARIF_ROLE, &[])], p),
            4,
        ),
        (
            "a",
            article("a", &[zarif(), P("جون كيري", None, &[])], p),
            5,
        ),
        ("e", article("e", &[P("سيرجي لافروف", None, &[])], p), 6),
        ("f", article("f", &[P("سيرغي لافروف", None, &[])], p), 7),
    ];
    let run = |forget: bool| {
        let (dir, store) = open();
        let step = |f: &dyn Fn()| {
            if forget {
                store.forget_cached_entities();
            }
            f();
        };
        for (key, x, day) in &steps {
            step(&|| {
                ingest(&store, key, x, *day);
            });
        }
        let ids = |name: &str| speaker_ids(&store, name);
        let (kerry, lavrov, lavrov2) = (
            ids("جون كيري")[0],
            ids("سيرجي لافروف")[0],
            ids("سيرغي لافروف")[0],
        );
        step(&|| {
            store
                .split_alias(EntityId(ids("محمد جواد ظريف")[0]), "محمود جواد ظريف")
                .expect("split");
        });
        step(&|| {
            store
                .merge_entities(EntityId(lavrov), EntityId(lavrov2))
                .expect("merge");
        });
        step(&|| {
            store
                .update_entity(EntityId(kerry), None, Some("John Kerry"))
                .expect("update");
        });
        step(&|| {
            store
                .delete_article(ArticleId::of_text("c"))
                .expect("delete");
        });
        for (key, x, _) in &steps {
            step(&|| {
                ingest(&store, key, x, 9);
            });
        }
        assert!(store.check().expect("check").is_consistent());
        (dir, exported(&store))
    };
    let (_d1, cached) = run(false);
    let (_d2, uncached) = run(true);
    assert_eq!(cached, uncached);
}

#[test]
fn an_index_key_lost_around_the_writer_is_healed_by_the_next_ingest() {
    // the cache only vouches for keys a committed batch wrote or checked: a key removed behind
    // the writer's back (repair, tamper) is written again when its entity is next touched
    let (_d, store) = open();
    let p = EntityKind::Person;
    let kerry = || article("a", &[P("جون كيري", None, &[])], p);
    ingest(&store, "a", &kerry(), 1);
    let key = store.raw_keys("entity_by_name").expect("keys")[0].clone();
    store.tamper("entity_by_name", &key, None).expect("tamper");
    assert!(!store.check().expect("check").is_consistent());
    ingest(
        &store,
        "b",
        &article("b", &[P("جون كيري", None, &[])], p),
        2,
    );
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn an_ingest_answers_with_the_summaries_a_read_gives() {
    // (article, its people): each answer's entity summaries are the ones read back right after,
    // whether the writer had the entities at hand or not
    let p = EntityKind::Person;
    let (_d, store) = open();
    let steps = [
        (
            "a",
            vec![
                P("جون كيري", None, &[]),
                P("محمد جواد ظريف", ZARIF_ROLE, &[]),
            ],
        ),
        ("b", vec![P("كيري", None, &["جون كيري"])]),
        (
            "c",
            vec![
                P("ظريف", ZARIF_ROLE, &["جواد ظريف"]),
                P("حسن روحاني", None, &[]),
            ],
        ),
    ];
    for (i, (key, people)) in steps.iter().enumerate() {
        if i == 2 {
            store.forget_cached_entities();
        }
        let id = ArticleId::of_text(key);
        let outcome = store
            .ingest(id, &meta(1), &article(key, people, p))
            .expect("ingest");
        assert!(outcome.entities.is_some(), "{key}: the writer had them");
        let answered = store.view_of_ingest(outcome).expect("view");
        let read = store.get_article(id).expect("get");
        assert_eq!(answered.entities, read.entities, "{key}");
        assert_eq!(answered.entities.len(), people.len(), "{key}");
    }
}

#[test]
fn unnamed_people_are_found_through_their_article() {
    let (_d, store) = open();
    let u = EntityKind::UnnamedPerson;
    // "a" names one official twice (spelt with and without hamza) and a source
    let a_people = || {
        article(
            "a",
            &[
                P("مسؤول أمني", None, &[]),
                P("مصدر", None, &[]),
                P("مسؤول امني", None, &[]),
            ],
            u,
        )
    };
    let b_people = article("b", &[P("مصدر", None, &[]), P("مسؤول أمني", None, &[])], u);
    let a = linked(&ingest(&store, "a", &a_people(), 1));
    let b = linked(&ingest(&store, "b", &b_people, 1));
    assert_eq!(a[0], a[2], "one name, one person within the article");
    assert_ne!(a[0], a[1], "another name, another person");
    assert!(b.iter().all(|e| !a.contains(e)), "never across articles");
    // one entry per (article, kind, name) of each entity, filed under its article
    let entries = store.raw_keys("entity_by_scope").expect("keys");
    let under = |key: &str| {
        let article = ArticleId::of_text(key);
        entries.iter().filter(|k| k.starts_with(&article.0)).count()
    };
    assert_eq!((entries.len(), under("a"), under("b")), (4, 2, 2));
    assert!(store.check().expect("check").is_consistent());

    // the article's people are found by their article, not by reading everyone of that name:
    // with the name index gone, a re-ingest (new date) still keeps its own entities
    for k in store.raw_keys("entity_by_name").expect("names") {
        store.tamper("entity_by_name", &k, None).expect("tamper");
    }
    assert_eq!(linked(&ingest(&store, "a", &a_people(), 2)), a);
    store.repair().expect("repair");
    assert!(store.check().expect("check").is_consistent());

    // deleted, the article's people stay known (as named ones do) and come back with it
    store
        .delete_article(ArticleId::of_text("a"))
        .expect("delete");
    assert!(store.check().expect("check").is_consistent());
    let back = linked(&ingest(&store, "a", &a_people(), 3));
    assert_eq!(back, a);
    assert_eq!(
        store.get_entity(EntityId(a[1])).expect("e").article_count,
        1
    );
    assert_eq!(store.raw_keys("entity_by_scope").expect("keys").len(), 4);
}

#[test]
fn unnamed_people_in_one_group_commit_stay_in_their_articles() {
    let u = EntityKind::UnnamedPerson;
    let source = |key: &str| article(key, &[P("مصدر", None, &[])], u);
    let (a, b) = (source("a"), source("b"));
    let (id_a, id_b) = (ArticleId::of_text("a"), ArticleId::of_text("b"));
    let (m1, m2) = (meta(1), meta(2));
    // (article, id, meta): "a" comes back later in the group with another date
    let group = [(&a, id_a, &m1), (&b, id_b, &m1), (&a, id_a, &m2)];
    let (_d, store) = open();
    let linked_in_order: Vec<Vec<u64>> = store
        .ingest_many(group.iter().map(|&(x, id, m)| (id, m, x)))
        .into_iter()
        .map(|o| linked(&o.expect("ingest").article))
        .collect();
    assert_ne!(linked_in_order[0], linked_in_order[1]);
    assert_eq!(linked_in_order[0], linked_in_order[2]);
    assert_eq!(store.raw_keys("entity_by_scope").expect("keys").len(), 2);
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn merging_unnamed_people_leaves_no_stale_scope_entry() {
    let (_d, store) = open();
    let u = EntityKind::UnnamedPerson;
    let a = linked(&ingest(
        &store,
        "a",
        &article("a", &[P("مصدر", None, &[])], u),
        1,
    ));
    let b = linked(&ingest(
        &store,
        "b",
        &article("b", &[P("مصدر", None, &[])], u),
        2,
    ));
    store
        .merge_entities(EntityId(a[0]), EntityId(b[0]))
        .expect("merge");
    // the merged entity's entry is gone; "b" (re-linked by the merge) still has a person of its
    // own, since an unnamed person belongs to one article
    assert!(store.check().expect("check").is_consistent());
    let b_now = linked(
        &store
            .get_article(ArticleId::of_text("b"))
            .expect("b")
            .article,
    );
    assert_ne!(b_now, a);
    assert_eq!(store.raw_keys("entity_by_scope").expect("keys").len(), 2);
}

#[test]
fn a_format_2_store_gets_its_scope_index_when_opened() {
    use super::format::FORMAT_VERSION_KEY;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    let u = EntityKind::UnnamedPerson;
    let a_people = || article("a", &[P("مصدر", None, &[])], u);
    let a = {
        let store = Store::open(&path).expect("open");
        let a = linked(&ingest(&store, "a", &a_people(), 1));
        ingest(
            &store,
            "b",
            &article("b", &[P("جون كيري", None, &[])], EntityKind::Person),
            1,
        );
        // as format 2 wrote it: no scope index
        for k in store.raw_keys("entity_by_scope").expect("keys") {
            store.tamper("entity_by_scope", &k, None).expect("tamper");
        }
        store
            .tamper("meta", FORMAT_VERSION_KEY, Some(&2u32.to_be_bytes()))
            .expect("stamp 2");
        assert!(!store.check().expect("check").is_consistent());
        a
    };
    let store = Store::open(&path).expect("reopen");
    assert_stamped_current(&store);
    assert_eq!(store.raw_keys("entity_by_scope").expect("keys").len(), 1);
    assert!(store.check().expect("check").is_consistent());
    assert_eq!(linked(&ingest(&store, "a", &a_people(), 2)), a);
}

#[test]
fn a_format_3_store_with_lz4_records_opens_and_answers_the_same() {
    use super::format::FORMAT_VERSION_KEY;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    let p = EntityKind::Person;
    // long enough texts that every article and quote record is compressed
    let text = |s: &str| format!("{s} قال وزير الخارجية إن المفاوضات مستمرة. ").repeat(40);
    let zarif = || article(&text("a"), &[P("محمد جواد ظريف", ZARIF_ROLE, &["ظريف"])], p);
    let (before, zarif_id) = {
        let store = Store::open(&path).expect("open");
        let a = ingest(&store, "a", &zarif(), 1);
        ingest(
            &store,
            "b",
            &article(
                &text("b"),
                &[P("ظريف", None, &[]), P("جون كيري", None, &[])],
                p,
            ),
            2,
        );
        // as format 3 wrote it: every record lz4-compressed (or plain when that was not smaller)
        let lz4 = |t: T, v: &[u8]| -> Vec<u8> {
            match t {
                T::Articles => encode_lz4(&decode::<ArticleRecord>(t, v).expect("article")),
                T::Quotes => encode_lz4(&decode::<QuoteRecord>(t, v).expect("quote")),
                _ => encode_lz4(&decode::<EntityRecord>(t, v).expect("entity")),
            }
        };
        let mut compressed = 0;
        for t in [T::Articles, T::Quotes, T::Entities] {
            for kv in store.tree(t).iter() {
                let (k, v) = kv.expect("read");
                let old = lz4(t, &v);
                compressed += usize::from(old.first() == Some(&TAG_POSTCARD_LZ4));
                store.tree(t).insert(k, old).expect("write lz4");
            }
        }
        assert!(compressed >= 4, "{compressed} lz4 records");
        store
            .tamper("meta", FORMAT_VERSION_KEY, Some(&3u32.to_be_bytes()))
            .expect("stamp 3");
        (exported(&store), linked(&a))
    };
    let store = Store::open(&path).expect("reopen");
    assert_stamped_current(&store);
    // nothing rewritten: the lz4 records are read as they are
    let tags = |t: &str| -> Vec<Option<u8>> {
        store
            .raw_keys(t)
            .expect("keys")
            .iter()
            .map(|k| {
                store
                    .raw_value(t, k)
                    .expect("value")
                    .and_then(|v| v.first().copied())
            })
            .collect()
    };
    assert!(tags("articles")
        .iter()
        .all(|t| *t == Some(TAG_POSTCARD_LZ4)));
    assert_eq!(exported(&store), before);
    assert!(store.check().expect("check").is_consistent());
    assert_eq!(speaker_ids(&store, "ظريف").len(), 2);
    // and written on: the re-dated article and a new one are zstd records, linked as before
    assert_eq!(linked(&ingest(&store, "a", &zarif(), 3)), zarif_id);
    ingest(
        &store,
        "c",
        &article(&text("c"), &[P("ظريف", None, &[])], p),
        4,
    );
    assert_eq!(speaker_ids(&store, "ظريف").len(), 3);
    let articles = tags("articles");
    assert_eq!(
        articles
            .iter()
            .filter(|t| **t == Some(TAG_POSTCARD_ZSTD))
            .count(),
        2,
        "{articles:?}"
    );
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn a_format_4_store_with_article_indexes_opens_and_answers_the_same() {
    use super::format::FORMAT_VERSION_KEY;
    use super::keys::RETIRED_TREES;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    let keys = ["x", "y"];
    let ids: Vec<ArticleId> = keys.iter().map(|k| ArticleId::of_text(k)).collect();
    // every article's quotes and meetings, one page and paged one by one
    let answers = |store: &Store| -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for &a in &ids {
            let q = QuoteQuery {
                article: Some(a),
                ..QuoteQuery::default()
            };
            let m = MeetingQuery {
                article: Some(a),
                ..MeetingQuery::default()
            };
            out.extend([quotes_of(store, &q, 100), quotes_of(store, &q, 1)]);
            out.extend([meetings_of(store, &m, 100), meetings_of(store, &m, 1)]);
        }
        out
    };
    let (before, answered) = {
        let store = Store::open(&path).expect("open");
        for k in keys {
            ingest(&store, k, &dated_facts(k), 20);
        }
        // the article indexes as format 4 wrote them: article id | date | fact id
        let db = &store.inner.db;
        for (records, index) in [
            (T::Quotes, RETIRED_TREES[0]),
            (T::Meetings, RETIRED_TREES[1]),
        ] {
            let tree = db.open_tree(index).expect("retired tree");
            for kv in store.tree(records).iter() {
                let (k, v) = kv.expect("read");
                let date = match records {
                    T::Quotes => decode::<QuoteRecord>(records, &v).expect("quote").date,
                    _ => decode::<MeetingRecord>(records, &v).expect("meeting").date,
                };
                let date = keys::date_sort(keys::date_from_value(date));
                tree.insert(keys::dated(&k[..16], date, &k), Vec::<u8>::new())
                    .expect("write index");
            }
            assert_eq!(tree.len(), store.tree(records).len());
        }
        store
            .tamper("meta", FORMAT_VERSION_KEY, Some(&4u32.to_be_bytes()))
            .expect("stamp 4");
        (exported(&store), answers(&store))
    };
    assert_eq!(answered[0].len(), 6);
    assert_eq!(answered[2].len(), 3);
    let store = Store::open(&path).expect("reopen");
    assert_stamped_current(&store);
    let trees: Vec<Vec<u8>> = store
        .inner
        .db
        .tree_names()
        .iter()
        .map(|n| n.to_vec())
        .collect();
    for name in RETIRED_TREES {
        assert!(!trees.contains(&name.as_bytes().to_vec()), "{name} dropped");
    }
    assert_eq!(exported(&store), before);
    assert_eq!(answers(&store), answered);
    assert!(store.check().expect("check").is_consistent());
    // and written on: a re-dated article and a new one are listed by article as before
    ingest(&store, "x", &dated_facts("x"), 21);
    ingest(&store, "z", &dated_facts("z"), 22);
    let z = QuoteQuery {
        article: Some(ArticleId::of_text("z")),
        ..QuoteQuery::default()
    };
    assert_eq!(quotes_of(&store, &z, 2).len(), 6);
    assert_eq!(answers(&store), answered);
    assert!(store.check().expect("check").is_consistent());
}
