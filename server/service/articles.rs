//! ArticleService: ingest (one, or a stream), get, list, delete, analyse.
use std::pin::Pin;

use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::{Stream, StreamExt as _};
use tonic::{Request, Response, Status, Streaming};

use super::convert::{self, text_filter};
use super::error::{describe, invalid};
use super::{paging, Khabar};
use crate::api::{self as pb, article_service_server::ArticleService};
use crate::extract::{self, Lang};
use crate::store::{ArticleId, ArticleMeta, ArticleQuery};

/// Raw text from a request's `content`, checked: present, valid UTF-8, within the size limit, not
/// blank.
fn raw_text(
    text: Option<String>,
    bytes: Option<Vec<u8>>,
    max_bytes: usize,
) -> Result<String, Status> {
    let (field, raw) = match (text, bytes) {
        (Some(t), _) => ("text", t),
        (None, Some(b)) => (
            "text_utf8",
            String::from_utf8(b).map_err(|e| {
                invalid(
                    "text_utf8",
                    format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
                )
            })?,
        ),
        (None, None) => return Err(invalid("text", "missing: give text or text_utf8")),
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

impl Khabar {
    /// Validates, extracts (unless the same content and date are stored) and stores one article.
    async fn ingest(
        &self,
        r: pb::IngestArticleRequest,
    ) -> Result<pb::IngestArticleResponse, Status> {
        use pb::ingest_article_request::Content;
        let (text, bytes) = match r.content {
            Some(Content::Text(t)) => (Some(t), None),
            Some(Content::TextUtf8(b)) => (None, Some(b)),
            None => (None, None),
        };
        let raw = raw_text(text, bytes, self.config.max_article_bytes)?;
        let published = convert::published("published", r.published.as_ref())?;
        let lang = language("language", &r.language)?;
        let meta = ArticleMeta {
            published,
            source_url: r.source_url.trim().to_string(),
            outlet: r.outlet.trim().to_string(),
            language: "ar".to_string(),
        };
        let id = ArticleId::of_text(&raw);
        let (view, already_stored) = self
            .blocking(move |store| {
                let date = convert::stored_value(meta.published);
                if store.stored_published(id)? == Some(date) {
                    return Ok((store.get_article(id)?, true));
                }
                let x = extract::extract(&raw, published.and_then(|d| d.to_naive()), lang);
                let outcome = store.ingest(id, &meta, &x)?;
                Ok((store.get_article(id)?, outcome.already_stored))
            })
            .await?;
        tracing::info!(article = %id, already_stored, quotes = view.article.summary.quotes, meetings = view.article.summary.meetings, "ingest");
        Ok(pb::IngestArticleResponse {
            article: Some(convert::article(&view.article, &view.entities)),
            already_stored,
        })
    }
}

type IngestStream = Pin<Box<dyn Stream<Item = Result<pb::IngestArticlesResponse, Status>> + Send>>;

#[tonic::async_trait]
impl ArticleService for Khabar {
    async fn ingest_article(
        &self,
        request: Request<pb::IngestArticleRequest>,
    ) -> Result<Response<pb::IngestArticleResponse>, Status> {
        self.ingest(request.into_inner()).await.map(Response::new)
    }

    type IngestArticlesStream = IngestStream;

    async fn ingest_articles(
        &self,
        request: Request<Streaming<pb::IngestArticlesRequest>>,
    ) -> Result<Response<Self::IngestArticlesStream>, Status> {
        let mut inbound = request.into_inner();
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(next) = inbound.next().await {
                let reply = match next {
                    Ok(req) => {
                        let client_ref = req.client_ref;
                        let result = match req.article {
                            Some(a) => this.ingest(a).await,
                            None => Err(invalid("article", "missing")),
                        };
                        Ok(match result {
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
                        })
                    }
                    Err(status) => Err(status),
                };
                let stop = reply.is_err();
                if tx.send(reply).await.is_err() || stop {
                    break; // the client went away, or its stream broke
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn get_article(
        &self,
        request: Request<pb::GetArticleRequest>,
    ) -> Result<Response<pb::GetArticleResponse>, Status> {
        let id = convert::article_id("id", &request.get_ref().id)?;
        let view = self.blocking(move |s| s.get_article(id)).await?;
        Ok(Response::new(pb::GetArticleResponse {
            article: Some(convert::article(&view.article, &view.entities)),
        }))
    }

    async fn list_articles(
        &self,
        request: Request<pb::ListArticlesRequest>,
    ) -> Result<Response<pb::ListArticlesResponse>, Status> {
        let r = request.into_inner();
        let limit = paging::page_size(r.page_size)?;
        let fp = paging::fingerprint(&r, |r| {
            r.page_size = 0;
            r.page_token.clear();
        });
        let cursor = paging::decode(&r.page_token, fp)?;
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
        let page = self
            .blocking(move |s| s.list_articles(&query, limit, cursor.as_deref()))
            .await?;
        Ok(Response::new(pb::ListArticlesResponse {
            articles: page
                .items
                .iter()
                .map(|v| convert::article(&v.article, &v.entities))
                .collect(),
            next_page_token: paging::encode(page.next, fp),
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
        use pb::analyze_article_request::Content;
        let r = request.into_inner();
        let (text, bytes) = match r.content {
            Some(Content::Text(t)) => (Some(t), None),
            Some(Content::TextUtf8(b)) => (None, Some(b)),
            None => (None, None),
        };
        let raw = raw_text(text, bytes, self.config.max_article_bytes)?;
        let published = convert::published("published", r.published.as_ref())?;
        let lang = language("language", &r.language)?;
        let analysis = tokio::task::spawn_blocking(move || {
            let x = extract::extract(&raw, published.and_then(|d| d.to_naive()), lang);
            convert::analysis(&x)
        })
        .await
        .map_err(super::error::join)?;
        Ok(Response::new(analysis))
    }
}
