//! Crash safety of the real `khabar-server` binary: it ingests articles (unary and streamed) and
//! is killed with SIGKILL at random moments (seeded), then restarted on the same data directory.
//! After every kill:
//! - the store passes [`Store::check`] (no index entry pointing at nothing, no record missing
//!   from its indexes, no fact without its article);
//! - every article the server acknowledged, in any earlier round, is there with all its quotes
//!   and meetings (the counts its acknowledgement reported, each fact readable by id).
//!
//! At the end `khabar-server check` agrees (exit 0) on the same directory.
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use khabar::api::{
    article_service_client::ArticleServiceClient, meeting_service_client::MeetingServiceClient,
    quote_service_client::QuoteServiceClient, GetArticleRequest, GetMeetingRequest,
    GetQuoteRequest, IngestArticlesRequest, ListMeetingsRequest, ListQuotesRequest,
};
use khabar::store::Store;
use support::fixtures::{articles, Rng};
use support::{channel, server_bin, Server};

const ROUNDS: usize = 24;
const SEED: u64 = 0x6b68_6162_6172;
/// Rounds stop early past this (the test stays bounded on a slow machine).
const TIME_BUDGET: Duration = Duration::from_secs(60);

/// What an acknowledgement promised: the article id and its fact counts.
#[derive(Debug, Clone)]
struct Ack {
    id: String,
    quotes: i32,
    meetings: i32,
}

/// Ingests `batch` one article at a time (or as one stream), recording each acknowledgement.
async fn ingest(
    url: String,
    batch: Vec<support::fixtures::Article>,
    stream: bool,
    acks: Arc<Mutex<Vec<Ack>>>,
) {
    let mut client =
        ArticleServiceClient::new(channel(&url).await).max_decoding_message_size(64 * 1024 * 1024);
    let record = |a: Option<khabar::api::Article>| {
        if let Some(a) = a {
            let s = a.summary.unwrap_or_default();
            acks.lock().unwrap().push(Ack {
                id: a.id,
                quotes: s.quote_count,
                meetings: s.meeting_count,
            });
        }
    };
    if stream {
        let requests: Vec<IngestArticlesRequest> = batch
            .iter()
            .enumerate()
            .map(|(i, a)| IngestArticlesRequest {
                article: Some(a.request()),
                client_ref: i.to_string(),
            })
            .collect();
        let Ok(response) = client.ingest_articles(tokio_stream::iter(requests)).await else {
            return;
        };
        let mut replies = response.into_inner();
        while let Ok(Some(r)) = replies.message().await {
            assert!(r.error.is_empty(), "fixture article refused: {}", r.error);
            record(r.article);
        }
    } else {
        for a in batch {
            match client.ingest_article(a.request()).await {
                Ok(r) => record(r.into_inner().article),
                Err(_) => return, // killed mid-request
            }
        }
    }
}

/// Every acknowledged article is stored with all its quotes and meetings.
async fn verify(url: &str, acks: &[Ack]) {
    let ch = channel(url).await;
    let mut articles = ArticleServiceClient::new(ch.clone()).max_decoding_message_size(64 << 20);
    let mut quotes = QuoteServiceClient::new(ch.clone()).max_decoding_message_size(64 << 20);
    let mut meetings = MeetingServiceClient::new(ch).max_decoding_message_size(64 << 20);
    for ack in acks {
        let got = articles
            .get_article(GetArticleRequest { id: ack.id.clone() })
            .await
            .unwrap_or_else(|s| panic!("acknowledged article {} lost: {s}", ack.id));
        assert_eq!(got.into_inner().article.map(|a| a.id), Some(ack.id.clone()));
        let qs = quotes
            .list_quotes(ListQuotesRequest {
                article_id: ack.id.clone(),
                page_size: 1000,
                ..Default::default()
            })
            .await
            .expect("list quotes")
            .into_inner()
            .quotes;
        assert_eq!(qs.len() as i32, ack.quotes, "quotes of {}", ack.id);
        for q in qs {
            quotes
                .get_quote(GetQuoteRequest { id: q.id.clone() })
                .await
                .unwrap_or_else(|s| panic!("quote {} listed but not readable: {s}", q.id));
        }
        let ms = meetings
            .list_meetings(ListMeetingsRequest {
                article_id: ack.id.clone(),
                page_size: 1000,
                ..Default::default()
            })
            .await
            .expect("list meetings")
            .into_inner()
            .meetings;
        assert_eq!(ms.len() as i32, ack.meetings, "meetings of {}", ack.id);
        for m in ms {
            meetings
                .get_meeting(GetMeetingRequest { id: m.id.clone() })
                .await
                .unwrap_or_else(|s| panic!("meeting {} listed but not readable: {s}", m.id));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_articles_survive_sigkill_and_the_store_stays_consistent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let pool = articles(60);
    let mut rng = Rng(SEED);
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let started = Instant::now();
    let mut rounds = 0;
    let mut next = 0usize;
    while rounds < ROUNDS && started.elapsed() < TIME_BUDGET {
        let server = Server::start(&data, &[], &[]);
        let acked: Vec<Ack> = acks.lock().unwrap().clone();
        verify(&server.url(), &acked).await;

        // a batch from the pool, wrapping around: re-ingesting known content is part of the mix
        let size = rng.range(2, 8) as usize;
        let batch: Vec<_> = (0..size)
            .map(|i| pool[(next + i) % pool.len()].clone())
            .collect();
        next += size;
        let stream = rng.range(0, 2) == 1;
        let task = tokio::spawn(ingest(server.url(), batch, stream, acks.clone()));
        tokio::time::sleep(Duration::from_millis(rng.range(5, 400))).await;
        server.kill();
        let _ = task.await;

        let store = Store::open(&data).expect("store reopens after SIGKILL");
        let report = store.check().expect("check runs");
        assert!(report.is_consistent(), "round {rounds}: {report}");
        drop(store);
        rounds += 1;
    }
    assert!(rounds >= 20, "only {rounds} rounds within the time budget");
    let acked = acks.lock().unwrap().clone();
    assert!(!acked.is_empty(), "no article was ever acknowledged");
    let mut distinct: Vec<&str> = acked.iter().map(|a| a.id.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    eprintln!(
        "{rounds} SIGKILL rounds, {} acknowledgements of {} distinct articles",
        acked.len(),
        distinct.len()
    );

    // the last round's acknowledgements, checked once more through a fresh server
    let server = Server::start(&data, &[], &[]);
    verify(&server.url(), &acked).await;
    server.kill();

    let out = std::process::Command::new(server_bin())
        .args(["check", "--data-dir"])
        .arg(&data)
        .output()
        .expect("khabar-server check runs");
    assert!(
        out.status.success(),
        "khabar-server check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
