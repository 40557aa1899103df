//! From a parsed expression to a calendar value, against an anchor day (the publication date, or
//! failing that a date the article states) and the reading of its clause.
//!
//! Hijri dates go through icu_calendar's Umm al-Qura calendar (the official Saudi calendar, the
//! one Arabic news prints), never a home-made table.
use chrono::{Datelike, Duration, NaiveDate};
use icu_calendar::cal::Hijri;
use icu_calendar::cal::Iso;
use icu_calendar::Date;

use super::grammar::{MonthRef, Parsed, YearRef};
use super::words::{Part, Unit};
use crate::extract::{DatePrecision, PartialDate, Reading};

/// What an expression resolves to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub value: Option<PartialDate>,
    pub precision: DatePrecision,
    pub reading: Reading,
    pub confidence: f32,
}

/// Gregorian date of a Hijri (Umm al-Qura) date; `None` if the day does not exist.
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let hijri =
        Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = hijri.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// The Hijri (Umm al-Qura) year of a Gregorian date.
fn hijri_year_of(d: NaiveDate) -> Option<i32> {
    let iso = Date::try_new_iso(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some(h.year().extended_year())
}

fn month_index(y: i32, m: u32) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn from_month_index(i: i64) -> (i32, u32) {
    let y = i.div_euclid(12);
    let m = i.rem_euclid(12) + 1;
    (i32::try_from(y).unwrap_or(0), u32::try_from(m).unwrap_or(1))
}

/// Picks among candidate dates by the reading: the latest not after the anchor when past, the
/// earliest not before it when future, the nearest otherwise (ties go to the past: news reports
/// more than it announces).
fn pick(cands: &[NaiveDate], anchor: NaiveDate, reading: Reading) -> Option<NaiveDate> {
    match reading {
        Reading::Past => cands.iter().filter(|d| **d <= anchor).max().copied(),
        Reading::Future => cands.iter().filter(|d| **d >= anchor).min().copied(),
        _ => None,
    }
    .or_else(|| {
        cands
            .iter()
            .min_by_key(|d| ((**d - anchor).num_days().abs(), **d > anchor))
            .copied()
    })
}

/// How far from publication a day without a year may lie against the clause's tense: news
/// without a year speaks of the coming weeks ("حتى 15 تموز", "بحلول 12 أيار" in a past or
/// present sentence) or the weeks just gone, seldom of the same day a year away.
const NEAR_DAYS: i64 = 45;

/// [`pick`] for a day without a year: a candidate within [`NEAR_DAYS`] of the anchor wins over
/// one nearly a year away, except in a past clause where the day does not end a span: "في
/// السابع من أبريل قصفت" three days before April 7 is last year's, "حتى 15 تموز" is not. A
/// future clause still names recent days ("سترفع ... بعد إعادة انتخابه في 24 حزيران").
fn pick_day(
    cands: &[NaiveDate],
    anchor: NaiveDate,
    reading: Reading,
    until: bool,
) -> Option<NaiveDate> {
    if reading == Reading::Past && !until {
        return pick(cands, anchor, reading);
    }
    let near = cands
        .iter()
        .filter(|d| (**d - anchor).num_days().abs() <= NEAR_DAYS)
        .min_by_key(|d| (**d - anchor).num_days().abs())
        .copied();
    near.or_else(|| pick(cands, anchor, reading))
}

/// The first day of the ISO week holding `d`.
fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

fn partial(d: NaiveDate) -> PartialDate {
    PartialDate::day(d)
}

fn year_value(y: i32) -> PartialDate {
    PartialDate {
        year: y,
        month: 1,
        day: 1,
    }
}

/// The reading a value implies against the anchor, at its precision.
fn reading_of(value: PartialDate, precision: DatePrecision, anchor: Option<NaiveDate>) -> Reading {
    let Some(a) = anchor else {
        return Reading::Unknown;
    };
    let key = |y: i32, m: u32, d: u32| match precision {
        DatePrecision::Year => (y, 0, 0),
        DatePrecision::Month
        | DatePrecision::EarlyMonth
        | DatePrecision::MidMonth
        | DatePrecision::LateMonth => (y, m, 0),
        _ => (y, m, d),
    };
    let v = if precision == DatePrecision::Week {
        let Some(d) = value.to_naive() else {
            return Reading::Unknown;
        };
        let ws = week_start(a);
        return match d.cmp(&ws) {
            std::cmp::Ordering::Less => Reading::Past,
            std::cmp::Ordering::Equal => Reading::Present,
            std::cmp::Ordering::Greater => Reading::Future,
        };
    } else {
        key(value.year, value.month, value.day)
    };
    match v.cmp(&key(a.year(), a.month(), a.day())) {
        std::cmp::Ordering::Less => Reading::Past,
        std::cmp::Ordering::Equal => Reading::Present,
        std::cmp::Ordering::Greater => Reading::Future,
    }
}

/// The year a named Gregorian month (and day, if given) falls in, when the text gives none.
fn infer_year(
    month: u32,
    day: Option<u32>,
    p: &Parsed,
    anchor: NaiveDate,
    reading: Reading,
) -> Option<i32> {
    let (dir, weekday, until) = (p.month_dir, p.weekday, p.until);
    let y = anchor.year();
    let date_in = |yy: i32| NaiveDate::from_ymd_opt(yy, month, day.unwrap_or(1));
    let cands: Vec<NaiveDate> = (y - 1..=y + 1).filter_map(date_in).collect();
    let after_anchor = |d: &NaiveDate| match day {
        Some(_) => *d > anchor,
        None => (d.year(), d.month()) > (anchor.year(), anchor.month()),
    };
    let before_anchor = |d: &NaiveDate| match day {
        Some(_) => *d < anchor,
        None => (d.year(), d.month()) < (anchor.year(), anchor.month()),
    };
    let chosen = match dir {
        Some(0) => return Some(y),
        Some(d) if d < 0 => cands.iter().filter(|c| before_anchor(c)).max().copied(),
        Some(_) => cands.iter().filter(|c| after_anchor(c)).min().copied(),
        None => {
            if let Some(wd) = weekday {
                // the weekday picks the year only among dates near the anchor: a weekday that
                // contradicts this year's date is a slip, not a date a year away
                let matching: Vec<NaiveDate> = cands
                    .iter()
                    .filter(|c| c.weekday().number_from_monday() == u32::from(wd))
                    .filter(|c| (**c - anchor).num_days().abs() <= 200)
                    .copied()
                    .collect();
                if !matching.is_empty() {
                    return pick(&matching, anchor, Reading::Unknown).map(|d| d.year());
                }
            }
            let anchor_m = NaiveDate::from_ymd_opt(y, anchor.month(), 1).unwrap_or(anchor);
            if day.is_none() {
                pick(&cands, anchor_m, reading)
            } else {
                pick_day(&cands, anchor, reading, until)
            }
        }
    };
    chosen.map(|d| d.year())
}

/// The Gregorian date of a Hijri day-month without a year: the Hijri years around the anchor,
/// the one whose weekday the text gives first ("الأحد 30 ذي القعدة").
fn infer_hijri(
    month: u8,
    day: u8,
    p: &Parsed,
    anchor: NaiveDate,
    reading: Reading,
) -> Option<NaiveDate> {
    let (weekday, until) = (p.weekday, p.until);
    let hy = hijri_year_of(anchor)?;
    let cands: Vec<NaiveDate> = (hy - 1..=hy + 1)
        .filter_map(|y| hijri_day(y, month, day))
        .collect();
    if let Some(wd) = weekday {
        let matching: Vec<NaiveDate> = cands
            .iter()
            .filter(|c| c.weekday().number_from_monday() == u32::from(wd))
            .filter(|c| (**c - anchor).num_days().abs() <= 200)
            .copied()
            .collect();
        if !matching.is_empty() {
            return pick(&matching, anchor, Reading::Unknown);
        }
    }
    pick_day(&cands, anchor, reading, until)
}

/// A Hijri day, with "the 30th" of a 29-day month read as the day after the 29th: the text was
/// written before the moon was sighted, and that day is the 1st of the next month.
fn hijri_day(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    hijri_to_gregorian(year, month, day).or_else(|| {
        (day == 30)
            .then(|| hijri_to_gregorian(year, month, 29))
            .flatten()
            .map(|d| d + Duration::days(1))
    })
}

/// The weekday `iso` nearest the anchor in the given direction: -1 back (1–7 days), 1 ahead
/// (1–7 days), 0 the anchor itself if it is that weekday, else back or ahead by `reading`.
fn weekday_date(iso: u8, dir: i32, anchor: NaiveDate, reading: Reading) -> NaiveDate {
    let a = i64::from(anchor.weekday().number_from_monday());
    let w = i64::from(iso);
    let back = (a - w).rem_euclid(7);
    let ahead = (w - a).rem_euclid(7);
    let days = match dir {
        d if d < 0 => -(if back == 0 { 7 } else { back }) - 7 * i64::from(-d - 1),
        d if d > 0 => (if ahead == 0 { 7 } else { ahead }) + 7 * i64::from(d - 1),
        _ if back == 0 => 0,
        _ => match reading {
            Reading::Future | Reading::Present => ahead,
            _ => -back,
        },
    };
    anchor + Duration::days(days)
}

fn part_precision(part: Part) -> (DatePrecision, u32) {
    match part {
        Part::Early => (DatePrecision::EarlyMonth, 1),
        Part::Mid => (DatePrecision::MidMonth, 11),
        Part::Late => (DatePrecision::LateMonth, 21),
        Part::First => (DatePrecision::Day, 1),
    }
}

/// Resolves `p`. `anchor` is the publication date (or the article's own date, `inferred`),
/// `reading` the reading of the clause around the expression.
pub(crate) fn resolve(
    p: &Parsed,
    anchor: Option<NaiveDate>,
    inferred: bool,
    reading: Reading,
) -> Resolved {
    let mut r = resolve_inner(p, anchor, reading);
    if inferred && r.value.is_some() && needs_anchor(p) {
        r.confidence *= 0.8;
    }
    if p.approximate {
        r.confidence *= 0.85;
    }
    if r.reading == Reading::Unknown {
        if let Some(v) = r.value {
            r.reading = reading_of(v, r.precision, anchor);
        }
    }
    r
}

/// True when the value depends on the anchor (a relative expression or a missing year).
pub(crate) fn needs_anchor(p: &Parsed) -> bool {
    !matches!(p.year, Some(YearRef::Abs { .. }))
}

fn unresolved(reading: Reading) -> Resolved {
    Resolved {
        value: None,
        precision: DatePrecision::Unknown,
        reading,
        confidence: 0.3,
    }
}

fn resolve_inner(p: &Parsed, anchor: Option<NaiveDate>, reading: Reading) -> Resolved {
    let day_res = |d: NaiveDate, confidence: f32| Resolved {
        value: Some(partial(d)),
        precision: DatePrecision::Day,
        reading: Reading::Unknown,
        confidence,
    };
    // 1. a day with its month: the calendar date wins over weekday and relative day
    if let (Some(day), Some(month)) = (p.day, p.month) {
        let date = explicit_day(p, day, month, anchor, reading);
        if let Some(d) = date {
            let mut conf = if needs_anchor(p) { 0.9 } else { 0.97 };
            if p.weekday
                .is_some_and(|w| u32::from(w) != d.weekday().number_from_monday())
            {
                conf = 0.6;
            }
            if let (Some(off), Some(a)) = (p.rel_day, anchor) {
                if a + Duration::days(i64::from(off)) != d {
                    conf = 0.6;
                }
            }
            return day_res(d, conf);
        }
        if p.rel_day.is_none() && p.weekday.is_none() {
            return unresolved(reading);
        }
    }
    let Some(a) = anchor else {
        return absolute_without_anchor(p, reading);
    };
    // 2. a relative day, checked against its weekday
    if let Some(off) = p.rel_day {
        let d = a + Duration::days(i64::from(off));
        let conf = match p.weekday {
            Some(w) if u32::from(w) != d.weekday().number_from_monday() => 0.5,
            _ => 0.95,
        };
        let mut r = day_res(d, conf);
        r.reading = match off {
            o if o < 0 => Reading::Past,
            0 => Reading::Present,
            _ => Reading::Future,
        };
        return r;
    }
    // 3. a weekday
    if let Some(w) = p.weekday {
        let dir = p.weekday_dir.unwrap_or(0);
        let d = weekday_date(w, dir, a, reading);
        let mut conf: f32 = match (dir, reading) {
            (0, _) if d == a => 0.85,
            (0, Reading::Unknown) => 0.6,
            (0, _) => 0.8,
            _ => 0.9,
        };
        if p.weak_weekday {
            conf *= 0.8;
        }
        return day_res(d, conf);
    }
    // 4. a period relative to publication
    if let Some((unit, n)) = p.period {
        return period_value(unit, n, a, p.part);
    }
    if let Some((unit, n)) = p.ago {
        let mut r = match unit {
            Unit::Day => day_res(a + Duration::days(i64::from(n)), 0.85),
            Unit::Week => Resolved {
                value: Some(partial(week_start(a + Duration::days(7 * i64::from(n))))),
                precision: DatePrecision::Week,
                reading: Reading::Unknown,
                confidence: 0.7,
            },
            Unit::Month => shifted_month(a, n, None, 0.7),
            Unit::Year => Resolved {
                value: Some(year_value(a.year() + n)),
                precision: DatePrecision::Year,
                reading: Reading::Unknown,
                confidence: 0.7,
            },
        };
        r.reading = if n < 0 {
            Reading::Past
        } else {
            Reading::Future
        };
        return r;
    }
    // 5. a month (named or relative), maybe with a part
    if let Some(month) = p.month {
        return match month {
            MonthRef::Rel(n) => shifted_month(a, n, p.part, 0.9),
            MonthRef::Named { hijri: true, .. } => unresolved(reading),
            MonthRef::Named {
                month,
                hijri: false,
            } => {
                let m = u32::from(month);
                let year = match p.year {
                    Some(YearRef::Abs { year, hijri: false }) => Some(year),
                    Some(YearRef::Abs { hijri: true, .. }) => None,
                    Some(YearRef::Rel(n)) => Some(a.year() + n),
                    None => infer_year(m, None, p, a, reading),
                };
                match year {
                    Some(y) => {
                        month_with_part(y, m, p.part, if p.year.is_some() { 0.9 } else { 0.8 })
                    }
                    None => unresolved(reading),
                }
            }
        };
    }
    // 6. a year
    match p.year {
        Some(YearRef::Rel(n)) => Resolved {
            value: Some(year_value(a.year() + n)),
            precision: DatePrecision::Year,
            reading: Reading::Unknown,
            confidence: 0.9,
        },
        Some(YearRef::Abs { .. }) => absolute_without_anchor(p, reading),
        None => unresolved(reading),
    }
}

/// The date of a day with its month, if the year is given or can be inferred.
fn explicit_day(
    p: &Parsed,
    day: u32,
    month: MonthRef,
    anchor: Option<NaiveDate>,
    reading: Reading,
) -> Option<NaiveDate> {
    match month {
        MonthRef::Rel(n) => {
            let a = anchor?;
            let (y, m) = from_month_index(month_index(a.year(), a.month()) + i64::from(n));
            NaiveDate::from_ymd_opt(y, m, day)
        }
        MonthRef::Named { month, hijri: true } => {
            let d = u8::try_from(day).ok()?;
            match p.year {
                Some(YearRef::Abs { year, hijri: true }) => hijri_day(year, month, d),
                _ => infer_hijri(month, d, p, anchor?, reading),
            }
        }
        MonthRef::Named {
            month,
            hijri: false,
        } => {
            let m = u32::from(month);
            let year = match p.year {
                Some(YearRef::Abs { year, hijri: false }) => year,
                Some(YearRef::Abs { hijri: true, .. }) => return None,
                Some(YearRef::Rel(n)) => anchor?.year() + n,
                None => infer_year(m, Some(day), p, anchor?, reading)?,
            };
            NaiveDate::from_ymd_opt(year, m, day)
        }
    }
}

/// Values that need no anchor: a month or year given with its number.
fn absolute_without_anchor(p: &Parsed, reading: Reading) -> Resolved {
    match (p.month, p.year) {
        (
            Some(MonthRef::Named {
                month,
                hijri: false,
            }),
            Some(YearRef::Abs { year, hijri: false }),
        ) => month_with_part(year, u32::from(month), p.part, 0.9),
        (None, Some(YearRef::Abs { year, hijri })) => {
            if hijri {
                match hijri_to_gregorian(year, 1, 1) {
                    Some(d) => Resolved {
                        value: Some(year_value(d.year())),
                        precision: DatePrecision::Year,
                        reading: Reading::Unknown,
                        confidence: 0.5,
                    },
                    None => unresolved(reading),
                }
            } else {
                Resolved {
                    value: Some(year_value(year)),
                    precision: DatePrecision::Year,
                    reading: Reading::Unknown,
                    confidence: 0.9,
                }
            }
        }
        _ => unresolved(reading),
    }
}

fn month_with_part(y: i32, m: u32, part: Option<Part>, confidence: f32) -> Resolved {
    let (precision, day) = part.map_or((DatePrecision::Month, 1), part_precision);
    Resolved {
        value: Some(PartialDate {
            year: y,
            month: m,
            day,
        }),
        precision,
        reading: Reading::Unknown,
        confidence,
    }
}

fn shifted_month(a: NaiveDate, n: i32, part: Option<Part>, confidence: f32) -> Resolved {
    let (y, m) = from_month_index(month_index(a.year(), a.month()) + i64::from(n));
    month_with_part(y, m, part, confidence)
}

fn period_value(unit: Unit, n: i32, a: NaiveDate, part: Option<Part>) -> Resolved {
    match unit {
        Unit::Week | Unit::Day => Resolved {
            value: Some(partial(week_start(a) + Duration::days(7 * i64::from(n)))),
            precision: DatePrecision::Week,
            reading: Reading::Unknown,
            confidence: 0.85,
        },
        Unit::Month => shifted_month(a, n, part, 0.9),
        Unit::Year => Resolved {
            value: Some(year_value(a.year() + n)),
            precision: DatePrecision::Year,
            reading: Reading::Unknown,
            confidence: 0.9,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hijri_dates_convert_with_umm_al_qura() {
        // 26 Shawwal 1436 = 11 August 2015; 1 Ramadan 1435 = 28 June 2014 (Umm al-Qura)
        assert_eq!(
            hijri_to_gregorian(1436, 10, 26),
            NaiveDate::from_ymd_opt(2015, 8, 11)
        );
        assert_eq!(
            hijri_to_gregorian(1435, 9, 1),
            NaiveDate::from_ymd_opt(2014, 6, 28)
        );
        assert_eq!(hijri_to_gregorian(1436, 13, 1), None);
    }
}
