//! Whole-article extraction (`extract::extract`: clean, dates, entities, quotes, meetings) per
//! article: over the five seeds, and over the corpus when `KHABAR_CORPUS=/path/corpus.jsonl.gz`
//! is set (the first `KHABAR_CORPUS_N` articles, 2000 by default; `all` for the whole corpus).
//! Criterion reports articles per second of wall-clock time on one thread.
//!
//! The machines this runs on are shared, so wall-clock time counts the time other processes hold
//! the core. Before criterion starts, one pass over each set prints its articles and MB per second
//! of this thread's CPU time too (Linux `/proc/thread-self/schedstat`): the per-core figure.
use std::io::BufRead;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use khabar::extract::{extract, Lang, NaiveDate};

/// (raw page, publication date)
type Article = (String, Option<NaiveDate>);

fn seeds() -> Vec<Article> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|raw| (raw, NaiveDate::from_ymd_opt(2014, 12, 8)))
        .collect()
}

fn corpus(path: &str, limit: usize) -> Vec<Article> {
    let Ok(file) = std::fs::File::open(path) else {
        eprintln!("KHABAR_CORPUS={path}: cannot open");
        return Vec::new();
    };
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    reader
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .take(limit)
        .map(|v| {
            let title = v["title"].as_str().unwrap_or_default();
            let text = v["text"].as_str().unwrap_or_default();
            let published = v["published"]
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            (format!("{title}\n{text}"), published)
        })
        .collect()
}

/// Nanoseconds this thread has run on a CPU, where Linux says (`None` elsewhere).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn extract_all(articles: &[Article]) -> usize {
    articles
        .iter()
        .map(|(raw, published)| extract(raw, *published, Lang::Arabic).quotes.len())
        .sum()
}

/// One pass over `articles`: articles and MB per second of wall-clock and of CPU time.
fn one_pass(name: &str, articles: &[Article]) {
    let bytes: usize = articles.iter().map(|(raw, _)| raw.len()).sum();
    let (cpu0, wall0) = (thread_cpu_ns(), Instant::now());
    std::hint::black_box(extract_all(articles));
    let wall = wall0.elapsed().as_secs_f64();
    let n = articles.len() as f64;
    let mb = bytes as f64 / 1e6;
    print!(
        "extract/{name}: {} articles, {mb:.1} MB; one pass: wall {wall:.2} s ({:.0} articles/s, {:.2} MB/s)",
        articles.len(),
        n / wall,
        mb / wall
    );
    match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) if b > a => {
            let cpu = (b - a) as f64 / 1e9;
            println!(
                ", CPU {cpu:.2} s ({:.0} articles/s per core, {:.2} MB/s)",
                n / cpu,
                mb / cpu
            );
        }
        _ => println!(),
    }
}

fn bench_set(c: &mut Criterion, name: &str, articles: &[Article]) {
    if articles.is_empty() {
        return;
    }
    one_pass(name, articles);
    let mut group = c.benchmark_group("extract");
    // one iteration is a whole set (seconds for the corpus): the same count in every sample
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function(format!("{name} ({} articles)", articles.len()), |b| {
        b.iter(|| extract_all(articles))
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    // the word tables are built on first use: not part of any measurement
    extract("", None, Lang::Arabic);
    bench_set(c, "seeds", &seeds());
    if let Ok(path) = std::env::var("KHABAR_CORPUS") {
        let limit = match std::env::var("KHABAR_CORPUS_N").as_deref() {
            Ok("all") => usize::MAX,
            Ok(n) => n.parse().unwrap_or(2000),
            Err(_) => 2000,
        };
        bench_set(c, "corpus", &corpus(&path, limit));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = extraction
}
criterion_main!(benches);
