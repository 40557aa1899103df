//! `khabar bench`: a load generator for a running khabar server.
//!
//! One run measures, at the same client count:
//! 1. the ceiling: the gRPC health check, i.e. what tonic and the loopback can do on this machine
//!    with no store work at all;
//! 2. the typed queries (quotes by speaker, meetings in a one-month range, meetings by
//!    participant, one article by id), with parameters drawn from what the store holds (found
//!    first through ListEntities / ListMeetings / ListArticles);
//! 3. optionally, bulk ingest of a JSON Lines corpus over the streaming RPC (end to end: every
//!    article is durable when its answer arrives).
//!
//! Each client is its own HTTP/2 connection and keeps one request in flight (a closed loop), so
//! the figures are what `clients` independent users would see. Percentiles are exact (every
//! latency is kept). `--params-out` writes the drawn parameters so another system (the PostgreSQL
//! comparison in `benches/`) can be asked exactly the same questions.
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use khabar::api::{
    article_service_client::ArticleServiceClient, ingest_article_request,
    meeting_service_client::MeetingServiceClient, quote_service_client::QuoteServiceClient,
    EntityKind, GetArticleRequest, IngestArticleRequest, IngestArticlesRequest,
    ListArticlesRequest, ListEntitiesRequest, ListMeetingsRequest, ListQuotesRequest, PartialDate,
};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};

use crate::connect::{Api, Conn, Target};
use crate::dates::parse_day;
use crate::error::CliError;
use crate::input::{self, CorpusRecord};

mod mixed;

/// The measured calls, in the order they run.
const ALL_LOADS: [Load; 5] = [
    Load::Health,
    Load::QuotesBySpeaker,
    Load::MeetingsByMonth,
    Load::MeetingsByParticipant,
    Load::GetArticle,
];

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    /// Instead of measuring calls one at a time: the mixed load test (see `khabar bench mixed
    /// --help`).
    #[command(subcommand)]
    pub mode: Option<BenchMode>,
    /// Concurrent clients, each on its own connection with one request in flight.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Seconds each call is measured for (after the warm-up).
    #[arg(long, default_value_t = 5.0)]
    pub duration: f64,
    /// Measure this many requests per call instead of a fixed time.
    #[arg(long)]
    pub requests: Option<u64>,
    /// Seconds of unrecorded load before each measurement.
    #[arg(long, default_value_t = 0.5)]
    pub warmup: f64,
    /// Page size of the list queries.
    #[arg(long, default_value_t = 20)]
    pub page_size: i32,
    /// Calls to measure, comma separated: health, quotes-by-speaker, meetings-by-month,
    /// meetings-by-participant, get-article; `none` to only ingest.
    #[arg(long, value_delimiter = ',', default_value = "all")]
    pub only: Vec<String>,
    /// How many speakers, participants, months and article ids to draw from the store (at most).
    #[arg(long, default_value_t = 500)]
    pub samples: usize,
    /// Write the drawn parameters to this folder (speakers.txt, participants.txt, months.txt,
    /// articles.txt), one per line, for other systems to be asked the same questions.
    #[arg(long, value_name = "DIR")]
    pub params_out: Option<PathBuf>,
    /// First bulk-ingest this JSON Lines corpus (`.gz` read too) over the streaming RPC.
    #[arg(long, value_name = "FILE")]
    pub ingest: Option<PathBuf>,
    /// Ingest at most this many articles (0: all, times --copies).
    #[arg(long, default_value_t = 0)]
    pub ingest_limit: u64,
    /// Read the corpus this many times, each copy's texts made distinct (so ids differ).
    #[arg(long, default_value_t = 1)]
    pub copies: u32,
    /// Start with this copy number (to grow a store already holding copies 0..N).
    #[arg(long, default_value_t = 0)]
    pub first_copy: u32,
    /// Concurrent ingest streams (the server answers each stream in order).
    #[arg(long, default_value_t = 4)]
    pub streams: usize,
}

#[derive(Debug, Subcommand)]
pub enum BenchMode {
    /// Bounded load test: clients mix ingest with every read call for a while; fails on any
    /// error, any acknowledged article not read back whole, or server memory above a bound.
    Mixed(mixed::MixedArgs),
}

/// One measured call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Health,
    QuotesBySpeaker,
    MeetingsByMonth,
    MeetingsByParticipant,
    GetArticle,
}

impl Load {
    fn name(self) -> &'static str {
        match self {
            Load::Health => "health",
            Load::QuotesBySpeaker => "quotes-by-speaker",
            Load::MeetingsByMonth => "meetings-by-month",
            Load::MeetingsByParticipant => "meetings-by-participant",
            Load::GetArticle => "get-article",
        }
    }

    fn parse(s: &str) -> Option<Load> {
        ALL_LOADS.into_iter().find(|l| l.name() == s.trim())
    }
}

/// One line of the result: a call's throughput and latency, or the ingest rate.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub rpc: String,
    pub clients: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub qps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Mean items per answer (a page's quotes or meetings; 1 for a single article): tells a query
    /// that finds things from one that answers empty pages fast.
    pub rows_per_call: f64,
    /// Mean size of an answer, protobuf-encoded, in kilobytes.
    pub kb_per_call: f64,
    /// Ingest only: megabytes of article text per second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mb_per_s: Option<f64>,
    /// The first error seen, to tell a broken setup from a slow one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub first_error: String,
}

/// What the queries are asked about, drawn from the store.
#[derive(Debug, Default)]
struct Params {
    speakers: Vec<String>,
    participants: Vec<String>,
    /// (first day, last day) of months holding meetings.
    months: Vec<(PartialDate, PartialDate)>,
    articles: Vec<String>,
}

pub async fn run(target: &Target, args: BenchArgs, json: bool) -> Result<(), CliError> {
    if let Some(BenchMode::Mixed(mixed)) = args.mode {
        return mixed::run(target, mixed, json).await;
    }
    if args.clients == 0 {
        return Err(CliError::usage("--clients: must be at least 1"));
    }
    let seconds = |s: f64| s.is_finite() && s >= 0.0;
    if !seconds(args.duration) || args.duration == 0.0 || !seconds(args.warmup) {
        return Err(CliError::usage("--duration/--warmup: positive seconds"));
    }
    let loads = loads(&args.only)?;
    let mut rows = Vec::new();
    if let Some(path) = &args.ingest {
        let row = ingest(target, path, &args).await?;
        print_row(&row, json, rows.is_empty())?;
        rows.push(row);
    }
    if loads.is_empty() {
        return failures(&rows);
    }
    let discovery = Api::connect(target).await?;
    let params = discover(&discovery, args.samples).await?;
    if let Some(dir) = &args.params_out {
        write_params(dir, &params)?;
    }
    let mut channels = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        channels.push(Api::connect(target).await?);
    }
    let params = Arc::new(params);
    for load in loads {
        let row = measure(load, &channels, &params, &args).await;
        print_row(&row, json, rows.is_empty())?;
        rows.push(row);
    }
    failures(&rows)
}

/// Any failed request makes the run fail (exit 1), after every row was printed.
fn failures(rows: &[Row]) -> Result<(), CliError> {
    let errors: u64 = rows.iter().map(|r| r.errors).sum();
    let requests: u64 = rows.iter().map(|r| r.requests).sum();
    if errors > 0 {
        return Err(CliError::Partial(format!(
            "{errors} of {requests} requests failed"
        )));
    }
    Ok(())
}

fn loads(only: &[String]) -> Result<Vec<Load>, CliError> {
    if only.iter().any(|s| s.trim() == "all") {
        return Ok(ALL_LOADS.to_vec());
    }
    if only.iter().any(|s| s.trim() == "none") {
        return Ok(Vec::new());
    }
    only.iter()
        .map(|s| {
            Load::parse(s).ok_or_else(|| {
                let names: Vec<&str> = ALL_LOADS.iter().map(|l| l.name()).collect();
                CliError::usage(format!(
                    "--only: unknown call {s:?} (one of all, none, {})",
                    names.join(", ")
                ))
            })
        })
        .collect()
}

/// A small deterministic shuffle (xorshift), so two runs ask the same questions in the same order.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

/// Draws the parameters from the store: people who are quoted, people who met, months holding
/// meetings (weighted by how many), stored article ids.
async fn discover(api: &Api, samples: usize) -> Result<Params, CliError> {
    let err = |s: tonic::Status| api.err(s);
    let mut entities = api.entities();
    let mut params = Params::default();
    let mut token = String::new();
    loop {
        let page = entities
            .list_entities(ListEntitiesRequest {
                kind: EntityKind::Person as i32,
                name_prefix: String::new(),
                page_size: 1000,
                page_token: token,
            })
            .await
            .map_err(err)?
            .into_inner();
        for e in page.entities {
            if e.quote_count > 0 {
                params.speakers.push(e.name.clone());
            }
            if e.meeting_count > 0 {
                params.participants.push(e.name);
            }
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mut meetings = api.meetings();
    let mut token = String::new();
    for _ in 0..10 {
        let page = meetings
            .list_meetings(ListMeetingsRequest {
                page_size: 1000,
                page_token: token,
                ..Default::default()
            })
            .await
            .map_err(err)?
            .into_inner();
        for m in page.meetings {
            if let Some(d) = m.date.filter(|d| d.year > 0 && d.month > 0) {
                params.months.push(month_range(d.year, d.month));
            }
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mut articles = api.articles();
    let mut token = String::new();
    while params.articles.len() < samples.max(1) * 4 {
        let page = articles
            .list_articles(ListArticlesRequest {
                page_size: 200,
                page_token: token,
                ..Default::default()
            })
            .await
            .map_err(err)?
            .into_inner();
        params
            .articles
            .extend(page.articles.into_iter().map(|a| a.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    for (i, list) in [
        &mut params.speakers,
        &mut params.participants,
        &mut params.articles,
    ]
    .into_iter()
    .enumerate()
    {
        list.sort();
        list.dedup();
        shuffle(list, 0x9E37_79B9_7F4A_7C15 + i as u64);
        list.truncate(samples);
    }
    shuffle(&mut params.months, 0x2545_F491_4F6C_DD1D);
    params.months.truncate(samples);
    Ok(params)
}

/// The first and last day of a month.
fn month_range(year: i32, month: i32) -> (PartialDate, PartialDate) {
    let last = match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day = |day| PartialDate { year, month, day };
    (day(1), day(last))
}

fn write_params(dir: &Path, p: &Params) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::usage(format!("--params-out {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let ymd = |d: &PartialDate| format!("{:04}{:02}{:02}", d.year, d.month, d.day);
    // one parameter per line: a name can hold no line break or tab worth keeping
    let one_line = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|n| n.replace(['\n', '\r', '\t'], " "))
            .collect()
    };
    let lists: [(&str, Vec<String>); 4] = [
        ("speakers.txt", one_line(&p.speakers)),
        ("participants.txt", one_line(&p.participants)),
        (
            "months.txt",
            p.months
                .iter()
                .map(|(a, b)| format!("{}\t{}", ymd(a), ymd(b)))
                .collect(),
        ),
        ("articles.txt", p.articles.clone()),
    ];
    for (name, lines) in lists {
        let mut text = String::new();
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        std::fs::write(dir.join(name), text).map_err(io)?;
    }
    Ok(())
}

/// One client's tally.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    rows: u64,
    bytes: u64,
    errors: u64,
    first_error: String,
}

impl Tally {
    /// A call started at `started` answered `answer`.
    fn record(&mut self, started: Instant, answer: &Answer) {
        self.rows += answer.rows as u64;
        self.bytes += answer.bytes as u64;
        let us = started.elapsed().as_micros();
        self.latencies_us
            .push(u32::try_from(us).unwrap_or(u32::MAX));
    }

    /// A call failed.
    fn fail(&mut self, status: &tonic::Status) {
        self.errors += 1;
        if self.first_error.is_empty() {
            self.first_error = format!("{:?}: {}", status.code(), status.message());
        }
    }

    /// A client that could not run at all.
    fn failed(why: String) -> Tally {
        Tally {
            errors: 1,
            first_error: why,
            ..Tally::default()
        }
    }
}

/// One row from the tallies of every client that made call `rpc` for `seconds`.
fn summarize(rpc: String, clients: usize, seconds: f64, tallies: Vec<Tally>) -> Row {
    let mut all: Vec<u32> = Vec::new();
    let (mut errors, mut rows, mut bytes, mut first_error) = (0, 0, 0, String::new());
    for t in tallies {
        all.extend(t.latencies_us);
        rows += t.rows;
        bytes += t.bytes;
        errors += t.errors;
        if first_error.is_empty() {
            first_error = t.first_error;
        }
    }
    all.sort_unstable();
    let requests = all.len() as u64 + errors;
    Row {
        rpc,
        clients,
        requests,
        errors,
        seconds,
        qps: requests as f64 / seconds.max(1e-9),
        p50_ms: percentile(&all, 0.50),
        p90_ms: percentile(&all, 0.90),
        p99_ms: percentile(&all, 0.99),
        max_ms: all.last().map_or(0.0, |&us| f64::from(us) / 1000.0),
        rows_per_call: rows as f64 / (all.len() as f64).max(1.0),
        kb_per_call: bytes as f64 / 1000.0 / (all.len() as f64).max(1.0),
        mb_per_s: None,
        first_error,
    }
}

/// Runs `load` from every channel at once: a warm-up, then the measured stretch.
async fn measure(load: Load, channels: &[Api], params: &Arc<Params>, args: &BenchArgs) -> Row {
    let empty = match load {
        Load::Health => false,
        Load::QuotesBySpeaker => params.speakers.is_empty(),
        Load::MeetingsByMonth => params.months.is_empty(),
        Load::MeetingsByParticipant => params.participants.is_empty(),
        Load::GetArticle => params.articles.is_empty(),
    };
    if empty {
        return Row {
            rpc: load.name().to_string(),
            clients: channels.len(),
            requests: 0,
            errors: 1,
            seconds: 0.0,
            qps: 0.0,
            p50_ms: 0.0,
            p90_ms: 0.0,
            p99_ms: 0.0,
            max_ms: 0.0,
            rows_per_call: 0.0,
            kb_per_call: 0.0,
            mb_per_s: None,
            first_error: "the store holds nothing to ask this about".into(),
        };
    }
    if args.warmup > 0.0 {
        run_clients(load, channels, params, args, Budget::time(args.warmup)).await;
    }
    let budget = match args.requests {
        Some(n) => Budget::count(n),
        None => Budget::time(args.duration),
    };
    let started = Instant::now();
    let tallies = run_clients(load, channels, params, args, budget).await;
    let seconds = started.elapsed().as_secs_f64();
    summarize(load.name().to_string(), channels.len(), seconds, tallies)
}

/// The latency (ms) below which `q` of the sorted samples fall (nearest rank).
fn percentile(sorted_us: &[u32], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted_us.len() as f64).ceil() as usize).clamp(1, sorted_us.len());
    f64::from(sorted_us[rank - 1]) / 1000.0
}

/// When the clients stop: at a deadline, or after a number of requests shared by all of them.
#[derive(Clone)]
struct Budget {
    deadline: Option<Instant>,
    remaining: Option<Arc<AtomicU64>>,
}

impl Budget {
    fn time(seconds: f64) -> Budget {
        Budget {
            deadline: Some(Instant::now() + Duration::from_secs_f64(seconds)),
            remaining: None,
        }
    }
    fn count(n: u64) -> Budget {
        Budget {
            deadline: None,
            remaining: Some(Arc::new(AtomicU64::new(n))),
        }
    }
    /// Takes one request from the budget; false when it is spent.
    fn take(&self) -> bool {
        if let Some(d) = self.deadline {
            return Instant::now() < d;
        }
        match &self.remaining {
            Some(r) => r
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok(),
            None => false,
        }
    }
}

async fn run_clients(
    load: Load,
    channels: &[Api],
    params: &Arc<Params>,
    args: &BenchArgs,
    budget: Budget,
) -> Vec<Tally> {
    let mut tasks = Vec::with_capacity(channels.len());
    for (i, api) in channels.iter().enumerate() {
        let (mut client, params, budget) = (Client::new(api), params.clone(), budget.clone());
        let (page_size, stride) = (args.page_size, channels.len());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut n = i;
            while budget.take() {
                let started = Instant::now();
                match client.call(load, &params, n, page_size).await {
                    Ok(answer) => tally.record(started, &answer),
                    Err(status) => tally.fail(&status),
                }
                n += stride;
            }
            tally
        }));
    }
    let mut tallies = Vec::with_capacity(tasks.len());
    for t in tasks {
        match t.await {
            Ok(tally) => tallies.push(tally),
            Err(e) => tallies.push(Tally::failed(format!("client task failed: {e}"))),
        }
    }
    tallies
}

/// What one answer held: its items and its encoded size.
struct Answer {
    rows: usize,
    bytes: usize,
}

impl Answer {
    fn of(rows: usize, message: &impl prost::Message) -> Answer {
        Answer {
            rows,
            bytes: message.encoded_len(),
        }
    }
}

/// The service clients of one connection.
struct Client {
    health: HealthClient<Conn>,
    quotes: QuoteServiceClient<Conn>,
    meetings: MeetingServiceClient<Conn>,
    articles: ArticleServiceClient<Conn>,
}

impl Client {
    fn new(api: &Api) -> Client {
        Client {
            health: api.health(),
            quotes: api.quotes(),
            meetings: api.meetings(),
            articles: api.articles(),
        }
    }

    /// The `n`th request of `load` (parameters taken round-robin).
    async fn call(
        &mut self,
        load: Load,
        p: &Params,
        n: usize,
        page_size: i32,
    ) -> Result<Answer, tonic::Status> {
        let pick = |list: &[String]| list.get(n % list.len().max(1)).cloned().unwrap_or_default();
        match load {
            Load::Health => {
                let r = self
                    .health
                    .check(HealthCheckRequest {
                        service: String::new(),
                    })
                    .await?;
                Ok(Answer::of(1, r.get_ref()))
            }
            Load::QuotesBySpeaker => {
                let r = self
                    .quotes
                    .list_quotes(ListQuotesRequest {
                        speaker: pick(&p.speakers),
                        page_size,
                        ..Default::default()
                    })
                    .await?;
                Ok(Answer::of(r.get_ref().quotes.len(), r.get_ref()))
            }
            Load::MeetingsByMonth => {
                let (from, to) = p
                    .months
                    .get(n % p.months.len().max(1))
                    .copied()
                    .unwrap_or_else(|| month_range(2014, 1));
                let r = self
                    .meetings
                    .list_meetings(ListMeetingsRequest {
                        from_date: Some(from),
                        to_date: Some(to),
                        page_size,
                        ..Default::default()
                    })
                    .await?;
                Ok(Answer::of(r.get_ref().meetings.len(), r.get_ref()))
            }
            Load::MeetingsByParticipant => {
                let r = self
                    .meetings
                    .list_meetings(ListMeetingsRequest {
                        participant: pick(&p.participants),
                        page_size,
                        ..Default::default()
                    })
                    .await?;
                Ok(Answer::of(r.get_ref().meetings.len(), r.get_ref()))
            }
            Load::GetArticle => {
                let r = self
                    .articles
                    .get_article(GetArticleRequest {
                        id: pick(&p.articles),
                    })
                    .await?;
                Ok(Answer::of(
                    usize::from(r.get_ref().article.is_some()),
                    r.get_ref(),
                ))
            }
        }
    }
}

/// Bulk ingest over `--streams` concurrent streaming calls; the clock runs from the first article
/// sent to the last answer received.
async fn ingest(target: &Target, path: &Path, args: &BenchArgs) -> Result<Row, CliError> {
    let reader = input::open_jsonl(path)?;
    drop(reader); // fail early on a missing file, before any stream opens
    let streams = args.streams.max(1);
    let mut senders = Vec::with_capacity(streams);
    let mut calls = Vec::with_capacity(streams);
    let first_error = Arc::new(std::sync::Mutex::new(String::new()));
    for _ in 0..streams {
        let mut client = Api::connect(target).await?.articles();
        let (tx, rx) = mpsc::channel::<IngestArticlesRequest>(32);
        senders.push(tx);
        let first_error = first_error.clone();
        calls.push(tokio::spawn(async move {
            let (mut ok, mut failed) = (0u64, 0u64);
            let note = |e: String| {
                if let Ok(mut f) = first_error.lock() {
                    if f.is_empty() {
                        *f = e;
                    }
                }
            };
            match client.ingest_articles(ReceiverStream::new(rx)).await {
                Ok(resp) => {
                    let mut stream = resp.into_inner();
                    loop {
                        match stream.message().await {
                            Ok(Some(r)) if r.error.is_empty() => ok += 1,
                            Ok(Some(r)) => {
                                failed += 1;
                                note(format!("{}: {}", r.client_ref, r.error));
                            }
                            Ok(None) => break,
                            Err(s) => {
                                failed += 1;
                                note(format!("{:?}: {}", s.code(), s.message()));
                                break;
                            }
                        }
                    }
                }
                Err(s) => {
                    failed += 1;
                    note(format!("{:?}: {}", s.code(), s.message()));
                }
            }
            (ok, failed)
        }));
    }
    let (path, limit, copies, first_copy) = (
        path.to_path_buf(),
        args.ingest_limit,
        args.copies.max(1),
        args.first_copy,
    );
    let started = Instant::now();
    let producer =
        tokio::task::spawn_blocking(move || feed(&path, limit, first_copy, copies, senders));
    let (sent_bytes, skipped) = producer
        .await
        .map_err(|e| CliError::usage(format!("reading the corpus: {e}")))??;
    let (mut ok, mut failed) = (0u64, skipped);
    for c in calls {
        match c.await {
            Ok((o, f)) => {
                ok += o;
                failed += f;
            }
            Err(e) => {
                failed += 1;
                if let Ok(mut f) = first_error.lock() {
                    *f = format!("ingest stream failed: {e}");
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let first_error = first_error.lock().map(|f| f.clone()).unwrap_or_default();
    Ok(Row {
        rpc: format!("ingest ({streams} streams)"),
        clients: streams,
        requests: ok + failed,
        errors: failed,
        seconds,
        qps: ok as f64 / seconds.max(1e-9),
        p50_ms: 0.0,
        p90_ms: 0.0,
        p99_ms: 0.0,
        max_ms: 0.0,
        rows_per_call: 1.0,
        kb_per_call: 0.0,
        mb_per_s: Some(sent_bytes as f64 / 1e6 / seconds.max(1e-9)),
        first_error,
    })
}

/// Reads the corpus `copies` times and deals its articles round-robin to the streams; copy `c > 0`
/// gets a line `[c]` appended, so its text (and id) differs. Returns the text bytes sent and the
/// records skipped as unreadable.
fn feed(
    path: &Path,
    limit: u64,
    first_copy: u32,
    copies: u32,
    senders: Vec<mpsc::Sender<IngestArticlesRequest>>,
) -> Result<(u64, u64), CliError> {
    let label = path.display().to_string();
    let (mut sent, mut bytes, mut skipped) = (0u64, 0u64, 0u64);
    for copy in first_copy..first_copy.saturating_add(copies) {
        let reader = input::open_jsonl(path)?;
        for (i, line) in reader.split(b'\n').enumerate() {
            if limit != 0 && sent == limit {
                return Ok((bytes, skipped));
            }
            let line = line.map_err(|e| CliError::usage(format!("{label}: {e}")))?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Ok(record) = serde_json::from_slice::<CorpusRecord>(&line) else {
                skipped += 1;
                continue;
            };
            let mut raw = record.raw_text();
            if raw.trim().is_empty() {
                skipped += 1;
                continue;
            }
            if copy > 0 {
                raw.push_str(&format!("\n\n[{copy}]"));
            }
            bytes += raw.len() as u64;
            let day = record.published.get(..10).unwrap_or(&record.published);
            let req = IngestArticlesRequest {
                article: Some(IngestArticleRequest {
                    content: Some(ingest_article_request::Content::Text(raw)),
                    published: parse_day("published", day).ok(),
                    source_url: String::new(),
                    outlet: record.source,
                    language: String::new(),
                }),
                client_ref: format!("copy {copy} line {}", i + 1),
            };
            let Some(tx) = senders.get(sent as usize % senders.len().max(1)) else {
                break;
            };
            if tx.blocking_send(req).is_err() {
                return Ok((bytes, skipped)); // that stream ended; its error is counted there
            }
            sent += 1;
        }
    }
    Ok((bytes, skipped))
}

fn print_row(row: &Row, json: bool, header: bool) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        let line = serde_json::to_string(row).map_err(|e| CliError::usage(e.to_string()))?;
        writeln!(out, "{line}")?;
    } else {
        if header {
            writeln!(
                out,
                "| call | clients | requests | errors | per s | p50 ms | p90 ms | p99 ms | max ms | rows | KB |"
            )?;
            writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")?;
        }
        writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} |",
            row.rpc,
            row.clients,
            row.requests,
            row.errors,
            row.qps,
            row.p50_ms,
            row.p90_ms,
            row.p99_ms,
            row.max_ms,
            row.rows_per_call,
            row.kb_per_call
        )?;
        if !row.first_error.is_empty() {
            eprintln!("khabar: {}: first error: {}", row.rpc, row.first_error);
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let us: Vec<u32> = (1..=100).map(|ms| ms * 1000).collect();
        // (quantile, expected ms)
        for (q, ms) in [(0.5, 50.0), (0.9, 90.0), (0.99, 99.0), (1.0, 100.0)] {
            assert_eq!(percentile(&us, q), ms, "q={q}");
        }
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(percentile(&[7000], 0.99), 7.0);
    }

    #[test]
    fn month_ranges_end_on_the_last_day() {
        // (year, month, last day)
        for (y, m, last) in [
            (2014, 2, 28),
            (2016, 2, 29),
            (2000, 2, 29),
            (1900, 2, 28),
            (2014, 11, 30),
            (2014, 12, 31),
        ] {
            assert_eq!(month_range(y, m).1.day, last, "{y}-{m}");
            assert_eq!(month_range(y, m).0.day, 1);
        }
    }

    #[test]
    fn calls_are_named_on_the_command_line() {
        assert_eq!(loads(&["all".into()]).ok(), Some(ALL_LOADS.to_vec()));
        assert_eq!(loads(&["none".into()]).ok(), Some(Vec::new()));
        assert_eq!(
            loads(&["health".into(), "get-article".into()]).ok(),
            Some(vec![Load::Health, Load::GetArticle])
        );
        assert!(loads(&["nope".into()]).is_err());
    }

    #[test]
    fn shuffle_is_a_deterministic_permutation() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        shuffle(&mut a, 7);
        shuffle(&mut b, 7);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<_>>());
        a.sort();
        assert_eq!(a, (0..50).collect::<Vec<_>>());
    }
}
