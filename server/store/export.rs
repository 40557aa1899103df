//! Export and import of a whole store as JSON Lines: the portable backup, and the way to carry a
//! store across format versions or to a new build of the extractor.
//!
//! What is exported is what cannot be recomputed: every article's raw text with its publication
//! data, and the registry as users shaped it (every entity's id, names and locks, merge
//! redirects, split pins and the log of corrections). Facts and index entries are not exported:
//! import re-extracts every article, so an import with a newer extractor gives that extractor's
//! facts. One JSON object per line, each with one key saying what it is:
//!
//! ```text
//! {"khabar_export":{"version":1,"format_version":2}}
//! {"entity":{"id":3,"kind":1,"name":"حسن روحاني","aliases":{"روحاني":4,..},"name_locked":false,..}}
//! {"redirect":{"from":9,"to":3}}
//! {"alias_pin":{"alias":"ظريف","entity":12}}
//! {"correction":{"Merge":{"target":3,"source":9}}}
//! {"next_entity_id":41}
//! {"article":{"id":"…32 hex…","raw":"…","published":"2014-11-27","source_url":"","outlet":"","language":"ar"}}
//! ```
//!
//! Import first restores the registry (entities keep their ids and user-set names; their counts
//! start at zero and are rebuilt by the articles), then ingests every article under its id, so
//! ids of articles, facts and entities survive the round trip and corrections keep holding.
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::keys::{self, ArticleId, EntityId, T};
use super::records::{ArticleRecord, Correction, EntityRecord};
use super::write::ArticleMeta;
use super::{decode, Store, StoreError};
use crate::extract::{self, Lang};

/// Version of the export layout (independent of the store's format version).
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub version: u32,
    pub format_version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redirect {
    pub from: u64,
    pub to: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasPin {
    pub alias: String,
    pub entity: u64,
}

/// An article as exported: what the caller gave, nothing derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedArticle {
    pub id: String,
    /// The text as ingested. For articles stored before raw texts were kept, the cleaned title
    /// and text (and `raw_is_cleaned` is set).
    pub raw: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw_is_cleaned: bool,
    /// `yyyy-mm-dd`, empty when not given.
    pub published: String,
    pub source_url: String,
    pub outlet: String,
    pub language: String,
}

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    KhabarExport(Header),
    Entity(EntityRecord),
    Redirect(Redirect),
    AliasPin(AliasPin),
    Correction(Correction),
    NextEntityId(u64),
    Article(ExportedArticle),
}

/// Counts of what an export or import carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Transfer {
    pub articles: u64,
    pub entities: u64,
    pub corrections: u64,
}

impl std::fmt::Display for Transfer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} articles, {} entities, {} corrections",
            self.articles, self.entities, self.corrections
        )
    }
}

/// Why an export or import failed.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {message}")]
    Bad { line: usize, message: String },
}

fn date_text(v: u32) -> String {
    match keys::date_from_value(v) {
        Some(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        None => String::new(),
    }
}

fn date_parse(s: &str) -> Option<Option<crate::extract::PartialDate>> {
    if s.is_empty() {
        return Some(None);
    }
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let date = crate::extract::PartialDate {
        year: y.parse().ok()?,
        month: m.parse().ok()?,
        day: d.parse().ok()?,
    };
    (keys::date_value(Some(date)) != 0).then_some(Some(date))
}

fn write_line(out: &mut impl Write, line: &Line) -> Result<(), TransferError> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    Ok(())
}

impl Store {
    /// Writes the whole store to `out` as JSON Lines (see the module docs), in key order, so two
    /// stores with the same content export byte for byte the same.
    pub fn export(&self, out: &mut impl Write) -> Result<Transfer, TransferError> {
        let mut n = Transfer::default();
        write_line(
            out,
            &Line::KhabarExport(Header {
                version: EXPORT_VERSION,
                format_version: super::format::FORMAT_VERSION,
            }),
        )?;
        for kv in self.tree(T::Entities).iter() {
            let (_, v) = kv.map_err(StoreError::from)?;
            let mut e: EntityRecord = decode(T::Entities, &v)?;
            // roles are kept in the order articles first brought them, which an import (in id
            // order) does not reproduce: exported in a canonical order instead
            e.roles
                .sort_by(|a, b| (a.first_seen, &a.role).cmp(&(b.first_seen, &b.role)));
            write_line(out, &Line::Entity(e))?;
            n.entities += 1;
        }
        for kv in self.tree(T::Redirects).iter() {
            let (k, v) = kv.map_err(StoreError::from)?;
            if let (Some(from), Some(to)) = (EntityId::from_key(&k), EntityId::from_key(&v)) {
                write_line(
                    out,
                    &Line::Redirect(Redirect {
                        from: from.0,
                        to: to.0,
                    }),
                )?;
            }
        }
        for kv in self.tree(T::AliasPins).iter() {
            let (k, v) = kv.map_err(StoreError::from)?;
            if let Some(to) = EntityId::from_key(&v) {
                let alias = String::from_utf8_lossy(&k).into_owned();
                write_line(
                    out,
                    &Line::AliasPin(AliasPin {
                        alias,
                        entity: to.0,
                    }),
                )?;
            }
        }
        for kv in self.tree(T::Corrections).iter() {
            let (_, v) = kv.map_err(StoreError::from)?;
            let c: Correction = decode(T::Corrections, &v)?;
            write_line(out, &Line::Correction(c))?;
            n.corrections += 1;
        }
        if let Some(v) = self
            .tree(T::Meta)
            .get(keys::NEXT_ENTITY_ID)
            .map_err(StoreError::from)?
        {
            if let Ok(b) = <[u8; 8]>::try_from(v.as_ref()) {
                write_line(out, &Line::NextEntityId(u64::from_be_bytes(b)))?;
            }
        }
        for kv in self.tree(T::Articles).iter() {
            let (_, v) = kv.map_err(StoreError::from)?;
            let a: ArticleRecord = decode(T::Articles, &v)?;
            let (raw, raw_is_cleaned) = if a.raw.is_empty() {
                let title = a.title.as_deref().unwrap_or_default();
                (format!("{title}\n\n{}", a.text).trim().to_string(), true)
            } else {
                (a.raw.clone(), false)
            };
            write_line(
                out,
                &Line::Article(ExportedArticle {
                    id: a.id.clone(),
                    raw,
                    raw_is_cleaned,
                    published: date_text(a.published),
                    source_url: a.source_url.clone(),
                    outlet: a.outlet.clone(),
                    language: a.language.clone(),
                }),
            )?;
            n.articles += 1;
        }
        out.flush()?;
        Ok(n)
    }

    /// Rebuilds a store from an export: restores the registry, then re-extracts and stores every
    /// article under its exported id. The store must hold no articles and no entities (import
    /// into a new data directory). `progress` is called after each article.
    pub fn import(
        &self,
        input: impl BufRead,
        mut progress: impl FnMut(&Transfer),
    ) -> Result<Transfer, TransferError> {
        if !self.tree(T::Articles).is_empty() || !self.tree(T::Entities).is_empty() {
            return Err(StoreError::Invalid {
                field: "data_dir",
                message: "import needs an empty store (a new data directory)".into(),
            }
            .into());
        }
        let mut n = Transfer::default();
        let mut registry: Vec<Line> = Vec::new();
        let mut seen_header = false;
        for (i, line) in input.lines().enumerate() {
            let line_no = i + 1;
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| TransferError::Bad {
                line: line_no,
                message,
            };
            let parsed: Line = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
            match parsed {
                Line::KhabarExport(h) => {
                    if h.version > EXPORT_VERSION {
                        return Err(bad(format!(
                            "export version {} is newer than this build reads ({EXPORT_VERSION})",
                            h.version
                        )));
                    }
                    seen_header = true;
                }
                _ if !seen_header => {
                    return Err(bad("not a khabar export (no header line first)".into()))
                }
                Line::Article(a) => {
                    if !registry.is_empty() {
                        n = self.restore_registry(std::mem::take(&mut registry), n)?;
                    }
                    self.import_article(&a).map_err(|e| match e {
                        TransferError::Store(StoreError::Invalid { field, message }) => {
                            bad(format!("{field}: {message}"))
                        }
                        e => e,
                    })?;
                    n.articles += 1;
                    progress(&n);
                }
                other => {
                    if n.articles > 0 {
                        return Err(bad("registry lines must come before the articles".into()));
                    }
                    registry.push(other);
                }
            }
        }
        if !registry.is_empty() {
            n = self.restore_registry(registry, n)?;
        }
        self.flush()?;
        Ok(n)
    }

    /// Writes the exported registry: entities with their ids, names and locks but no counts
    /// (the articles bring those back), redirects, pins, the corrections log, the id counter.
    fn restore_registry(&self, lines: Vec<Line>, mut n: Transfer) -> Result<Transfer, StoreError> {
        self.write(|batch| {
            let mut seq = 0u64;
            for line in lines {
                match line {
                    Line::Entity(e) => {
                        let skeleton = EntityRecord {
                            aliases: e.aliases.keys().map(|a| (a.clone(), 0)).collect(),
                            roles: Vec::new(),
                            quote_count: 0,
                            meeting_count: 0,
                            article_count: 0,
                            ..e
                        };
                        batch.put_entity(skeleton)?;
                        n.entities += 1;
                    }
                    Line::Redirect(r) => batch.put(
                        T::Redirects,
                        EntityId(r.from).key().to_vec(),
                        EntityId(r.to).key().to_vec(),
                    ),
                    Line::AliasPin(p) => batch.put(
                        T::AliasPins,
                        p.alias.into_bytes(),
                        EntityId(p.entity).key().to_vec(),
                    ),
                    Line::Correction(c) => {
                        batch.put(
                            T::Corrections,
                            seq.to_be_bytes().to_vec(),
                            super::encode(&c),
                        );
                        seq += 1;
                        n.corrections += 1;
                    }
                    Line::NextEntityId(next) => {
                        batch.put(T::Meta, keys::NEXT_ENTITY_ID, next.to_be_bytes().to_vec())
                    }
                    Line::KhabarExport(_) | Line::Article(_) => {}
                }
            }
            if seq > 0 {
                batch.put(T::Meta, keys::NEXT_CORRECTION, seq.to_be_bytes().to_vec());
            }
            Ok(n)
        })
    }

    fn import_article(&self, a: &ExportedArticle) -> Result<(), TransferError> {
        let invalid = |message: String| StoreError::Invalid {
            field: "article",
            message,
        };
        let id = ArticleId::parse(&a.id).ok_or_else(|| invalid(format!("bad id {:?}", a.id)))?;
        if !a.raw_is_cleaned && ArticleId::of_text(&a.raw) != id {
            return Err(invalid(format!("id {} does not match its raw text", a.id)).into());
        }
        let published = date_parse(&a.published)
            .ok_or_else(|| invalid(format!("bad date {:?}", a.published)))?;
        let meta = ArticleMeta {
            published,
            source_url: a.source_url.clone(),
            outlet: a.outlet.clone(),
            language: a.language.clone(),
        };
        let mut x = extract::extract(&a.raw, published.and_then(|d| d.to_naive()), Lang::Arabic);
        if a.raw_is_cleaned {
            // keep what the export had, not a second cleaning of it
            x.raw = String::new();
        }
        self.ingest(id, &meta, &x)?;
        Ok(())
    }
}
