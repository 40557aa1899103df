//! The real `khabar` binary against a real in-process server: every command, in text and `--json`,
//! and every bad input with its exit code and its one-line message.
mod support;

use std::io::Write;

use serde_json::Value;
use support::cli::{seeds, InProcessServer, Run, ServerProcess};

/// Ingests the five seeds (each with its gold publication date); returns the stored articles.
fn ingest_seeds(server: &InProcessServer) -> Vec<Value> {
    seeds()
        .iter()
        .map(|(path, published)| {
            let path = path.to_str().expect("utf-8 path");
            let lines = server
                .khabar(&["ingest", path, "--published", published, "--json"])
                .json();
            assert_eq!(lines.len(), 1, "one Article per ingested file: {lines:?}");
            lines.into_iter().next().expect("one line")
        })
        .collect()
}

fn id(v: &Value) -> &str {
    v["id"].as_str().expect("id")
}

/// pbjson leaves out fields holding their default value: a missing count is 0.
fn count(article: &Value, field: &str) -> usize {
    article["summary"][field].as_u64().unwrap_or(0) as usize
}

fn date(v: &Value) -> (u64, u64, u64) {
    let part = |k: &str| v[k].as_u64().unwrap_or(0);
    (part("year"), part("month"), part("day"))
}

fn day(s: &str) -> (u64, u64, u64) {
    let p: Vec<u64> = s.split('-').map(|x| x.parse().expect("number")).collect();
    (p[0], p[1], p[2])
}

#[test]
fn ingest_json_is_the_article_and_queries_by_article_agree_with_its_summary() {
    let server = InProcessServer::start();
    let articles = ingest_seeds(&server);
    for ((_, published), article) in seeds().iter().zip(&articles) {
        assert!(!id(article).is_empty());
        assert_eq!(date(&article["published"]), day(published));

        let quotes = server
            .khabar(&["quotes", "--article", id(article), "--json", "--limit", "0"])
            .json();
        assert_eq!(quotes.len(), count(article, "quoteCount"), "{article}");
        for q in &quotes {
            assert_eq!(q["articleId"], article["id"]);
            assert!(q["text"].as_str().is_some_and(|t| !t.is_empty()), "{q}");
        }
        let meetings = server
            .khabar(&[
                "meetings",
                "--article",
                id(article),
                "--json",
                "--limit",
                "0",
            ])
            .json();
        assert_eq!(meetings.len(), count(article, "meetingCount"), "{article}");
        for m in &meetings {
            assert_eq!(m["articleId"], article["id"]);
        }
    }
    let total_quotes: usize = articles.iter().map(|a| count(a, "quoteCount")).sum();
    let all = server.khabar(&["quotes", "--json", "--limit", "0"]).json();
    assert_eq!(all.len(), total_quotes);
}

#[test]
fn ingest_text_output_is_a_block_per_article_and_reingest_is_recognised() {
    let server = InProcessServer::start();
    let (path, published) = &seeds()[0];
    let path = path.to_str().unwrap();
    let first = server.khabar(&["ingest", path, "--published", published]);
    let text = first.ok();
    assert!(text.starts_with("article "), "{text}");
    assert!(
        text.contains(&format!("published:    {published}")),
        "{text}"
    );
    assert!(text.contains("facts:"), "{text}");
    assert!(!text.contains("already stored"), "{text}");

    let again = server.khabar(&["ingest", path, "--published", published, "--json"]);
    let again_text = server.khabar(&["ingest", path, "--published", published]);
    assert!(again_text.ok().contains("(already stored)"));
    // Same content, same id.
    let id_line = text.lines().next().unwrap();
    assert_eq!(id_line, format!("article {}", id(&again.json()[0])));
    assert_eq!(server.khabar(&["articles", "--json"]).json().len(), 1);
}

#[test]
fn ingest_a_folder_takes_its_txt_files_in_name_order() {
    let server = InProcessServer::start();
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    for (path, _) in &seeds[..3] {
        std::fs::copy(path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("notes.md"), "not an article").unwrap();
    let stored = server
        .khabar(&["ingest", dir.path().to_str().unwrap(), "--json"])
        .json();
    assert_eq!(stored.len(), 3);

    let empty = tempfile::tempdir().unwrap();
    let run = server.khabar(&["ingest", empty.path().to_str().unwrap()]);
    assert_one_error(&run, 2, "folder holds no .txt files");
}

#[test]
fn ingest_from_stdin_with_outlet_and_source_url() {
    let server = InProcessServer::start();
    let (path, published) = &seeds()[1];
    let text = std::fs::read(path).unwrap();
    let args = [
        "ingest",
        "-",
        "--published",
        published,
        "--outlet",
        "rsw",
        "--source-url",
        "https://example.org/a",
        "--json",
    ];
    let stored = server.khabar_stdin(&args, &text).json();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["outlet"], "rsw");
    assert_eq!(stored[0]["sourceUrl"], "https://example.org/a");
    let by_outlet = server
        .khabar(&["articles", "--outlet", "rsw", "--json"])
        .json();
    assert_eq!(by_outlet.len(), 1);
    assert!(server
        .khabar(&["articles", "--outlet", "other", "--json"])
        .json()
        .is_empty());
}

/// A gzip JSON Lines corpus made from the seeds: first line as title, the rest as text.
fn write_jsonl_gz(path: &std::path::Path, extra_lines: &[&str]) {
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    for (i, (seed, published)) in seeds().iter().take(2).enumerate() {
        let raw = std::fs::read_to_string(seed).unwrap();
        let (title, text) = raw.split_once('\n').unwrap_or((&raw, ""));
        let record = serde_json::json!({
            "id": format!("rec-{i}"), "source": "seeds", "published": published,
            "title": title, "text": text,
        });
        writeln!(gz, "{record}").unwrap();
    }
    for line in extra_lines {
        writeln!(gz, "{line}").unwrap();
    }
    gz.finish().unwrap();
}

#[test]
fn ingest_jsonl_gz_streams_records_and_counts_them() {
    let server = InProcessServer::start();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("tiny.jsonl.gz");
    write_jsonl_gz(&corpus, &[]);

    let run = server.khabar(&["ingest", "--jsonl", corpus.to_str().unwrap(), "--json"]);
    let stored = run.json();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|a| a["outlet"] == "seeds"));
    assert!(
        run.stderr
            .contains("ingested 2 articles (0 already stored), 0 failed"),
        "{run:#?}"
    );

    // Text mode: the count on stdout; the same records again are recognised.
    let again = server.khabar(&["ingest", "--jsonl", corpus.to_str().unwrap()]);
    assert_eq!(
        again.ok().trim(),
        "ingested 2 articles (2 already stored), 0 failed"
    );
}

#[test]
fn ingest_jsonl_reports_bad_records_and_exits_non_zero() {
    let server = InProcessServer::start();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("broken.jsonl.gz");
    write_jsonl_gz(
        &corpus,
        &["{not json", r#"{"id": "blank", "title": "", "text": " "}"#],
    );
    let run = server.khabar(&["ingest", "--jsonl", corpus.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stdout
            .contains("ingested 2 articles (0 already stored), 2 failed"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("line 3: not a JSON record"), "{run:#?}");
    assert!(run.stderr.contains("line 4: no title or text"), "{run:#?}");
    assert!(
        run.stderr.ends_with("khabar: 2 of 4 articles failed\n"),
        "{run:#?}"
    );
}

#[test]
fn analyze_json_is_the_whole_response_with_resolved_dates() {
    let server = InProcessServer::start();
    let (path, published) = &seeds()[0];
    let path = path.to_str().unwrap();
    let lines = server
        .khabar(&["analyze", path, "--published", published, "--json"])
        .json();
    assert_eq!(lines.len(), 1, "one line: the AnalyzeArticleResponse");
    let resp = &lines[0];
    assert!(resp["text"].as_str().is_some_and(|t| !t.is_empty()));
    let temporal = resp["temporalExpressions"]
        .as_array()
        .expect("temporalExpressions");
    assert!(!temporal.is_empty(), "{resp}");
    let complete = temporal.iter().find(|t| {
        [
            "text",
            "start",
            "end",
            "value",
            "precision",
            "reading",
            "confidence",
        ]
        .iter()
        .all(|k| t.get(k).is_some())
    });
    assert!(
        complete.is_some(),
        "no fully resolved expression: {temporal:?}"
    );
    // Nothing was stored.
    assert!(server.khabar(&["articles", "--json"]).json().is_empty());

    let text = server.khabar(&["analyze", path, "--published", published]);
    let text = text.ok();
    for heading in ["title:", "entities: ", "dates: ", "quotes: ", "meetings: "] {
        assert!(text.contains(heading), "{heading} missing in {text}");
    }
}

#[test]
fn quote_queries_filter_and_print_blocks() {
    let server = InProcessServer::start();
    ingest_seeds(&server);
    let quotes = server.khabar(&["quotes", "--json", "--limit", "0"]).json();
    assert!(!quotes.is_empty(), "the seeds hold quotes");

    // Text mode: a block per quote, the Arabic text as is.
    let text = server.khabar(&["quotes", "--limit", "0"]);
    let text = text.ok();
    assert_eq!(text.matches("\nquote ").count() + 1, quotes.len(), "{text}");
    for q in &quotes {
        assert!(text.contains(q["text"].as_str().unwrap()));
    }

    // By speaker: every quote returned is by that entity.
    let speaker = quotes
        .iter()
        .find_map(|q| q.get("speaker"))
        .expect("some quote has a known speaker");
    let name = speaker["name"].as_str().unwrap();
    let by = server
        .khabar(&["quotes", "--speaker", name, "--json", "--limit", "0"])
        .json();
    assert!(!by.is_empty());
    assert!(
        by.iter().all(|q| q["speaker"]["id"] == speaker["id"]),
        "{by:?}"
    );

    // Kind filter.
    let direct = server
        .khabar(&["quotes", "--kind", "direct", "--json", "--limit", "0"])
        .json();
    assert!(direct.iter().all(|q| q["kind"] == "QUOTE_KIND_DIRECT"));
}

#[test]
fn meeting_queries_by_date_range() {
    let server = InProcessServer::start();
    ingest_seeds(&server);
    let meetings = server
        .khabar(&["meetings", "--json", "--limit", "0"])
        .json();
    assert!(!meetings.is_empty(), "the seeds hold meetings");
    let text = server.khabar(&["meetings", "--limit", "0"]);
    assert_eq!(text.ok().matches("\nmeeting ").count() + 1, meetings.len());

    // Every dated meeting is found by a one-day range on its date, and that range holds only
    // meetings of that day.
    for m in &meetings {
        let (y, mo, d) = date(&m["date"]);
        if d == 0 {
            continue;
        }
        let on = format!("{y:04}-{mo:02}-{d:02}");
        let same_day = server
            .khabar(&["meetings", "--from", &on, "--to", &on, "--json"])
            .json();
        assert!(
            same_day.iter().any(|x| x["id"] == m["id"]),
            "{on}: {same_day:?}"
        );
        assert!(same_day.iter().all(|x| date(&x["date"]) == (y, mo, d)));
    }
    let text = server.khabar(&["meetings", "--from", "1990-01-01", "--to", "1990-01-02"]);
    assert_eq!(text.ok().trim(), "no meetings found");
}

#[test]
fn list_commands_follow_page_tokens_up_to_the_limit() {
    let server = InProcessServer::start();
    ingest_seeds(&server);
    for list in ["entities", "articles", "meetings", "quotes"] {
        let one_page = server
            .khabar(&[list, "--json", "--limit", "0", "--page-size", "1000"])
            .json();
        // Two at a time: the same items in the same order.
        let paged = server
            .khabar(&[list, "--json", "--limit", "0", "--page-size", "2"])
            .json();
        assert_eq!(paged, one_page, "{list}");
        if one_page.len() < 3 {
            continue;
        }
        // --limit stops early (across pages) and says so in text mode; JSON stays pure.
        let limited = server
            .khabar(&[list, "--json", "--limit", "3", "--page-size", "2"])
            .json();
        assert_eq!(limited, one_page[..3], "{list}");
        let text = server.khabar(&[list, "--limit", "1"]);
        let note = format!("khabar: showing the first 1 {list}; --limit 0 lists all\n");
        assert_eq!(text.stderr, note, "{list}");
    }
    let entities = server
        .khabar(&["entities", "--json", "--limit", "0"])
        .json();
    assert!(entities.len() >= 3, "the seeds name more than two entities");
}

#[test]
fn articles_entities_and_one_article() {
    let server = InProcessServer::start();
    let stored = ingest_seeds(&server);

    let listed = server.khabar(&["articles", "--json"]).json();
    assert_eq!(listed.len(), 5);
    // Date range on publication: the gold dates of the seeds.
    let in_2014 = server
        .khabar(&[
            "articles",
            "--from",
            "2014-01-01",
            "--to",
            "2014-12-31",
            "--json",
        ])
        .json();
    let want = seeds()
        .iter()
        .filter(|(_, d)| d.starts_with("2014"))
        .count();
    assert_eq!(in_2014.len(), want);

    let first = &stored[0];
    let shown = server.khabar(&["article", id(first)]);
    let shown = shown.ok();
    assert!(shown.starts_with(&format!("article {}", id(first))));
    assert!(shown.contains(first["text"].as_str().unwrap().trim_end()));
    let json = server.khabar(&["article", id(first), "--json"]).json();
    assert_eq!(json[0]["id"], first["id"]);

    let entities = server
        .khabar(&["entities", "--json", "--limit", "0"])
        .json();
    assert!(!entities.is_empty());
    let e = &entities[0];
    let one = server.khabar(&["entity", id(e), "--json"]).json();
    assert_eq!(one[0]["id"], e["id"]);
    let text = server.khabar(&["entity", id(e)]);
    assert!(text.ok().starts_with(&format!("entity {}", id(e))));
    let name = e["name"].as_str().unwrap();
    let by_name = server
        .khabar(&["entities", "--name", name, "--json", "--limit", "0"])
        .json();
    assert!(
        by_name.iter().any(|x| x["id"] == e["id"]),
        "{name}: {by_name:?}"
    );
    let people = server
        .khabar(&["entities", "--kind", "person", "--json", "--limit", "0"])
        .json();
    assert!(people.iter().all(|x| x["kind"] == "ENTITY_KIND_PERSON"));
}

#[test]
fn delete_removes_the_article_and_its_facts() {
    let server = InProcessServer::start();
    let stored = ingest_seeds(&server);
    let gone = id(&stored[0]);
    let run = server.khabar(&["delete", gone]);
    assert_eq!(run.ok().trim(), format!("deleted article {gone}"));
    assert_one_error(&server.khabar(&["article", gone]), 3, "not found");
    assert!(server
        .khabar(&["quotes", "--article", gone, "--json"])
        .json()
        .is_empty());
    assert_eq!(server.khabar(&["articles", "--json"]).json().len(), 4);
}

#[test]
fn registry_corrections_merge_split_update() {
    let server = InProcessServer::start();
    ingest_seeds(&server);
    let people = server
        .khabar(&["entities", "--kind", "person", "--json", "--limit", "0"])
        .json();
    assert!(people.len() >= 2, "the seeds name several people");
    let (target, source) = (&people[0], &people[1]);
    let source_name = source["name"].as_str().unwrap();

    let merged = server
        .khabar(&["entity-merge", id(target), id(source), "--json"])
        .json();
    assert_eq!(merged[0]["id"], target["id"]);
    let aliases: Vec<&str> = merged[0]["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(aliases.contains(&source_name), "{aliases:?}");
    // The merged id lives on as a redirect to the target.
    let redirected = server.khabar(&["entity", id(source), "--json"]).json();
    assert_eq!(redirected[0]["id"], target["id"]);

    let split = server
        .khabar(&["entity-split", id(target), source_name, "--json"])
        .json();
    assert_eq!(split[0]["original"]["id"], target["id"]);
    assert_eq!(split[0]["split"]["name"], source_name);

    let updated = server
        .khabar(&[
            "entity-update",
            id(target),
            "--latin-name",
            "Test Person",
            "--json",
        ])
        .json();
    assert_eq!(updated[0]["latinName"], "Test Person");
    let text = server.khabar(&["entity", id(target)]);
    assert!(text.ok().contains("(Test Person)"));
}

/// Exit code and the single stderr line.
#[track_caller]
fn assert_one_error(run: &Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "{run:#?}");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {run:#?}");
    assert!(run.stderr.starts_with("khabar: "), "{run:#?}");
    assert!(run.stderr.contains(needle), "want {needle:?}: {run:#?}");
}

/// A well-formed article id (32 hex digits) that no article has.
const NO_ARTICLE: &str = "00000000000000000000000000000000";

#[test]
fn bad_input_is_one_line_and_an_exit_code() {
    let server = InProcessServer::start();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("cp1256.txt");
    std::fs::write(&bad, b"\xe3\xd5\xd1 \xc7\xe1\xd9\xd1\xc8\xed\xc9").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let missing = dir.path().join("missing.txt");
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&seeds()[0].0, folder.join("a.txt")).unwrap();
    std::fs::copy(&bad, folder.join("b.txt")).unwrap();
    let (bad, empty, missing, folder) = (
        bad.to_str().unwrap(),
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
        folder.to_str().unwrap(),
    );

    // (arguments, exit code, what the one stderr line says)
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["quotes", "--from", "2014-13-01"],
            2,
            r#"--from: expected YYYY-MM-DD, got "2014-13-01""#,
        ),
        (
            &["meetings", "--to", "25/09/2014"],
            2,
            r#"--to: expected YYYY-MM-DD, got "25/09/2014""#,
        ),
        (
            &["articles", "--from", "2015-01-01", "--to", "2014-01-01"],
            2,
            "--from 2015-01-01 is after --to 2014-01-01",
        ),
        (
            &["ingest", bad, "--published", "2014-9-25"],
            2,
            r#"--published: expected YYYY-MM-DD, got "2014-9-25""#,
        ),
        (
            &["ingest", bad],
            2,
            "cp1256.txt: not valid UTF-8 (bad byte at offset 0)",
        ),
        (&["ingest", folder], 2, "b.txt: not valid UTF-8"),
        (&["analyze", bad], 2, "not valid UTF-8"),
        (&["ingest", empty], 2, "empty.txt: empty, no article text"),
        (&["ingest", missing], 2, "missing.txt: No such file"),
        (&["article", NO_ARTICLE], 3, "not found"),
        (&["delete", NO_ARTICLE], 3, "not found"),
        (
            &["quotes", "--article", "no-such-article"],
            2,
            "is not an article id",
        ),
        (&["article", "no-such-article"], 2, "is not an article id"),
        (&["entity", "e999999"], 3, "not found"),
        (&["entity-merge", "e999999", "e999998"], 3, "not found"),
        (
            &["entity-update", "no-such-entity"],
            2,
            "give --name and/or --latin-name",
        ),
    ];
    for (args, code, needle) in cases {
        let run = server.khabar(args);
        assert_one_error(&run, *code, needle);
    }
    // The folder with one bad file stored nothing.
    assert!(server.khabar(&["articles", "--json"]).json().is_empty());
}

#[test]
fn unreachable_server_is_named() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    for args in [&["quotes"][..], &["ingest", "-"], &["entity", "x"]] {
        let run = support::cli::khabar(&url, args, Some("نص".as_bytes()));
        assert_one_error(&run, 4, &format!("cannot reach server at {url}: "));
    }
}

#[test]
fn tokens_are_sent_and_refusals_are_explained() {
    let server = ServerProcess::start_with_env(&[(
        "KHABAR_TOKENS",
        "read:read-token-0123456789,write:write-token-0123456789",
    )]);
    let (path, published) = &seeds()[0];
    let path = path.to_str().unwrap();
    let ingest = ["ingest", path, "--published", published, "--json"];

    // (token, arguments, exit code, what stderr says; empty when it succeeds)
    let cases: &[(Option<&str>, &[&str], i32, &str)] = &[
        (None, &["quotes"], 5, "(give --token or KHABAR_TOKEN)"),
        (Some("wrong"), &["quotes"], 5, "not allowed: "),
        (
            Some("read-token-0123456789"),
            &ingest,
            5,
            "(this needs a token with the write scope)",
        ),
        (Some("write-token-0123456789"), &ingest, 0, ""),
        (
            Some("read-token-0123456789"),
            &["articles", "--json"],
            0,
            "",
        ),
    ];
    for (token, args, code, needle) in cases {
        let mut argv: Vec<&str> = token.map(|t| vec!["--token", t]).unwrap_or_default();
        argv.extend_from_slice(args);
        let run = server.khabar(&argv);
        if *code == 0 {
            run.ok();
        } else {
            assert_one_error(&run, *code, needle);
        }
    }
}
