//! Limits of the service: the request deadline and the per-connection stream cap.
mod support;

use std::time::Duration;

use khabar::service::ServiceConfig;
use support::grpc::{ingest_request, seeds, Server};
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_over_the_server_deadline_is_cancelled_and_the_server_stays_up() {
    let dir = tempfile::tempdir().expect("dir");
    // a deadline no extraction can meet: the call is answered with the timeout status
    let config = ServiceConfig {
        request_timeout: Duration::from_nanos(1),
        ..ServiceConfig::default()
    };
    let server = Server::start_with(dir.path(), config).await;
    let mut articles = server.articles().await;
    let (text, published) = seeds().into_iter().next().expect("a seed");
    let err = articles
        .ingest_article(ingest_request(&text, published))
        .await
        .expect_err("over the deadline");
    assert_eq!(err.code(), Code::Cancelled, "{err:?}");
    assert!(err.message().contains("Timeout"), "{err:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_concurrent_calls_than_the_stream_cap_wait_and_all_succeed() {
    let dir = tempfile::tempdir().expect("dir");
    let config = ServiceConfig {
        max_concurrent_streams: 2,
        ..ServiceConfig::default()
    };
    let server = Server::start_with(dir.path(), config).await;
    let mut articles = server.articles().await;
    // One call first, so the client has the server's SETTINGS (the stream cap) before it opens
    // streams concurrently; a stream opened before they arrive is refused by HTTP/2 itself.
    let (text, published) = seeds().into_iter().next().expect("a seed");
    articles
        .ingest_article(ingest_request(&text, published))
        .await
        .expect("first ingest");
    let mut calls = Vec::new();
    for (i, (text, published)) in seeds().into_iter().enumerate() {
        let mut client = articles.clone();
        let text = format!("{text}\n\nنسخة {i}");
        calls.push(tokio::spawn(async move {
            client
                .ingest_article(ingest_request(&text, published))
                .await
        }));
    }
    for call in calls {
        let reply = call
            .await
            .expect("task")
            .expect("ingest under the stream cap");
        assert!(reply.into_inner().article.is_some());
    }
    server.stop().await;
}
