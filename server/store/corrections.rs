//! User corrections to the registry: merge two entities, split an alias off, rename. Each is
//! logged in `corrections` and takes effect through what resolution reads (`redirects`,
//! `alias_pins`, the name locks on the entity), so it still holds when an article is ingested
//! again. Merge and split re-link the articles concerned, which moves their facts.
use super::batch::Batch;
use super::keys::{self, ArticleId, EntityId, T};
use super::records::{Correction, EntityRecord};
use super::{encode, registry, write, Store, StoreError};
use crate::extract::arabic::normalize;

fn not_found(id: EntityId) -> StoreError {
    StoreError::NotFound {
        what: "entity",
        id: id.to_string(),
    }
}

fn log(batch: &mut Batch<'_>, c: &Correction) -> Result<(), StoreError> {
    let seq = match batch.get(T::Meta, keys::NEXT_CORRECTION)? {
        Some(v) => u64::from_be_bytes(v.as_slice().try_into().unwrap_or([0; 8])),
        None => 0,
    };
    batch.put(
        T::Meta,
        keys::NEXT_CORRECTION,
        (seq + 1).to_be_bytes().to_vec(),
    );
    batch.put(T::Corrections, seq.to_be_bytes().to_vec(), encode(c));
    tracing::info!(correction = ?c, "registry correction");
    Ok(())
}

/// The articles that mention entity `id` (from `article_by_entity`).
fn articles_of(batch: &Batch<'_>, id: EntityId) -> Result<Vec<ArticleId>, StoreError> {
    let prefix = id.key();
    let mut out = Vec::new();
    for k in batch.keys_with_prefix(T::ArticleByEntity, &prefix)? {
        if let Some(a) = k.get(12..).and_then(ArticleId::from_key) {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

impl Store {
    /// Merges `source` into `target`: the source's names, roles and facts move to the target,
    /// and its id keeps answering (it redirects to the target).
    pub fn merge_entities(
        &self,
        target: EntityId,
        source: EntityId,
    ) -> Result<EntityRecord, StoreError> {
        self.write(|batch| {
            let target = registry::follow(batch, target)?;
            let source = registry::follow(batch, source)?;
            let t = batch.entity(target)?.ok_or_else(|| not_found(target))?;
            let s = batch.entity(source)?.ok_or_else(|| not_found(source))?;
            if target == source {
                return Err(StoreError::Invalid {
                    field: "source_id",
                    message: "an entity cannot be merged into itself".into(),
                });
            }
            log(
                batch,
                &Correction::Merge {
                    target: t.id,
                    source: s.id,
                },
            )?;
            batch.put(T::Redirects, source.key().to_vec(), target.key().to_vec());
            // names known only to the source stay known, now as the target's
            let mut t = t;
            for alias in s.aliases.keys() {
                t.aliases.entry(alias.clone()).or_insert(0);
            }
            batch.put_entity(t)?;
            for a in articles_of(batch, source)? {
                write::relink(batch, a)?;
            }
            batch.remove_entity(source)?;
            batch.entity(target)?.ok_or_else(|| not_found(target))
        })
    }

    /// Splits `alias` off `entity` into a new entity; articles that name the entity by that alias
    /// move to the new one. Returns (original, new).
    pub fn split_alias(
        &self,
        entity: EntityId,
        alias: &str,
    ) -> Result<(EntityRecord, EntityRecord), StoreError> {
        self.write(|batch| {
            let entity = registry::follow(batch, entity)?;
            let mut rec = batch.entity(entity)?.ok_or_else(|| not_found(entity))?;
            let norm = normalize(alias);
            let Some(written) = rec.aliases.keys().find(|a| normalize(a) == norm).cloned() else {
                return Err(StoreError::Invalid {
                    field: "alias",
                    message: format!("{entity} has no alias {alias:?}"),
                });
            };
            if rec.aliases.len() < 2 {
                return Err(StoreError::Invalid {
                    field: "alias",
                    message: format!("{alias:?} is the only name of {entity}"),
                });
            }
            let new_id = batch.new_entity_id()?;
            log(
                batch,
                &Correction::Split {
                    entity: entity.0,
                    alias: written.clone(),
                    new_entity: new_id.0,
                },
            )?;
            let mut split = EntityRecord {
                id: new_id.0,
                kind: rec.kind,
                name: written.clone(),
                ..EntityRecord::default()
            };
            split.aliases.insert(written.clone(), 0);
            batch.put_entity(split)?;
            batch.put(
                T::AliasPins,
                norm.as_bytes().to_vec(),
                new_id.key().to_vec(),
            );
            rec.aliases.retain(|a, _| normalize(a) != norm);
            if normalize(&rec.name) == norm {
                rec.name = registry::canonical_name(&rec)
                    .or_else(|| rec.aliases.keys().next().cloned())
                    .unwrap_or_default();
            }
            batch.put_entity(rec)?;
            for a in articles_of(batch, entity)? {
                write::relink(batch, a)?;
            }
            let original = batch.entity(entity)?.ok_or_else(|| not_found(entity))?;
            let split = batch.entity(new_id)?.ok_or_else(|| not_found(new_id))?;
            Ok((original, split))
        })
    }

    /// Sets the canonical Arabic name and/or the Latin-script name; they are then the user's and
    /// no longer recomputed from the aliases.
    pub fn update_entity(
        &self,
        entity: EntityId,
        name: Option<&str>,
        latin_name: Option<&str>,
    ) -> Result<EntityRecord, StoreError> {
        self.write(|batch| {
            let entity = registry::follow(batch, entity)?;
            let mut rec = batch.entity(entity)?.ok_or_else(|| not_found(entity))?;
            log(
                batch,
                &Correction::Update {
                    entity: entity.0,
                    name: name.map(String::from),
                    latin_name: latin_name.map(String::from),
                },
            )?;
            if let Some(n) = name {
                rec.name = n.trim().to_string();
                rec.name_locked = true;
                rec.aliases.entry(rec.name.clone()).or_insert(0);
            }
            if let Some(l) = latin_name {
                rec.latin_name = Some(l.trim().to_string());
                rec.latin_locked = true;
            }
            batch.put_entity(rec.clone())?;
            Ok(rec)
        })
    }
}
