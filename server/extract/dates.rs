//! Temporal expressions (placeholder, see issue 4).
use super::{Lang, NaiveDate, TemporalExpression};

pub fn find_temporal_expressions(
    _text: &str,
    _published: Option<NaiveDate>,
    _lang: Lang,
) -> Vec<TemporalExpression> {
    Vec::new()
}
