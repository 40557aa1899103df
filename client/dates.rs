//! Day flags (`--published`, `--from`, `--to`): checked here before anything is sent, so a typo is
//! one clear line naming the flag rather than a server round trip.
use chrono::{Datelike, NaiveDate};
use khabar::api::PartialDate;

use crate::error::CliError;

/// Parses `YYYY-MM-DD` into a full protobuf date; the error names `flag`.
pub fn parse_day(flag: &str, value: &str) -> Result<PartialDate, CliError> {
    let bad = || CliError::usage(format!("{flag}: expected YYYY-MM-DD, got {value:?}"));
    let (y, rest) = value.split_once('-').ok_or_else(bad)?;
    let (m, d) = rest.split_once('-').ok_or_else(bad)?;
    // chrono alone accepts "2014-9-5"; insist on the written form the help shows.
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
    Ok(PartialDate {
        year: day.year(),
        month: day.month() as i32,
        day: day.day() as i32,
    })
}

/// Parses an optional day flag.
pub fn parse_opt_day(flag: &str, value: Option<&str>) -> Result<Option<PartialDate>, CliError> {
    value.map(|v| parse_day(flag, v)).transpose()
}

/// Parses `--from`/`--to` and checks they are in order.
pub fn parse_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<PartialDate>, Option<PartialDate>), CliError> {
    let from_day = parse_opt_day("--from", from)?;
    let to_day = parse_opt_day("--to", to)?;
    if let (Some(f), Some(t)) = (&from_day, &to_day) {
        if (f.year, f.month, f.day) > (t.year, t.month, t.day) {
            return Err(CliError::usage(format!(
                "--from {} is after --to {}",
                from.unwrap_or_default(),
                to.unwrap_or_default()
            )));
        }
    }
    Ok((from_day, to_day))
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as far as the date is known.
pub fn format_date(d: &PartialDate) -> String {
    match (d.year, d.month, d.day) {
        (0, _, _) => "unknown".to_string(),
        (y, 0, _) => format!("{y:04}"),
        (y, m, 0) => format!("{y:04}-{m:02}"),
        (y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected (year, month, day) or the error line)
    type Case = (&'static str, Result<(i32, i32, i32), &'static str>);

    #[test]
    fn day_flags() {
        let cases: &[Case] = &[
            ("2014-09-25", Ok((2014, 9, 25))),
            ("2016-02-29", Ok((2016, 2, 29))),
            (
                "2015-02-29",
                Err(r#"--from: expected YYYY-MM-DD, got "2015-02-29""#),
            ),
            (
                "2014-13-01",
                Err(r#"--from: expected YYYY-MM-DD, got "2014-13-01""#),
            ),
            (
                "2014-9-5",
                Err(r#"--from: expected YYYY-MM-DD, got "2014-9-5""#),
            ),
            (
                "25/09/2014",
                Err(r#"--from: expected YYYY-MM-DD, got "25/09/2014""#),
            ),
            (
                "yesterday",
                Err(r#"--from: expected YYYY-MM-DD, got "yesterday""#),
            ),
            (
                "٢٠١٤-٠٩-٢٥",
                Err(r#"--from: expected YYYY-MM-DD, got "٢٠١٤-٠٩-٢٥""#),
            ),
            ("", Err(r#"--from: expected YYYY-MM-DD, got """#)),
        ];
        for (input, want) in cases {
            let got = parse_day("--from", input)
                .map(|d| (d.year, d.month, d.day))
                .map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(str::to_string), "input {input:?}");
        }
    }

    #[test]
    fn ranges_must_be_in_order() {
        assert!(parse_range(Some("2014-01-01"), Some("2014-01-01")).is_ok());
        let err = parse_range(Some("2015-01-01"), Some("2014-12-31")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--from 2015-01-01 is after --to 2014-12-31"
        );
    }

    #[test]
    fn partial_dates_print_as_far_as_known() {
        let d = |year, month, day| PartialDate { year, month, day };
        assert_eq!(format_date(&d(2014, 11, 21)), "2014-11-21");
        assert_eq!(format_date(&d(2014, 11, 0)), "2014-11");
        assert_eq!(format_date(&d(2014, 0, 0)), "2014");
        assert_eq!(format_date(&d(0, 0, 0)), "unknown");
    }
}
