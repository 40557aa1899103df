//! People, organisations and places: mentions in the text and in-article entities.
//!
//! One pass over the tokens ([`crate::extract::arabic::tokens`]):
//! 1. [`gazetteer`]: one Aho-Corasick scan of the normalised token stream for countries,
//!    demonyms, cities, organisations and curated people;
//! 2. [`people`]: role + title + name ("وزير الخارجية الروسي سيرغي لافروف"), names followed by
//!    their role, unnamed officials ("مسؤول إيراني"), role references ("الوزير الروسي");
//! 3. [`coref`]: clusters them: short forms ("ظريف"), misprinted first names ("محمود جواد ظريف"),
//!    role references to the most recent person holding that role.
//!
//! Spans are byte ranges into `text` (see [`crate::extract`]).
mod coref;
mod gazetteer;
mod people;
mod vocab;

use std::ops::Range;

use super::arabic::{normalize, tokens};
use super::{EntityKind, Lang, Mention, Recognized};

/// Finds the people, organisations and places of `text` and clusters their mentions into
/// in-article entities. Every mention belongs to exactly one entity.
pub fn recognize(text: &str, lang: Lang) -> Recognized {
    match lang {
        Lang::Arabic => {
            let toks = tokens(text);
            let gaz = gazetteer::GAZETTEER.find(text, &toks);
            let doc = people::Doc::new(text, &toks, &gaz);
            let hits = people::find_people(&doc);
            coref::build(&doc, hits)
        }
    }
}

/// The role class of a role as written ("وزير الخارجية الإيراني" → "minister", "الوزيران" →
/// "minister"): the head noun looked up in `roles.txt`, after dropping a dual or plural ending.
pub fn role_class(role: &str) -> Option<&'static str> {
    let toks = tokens(role);
    let v = &*vocab::VOCAB;
    if let Some(h) = v.role_heads.longest_at(&toks, 0, true) {
        return Some(h.value);
    }
    let first = toks.first()?.norm.as_str();
    for suffix in ["ان", "ين", "ا"] {
        if let Some(stem) = first.strip_suffix(suffix) {
            let stem_toks = tokens(stem);
            if let Some(h) = v.role_heads.longest_at(&stem_toks, 0, true) {
                return Some(h.value);
            }
        }
    }
    None
}

/// Whether the city the gazetteer calls `city` lies in the country it calls `country`
/// (canonical names, as entities carry them: "أنقرة", "تركيا").
pub fn city_in_country(city: &str, country: &str) -> bool {
    let g = &*gazetteer::GAZETTEER;
    let code = |kind, name: &str| g.code_of(kind, &normalize(name));
    code(gazetteer::GazKind::City, city)
        .zip(code(gazetteer::GazKind::Country, country))
        .is_some_and(|(a, b)| a == b)
}

/// The country a nationality adjective names, in any of its forms ("الروسية", "المصري" →
/// "روسيا", "مصر"), normalised.
pub fn country_of_demonym(norm: &str) -> Option<&'static str> {
    gazetteer::GAZETTEER.demonym_country(norm)
}

/// Whether the normalised word ends a person's name and is never one (`name_stops.txt`:
/// particles, pronouns, quantifiers such as "أحد", "بعض", "نفس"): speaker phrases use it so that
/// "أحد المحللين" does not become a person called "أحد".
pub fn is_name_stop(norm: &str) -> bool {
    vocab::VOCAB.stops.contains(norm)
}

impl Recognized {
    /// The mentions whose span lies inside `range` (byte offsets), in text order, with their
    /// indexes into [`Recognized::mentions`].
    pub fn mentions_in(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &Mention)> {
        self.mentions
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.span.start >= range.start && m.span.end <= range.end)
    }

    /// The mentions of people (named or not) inside `range`: the candidate speakers and
    /// participants of a clause.
    pub fn person_mentions_in(
        &self,
        range: Range<usize>,
    ) -> impl Iterator<Item = (usize, &Mention)> {
        self.mentions_in(range)
            .filter(|(_, m)| matches!(m.kind, EntityKind::Person | EntityKind::UnnamedPerson))
    }

    /// The places (cities, other places, countries) mentioned inside `range`, leaving out the
    /// countries that only qualify a person's role ("الرئيس الإيراني"): for a meeting's place.
    pub fn places_in(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &Mention)> {
        let people: Vec<(usize, usize)> = self
            .mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::Person | EntityKind::UnnamedPerson))
            .map(|m| (m.span.start, m.span.end))
            .collect();
        self.mentions_in(range).filter(move |(_, m)| {
            matches!(
                m.kind,
                EntityKind::City | EntityKind::Country | EntityKind::Place
            ) && !people
                .iter()
                .any(|&(s, e)| s <= m.span.start && m.span.end <= e)
        })
    }

    /// The person a role reference written at byte `at` points to ("الوزير الروسي", "المسؤول
    /// السوري"): the most recent person mentioned before `at` whose role has the same class (any
    /// class for "المسؤول") and, when `role` names a country, that country.
    pub fn resolve_role_reference(&self, at: usize, role: &str) -> Option<usize> {
        let class = role_class(role)?;
        let recognized = recognize(role, Lang::Arabic);
        let country = recognized
            .mentions
            .iter()
            .find(|m| m.kind == EntityKind::Country)
            .map(|m| recognized.entities[m.entity].name.clone());
        let any_class = matches!(class, "official" | "source");
        self.latest_people(at)
            .into_iter()
            .find(|&e| self.entity_has_role(e, (!any_class).then_some(class), country.as_deref()))
    }

    /// The `n` most recent distinct people mentioned before byte `at` whose role matches `role`
    /// ("وزيرا خارجية البلدين" → the two foreign ministers; "الوزيران" → the two ministers): same
    /// role class, and every portfolio word of `role` (خارجية, دفاع, ...) in their role. For the
    /// meetings module's dual references. Most recent first.
    pub fn people_with_role(&self, at: usize, role: &str, n: usize) -> Vec<usize> {
        let Some(class) = role_class(role) else {
            return Vec::new();
        };
        let portfolio: Vec<String> = tokens(role)
            .iter()
            .skip(1)
            .map(|t| t.norm.strip_prefix("ال").unwrap_or(&t.norm).to_string())
            .filter(|w| vocab::VOCAB.role_words.contains(&format!("ال{w}")) && !w.is_empty())
            .collect();
        self.latest_people(at)
            .into_iter()
            .filter(|&e| self.entity_has_role(e, Some(class), None))
            .filter(|&e| {
                portfolio.iter().all(|w| {
                    self.entities[e]
                        .roles
                        .iter()
                        .any(|r| normalize(&r.text).contains(w.as_str()))
                })
            })
            .take(n)
            .collect()
    }

    /// Person entities by their latest mention before `at`, most recent first.
    fn latest_people(&self, at: usize) -> Vec<usize> {
        let mut last: Vec<(usize, usize)> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .filter_map(|(i, e)| {
                e.mentions
                    .iter()
                    .filter_map(|&m| self.mentions.get(m))
                    .filter(|m| m.span.start < at)
                    .map(|m| m.span.start)
                    .max()
                    .map(|s| (i, s))
            })
            .collect();
        last.sort_by_key(|&(_, s)| std::cmp::Reverse(s));
        last.into_iter().map(|(i, _)| i).collect()
    }

    fn entity_has_role(&self, e: usize, class: Option<&str>, country: Option<&str>) -> bool {
        self.entities[e].roles.iter().any(|r| {
            class.is_none_or(|c| role_class(&r.text) == Some(c))
                && country.is_none_or(|c| r.country.as_deref() == Some(c))
        })
    }
}

#[cfg(test)]
mod tests;
