//! Entity summaries: what a quote, meeting or article shows of each entity it names (id, kind,
//! canonical name, Latin name, and the names it goes by, without counts), kept in the
//! `entity_summaries` tree beside the full [`EntityRecord`].
//!
//! Why: a page of facts names dozens of entities, and decoding each one's full record (every
//! alias, role and counter) cost more than the rest of the answer. The names stay in: a reader
//! of a fact (and the evaluation) matches a speaker by any name the entity is known by. Roles and
//! counters, which change with every article, are GetEntity's.
//!
//! Correctness: [`Batch::finish`](super::batch::Batch) writes an entity's summary in the same
//! transaction as its record, and removes it with the record, so a summary is never older than
//! its record: merges, splits and UpdateEntity show up in the next answer. A merged-away entity
//! has no summary (its record is gone); readers then follow its redirect. Stores written before
//! summaries were kept have none, and readers fall back to the full record.
use super::keys::TREE_NAMES;
use super::records::EntityRecord;
use super::StoreError;

/// An entity as facts and articles show it; the full entity is [`EntityRecord`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntitySummary {
    pub id: u64,
    /// [`EntityKind`](crate::extract::EntityKind) code.
    pub kind: u8,
    /// Canonical Arabic name.
    pub name: String,
    pub latin_name: Option<String>,
    /// The names the entity is known by (aliases with a mention left), in name order.
    pub aliases: Vec<String>,
}

/// Layout version, first byte of every summary: a reader meeting another version falls back to
/// the full record instead of misreading it.
const VERSION: u8 = 2;

impl EntitySummary {
    pub fn of(e: &EntityRecord) -> Self {
        EntitySummary {
            id: e.id,
            kind: e.kind,
            name: e.name.clone(),
            latin_name: e.latin_name.clone(),
            aliases: known_names(e).map(String::from).collect(),
        }
    }

    /// The stored form of `e`'s summary: version, kind, then the name and the Latin name, each
    /// a u32 big-endian byte length and UTF-8 bytes (the Latin name absent: length `u32::MAX`),
    /// then the number of aliases (u32 big-endian) and each alias as a text.
    pub fn encode(e: &EntityRecord) -> Vec<u8> {
        let latin = e.latin_name.as_deref();
        let mut out = Vec::with_capacity(2 + 8 + e.name.len() + latin.map_or(0, str::len));
        out.push(VERSION);
        out.push(e.kind);
        put_text(&mut out, Some(&e.name));
        put_text(&mut out, latin);
        let aliases: Vec<&str> = known_names(e).collect();
        let count = u32::try_from(aliases.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&count.to_be_bytes());
        for a in aliases.into_iter().take(count as usize) {
            put_text(&mut out, Some(a));
        }
        out
    }

    /// Reads the summary of entity `id`; `Ok(None)` for a layout this build does not know.
    pub fn decode(id: u64, bytes: &[u8]) -> Result<Option<Self>, StoreError> {
        let corrupt = |detail: &str| StoreError::Corrupt {
            tree: TREE_NAMES[super::keys::T::EntitySummaries as usize],
            detail: format!("e{id}: {detail}"),
        };
        match bytes.split_first() {
            Some((&VERSION, rest)) => {
                let (&kind, mut rest) = rest.split_first().ok_or_else(|| corrupt("no kind"))?;
                let name = take_text(&mut rest)
                    .map_err(corrupt)?
                    .ok_or_else(|| corrupt("no name"))?;
                let latin_name = take_text(&mut rest).map_err(corrupt)?;
                let (count, tail) = rest
                    .split_at_checked(4)
                    .ok_or_else(|| corrupt("no aliases"))?;
                let count =
                    u32::from_be_bytes(count.try_into().map_err(|_| corrupt("no aliases"))?);
                rest = tail;
                // every alias takes at least 4 bytes: a count above that is damage, not a guide
                // for the allocation
                let mut aliases = Vec::with_capacity((count as usize).min(rest.len() / 4));
                for _ in 0..count {
                    let alias = take_text(&mut rest)
                        .map_err(corrupt)?
                        .ok_or_else(|| corrupt("absent alias"))?;
                    aliases.push(alias);
                }
                if !rest.is_empty() {
                    return Err(corrupt("trailing bytes"));
                }
                Ok(Some(EntitySummary {
                    id,
                    kind,
                    name,
                    latin_name,
                    aliases,
                }))
            }
            Some(_) => Ok(None),
            None => Err(corrupt("empty")),
        }
    }
}

/// Whether `a` and `b` (two states of one entity) have different summaries: the writer rewrites
/// a summary only then, so the ingests that only move counters write no summary.
pub fn differs(a: &EntityRecord, b: &EntityRecord) -> bool {
    a.kind != b.kind
        || a.name != b.name
        || a.latin_name != b.latin_name
        || !known_names(a).eq(known_names(b))
}

/// The aliases an entity shows (a name whose count fell to 0 stays in the record, unshown), in
/// name order.
fn known_names(e: &EntityRecord) -> impl Iterator<Item = &str> {
    e.aliases
        .iter()
        .filter(|(_, &count)| count > 0)
        .map(|(name, _)| name.as_str())
}

const ABSENT: u32 = u32::MAX;

fn put_text(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        // names are far below 4 GiB; a longer one is cut rather than misread
        Some(t) => {
            let len = u32::try_from(t.len()).unwrap_or(ABSENT - 1);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&t.as_bytes()[..len as usize]);
        }
        None => out.extend_from_slice(&ABSENT.to_be_bytes()),
    }
}

fn take_text(rest: &mut &[u8]) -> Result<Option<String>, &'static str> {
    let (len, tail) = rest.split_at_checked(4).ok_or("short length")?;
    let len = u32::from_be_bytes(len.try_into().map_err(|_| "short length")?);
    if len == ABSENT {
        *rest = tail;
        return Ok(None);
    }
    let (text, tail) = tail
        .split_at_checked(len as usize)
        .ok_or("text longer than the value")?;
    let text = std::str::from_utf8(text).map_err(|_| "text is not UTF-8")?;
    *rest = tail;
    Ok(Some(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{
        ArticleEntity, EntityKind, ExtractedArticle, Meeting, Mention, PartialDate, Quote,
        QuoteKind,
    };
    use crate::store::{
        ArticleId, ArticleMeta, ArticleQuery, EntityId, MeetingQuery, QuoteQuery, Store,
    };

    fn record(name: &str, latin: Option<&str>, aliases: &[(&str, u64)]) -> EntityRecord {
        EntityRecord {
            id: 7,
            kind: 1,
            name: name.into(),
            latin_name: latin.map(String::from),
            aliases: aliases.iter().map(|&(a, n)| (a.to_string(), n)).collect(),
            ..EntityRecord::default()
        }
    }

    /// An article in which each of `people` (name, aliases) is quoted, and all of them meet.
    fn article(key: &str, people: &[(&str, &[&str])]) -> ExtractedArticle {
        let mut x = ExtractedArticle {
            text: key.to_string(),
            ..ExtractedArticle::default()
        };
        let day = Some(PartialDate {
            year: 2014,
            month: 11,
            day: 20,
        });
        for (i, (name, aliases)) in people.iter().enumerate() {
            x.mentions.push(Mention {
                name: name.to_string(),
                text: name.to_string(),
                kind: EntityKind::Person,
                entity: i,
                ..Mention::default()
            });
            let mut names = vec![(name.to_string(), 1)];
            names.extend(aliases.iter().map(|a| (a.to_string(), 1)));
            x.entities.push(ArticleEntity {
                kind: EntityKind::Person,
                name: name.to_string(),
                aliases: names,
                mentions: vec![i],
                ..ArticleEntity::default()
            });
            x.quotes.push(Quote {
                text: format!("{key} {i}"),
                kind: QuoteKind::Direct,
                speaker: Some(i),
                date: day,
                ..Quote::default()
            });
        }
        x.meetings.push(Meeting {
            evidence: key.to_string(),
            participants: (0..people.len()).collect(),
            date: day,
            ..Meeting::default()
        });
        x
    }

    /// Every entity a quote, meeting or article of the store shows, as it shows it.
    fn shown(store: &Store) -> Vec<std::sync::Arc<EntitySummary>> {
        let mut out = Vec::new();
        for q in store
            .list_quotes(&QuoteQuery::default(), 1000, None)
            .unwrap()
            .items
        {
            out.extend(q.speaker);
        }
        for m in store
            .list_meetings(&MeetingQuery::default(), 1000, None)
            .unwrap()
            .items
        {
            out.extend(m.participants);
            out.extend(m.place);
        }
        for a in store
            .list_articles(&ArticleQuery::default(), 1000, None)
            .unwrap()
            .items
        {
            let got = store.get_article(ArticleId::parse(&a.article.id).unwrap());
            assert_eq!(got.unwrap().entities, a.entities);
            out.extend(a.entities);
        }
        out
    }

    /// Every shown entity is what GetEntity says it is, right now.
    fn assert_fresh(store: &Store, step: &str) {
        let shown = shown(store);
        assert!(!shown.is_empty(), "{step}");
        for s in shown {
            let full = store.get_entity(EntityId(s.id)).unwrap();
            assert_eq!(*s, EntitySummary::of(&full), "{step}");
        }
    }

    #[test]
    fn answers_show_entities_as_they_are_after_every_correction() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("db")).unwrap();
        let meta = ArticleMeta::default();
        let (a, b) = (ArticleId::of_text("a"), ArticleId::of_text("b"));
        let kerry: (&str, &[&str]) = ("جون كيري", &["كيري"]);
        store
            .ingest(a, &meta, &article("a", &[kerry, ("سيرغي لافروف", &[])]))
            .unwrap();
        store
            .ingest(b, &meta, &article("b", &[("سيرجي لافروف", &[]), kerry]))
            .unwrap();
        assert_fresh(&store, "ingested");
        let id = |name: &str| store.lookup_entities(name).unwrap()[0];
        let (lavrov_a, lavrov_b) = (id("سيرغي لافروف"), id("سيرجي لافروف"));
        assert_ne!(lavrov_a, lavrov_b);

        store
            .update_entity(id("جون كيري"), Some("جون فوربس كيري"), Some("John Kerry"))
            .unwrap();
        assert_fresh(&store, "updated");
        assert!(shown(&store).iter().any(|s| s.name == "جون فوربس كيري"));

        store.merge_entities(lavrov_a, lavrov_b).unwrap();
        assert_fresh(&store, "merged");
        let shown_ids: Vec<u64> = shown(&store).iter().map(|s| s.id).collect();
        assert!(!shown_ids.contains(&lavrov_b.0), "merged away");
        assert!(store
            .raw_value("entity_summaries", &lavrov_b.key())
            .unwrap()
            .is_none());

        store.split_alias(lavrov_a, "سيرجي لافروف").unwrap();
        assert_fresh(&store, "split");

        // a store written before summaries were kept answers the same from the full records
        let before = shown(&store);
        for k in store.raw_keys("entity_summaries").unwrap() {
            store.tamper("entity_summaries", &k, None).unwrap();
        }
        assert_eq!(shown(&store), before);
        // and a rename writes the summary again
        store
            .update_entity(id("جون فوربس كيري"), None, Some("J. Kerry"))
            .unwrap();
        assert_fresh(&store, "renamed in a store without summaries");
        assert_eq!(store.raw_keys("entity_summaries").unwrap().len(), 1);
    }

    #[test]
    fn summaries_round_trip() {
        /// (name, latin name, aliases with counts, aliases shown)
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            &'a [(&'a str, u64)],
            &'a [&'a str],
        );
        let cases: [Case<'_>; 4] = [
            (
                "محمد جواد ظريف",
                Some("Mohammad Javad Zarif"),
                &[("ظريف", 3), ("محمد جواد ظريف", 2), ("جواد ظريف", 0)],
                &["ظريف", "محمد جواد ظريف"],
            ),
            ("جون كيري", None, &[("كيري", 1)], &["كيري"]),
            ("", Some(""), &[("", 1)], &[""]),
            ("", None, &[], &[]),
        ];
        for (name, latin, aliases, shown) in cases {
            let e = record(name, latin, aliases);
            let got = EntitySummary::decode(7, &EntitySummary::encode(&e)).unwrap();
            assert_eq!(got, Some(EntitySummary::of(&e)), "{name:?} {latin:?}");
            assert_eq!(EntitySummary::of(&e).aliases, shown, "{name:?}");
        }
    }

    #[test]
    fn damaged_summaries_are_errors_and_other_layouts_are_unknown() {
        let good = EntitySummary::encode(&record("جون كيري", Some("John Kerry"), &[("كيري", 2)]));
        let max = u32::MAX;
        // (bytes, Ok(known layout) or Err)
        let mut cases: Vec<(Vec<u8>, Result<bool, ()>)> = vec![
            (good.clone(), Ok(true)),
            (vec![], Err(())),
            (vec![VERSION], Err(())),
            (vec![VERSION, 1, 0, 0], Err(())),
            (vec![VERSION, 1, 0, 0, 0, 9, b'a'], Err(())),
            (
                vec![VERSION, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff],
                Err(()),
            ),
            (vec![VERSION + 1, 1, 2, 3], Ok(false)),
            (vec![1, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], Ok(false)),
            (
                [
                    &[VERSION, 1, 0, 0, 0, 0][..],
                    &max.to_be_bytes(),
                    &max.to_be_bytes(),
                ]
                .concat(),
                Err(()),
            ),
            (
                [
                    &[VERSION, 1, 0, 0, 0, 0][..],
                    &max.to_be_bytes(),
                    &[0, 0, 0, 1],
                    &max.to_be_bytes(),
                ]
                .concat(),
                Err(()),
            ),
        ];
        let mut trailing = good.clone();
        trailing.push(0);
        cases.push((trailing, Err(())));
        for n in 0..good.len() {
            cases.push((good[..n].to_vec(), Err(())));
        }
        for (bytes, want) in cases {
            let got = EntitySummary::decode(7, &bytes);
            match want {
                Ok(known) => assert_eq!(got.unwrap().is_some(), known, "{bytes:?}"),
                Err(()) => assert!(got.is_err(), "{bytes:?}"),
            }
        }
    }
}
