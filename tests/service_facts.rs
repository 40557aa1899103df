//! QuoteService, MeetingService and EntityService through the generated client, on the seed
//! articles: every fact is found again through every index that should hold it, names in either
//! script find their entities, and corrections survive re-ingest.
mod support;

use khabar::api as pb;
use support::grpc::{date, ingest_request, seeds, Server};

async fn ingest_seeds(server: &Server, shift_year: i32) {
    let mut articles = server.articles().await;
    for (text, published) in seeds() {
        let published = published.map(|d| pb::PartialDate {
            year: d.year + shift_year,
            ..d
        });
        articles
            .ingest_article(ingest_request(&text, published))
            .await
            .expect("ingest");
    }
}

async fn quotes(server: &Server, r: pb::ListQuotesRequest) -> Vec<pb::Quote> {
    let r = pb::ListQuotesRequest {
        page_size: 1000,
        ..r
    };
    server
        .quotes()
        .await
        .list_quotes(r)
        .await
        .expect("quotes")
        .into_inner()
        .quotes
}

async fn meetings(server: &Server, r: pb::ListMeetingsRequest) -> Vec<pb::Meeting> {
    let r = pb::ListMeetingsRequest {
        page_size: 1000,
        ..r
    };
    server
        .meetings()
        .await
        .list_meetings(r)
        .await
        .expect("meetings")
        .into_inner()
        .meetings
}

async fn entity(server: &Server, id: &str) -> pb::Entity {
    server
        .entities()
        .await
        .get_entity(pb::GetEntityRequest { id: id.into() })
        .await
        .expect("entity")
        .into_inner()
        .entity
        .expect("entity")
}

fn named(e: &pb::Entity, name: &str) -> bool {
    e.name == name || e.aliases.iter().any(|a| a.name == name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_quote_is_found_through_its_indexes() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    ingest_seeds(&server, 0).await;
    let all = quotes(&server, pb::ListQuotesRequest::default()).await;
    assert!(!all.is_empty(), "the seeds report speech");
    for q in &all {
        let got = server
            .quotes()
            .await
            .get_quote(pb::GetQuoteRequest { id: q.id.clone() })
            .await
            .expect("get")
            .into_inner()
            .quote;
        assert_eq!(got.as_ref(), Some(q));
        let of_article = quotes(
            &server,
            pb::ListQuotesRequest {
                article_id: q.article_id.clone(),
                ..Default::default()
            },
        )
        .await;
        assert!(of_article.iter().any(|x| x.id == q.id));
        assert!(of_article.iter().all(|x| x.article_id == q.article_id));
        if let Some(d) = q.date {
            let on_day = quotes(
                &server,
                pb::ListQuotesRequest {
                    from_date: Some(d),
                    to_date: Some(d),
                    ..Default::default()
                },
            )
            .await;
            assert!(on_day.iter().any(|x| x.id == q.id), "{d:?}");
        }
        let of_kind = quotes(
            &server,
            pb::ListQuotesRequest {
                kind: q.kind,
                ..Default::default()
            },
        )
        .await;
        assert!(of_kind.iter().all(|x| x.kind == q.kind || q.kind == 0));
        let Some(speaker) = &q.speaker else { continue };
        for query in [speaker.id.clone(), speaker.name.clone()] {
            let by = quotes(
                &server,
                pb::ListQuotesRequest {
                    speaker: query.clone(),
                    ..Default::default()
                },
            )
            .await;
            assert!(by.iter().any(|x| x.id == q.id), "{query}");
            for x in &by {
                let s = x.speaker.as_ref().expect("speaker");
                assert!(
                    s.id == speaker.id || named(s, &query),
                    "{query}: {}",
                    s.name
                );
            }
        }
    }
    // precision: Cameron's quotes are his alone
    for x in quotes(
        &server,
        pb::ListQuotesRequest {
            speaker: "كاميرون".into(),
            ..Default::default()
        },
    )
    .await
    {
        let s = x.speaker.expect("speaker");
        assert!(s.name.contains("كاميرون"), "{}", s.name);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_meeting_is_found_through_its_indexes() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    ingest_seeds(&server, 0).await;
    let all = meetings(&server, pb::ListMeetingsRequest::default()).await;
    assert!(!all.is_empty(), "the seeds report meetings");
    for m in &all {
        let got = server
            .meetings()
            .await
            .get_meeting(pb::GetMeetingRequest { id: m.id.clone() })
            .await
            .expect("get")
            .into_inner()
            .meeting;
        assert_eq!(got.as_ref(), Some(m));
        for p in &m.participants {
            let with = meetings(
                &server,
                pb::ListMeetingsRequest {
                    participant: p.id.clone(),
                    ..Default::default()
                },
            )
            .await;
            assert!(with.iter().any(|x| x.id == m.id));
            assert!(with
                .iter()
                .all(|x| x.participants.iter().any(|y| y.id == p.id)));
        }
        if let Some(place) = &m.place {
            let at = meetings(
                &server,
                pb::ListMeetingsRequest {
                    place: place.name.clone(),
                    ..Default::default()
                },
            )
            .await;
            assert!(at.iter().any(|x| x.id == m.id), "{}", place.name);
        }
        if let Some(d) = m.date {
            let in_month = meetings(
                &server,
                pb::ListMeetingsRequest {
                    from_date: date(d.year, d.month, 0),
                    to_date: date(d.year, d.month, 0),
                    status: m.status,
                    ..Default::default()
                },
            )
            .await;
            assert!(in_month.iter().any(|x| x.id == m.id));
            assert!(in_month
                .iter()
                .all(|x| x.status == m.status || m.status == 0));
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latin_names_find_arabic_entities() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    ingest_seeds(&server, 0).await;
    // (query in Latin script, Arabic family name of the entity it must find)
    let cases = [
        ("Zarif", "ظريف"),
        ("Rouhani", "روحاني"),
        ("Rohani", "روحاني"),
    ];
    for (latin, arabic) in cases {
        let found = server
            .articles()
            .await
            .list_articles(pb::ListArticlesRequest {
                entity: latin.into(),
                ..Default::default()
            })
            .await
            .expect("articles")
            .into_inner()
            .articles;
        assert!(!found.is_empty(), "{latin}");
        for a in &found {
            assert!(
                a.entities.iter().any(|e| e.name.contains(arabic)),
                "{latin}: article without {arabic}"
            );
        }
    }
    let listed = server
        .entities()
        .await
        .list_entities(pb::ListEntitiesRequest {
            name_prefix: "Rouh".into(),
            ..Default::default()
        })
        .await
        .expect("entities")
        .into_inner()
        .entities;
    assert!(listed.iter().any(|e| e.name.contains("روحاني")));
    let arabic_prefix = server
        .entities()
        .await
        .list_entities(pb::ListEntitiesRequest {
            name_prefix: "روحا".into(),
            kind: pb::EntityKind::Person as i32,
            ..Default::default()
        })
        .await
        .expect("entities")
        .into_inner()
        .entities;
    assert!(arabic_prefix
        .iter()
        .any(|e| e.latin_name == "Hassan Rouhani"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrections_survive_reingest() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    ingest_seeds(&server, 0).await;
    let mut people = server
        .entities()
        .await
        .list_entities(pb::ListEntitiesRequest {
            kind: pb::EntityKind::Person as i32,
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("people")
        .into_inner()
        .entities;
    people.sort_by_key(|e| std::cmp::Reverse(e.article_count));
    assert!(people.len() >= 3, "the seeds name several people");
    let (a, b) = (people[0].clone(), people[1].clone());
    let mut entities = server.entities().await;
    let merged = entities
        .merge_entities(pb::MergeEntitiesRequest {
            target_id: a.id.clone(),
            source_id: b.id.clone(),
        })
        .await
        .expect("merge")
        .into_inner()
        .entity
        .expect("entity");
    assert_eq!(merged.quote_count, a.quote_count + b.quote_count);
    assert_eq!(merged.meeting_count, a.meeting_count + b.meeting_count);
    let updated = entities
        .update_entity(pb::UpdateEntityRequest {
            id: people[2].id.clone(),
            latin_name: "Checked By Hand".into(),
            ..Default::default()
        })
        .await
        .expect("update")
        .into_inner()
        .entity
        .expect("entity");
    assert_eq!(updated.latin_name, "Checked By Hand");
    // every seed again, re-dated: re-extracted and re-linked
    ingest_seeds(&server, 1).await;
    assert_eq!(entity(&server, &b.id).await.id, a.id, "the merge holds");
    assert_eq!(entity(&server, &a.id).await.quote_count, merged.quote_count);
    assert_eq!(
        entity(&server, &people[2].id).await.latin_name,
        "Checked By Hand"
    );
    // split the least used alias of the most mentioned entity off
    let a_now = entity(&server, &a.id).await;
    if let Some(alias) = a_now
        .aliases
        .iter()
        .min_by_key(|x| x.count)
        .filter(|_| a_now.aliases.len() > 1)
    {
        let split = entities
            .split_alias(pb::SplitAliasRequest {
                entity_id: a.id.clone(),
                alias: alias.name.clone(),
            })
            .await
            .expect("split")
            .into_inner();
        let new = split.split.expect("split entity");
        let original = split.original.expect("original");
        assert!(!original.aliases.iter().any(|x| x.name == alias.name));
        ingest_seeds(&server, 2).await;
        let again = entity(&server, &a.id).await;
        assert!(
            !again.aliases.iter().any(|x| x.name == alias.name),
            "the split holds"
        );
        assert_ne!(new.id, a.id);
    }
    server.stop().await;
}
