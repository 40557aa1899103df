//! In-article coreference: person hits, short forms and role references clustered into entities;
//! places and organisations grouped by canonical name.
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::gazetteer::{GazKind, GAZETTEER};
use super::people::{name_like, plausible_unknown_word, role_at, Doc, HitKind, PersonHit};
use super::vocab::VOCAB;
use crate::extract::arabic::{normalize, proclitic_splits, tokens};
use crate::extract::names::{
    family_name, is_common_noun, is_preposition_on_common_noun, latin_name, same_person,
    syllabic_family_first, transliterate, NameForm, KNOWN_PEOPLE,
};

/// A role reference's key: the class of its head and its country.
type RoleKey = (&'static str, Option<String>);

/// A curated person's role key and the organisation that role names.
type CuratedRole = (RoleKey, Option<String>);

/// Per curated person (`names::KNOWN_PEOPLE`), the key of the role the table lists ("الرئيس
/// الأمريكي" → president of the United States): a role reference finds a well-known person whom
/// the article names without a role ("ترامب" ... "وقال الرئيس الأمريكي إن"), and the
/// organisation that role names ("الأمين العام للأمم المتحدة").
static CURATED_ROLE_KEYS: LazyLock<Vec<Option<CuratedRole>>> = LazyLock::new(|| {
    KNOWN_PEOPLE
        .people
        .iter()
        .map(|p| {
            let toks = tokens(p.role);
            let gaz = GAZETTEER.find(p.role, &toks);
            let doc = Doc::new(p.role, &toks, &gaz);
            role_at(&doc, 0).map(|r| ((r.class, r.country), r.organisation))
        })
        .collect()
});

/// Whether someone holding posts in the organisations `held` can be the one a role reference
/// names: "رئيسة صندوق النقد الدولي" with no country is only whoever holds that body's post (not
/// the American president named before); a reference with a country, or naming no body, is
/// matched by class and country alone.
fn organisation_fits(role: &super::people::RolePhrase, held: &[String]) -> bool {
    match (&role.organisation, &role.country) {
        (Some(o), None) => held.contains(o),
        _ => true,
    }
}

/// The listed role key (and the organisation of the role) of the curated person named `name`
/// (in full, or by a family name that names one listed person).
fn curated_role_key(name: &str) -> Option<CuratedRole> {
    let n = normalize(name);
    let i = KNOWN_PEOPLE.index_by_name(&n).or_else(|| {
        (!n.contains(' '))
            .then(|| KNOWN_PEOPLE.index_by_family(&n))
            .flatten()
    })?;
    CURATED_ROLE_KEYS.get(i)?.clone()
}
use crate::extract::{ArticleEntity, EntityKind, Mention, Recognized, Role, Span};

/// Where an entity was last mentioned and in which roles, for resolving references.
struct Builder<'d, 't> {
    doc: &'d Doc<'t>,
    entities: Vec<ArticleEntity>,
    mentions: Vec<Mention>,
    /// Per entity: byte start of its latest mention so far (in processing order).
    last_seen: Vec<usize>,
    /// Per entity: role classes and countries it holds.
    role_keys: Vec<Vec<RoleKey>>,
    /// Per entity: the organisations its stated roles name ("رئيس المفوضية الأوروبية").
    role_organisations: Vec<Vec<String>>,
    /// Per entity: the role `people.txt` gives them, while the article has not stated it.
    curated_only: Vec<Option<RoleKey>>,
    by_key: HashMap<(u8, String), usize>,
}

/// A name without the marks of a hashtag ("محمد جواد #ظريف", "#دونالد_ترمب"): they are how
/// the page wrote it, not part of the name, and would keep it from matching its other mentions.
fn name_as_written(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.contains(['#', '_']) {
        return std::borrow::Cow::Borrowed(name);
    }
    let spaced = name.replace(['#', '_'], " ");
    std::borrow::Cow::Owned(spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A curated name matched behind a proclitic: "للسيسي" (ل + السيسي, the article's alef dropped)
/// is the name "السيسي"; other proclitics are outside the match already.
fn name_after_lil(matched: &str, proclitic: bool) -> std::borrow::Cow<'_, str> {
    match matched.strip_prefix("لل") {
        Some(rest) if proclitic => std::borrow::Cow::Owned(format!("ال{rest}")),
        _ => std::borrow::Cow::Borrowed(matched),
    }
}

fn span(r: &Range<usize>) -> Span {
    Span {
        start: r.start,
        end: r.end,
    }
}

impl Builder<'_, '_> {
    fn new_entity(&mut self, kind: EntityKind, name: &str) -> usize {
        self.entities.push(ArticleEntity {
            kind,
            name: name.to_string(),
            ..Default::default()
        });
        self.last_seen.push(0);
        let (curated, organisation) = (kind == EntityKind::Person)
            .then(|| curated_role_key(name))
            .flatten()
            .map_or((None, None), |(key, org)| (Some(key), org));
        self.role_keys.push(curated.clone().into_iter().collect());
        self.role_organisations
            .push(organisation.into_iter().collect());
        self.curated_only.push(curated);
        self.entities.len() - 1
    }

    /// Adds a mention of entity `e`. A `role_reference` ("الوزير الروسي") names nobody: it
    /// neither renames the entity nor becomes an alias.
    fn add_mention(
        &mut self,
        e: usize,
        bytes: Range<usize>,
        name: Range<usize>,
        role: Option<&super::people::RolePhrase>,
    ) {
        self.add_mention_as(e, bytes, name, role, false)
    }

    fn add_mention_as(
        &mut self,
        e: usize,
        bytes: Range<usize>,
        name: Range<usize>,
        role: Option<&super::people::RolePhrase>,
        role_reference: bool,
    ) {
        let name_text = name_as_written(&self.doc.text[name]).into_owned();
        self.add_named_mention(e, bytes, &name_text, role, role_reference)
    }

    /// [`Builder::add_mention_as`] with the name given as a string: "للسيسي" is ل + "السيسي",
    /// a name the text does not spell out.
    fn add_named_mention(
        &mut self,
        e: usize,
        bytes: Range<usize>,
        name_text: &str,
        role: Option<&super::people::RolePhrase>,
        role_reference: bool,
    ) {
        let text = &self.doc.text[bytes.clone()];
        let role = role.map(|r| {
            let key = (r.class, r.country.clone());
            if self.curated_only[e].as_ref() == Some(&key) {
                self.curated_only[e] = None;
            }
            if !self.role_keys[e].contains(&key) {
                self.role_keys[e].push(key);
            }
            if let Some(o) = &r.organisation {
                if !self.role_organisations[e].contains(o) {
                    self.role_organisations[e].push(o.clone());
                }
            }
            Role {
                text: self.doc.text[r.bytes.clone()].to_string(),
                country: r.country.clone(),
            }
        });
        let entity = &mut self.entities[e];
        if let Some(r) = &role {
            if !entity.roles.contains(r) {
                entity.roles.push(r.clone());
            }
        }
        let kind = entity.kind;
        if !role_reference {
            match entity.aliases.iter_mut().find(|(a, _)| a == name_text) {
                Some((_, n)) => *n += 1,
                None => entity.aliases.push((name_text.to_string(), 1)),
            }
        }
        if kind == EntityKind::Person
            && !role_reference
            && name_text.split_whitespace().count() > entity.name.split_whitespace().count()
        {
            entity.name = name_text.to_string();
        }
        self.last_seen[e] = self.last_seen[e].max(bytes.start);
        entity.mentions.push(self.mentions.len());
        self.mentions.push(Mention {
            span: span(&bytes),
            text: text.to_string(),
            name: name_text.to_string(),
            role,
            kind,
            entity: e,
        });
    }

    /// The person entity `name` (with `role`) refers to: the most recently mentioned one that
    /// [`same_person`] accepts.
    /// "ترامب" alone before "وقال الرئيس الأمريكي": the well-known person whose listed role fits
    /// the reference, named before `at` only by a curated name the first pass does not take (a
    /// family name alone), the nearest such one. That earlier name becomes the person's first
    /// mention here (and is marked covered) so the reference has someone to point to.
    fn named_earlier_by_family(
        &mut self,
        at: usize,
        role: &super::people::RolePhrase,
        covered: &mut [bool],
    ) -> Option<usize> {
        let doc = self.doc;
        let m = doc
            .gaz
            .iter()
            .filter(|m| m.bytes.end <= at && m.toks.clone().all(|t| !covered[t]))
            .filter(|m| {
                matches!(
                    GAZETTEER.entries[m.entry].kind,
                    GazKind::PersonFamily | GazKind::Person
                )
            })
            .filter(|m| {
                curated_role_key(&GAZETTEER.entries[m.entry].canonical).is_some_and(
                    |((c, k), org)| {
                        c == role.class
                            && organisation_fits(role, org.as_slice())
                            && match (&role.country, &k) {
                                (Some(want), Some(have)) => want == have,
                                (Some(_), None) => false,
                                (None, _) => true,
                            }
                    },
                )
            })
            .max_by_key(|m| m.bytes.start)?;
        let name = &doc.text[m.bytes.clone()];
        let e = self
            .find_person(name, None)
            .unwrap_or_else(|| self.new_entity(EntityKind::Person, name));
        self.add_mention(e, m.bytes.clone(), m.bytes.clone(), None);
        for c in covered.get_mut(m.toks.clone()).into_iter().flatten() {
            *c = true;
        }
        Some(e)
    }

    fn find_person(&self, name: &str, role: Option<&str>) -> Option<usize> {
        let form = NameForm { name, role };
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .filter(|(_, e)| {
                e.aliases.iter().any(|(alias, _)| {
                    e.roles.is_empty()
                        && same_person(
                            &form,
                            &NameForm {
                                name: alias,
                                role: None,
                            },
                        )
                        || e.roles.iter().any(|r| {
                            same_person(
                                &form,
                                &NameForm {
                                    name: alias,
                                    role: Some(&r.text),
                                },
                            )
                        })
                })
            })
            .max_by_key(|(i, _)| self.last_seen[*i])
            .map(|(i, _)| i)
    }

    /// The person named so far whose family name, or first syllable of an East-Asian name, is
    /// the normalised word `norm` ("كيم" for "كيم جونغ أون"); the latest mentioned of them.
    fn person_by_short_form(&self, norm: &str) -> Option<usize> {
        if VOCAB.stops.contains(norm) {
            return None;
        }
        (0..self.entities.len())
            .filter(|&e| self.entities[e].kind == EntityKind::Person)
            .filter(|&e| {
                self.entities[e].aliases.iter().any(|(a, _)| {
                    a.contains(' ')
                        && (normalize(family_name(a)) == norm
                            || syllabic_family_first(a).as_deref() == Some(norm))
                })
            })
            .max_by_key(|&e| self.last_seen[e])
    }

    /// The person a role reference ("الوزير الروسي") points back to.
    ///
    /// "المسؤول" may be any official named before; "المصدر" is a source, whom a report does not
    /// name: it refers back only to one introduced as a source ("قال مصدر مقرب ... وأضاف
    /// المصدر"), never to the minister who spoke before.
    fn resolve(&self, role: &super::people::RolePhrase, at: usize) -> Option<usize> {
        let (class, country) = (role.class, role.country.as_deref());
        let any_class = class == "official";
        let holders = |stated_only: bool| {
            (0..self.entities.len())
                .filter(|&e| self.entities[e].kind == EntityKind::Person && self.last_seen[e] < at)
                .filter(move |&e| organisation_fits(role, &self.role_organisations[e]))
                .filter(move |&e| {
                    self.role_keys[e].iter().any(|key| {
                        let (c, k) = key;
                        (any_class || *c == class)
                            && match (country, k) {
                                (Some(want), Some(have)) => want == have,
                                (Some(_), None) => false,
                                (None, _) => true,
                            }
                            && !(stated_only && self.curated_only[e].as_ref() == Some(key))
                    })
                })
                .max_by_key(|&e| self.last_seen[e])
        };
        // a role the article states for someone ("الرئيس الفرنسي فرنسوا أولاند") beats the one
        // the curated table gives someone else (Macron's, which is later than the article)
        holders(true).or_else(|| holders(false))
    }
}

pub(crate) fn build(doc: &Doc<'_>, hits: Vec<PersonHit>) -> Recognized {
    let mut b = Builder {
        doc,
        entities: Vec::new(),
        mentions: Vec::new(),
        last_seen: Vec::new(),
        role_keys: Vec::new(),
        role_organisations: Vec::new(),
        curated_only: Vec::new(),
        by_key: HashMap::new(),
    };
    let mut covered = vec![false; doc.toks.len()];
    for h in &hits {
        for c in covered.get_mut(h.toks.clone()).into_iter().flatten() {
            *c = true;
        }
    }

    // 1. named people, role references and unnamed officials, in text order
    // (the entity of the previous hit and where it ended)
    let mut previous: Option<(usize, usize)> = None;
    for h in &hits {
        // "كيم جونغ أون زعيم كوريا الشمالية": a role right after a name, with nothing between,
        // is that person's
        let apposition = previous.filter(|&(end, _)| {
            h.kind == HitKind::RoleReference
                && doc
                    .text
                    .get(end..h.bytes.start)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        });
        // "شي جين بينغ الزعيم كيم": a role followed by the short name of someone named before
        // is that person's, not an apposition to the name before it
        // (not a well-known person of another country: "وسيزور الرئيس المكسيكي ترامب")
        let named_next = (h.kind == HitKind::RoleReference)
            .then(|| {
                let next = doc.toks.get(h.toks.end)?;
                let other_country = h.role.as_ref().is_some_and(|r| {
                    super::people::holds_another_country_s_post(
                        doc,
                        r,
                        &(h.toks.end..h.toks.end + 1),
                    )
                });
                (!next.break_before && !other_country)
                    .then(|| b.person_by_short_form(&next.norm))
                    .flatten()
            })
            .flatten();
        if let Some(e) = named_next {
            b.add_mention_as(e, h.bytes.clone(), h.bytes.clone(), h.role.as_ref(), true);
            previous = None;
            continue;
        }
        if let Some((_, e)) = apposition {
            b.add_mention_as(e, h.bytes.clone(), h.bytes.clone(), h.role.as_ref(), true);
            previous = None;
            continue;
        }
        previous = None;
        match h.kind {
            HitKind::Named => {
                let name = &*name_as_written(&doc.text[h.name_bytes.clone()]);
                let role_text = h.role.as_ref().map(|r| &doc.text[r.bytes.clone()]);
                let e = b
                    .find_person(name, role_text)
                    .unwrap_or_else(|| b.new_entity(EntityKind::Person, name));
                b.add_mention(e, h.bytes.clone(), h.name_bytes.clone(), h.role.as_ref());
                previous = Some((h.bytes.end, e));
            }
            HitKind::RoleReference => {
                let Some(role) = &h.role else { continue };
                let resolved = b
                    .resolve(role, h.bytes.start)
                    .or_else(|| b.named_earlier_by_family(h.bytes.start, role, &mut covered));
                if let Some(e) = resolved {
                    b.add_mention_as(e, h.bytes.clone(), h.bytes.clone(), None, true);
                } else if role.has_complement
                    && (role.country.is_some() || super::people::is_unnamed_class(role.class))
                {
                    // "قال وزير الخارجية الروسي إن ..." with no minister named, "مراسل العربية",
                    // "المتحدث باسم الحكومة" with none named before: a role-only person
                    let e = unnamed(&mut b, &doc.text[h.bytes.clone()]);
                    b.add_mention(e, h.bytes.clone(), h.bytes.clone(), Some(role));
                }
            }
            HitKind::Unnamed => {
                let e = unnamed(&mut b, &doc.text[h.bytes.clone()]);
                b.add_mention(e, h.bytes.clone(), h.bytes.clone(), h.role.as_ref());
            }
        }
    }

    // 2. short forms of the people found ("ظريف", "رحيم بور") and curated family names
    let mut forms: HashMap<String, Vec<usize>> = HashMap::new();
    // the forms that are the first syllable of an East-Asian name
    let mut syllabic: std::collections::HashSet<String> = Default::default();
    for (e, ent) in b.entities.iter().enumerate() {
        if ent.kind != EntityKind::Person {
            continue;
        }
        for (alias, _) in &ent.aliases {
            let full = normalize(alias);
            let family = normalize(family_name(alias));
            let mut own = vec![full.clone()];
            // a family name that is a function word ("مون جاي ان": "ان") names no one alone
            // nor is the last syllable of an East-Asian name ("أون" of "كيم جونغ أون")
            let east_asian = syllabic_family_first(alias).is_some();
            if family != full
                && !east_asian
                && !VOCAB.stops.contains(&family)
                && !VOCAB.is_verb(&family)
            {
                own.push(family);
            }
            // "كيم جونغ أون" ... "وقال كيم": a name written family first
            if let Some(first) = syllabic_family_first(alias)
                .filter(|f| !VOCAB.stops.contains(f) && !VOCAB.is_verb(f))
            {
                syllabic.insert(first.clone());
                own.push(first);
            }
            for f in own {
                let list = forms.entry(f).or_default();
                if !list.contains(&e) {
                    list.push(e);
                }
            }
        }
    }
    let max_words = forms
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(0);
    let toks = doc.toks;
    let mut i = 0;
    while i < toks.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        let mut found: Option<(usize, usize, Vec<usize>)> = None; // (end, prefix_len, entities)
                                                                  // a word the gazetteer knows whole ("بيونغ" of "بيونغ يانغ") is not a clitic on a name
        let whole_known = doc.gaz_at[i].is_some_and(|g| !doc.gaz[g].proclitic);
        for (prefix, stem) in proclitic_splits(&toks[i].norm) {
            if whole_known && !prefix.is_empty() {
                continue;
            }
            let mut key = stem.into_owned();
            let mut j = i;
            loop {
                if covered[j] {
                    break;
                }
                // "كيم" of "كيم جونغ أون" before another name: "كيم كي غوان" is someone else
                let other_name = j == i
                    && syllabic.contains(&key)
                    && toks.get(i + 1).is_some_and(|t| {
                        !t.break_before
                            && !t.norm.starts_with('و')
                            && name_like(doc, i + 1)
                            && plausible_unknown_word(doc, i + 1)
                            && !is_common_noun(&t.norm)
                            && !is_preposition_on_common_noun(&t.norm)
                    });
                if let Some(es) = forms.get(&key).filter(|_| !other_name) {
                    if found.as_ref().is_none_or(|(end, _, _)| j + 1 > *end) {
                        found = Some((j + 1, prefix.len(), es.clone()));
                    }
                }
                j += 1;
                if j - i >= max_words || j >= toks.len() || toks[j].break_before {
                    break;
                }
                key.push(' ');
                key.push_str(&toks[j].norm);
            }
        }
        let curated = doc.gaz_at[i]
            .map(|g| &doc.gaz[g])
            .filter(|m| m.toks.start == i && m.toks.clone().all(|t| !covered[t]))
            .filter(|m| {
                matches!(
                    GAZETTEER.entries[m.entry].kind,
                    GazKind::PersonFamily | GazKind::Person
                )
            });
        if let Some((end, prefix_len, es)) = found {
            let start = start_after(doc, i, prefix_len);
            let bytes = start..toks[end - 1].range.end;
            // several people share this family name: the one mentioned last before here
            let e = es
                .iter()
                .copied()
                .filter(|&e| b.last_seen[e] <= start)
                .max_by_key(|&e| b.last_seen[e])
                .or_else(|| es.first().copied());
            if let Some(e) = e {
                b.add_mention(e, bytes, start..toks[end - 1].range.end, None);
            }
            i = end;
            continue;
        }
        if let Some(m) = curated {
            let name = name_as_written(&doc.text[m.bytes.clone()]);
            let name = &*name_after_lil(&name, m.proclitic);
            let e = b
                .find_person(name, None)
                .unwrap_or_else(|| b.new_entity(EntityKind::Person, name));
            b.add_named_mention(e, m.bytes.clone(), name, None, false);
            for f in [normalize(name), normalize(family_name(name))] {
                forms.entry(f).or_default().push(e);
            }
            i = m.toks.end;
            continue;
        }
        i += 1;
    }

    // 3. places and organisations
    places(&mut b, &covered);

    finish(b)
}

fn start_after(doc: &Doc<'_>, i: usize, prefix_len: usize) -> usize {
    let t = &doc.toks[i];
    let chars = t.norm.get(..prefix_len).map_or(0, |p| p.chars().count());
    t.range.start + crate::extract::arabic::raw_offset_after(&doc.text[t.range.clone()], chars)
}

fn unnamed(b: &mut Builder<'_, '_>, description: &str) -> usize {
    let key = (0u8, normalize(description));
    if let Some(&e) = b.by_key.get(&key) {
        return e;
    }
    let e = b.new_entity(EntityKind::UnnamedPerson, description);
    b.by_key.insert(key, e);
    e
}

fn place_entity(b: &mut Builder<'_, '_>, kind: EntityKind, canonical: &str) -> usize {
    let key = (kind as u8 + 1, canonical.to_string());
    if let Some(&e) = b.by_key.get(&key) {
        return e;
    }
    let e = b.new_entity(kind, canonical);
    b.by_key.insert(key, e);
    e
}

fn places(b: &mut Builder<'_, '_>, covered_by_person: &[bool]) {
    let doc = b.doc;
    let g = &*GAZETTEER;
    let mut skip_next_city = None;
    for (gi, m) in doc.gaz.iter().enumerate() {
        if skip_next_city == Some(gi) {
            continue;
        }
        let entry = &g.entries[m.entry];
        let kind = match entry.kind {
            GazKind::Country | GazKind::Demonym => EntityKind::Country,
            GazKind::City => EntityKind::City,
            GazKind::Organisation => EntityKind::Organisation,
            GazKind::Person | GazKind::PersonFamily => continue,
        };
        // "العاصمة الإيرانية" → طهران; "العاصمة العمانية مسقط" → مسقط
        if entry.kind == GazKind::Demonym && m.toks.start > 0 {
            let prev = &doc.toks[m.toks.start - 1];
            let is_capital = !doc.toks[m.toks.start].break_before
                && proclitic_splits(&prev.norm)
                    .iter()
                    .any(|(_, s)| s == "العاصمه");
            if is_capital && !covered_by_person[m.toks.start - 1] {
                let start = start_after_capital_word(doc, m.toks.start - 1);
                let next = doc.gaz.get(gi + 1).filter(|n| {
                    n.toks.start == m.toks.end
                        && g.entries[n.entry].kind == GazKind::City
                        && !doc.toks[n.toks.start].break_before
                });
                if let Some(n) = next {
                    let city = g.entries[n.entry].canonical.clone();
                    let e = place_entity(b, EntityKind::City, &city);
                    b.add_mention(e, start..n.bytes.end, n.bytes.clone(), None);
                    skip_next_city = Some(gi + 1);
                    continue;
                }
                let capital = entry
                    .country
                    .as_ref()
                    .and_then(|c| g.capital.get(c))
                    .cloned();
                if let Some(city) = capital {
                    let e = place_entity(b, EntityKind::City, &city);
                    b.add_mention(e, start..m.bytes.end, start..m.bytes.end, None);
                    continue;
                }
            }
        }
        let e = place_entity(b, kind, &entry.canonical);
        b.add_mention(e, m.bytes.clone(), m.bytes.clone(), None);
    }
}

/// Byte start of "العاصمة" in a token that may carry proclitics ("بالعاصمة").
fn start_after_capital_word(doc: &Doc<'_>, i: usize) -> usize {
    let norm = &doc.toks[i].norm;
    let prefix = proclitic_splits(norm)
        .into_iter()
        .find(|(_, s)| s == "العاصمه")
        .map_or(0, |(p, _)| p.len());
    start_after(doc, i, prefix)
}

/// Mentions in text order, entity mention lists rebuilt, Latin names set.
fn finish(b: Builder<'_, '_>) -> Recognized {
    let Builder {
        mut entities,
        mentions,
        ..
    } = b;
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| {
        (
            mentions[i].span.start,
            std::cmp::Reverse(mentions[i].span.end),
        )
    });
    let mut sorted = Vec::with_capacity(mentions.len());
    for e in entities.iter_mut() {
        e.mentions.clear();
    }
    for i in order {
        let m = mentions[i].clone();
        entities[m.entity].mentions.push(sorted.len());
        sorted.push(m);
    }
    for e in entities.iter_mut() {
        if e.kind == EntityKind::Person {
            e.latin_name = latin_name(&e.name)
                .or_else(|| e.aliases.iter().find_map(|(a, _)| latin_name(a)))
                .or_else(|| Some(transliterate(&e.name)).filter(|s| !s.is_empty()));
        }
    }
    Recognized {
        entities,
        mentions: sorted,
    }
}
