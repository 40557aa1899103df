//! Reported speech (placeholder, see issue 3).
use super::{Lang, NaiveDate, Quote, Recognized, TemporalExpression};

pub fn find_quotes(
    _text: &str,
    _entities: &Recognized,
    _dates: &[TemporalExpression],
    _published: Option<NaiveDate>,
    _lang: Lang,
) -> Vec<Quote> {
    Vec::new()
}
