//! Meetings (placeholder, see issue 3).
use super::{Lang, Meeting, NaiveDate, Recognized, TemporalExpression};

pub fn find_meetings(
    _text: &str,
    _entities: &Recognized,
    _dates: &[TemporalExpression],
    _published: Option<NaiveDate>,
    _lang: Lang,
) -> Vec<Meeting> {
    Vec::new()
}
