//! The store alone, with extraction and gRPC taken out: how fast already-extracted articles are
//! written (every index entry, the entity registry; one sled transaction and one flush each as a
//! lone unary ingest does, and in groups of 32 as concurrent ingests share a group commit), and
//! how long the typed queries take at the store level.
//!
//! Articles: the first `KHABAR_BENCH_ARTICLES` (default 1000) of the corpus named by
//! `KHABAR_CORPUS` (JSON Lines, `.gz` read too), else the five seed articles. Extraction runs once,
//! before any timing.
//!
//!     KHABAR_CORPUS=../shared/corpus/corpus.jsonl.gz cargo bench --bench store
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use khabar::extract::{self, ExtractedArticle, Lang, NaiveDate, PartialDate};
use khabar::store::{ArticleId, ArticleMeta, DateRange, MeetingQuery, QuoteQuery, Store};

#[path = "support/params.rs"]
mod params;

/// One article as the service hands it to the store.
struct Prepared {
    id: ArticleId,
    meta: ArticleMeta,
    extracted: ExtractedArticle,
}

/// (raw text, publication day) of the benchmark's articles.
fn raw_articles() -> Vec<(String, Option<NaiveDate>)> {
    let limit: usize = std::env::var("KHABAR_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    match std::env::var_os("KHABAR_CORPUS") {
        Some(path) => corpus(Path::new(&path), limit),
        None => seeds(),
    }
}

fn corpus(path: &Path, limit: usize) -> Vec<(String, Option<NaiveDate>)> {
    let file = std::fs::File::open(path)
        .unwrap_or_else(|e| panic!("KHABAR_CORPUS={}: {e}", path.display()));
    let mut reader = BufReader::new(file);
    let gz = reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    let reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    };
    let mut out = Vec::new();
    for line in reader.lines().map_while(Result::ok) {
        if out.len() == limit {
            break;
        }
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let field = |k: &str| record[k].as_str().unwrap_or("").to_string();
        let (title, text) = (field("title"), field("text"));
        let raw = if title.trim().is_empty() {
            text
        } else {
            format!("{title}\n\n{text}")
        };
        if raw.trim().is_empty() {
            continue;
        }
        let published = field("published");
        let day = NaiveDate::parse_from_str(published.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
        out.push((raw, day));
    }
    out
}

fn seeds() -> Vec<(String, Option<NaiveDate>)> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut gold = String::new();
    std::fs::File::open(repo.join("tests/fixtures/seeds.gold.json"))
        .and_then(|mut f| f.read_to_string(&mut gold))
        .expect("tests/fixtures/seeds.gold.json");
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold is JSON");
    gold["articles"]
        .as_array()
        .expect("gold articles")
        .iter()
        .map(|a| {
            let file = repo
                .join("tests/fixtures/seeds")
                .join(a["file"].as_str().expect("file"));
            let text = std::fs::read_to_string(&file).expect("seed text");
            let day = NaiveDate::parse_from_str(a["published"].as_str().unwrap_or(""), "%Y-%m-%d");
            (text, day.ok())
        })
        .collect()
}

fn prepare() -> Vec<Prepared> {
    let raw = raw_articles();
    let started = Instant::now();
    let prepared: Vec<Prepared> = raw
        .into_iter()
        .map(|(raw, day)| Prepared {
            id: ArticleId::of_text(&raw),
            meta: ArticleMeta {
                published: day.map(PartialDate::day),
                source_url: String::new(),
                outlet: "bench".into(),
                language: "ar".into(),
            },
            extracted: extract::extract(&raw, day, Lang::Arabic),
        })
        .collect();
    // not a criterion measurement (benches/extract.rs is), just what the set-up cost
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "set-up: extracted {} articles in {seconds:.2} s on one thread ({:.0} articles/s)",
        prepared.len(),
        prepared.len() as f64 / seconds.max(1e-9)
    );
    prepared
}

fn ingest_all(store: &Store, articles: &[Prepared]) {
    for a in articles {
        store
            .ingest(a.id, &a.meta, &a.extracted)
            .expect("ingest into a fresh store");
    }
}

/// Articles per group in the group-commit benchmark: what a few pipelined ingest streams
/// typically have in flight together.
const GROUP: usize = 32;

fn ingest_grouped(store: &Store, articles: &[Prepared]) {
    for group in articles.chunks(GROUP) {
        for outcome in store.ingest_many(group.iter().map(|a| (a.id, &a.meta, &a.extracted))) {
            outcome.expect("ingest into a fresh store");
        }
    }
}

/// One way of writing a set of articles into a store.
type IngestWay = fn(&Store, &[Prepared]);

/// Writes every article into a fresh store per iteration; only the writes are timed.
fn write_path(c: &mut Criterion, articles: &[Prepared]) {
    let mut group = c.benchmark_group("store_write");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(articles.len() as u64));
    let ways: [(&str, IngestWay); 2] = [
        ("ingest_extracted", ingest_all),
        ("ingest_extracted_grouped_32", ingest_grouped),
    ];
    for (name, ingest) in ways {
        group.bench_function(BenchmarkId::new(name, articles.len()), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let store = Store::open(dir.path().join("store")).expect("open store");
                    let started = Instant::now();
                    ingest(&store, articles);
                    spent += started.elapsed();
                }
                spent
            })
        });
    }
    group.finish();
}

/// Query parameters drawn from the store, as `khabar bench` draws them through the API.
struct Params {
    speakers: Vec<String>,
    participants: Vec<String>,
    months: Vec<DateRange>,
    articles: Vec<ArticleId>,
}

fn params(store: &Store, articles: &[Prepared]) -> Params {
    let (speakers, participants) = params::speakers_and_participants(store);
    Params {
        speakers,
        participants,
        months: params::month_ranges(
            articles
                .iter()
                .flat_map(|a| a.extracted.meetings.iter().filter_map(|m| m.date)),
        ),
        articles: articles.iter().map(|a| a.id).collect(),
    }
}

/// Store-level latency of each typed query (page of 20), cycling through the parameters.
fn queries(c: &mut Criterion, articles: &[Prepared]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("open store");
    ingest_all(&store, articles);
    let p = params(&store, articles);
    let mut group = c.benchmark_group("store_query");
    let page = 20;
    let mut n = 0usize;
    let mut next = |len: usize| {
        n = n.wrapping_add(1);
        n % len.max(1)
    };
    if !p.speakers.is_empty() {
        group.bench_function("quotes_by_speaker", |b| {
            b.iter(|| {
                let q = QuoteQuery {
                    speaker: Some(p.speakers[next(p.speakers.len())].clone()),
                    ..QuoteQuery::default()
                };
                store.list_quotes(&q, page, None).expect("list quotes")
            })
        });
    }
    if !p.months.is_empty() {
        group.bench_function("meetings_by_month", |b| {
            b.iter(|| {
                let q = MeetingQuery {
                    dates: p.months[next(p.months.len())],
                    ..MeetingQuery::default()
                };
                store.list_meetings(&q, page, None).expect("list meetings")
            })
        });
    }
    if !p.participants.is_empty() {
        group.bench_function("meetings_by_participant", |b| {
            b.iter(|| {
                let q = MeetingQuery {
                    participant: Some(p.participants[next(p.participants.len())].clone()),
                    ..MeetingQuery::default()
                };
                store.list_meetings(&q, page, None).expect("list meetings")
            })
        });
    }
    // an article's quotes, whole (an article has a few at most, all in one page)
    group.bench_function("quotes_by_article", |b| {
        b.iter(|| {
            let q = QuoteQuery {
                article: Some(p.articles[next(p.articles.len())]),
                ..QuoteQuery::default()
            };
            store.list_quotes(&q, page, None).expect("list quotes")
        })
    });
    group.bench_function("get_article", |b| {
        b.iter(|| {
            store
                .get_article(p.articles[next(p.articles.len())])
                .expect("get article")
        })
    });
    group.finish();
}

fn store(c: &mut Criterion) {
    let articles = prepare();
    assert!(!articles.is_empty(), "no articles to benchmark");
    write_path(c, &articles);
    queries(c, &articles);
}

criterion_group!(benches, store);
criterion_main!(benches);
