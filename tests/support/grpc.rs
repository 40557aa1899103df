//! An in-process khabar server on 127.0.0.1:0 over a sled directory, and the generated clients.
use std::path::Path;

use khabar::api::{
    article_service_client::ArticleServiceClient, entity_service_client::EntityServiceClient,
    meeting_service_client::MeetingServiceClient, quote_service_client::QuoteServiceClient,
    IngestArticleRequest, PartialDate,
};
use khabar::service::{serve, ServiceConfig};
use khabar::store::Store;
use tonic::transport::Channel;

pub struct Server {
    pub url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    pub async fn start(dir: &Path) -> Server {
        Server::start_with(dir, ServiceConfig::default()).await
    }

    pub async fn start_with(dir: &Path, config: ServiceConfig) -> Server {
        // the previous server's store may still be closing (sled's directory lock)
        let mut store = Store::open(dir);
        for _ in 0..50 {
            if store.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            store = Store::open(dir);
        }
        let store = store.expect("open store");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve(listener, store, config, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        Server {
            url,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    /// Asks the server to stop without waiting for it (for a caller that drops its runtime).
    pub fn signal_stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Stops gracefully and waits until the store is flushed and closed.
    pub async fn stop(mut self) {
        self.signal_stop();
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
    }

    async fn channel(&self) -> Channel {
        Channel::from_shared(self.url.clone())
            .expect("url")
            .connect()
            .await
            .expect("connect")
    }

    pub async fn articles(&self) -> ArticleServiceClient<Channel> {
        ArticleServiceClient::new(self.channel().await)
    }
    pub async fn quotes(&self) -> QuoteServiceClient<Channel> {
        QuoteServiceClient::new(self.channel().await)
    }
    pub async fn meetings(&self) -> MeetingServiceClient<Channel> {
        MeetingServiceClient::new(self.channel().await)
    }
    pub async fn entities(&self) -> EntityServiceClient<Channel> {
        EntityServiceClient::new(self.channel().await)
    }
}

pub fn date(year: i32, month: i32, day: i32) -> Option<PartialDate> {
    Some(PartialDate { year, month, day })
}

/// The seed articles: (text, publication date from the gold file).
pub fn seeds() -> Vec<(String, Option<PartialDate>)> {
    super::gold_seeds()
        .iter()
        .map(|s| {
            let (year, month, day) = s.published_ymd();
            (s.text(), date(year, month, day))
        })
        .collect()
}

pub fn ingest_request(text: &str, published: Option<PartialDate>) -> IngestArticleRequest {
    IngestArticleRequest {
        content: Some(khabar::api::ingest_article_request::Content::Text(
            text.to_string(),
        )),
        published,
        outlet: "راديو سوا".into(),
        ..IngestArticleRequest::default()
    }
}
