//! One function per command: check the arguments (nothing is sent when they are wrong), connect,
//! call the service, print. List commands follow `next_page_token` up to `--limit`.
use std::future::Future;
use std::io::{self, BufRead, IsTerminal};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::api::{
    analyze_article_request, ingest_article_request, AnalyzeArticleRequest, DeleteArticleRequest,
    EntityKind, GetArticleRequest, GetEntityRequest, IngestArticleRequest, IngestArticlesRequest,
    ListArticlesRequest, ListEntitiesRequest, ListMeetingsRequest, ListQuotesRequest, MeetingKind,
    MeetingStatus, MergeEntitiesRequest, QuoteKind, SplitAliasRequest, UpdateEntityRequest,
};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Status;

use crate::args::{
    AnalyzeArgs, ArticlesArgs, Cli, Command, EntitiesArgs, EntityKindArg, EntityUpdateArgs,
    IngestArgs, Limit, MeetingKindArg, MeetingStatusArg, MeetingsArgs, QuoteKindArg, QuotesArgs,
};
use crate::connect::{Api, Target};
use crate::dates::{parse_day, parse_opt_day, parse_range};
use crate::error::CliError;
use crate::input::{self, CorpusRecord};
use crate::output::Printer;

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let mut out = Printer::new(cli.json);
    let target = Target {
        url: cli.server,
        token: cli.token,
        ca_cert: cli.ca_cert,
    };
    let server = &target;
    match cli.command {
        Command::Ingest(args) => ingest(server, args, &mut out).await?,
        Command::Analyze(args) => analyze(server, args, &mut out).await?,
        Command::Quotes(args) => quotes(server, args, &mut out).await?,
        Command::Meetings(args) => meetings(server, args, &mut out).await?,
        Command::Entities(args) => entities(server, args, &mut out).await?,
        Command::Articles(args) => articles(server, args, &mut out).await?,
        Command::Entity { id } => {
            let api = Api::connect(server).await?;
            let resp = api.entities().get_entity(GetEntityRequest { id }).await;
            let resp = resp.map_err(|s| api.err(s))?.into_inner();
            out.entity(&required(resp.entity, "entity")?)?;
        }
        Command::Article { id } => {
            let api = Api::connect(server).await?;
            let resp = api.articles().get_article(GetArticleRequest { id }).await;
            let resp = resp.map_err(|s| api.err(s))?.into_inner();
            out.article(&required(resp.article, "article")?, false, true)?;
        }
        Command::Delete { id } => {
            let api = Api::connect(server).await?;
            let resp = api
                .articles()
                .delete_article(DeleteArticleRequest { id })
                .await;
            let resp = resp.map_err(|s| api.err(s))?.into_inner();
            if out.json() {
                out.json_line(&resp)?;
            } else {
                out.note(&format!("deleted article {}", resp.id))?;
            }
        }
        Command::EntityMerge { target, source } => {
            let api = Api::connect(server).await?;
            let req = MergeEntitiesRequest {
                target_id: target,
                source_id: source,
            };
            let resp = api.entities().merge_entities(req).await;
            let resp = resp.map_err(|s| api.err(s))?.into_inner();
            out.entity(&required(resp.entity, "entity")?)?;
        }
        Command::EntitySplit { id, alias } => {
            let api = Api::connect(server).await?;
            let req = SplitAliasRequest {
                entity_id: id,
                alias,
            };
            let resp = api.entities().split_alias(req).await;
            out.split(&resp.map_err(|s| api.err(s))?.into_inner())?;
        }
        Command::EntityUpdate(args) => entity_update(server, args, &mut out).await?,
        Command::Bench(args) => crate::bench::run(server, args, out.json()).await?,
    }
    out.flush()?;
    Ok(())
}

/// A response field the API always sets; a server leaving it out is a server bug.
fn required<T>(field: Option<T>, what: &str) -> Result<T, CliError> {
    field.ok_or_else(|| CliError::Server(Status::internal(format!("response holds no {what}"))))
}

fn non_empty(s: Option<String>) -> String {
    s.unwrap_or_default()
}

async fn ingest(server: &Target, args: IngestArgs, out: &mut Printer) -> Result<(), CliError> {
    let published = parse_opt_day("--published", args.published.as_deref())?;
    if let Some(path) = &args.jsonl {
        return ingest_jsonl(server, path, out).await;
    }
    let inputs = input::collect(&args.paths)?;
    let api = Api::connect(server).await?;
    let mut client = api.articles();
    for input in inputs {
        let req = IngestArticleRequest {
            content: Some(ingest_article_request::Content::TextUtf8(input.bytes)),
            published,
            source_url: non_empty(args.source_url.clone()),
            outlet: non_empty(args.outlet.clone()),
            language: String::new(),
        };
        let resp = client.ingest_article(req).await.map_err(|s| {
            // Name the file: with a folder, the user needs to know which one failed.
            match api.err(s) {
                CliError::Server(st) => CliError::Server(Status::new(
                    st.code(),
                    format!("{}: {}", input.label, st.message()),
                )),
                other => other,
            }
        })?;
        let resp = resp.into_inner();
        out.article(
            &required(resp.article, "article")?,
            resp.already_stored,
            false,
        )?;
    }
    Ok(())
}

/// Bulk ingest over the streaming RPC: a blocking reader feeds a bounded channel (so a corpus is
/// never held in memory), the server answers each article in order.
async fn ingest_jsonl(server: &Target, path: &Path, out: &mut Printer) -> Result<(), CliError> {
    let label = path.display().to_string();
    let reader = input::open_jsonl(path)?;
    let progress = if io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(input::count_records(path)?),
            ProgressDrawTarget::stderr(),
        );
        let style = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles  {elapsed_precise}  eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    } else {
        ProgressBar::hidden()
    };
    let api = Api::connect(server).await?;

    let (tx, rx) = mpsc::channel::<IngestArticlesRequest>(32);
    let reader_progress = progress.clone();
    let producer = tokio::task::spawn_blocking(move || -> Result<u64, CliError> {
        let mut skipped = 0;
        let mut skip = |line: usize, why: String| {
            skipped += 1;
            reader_progress.suspend(|| eprintln!("khabar: {label}: line {line}: {why}"));
            reader_progress.inc(1);
        };
        for (i, line) in reader.split(b'\n').enumerate() {
            let line = line.map_err(|e| CliError::usage(format!("{label}: {e}")))?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let record: CorpusRecord = match serde_json::from_slice(&line) {
                Ok(r) => r,
                Err(e) => {
                    skip(i + 1, format!("not a JSON record: {e}"));
                    continue;
                }
            };
            let raw = record.raw_text();
            if raw.trim().is_empty() {
                skip(i + 1, "no title or text".into());
                continue;
            }
            // Corpus dates may carry a time ("2018-02-18T10:00"); an unusable one anchors nothing.
            let day = record.published.get(..10).unwrap_or(&record.published);
            let req = IngestArticlesRequest {
                article: Some(IngestArticleRequest {
                    content: Some(ingest_article_request::Content::Text(raw)),
                    published: parse_day("published", day).ok(),
                    source_url: String::new(),
                    outlet: record.source,
                    language: String::new(),
                }),
                client_ref: if record.id.is_empty() {
                    format!("line {}", i + 1)
                } else {
                    record.id
                },
            };
            if tx.blocking_send(req).is_err() {
                break; // the call ended early; its error is reported by the receiving side
            }
        }
        Ok(skipped)
    });

    let (mut stored, mut already, mut failed) = (0u64, 0u64, 0u64);
    let call = api
        .articles()
        .ingest_articles(ReceiverStream::new(rx))
        .await;
    let mut stream = call.map_err(|s| api.err(s))?.into_inner();
    while let Some(r) = stream.message().await.map_err(|s| api.err(s))? {
        progress.inc(1);
        if !r.error.is_empty() {
            failed += 1;
            progress.suspend(|| eprintln!("khabar: {}: {}", r.client_ref, r.error));
            continue;
        }
        stored += 1;
        already += u64::from(r.already_stored);
        if let (true, Some(article)) = (out.json(), &r.article) {
            progress.suspend(|| out.json_line(article))?;
        }
    }
    let skipped = producer
        .await
        .map_err(|e| CliError::usage(format!("reading {}: {e}", path.display())))??;
    progress.finish_and_clear();

    failed += skipped;
    let summary = format!("ingested {stored} articles ({already} already stored), {failed} failed");
    if out.json() {
        eprintln!("khabar: {summary}");
    } else {
        out.note(&summary)?;
    }
    if failed > 0 {
        return Err(CliError::Partial(format!(
            "{failed} of {} articles failed",
            stored + failed
        )));
    }
    Ok(())
}

async fn analyze(server: &Target, args: AnalyzeArgs, out: &mut Printer) -> Result<(), CliError> {
    let published = parse_opt_day("--published", args.published.as_deref())?;
    let input = input::read_path(&args.path)?;
    let api = Api::connect(server).await?;
    let req = AnalyzeArticleRequest {
        content: Some(analyze_article_request::Content::TextUtf8(input.bytes)),
        published,
        language: String::new(),
    };
    let resp = api.articles().analyze_article(req).await;
    out.analysis(&resp.map_err(|s| api.err(s))?.into_inner())?;
    Ok(())
}

async fn quotes(server: &Target, args: QuotesArgs, out: &mut Printer) -> Result<(), CliError> {
    let (from_date, to_date) = parse_range(args.from.as_deref(), args.to.as_deref())?;
    let base = ListQuotesRequest {
        speaker: non_empty(args.speaker),
        from_date,
        to_date,
        article_id: non_empty(args.article),
        kind: args.kind.map_or(0, |k| quote_kind(k) as i32),
        contains: non_empty(args.contains),
        page_size: 0,
        page_token: String::new(),
    };
    let api = Api::connect(server).await?;
    let client = api.quotes();
    let fetch = |page_token, page_size| {
        let mut client = client.clone();
        let req = ListQuotesRequest {
            page_token,
            page_size,
            ..base.clone()
        };
        async move {
            let r = client.list_quotes(req).await?.into_inner();
            Ok((r.quotes, r.next_page_token))
        }
    };
    let listed = pages(&api, args.limit, fetch, |q| out.quote(q)).await?;
    listed.report(out, "quotes")
}

async fn meetings(server: &Target, args: MeetingsArgs, out: &mut Printer) -> Result<(), CliError> {
    let (from_date, to_date) = parse_range(args.from.as_deref(), args.to.as_deref())?;
    let base = ListMeetingsRequest {
        from_date,
        to_date,
        participant: non_empty(args.participant),
        place: non_empty(args.place),
        status: args.status.map_or(0, |s| meeting_status(s) as i32),
        kind: args.kind.map_or(0, |k| meeting_kind(k) as i32),
        article_id: non_empty(args.article),
        page_size: 0,
        page_token: String::new(),
    };
    let api = Api::connect(server).await?;
    let client = api.meetings();
    let fetch = |page_token, page_size| {
        let mut client = client.clone();
        let req = ListMeetingsRequest {
            page_token,
            page_size,
            ..base.clone()
        };
        async move {
            let r = client.list_meetings(req).await?.into_inner();
            Ok((r.meetings, r.next_page_token))
        }
    };
    let listed = pages(&api, args.limit, fetch, |m| out.meeting(m)).await?;
    listed.report(out, "meetings")
}

async fn entities(server: &Target, args: EntitiesArgs, out: &mut Printer) -> Result<(), CliError> {
    let base = ListEntitiesRequest {
        kind: args.kind.map_or(0, |k| entity_kind(k) as i32),
        name_prefix: non_empty(args.name),
        page_size: 0,
        page_token: String::new(),
    };
    let api = Api::connect(server).await?;
    let client = api.entities();
    let fetch = |page_token, page_size| {
        let mut client = client.clone();
        let req = ListEntitiesRequest {
            page_token,
            page_size,
            ..base.clone()
        };
        async move {
            let r = client.list_entities(req).await?.into_inner();
            Ok((r.entities, r.next_page_token))
        }
    };
    let listed = pages(&api, args.limit, fetch, |e| out.entity(e)).await?;
    listed.report(out, "entities")
}

async fn articles(server: &Target, args: ArticlesArgs, out: &mut Printer) -> Result<(), CliError> {
    let (published_from, published_to) = parse_range(args.from.as_deref(), args.to.as_deref())?;
    let base = ListArticlesRequest {
        published_from,
        published_to,
        outlet: non_empty(args.outlet),
        entity: non_empty(args.entity),
        page_size: 0,
        page_token: String::new(),
    };
    let api = Api::connect(server).await?;
    let client = api.articles();
    let fetch = |page_token, page_size| {
        let mut client = client.clone();
        let req = ListArticlesRequest {
            page_token,
            page_size,
            ..base.clone()
        };
        async move {
            let r = client.list_articles(req).await?.into_inner();
            Ok((r.articles, r.next_page_token))
        }
    };
    let listed = pages(&api, args.limit, fetch, |a| out.article(a, false, false)).await?;
    listed.report(out, "articles")
}

async fn entity_update(
    server: &Target,
    args: EntityUpdateArgs,
    out: &mut Printer,
) -> Result<(), CliError> {
    let name = non_empty(args.name);
    let latin_name = non_empty(args.latin_name);
    if name.trim().is_empty() && latin_name.trim().is_empty() {
        return Err(CliError::usage(
            "entity-update: give --name and/or --latin-name",
        ));
    }
    let api = Api::connect(server).await?;
    let req = UpdateEntityRequest {
        id: args.id,
        name,
        latin_name,
    };
    let resp = api.entities().update_entity(req).await;
    let resp = resp.map_err(|s| api.err(s))?.into_inner();
    out.entity(&required(resp.entity, "entity")?)?;
    Ok(())
}

/// What a list command printed.
struct Listed {
    count: usize,
    /// The limit stopped the listing before the last page.
    truncated: bool,
}

impl Listed {
    /// In text mode, says when nothing matched or the limit cut the list short.
    fn report(self, out: &mut Printer, what: &str) -> Result<(), CliError> {
        if out.json() {
            return Ok(());
        }
        if self.count == 0 {
            out.note(&format!("no {what} found"))?;
        } else if self.truncated {
            out.flush()?;
            eprintln!(
                "khabar: showing the first {} {what}; --limit 0 lists all",
                self.count
            );
        }
        Ok(())
    }
}

/// Fetches pages (`fetch(page_token, page_size)`) until `limit` items (0 = all) or the last page,
/// handing each item to `each` as it arrives.
async fn pages<T, F, Fut>(
    api: &Api,
    Limit { limit, page_size }: Limit,
    mut fetch: F,
    mut each: impl FnMut(&T) -> io::Result<()>,
) -> Result<Listed, CliError>
where
    F: FnMut(String, i32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, String), Status>>,
{
    let page_size = page_size.clamp(1, 1000);
    let mut token = String::new();
    let mut count = 0;
    loop {
        let want = if limit == 0 {
            page_size
        } else {
            (limit - count).min(page_size)
        };
        let (items, next) = fetch(token.clone(), want as i32)
            .await
            .map_err(|s| api.err(s))?;
        for item in &items {
            if limit != 0 && count == limit {
                return Ok(Listed {
                    count,
                    truncated: true,
                });
            }
            each(item)?;
            count += 1;
        }
        if next.is_empty() {
            return Ok(Listed {
                count,
                truncated: false,
            });
        }
        if limit != 0 && count == limit {
            return Ok(Listed {
                count,
                truncated: true,
            });
        }
        if next == token {
            return Err(CliError::Server(Status::internal(
                "the server returned the same page token twice",
            )));
        }
        token = next;
    }
}

fn quote_kind(k: QuoteKindArg) -> QuoteKind {
    match k {
        QuoteKindArg::Direct => QuoteKind::Direct,
        QuoteKindArg::Indirect => QuoteKind::Indirect,
        QuoteKindArg::Mixed => QuoteKind::Mixed,
    }
}

fn meeting_status(s: MeetingStatusArg) -> MeetingStatus {
    match s {
        MeetingStatusArg::Held => MeetingStatus::Held,
        MeetingStatusArg::Planned => MeetingStatus::Planned,
        MeetingStatusArg::Cancelled => MeetingStatus::Cancelled,
    }
}

fn meeting_kind(k: MeetingKindArg) -> MeetingKind {
    match k {
        MeetingKindArg::Bilateral => MeetingKind::Bilateral,
        MeetingKindArg::Trilateral => MeetingKind::Trilateral,
        MeetingKindArg::Multilateral => MeetingKind::Multilateral,
        MeetingKindArg::Conference => MeetingKind::Conference,
        MeetingKindArg::Summit => MeetingKind::Summit,
        MeetingKindArg::Negotiations => MeetingKind::Negotiations,
        MeetingKindArg::Session => MeetingKind::Session,
    }
}

fn entity_kind(k: EntityKindArg) -> EntityKind {
    match k {
        EntityKindArg::Person => EntityKind::Person,
        EntityKindArg::UnnamedPerson => EntityKind::UnnamedPerson,
        EntityKindArg::Organisation => EntityKind::Organisation,
        EntityKindArg::Country => EntityKind::Country,
        EntityKindArg::City => EntityKind::City,
        EntityKindArg::Place => EntityKind::Place,
    }
}
