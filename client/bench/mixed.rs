//! `khabar bench mixed`: the bounded load test. `--clients` clients, each on its own connection
//! with one call in flight, loop for `--duration` over a weighted mix of both ingest RPCs and every
//! read RPC (articles, quotes, meetings, entities, analyse). Every article the server acknowledges
//! is recorded; once the load stops each one is read back (the article, its quotes, its meetings)
//! and compared with what its acknowledgement said. The server's resident memory (`VmRSS` of
//! `--server-pid`, from /proc) is sampled every second.
//!
//! The run fails (exit 1) on any failed call, any acknowledged article missing or short of facts,
//! or a peak resident memory above `--max-rss-mib`: it is a pass/fail test, the per-call figures
//! come with it.
//!
//! Every ingested text is unique (a source article plus a line naming this run and the request's
//! number), so every ingest stores a new article and the store grows for the whole run.
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use clap::Args;
use khabar::api::{
    analyze_article_request, ingest_article_request, AnalyzeArticleRequest, Article, EntityKind,
    GetArticleRequest, GetEntityRequest, GetMeetingRequest, GetQuoteRequest, IngestArticleRequest,
    IngestArticlesRequest, ListArticlesRequest, ListEntitiesRequest, ListMeetingsRequest,
    ListQuotesRequest, PartialDate,
};
use serde::Serialize;
use tonic::Status;

use super::{month_range, print_row, summarize, Answer, Row, Tally};
use crate::connect::{Api, Target};
use crate::dates::parse_day;
use crate::error::CliError;
use crate::input::{self, CorpusRecord};

/// Longest one call may take before it counts as failed (the server's own limit is 60 s).
const CALL_TIMEOUT: Duration = Duration::from_secs(90);

/// How many ids of each kind the clients remember to ask about (the most recent ones).
const POOL: usize = 4096;

/// Where the articles come from when neither `--corpus` nor `--fixtures` is given: the seed
/// articles of a checkout, so the test runs on a fresh clone.
const DEFAULT_FIXTURES: &str = "tests/fixtures/seeds";

#[derive(Debug, Args)]
pub struct MixedArgs {
    /// Concurrent clients, each on its own connection with one call in flight.
    #[arg(long, default_value_t = 64)]
    pub clients: usize,
    /// How long the load runs: seconds (`60`, `60s`) or minutes (`2m`).
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    pub duration: Duration,
    /// Articles to ingest: a JSON Lines corpus ({id, source, published, title, text}; `.gz` is
    /// read too).
    #[arg(long, value_name = "FILE", conflicts_with = "fixtures")]
    pub corpus: Option<PathBuf>,
    /// Articles to ingest: a folder of `.txt` files (default: tests/fixtures/seeds).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// Read at most this many corpus articles (each is sent again and again, made distinct).
    #[arg(long, default_value_t = 2000)]
    pub corpus_limit: usize,
    /// Articles per IngestArticles stream.
    #[arg(long, default_value_t = 4)]
    pub batch: usize,
    /// Weights of the calls, `call=weight` comma separated (0 leaves a call out); calls not named
    /// keep their default weight. Calls: ingest-article=3, ingest-articles=1, analyze-article=1,
    /// get-article=3, list-articles=2, list-quotes=3, get-quote=2, list-meetings=3,
    /// get-meeting=2, list-entities=2, get-entity=2.
    #[arg(long, value_delimiter = ',', value_name = "CALL=WEIGHT")]
    pub mix: Vec<String>,
    /// Page size of the list calls.
    #[arg(long, default_value_t = 20)]
    pub page_size: i32,
    /// The server's process id: its resident memory (VmRSS) is sampled every second.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// Fail when the server's resident memory ever exceeds this many MiB.
    #[arg(long, value_name = "MIB", requires = "server_pid")]
    pub max_rss_mib: Option<u64>,
    /// Seed of the clients' choices: a seed gives each client the same sequence of calls.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `60`, `60s`, `1.5s`, `2m`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = match s.strip_suffix('m') {
        Some(n) => (n, 60.0),
        None => (s.strip_suffix('s').unwrap_or(s), 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * unit < 1e7 => {
            Ok(Duration::from_secs_f64(n * unit))
        }
        _ => Err(format!(
            "{s:?}: a positive number of seconds (60, 60s) or minutes (2m)"
        )),
    }
}

/// One call of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    IngestArticle,
    IngestArticles,
    AnalyzeArticle,
    GetArticle,
    ListArticles,
    ListQuotes,
    GetQuote,
    ListMeetings,
    GetMeeting,
    ListEntities,
    GetEntity,
}

const OPS: [Op; 11] = [
    Op::IngestArticle,
    Op::IngestArticles,
    Op::AnalyzeArticle,
    Op::GetArticle,
    Op::ListArticles,
    Op::ListQuotes,
    Op::GetQuote,
    Op::ListMeetings,
    Op::GetMeeting,
    Op::ListEntities,
    Op::GetEntity,
];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::IngestArticle => "ingest-article",
            Op::IngestArticles => "ingest-articles",
            Op::AnalyzeArticle => "analyze-article",
            Op::GetArticle => "get-article",
            Op::ListArticles => "list-articles",
            Op::ListQuotes => "list-quotes",
            Op::GetQuote => "get-quote",
            Op::ListMeetings => "list-meetings",
            Op::GetMeeting => "get-meeting",
            Op::ListEntities => "list-entities",
            Op::GetEntity => "get-entity",
        }
    }

    /// Reads outnumber writes; ingest and analyse cost an extraction each.
    fn default_weight(self) -> u32 {
        match self {
            Op::IngestArticle | Op::GetArticle | Op::ListQuotes | Op::ListMeetings => 3,
            Op::IngestArticles | Op::AnalyzeArticle => 1,
            _ => 2,
        }
    }

    fn index(self) -> usize {
        OPS.iter().position(|&o| o == self).unwrap_or(0)
    }
}

/// The weight of every call, in [`OPS`] order.
fn weights(mix: &[String]) -> Result<[u32; OPS.len()], CliError> {
    let mut weights = OPS.map(Op::default_weight);
    for item in mix.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let bad = || {
            let names: Vec<&str> = OPS.iter().map(|o| o.name()).collect();
            CliError::usage(format!(
                "--mix: {item:?} is not CALL=WEIGHT (calls: {})",
                names.join(", ")
            ))
        };
        let (name, weight) = item.split_once('=').ok_or_else(bad)?;
        let op = OPS
            .into_iter()
            .find(|o| o.name() == name.trim())
            .ok_or_else(bad)?;
        weights[op.index()] = weight.trim().parse().map_err(|_| bad())?;
    }
    if weights.iter().all(|&w| w == 0) {
        return Err(CliError::usage("--mix: every weight is 0"));
    }
    Ok(weights)
}

/// A small deterministic generator (xorshift64*), one per client.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A call drawn by weight.
    fn op(&mut self, weights: &[u32; OPS.len()]) -> Op {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut r = self.next() % total.max(1);
        for (op, &w) in OPS.iter().zip(weights) {
            if r < u64::from(w) {
                return *op;
            }
            r -= u64::from(w);
        }
        Op::GetArticle
    }
}

/// An article to send (made unique per request).
struct Source {
    text: String,
    published: Option<PartialDate>,
    outlet: String,
}

fn load_sources(args: &MixedArgs) -> Result<Vec<Source>, CliError> {
    let sources = match (&args.corpus, &args.fixtures) {
        (Some(corpus), _) => corpus_sources(corpus, args.corpus_limit)?,
        (None, Some(dir)) => folder_sources(dir)?,
        (None, None) => {
            let dir = Path::new(DEFAULT_FIXTURES);
            if !dir.is_dir() {
                return Err(CliError::usage(format!(
                    "no --corpus or --fixtures given and {DEFAULT_FIXTURES} is not here"
                )));
            }
            folder_sources(dir)?
        }
    };
    if sources.is_empty() {
        return Err(CliError::usage("no articles to ingest"));
    }
    Ok(sources)
}

fn corpus_sources(path: &Path, limit: usize) -> Result<Vec<Source>, CliError> {
    use std::io::BufRead as _;
    let label = path.display().to_string();
    let mut sources = Vec::new();
    for line in input::open_jsonl(path)?.split(b'\n') {
        if sources.len() >= limit.max(1) {
            break;
        }
        let line = line.map_err(|e| CliError::usage(format!("{label}: {e}")))?;
        let Ok(record) = serde_json::from_slice::<CorpusRecord>(&line) else {
            continue; // blank or unreadable lines: the corpus ingest reports those, not the load
        };
        let text = record.raw_text();
        if text.trim().is_empty() {
            continue;
        }
        let day = record.published.get(..10).unwrap_or(&record.published);
        sources.push(Source {
            text,
            published: parse_day("published", day).ok(),
            outlet: record.source,
        });
    }
    Ok(sources)
}

fn folder_sources(dir: &Path) -> Result<Vec<Source>, CliError> {
    input::collect(&[dir.to_path_buf()])?
        .into_iter()
        .map(|i| {
            let text = String::from_utf8(i.bytes)
                .map_err(|_| CliError::usage(format!("{}: not UTF-8", i.label)))?;
            Ok(Source {
                text,
                published: None,
                outlet: "khabar bench mixed".into(),
            })
        })
        .collect()
}

/// The most recent `POOL` items of a kind.
struct Ring<T> {
    items: Vec<T>,
    next: usize,
}

impl<T: Clone> Ring<T> {
    fn new() -> Ring<T> {
        Ring {
            items: Vec::new(),
            next: 0,
        }
    }

    fn push(&mut self, item: T) {
        if self.items.len() < POOL {
            self.items.push(item);
        } else if let Some(slot) = self.items.get_mut(self.next % POOL) {
            *slot = item;
        }
        self.next = self.next.wrapping_add(1);
    }

    fn pick(&self, rng: &mut Rng) -> Option<T> {
        if self.items.is_empty() {
            return None;
        }
        self.items.get(rng.below(self.items.len())).cloned()
    }
}

/// What the clients have seen and can ask about.
struct Pool {
    /// (id, publication day) of stored articles.
    articles: Ring<(String, Option<PartialDate>)>,
    /// (id, name) of entities.
    entities: Ring<(String, String)>,
    quotes: Ring<String>,
    meetings: Ring<String>,
}

/// An acknowledged article and the facts its acknowledgement counted.
#[derive(Debug, Clone)]
struct Acked {
    id: String,
    quotes: i32,
    meetings: i32,
}

/// Shared by every client.
struct Shared {
    sources: Vec<Source>,
    /// Names this run in every text it sends, so two runs on one store ingest different articles.
    run: String,
    next_article: AtomicU64,
    page_size: i32,
    batch: usize,
    pool: Mutex<Pool>,
    acked: Mutex<Vec<Acked>>,
}

/// A poisoned lock only means another client panicked; its data is still good for picking ids.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// The next unique article to ingest.
    fn article(&self) -> IngestArticleRequest {
        let n = self.next_article.fetch_add(1, Ordering::Relaxed);
        let len = self.sources.len().max(1) as u64;
        let text = match self.sources.get((n % len) as usize) {
            Some(s) => format!("{}\n\n[{} {n}]", s.text, self.run),
            None => format!("[{} {n}]", self.run),
        };
        let source = self.sources.get((n % len) as usize);
        IngestArticleRequest {
            content: Some(ingest_article_request::Content::Text(text)),
            published: source.and_then(|s| s.published),
            source_url: String::new(),
            outlet: source.map(|s| s.outlet.clone()).unwrap_or_default(),
            language: String::new(),
        }
    }

    /// Records an acknowledged article and remembers its id and entities for the reads.
    fn acknowledged(&self, article: &Article) {
        let summary = article.summary.unwrap_or_default();
        lock(&self.acked).push(Acked {
            id: article.id.clone(),
            quotes: summary.quote_count,
            meetings: summary.meeting_count,
        });
        let mut pool = lock(&self.pool);
        pool.articles.push((article.id.clone(), article.published));
        for e in &article.entities {
            pool.entities.push((e.id.clone(), e.name.clone()));
        }
    }
}

/// The service clients of one connection.
struct Client {
    api: Api,
}

impl Client {
    /// Makes one call of kind `op` (or, for a get with nothing known to get yet, its list); gives
    /// back the call actually made and its answer.
    async fn call(&self, op: Op, s: &Shared, rng: &mut Rng) -> (Op, Result<Answer, Status>) {
        let pick_article = |rng: &mut Rng| lock(&s.pool).articles.pick(rng);
        let pick_entity = |rng: &mut Rng| lock(&s.pool).entities.pick(rng);
        let page_size = s.page_size;
        match op {
            Op::IngestArticle => {
                let r = self.api.articles().ingest_article(s.article()).await;
                (
                    op,
                    r.and_then(|r| {
                        let article = r.get_ref().article.as_ref().ok_or_else(|| {
                            Status::internal("an acknowledged ingest holds no article")
                        })?;
                        s.acknowledged(article);
                        Ok(Answer::of(1, r.get_ref()))
                    }),
                )
            }
            Op::IngestArticles => (op, self.ingest_stream(s).await),
            Op::AnalyzeArticle => {
                let source = s.sources.get(rng.below(s.sources.len()));
                let req = AnalyzeArticleRequest {
                    content: source.map(|s| analyze_article_request::Content::Text(s.text.clone())),
                    published: source.and_then(|s| s.published),
                    language: String::new(),
                };
                let r = self.api.articles().analyze_article(req).await;
                (
                    op,
                    r.map(|r| {
                        let a = r.get_ref();
                        Answer::of(a.quotes.len() + a.meetings.len(), a)
                    }),
                )
            }
            Op::GetArticle => {
                let Some((id, _)) = pick_article(rng) else {
                    return Box::pin(self.call(Op::ListArticles, s, rng)).await;
                };
                let r = self
                    .api
                    .articles()
                    .get_article(GetArticleRequest { id })
                    .await;
                let r = r.and_then(|r| match r.get_ref().article {
                    Some(_) => Ok(Answer::of(1, r.get_ref())),
                    None => Err(Status::internal("GetArticle answered no article")),
                });
                (op, r)
            }
            Op::ListArticles => {
                let mut req = ListArticlesRequest {
                    page_size,
                    ..Default::default()
                };
                match rng.below(3) {
                    0 => req.entity = pick_entity(rng).map(|e| e.1).unwrap_or_default(),
                    1 => {
                        if let Some(d) = pick_article(rng).and_then(|a| a.1) {
                            let (from, to) = month_range(d.year, d.month);
                            (req.published_from, req.published_to) = (Some(from), Some(to));
                        }
                    }
                    _ => {}
                }
                let r = self.api.articles().list_articles(req).await;
                (
                    op,
                    r.map(|r| Answer::of(r.get_ref().articles.len(), r.get_ref())),
                )
            }
            Op::ListQuotes => {
                let mut req = ListQuotesRequest {
                    page_size,
                    ..Default::default()
                };
                match rng.below(4) {
                    0 => req.speaker = pick_entity(rng).map(|e| e.1).unwrap_or_default(),
                    1 => req.article_id = pick_article(rng).map(|a| a.0).unwrap_or_default(),
                    2 => {
                        if let Some(d) = pick_article(rng).and_then(|a| a.1) {
                            let (from, to) = month_range(d.year, d.month);
                            (req.from_date, req.to_date) = (Some(from), Some(to));
                        }
                    }
                    _ => {}
                }
                let r = self.api.quotes().list_quotes(req).await;
                let r = r.map(|r| {
                    let mut pool = lock(&s.pool);
                    for q in &r.get_ref().quotes {
                        pool.quotes.push(q.id.clone());
                    }
                    Answer::of(r.get_ref().quotes.len(), r.get_ref())
                });
                (op, r)
            }
            Op::GetQuote => {
                let Some(id) = lock(&s.pool).quotes.pick(rng) else {
                    return Box::pin(self.call(Op::ListQuotes, s, rng)).await;
                };
                let r = self.api.quotes().get_quote(GetQuoteRequest { id }).await;
                (op, r.map(|r| Answer::of(1, r.get_ref())))
            }
            Op::ListMeetings => {
                let mut req = ListMeetingsRequest {
                    page_size,
                    ..Default::default()
                };
                match rng.below(4) {
                    0 => req.participant = pick_entity(rng).map(|e| e.1).unwrap_or_default(),
                    1 => req.article_id = pick_article(rng).map(|a| a.0).unwrap_or_default(),
                    2 => {
                        if let Some(d) = pick_article(rng).and_then(|a| a.1) {
                            let (from, to) = month_range(d.year, d.month);
                            (req.from_date, req.to_date) = (Some(from), Some(to));
                        }
                    }
                    _ => {}
                }
                let r = self.api.meetings().list_meetings(req).await;
                let r = r.map(|r| {
                    let mut pool = lock(&s.pool);
                    for m in &r.get_ref().meetings {
                        pool.meetings.push(m.id.clone());
                    }
                    Answer::of(r.get_ref().meetings.len(), r.get_ref())
                });
                (op, r)
            }
            Op::GetMeeting => {
                let Some(id) = lock(&s.pool).meetings.pick(rng) else {
                    return Box::pin(self.call(Op::ListMeetings, s, rng)).await;
                };
                let r = self
                    .api
                    .meetings()
                    .get_meeting(GetMeetingRequest { id })
                    .await;
                (op, r.map(|r| Answer::of(1, r.get_ref())))
            }
            Op::ListEntities => {
                let kinds = [
                    EntityKind::Unspecified,
                    EntityKind::Person,
                    EntityKind::Organisation,
                    EntityKind::Country,
                    EntityKind::City,
                    EntityKind::Place,
                ];
                let kind = kinds.get(rng.below(kinds.len())).copied();
                // half the time a prefix of a known name (its first two letters)
                let name_prefix = match rng.below(2) {
                    0 => pick_entity(rng)
                        .map(|e| e.1.chars().take(2).collect())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let req = ListEntitiesRequest {
                    kind: kind.unwrap_or(EntityKind::Unspecified) as i32,
                    name_prefix,
                    page_size,
                    page_token: String::new(),
                };
                let r = self.api.entities().list_entities(req).await;
                let r = r.map(|r| {
                    let mut pool = lock(&s.pool);
                    for e in &r.get_ref().entities {
                        pool.entities.push((e.id.clone(), e.name.clone()));
                    }
                    Answer::of(r.get_ref().entities.len(), r.get_ref())
                });
                (op, r)
            }
            Op::GetEntity => {
                let Some((id, _)) = pick_entity(rng) else {
                    return Box::pin(self.call(Op::ListEntities, s, rng)).await;
                };
                let r = self
                    .api
                    .entities()
                    .get_entity(GetEntityRequest { id })
                    .await;
                (op, r.map(|r| Answer::of(1, r.get_ref())))
            }
        }
    }

    /// One IngestArticles stream of `batch` new articles; every one must be answered, stored.
    async fn ingest_stream(&self, s: &Shared) -> Result<Answer, Status> {
        let batch = s.batch.max(1);
        let requests: Vec<IngestArticlesRequest> = (0..batch)
            .map(|i| IngestArticlesRequest {
                article: Some(s.article()),
                client_ref: i.to_string(),
            })
            .collect();
        let mut answers = self
            .api
            .articles()
            .ingest_articles(tokio_stream::iter(requests))
            .await?
            .into_inner();
        let (mut answered, mut bytes) = (0, 0);
        while let Some(answer) = answers.message().await? {
            if !answer.error.is_empty() {
                return Err(Status::internal(format!(
                    "IngestArticles: article {}: {}",
                    answer.client_ref, answer.error
                )));
            }
            let article = answer
                .article
                .as_ref()
                .ok_or_else(|| Status::internal("an acknowledged ingest holds no article"))?;
            s.acknowledged(article);
            bytes += prost::Message::encoded_len(&answer);
            answered += 1;
        }
        if answered != batch {
            return Err(Status::internal(format!(
                "IngestArticles answered {answered} of {batch} articles"
            )));
        }
        Ok(Answer {
            rows: answered,
            bytes,
        })
    }
}

/// One client's loop until `deadline`: a tally per call.
async fn client_loop(
    client: Client,
    shared: Arc<Shared>,
    weights: [u32; OPS.len()],
    deadline: Instant,
    mut rng: Rng,
) -> Vec<Tally> {
    let mut tallies: Vec<Tally> = OPS.iter().map(|_| Tally::default()).collect();
    while Instant::now() < deadline {
        let wanted = rng.op(&weights);
        let started = Instant::now();
        let (op, result) = match tokio::time::timeout(
            CALL_TIMEOUT,
            client.call(wanted, &shared, &mut rng),
        )
        .await
        {
            Ok(made) => made,
            Err(_) => (
                wanted,
                Err(Status::deadline_exceeded(
                    "no answer within the bench's call timeout",
                )),
            ),
        };
        let Some(tally) = tallies.get_mut(op.index()) else {
            continue;
        };
        match result {
            Ok(answer) => tally.record(started, &answer),
            Err(status) => tally.fail(&status),
        }
    }
    tallies
}

/// The server's resident memory, sampled while the load runs.
#[derive(Debug, Default, Clone, Copy)]
struct Rss {
    peak_kib: u64,
    last_kib: u64,
    samples: u64,
}

/// `VmRSS` of a process, in KiB, from /proc/PID/status (Linux).
fn read_rss_kib(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("{path}: no VmRSS line"))
}

/// Samples `pid` every second until `stop` fires, then once more.
async fn sample_rss(pid: u32, mut stop: tokio::sync::oneshot::Receiver<()>) -> Result<Rss, String> {
    let mut rss = Rss::default();
    loop {
        let kib = read_rss_kib(pid).map_err(|e| format!("the server's memory: {e}"))?;
        rss.peak_kib = rss.peak_kib.max(kib);
        rss.last_kib = kib;
        rss.samples += 1;
        match tokio::time::timeout(Duration::from_secs(1), &mut stop).await {
            Err(_) => continue,
            Ok(_) => {
                let kib = read_rss_kib(pid).map_err(|e| format!("the server's memory: {e}"))?;
                rss.peak_kib = rss.peak_kib.max(kib);
                rss.last_kib = kib;
                rss.samples += 1;
                return Ok(rss);
            }
        }
    }
}

/// What reading every acknowledged article back found.
#[derive(Debug, Default)]
struct Verified {
    checked: u64,
    lost: u64,
    first_lost: String,
}

/// Reads each acknowledged article back, with its quotes and meetings, over all the connections.
async fn verify(clients: Vec<Client>, acked: Vec<Acked>) -> Verified {
    let acked = Arc::new(acked);
    let stride = clients.len().max(1);
    let mut tasks = Vec::new();
    for (i, client) in clients.into_iter().enumerate() {
        let acked = acked.clone();
        tasks.push(tokio::spawn(async move {
            let mut v = Verified::default();
            for a in acked.iter().skip(i).step_by(stride) {
                v.checked += 1;
                if let Err(why) = client.check(a).await {
                    v.lost += 1;
                    if v.first_lost.is_empty() {
                        v.first_lost = format!("article {}: {why}", a.id);
                    }
                }
            }
            v
        }));
    }
    let mut all = Verified::default();
    for t in tasks {
        let v = t.await.unwrap_or_else(|e| Verified {
            lost: 1,
            first_lost: format!("a verifying task failed: {e}"),
            ..Verified::default()
        });
        all.checked += v.checked;
        all.lost += v.lost;
        if all.first_lost.is_empty() {
            all.first_lost = v.first_lost;
        }
    }
    all
}

impl Client {
    /// The article is stored with the facts its acknowledgement counted, and the indexes by
    /// article find every one of them.
    async fn check(&self, a: &Acked) -> Result<(), String> {
        let status = |s: Status| format!("{:?}: {}", s.code(), s.message());
        let article = self
            .api
            .articles()
            .get_article(GetArticleRequest { id: a.id.clone() })
            .await
            .map_err(status)?
            .into_inner()
            .article
            .ok_or("GetArticle answered no article")?;
        let summary = article.summary.unwrap_or_default();
        if (summary.quote_count, summary.meeting_count) != (a.quotes, a.meetings) {
            return Err(format!(
                "stored with {} quotes and {} meetings, acknowledged with {} and {}",
                summary.quote_count, summary.meeting_count, a.quotes, a.meetings
            ));
        }
        let (mut quotes, mut token) = (0usize, String::new());
        loop {
            let page = self
                .api
                .quotes()
                .list_quotes(ListQuotesRequest {
                    article_id: a.id.clone(),
                    page_size: 100,
                    page_token: token,
                    ..Default::default()
                })
                .await
                .map_err(status)?
                .into_inner();
            quotes += page.quotes.len();
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        let (mut meetings, mut token) = (0usize, String::new());
        loop {
            let page = self
                .api
                .meetings()
                .list_meetings(ListMeetingsRequest {
                    article_id: a.id.clone(),
                    page_size: 100,
                    page_token: token,
                    ..Default::default()
                })
                .await
                .map_err(status)?
                .into_inner();
            meetings += page.meetings.len();
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        if (quotes, meetings) != (a.quotes as usize, a.meetings as usize) {
            return Err(format!(
                "its quotes and meetings list {quotes} and {meetings}, acknowledged {} and {}",
                a.quotes, a.meetings
            ));
        }
        Ok(())
    }
}

/// The run's verdict, printed after the per-call rows (one JSON object with `--json`).
#[derive(Debug, Serialize)]
struct Summary {
    clients: usize,
    seconds: f64,
    calls: u64,
    errors: u64,
    acknowledged: u64,
    verified: u64,
    lost: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    first_lost: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rss_peak_mib: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rss_last_mib: Option<f64>,
    rss_samples: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_rss_mib: Option<u64>,
}

pub async fn run(target: &Target, args: MixedArgs, json: bool) -> Result<(), CliError> {
    if args.clients == 0 {
        return Err(CliError::usage("--clients: must be at least 1"));
    }
    if args.page_size < 1 {
        return Err(CliError::usage("--page-size: must be at least 1"));
    }
    let weights = weights(&args.mix)?;
    let sources = load_sources(&args)?;
    if let Some(pid) = args.server_pid {
        // a wrong pid is a usage error found before any load
        read_rss_kib(pid).map_err(|e| CliError::usage(format!("--server-pid: {e}")))?;
    }
    let mut clients = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        clients.push(Client {
            api: Api::connect(target).await?,
        });
    }
    if let Some(first) = clients.first() {
        // one read first: a wrong address, token or certificate is reported as such (exit 4 or
        // 5), not as thousands of failed calls
        let probe = ListArticlesRequest {
            page_size: 1,
            ..Default::default()
        };
        let api = &first.api;
        api.articles()
            .list_articles(probe)
            .await
            .map_err(|s| api.err(s))?;
    }
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let shared = Arc::new(Shared {
        sources,
        run: format!("bench mixed {run_id:x}"),
        next_article: AtomicU64::new(0),
        page_size: args.page_size,
        batch: args.batch,
        pool: Mutex::new(Pool {
            articles: Ring::new(),
            entities: Ring::new(),
            quotes: Ring::new(),
            meetings: Ring::new(),
        }),
        acked: Mutex::new(Vec::new()),
    });

    let (stop_rss, stop_rx) = tokio::sync::oneshot::channel();
    let sampler = args
        .server_pid
        .map(|pid| tokio::spawn(sample_rss(pid, stop_rx)));

    let started = Instant::now();
    let deadline = started + args.duration;
    let mut tasks = Vec::with_capacity(clients.len());
    for (i, client) in clients.into_iter().enumerate() {
        let rng = Rng::new(args.seed.wrapping_add(i as u64));
        let task = client_loop(client, shared.clone(), weights, deadline, rng);
        tasks.push(tokio::spawn(task));
    }
    let mut per_op: Vec<Vec<Tally>> = OPS.iter().map(|_| Vec::new()).collect();
    for t in tasks {
        match t.await {
            Ok(tallies) => {
                for (i, tally) in tallies.into_iter().enumerate() {
                    if let Some(list) = per_op.get_mut(i) {
                        list.push(tally);
                    }
                }
            }
            Err(e) => {
                if let Some(list) = per_op.first_mut() {
                    list.push(Tally::failed(format!("client task failed: {e}")));
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();

    let rows: Vec<Row> = OPS
        .iter()
        .zip(per_op)
        .filter(|(op, _)| weights[op.index()] > 0)
        .map(|(op, tallies)| summarize(op.name().to_string(), args.clients, seconds, tallies))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        print_row(row, json, i == 0)?;
    }

    let acked = std::mem::take(&mut *lock(&shared.acked));
    let mut verifiers = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        verifiers.push(Client {
            api: Api::connect(target).await?,
        });
    }
    let verified = verify(verifiers, acked.clone()).await;

    let _ = stop_rss.send(());
    let rss = match sampler {
        Some(task) => Some(
            task.await
                .map_err(|e| e.to_string())
                .and_then(|r| r)
                .map_err(CliError::Partial)?,
        ),
        None => None,
    };
    let mib = |kib: u64| (kib as f64 / 1024.0 * 10.0).round() / 10.0;
    let summary = Summary {
        clients: args.clients,
        seconds,
        calls: rows.iter().map(|r| r.requests).sum(),
        errors: rows.iter().map(|r| r.errors).sum(),
        acknowledged: acked.len() as u64,
        verified: verified.checked - verified.lost,
        lost: verified.lost,
        first_lost: verified.first_lost,
        rss_peak_mib: rss.map(|r| mib(r.peak_kib)),
        rss_last_mib: rss.map(|r| mib(r.last_kib)),
        rss_samples: rss.map_or(0, |r| r.samples),
        max_rss_mib: args.max_rss_mib,
    };
    print_summary(&summary, json)?;

    let mut failures = Vec::new();
    if summary.errors > 0 {
        let first = rows
            .iter()
            .find(|r| !r.first_error.is_empty())
            .map(|r| format!(" (first: {}: {})", r.rpc, r.first_error))
            .unwrap_or_default();
        failures.push(format!(
            "{} of {} calls failed{first}",
            summary.errors, summary.calls
        ));
    }
    if summary.lost > 0 {
        failures.push(format!(
            "{} of {} acknowledged articles lost or short of facts (first: {})",
            summary.lost, summary.acknowledged, summary.first_lost
        ));
    }
    if let (Some(max), Some(rss)) = (args.max_rss_mib, rss) {
        if rss.peak_kib > max.saturating_mul(1024) {
            failures.push(format!(
                "the server's resident memory peaked at {} MiB, above --max-rss-mib {max}",
                mib(rss.peak_kib)
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Partial(failures.join("; ")))
    }
}

fn print_summary(s: &Summary, json: bool) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if json {
        let line = serde_json::to_string(s).map_err(|e| CliError::usage(e.to_string()))?;
        writeln!(out, "{line}")?;
    } else {
        writeln!(
            out,
            "\n{} clients for {:.1} s: {} calls, {} failed; {} articles acknowledged, {} read back \
             with all their facts, {} lost",
            s.clients, s.seconds, s.calls, s.errors, s.acknowledged, s.verified, s.lost
        )?;
        match (s.rss_peak_mib, s.rss_last_mib) {
            (Some(peak), Some(last)) => writeln!(
                out,
                "server resident memory: peak {peak} MiB, last {last} MiB ({} samples{})",
                s.rss_samples,
                s.max_rss_mib
                    .map(|m| format!(", bound {m} MiB"))
                    .unwrap_or_default()
            )?,
            _ => writeln!(out, "server resident memory: not sampled (no --server-pid)")?,
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_seconds_or_minutes() {
        // (flag value, seconds; None: refused)
        for (text, seconds) in [
            ("60", Some(60.0)),
            ("60s", Some(60.0)),
            ("1.5s", Some(1.5)),
            ("2m", Some(120.0)),
            (" 3 ", Some(3.0)),
            ("0", None),
            ("-1s", None),
            ("s", None),
            ("NaN", None),
            ("1h", None),
        ] {
            assert_eq!(
                parse_duration(text).ok().map(|d| d.as_secs_f64()),
                seconds,
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_mix_overrides_default_weights_by_name() {
        let defaults = weights(&[]).ok();
        assert_eq!(defaults, Some(OPS.map(Op::default_weight)));
        let mixed = weights(&["get-quote=0".into(), " analyze-article = 5".into()]).ok();
        let mut expected = OPS.map(Op::default_weight);
        expected[Op::GetQuote.index()] = 0;
        expected[Op::AnalyzeArticle.index()] = 5;
        assert_eq!(mixed, Some(expected));
        // (mix, why it is refused)
        for (mix, why) in [
            ("nope=1", "unknown call"),
            ("get-quote", "no weight"),
            ("get-quote=-1", "negative weight"),
        ] {
            assert!(weights(&[mix.into()]).is_err(), "{why}");
        }
        let all_zero: Vec<String> = OPS.iter().map(|o| format!("{}=0", o.name())).collect();
        assert!(weights(&all_zero).is_err(), "nothing to call");
    }

    #[test]
    fn calls_are_drawn_by_weight() {
        let mut w = [0; OPS.len()];
        w[Op::GetEntity.index()] = 3;
        w[Op::IngestArticle.index()] = 1;
        let mut rng = Rng::new(7);
        let mut counts = [0u32; OPS.len()];
        for _ in 0..4000 {
            counts[rng.op(&w).index()] += 1;
        }
        assert_eq!(counts.iter().sum::<u32>(), 4000);
        assert_eq!(
            counts[Op::GetEntity.index()] + counts[Op::IngestArticle.index()],
            4000
        );
        // 3:1, within a generous margin (deterministic: the seed is fixed)
        assert!(
            (2700..3300).contains(&counts[Op::GetEntity.index()]),
            "{counts:?}"
        );
    }

    #[test]
    fn rings_keep_the_most_recent_items() {
        let mut ring = Ring::new();
        for i in 0..POOL + 10 {
            ring.push(i);
        }
        assert_eq!(ring.items.len(), POOL);
        assert!(ring.items.contains(&(POOL + 9)));
        assert!(!ring.items.contains(&9));
        assert!(ring.items.contains(&10));
    }

    /// The read-back finds an article stored as acknowledged, and calls lost one that is not
    /// there or holds other facts than its acknowledgement counted.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_read_back_tells_kept_from_lost() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = khabar::store::Store::open(dir.path().join("data")).expect("store");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(khabar::service::serve(
            listener,
            store,
            khabar::service::ServiceConfig::default(),
            async {
                let _ = stopped.await;
            },
        ));
        let target = Target {
            url,
            token: None,
            ca_cert: None,
        };
        let client = Client {
            api: Api::connect(&target).await.expect("connect"),
        };
        let text = "قال الرئيس الفرنسي إيمانويل ماكرون يوم الاثنين إن \"الحوار هو الطريق الوحيد\".";
        let stored = client
            .api
            .articles()
            .ingest_article(IngestArticleRequest {
                content: Some(ingest_article_request::Content::Text(text.into())),
                ..Default::default()
            })
            .await
            .expect("ingest")
            .into_inner()
            .article
            .expect("article");
        let summary = stored.summary.unwrap_or_default();
        let acked = |id: &str, quotes: i32| Acked {
            id: id.into(),
            quotes,
            meetings: summary.meeting_count,
        };
        // (acknowledged as, lost?)
        let cases = [
            (acked(&stored.id, summary.quote_count), false),
            (acked(&stored.id, summary.quote_count + 1), true),
            (acked(&"0".repeat(stored.id.len()), 0), true),
        ];
        for (a, lost) in cases {
            let check = client.check(&a).await;
            assert_eq!(check.is_err(), lost, "{a:?}: {check:?}");
        }
        // over verify(): one kept, one short of a quote
        let acks = vec![
            acked(&stored.id, summary.quote_count),
            acked(&stored.id, summary.quote_count + 5),
        ];
        let verified = verify(vec![client], acks).await;
        assert_eq!((verified.checked, verified.lost), (2, 1), "{verified:?}");
        assert!(verified.first_lost.contains("acknowledged"), "{verified:?}");
        let _ = stop.send(());
        let _ = server.await;
    }

    #[test]
    fn rss_of_this_process_is_read_from_proc() {
        if cfg!(target_os = "linux") {
            let kib = read_rss_kib(std::process::id());
            assert!(matches!(kib, Ok(k) if k > 0), "{kib:?}");
            assert!(read_rss_kib(u32::MAX).is_err());
        }
    }
}
