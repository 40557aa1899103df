//! Bad input against an in-process server (`khabar::service::serve` on 127.0.0.1:0): every RPC
//! with a wrong field gets a clear status (INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED),
//! nothing is stored, and the server keeps answering. A table of hand-picked cases, then
//! property tests over random field values (modest case counts, fixed seed).
mod support;

use std::time::Duration;

use khabar::api::{
    self as pb, analyze_article_request, article_service_client::ArticleServiceClient,
    entity_service_client::EntityServiceClient, ingest_article_request::Content,
    meeting_service_client::MeetingServiceClient, quote_service_client::QuoteServiceClient,
};
use khabar::service::{serve, ServiceConfig};
use khabar::store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tonic::transport::Channel;
use tonic::Code;

/// Articles over this many bytes are refused (kept small so the oversized case is cheap).
const MAX_ARTICLE: usize = 256 * 1024;

struct Harness {
    rt: tokio::runtime::Runtime,
    channel: Channel,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// A server over a new store holding one seed article, refusing articles over
    /// [`MAX_ARTICLE`].
    fn start() -> Harness {
        Harness::start_with(MAX_ARTICLE)
    }

    fn start_with(max_article_bytes: usize) -> Harness {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let channel = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            let config = ServiceConfig {
                max_article_bytes,
                ..ServiceConfig::default()
            };
            tokio::spawn(serve(listener, store, config, async {
                let _ = rx.await;
            }));
            support::channel(&url).await
        });
        let h = Harness {
            rt,
            channel,
            shutdown: Some(tx),
            _dir: dir,
        };
        let seed = support::fixtures::seeds().remove(0);
        h.run(Call::Ingest(seed.request())).expect("seed ingests");
        h
    }

    fn run(&self, call: Call) -> Result<(), tonic::Status> {
        self.rt.block_on(call.send(self.channel.clone()))
    }

    /// Article ids stored, in order.
    fn stored(&self) -> Vec<String> {
        self.rt.block_on(async {
            let mut c = ArticleServiceClient::new(self.channel.clone());
            c.list_articles(pb::ListArticlesRequest {
                page_size: 1000,
                ..Default::default()
            })
            .await
            .expect("the server still answers")
            .into_inner()
            .articles
            .into_iter()
            .map(|a| a.id)
            .collect()
        })
    }

    /// A quote id and a page token of ListQuotes, from the seed.
    fn quote_and_token(&self) -> (String, String) {
        self.rt.block_on(async {
            let mut c = QuoteServiceClient::new(self.channel.clone());
            let r = c
                .list_quotes(pb::ListQuotesRequest {
                    page_size: 1,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner();
            (r.quotes[0].id.clone(), r.next_page_token)
        })
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// One RPC with its request.
#[derive(Debug, Clone)]
enum Call {
    Ingest(pb::IngestArticleRequest),
    /// IngestArticles with one article: its per-article error becomes the status.
    IngestStream(pb::IngestArticleRequest),
    Analyze(pb::AnalyzeArticleRequest),
    GetArticle(String),
    DeleteArticle(String),
    ListArticles(pb::ListArticlesRequest),
    GetQuote(String),
    ListQuotes(pb::ListQuotesRequest),
    GetMeeting(String),
    ListMeetings(pb::ListMeetingsRequest),
    GetEntity(String),
    ListEntities(pb::ListEntitiesRequest),
    Merge(pb::MergeEntitiesRequest),
    Split(pb::SplitAliasRequest),
    Update(pb::UpdateEntityRequest),
}

impl Call {
    async fn send(self, ch: Channel) -> Result<(), tonic::Status> {
        let big = 64 << 20;
        let mut articles = ArticleServiceClient::new(ch.clone())
            .max_decoding_message_size(big)
            .max_encoding_message_size(big);
        let mut quotes = QuoteServiceClient::new(ch.clone());
        let mut meetings = MeetingServiceClient::new(ch.clone());
        let mut entities = EntityServiceClient::new(ch);
        fn req<T>(t: T) -> tonic::Request<T> {
            let mut r = tonic::Request::new(t);
            r.set_timeout(Duration::from_secs(60));
            r
        }
        match self {
            Call::Ingest(r) => articles.ingest_article(req(r)).await.map(drop),
            Call::IngestStream(r) => {
                let one = pb::IngestArticlesRequest {
                    article: Some(r),
                    client_ref: "x".into(),
                };
                let mut replies = articles
                    .ingest_articles(req(tokio_stream::iter(vec![one])))
                    .await?
                    .into_inner();
                let reply = replies.message().await?.expect("one reply per article");
                match reply.error.split_once(": ") {
                    None => Ok(()),
                    Some((code, message)) => Err(tonic::Status::new(
                        match code {
                            "INVALID_ARGUMENT" => Code::InvalidArgument,
                            "RESOURCE_EXHAUSTED" => Code::ResourceExhausted,
                            "NOT_FOUND" => Code::NotFound,
                            _ => Code::Unknown,
                        },
                        message,
                    )),
                }
            }
            Call::Analyze(r) => articles.analyze_article(req(r)).await.map(drop),
            Call::GetArticle(id) => articles
                .get_article(req(pb::GetArticleRequest { id }))
                .await
                .map(drop),
            Call::DeleteArticle(id) => articles
                .delete_article(req(pb::DeleteArticleRequest { id }))
                .await
                .map(drop),
            Call::ListArticles(r) => articles.list_articles(req(r)).await.map(drop),
            Call::GetQuote(id) => quotes
                .get_quote(req(pb::GetQuoteRequest { id }))
                .await
                .map(drop),
            Call::ListQuotes(r) => quotes.list_quotes(req(r)).await.map(drop),
            Call::GetMeeting(id) => meetings
                .get_meeting(req(pb::GetMeetingRequest { id }))
                .await
                .map(drop),
            Call::ListMeetings(r) => meetings.list_meetings(req(r)).await.map(drop),
            Call::GetEntity(id) => entities
                .get_entity(req(pb::GetEntityRequest { id }))
                .await
                .map(drop),
            Call::ListEntities(r) => entities.list_entities(req(r)).await.map(drop),
            Call::Merge(r) => entities.merge_entities(req(r)).await.map(drop),
            Call::Split(r) => entities.split_alias(req(r)).await.map(drop),
            Call::Update(r) => entities.update_entity(req(r)).await.map(drop),
        }
    }
}

fn text(t: impl Into<String>) -> Option<Content> {
    Some(Content::Text(t.into()))
}

fn ingest(
    content: Option<Content>,
    published: Option<(i32, i32, i32)>,
) -> pb::IngestArticleRequest {
    pb::IngestArticleRequest {
        content,
        published: published.map(|(year, month, day)| pb::PartialDate { year, month, day }),
        language: "ar".into(),
        ..Default::default()
    }
}

fn date(year: i32, month: i32, day: i32) -> Option<pb::PartialDate> {
    Some(pb::PartialDate { year, month, day })
}

const ARTICLE: &str = "قال وزير الخارجية الإيراني محمد جواد ظريف إن بلاده مستعدة للحوار.";

/// Calls that must be refused with `code`, storing nothing.
fn refused_cases(quote_id: &str, quote_token: &str) -> Vec<(&'static str, Call, Code)> {
    use Code::{InvalidArgument as Invalid, NotFound, ResourceExhausted};
    let unknown_article = "0".repeat(32);
    vec![
        ("no content", Call::Ingest(ingest(None, None)), Invalid),
        ("empty text", Call::Ingest(ingest(text(""), None)), Invalid),
        (
            "blank text",
            Call::Ingest(ingest(text(" \n\t "), None)),
            Invalid,
        ),
        (
            "NUL bytes only",
            Call::Ingest(ingest(text("\0\0\0"), None)),
            Invalid,
        ),
        (
            "invalid UTF-8",
            Call::Ingest(ingest(
                Some(Content::TextUtf8(b"\xd9\x82\xd8\xa7\xff\xfe".to_vec())),
                None,
            )),
            Invalid,
        ),
        (
            "oversized article",
            Call::Ingest(ingest(text("ب".repeat(MAX_ARTICLE)), None)),
            ResourceExhausted,
        ),
        (
            "oversized article, streamed",
            Call::IngestStream(ingest(text("ب".repeat(MAX_ARTICLE)), None)),
            ResourceExhausted,
        ),
        (
            "month 13",
            Call::Ingest(ingest(text(ARTICLE), Some((2014, 13, 1)))),
            Invalid,
        ),
        (
            "31 February",
            Call::Ingest(ingest(text(ARTICLE), Some((2015, 2, 31)))),
            Invalid,
        ),
        (
            "year 0",
            Call::Ingest(ingest(text(ARTICLE), Some((0, 5, 1)))),
            Invalid,
        ),
        (
            "negative day",
            Call::Ingest(ingest(text(ARTICLE), Some((2014, 5, -1)))),
            Invalid,
        ),
        (
            "month only",
            Call::Ingest(ingest(text(ARTICLE), Some((2014, 5, 0)))),
            Invalid,
        ),
        (
            "unknown language",
            Call::Ingest(pb::IngestArticleRequest {
                language: "klingon".into(),
                ..ingest(text(ARTICLE), None)
            }),
            Invalid,
        ),
        (
            "bad date, streamed",
            Call::IngestStream(ingest(text(ARTICLE), Some((2014, 2, 30)))),
            Invalid,
        ),
        (
            "analyse nothing",
            Call::Analyze(pb::AnalyzeArticleRequest::default()),
            Invalid,
        ),
        (
            "analyse invalid UTF-8",
            Call::Analyze(pb::AnalyzeArticleRequest {
                content: Some(analyze_article_request::Content::TextUtf8(vec![0xc3, 0x28])),
                ..Default::default()
            }),
            Invalid,
        ),
        ("article id empty", Call::GetArticle(String::new()), Invalid),
        ("article id not hex", Call::GetArticle("zz".into()), Invalid),
        (
            "article id too long",
            Call::GetArticle("ab".repeat(40)),
            Invalid,
        ),
        (
            "article unknown",
            Call::GetArticle(unknown_article.clone()),
            NotFound,
        ),
        (
            "delete unknown",
            Call::DeleteArticle(unknown_article.clone()),
            NotFound,
        ),
        ("delete bad id", Call::DeleteArticle("\0".into()), Invalid),
        (
            "articles from after to",
            Call::ListArticles(pb::ListArticlesRequest {
                published_from: date(2015, 1, 1),
                published_to: date(2014, 1, 1),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "articles page_size negative",
            Call::ListArticles(pb::ListArticlesRequest {
                page_size: -5,
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "articles with a quotes page token",
            Call::ListArticles(pb::ListArticlesRequest {
                page_token: quote_token.into(),
                ..Default::default()
            }),
            Invalid,
        ),
        ("quote id garbage", Call::GetQuote("q1".into()), Invalid),
        (
            "quote id of a meeting",
            Call::GetQuote(format!("{unknown_article}-m0")),
            Invalid,
        ),
        (
            "quote unknown",
            Call::GetQuote(format!("{unknown_article}-q0")),
            NotFound,
        ),
        (
            "quote index overflows",
            Call::GetQuote(format!("{unknown_article}-q99999999999")),
            Invalid,
        ),
        (
            "quotes with a malformed date",
            Call::ListQuotes(pb::ListQuotesRequest {
                from_date: date(2014, 0, 5),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "quotes from after to",
            Call::ListQuotes(pb::ListQuotesRequest {
                from_date: date(2014, 12, 2),
                to_date: date(2014, 12, 1),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "quotes page token of other filters",
            Call::ListQuotes(pb::ListQuotesRequest {
                speaker: "ظريف".into(),
                page_token: quote_token.into(),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "quotes page token garbage",
            Call::ListQuotes(pb::ListQuotesRequest {
                page_token: "%%%not-base64".into(),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "quotes unknown kind",
            Call::ListQuotes(pb::ListQuotesRequest {
                kind: 99,
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "quotes bad article id",
            Call::ListQuotes(pb::ListQuotesRequest {
                article_id: "nope".into(),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "meeting id of a quote",
            Call::GetMeeting(quote_id.into()),
            Invalid,
        ),
        (
            "meetings with a quotes page token",
            Call::ListMeetings(pb::ListMeetingsRequest {
                page_token: quote_token.into(),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "meetings page_size negative",
            Call::ListMeetings(pb::ListMeetingsRequest {
                page_size: i32::MIN,
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "meetings year 10000",
            Call::ListMeetings(pb::ListMeetingsRequest {
                to_date: date(10_000, 1, 1),
                ..Default::default()
            }),
            Invalid,
        ),
        ("entity id empty", Call::GetEntity(String::new()), Invalid),
        ("entity id no e", Call::GetEntity("42".into()), Invalid),
        (
            "entity unknown",
            Call::GetEntity("e999999".into()),
            NotFound,
        ),
        (
            "entity id overflows",
            Call::GetEntity("e99999999999999999999999".into()),
            Invalid,
        ),
        (
            "entities with a quotes page token",
            Call::ListEntities(pb::ListEntitiesRequest {
                page_token: quote_token.into(),
                ..Default::default()
            }),
            Invalid,
        ),
        (
            "merge into itself",
            Call::Merge(pb::MergeEntitiesRequest {
                target_id: "e1".into(),
                source_id: "e1".into(),
            }),
            Invalid,
        ),
        (
            "merge unknown",
            Call::Merge(pb::MergeEntitiesRequest {
                target_id: "e1".into(),
                source_id: "e999999".into(),
            }),
            NotFound,
        ),
        (
            "split without alias",
            Call::Split(pb::SplitAliasRequest {
                entity_id: "e1".into(),
                alias: " ".into(),
            }),
            Invalid,
        ),
        (
            "split an alias it does not have",
            Call::Split(pb::SplitAliasRequest {
                entity_id: "e1".into(),
                alias: "لا أحد".into(),
            }),
            Invalid,
        ),
        (
            "update nothing",
            Call::Update(pb::UpdateEntityRequest {
                id: "e1".into(),
                ..Default::default()
            }),
            Invalid,
        ),
    ]
}

#[test]
fn every_rpc_refuses_each_bad_field_clearly_and_stores_nothing() {
    let h = Harness::start();
    let before = h.stored();
    assert_eq!(before.len(), 1);
    let (quote_id, token) = h.quote_and_token();
    assert!(!token.is_empty(), "the seed has more than one quote");
    for (name, call, code) in refused_cases(&quote_id, &token) {
        let status = h.run(call).expect_err(name);
        assert_eq!(status.code(), code, "{name}: {status:?}");
        assert!(!status.message().is_empty(), "{name}: a status says why");
        assert_eq!(h.stored(), before, "{name}: nothing may be stored");
    }
}

#[test]
fn hostile_but_valid_texts_are_analysed_and_stored() {
    // the default limit (2 MiB), so the million-character line reaches extraction
    let h = Harness::start_with(ServiceConfig::default().max_article_bytes);
    // (case, text): analysed and stored like any article
    let cases: Vec<(&str, String)> = vec![
        (
            "a million-character line",
            "ا".repeat(100_000) + &"x".repeat(900_000),
        ),
        ("10,000 quotation marks", "\"".repeat(10_000)),
        (
            "deeply nested quotes",
            format!(
                "قال ظريف {}نعم{}",
                "«\"“".repeat(3_000),
                "”\"»".repeat(3_000)
            ),
        ),
        ("NUL bytes inside", "قال\0ظريف\0: \"\0نعم\0\"".to_string()),
        ("lone combining marks", "\u{651}\u{64e}".repeat(5_000)),
        (
            "right-to-left controls",
            "\u{202e}قال\u{202c}".repeat(2_000),
        ),
    ];
    let before = h.stored().len();
    for (name, raw) in cases {
        for call in [
            Call::Analyze(pb::AnalyzeArticleRequest {
                content: Some(analyze_article_request::Content::Text(raw.clone())),
                ..Default::default()
            }),
            Call::Ingest(ingest(text(raw.clone()), Some((2014, 12, 8)))),
        ] {
            if let Err(s) = h.run(call) {
                panic!("{name}: {s:?}");
            }
        }
    }
    assert_eq!(h.stored().len(), before + 6, "each text is stored once");
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    )
}

#[test]
fn random_ids_and_page_tokens_get_invalid_argument_or_not_found() {
    let h = Harness::start();
    let before = h.stored();
    let strategy = (
        0..6u8,
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..48),
    );
    runner(96)
        .run(&strategy, |(rpc, s, bytes)| {
            let token = String::from_utf8_lossy(&bytes).into_owned();
            let call = match rpc {
                0 => Call::GetArticle(s),
                1 => Call::GetQuote(s),
                2 => Call::GetMeeting(s),
                3 => Call::GetEntity(s),
                4 => Call::DeleteArticle(s),
                _ => Call::ListQuotes(pb::ListQuotesRequest {
                    page_token: token.clone(),
                    ..Default::default()
                }),
            };
            let result = h.run(call.clone());
            match result {
                Err(st) => prop_assert!(
                    matches!(st.code(), Code::InvalidArgument | Code::NotFound),
                    "{call:?}: {st:?}"
                ),
                // only an empty token is a valid one
                Ok(()) => prop_assert!(rpc >= 5 && token.trim().is_empty(), "{call:?} answered"),
            }
            prop_assert_eq!(h.stored(), before.clone());
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_dates_are_refused_unless_they_are_calendar_days_in_order() {
    let h = Harness::start();
    let before = h.stored();
    let part = || (-2..10_002i32, -2..15i32, -2..33i32);
    runner(96)
        .run(&(part(), part()), |((y1, m1, d1), (y2, m2, d2))| {
            let day = |y: i32, m: i32, d: i32| {
                (1..=9999).contains(&y)
                    && m > 0
                    && d > 0
                    && chrono::NaiveDate::from_ymd_opt(y, m as u32, d as u32).is_some()
            };
            let result = h.run(Call::ListMeetings(pb::ListMeetingsRequest {
                from_date: date(y1, m1, d1),
                to_date: date(y2, m2, d2),
                ..Default::default()
            }));
            if day(y1, m1, d1) && day(y2, m2, d2) {
                let in_order = (y1, m1, d1) <= (y2, m2, d2);
                prop_assert_eq!(result.is_ok(), in_order, "{:?}", result);
            }
            if let Err(st) = &result {
                prop_assert_eq!(st.code(), Code::InvalidArgument, "{:?}", st);
            }
            // an ingest with the same date: refused unless a calendar day
            let ingested = h.run(Call::Ingest(ingest(text("   "), Some((y1, m1, d1)))));
            prop_assert_eq!(ingested.map_err(|s| s.code()), Err(Code::InvalidArgument));
            prop_assert_eq!(h.stored(), before.clone());
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_bytes_as_text_utf8_are_refused_unless_utf8_and_not_blank() {
    let h = Harness::start();
    let strategy = proptest::collection::vec(any::<u8>(), 0..64);
    runner(64)
        .run(&strategy, |bytes| {
            let before = h.stored();
            let expected_ok = std::str::from_utf8(&bytes)
                .is_ok_and(|s| !s.chars().all(|c| c.is_whitespace() || c.is_control()));
            let result = h.run(Call::Ingest(ingest(
                Some(Content::TextUtf8(bytes.clone())),
                None,
            )));
            match &result {
                Ok(()) => prop_assert!(expected_ok, "{bytes:?} was accepted"),
                Err(st) => {
                    prop_assert_eq!(st.code(), Code::InvalidArgument, "{:?}", st);
                    prop_assert_eq!(h.stored(), before);
                }
            }
            Ok(())
        })
        .unwrap();
}
