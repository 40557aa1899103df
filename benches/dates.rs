//! How long resolving an article's dates takes: the five seed articles, one at a time, with
//! their publication dates (the whole extraction budget is a few hundred microseconds).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar::extract::dates::find_temporal_expressions;
use khabar::extract::{Lang, NaiveDate};

const SEEDS: [(&str, &str); 5] = [
    (
        include_str!("../tests/fixtures/seeds/000_89b412746f488198.txt"),
        "2014-09-25",
    ),
    (
        include_str!("../tests/fixtures/seeds/001_c2b2ba27722be755.txt"),
        "2014-12-08",
    ),
    (
        include_str!("../tests/fixtures/seeds/002_85596d255fdc6d4d.txt"),
        "2014-09-15",
    ),
    (
        include_str!("../tests/fixtures/seeds/003_d62af6c79cedbc4f.txt"),
        "2015-04-23",
    ),
    (
        include_str!("../tests/fixtures/seeds/004_dffb4178da75e884.txt"),
        "2014-11-06",
    ),
];

fn seeds(c: &mut Criterion) {
    let articles: Vec<(&str, Option<NaiveDate>)> = SEEDS
        .iter()
        .map(|(text, d)| (*text, NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()))
        .collect();
    let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
    let mut group = c.benchmark_group("dates");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("five_seed_articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|(text, published)| {
                    find_temporal_expressions(std::hint::black_box(text), *published, Lang::Arabic)
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, seeds);
criterion_main!(benches);
