//! QuoteService and MeetingService: filtered, paged lists and lookups by id.
use tonic::{Request, Response, Status};

use super::convert::{self, enum_filter, text_filter};
use super::paging::PageStart;
use super::Khabar;
use crate::api::{
    self as pb, meeting_service_server::MeetingService, quote_service_server::QuoteService,
};
use crate::store::{FactKind, MeetingQuery, QuoteQuery, Store};

/// An optional article id filter.
fn article_filter(s: &str) -> Result<Option<crate::store::ArticleId>, Status> {
    match text_filter(s) {
        Some(s) => convert::article_id("article_id", &s).map(Some),
        None => Ok(None),
    }
}

/// The `from_date`..`to_date` range that quote and meeting lists filter on.
fn fact_dates(
    from: Option<&pb::PartialDate>,
    to: Option<&pb::PartialDate>,
) -> Result<crate::store::DateRange, Status> {
    convert::date_range("from_date", from, "to_date", to)
}

#[tonic::async_trait]
impl QuoteService for Khabar {
    async fn list_quotes(
        &self,
        request: Request<pb::ListQuotesRequest>,
    ) -> Result<Response<pb::ListQuotesResponse>, Status> {
        let r = request.into_inner();
        let start = PageStart::of(&r)?;
        let query = QuoteQuery {
            speaker: text_filter(&r.speaker),
            dates: fact_dates(r.from_date.as_ref(), r.to_date.as_ref())?,
            article: article_filter(&r.article_id)?,
            kind: enum_filter("kind", r.kind, 3)?,
            contains: text_filter(&r.contains),
        };
        let (quotes, next_page_token) = self
            .list_page(start, query, Store::list_quotes, convert::into_quote)
            .await?;
        Ok(Response::new(pb::ListQuotesResponse {
            quotes,
            next_page_token,
        }))
    }

    async fn get_quote(
        &self,
        request: Request<pb::GetQuoteRequest>,
    ) -> Result<Response<pb::GetQuoteResponse>, Status> {
        let id = convert::fact_id("id", &request.get_ref().id, FactKind::Quote)?;
        // converted on the thread that read it (see `Khabar::list_page`)
        let quote = self
            .read(true, move |s| s.get_quote(id).map(convert::into_quote))
            .await?;
        Ok(Response::new(pb::GetQuoteResponse { quote: Some(quote) }))
    }
}

#[tonic::async_trait]
impl MeetingService for Khabar {
    async fn list_meetings(
        &self,
        request: Request<pb::ListMeetingsRequest>,
    ) -> Result<Response<pb::ListMeetingsResponse>, Status> {
        let r = request.into_inner();
        let start = PageStart::of(&r)?;
        let query = MeetingQuery {
            dates: fact_dates(r.from_date.as_ref(), r.to_date.as_ref())?,
            participant: text_filter(&r.participant),
            place: text_filter(&r.place),
            status: enum_filter("status", r.status, 3)?,
            kind: enum_filter("kind", r.kind, 7)?,
            article: article_filter(&r.article_id)?,
        };
        let (meetings, next_page_token) = self
            .list_page(start, query, Store::list_meetings, convert::into_meeting)
            .await?;
        Ok(Response::new(pb::ListMeetingsResponse {
            meetings,
            next_page_token,
        }))
    }

    async fn get_meeting(
        &self,
        request: Request<pb::GetMeetingRequest>,
    ) -> Result<Response<pb::GetMeetingResponse>, Status> {
        let id = convert::fact_id("id", &request.get_ref().id, FactKind::Meeting)?;
        let meeting = self
            .read(true, move |s| s.get_meeting(id).map(convert::into_meeting))
            .await?;
        Ok(Response::new(pb::GetMeetingResponse {
            meeting: Some(meeting),
        }))
    }
}
