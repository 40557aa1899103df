//! One HTTP/2 channel to the server, and the four service clients over it.
use std::time::Duration;

use khabar::api::{
    article_service_client::ArticleServiceClient, entity_service_client::EntityServiceClient,
    meeting_service_client::MeetingServiceClient, quote_service_client::QuoteServiceClient,
};
use tonic::transport::{Channel, Endpoint};

use crate::error::{error_chain, CliError};

/// Pages of articles carry full texts; the default 4 MiB limit is too small for big pages.
const MAX_MESSAGE: usize = 256 << 20;

/// A connected server.
pub struct Api {
    pub url: String,
    channel: Channel,
}

impl Api {
    /// Connects now, so an unreachable server is reported before any work starts. `server` may
    /// omit the scheme (`127.0.0.1:50051`).
    pub async fn connect(server: &str) -> Result<Api, CliError> {
        let url = if server.contains("://") {
            server.to_string()
        } else {
            format!("http://{server}")
        };
        let endpoint = Endpoint::from_shared(url.clone())
            .map_err(|e| CliError::usage(format!("--server: invalid URL {url:?}: {e}")))?
            .connect_timeout(Duration::from_secs(10));
        let channel = endpoint
            .connect()
            .await
            .map_err(|e| CliError::Unreachable {
                url: url.clone(),
                detail: error_chain(&e),
            })?;
        Ok(Api { url, channel })
    }

    pub fn articles(&self) -> ArticleServiceClient<Channel> {
        ArticleServiceClient::new(self.channel.clone())
            .max_decoding_message_size(MAX_MESSAGE)
            .max_encoding_message_size(MAX_MESSAGE)
    }

    pub fn quotes(&self) -> QuoteServiceClient<Channel> {
        QuoteServiceClient::new(self.channel.clone()).max_decoding_message_size(MAX_MESSAGE)
    }

    pub fn meetings(&self) -> MeetingServiceClient<Channel> {
        MeetingServiceClient::new(self.channel.clone()).max_decoding_message_size(MAX_MESSAGE)
    }

    pub fn entities(&self) -> EntityServiceClient<Channel> {
        EntityServiceClient::new(self.channel.clone()).max_decoding_message_size(MAX_MESSAGE)
    }

    /// Maps a failed call's status to the error the user sees.
    pub fn err(&self, status: tonic::Status) -> CliError {
        CliError::from_status(status, &self.url)
    }
}
