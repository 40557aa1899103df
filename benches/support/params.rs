//! Query parameters the store benches draw from what a store holds, as `khabar bench` draws them
//! through the API: the people who speak, the people who meet, and the months meetings fall in.
//! Included by `query.rs` and `store.rs` with `#[path]` (each bench is its own crate).
use khabar::extract::{EntityKind, PartialDate};
use khabar::store::{DateRange, EntityQuery, Store};

/// The names of the people with at least one quote and of those with at least one meeting.
pub fn speakers_and_participants(store: &Store) -> (Vec<String>, Vec<String>) {
    let people = store
        .list_entities(
            &EntityQuery {
                kind: Some(EntityKind::Person),
                name_prefix: None,
            },
            100_000,
            None,
        )
        .expect("list people")
        .items;
    let names = |keep: fn(&khabar::store::EntityRecord) -> bool| -> Vec<String> {
        people
            .iter()
            .filter(|e| keep(e))
            .map(|e| e.name.clone())
            .collect()
    };
    (names(|e| e.quote_count > 0), names(|e| e.meeting_count > 0))
}

/// One whole-month range per distinct month among `dates` (those with a year and a month), in
/// order.
pub fn month_ranges(dates: impl Iterator<Item = PartialDate>) -> Vec<DateRange> {
    let mut months: Vec<u32> = dates
        .filter(|d| d.year > 0 && d.month > 0)
        .map(|d| d.year as u32 * 10_000 + d.month * 100)
        .collect();
    months.sort_unstable();
    months.dedup();
    months
        .into_iter()
        .map(|m| DateRange {
            from: m + 1,
            to: m + 31,
        })
        .collect()
}
