//! The bounded load test of issue 7, short: `khabar bench mixed` runs 64 clients against the real
//! `khabar-server` binary, mixing both ingest RPCs with every read RPC, then reads back every
//! article the server acknowledged. Asserts zero failed calls and zero lost articles, then kills
//! the server (SIGKILL) and checks on a restart that every acknowledged article is still there.
//! `KHABAR_LOAD_SECS` sets the load's length (default 5 s); CI also runs the full 60 s against the
//! release binary with a memory bound (.ci/run). No timing is asserted.
mod support;

use khabar::api::{article_service_client::ArticleServiceClient, ListArticlesRequest};
use support::{cli::khabar, repo, Server};

/// The calls the mix makes, in the order the report lists them.
const CALLS: [&str; 11] = [
    "ingest-article",
    "ingest-articles",
    "analyze-article",
    "get-article",
    "list-articles",
    "list-quotes",
    "get-quote",
    "list-meetings",
    "get-meeting",
    "list-entities",
    "get-entity",
];

fn load_secs() -> String {
    std::env::var("KHABAR_LOAD_SECS").unwrap_or_else(|_| "5".into())
}

fn fixtures() -> String {
    repo()
        .join("tests/fixtures/seeds")
        .to_str()
        .expect("utf-8 path")
        .to_string()
}

/// Every stored article id, through ListArticles pages.
async fn stored_articles(url: &str) -> std::collections::BTreeSet<String> {
    let mut client =
        ArticleServiceClient::new(support::channel(url).await).max_decoding_message_size(256 << 20);
    let (mut ids, mut token) = (std::collections::BTreeSet::new(), String::new());
    loop {
        let page = client
            .list_articles(ListArticlesRequest {
                page_size: 500,
                page_token: token,
                ..Default::default()
            })
            .await
            .expect("ListArticles")
            .into_inner();
        ids.extend(page.articles.into_iter().map(|a| a.id));
        if page.next_page_token.is_empty() {
            return ids;
        }
        token = page.next_page_token;
    }
}

#[test]
fn sixty_four_mixed_clients_lose_nothing_and_fail_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let server = Server::start(&data, &[], &[]);
    let pid = server.child.id().to_string();
    let url = server.url();
    let (secs, fixtures) = (load_secs(), fixtures());
    let args = [
        "--json",
        "bench",
        "mixed",
        "--clients",
        "64",
        "--duration",
        &secs,
        "--fixtures",
        &fixtures,
        "--server-pid",
        &pid,
    ];
    let run = khabar(&url, &args, None);
    let lines = run.json();
    let (summary, rows) = lines.split_last().expect("a summary line");

    let names: Vec<&str> = rows.iter().filter_map(|r| r["rpc"].as_str()).collect();
    assert_eq!(names, CALLS, "{run:#?}");
    for row in rows {
        assert_eq!(row["errors"], 0, "{row}");
        assert_eq!(row["clients"], 64, "{row}");
        // every call of the mix was made (the gets ask about what earlier calls found)
        assert!(row["requests"].as_u64().unwrap_or(0) > 0, "{row}");
    }
    let count = |k: &str| summary[k].as_u64().unwrap_or(u64::MAX);
    assert_eq!(count("errors"), 0, "{summary}");
    assert_eq!(count("lost"), 0, "{summary}");
    assert!(count("acknowledged") > 0, "{summary}");
    assert_eq!(count("verified"), count("acknowledged"), "{summary}");
    assert!(count("rss_samples") >= 1, "{summary}");
    assert!(
        summary["rss_peak_mib"].as_f64().unwrap_or(0.0) > 0.0,
        "{summary}"
    );

    // acknowledged means durable: after SIGKILL and a restart every one is still listed (the
    // store was empty before the load, so it holds at least what was acknowledged)
    server.kill();
    let restarted = Server::start(&data, &[], &[]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let stored = runtime.block_on(stored_articles(&restarted.url()));
    assert!(
        stored.len() as u64 >= count("acknowledged"),
        "{} stored after restart, {summary}",
        stored.len()
    );
}

#[test]
fn a_memory_bound_below_the_server_fails_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("data"), &[], &[]);
    let (pid, fixtures) = (server.child.id().to_string(), fixtures());
    let run = khabar(
        &server.url(),
        &[
            "bench",
            "mixed",
            "--clients",
            "2",
            "--duration",
            "0.5s",
            "--fixtures",
            &fixtures,
            "--server-pid",
            &pid,
            "--max-rss-mib",
            "1",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("above --max-rss-mib 1"), "{run:#?}");
    assert!(
        run.stdout.contains("server resident memory: peak"),
        "{run:#?}"
    );
}

#[test]
fn mixed_bench_usage_errors_are_found_before_any_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("data"), &[], &[]);
    let fixtures = fixtures();
    // (arguments after `bench mixed`, what stderr names)
    let cases: [(&[&str], &str); 4] = [
        (&["--server-pid", "4294967295"], "--server-pid"),
        (&["--mix", "get-quote=x"], "--mix"),
        (&["--duration", "0"], "--duration"),
        (&["--max-rss-mib", "100"], "--server-pid"),
    ];
    for (extra, named) in cases {
        let mut args = vec!["bench", "mixed", "--fixtures", &fixtures];
        args.extend_from_slice(extra);
        let run = khabar(&server.url(), &args, None);
        assert_eq!(run.code, 2, "{extra:?}: {run:#?}");
        assert!(run.stderr.contains(named), "{extra:?}: {run:#?}");
    }
}
