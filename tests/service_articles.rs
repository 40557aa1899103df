//! ArticleService through the generated client: ingest, idempotence, re-dating, delete, bad
//! input, paging, restart persistence, health and reflection.
mod support;

use khabar::api::{self as pb, ingest_article_request::Content};
use khabar::service::ServiceConfig;
use support::grpc::{date, ingest_request, seeds, Server};
use tonic::Code;

async fn article_count(server: &Server) -> usize {
    let r = server
        .articles()
        .await
        .list_articles(pb::ListArticlesRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("list");
    r.into_inner().articles.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_is_idempotent_redates_and_deletes_everything() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let mut articles = server.articles().await;
    let (text, published) = seeds().remove(0);

    let first = articles
        .ingest_article(ingest_request(&text, published))
        .await
        .expect("ingest")
        .into_inner();
    assert!(!first.already_stored);
    let stored = first.article.expect("article");
    assert_eq!(stored.id.len(), 32);
    assert_eq!(stored.published, published);
    assert!(!stored.text.is_empty() && stored.summary.is_some());

    let again = articles
        .ingest_article(ingest_request(&text, published))
        .await
        .expect("again")
        .into_inner();
    assert!(again.already_stored);
    assert_eq!(again.article.as_ref().map(|a| &a.id), Some(&stored.id));
    assert_eq!(article_count(&server).await, 1);

    let got = articles
        .get_article(pb::GetArticleRequest {
            id: stored.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .article
        .expect("article");
    assert_eq!(got, stored);

    // a new publication date re-extracts and moves it in the published index
    let new_date = date(2015, 1, 2);
    let redated = articles
        .ingest_article(ingest_request(&text, new_date))
        .await
        .expect("redate")
        .into_inner();
    assert!(!redated.already_stored);
    assert_eq!(redated.article.as_ref().map(|a| &a.id), Some(&stored.id));
    let in_range = |from, to| pb::ListArticlesRequest {
        published_from: from,
        published_to: to,
        ..Default::default()
    };
    let old = articles
        .list_articles(in_range(published, published))
        .await
        .expect("old range")
        .into_inner();
    let new = articles
        .list_articles(in_range(new_date, new_date))
        .await
        .expect("new range")
        .into_inner();
    assert_eq!((old.articles.len(), new.articles.len()), (0, 1));
    assert_eq!(article_count(&server).await, 1);

    // delete: the article, its facts and its index entries go
    articles
        .delete_article(pb::DeleteArticleRequest {
            id: stored.id.clone(),
        })
        .await
        .expect("delete");
    let gone = articles
        .get_article(pb::GetArticleRequest {
            id: stored.id.clone(),
        })
        .await
        .expect_err("deleted");
    assert_eq!(gone.code(), Code::NotFound);
    assert_eq!(article_count(&server).await, 0);
    let quotes = server
        .quotes()
        .await
        .list_quotes(pb::ListQuotesRequest {
            article_id: stored.id.clone(),
            ..Default::default()
        })
        .await
        .expect("quotes")
        .into_inner();
    assert!(quotes.quotes.is_empty());
    let meetings = server
        .meetings()
        .await
        .list_meetings(pb::ListMeetingsRequest::default())
        .await
        .expect("meetings")
        .into_inner();
    assert!(meetings.meetings.is_empty());
    let entities = server
        .entities()
        .await
        .list_entities(pb::ListEntitiesRequest::default())
        .await
        .expect("entities")
        .into_inner();
    assert!(entities.entities.is_empty(), "no article mentions them now");
    let again = articles
        .delete_article(pb::DeleteArticleRequest { id: stored.id })
        .await
        .expect_err("twice");
    assert_eq!(again.code(), Code::NotFound);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_status_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let config = ServiceConfig {
        max_article_bytes: 1000,
        ..ServiceConfig::default()
    };
    let server = Server::start_with(dir.path(), config).await;
    let mut articles = server.articles().await;
    let ok = "قال وزير الخارجية الإيراني محمد جواد ظريف إن المحادثات مستمرة.";
    let with = |content: Option<Content>, published| pb::IngestArticleRequest {
        content,
        published,
        ..Default::default()
    };
    let text = |s: &str| Some(Content::Text(s.to_string()));
    // (request, code, message starts with)
    let cases = [
        (with(text(""), None), Code::InvalidArgument, "text: "),
        (with(text(" \n\t "), None), Code::InvalidArgument, "text: "),
        (with(None, None), Code::InvalidArgument, "text: "),
        (
            with(Some(Content::TextUtf8(vec![0xd8, 0xff, 0x41])), None),
            Code::InvalidArgument,
            "text_utf8: ",
        ),
        (
            with(text(&"ق".repeat(600)), None),
            Code::ResourceExhausted,
            "text: ",
        ),
        (
            with(text(ok), date(2014, 13, 1)),
            Code::InvalidArgument,
            "published: month 13 out of range",
        ),
        (
            with(text(ok), date(2014, 2, 30)),
            Code::InvalidArgument,
            "published: ",
        ),
        (
            with(text(ok), date(2014, 11, 0)),
            Code::InvalidArgument,
            "published: must be a full day",
        ),
        (
            pb::IngestArticleRequest {
                language: "en".into(),
                ..with(text(ok), None)
            },
            Code::InvalidArgument,
            "language: ",
        ),
    ];
    for (request, code, prefix) in cases {
        let e = articles
            .ingest_article(request.clone())
            .await
            .expect_err("refused");
        assert_eq!(e.code(), code, "{request:?}: {}", e.message());
        assert!(
            e.message().starts_with(prefix),
            "{prefix:?} ≠ {:?}",
            e.message()
        );
    }
    assert_eq!(article_count(&server).await, 0, "nothing stored");
    // valid UTF-8 bytes are fine
    articles
        .ingest_article(with(Some(Content::TextUtf8(ok.as_bytes().to_vec())), None))
        .await
        .expect("bytes");

    // queries
    let mut quotes = server.quotes().await;
    let q = |f: fn(&mut pb::ListQuotesRequest)| {
        let mut r = pb::ListQuotesRequest::default();
        f(&mut r);
        r
    };
    let query_cases: [(pb::ListQuotesRequest, &str); 6] = [
        (
            q(|r| r.from_date = date(2014, 13, 1)),
            "from_date: month 13 out of range",
        ),
        (q(|r| r.to_date = date(2015, 2, 30)), "to_date: "),
        (
            q(|r| {
                r.from_date = date(2015, 1, 1);
                r.to_date = date(2014, 1, 1);
            }),
            "from_date: ",
        ),
        (q(|r| r.page_token = "garbage!".into()), "page_token: "),
        (q(|r| r.page_size = -1), "page_size: "),
        (q(|r| r.article_id = "not-hex".into()), "article_id: "),
    ];
    for (request, prefix) in query_cases {
        let e = quotes.list_quotes(request).await.expect_err("refused");
        assert_eq!(e.code(), Code::InvalidArgument, "{prefix}");
        assert!(
            e.message().starts_with(prefix),
            "{prefix:?} ≠ {:?}",
            e.message()
        );
    }
    let big = quotes
        .list_quotes(pb::ListQuotesRequest {
            page_size: 100_000,
            ..Default::default()
        })
        .await;
    assert!(big.is_ok(), "page size is capped, not refused");

    // unknown ids: NOT_FOUND; malformed ids: INVALID_ARGUMENT
    let unknown_article = "0".repeat(32);
    let e = articles
        .get_article(pb::GetArticleRequest {
            id: unknown_article.clone(),
        })
        .await
        .expect_err("unknown");
    assert_eq!(e.code(), Code::NotFound);
    let e = quotes
        .get_quote(pb::GetQuoteRequest {
            id: format!("{unknown_article}-q0"),
        })
        .await
        .expect_err("unknown quote");
    assert_eq!(e.code(), Code::NotFound);
    let e = server
        .meetings()
        .await
        .get_meeting(pb::GetMeetingRequest { id: "m0".into() })
        .await
        .expect_err("bad meeting id");
    assert_eq!(e.code(), Code::InvalidArgument);
    let mut entities = server.entities().await;
    let e = entities
        .get_entity(pb::GetEntityRequest { id: "e999".into() })
        .await
        .expect_err("unknown entity");
    assert_eq!(e.code(), Code::NotFound);
    let e = entities
        .merge_entities(pb::MergeEntitiesRequest {
            target_id: "e999".into(),
            source_id: "e998".into(),
        })
        .await
        .expect_err("unknown merge");
    assert_eq!(e.code(), Code::NotFound);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_ingest_answers_each_article_in_order() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let seeds = seeds();
    let mut requests: Vec<pb::IngestArticlesRequest> = Vec::new();
    for (i, (text, published)) in seeds.iter().enumerate() {
        requests.push(pb::IngestArticlesRequest {
            article: Some(ingest_request(text, *published)),
            client_ref: format!("seed{i}"),
        });
    }
    requests.insert(
        2,
        pb::IngestArticlesRequest {
            article: Some(ingest_request("   ", None)),
            client_ref: "blank".into(),
        },
    );
    requests.push(requests[0].clone());
    let replies: Vec<pb::IngestArticlesResponse> = {
        let mut stream = server
            .articles()
            .await
            .ingest_articles(tokio_stream::iter(requests.clone()))
            .await
            .expect("stream")
            .into_inner();
        let mut out = Vec::new();
        while let Some(r) = stream.message().await.expect("reply") {
            out.push(r);
        }
        out
    };
    let refs: Vec<&str> = replies.iter().map(|r| r.client_ref.as_str()).collect();
    let want: Vec<&str> = requests.iter().map(|r| r.client_ref.as_str()).collect();
    assert_eq!(refs, want);
    assert!(replies[2].error.starts_with("INVALID_ARGUMENT: text: "));
    assert!(replies[2].article.is_none());
    let last = replies.last().expect("last");
    assert!(last.already_stored && last.error.is_empty());
    assert_eq!(article_count(&server).await, seeds.len());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_walk_every_article_once_newest_first() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let mut articles = server.articles().await;
    for (text, published) in seeds() {
        articles
            .ingest_article(ingest_request(&text, published))
            .await
            .expect("ingest");
    }
    let mut token = String::new();
    let mut seen: Vec<(Option<pb::PartialDate>, String)> = Vec::new();
    loop {
        let page = articles
            .list_articles(pb::ListArticlesRequest {
                page_size: 2,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .expect("page")
            .into_inner();
        assert!(page.articles.len() <= 2);
        seen.extend(page.articles.into_iter().map(|a| (a.published, a.id)));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
        // a token is refused with other filters
        let e = articles
            .list_articles(pb::ListArticlesRequest {
                page_size: 2,
                page_token: token.clone(),
                outlet: "غيرها".into(),
                ..Default::default()
            })
            .await
            .expect_err("other filters");
        assert_eq!(e.code(), Code::InvalidArgument);
    }
    assert_eq!(seen.len(), 5);
    let key = |d: &Option<pb::PartialDate>| d.map(|d| (d.year, d.month, d.day));
    assert!(
        seen.windows(2).all(|w| key(&w[0].0) >= key(&w[1].0)),
        "newest first"
    );
    let mut ids: Vec<&String> = seen.iter().map(|s| &s.1).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
    // by outlet
    let by_outlet = articles
        .list_articles(pb::ListArticlesRequest {
            outlet: "راديو سوا".into(),
            ..Default::default()
        })
        .await
        .expect("outlet")
        .into_inner();
    assert_eq!(by_outlet.articles.len(), 5);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let mut articles = server.articles().await;
    for (text, published) in seeds() {
        articles
            .ingest_article(ingest_request(&text, published))
            .await
            .expect("ingest");
    }
    async fn snapshot(
        server: &Server,
    ) -> (
        pb::ListArticlesResponse,
        pb::ListQuotesResponse,
        pb::ListMeetingsResponse,
        pb::ListEntitiesResponse,
    ) {
        let all = 1000;
        (
            server
                .articles()
                .await
                .list_articles(pb::ListArticlesRequest {
                    page_size: all,
                    ..Default::default()
                })
                .await
                .expect("a")
                .into_inner(),
            server
                .quotes()
                .await
                .list_quotes(pb::ListQuotesRequest {
                    page_size: all,
                    ..Default::default()
                })
                .await
                .expect("q")
                .into_inner(),
            server
                .meetings()
                .await
                .list_meetings(pb::ListMeetingsRequest {
                    page_size: all,
                    ..Default::default()
                })
                .await
                .expect("m")
                .into_inner(),
            server
                .entities()
                .await
                .list_entities(pb::ListEntitiesRequest {
                    page_size: all,
                    ..Default::default()
                })
                .await
                .expect("e")
                .into_inner(),
        )
    }
    let before = snapshot(&server).await;
    assert_eq!(before.0.articles.len(), 5);
    assert!(!before.3.entities.is_empty());
    server.stop().await;
    let server = Server::start(dir.path()).await;
    assert_eq!(snapshot(&server).await, before);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyze_stores_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let (text, published) = seeds().remove(1);
    let r = server
        .articles()
        .await
        .analyze_article(pb::AnalyzeArticleRequest {
            content: Some(pb::analyze_article_request::Content::Text(text)),
            published,
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner();
    assert!(!r.text.is_empty());
    assert!(!r.entities.is_empty());
    assert!(r.entities.iter().all(|e| e.id.is_empty()));
    let n = r.entities.len() as i32;
    assert!(r.mentions.iter().all(|m| (0..n).contains(&m.entity_index)));
    assert_eq!(article_count(&server).await, 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_reflection() {
    use tonic_health::pb::{
        health_check_response::ServingStatus, health_client::HealthClient, HealthCheckRequest,
    };
    use tonic_reflection::pb::v1::{
        server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
        ServerReflectionRequest,
    };
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path()).await;
    let channel = tonic::transport::Channel::from_shared(server.url.clone())
        .expect("url")
        .connect()
        .await
        .expect("connect");
    let mut health = HealthClient::new(channel.clone());
    for service in [
        "",
        "khabar.v1.ArticleService",
        "khabar.v1.QuoteService",
        "khabar.v1.MeetingService",
        "khabar.v1.EntityService",
    ] {
        let r = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .expect("check")
            .into_inner();
        assert_eq!(r.status, ServingStatus::Serving as i32, "{service}");
    }
    let mut reflection = ServerReflectionClient::new(channel);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut replies = reflection
        .server_reflection_info(tokio_stream::iter(vec![request]))
        .await
        .expect("reflection")
        .into_inner();
    let reply = replies.message().await.expect("reply").expect("one reply");
    let Some(MessageResponse::ListServicesResponse(list)) = reply.message_response else {
        panic!("not a service list: {reply:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for want in [
        "khabar.v1.ArticleService",
        "khabar.v1.QuoteService",
        "khabar.v1.MeetingService",
        "khabar.v1.EntityService",
        "grpc.health.v1.Health",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    server.stop().await;
}
