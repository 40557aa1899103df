//! The read path as the server runs it for one call, transport taken out: the store query, the
//! conversion to protobuf messages, and the protobuf encoding of the answer. `khabar bench`
//! measures the same calls through gRPC; this one says how much of a call is khabar's own work,
//! and `answer_bytes` in the set-up line says how large the answers are.
//!
//! Articles: the first `KHABAR_BENCH_ARTICLES` (default 2000) of the corpus named by
//! `KHABAR_CORPUS` (JSON Lines, `.gz` read too); without it the five seed articles.
//!
//!     KHABAR_CORPUS=../shared/corpus/corpus.jsonl.gz cargo bench --bench query
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use khabar::api as pb;
use khabar::extract::{self, Lang, NaiveDate, PartialDate};
use khabar::service::convert;
use khabar::store::{ArticleId, ArticleMeta, DateRange, MeetingQuery, QuoteQuery, Store};
use prost::Message;

#[path = "support/params.rs"]
mod params;

/// Page size of the list calls, as `khabar bench` asks.
const PAGE: usize = 20;

/// (raw text, publication day) of the articles to store.
fn raw_articles() -> Vec<(String, Option<NaiveDate>)> {
    let limit: usize = std::env::var("KHABAR_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("KHABAR_CORPUS") {
        Some(path) => corpus(Path::new(&path), limit),
        None => std::fs::read_dir(repo.join("tests/fixtures/seeds"))
            .expect("tests/fixtures/seeds")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .map(|text| (text, NaiveDate::from_ymd_opt(2014, 11, 27)))
            .collect(),
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
    reader
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| {
            let record: serde_json::Value = serde_json::from_str(&line).ok()?;
            let field = |k: &str| record[k].as_str().unwrap_or("").trim().to_string();
            let raw = [field("title"), field("text")].join("\n\n");
            let published = field("published");
            let day = NaiveDate::parse_from_str(published.get(..10).unwrap_or(""), "%Y-%m-%d");
            (!raw.trim().is_empty()).then_some((raw, day.ok()))
        })
        .take(limit)
        .collect()
}

/// A store holding the articles, and the parameters `khabar bench` would draw from it.
struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    speakers: Vec<String>,
    participants: Vec<String>,
    months: Vec<DateRange>,
    articles: Vec<ArticleId>,
}

fn fixture() -> Fixture {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("open store");
    let mut articles = Vec::new();
    let mut dates: Vec<PartialDate> = Vec::new();
    for (raw, day) in raw_articles() {
        let id = ArticleId::of_text(&raw);
        let meta = ArticleMeta {
            published: day.map(PartialDate::day),
            outlet: "bench".into(),
            language: "ar".into(),
            ..ArticleMeta::default()
        };
        let x = extract::extract(&raw, day, Lang::Arabic);
        dates.extend(x.meetings.iter().filter_map(|m| m.date));
        store.ingest(id, &meta, &x).expect("ingest");
        articles.push(id);
    }
    let (speakers, participants) = params::speakers_and_participants(&store);
    let f = Fixture {
        speakers,
        participants,
        months: params::month_ranges(dates.into_iter()),
        articles,
        store,
        _dir: dir,
    };
    eprintln!(
        "set-up: {} articles stored in {:.1} s; {} speakers, {} participants, {} months",
        f.articles.len(),
        started.elapsed().as_secs_f64(),
        f.speakers.len(),
        f.participants.len(),
        f.months.len()
    );
    f
}

impl Fixture {
    fn quotes_by_speaker(&self, i: usize) -> pb::ListQuotesResponse {
        let q = QuoteQuery {
            speaker: Some(self.speakers[i % self.speakers.len()].clone()),
            ..QuoteQuery::default()
        };
        let page = self.store.list_quotes(&q, PAGE, None).expect("quotes");
        pb::ListQuotesResponse {
            quotes: page.items.iter().map(convert::quote).collect(),
            next_page_token: String::new(),
        }
    }

    fn meetings(&self, q: MeetingQuery) -> pb::ListMeetingsResponse {
        let page = self.store.list_meetings(&q, PAGE, None).expect("meetings");
        pb::ListMeetingsResponse {
            meetings: page.items.iter().map(convert::meeting).collect(),
            next_page_token: String::new(),
        }
    }

    fn meetings_by_month(&self, i: usize) -> pb::ListMeetingsResponse {
        self.meetings(MeetingQuery {
            dates: self.months[i % self.months.len()],
            ..MeetingQuery::default()
        })
    }

    fn meetings_by_participant(&self, i: usize) -> pb::ListMeetingsResponse {
        self.meetings(MeetingQuery {
            participant: Some(self.participants[i % self.participants.len()].clone()),
            ..MeetingQuery::default()
        })
    }

    fn get_article(&self, i: usize) -> pb::GetArticleResponse {
        let id = self.articles[i % self.articles.len()];
        let view = self.store.get_article(id).expect("article");
        pb::GetArticleResponse {
            article: Some(convert::article(&view.article, &view.entities)),
        }
    }
}

/// Mean encoded size of `answer` over the first 200 parameters, in bytes.
fn mean_bytes<M: Message>(answer: impl Fn(usize) -> M) -> usize {
    (0..200).map(|i| answer(i).encoded_len()).sum::<usize>() / 200
}

fn query(c: &mut Criterion) {
    let f = fixture();
    let mut group = c.benchmark_group("query_answer");
    let mut n = 0usize;
    let mut next = || {
        n = n.wrapping_add(1);
        n
    };
    macro_rules! call {
        ($name:literal, $params:expr, $answer:ident) => {
            if !$params.is_empty() {
                eprintln!("{}: answer_bytes {}", $name, mean_bytes(|i| f.$answer(i)));
                group.bench_function($name, |b| b.iter(|| f.$answer(next()).encode_to_vec()));
            }
        };
    }
    call!("quotes_by_speaker", f.speakers, quotes_by_speaker);
    call!("meetings_by_month", f.months, meetings_by_month);
    call!(
        "meetings_by_participant",
        f.participants,
        meetings_by_participant
    );
    call!("get_article", f.articles, get_article);
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
