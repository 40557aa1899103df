//! ArticleService: ingest (one, or a stream), get, list, delete, analyse.
use std::collections::HashMap;
use std::pin::Pin;

use tokio::sync::oneshot;

use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::{Stream, StreamExt as _};
use tonic::{Request, Response, Status, Streaming};

use super::convert::{self, text_filter};
use super::error::{describe, invalid};
use super::paging::PageStart;
use super::Khabar;
use crate::api::{self as pb, article_service_server::ArticleService};
use crate::extract::{self, Lang, PartialDate};
use crate::store::{ArticleId, ArticleMeta, ArticleQuery, Store};

/// An article's text as a request sends it: a string, or bytes that should be UTF-8.
enum SentText {
    Text(String),
    Utf8(Vec<u8>),
}

/// Ingest and analyse requests each have their own `content` oneof, alike in shape.
macro_rules! sent_text_from {
    ($($content:ty),+) => {$(
        impl From<$content> for SentText {
            fn from(content: $content) -> Self {
                type Content = $content;
                match content {
                    Content::Text(t) => SentText::Text(t),
                    Content::TextUtf8(b) => SentText::Utf8(b),
                }
            }
        }
    )+};
}

sent_text_from!(
    pb::ingest_article_request::Content,
    pb::analyze_article_request::Content
);

/// Raw text from a request's `content`, checked: present, valid UTF-8, within the size limit, not
/// blank.
fn raw_text(content: Option<SentText>, max_bytes: usize) -> Result<String, Status> {
    let (field, raw) = match content {
        Some(SentText::Text(t)) => ("text", t),
        Some(SentText::Utf8(b)) => (
            "text_utf8",
            String::from_utf8(b).map_err(|e| {
                invalid(
                    "text_utf8",
                    format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
                )
            })?,
        ),
        None => return Err(invalid("text", "missing: give text or text_utf8")),
    };
    if raw.len() > max_bytes {
        return Err(Status::resource_exhausted(format!(
            "{field}: article of {} bytes is over the limit of {max_bytes} bytes",
            raw.len()
        )));
    }
    // NUL and other control characters count as blank: an article of them alone has no text
    if raw
        .trim_matches(|c: char| c.is_whitespace() || c.is_control())
        .is_empty()
    {
        return Err(invalid(field, "empty or whitespace only"));
    }
    Ok(raw)
}

fn language(field: &str, lang: &str) -> Result<Lang, Status> {
    match lang.trim() {
        "" | "ar" => Ok(Lang::Arabic),
        other => Err(invalid(
            field,
            format!("{other:?} is not supported (only \"ar\")"),
        )),
    }
}

/// An article to extract from, as ingest and analyse requests give it, checked.
struct ArticleInput {
    raw: String,
    published: Option<PartialDate>,
    lang: Lang,
}

impl ArticleInput {
    /// The facts in the article (CPU-bound: run it on the blocking pool).
    fn extract(&self) -> extract::ExtractedArticle {
        let published = self.published.and_then(|d| d.to_naive());
        extract::extract(&self.raw, published, self.lang)
    }
}

impl Khabar {
    /// The request's content (checked by [`raw_text`] against the size limit), `published` date
    /// and `language`, in that order.
    fn article_input(
        &self,
        content: Option<impl Into<SentText>>,
        published: Option<&pb::PartialDate>,
        language: &str,
    ) -> Result<ArticleInput, Status> {
        Ok(ArticleInput {
            raw: raw_text(content.map(Into::into), self.config.max_article_bytes)?,
            published: convert::published("published", published)?,
            lang: self::language("language", language)?,
        })
    }

    /// Validates, extracts (unless the same content and date are stored) and stores one article.
    /// `sent_id` is the article's id when the caller already computed it from the same request
    /// ([`sent_article_id`]): hashing the normalised text again costs ~1 % of an ingest.
    async fn ingest(
        &self,
        r: pb::IngestArticleRequest,
        sent_id: Option<ArticleId>,
    ) -> Result<pb::IngestArticleResponse, Status> {
        let input = self.article_input(r.content, r.published.as_ref(), &r.language)?;
        let meta = ArticleMeta {
            published: input.published,
            source_url: r.source_url.trim().to_string(),
            outlet: r.outlet.trim().to_string(),
            language: "ar".to_string(),
        };
        let id = sent_id.unwrap_or_else(|| ArticleId::of_text(&input.raw));
        let ingested = self
            .blocking(move |store| {
                let date = convert::stored_value(meta.published);
                if store.stored_published(id)? == Some(date) {
                    // it may have been written by a group still being flushed: answered only
                    // once durable, like any ingest
                    store.flush()?;
                    return Ok(Ingested::Stored(Box::new(store.get_article(id)?)));
                }
                Ok(Ingested::Queued(store.queue_ingest(
                    id,
                    &meta,
                    &input.extract(),
                )))
            })
            .await?;
        let (view, already_stored) = match ingested {
            Ingested::Stored(view) => (*view, true),
            Ingested::Queued(pending) => {
                // awaited here, not on the blocking pool: its threads extract the next articles
                // meanwhile, and they join the group that is written next
                let outcome = pending.durable().await.map_err(super::error::status)?;
                let already_stored = outcome.already_stored;
                // the writer's summaries at hand, or a short read of them
                let view = self
                    .read(true, move |store| store.view_of_ingest(outcome))
                    .await?;
                (view, already_stored)
            }
        };
        tracing::info!(article = %id, already_stored, quotes = view.article.summary.quotes, meetings = view.article.summary.meetings, "ingest");
        Ok(pb::IngestArticleResponse {
            article: Some(convert::into_article(view)),
            already_stored,
        })
    }
}

/// Where an ingest stands once its article left the blocking pool.
enum Ingested {
    /// The same content with the same date was stored already (boxed: an article view is
    /// large, and most ingests are new).
    Stored(Box<crate::store::ArticleView>),
    /// Extracted and queued for the writer; answered once durable.
    Queued(crate::store::PendingIngest),
}

type IngestStream = Pin<Box<dyn Stream<Item = Result<pb::IngestArticlesResponse, Status>> + Send>>;

/// Articles of one ingest stream in flight at once (extracted concurrently, stored as one group
/// when they finish together). Bounded so that a slow store slows the client: beyond it the
/// stream is not read, and HTTP/2 flow control holds the sender back.
const STREAM_WINDOW: usize = 16;

/// What one stream request gets as answer.
fn stream_reply(
    client_ref: String,
    result: Result<pb::IngestArticleResponse, Status>,
) -> pb::IngestArticlesResponse {
    match result {
        Ok(r) => pb::IngestArticlesResponse {
            client_ref,
            article: r.article,
            already_stored: r.already_stored,
            error: String::new(),
        },
        Err(s) => pb::IngestArticlesResponse {
            client_ref,
            error: describe(&s),
            ..Default::default()
        },
    }
}

impl Khabar {
    /// Answers an ingest stream: up to [`STREAM_WINDOW`] articles are ingested concurrently
    /// (each its own task: extraction on the blocking pool, then the store's group commit), and
    /// answered in the order they were sent, each once it is durable. The same article sent
    /// again while the first is in flight waits for it, so the later one is the one found
    /// `already_stored`, as if they had been sent one by one. A broken inbound stream is
    /// reported after the answers to what came before it.
    async fn answer_stream(
        self,
        mut inbound: Streaming<pb::IngestArticlesRequest>,
        tx: tokio::sync::mpsc::Sender<Result<pb::IngestArticlesResponse, Status>>,
    ) {
        let mut in_flight = futures::stream::FuturesOrdered::new();
        // article → (sequence number, finished signal) of its latest request in flight
        let mut latest: HashMap<ArticleId, (u64, oneshot::Receiver<()>)> = HashMap::new();
        let mut sequence = 0u64;
        let mut inbound_open = true;
        loop {
            tokio::select! {
                biased;
                Some((seq, id, reply)) = in_flight.next(), if !in_flight.is_empty() => {
                    let (seq, id): (u64, Option<ArticleId>) = (seq, id);
                    if let Some(id) = id {
                        if latest.get(&id).is_some_and(|(s, _)| *s == seq) {
                            latest.remove(&id);
                        }
                    }
                    if tx.send(Ok(reply)).await.is_err() {
                        return; // the client went away
                    }
                }
                next = inbound.next(), if inbound_open && in_flight.len() < STREAM_WINDOW => {
                    match next {
                        Some(Ok(req)) => {
                            sequence += 1;
                            let seq = sequence;
                            let id = req.article.as_ref().and_then(sent_article_id);
                            let (finished, finished_signal) = oneshot::channel::<()>();
                            let earlier = id.and_then(|id| {
                                latest.insert(id, (seq, finished_signal)).map(|(_, rx)| rx)
                            });
                            let this = self.clone();
                            let client_ref = req.client_ref.clone();
                            let task = tokio::spawn(async move {
                                if let Some(earlier) = earlier {
                                    let _ = earlier.await; // sent or dropped: it is done
                                }
                                let result = match req.article {
                                    Some(a) => this.ingest(a, id).await,
                                    None => Err(invalid("article", "missing")),
                                };
                                drop(finished);
                                result
                            });
                            in_flight.push_back(async move {
                                let result = task.await.unwrap_or_else(|e| Err(super::error::join(e)));
                                (seq, id, stream_reply(client_ref, result))
                            });
                        }
                        Some(Err(status)) => {
                            while let Some((_, _, reply)) = in_flight.next().await {
                                if tx.send(Ok(reply)).await.is_err() {
                                    return;
                                }
                            }
                            let _ = tx.send(Err(status)).await;
                            return;
                        }
                        None => inbound_open = false,
                    }
                }
                else => return, // inbound finished and everything answered
            }
        }
    }
}

/// The id of the article a request sends, when its text is readable (else it fails validation).
fn sent_article_id(r: &pb::IngestArticleRequest) -> Option<ArticleId> {
    use pb::ingest_article_request::Content;
    match r.content.as_ref()? {
        Content::Text(t) => Some(ArticleId::of_text(t)),
        Content::TextUtf8(b) => std::str::from_utf8(b).ok().map(ArticleId::of_text),
    }
}

#[tonic::async_trait]
impl ArticleService for Khabar {
    async fn ingest_article(
        &self,
        request: Request<pb::IngestArticleRequest>,
    ) -> Result<Response<pb::IngestArticleResponse>, Status> {
        self.ingest(request.into_inner(), None)
            .await
            .map(Response::new)
    }

    type IngestArticlesStream = IngestStream;

    async fn ingest_articles(
        &self,
        request: Request<Streaming<pb::IngestArticlesRequest>>,
    ) -> Result<Response<Self::IngestArticlesStream>, Status> {
        let inbound = request.into_inner();
        let (tx, rx) = tokio::sync::mpsc::channel(STREAM_WINDOW);
        tokio::spawn(self.clone().answer_stream(inbound, tx));
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn get_article(
        &self,
        request: Request<pb::GetArticleRequest>,
    ) -> Result<Response<pb::GetArticleResponse>, Status> {
        let id = convert::article_id("id", &request.get_ref().id)?;
        let view = self.read(true, move |s| s.show_article(id)).await?;
        Ok(Response::new(pb::GetArticleResponse {
            article: Some(convert::into_article(view)),
        }))
    }

    async fn list_articles(
        &self,
        request: Request<pb::ListArticlesRequest>,
    ) -> Result<Response<pb::ListArticlesResponse>, Status> {
        let r = request.into_inner();
        let start = PageStart::of(&r)?;
        let query = ArticleQuery {
            published: convert::date_range(
                "published_from",
                r.published_from.as_ref(),
                "published_to",
                r.published_to.as_ref(),
            )?,
            outlet: text_filter(&r.outlet),
            entity: text_filter(&r.entity),
        };
        let (articles, next_page_token) = self
            .list_page(start, query, Store::list_articles, convert::into_article)
            .await?;
        Ok(Response::new(pb::ListArticlesResponse {
            articles,
            next_page_token,
        }))
    }

    async fn delete_article(
        &self,
        request: Request<pb::DeleteArticleRequest>,
    ) -> Result<Response<pb::DeleteArticleResponse>, Status> {
        let id = convert::article_id("id", &request.get_ref().id)?;
        self.blocking(move |s| s.delete_article(id)).await?;
        tracing::info!(article = %id, "deleted");
        Ok(Response::new(pb::DeleteArticleResponse {
            id: id.to_string(),
        }))
    }

    async fn analyze_article(
        &self,
        request: Request<pb::AnalyzeArticleRequest>,
    ) -> Result<Response<pb::AnalyzeArticleResponse>, Status> {
        let r = request.into_inner();
        let input = self.article_input(r.content, r.published.as_ref(), &r.language)?;
        let analysis = tokio::task::spawn_blocking(move || convert::analysis(&input.extract()))
            .await
            .map_err(super::error::join)?;
        Ok(Response::new(analysis))
    }
}
