//! `khabar bench` against an in-process server: it ingests a small corpus over the streaming RPC,
//! then loads every measured call for a fraction of a second. Checks the shape of the report
//! (every row, counts, no errors), never a speed.
mod support;

use serde_json::Value;
use support::cli::{seeds, InProcessServer};

/// The seeds as a JSON Lines corpus like ../shared/corpus ({id, source, published, title, text}).
fn seed_corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let mut lines = String::new();
    for (i, (path, published)) in seeds().iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("seed text");
        let record = serde_json::json!({
            "id": format!("seed-{i}"),
            "source": "seeds",
            "published": published,
            "title": "",
            "text": text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let file = dir.join("seeds.jsonl");
    std::fs::write(&file, lines).expect("write corpus");
    file
}

#[test]
fn bench_reports_every_call_with_no_errors() {
    let server = InProcessServer::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = seed_corpus(dir.path());
    let params = dir.path().join("params");
    let run = server.khabar(&[
        "--json",
        "bench",
        "--ingest",
        corpus.to_str().expect("utf-8 path"),
        "--copies",
        "2",
        "--streams",
        "2",
        "--clients",
        "4",
        "--duration",
        "0.2",
        "--warmup",
        "0",
        "--params-out",
        params.to_str().expect("utf-8 path"),
    ]);
    let rows = run.json();
    let names: Vec<&str> = rows.iter().filter_map(|r| r["rpc"].as_str()).collect();
    assert_eq!(
        names,
        [
            "ingest (2 streams)",
            "health",
            "quotes-by-speaker",
            "meetings-by-month",
            "meetings-by-participant",
            "get-article",
        ],
        "{run:#?}"
    );
    // the two copies differ in text, so all ten articles are stored
    assert_eq!(rows[0]["requests"], 10, "{:?}", rows[0]);
    for row in &rows {
        assert_eq!(row["errors"], 0, "{row}");
        assert!(row["requests"].as_u64().unwrap_or(0) > 0, "{row}");
        assert!(row["qps"].as_f64().unwrap_or(0.0) > 0.0, "{row}");
    }
    for row in &rows[1..] {
        // every drawn parameter comes from a stored fact, so every call finds something
        assert!(row["rows_per_call"].as_f64().unwrap_or(0.0) >= 1.0, "{row}");
        assert!(row["kb_per_call"].as_f64().unwrap_or(0.0) > 0.0, "{row}");
        let ms = |k: &str| row[k].as_f64().unwrap_or(-1.0);
        assert!(
            0.0 < ms("p50_ms") && ms("p50_ms") <= ms("p99_ms") && ms("p99_ms") <= ms("max_ms"),
            "{row}"
        );
    }
    for file in [
        "speakers.txt",
        "participants.txt",
        "months.txt",
        "articles.txt",
    ] {
        let text = std::fs::read_to_string(params.join(file)).expect(file);
        assert!(!text.trim().is_empty(), "{file} is empty");
    }
}

#[test]
fn bench_prints_a_markdown_table_and_refuses_unknown_calls() {
    let server = InProcessServer::start();
    let run = server.khabar(&[
        "bench",
        "--only",
        "health",
        "--clients",
        "2",
        "--requests",
        "50",
        "--warmup",
        "0",
    ]);
    let out = run.ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("| call | clients |"), "{out}");
    // (row, its cells: call, clients, requests, errors)
    let cells: Vec<&str> = lines[2].split('|').map(str::trim).collect();
    assert_eq!(&cells[1..5], ["health", "2", "50", "0"], "{out}");

    let bad = server.khabar(&["bench", "--only", "everything"]);
    assert_eq!(bad.code, 2, "{bad:#?}");
    assert!(bad.stderr.contains("--only"), "{bad:#?}");
}

#[test]
fn bench_without_facts_reports_the_call_as_failed() {
    // an empty store holds no speaker to ask about: an error row, not a fake measurement
    let server = InProcessServer::start();
    let run = server.khabar(&[
        "--json",
        "bench",
        "--only",
        "quotes-by-speaker",
        "--duration",
        "0.1",
        "--warmup",
        "0",
    ]);
    assert_eq!(run.code, 1, "{run:#?}");
    let rows: Vec<Value> = run
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(rows.len(), 1, "{run:#?}");
    assert_eq!(rows[0]["requests"], 0);
    assert_eq!(rows[0]["errors"], 1);
}
