//! Dual and plural role phrases as participants: "وزيرا خارجية البلدين", "الرئيسان", "نواب وزراء
//! خارجية كل من سورية والعراق وإيران" name people the article names elsewhere with their roles.
//! The members are the article's people whose role starts with the phrase's head ("وزير", or a
//! deputy's "نائب/مساعد/معاون"), whose role holds the phrase's portfolio ("خارجية"), and, when the
//! phrase lists countries, whose role belongs to one of them.
use std::ops::Range;

use super::index::MentionIndex;
use super::scan::{lookup, Token};
use super::words::words;
use crate::extract::arabic::normalize;
use crate::extract::entities::role_class;
use crate::extract::{ArticleEntity, EntityKind, Recognized};

/// Words that end the portfolio part of a group phrase and start its country part.
const COUNTRY_LEAD: &[&str] = &["كل", "من", "البلدين", "الدول", "الدولتين", "البلدان", "بين"];

/// Without a leading "ال" or "وال" (a bare و is kept: it starts "وزير").
fn strip_article(w: &str) -> &str {
    w.strip_prefix("وال")
        .or_else(|| w.strip_prefix("ال"))
        .unwrap_or(w)
}

/// Entity indexes of the people a group phrase at token `g` refers to; empty unless at least two.
pub(crate) fn group_members(
    text: &str,
    toks: &[Token],
    g: usize,
    clause: &Range<usize>,
    rec: &Recognized,
    mentions: &MentionIndex,
) -> Vec<usize> {
    let w = words();
    let Some(heads) = lookup(&w.group_roles, &toks[g].norm) else {
        return Vec::new();
    };
    let dual = {
        let t = strip_article(&toks[g].norm);
        t.ends_with('ا') || t.ends_with("ان") || t.ends_with("ين") || t.ends_with('ي')
    } && !t_is_plural(strip_article(&toks[g].norm));
    let definite = toks[g].norm.starts_with("ال") || toks[g].norm.starts_with("وال");
    // portfolio words: up to two following words before the country part ("وزيرا خارجية",
    // "نواب وزراء خارجية"); a definite group ("الوزيران") has none
    let mut portfolio: Vec<String> = Vec::new();
    let mut i = g + 1;
    while !definite && i < clause.end && i <= g + 2 {
        let t = &toks[i].norm;
        // a nationality adjective ("الإيراني والعراقي") is not a portfolio
        if COUNTRY_LEAD.contains(&t.as_str()) || strip_article(t).ends_with('ي') {
            break;
        }
        if let Some(h) = lookup(&w.group_roles, t) {
            // "نواب وزراء": the second head is a portfolio-like qualifier ("وزير")
            if let Some(first) = h.first() {
                portfolio.push(first.clone());
            }
        } else {
            portfolio.push(strip_article(t).to_string());
        }
        i += 1;
    }
    // countries named right after the phrase, before a comma or a place ("وزراء خارجية
    // الدول السبع، في ختام اجتماعاتهم في تورنتو الكندية": Canada is where, not whose)
    let last = (g + 10).min(clause.end.saturating_sub(1));
    let window_end = (g + 1..=last)
        .find(|&k| {
            toks.get(k).is_some_and(|t| {
                t.norm == "في"
                    || text
                        .get(toks[k - 1].range.end..t.range.start)
                        .is_some_and(|gap| gap.contains(['،', ',']))
            })
        })
        .and_then(|k| toks.get(k))
        .map(|t| t.range.start)
        .or_else(|| toks.get(last).map(|t| t.range.end))
        .unwrap_or(text.len());
    let start = toks[g].range.end;
    let countries: Vec<String> = mentions
        .within(start..window_end)
        .filter(|m| m.kind == EntityKind::Country)
        .filter_map(|m| rec.entities.get(m.entity).map(|e| normalize(&e.name)))
        .collect();
    // "رئيس الوزراء", "مجلس الوزراء": a definite plural is a noun's complement, not a group;
    // a bare plural ("وزراء") names a group only with a portfolio or countries
    if !dual && (definite || (portfolio.is_empty() && countries.is_empty())) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (idx, e) in rec.entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        let roles = roles_of(rec, e);
        let fits = roles.iter().any(|&(text, country)| {
            if !has_head(text, heads) {
                return false;
            }
            let role = normalize(text);
            if !portfolio
                .iter()
                .all(|p| p.len() < 4 || role.contains(p.as_str()))
            {
                return false;
            }
            countries.is_empty() || country.is_some_and(|c| countries.contains(&normalize(c)))
        });
        if fits {
            out.push(idx);
        }
    }
    if out.len() < 2 || (dual && out.len() != 2) {
        return Vec::new();
    }
    out
}

/// The roles the article gives a person with their countries, and its role-only references to
/// them ("الرئيس الروسي" for a Putin named without a role), which state no country here.
fn roles_of<'a>(rec: &'a Recognized, e: &'a ArticleEntity) -> Vec<(&'a str, Option<&'a str>)> {
    let references = e
        .mentions
        .iter()
        .filter_map(|&mi| rec.mentions.get(mi))
        .filter(|m| m.role.is_none() && m.text != e.name && role_class(&m.text).is_some())
        .map(|m| (m.text.as_str(), None));
    e.roles
        .iter()
        .map(|r| (r.text.as_str(), r.country.as_deref()))
        .chain(references)
        .collect()
}

/// Whether a role starts with one of a group phrase's heads, of the head's class: "الرئيسان"
/// are two presidents, not a president and a prime minister ("رئيس الوزراء" starts with the
/// same word).
fn has_head(role: &str, heads: &[String]) -> bool {
    let norm = normalize(role);
    let first = norm
        .split_whitespace()
        .next()
        .map(strip_article)
        .unwrap_or("");
    // (a woman's post is the head with ة: "وزيرة خارجية كندا" is one of "وزراء الخارجية")
    let fits = |h: &String| {
        h == first
            || first
                .strip_suffix('ه')
                .is_some_and(|masculine| masculine == h)
    };
    if !heads.iter().any(fits) {
        return false;
    }
    let class = role_class(role);
    class.is_none()
        || heads
            .iter()
            .any(|h| role_class(h).is_none_or(|hc| Some(hc) == class))
}

/// Whether the person may be one of those a group phrase ("الوزيران" at token `g`) refers to:
/// no role the article gives them says otherwise.
pub(crate) fn may_be_member(toks: &[Token], g: usize, rec: &Recognized, e: usize) -> bool {
    let (Some(heads), Some(ent)) = (
        toks.get(g)
            .and_then(|t| lookup(&words().group_roles, &t.norm)),
        rec.entities.get(e),
    ) else {
        return false;
    };
    let roles = roles_of(rec, ent);
    roles.is_empty() || roles.iter().any(|&(text, _)| has_head(text, heads))
}

/// Broken plurals that end like a dual ("زعماء" does not, "قادة" does not; "مساعدي" is plural).
fn t_is_plural(t: &str) -> bool {
    matches!(t, "مساعدي" | "مندوبي" | "ممثلي" | "معاوني")
}
