//! Page tokens and sizes. A token is the store's cursor (the last index entry returned) behind a
//! fingerprint of the request's filters, base64url-encoded: opaque to clients, and a token used
//! with other filters is refused rather than silently giving a wrong page.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use prost::Message;
use sha2::{Digest, Sha256};
use tonic::Status;

use super::error::invalid;
use super::Khabar;
use crate::api as pb;
use crate::store::{ArticleQuery, EntityQuery, MeetingQuery, Page, QuoteQuery, Store, StoreError};

const VERSION: u8 = 1;
/// Page size when the request gives none.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest page served; larger requests are capped.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The page size asked for: default for 0, capped at [`MAX_PAGE_SIZE`], refused when negative.
pub fn page_size(requested: i32) -> Result<usize, Status> {
    match requested {
        n if n < 0 => Err(invalid("page_size", format!("{n} is negative"))),
        0 => Ok(DEFAULT_PAGE_SIZE),
        n => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

/// A list request: its paging fields, which its filters' fingerprint leaves out.
pub trait ListRequest: Message + Clone {
    /// The request's `page_size` and `page_token`.
    fn paging_fields(&mut self) -> (&mut i32, &mut String);
}

macro_rules! list_requests {
    ($($request:ty),+) => {$(
        impl ListRequest for $request {
            fn paging_fields(&mut self) -> (&mut i32, &mut String) {
                (&mut self.page_size, &mut self.page_token)
            }
        }
    )+};
}

list_requests!(
    pb::ListArticlesRequest,
    pb::ListQuotesRequest,
    pb::ListMeetingsRequest,
    pb::ListEntitiesRequest
);

/// A list RPC's store query: whether its index walk reads only answers, which makes a page's
/// cost bounded by its size ([`Khabar::read`]).
pub trait ListQuery: Send + 'static {
    fn walks_only_answers(&self) -> bool;
}

impl ListQuery for QuoteQuery {
    fn walks_only_answers(&self) -> bool {
        QuoteQuery::walks_only_answers(self)
    }
}

impl ListQuery for MeetingQuery {
    fn walks_only_answers(&self) -> bool {
        MeetingQuery::walks_only_answers(self)
    }
}

impl ListQuery for ArticleQuery {
    fn walks_only_answers(&self) -> bool {
        ArticleQuery::walks_only_answers(self)
    }
}

impl ListQuery for EntityQuery {
    /// Passes over entities no article mentions any more, and over a name's other matches.
    fn walks_only_answers(&self) -> bool {
        false
    }
}

/// Where a list request's page starts: its size and store cursor, checked, and the fingerprint of
/// the request's filters that the next page's token carries.
#[derive(Debug, Clone)]
pub struct PageStart {
    limit: usize,
    cursor: Option<Vec<u8>>,
    fingerprint: [u8; 8],
}

impl PageStart {
    /// The page a request asks for: its page size first, then its token (against its filters).
    pub fn of<R: ListRequest>(request: &R) -> Result<Self, Status> {
        let mut filters = request.clone();
        let (size, token) = filters.paging_fields();
        let limit = page_size(*size)?;
        let token = std::mem::take(token);
        *size = 0;
        let fingerprint = fingerprint(&filters);
        let cursor = decode(&token, fingerprint)?;
        Ok(PageStart {
            limit,
            cursor,
            fingerprint,
        })
    }
}

impl Khabar {
    /// One page of a list RPC: `list` runs on the store with the query and the page's size and
    /// cursor; answers the items as messages (`to_message`, which takes each item by value so
    /// that its texts move into the message rather than being copied) and the next page's token.
    ///
    /// A page of at most [`SHORT_READ_PAGE`](super::SHORT_READ_PAGE) of a walk that reads only
    /// answers runs on this thread, any other on the blocking pool ([`Khabar::read`]). Either
    /// way the items become messages on the thread that read them, so the records are freed by
    /// the thread that allocated them: freeing a page of records on another thread cost more in
    /// the allocator than building the messages (malloc_consolidate under load).
    pub(super) async fn list_page<Q, T, M>(
        &self,
        start: PageStart,
        query: Q,
        list: impl FnOnce(&Store, &Q, usize, Option<&[u8]>) -> Result<Page<T>, StoreError>
            + Send
            + 'static,
        to_message: impl Fn(T) -> M + Send + 'static,
    ) -> Result<(Vec<M>, String), Status>
    where
        Q: ListQuery,
        M: Send + 'static,
    {
        let PageStart {
            limit,
            cursor,
            fingerprint,
        } = start;
        let short = limit <= super::SHORT_READ_PAGE && query.walks_only_answers();
        let (items, next) = self
            .read(short, move |s| {
                let page = list(s, &query, limit, cursor.as_deref())?;
                let items: Vec<M> = page.items.into_iter().map(to_message).collect();
                Ok((items, page.next))
            })
            .await?;
        Ok((items, encode(next, fingerprint)))
    }
}

/// A fingerprint of a request's filters: the request encoded with its paging fields cleared.
fn fingerprint<M: Message>(filters: &M) -> [u8; 8] {
    // the request type too: two RPCs' requests with no filters encode alike, and one's token
    // must not page the other
    let digest = Sha256::new()
        .chain_update(std::any::type_name::<M>())
        .chain_update(filters.encode_to_vec())
        .finalize();
    let mut f = [0u8; 8];
    f.copy_from_slice(&digest[..8]);
    f
}

/// The store cursor in `token` (`None` for the first page).
pub fn decode(token: &str, fingerprint: [u8; 8]) -> Result<Option<Vec<u8>>, Status> {
    if token.is_empty() {
        return Ok(None);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(token.trim())
        .map_err(|_| invalid("page_token", "not a token this server issued"))?;
    match bytes.split_first() {
        Some((&VERSION, rest)) if rest.len() > 8 => {
            if rest[..8] != fingerprint {
                return Err(invalid(
                    "page_token",
                    "was issued for a request with other filters",
                ));
            }
            Ok(Some(rest[8..].to_vec()))
        }
        _ => Err(invalid("page_token", "not a token this server issued")),
    }
}

/// The token of the next page (empty on the last page).
pub fn encode(cursor: Option<Vec<u8>>, fingerprint: [u8; 8]) -> String {
    match cursor {
        None => String::new(),
        Some(c) => {
            let mut bytes = vec![VERSION];
            bytes.extend_from_slice(&fingerprint);
            bytes.extend_from_slice(&c);
            URL_SAFE_NO_PAD.encode(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes() {
        // (requested, served)
        for (req, want) in [(0, Some(50)), (7, Some(7)), (5000, Some(1000)), (-1, None)] {
            assert_eq!(page_size(req).ok(), want, "{req}");
        }
    }

    #[test]
    fn tokens_round_trip_and_refuse_garbage() {
        let f = [1u8; 8];
        let t = encode(Some(vec![9, 9, 9]), f);
        assert_eq!(decode(&t, f).unwrap(), Some(vec![9, 9, 9]));
        assert_eq!(encode(None, f), "");
        assert_eq!(decode("", f).unwrap(), None);
        for bad in ["!!!", "AAAA", &encode(Some(vec![1]), [2u8; 8])] {
            let e = decode(bad, f).unwrap_err();
            assert_eq!(e.code(), tonic::Code::InvalidArgument, "{bad}");
            assert!(e.message().starts_with("page_token: "), "{}", e.message());
        }
    }
}
