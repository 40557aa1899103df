//! Whole-article extraction (`extract::extract`: clean, dates, entities, quotes, meetings) per
//! article: over the five seeds, and over a corpus sample when `KHABAR_CORPUS=/path/corpus.jsonl.gz`
//! is set (the first `KHABAR_CORPUS_N` articles, 2000 by default). Throughput is reported in bytes
//! of raw text, so MB/s compares across inputs; divide by the mean article size for articles/s.
use std::io::BufRead;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
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

fn bench_set(c: &mut Criterion, name: &str, articles: &[Article]) {
    if articles.is_empty() {
        return;
    }
    let bytes: usize = articles.iter().map(|(raw, _)| raw.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{name} ({} articles)", articles.len()), |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|(raw, published)| extract(raw, *published, Lang::Arabic).quotes.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    bench_set(c, "seeds", &seeds());
    if let Ok(path) = std::env::var("KHABAR_CORPUS") {
        let limit = std::env::var("KHABAR_CORPUS_N")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2000);
        bench_set(c, "corpus", &corpus(&path, limit));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = extraction
}
criterion_main!(benches);
