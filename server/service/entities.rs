//! EntityService: the registry, listed and corrected.
use tonic::{Request, Response, Status};

use super::convert::{self, enum_filter, text_filter};
use super::paging::PageStart;
use super::Khabar;
use crate::api::{self as pb, entity_service_server::EntityService};
use crate::store::{EntityQuery, Store};

#[tonic::async_trait]
impl EntityService for Khabar {
    async fn list_entities(
        &self,
        request: Request<pb::ListEntitiesRequest>,
    ) -> Result<Response<pb::ListEntitiesResponse>, Status> {
        let r = request.into_inner();
        let start = PageStart::of(&r)?;
        let query = EntityQuery {
            kind: enum_filter("kind", r.kind, 6)?,
            name_prefix: text_filter(&r.name_prefix),
        };
        let (entities, next_page_token) = self
            .list_page(start, query, Store::list_entities, |e| convert::entity(&e))
            .await?;
        Ok(Response::new(pb::ListEntitiesResponse {
            entities,
            next_page_token,
        }))
    }

    async fn get_entity(
        &self,
        request: Request<pb::GetEntityRequest>,
    ) -> Result<Response<pb::GetEntityResponse>, Status> {
        let id = convert::entity_id("id", &request.get_ref().id)?;
        let e = self.read(true, move |s| s.get_entity(id)).await?;
        Ok(Response::new(pb::GetEntityResponse {
            entity: Some(convert::entity(&e)),
        }))
    }

    async fn merge_entities(
        &self,
        request: Request<pb::MergeEntitiesRequest>,
    ) -> Result<Response<pb::MergeEntitiesResponse>, Status> {
        let r = request.get_ref();
        let target = convert::entity_id("target_id", &r.target_id)?;
        let source = convert::entity_id("source_id", &r.source_id)?;
        let e = self
            .blocking(move |s| s.merge_entities(target, source))
            .await?;
        Ok(Response::new(pb::MergeEntitiesResponse {
            entity: Some(convert::entity(&e)),
        }))
    }

    async fn split_alias(
        &self,
        request: Request<pb::SplitAliasRequest>,
    ) -> Result<Response<pb::SplitAliasResponse>, Status> {
        let r = request.into_inner();
        let id = convert::entity_id("entity_id", &r.entity_id)?;
        let alias =
            text_filter(&r.alias).ok_or_else(|| super::error::invalid("alias", "missing"))?;
        let (original, split) = self.blocking(move |s| s.split_alias(id, &alias)).await?;
        Ok(Response::new(pb::SplitAliasResponse {
            original: Some(convert::entity(&original)),
            split: Some(convert::entity(&split)),
        }))
    }

    async fn update_entity(
        &self,
        request: Request<pb::UpdateEntityRequest>,
    ) -> Result<Response<pb::UpdateEntityResponse>, Status> {
        let r = request.into_inner();
        let id = convert::entity_id("id", &r.id)?;
        let name = text_filter(&r.name);
        let latin = text_filter(&r.latin_name);
        if name.is_none() && latin.is_none() {
            return Err(super::error::invalid(
                "name",
                "give a name and/or a latin_name to set",
            ));
        }
        let e = self
            .blocking(move |s| s.update_entity(id, name.as_deref(), latin.as_deref()))
            .await?;
        Ok(Response::new(pb::UpdateEntityResponse {
            entity: Some(convert::entity(&e)),
        }))
    }
}
