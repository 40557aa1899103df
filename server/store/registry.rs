//! The entity registry: links an article's own entities to global entities, and finds entities
//! by any name a user types (Arabic or Latin script, full name, family name, id).
//!
//! Linking rules (the name rules themselves are [`crate::extract::names`]):
//! - a pinned alias (split off by a user) goes to the entity it was split to;
//! - an existing entity whose canonical name, then one of whose aliases, equals the article's
//!   name after normalisation; several such: the one whose roles agree, else the best known;
//! - for people, an entity with the same family name that [`names::same_person`] accepts (a
//!   short form, a one-letter misprint of the first name with the same role); two different
//!   people sharing a family name are not merged, and a short form that fits several known people
//!   is not guessed: it gets an entity of its own;
//! - unnamed people ("مسؤول إيراني") only within their own article, found through
//!   `entity_by_scope` (see [`scoped`]);
//! - otherwise a new entity. Merged entities are followed through `redirects`.
use std::collections::BTreeSet;

use super::batch::Batch;
use super::keys::{self, ArticleId, EntityId, T};
use super::records::{Code, EntityRecord, LocalEntity, RoleRecord};
use super::{decode, StoreError};
use crate::extract::arabic::normalize;
use crate::extract::names::{self, NameForm};
use crate::extract::EntityKind;

/// Every index entry of an entity: kind, names (canonical, aliases, Latin name and its words),
/// for named people their family names and consonant skeletons, and for an entity scoped to one
/// article its names under that article ([`scope_keys`]).
pub fn index_keys(rec: &EntityRecord) -> Vec<(usize, Vec<u8>)> {
    let id = EntityId(rec.id);
    let kind = EntityKind::from_code(rec.kind);
    let mut out: BTreeSet<(usize, Vec<u8>)> = BTreeSet::new();
    out.insert((
        T::EntityByKind as usize,
        keys::kind_entity(rec.kind, id).to_vec(),
    ));
    let arabic: Vec<&str> = arabic_names(rec);
    let names_norm = names_normalised(rec);
    for n in &names_norm {
        out.insert((T::EntityByName as usize, keys::text_entity(n, id)));
    }
    for k in scope_keys_of(rec, &names_norm) {
        out.insert((T::EntityByScope as usize, k));
    }
    if kind == EntityKind::Person {
        for name in &arabic {
            for fam in family_forms(name) {
                out.insert((T::EntityByFamily as usize, keys::text_entity(&fam, id)));
            }
            for sk in skeleton_forms(name) {
                out.insert((T::EntityBySkeleton as usize, keys::text_entity(&sk, id)));
            }
        }
        if let Some(latin) = &rec.latin_name {
            for sk in skeleton_forms(latin) {
                out.insert((T::EntityBySkeleton as usize, keys::text_entity(&sk, id)));
            }
        }
    }
    out.into_iter().collect()
}

/// The record's Arabic names: canonical name and aliases, as written.
fn arabic_names(rec: &EntityRecord) -> Vec<&str> {
    std::iter::once(rec.name.as_str())
        .chain(rec.aliases.keys().map(String::as_str))
        .filter(|n| !n.trim().is_empty())
        .collect()
}

/// Every name the entity is found by in `entity_by_name`: its Arabic names and its Latin name
/// (and that name's words), normalised, none empty.
fn names_normalised(rec: &EntityRecord) -> BTreeSet<String> {
    let mut names_norm: BTreeSet<String> = arabic_names(rec).iter().map(|n| normalize(n)).collect();
    if let Some(latin) = &rec.latin_name {
        let l = normalize(latin);
        names_norm.extend(
            l.split([' ', '-'])
                .filter(|w| w.len() > 1)
                .map(String::from),
        );
        names_norm.insert(l);
    }
    names_norm.retain(|n| !n.is_empty());
    names_norm
}

/// The `entity_by_scope` keys of an entity scoped to one article: (article, kind, name) for each
/// name it has in `entity_by_name`, so that [`scoped`] finds exactly what a scan of that name
/// filtered by article and kind would. None for an unscoped entity.
pub fn scope_keys(rec: &EntityRecord) -> Vec<Vec<u8>> {
    if rec.scope.is_none() {
        return Vec::new();
    }
    scope_keys_of(rec, &names_normalised(rec))
}

fn scope_keys_of(rec: &EntityRecord, names_norm: &BTreeSet<String>) -> Vec<Vec<u8>> {
    // a scope is always written from an article id; one that does not parse has no article to
    // be found under (it could not equal an article's id either)
    let Some(article) = rec.scope.as_deref().and_then(ArticleId::parse) else {
        return Vec::new();
    };
    names_norm
        .iter()
        .map(|n| keys::scope_entity(article, rec.kind, n, EntityId(rec.id)))
        .collect()
}

/// The normalised family name, and without its article ("الجعفري" → "جعفري") when that leaves a
/// name; and the first word of a longer name that is not a known given name, since East Asian
/// names put the family first ("كيم" of "كيم جونغ أون", "سونغ" of "سونغ يونغ مو").
fn family_forms(name: &str) -> Vec<String> {
    let fam = normalize(names::family_name(name));
    let mut out = vec![];
    if let Some(rest) = fam.strip_prefix("ال").filter(|r| r.chars().count() >= 2) {
        out.push(rest.to_string());
    }
    if let Some(first) = names::family_first_word(name) {
        if first != fam {
            out.push(first);
        }
    }
    if !fam.is_empty() {
        out.push(fam);
    }
    out
}

/// Consonant skeletons of each word of a name (and of adjacent words joined: "رحيم بور" is
/// "Rahimpour"), with their one-deletion variants when long enough to be matched within one
/// consonant (as [`names::latin_matches`] does): a lookup by a variant finds every skeleton within
/// one edit.
fn skeleton_forms(name: &str) -> Vec<String> {
    let words: Vec<String> = names::consonant_skeleton(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let mut forms: Vec<String> = words.clone();
    forms.extend(words.windows(2).map(|w| format!("{}{}", w[0], w[1])));
    let mut out = BTreeSet::new();
    for f in forms {
        out.extend(deletion_variants(&f));
        out.insert(f);
    }
    out.into_iter().collect()
}

/// `skeleton` with one consonant class removed, for each position (only for skeletons of four
/// or more classes: shorter ones must match exactly).
fn deletion_variants(skeleton: &str) -> Vec<String> {
    let chars: Vec<char> = skeleton.chars().collect();
    if chars.len() < 4 {
        return Vec::new();
    }
    (0..chars.len())
        .map(|i| {
            chars[..i]
                .iter()
                .chain(chars[i + 1..].iter())
                .collect::<String>()
        })
        .collect()
}

/// Whether an entity of kind `a` can be the same thing as one of kind `b`.
fn kinds_compatible(a: EntityKind, b: EntityKind) -> bool {
    use EntityKind::*;
    let place = |k| matches!(k, Country | City | Place);
    a == b || a == Unknown || b == Unknown || (place(a) && place(b))
}

/// Follows merge redirects from `id` to the entity that now holds it.
pub fn follow(batch: &Batch<'_>, mut id: EntityId) -> Result<EntityId, StoreError> {
    for _ in 0..32 {
        match batch.get(T::Redirects, &id.key())? {
            Some(v) => match EntityId::from_key(&v) {
                Some(next) => id = next,
                None => break,
            },
            None => break,
        }
    }
    Ok(id)
}

/// Entity ids under `text` in a name-keyed index (exact match), redirects followed.
fn ids_under(batch: &Batch<'_>, t: T, text: &str) -> Result<Vec<EntityId>, StoreError> {
    Ok(ids_under_at_most(batch, t, text, None)?.unwrap_or_default())
}

/// [`ids_under`], but `None` when more than `most` keys share the text: a skeleton that common
/// ("MHMD") names no one in particular, and each candidate is a record to decode.
fn ids_under_at_most(
    batch: &Batch<'_>,
    t: T,
    text: &str,
    most: Option<usize>,
) -> Result<Option<Vec<EntityId>>, StoreError> {
    let mut out = Vec::new();
    if text.is_empty() {
        return Ok(Some(out));
    }
    let prefix = keys::text_prefix(text);
    let found = match most {
        Some(most) => {
            let found = batch.keys_with_prefix_upto(t, &prefix, most + 1)?;
            if found.len() > most {
                return Ok(None);
            }
            found
        }
        None => batch.keys_with_prefix(t, &prefix)?,
    };
    for k in found {
        if let Some(id) = keys::entity_of_text_key(&k) {
            let id = follow(batch, id)?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(Some(out))
}

/// The entity an alias was split off to, if a user split it.
pub fn pinned(batch: &Batch<'_>, alias: &str) -> Result<Option<EntityId>, StoreError> {
    match batch.get(T::AliasPins, normalize(alias).as_bytes())? {
        Some(v) => match EntityId::from_key(&v) {
            Some(id) => Ok(Some(follow(batch, id)?)),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

fn roles_agree(local: &LocalEntity, rec: &EntityRecord) -> bool {
    local.roles.iter().any(|(l, _, _)| {
        let l = normalize(l);
        rec.roles.iter().any(|r| {
            let r = normalize(&r.role);
            !l.is_empty() && !r.is_empty() && (l.contains(&r) || r.contains(&l))
        })
    })
}

/// Whether the article's person and a registry person are the same by the name rules, trying
/// every pairing of their roles.
fn same_person(local: &LocalEntity, rec: &EntityRecord) -> bool {
    let local_roles: Vec<Option<&str>> = std::iter::once(None)
        .chain(local.roles.iter().map(|(r, _, _)| Some(r.as_str())))
        .collect();
    let rec_roles: Vec<Option<&str>> = std::iter::once(None)
        .chain(rec.roles.iter().map(|r| Some(r.role.as_str())))
        .collect();
    local_roles.iter().any(|&lr| {
        rec_roles.iter().any(|&rr| {
            names::same_person(
                &NameForm {
                    name: &local.name,
                    role: lr,
                },
                &NameForm {
                    name: &rec.name,
                    role: rr,
                },
            )
        })
    })
}

/// At most this many entities sharing a family-name skeleton are read to find a spelling
/// variant; a skeleton shared by more is too common to tell anyone apart by.
const MAX_VARIANT_CANDIDATES: usize = 16;

/// A full name (two words or more) that is one of the record's names spelt with other long
/// vowels, word for word ("دونالد ترمب" for "دونالد ترامب").
fn full_name_variant(name: &str, rec: &EntityRecord) -> bool {
    let words = name.split_whitespace().count();
    words >= 2
        && std::iter::once(&rec.name)
            .chain(rec.aliases.keys())
            .any(|n| n.split_whitespace().count() == words && names::arabic_variant_of(name, n))
}

/// The entity of kind `kind` scoped to `article` that has the normalised name `name`, if the
/// article already has one (it is being ingested again, or names it twice).
///
/// Why an index of its own: every unnamed person ("مصدر", "an official") is an entity of its
/// article, all under the same few names, so reading `entity_by_name` for the name and decoding
/// each entity to find this article's one cost a record per earlier article mentioning it: the
/// work per article grew with the store, 36 % of the server's CPU when ingesting at 390k
/// articles (benches/results/2026-11-25-session8.md § 4). `entity_by_scope` is keyed by the
/// article first, so the lookup reads only this article's entries.
pub fn scoped(
    batch: &Batch<'_>,
    article: ArticleId,
    kind: u8,
    name: &str,
) -> Result<Option<EntityId>, StoreError> {
    if name.is_empty() {
        return Ok(None);
    }
    let scope = article.to_string();
    let prefix = keys::scope_prefix(article, kind, name);
    for k in batch.keys_with_prefix(T::EntityByScope, &prefix)? {
        let Some(id) = keys::entity_of_text_key(&k) else {
            continue;
        };
        // as a name lookup does: a merged entity answers through the one it was merged into,
        // which counts only if it belongs to this article too
        let id = follow(batch, id)?;
        if let Some(rec) = batch.entity(id)? {
            if rec.scope.as_deref() == Some(scope.as_str()) && rec.kind == kind {
                return Ok(Some(id));
            }
        }
    }
    Ok(None)
}

/// Links the article's entity to a registry entity (existing or new, not yet counted: see
/// [`contribute`]). `None` for an entity without a name.
pub fn resolve(
    batch: &mut Batch<'_>,
    local: &LocalEntity,
    article: ArticleId,
) -> Result<Option<EntityId>, StoreError> {
    let name = normalize(&local.name);
    if name.is_empty() {
        return Ok(None);
    }
    let kind = EntityKind::from_code(local.kind);
    if kind == EntityKind::UnnamedPerson {
        if let Some(id) = scoped(batch, article, local.kind, &name)? {
            return Ok(Some(id));
        }
        return create(batch, local, Some(&article.to_string())).map(Some);
    }
    if let Some(id) = pinned(batch, &local.name)? {
        if batch.entity(id)?.is_some() {
            return Ok(Some(id));
        }
    }
    let mut candidates: Vec<EntityId> = ids_under(batch, T::EntityByName, &name)?;
    // each normalised name scanned once (an article's aliases include its full name, and
    // several spellings often normalise alike): a scan finds nothing new the second time
    let mut scanned: Vec<String> = vec![name.clone()];
    for (alias, _) in &local.aliases {
        let alias = normalize(alias);
        if scanned.contains(&alias) {
            continue;
        }
        for id in ids_under(batch, T::EntityByName, &alias)? {
            if !candidates.contains(&id) {
                candidates.push(id);
            }
        }
        scanned.push(alias);
    }
    let person = kind == EntityKind::Person;
    if person {
        for fam in family_forms(&local.name) {
            for id in ids_under(batch, T::EntityByFamily, &fam)? {
                if !candidates.contains(&id) {
                    candidates.push(id);
                }
            }
        }
        // the same full name spelt with other long vowels ("دونالد ترمب", "دونالد ترامب")
        // (only distinctive skeletons, and a bounded number of them: every candidate is a
        // record to decode on the write path, and "MHMD" would bring hundreds)
        if local.name.split_whitespace().count() >= 2 {
            let family = names::consonant_skeleton(names::family_name(&local.name));
            if family.chars().count() >= 3 {
                let found = ids_under_at_most(
                    batch,
                    T::EntityBySkeleton,
                    &family,
                    Some(MAX_VARIANT_CANDIDATES),
                )?;
                for id in found.unwrap_or_default() {
                    if !candidates.contains(&id) {
                        candidates.push(id);
                    }
                }
            }
        }
    }
    // Tiers: canonical name equal, an alias equal, the same person by the name rules.
    let mut tiers: [Vec<EntityRecord>; 3] = Default::default();
    for id in candidates {
        let Some(rec) = batch.entity(id)? else {
            continue;
        };
        if rec.scope.is_some() || !kinds_compatible(kind, EntityKind::from_code(rec.kind)) {
            continue;
        }
        if normalize(&rec.name) == name {
            tiers[0].push(rec);
        } else if rec.aliases.keys().any(|a| normalize(a) == name) {
            tiers[1].push(rec);
        } else if person && (same_person(local, &rec) || full_name_variant(&local.name, &rec)) {
            tiers[2].push(rec);
        }
    }
    for (tier, recs) in tiers.iter().enumerate() {
        if recs.is_empty() {
            continue;
        }
        if recs.len() == 1 {
            return Ok(Some(EntityId(recs[0].id)));
        }
        let agreeing: Vec<&EntityRecord> = recs.iter().filter(|r| roles_agree(local, r)).collect();
        if agreeing.len() == 1 {
            return Ok(Some(EntityId(agreeing[0].id)));
        }
        if tier < 2 {
            // several entities known by exactly this name: the best known one
            let best = recs
                .iter()
                .max_by_key(|r| (r.article_count, std::cmp::Reverse(r.id)));
            return Ok(best.map(|r| EntityId(r.id)));
        }
        // a short form that fits several people: do not guess
    }
    create(batch, local, None).map(Some)
}

fn create(
    batch: &mut Batch<'_>,
    local: &LocalEntity,
    scope: Option<&str>,
) -> Result<EntityId, StoreError> {
    let id = batch.new_entity_id()?;
    let mut rec = EntityRecord {
        id: id.0,
        kind: local.kind,
        name: local.name.split_whitespace().collect::<Vec<_>>().join(" "),
        scope: scope.map(String::from),
        ..EntityRecord::default()
    };
    rec.aliases.insert(rec.name.clone(), 0);
    batch.put_entity(rec)?;
    Ok(id)
}

/// Adds (`add`) or takes back (`!add`) what the article's entity brings to registry entity `id`:
/// alias counts, roles with the publication date, quote, meeting and article counts; then
/// recomputes the canonical and Latin names unless a user fixed them.
pub fn contribute(
    batch: &mut Batch<'_>,
    id: EntityId,
    local: &LocalEntity,
    published: u32,
    add: bool,
) -> Result<(), StoreError> {
    let Some(mut rec) = batch.entity(id)? else {
        return Ok(());
    };
    let step = |n: &mut u64, by: u64| {
        *n = if add {
            n.saturating_add(by)
        } else {
            n.saturating_sub(by)
        }
    };
    let mut aliases = local.aliases.clone();
    if !aliases
        .iter()
        .any(|(a, _)| normalize(a) == normalize(&local.name))
    {
        aliases.push((local.name.clone(), 0));
    }
    for (alias, count) in aliases {
        // as written, but one space between words
        let alias = alias.split_whitespace().collect::<Vec<_>>().join(" ");
        if alias.is_empty() {
            continue;
        }
        if add && pinned(batch, &alias)?.is_some_and(|p| p != id) {
            continue; // split off to another entity by a user
        }
        if let Some(n) = rec.aliases.get_mut(&alias) {
            step(n, count);
        } else if add {
            rec.aliases.insert(alias, count);
        }
    }
    for (role, country, count) in &local.roles {
        let pos = rec
            .roles
            .iter()
            .position(|r| normalize(&r.role) == normalize(role));
        match (pos, add) {
            (Some(i), true) => {
                let r = &mut rec.roles[i];
                r.count += count;
                if published != 0 {
                    if r.first_seen == 0 || published < r.first_seen {
                        r.first_seen = published;
                    }
                    r.last_seen = r.last_seen.max(published);
                }
                if r.country.is_none() {
                    r.country.clone_from(country);
                }
            }
            (None, true) => rec.roles.push(RoleRecord {
                role: role.clone(),
                country: country.clone(),
                first_seen: published,
                last_seen: published,
                count: *count,
            }),
            (Some(i), false) => {
                step(&mut rec.roles[i].count, *count);
                if rec.roles[i].count == 0 {
                    rec.roles.remove(i);
                }
            }
            (None, false) => {}
        }
    }
    step(&mut rec.quote_count, local.quotes);
    step(&mut rec.meeting_count, local.meetings);
    step(&mut rec.article_count, 1);
    if EntityKind::from_code(rec.kind) == EntityKind::Unknown {
        rec.kind = local.kind;
    }
    if !rec.name_locked {
        if let Some(best) = canonical_name(&rec) {
            rec.name = best;
        }
    }
    if !rec.latin_locked {
        let curated = (EntityKind::from_code(rec.kind) == EntityKind::Person)
            .then(|| names::latin_name(&rec.name))
            .flatten();
        if let Some(latin) = curated.or_else(|| local.latin_name.clone()) {
            rec.latin_name = Some(latin);
        }
    }
    batch.put_entity(rec)
}

/// The most complete, then most frequent, alias in use.
pub fn canonical_name(rec: &EntityRecord) -> Option<String> {
    rec.aliases
        .iter()
        .filter(|(_, &c)| c > 0)
        .max_by_key(|(a, &c)| (a.split_whitespace().count(), c, std::cmp::Reverse(*a)))
        .map(|(a, _)| a.clone())
}

/// The entities a user means by `query`: an id (`e12`), a name the store knows exactly (any
/// alias, Arabic or Latin script), a family name or a shorter form of a person's name, or a
/// Latin spelling ("Zarif", "Rohani") matched by consonant skeleton. Empty when none.
pub fn lookup(batch: &Batch<'_>, query: &str) -> Result<Vec<EntityId>, StoreError> {
    if let Some(id) = EntityId::parse(query) {
        let id = follow(batch, id)?;
        if batch.entity(id)?.is_some() {
            return Ok(vec![id]);
        }
    }
    let q = normalize(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let exact = ids_under(batch, T::EntityByName, &q)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    if q.chars().any(|c| c.is_ascii_alphabetic()) {
        return latin_lookup(batch, query);
    }
    arabic_lookup(batch, query)
}

/// A Latin spelling: candidates by the skeletons each query word may have in Arabic, kept when
/// [`names::latin_match`] accepts one of their names; of those, only the best matching (a
/// look-alike is returned only when nobody closer is known).
fn latin_lookup(batch: &Batch<'_>, query: &str) -> Result<Vec<EntityId>, StoreError> {
    let mut candidates: Vec<EntityId> = Vec::new();
    for word in query.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() {
            continue;
        }
        for sk in names::latin_lookup_skeletons(word) {
            for form in std::iter::once(sk.clone()).chain(deletion_variants(&sk)) {
                for id in ids_under(batch, T::EntityBySkeleton, &form)? {
                    if !candidates.contains(&id) {
                        candidates.push(id);
                    }
                }
            }
        }
    }
    let mut ranked: Vec<(EntityId, (u32, u32))> = Vec::new();
    for id in candidates {
        if let Some(rec) = batch.entity(id)? {
            let best = std::iter::once(&rec.name)
                .chain(rec.aliases.keys())
                .filter_map(|n| names::latin_match(query, n))
                .min();
            if let Some(rank) = best {
                ranked.push((id, rank));
            }
        }
    }
    let Some(best) = ranked.iter().map(|&(_, r)| r).min() else {
        return Ok(Vec::new());
    };
    Ok(ranked
        .into_iter()
        .filter(|&(_, r)| r == best)
        .map(|(id, _)| id)
        .collect())
}

/// An Arabic name that is not stored as such: a family name or a shorter form of a person's full
/// name ("ظريف", "جواد ظريف", "سودام ساهو"), a family-first name's first word ("كيم"); failing
/// those, a spelling with other long vowels ("ترمب" for ترامب).
fn arabic_lookup(batch: &Batch<'_>, query: &str) -> Result<Vec<EntityId>, StoreError> {
    let mut out = Vec::new();
    let q = normalize(query);
    let probe = LocalEntity {
        kind: EntityKind::Person.code(),
        name: query.trim().to_string(),
        ..LocalEntity::default()
    };
    for fam in family_forms(query) {
        for id in ids_under(batch, T::EntityByFamily, &fam)? {
            if out.contains(&id) {
                continue;
            }
            if let Some(rec) = batch.entity(id)? {
                let known_form = std::iter::once(&rec.name)
                    .chain(rec.aliases.keys())
                    .any(|n| {
                        names::same_person(
                            &NameForm {
                                name: query,
                                role: None,
                            },
                            &NameForm {
                                name: n,
                                role: None,
                            },
                        ) || names::drops_middle_names(query, n)
                            || (!q.contains(' ')
                                && names::family_first_word(n).as_deref() == Some(q.as_str()))
                    });
                if known_form || same_person(&probe, &rec) {
                    out.push(id);
                }
            }
        }
    }
    // spelling variants too ("ترمب" finds "دونالد ترامب" even when some "دونالد ترمب" exists)
    // (when the family name already found someone, only a skeleton few share is read)
    let most = (!out.is_empty()).then_some(MAX_VARIANT_CANDIDATES - 1);
    let mut candidates: Vec<EntityId> = Vec::new();
    for sk in names::consonant_skeleton(query).split(' ') {
        if sk.is_empty() {
            continue;
        }
        let found = ids_under_at_most(batch, T::EntityBySkeleton, sk, most)?;
        for id in found.unwrap_or_default() {
            if !candidates.contains(&id) {
                candidates.push(id);
            }
        }
    }
    for id in candidates {
        if out.contains(&id) {
            continue;
        }
        if let Some(rec) = batch.entity(id)? {
            if rec.kind == EntityKind::Person.code()
                && std::iter::once(&rec.name)
                    .chain(rec.aliases.keys())
                    .any(|n| names::arabic_variant_of(query, n))
            {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// Reads an entity record straight from its tree (for queries).
pub fn load(tree: &sled::Tree, id: EntityId) -> Result<Option<EntityRecord>, StoreError> {
    match tree.get(id.key())? {
        Some(v) => Ok(Some(decode(T::Entities, &v)?)),
        None => Ok(None),
    }
}
