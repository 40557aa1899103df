//! Mentions by position, so that looking up the people or places of a clause costs a binary
//! search and the clause's own mentions, not a pass over the whole article: the module stays
//! linear in the article's length.
use std::collections::HashSet;
use std::ops::Range;

use crate::extract::{EntityKind, Mention};

pub(crate) struct MentionIndex<'a> {
    all: &'a [Mention],
    /// Indexes into `all`, by start offset.
    order: Vec<usize>,
    /// Spans that are also a country's or an organisation's.
    non_person_spans: HashSet<(usize, usize)>,
}

impl<'a> MentionIndex<'a> {
    pub(crate) fn new(all: &'a [Mention]) -> Self {
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&i| (all[i].span.start, std::cmp::Reverse(all[i].span.end)));
        let non_person_spans = all
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::Country | EntityKind::Organisation))
            .map(|m| (m.span.start, m.span.end))
            .collect();
        MentionIndex {
            all,
            order,
            non_person_spans,
        }
    }

    /// Mentions lying wholly inside byte range `r`, in text order.
    pub(crate) fn within(
        &self,
        r: Range<usize>,
    ) -> impl DoubleEndedIterator<Item = &'a Mention> + '_ {
        let from = self
            .order
            .partition_point(|&i| self.all[i].span.start < r.start);
        let to = self
            .order
            .partition_point(|&i| self.all[i].span.start < r.end);
        self.order[from..to.max(from)]
            .iter()
            .map(|&i| &self.all[i])
            .filter(move |m| m.span.end <= r.end)
    }

    /// A person mention that is also a country or organisation mention with the same span
    /// ("السوري" in "الحوار السوري السوري"): not trusted as a participant.
    pub(crate) fn ambiguous(&self, m: &Mention) -> bool {
        self.non_person_spans.contains(&(m.span.start, m.span.end))
    }

    /// Whether `m` lies inside a (longer or equal) person mention: "طهران" in "سفير طهران في
    /// بغداد" is part of a role. Nested mentions start at or a little before `m`.
    pub(crate) fn inside_person(&self, m: &Mention) -> bool {
        let upto = self
            .order
            .partition_point(|&i| self.all[i].span.start <= m.span.start);
        self.order[..upto]
            .iter()
            .rev()
            .take(12)
            .map(|&i| &self.all[i])
            .any(|p| {
                matches!(p.kind, EntityKind::Person | EntityKind::UnnamedPerson)
                    && p.span.start <= m.span.start
                    && m.span.end <= p.span.end
            })
    }
}
