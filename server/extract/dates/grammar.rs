//! The date grammar: from the token stream to parsed (not yet resolved) expressions.
//!
//! Hand-written longest-match rules over the words the data files define; each rule reads like
//! the phrase it accepts. The scan is one pass: at each token try every rule, keep the longest,
//! jump past it.
use super::tokens::{TokKind, Tokens};
use super::words::{words, Atom, Dur, Guard, Hit, Part, Unit, Words};

/// A month as written: a named month (Gregorian or Hijri) or one relative to publication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum MonthRef {
    Named {
        month: u8,
        hijri: bool,
    },
    /// "الشهر الجاري" = 0, "الشهر الماضي" = -1.
    Rel(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum YearRef {
    Abs { year: i32, hijri: bool },
    Rel(i32),
}

/// One expression as written, with what it says; [`super::resolve`] turns it into a date.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parsed {
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// Bytes of clitics (و، ب، ل) on the first word's normalised form, outside the span.
    pub skip: usize,
    pub day: Option<u32>,
    pub month: Option<MonthRef>,
    /// Direction written after a named month ("نوفمبر الماضي", "مارس الجاري").
    pub month_dir: Option<i32>,
    pub year: Option<YearRef>,
    pub weekday: Option<u8>,
    pub weekday_dir: Option<i32>,
    /// The weekday is the guarded "الاثنين" (also "the two") without date context.
    pub weak_weekday: bool,
    pub rel_day: Option<i32>,
    /// "الأسبوع المقبل", "العام الماضي", "هذا الشهر".
    pub period: Option<(Unit, i32)>,
    /// "منذ أسبوعين" = (Week, -2).
    pub ago: Option<(Unit, i32)>,
    pub part: Option<Part>,
    /// A twin ("ليل السبت الأحد") or a borrowed month ("1 و2 يونيو"): less sure.
    pub approximate: bool,
    /// "22 من نفس الشهر", "23 من ذات الشهر", "9 منه": the month of the date before it.
    pub same_month: bool,
    /// Written after "حتى", "لغاية", "بحلول": the end of a span, usually still ahead.
    pub until: bool,
}

struct Grammar<'a, 't> {
    t: &'a Tokens<'t>,
    w: &'static Words,
    hits: Vec<Option<Hit<Atom>>>,
}

/// Every date expression in `t`, in order, non-overlapping.
pub(crate) fn parse(t: &Tokens) -> Vec<Parsed> {
    let w = words();
    let hits = (0..t.len()).map(|i| w.main.at(t, i)).collect();
    let g = Grammar { t, w, hits };
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match g.expression(i) {
            Some(p) if p.end > i => {
                i = p.end;
                out.push(p);
            }
            _ => i += 1,
        }
    }
    propagate_years(&g, &mut out);
    borrow_months(&mut out);
    out
}

/// "من 8 أيار/مايو ... لغاية 22 من نفس الشهر": a day of "the same month" takes the month and
/// year of the nearest named month before it; without one it is not a date we can place.
fn borrow_months(out: &mut Vec<Parsed>) {
    for k in 0..out.len() {
        if !out[k].same_month {
            continue;
        }
        let antecedent = out[..k]
            .iter()
            .rev()
            .find(|p| matches!(p.month, Some(MonthRef::Named { .. })))
            .map(|p| (p.month, p.year, p.month_dir));
        if let Some((month, year, month_dir)) = antecedent {
            let p = &mut out[k];
            (p.month, p.year, p.month_dir) = (month, year, month_dir);
        }
    }
    out.retain(|p| !p.same_month || p.month.is_some());
}

/// "في كانون الثاني ونيسان من العام الحالي": a month without a year joined by و to a later one
/// with a year takes that year.
fn propagate_years(g: &Grammar, out: &mut [Parsed]) {
    for k in (1..out.len()).rev() {
        let (a, b) = out.split_at_mut(k);
        let (prev, next) = (&mut a[k - 1], &b[0]);
        let joined =
            next.start == prev.end && g.t.word(next.start).starts_with('و') && next.skip > 0
                || (next.start == prev.end + 1 && g.t.word(prev.end) == "و");
        if !joined || prev.year.is_some() || prev.month_dir.is_some() {
            continue;
        }
        if let (
            Some(MonthRef::Named {
                month: m1,
                hijri: h1,
            }),
            Some(MonthRef::Named {
                month: m2,
                hijri: h2,
            }),
        ) = (prev.month, next.month)
        {
            if h1 == h2 && m1 <= m2 {
                prev.year = next.year;
                if prev.year.is_none() {
                    prev.month_dir = next.month_dir;
                }
            }
        }
    }
}

impl Grammar<'_, '_> {
    fn atom(&self, i: usize) -> Option<Atom> {
        self.hits.get(i).copied().flatten().map(|h| h.value)
    }
    fn hit(&self, i: usize) -> Option<Hit<Atom>> {
        self.hits.get(i).copied().flatten()
    }
    /// The token after the phrase at `i` (phrases can span several words).
    fn after(&self, i: usize) -> usize {
        self.hit(i).map_or(i + 1, |h| h.end)
    }
    fn punct(&self, i: usize) -> Option<char> {
        match self.t.toks.get(i)?.kind {
            TokKind::Punct(c) => Some(c),
            _ => None,
        }
    }
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.t.toks.get(i)?.kind {
            TokKind::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }
    fn glued(&self, i: usize) -> bool {
        self.t.toks.get(i).is_some_and(|t| t.glued)
    }
    fn is(&self, i: usize, want: Atom) -> bool {
        self.atom(i) == Some(want)
    }
    /// Optional comma or dash between parts of one date ("الأربعاء، 3 ديسمبر").
    fn skip_comma(&self, i: usize) -> usize {
        match self.punct(i) {
            Some('،' | ',' | '-' | '–') => i + 1,
            _ => i,
        }
    }

    fn expression(&self, i: usize) -> Option<Parsed> {
        // every rule starts with a known word or a number
        if self.hit(i).is_none() && self.num(i).is_none() {
            return None;
        }
        let skip = self.hit(i).map_or(0, |h| h.skip);
        let mut best: Option<Parsed> = None;
        let candidates = [
            self.day_anchored(i),
            self.dated_day(i),
            self.part_phrase(i),
            self.month_phrase(i),
            self.period_phrase(i),
            self.year_phrase(i),
            self.ago_phrase(i),
            self.numeric_date(i),
        ];
        for p in candidates.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| p.end > b.end) {
                best = Some(p);
            }
        }
        best.map(|mut p| {
            p.start = i;
            p.until = i > 0
                && matches!(
                    self.t.word(i - 1),
                    "حتي" | "لغايه" | "غايه" | "بحلول" | "وحتي"
                );
            p.skip = if matches!(self.t.toks[i].kind, TokKind::Word) {
                skip
            } else {
                0
            };
            p
        })
    }

    /// A day number: "7", "الـ18", "الخامس عشر".
    fn day_number(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((v, d)) = self.num(i) {
            return (d <= 2 && (1..=31).contains(&v)).then_some((v, i + 1));
        }
        match self.atom(i)? {
            Atom::Def => {
                let (v, d) = self.num(i + 1)?;
                (d <= 2 && (1..=31).contains(&v)).then_some((v, i + 2))
            }
            Atom::Ordinal(n) => Some((u32::from(n), self.after(i))),
            _ => None,
        }
    }

    /// A month name with its optional "شهر" and twin ("ديسمبر كانون الأول", "يونيو/حزيران",
    /// "أيار (مايو)"). Returns the month, whether context still has to vouch for it, and the end.
    fn month_group(&self, i: usize) -> Option<(u8, bool, bool, usize)> {
        let (mut j, mut vouched) = (i, false);
        if self.is(i, Atom::MonthWord) {
            j = self.after(i);
            vouched = true;
        }
        let Atom::Month {
            month,
            hijri,
            guard,
        } = self.atom(j)?
        else {
            return None;
        };
        vouched |= guard == Guard::None
            || (guard == Guard::Prep
                && j > 0
                && matches!(
                    self.atom(j - 1),
                    Some(Atom::Prep | Atom::Since | Atom::Part(_))
                ));
        let mut k = self.after(j);
        let twin = |at: usize| matches!(self.atom(at), Some(Atom::Month { month: m, hijri: h, .. }) if m == month && h == hijri);
        if twin(k) {
            k = self.after(k);
            vouched = true;
        } else if matches!(self.punct(k), Some('/' | '(' | '-')) && twin(k + 1) {
            let open = self.punct(k) == Some('(');
            k = self.after(k + 1);
            vouched = true;
            if open && self.punct(k) == Some(')') {
                k += 1;
            }
        }
        Some((month, hijri, !vouched, k))
    }

    /// A year number with its optional "عام"/"العام" and era mark: "عام 2014", "2014م",
    /// "1436 هـ". `bare` allows a plain number (after a month, "يونيو 2018").
    fn year_number(&self, i: usize, bare: bool) -> Option<(YearRef, usize)> {
        let mut j = i;
        let worded = matches!(self.atom(i), Some(Atom::YearWord | Atom::Unit(Unit::Year)));
        if worded {
            j = self.after(i);
        }
        let (v, d) = self.num(j)?;
        if !(3..=4).contains(&d) || !(600..=2200).contains(&v) {
            return None;
        }
        let mut k = j + 1;
        let mut hijri = false;
        let mut marked = false;
        match self.atom(k) {
            Some(Atom::HijriMark) => {
                hijri = true;
                marked = true;
                k = self.after(k);
            }
            Some(Atom::GregMark) => {
                marked = true;
                k = self.after(k);
            }
            _ => {}
        }
        if !(worded || marked || bare) {
            return None;
        }
        if !hijri && !(1000..=2200).contains(&v) {
            return None;
        }
        let year = i32::try_from(v).ok()?;
        Some((YearRef::Abs { year, hijri }, k))
    }

    /// What may follow a month: a year ("2014", "عام 2014", "من العام الماضي", "لعام 1983") or a
    /// direction ("الماضي"). Returns (year, month direction, end).
    fn month_tail(&self, i: usize) -> (Option<YearRef>, Option<i32>, usize) {
        if let Some(Atom::Dir(d)) = self.atom(i) {
            return (None, Some(d), self.after(i));
        }
        let j = self.skip_comma(i);
        if let Some((y, k)) = self.year_number(j, true) {
            return (Some(y), None, k);
        }
        let mut j = i;
        if self.is(j, Atom::Of) {
            j = self.after(j);
        }
        if let Some((y, k)) = self.year_number(j, true) {
            return (Some(y), None, k);
        }
        if let Some((d, k)) = self.year_period(j) {
            return (Some(YearRef::Rel(d)), None, k);
        }
        (None, None, i)
    }

    /// "العام الماضي", "السنة المقبلة", "هذا العام".
    fn year_period(&self, i: usize) -> Option<(i32, usize)> {
        match self.atom(i)? {
            Atom::Unit(Unit::Year) => match self.atom(self.after(i)) {
                Some(Atom::Dir(d)) => Some((d, self.after(self.after(i)))),
                _ => None,
            },
            Atom::This if self.is(self.after(i), Atom::Unit(Unit::Year)) => {
                Some((0, self.after(self.after(i))))
            }
            _ => None,
        }
    }

    /// A day with its month: "7 ديسمبر كانون الأول", "الخامس عشر من يونيو 2018",
    /// "26 شوال 1436 هـ", "الـ18 من الشهر الجاري", "يوم 15 أيار/مايو", and a range's first
    /// day ("1 و2 يونيو" gives "1" with June).
    fn dated_day(&self, i: usize) -> Option<Parsed> {
        let mut j = i;
        if self.is(i, Atom::DayWord) {
            j = self.after(i);
        }
        let (day, k) = self.day_number(j)?;
        if let Some(p) = self.day_month(day, k) {
            let mut p = Parsed { start: i, ..p };
            // "26 شوال 1436 هـ الموافق 11 أغسطس 2015": one expression, the Gregorian twin wins.
            let c = self.skip_comma(p.end);
            let (open, c) = match self.punct(c) {
                Some('(') => (true, c + 1),
                _ => (false, c),
            };
            if self.is(c, Atom::Corresp) {
                if let Some(twin) = self.dated_day(self.after(c)) {
                    let mut end = twin.end;
                    if open && self.punct(end) == Some(')') {
                        end += 1;
                    }
                    p = Parsed {
                        start: i,
                        end,
                        ..twin
                    };
                }
            }
            return Some(p);
        }
        // a range: "1 و2 يونيو", "10-12 آب", "من 3 إلى 5 مايو"
        // "السادس والسابع من أبريل": the second ordinal carries the و
        if self.t.word(k).starts_with('و') && matches!(self.atom(k), Some(Atom::Ordinal(_))) {
            let (day2, k2) = self.day_number(k)?;
            if day2 > day {
                let second = self.day_month(day2, k2)?;
                return Some(Parsed {
                    start: i,
                    end: k,
                    day: Some(day),
                    approximate: true,
                    ..second
                });
            }
        }
        let connector = match self.t.toks.get(k).map(|t| &t.kind) {
            Some(TokKind::Punct('-' | '–')) => true,
            Some(TokKind::Word) => {
                let w = self.t.word(k);
                w == "و" || w == "الي" || w == "حتي" || w == "او"
            }
            _ => false,
        };
        if connector {
            let (day2, k2) = self.day_number(k + 1)?;
            if day2 > day {
                let second = self.day_month(day2, k2)?;
                return Some(Parsed {
                    start: i,
                    end: k,
                    day: Some(day),
                    approximate: true,
                    ..second
                });
            }
        }
        None
    }

    /// The month part after a day number at `k`.
    fn day_month(&self, day: u32, k: usize) -> Option<Parsed> {
        let mut m = k;
        if self.is(m, Atom::Of) {
            m = self.after(m);
        }
        if let Some(end) = self.same_month_ref(k, m) {
            return Some(Parsed {
                end,
                day: Some(day),
                same_month: true,
                ..Parsed::default()
            });
        }
        if let Some((month, hijri, _, e)) = self.month_group(m) {
            let (year, month_dir, end) = self.month_tail(e);
            return Some(Parsed {
                end,
                day: Some(day),
                month: Some(MonthRef::Named { month, hijri }),
                month_dir,
                year,
                ..Parsed::default()
            });
        }
        // "الـ24 من الشهر الجاري", "في العاشر من الشهر المقبل"
        if self.is(m, Atom::Unit(Unit::Month)) && m > k {
            let e = self.after(m);
            let (dir, end) = match self.atom(e) {
                Some(Atom::Dir(d)) => (d, self.after(e)),
                _ => (0, e),
            };
            return Some(Parsed {
                end,
                day: Some(day),
                month: Some(MonthRef::Rel(dir)),
                ..Parsed::default()
            });
        }
        None
    }

    /// The end of "نفس الشهر", "ذات الشهر", "الشهر نفسه/ذاته" at `m` (after "من"), or of "منه"
    /// right after the day number at `k`.
    fn same_month_ref(&self, k: usize, m: usize) -> Option<usize> {
        if m == k {
            return (self.t.word(k) == "منه").then_some(k + 1);
        }
        if matches!(self.t.word(m), "نفس" | "ذات") && self.is(m + 1, Atom::Unit(Unit::Month))
        {
            return Some(self.after(m + 1));
        }
        if self.is(m, Atom::Unit(Unit::Month)) {
            let e = self.after(m);
            return matches!(self.t.word(e), "نفسه" | "ذاته").then_some(e + 1);
        }
        None
    }

    /// Phrases anchored on a relative day or a weekday, with what may follow: "يوم أمس،
    /// الأربعاء", "اليوم الإثنين (8 ديسمبر كانون الأول)", "مساء الأحد", "ليل السبت الأحد",
    /// "الثلاثاء 12 يونيو/حزيران 2018", "الأربعاء الماضي (3 ديسمبر كانون الأول)".
    fn day_anchored(&self, i: usize) -> Option<Parsed> {
        let mut j = i;
        let daypart = self.is(j, Atom::DayPart);
        if daypart {
            j = self.after(j);
        }
        let dayword = self.is(j, Atom::DayWord);
        if dayword {
            j = self.after(j);
        }
        let mut p = Parsed {
            start: i,
            ..Parsed::default()
        };
        let mut context = daypart || dayword || (i > 0 && self.is(i - 1, Atom::Corresp));
        let mut end;
        match self.atom(j)? {
            Atom::Day(offset) => {
                if offset == 0 && !self.is_today(i, j) {
                    return None;
                }
                p.rel_day = Some(offset);
                end = self.after(j);
                // "يوم أمس، الأربعاء", "اليوم الإثنين", "أمس الأحد"
                let k = self.skip_comma(end);
                if let Some((wd, e)) = self.weekday_at(k) {
                    p.weekday = Some(wd);
                    end = e;
                }
            }
            Atom::Weekday { iso, guarded } => {
                p.weekday = Some(iso);
                end = self.after(j);
                if let Some(Atom::Dir(d)) = self.atom(end) {
                    p.weekday_dir = Some(d);
                    end = self.after(end);
                    context = true;
                }
                // "ليل السبت الأحد": the night between two days
                if daypart {
                    if let Some(Atom::Weekday { iso: next, .. }) = self.atom(end) {
                        if next == iso % 7 + 1 {
                            end = self.after(end);
                            p.approximate = true;
                        }
                    }
                }
                // "الأحد أمس" (rare) or "الأحد (أمس)"
                if let Some(Atom::Day(offset)) = self.atom(end) {
                    if offset != 0 {
                        p.rel_day = Some(offset);
                        end = self.after(end);
                        context = true;
                    }
                }
                p.weak_weekday = guarded && !context;
            }
            _ => return None,
        }
        p.end = end;
        // the date the weekday or relative day stands for: "(7 ديسمبر كانون الأول)",
        // "، 3 ديسمبر", "الموافق 11 أغسطس", "12 يونيو/حزيران 2018"
        let mut k = self.skip_comma(end);
        let open = self.punct(k) == Some('(');
        if open {
            k += 1;
        }
        if self.is(k, Atom::Corresp) {
            k = self.after(k);
        }
        // "والاثنين غرة شهر ذي الحجة": a weekday with the first of a month
        let date = self.dated_day(k).filter(|d| !d.approximate).or_else(|| {
            self.part_phrase(k)
                .filter(|d| d.day == Some(1) && d.month.is_some())
        });
        if let Some(date) = date {
            let mut e = date.end;
            if open && self.punct(e) == Some(')') {
                e += 1;
            }
            p.day = date.day;
            p.month = date.month;
            p.month_dir = date.month_dir;
            p.year = date.year;
            p.end = e;
            p.weak_weekday = false;
        } else if p.weak_weekday && self.dual_context(j, end) {
            return None;
        }
        Some(p)
    }

    /// A weekday (with optional "يوم") at `k`: its ISO number and end.
    fn weekday_at(&self, k: usize) -> Option<(u8, usize)> {
        let k2 = if self.is(k, Atom::DayWord) {
            self.after(k)
        } else {
            k
        };
        match self.atom(k2)? {
            Atom::Weekday { iso, .. } => Some((iso, self.after(k2))),
            _ => None,
        }
    }

    /// "اليوم" is "today" except as a noun with an adjective ("اليوم الوطني", "اليوم التالي") or
    /// after a demonstrative ("ذلك اليوم", "نفس اليوم").
    fn is_today(&self, start: usize, j: usize) -> bool {
        if start > 0 && self.w.not_today_before.contains(self.t.word(start - 1)) {
            return false;
        }
        let next = self.t.word(j + 1);
        let hashtag = self.punct(j + 1) == Some('_') && self.glued(j + 1);
        !hashtag
            && !self.w.not_today_after.contains(next)
            && !matches!(self.atom(j + 1), Some(Atom::Ordinal(_)))
            && (!is_nisba_adjective(next) || self.atom(j + 1).is_some())
    }

    /// "الاثنين" reads as "the two" after بين/كلا/أحد, before معا/منهما, or with the
    /// preposition ل/ب on it ("للاثنين", "التقى بالاثنين": with both).
    fn dual_context(&self, start: usize, end: usize) -> bool {
        let before = if start > 0 {
            self.t.word(start - 1)
        } else {
            ""
        };
        let after = self.t.word(end);
        matches!(
            before,
            "بين" | "كلا" | "كلتا" | "احد" | "احدي" | "هذين" | "هاتين"
        ) || matches!(after, "معا" | "منهما" | "كليهما")
            || self.t.word(start).starts_with("لل")
            || self.t.word(start).starts_with("بال")
    }

    /// "أواخر نوفمبر تشرين الثاني الماضي", "منتصف الشهر", "نهاية العام الماضي", "مطلع الأسبوع
    /// المقبل", "غرة شوال".
    fn part_phrase(&self, i: usize) -> Option<Parsed> {
        let Some(Atom::Part(part)) = self.atom(i) else {
            return None;
        };
        let j = self.after(i);
        if let Some((month, hijri, _, e)) = self.month_group(j) {
            let (year, month_dir, end) = self.month_tail(e);
            // "غرة شوال" is the first day; the other parts are spans of the month
            let (day, part) = match part {
                Part::First => (Some(1), None),
                p => (None, Some(p)),
            };
            return Some(Parsed {
                start: i,
                end,
                day,
                month: Some(MonthRef::Named { month, hijri }),
                month_dir,
                year,
                part,
                ..Parsed::default()
            });
        }
        // "أواخر عام 2019", "مطلع 2020": a year (the part is finer than a year can say)
        if let Some((year, end)) = self.year_number(j, true) {
            if matches!(year, YearRef::Abs { year: y, hijri: false } if (1900..=2100).contains(&y))
            {
                return Some(Parsed {
                    start: i,
                    end,
                    year: Some(year),
                    ..Parsed::default()
                });
            }
        }
        if part == Part::First {
            return None;
        }
        let (unit, dir, end) = self.period(j, true)?;
        let mut p = Parsed {
            start: i,
            end,
            part: Some(part),
            ..Parsed::default()
        };
        match unit {
            Unit::Month => p.month = Some(MonthRef::Rel(dir)),
            Unit::Year => p.year = Some(YearRef::Rel(dir)),
            _ => p.period = Some((unit, dir)),
        }
        Some(p)
    }

    /// "الأسبوع المقبل", "الشهر الماضي", "هذا العام"; with `bare`, also "الشهر" alone (after a
    /// part word: "منتصف الشهر" is this month's middle). A year given by number after it
    /// ("العام 1979") is a year, not a period.
    fn period(&self, i: usize, bare: bool) -> Option<(Unit, i32, usize)> {
        let (this, j) = if self.is(i, Atom::This) {
            (true, self.after(i))
        } else {
            (false, i)
        };
        let Some(Atom::Unit(unit)) = self.atom(j) else {
            return None;
        };
        let e = self.after(j);
        match self.atom(e) {
            Some(Atom::Dir(d)) => Some((unit, d, self.after(e))),
            _ if this || bare => {
                if self.num(e).is_some() {
                    return None;
                }
                Some((unit, 0, e))
            }
            _ => None,
        }
    }

    fn period_phrase(&self, i: usize) -> Option<Parsed> {
        let (unit, dir, end) = self.period(i, false)?;
        let mut p = Parsed {
            start: i,
            end,
            ..Parsed::default()
        };
        match unit {
            Unit::Month => p.month = Some(MonthRef::Rel(dir)),
            Unit::Year => p.year = Some(YearRef::Rel(dir)),
            _ => p.period = Some((unit, dir)),
        }
        Some(p)
    }

    /// A month without a day: "في سبتمبر أيلول عام 2013", "نوفمبر الماضي", "شهر رمضان",
    /// "يونيو من العام الماضي". Guarded names need a year, a direction, a twin or "شهر".
    fn month_phrase(&self, i: usize) -> Option<Parsed> {
        let (month, hijri, guarded, e) = self.month_group(i)?;
        let (year, month_dir, end) = self.month_tail(e);
        if guarded && year.is_none() && month_dir.is_none() {
            return None;
        }
        Some(Parsed {
            start: i,
            end,
            month: Some(MonthRef::Named { month, hijri }),
            month_dir,
            year,
            ..Parsed::default()
        })
    }

    /// A year alone: "عام 2014", "العام 1979", "2014م", "1436 هـ", and a bare four-digit year
    /// after منذ/في/حتى/خلال ("منذ 1979").
    fn year_phrase(&self, i: usize) -> Option<Parsed> {
        let after_prep = i > 0
            && matches!(self.atom(i - 1), Some(Atom::Prep | Atom::Since))
            && self
                .num(i)
                .is_some_and(|(v, d)| d == 4 && (1900..=2100).contains(&v))
            && !matches!(self.punct(i + 1), Some('/' | '-' | '%'))
            && !(self.punct(i + 1) == Some('.') && self.num(i + 2).is_some());
        let (year, end) = self.year_number(i, after_prep)?;
        Some(Parsed {
            start: i,
            end,
            year: Some(year),
            ..Parsed::default()
        })
    }

    /// "منذ أسبوعين", "قبل ثلاثة أيام", "بعد يومين", "قبل 3 أشهر"; not "بعد يومين من الاجتماع"
    /// (that counts from the meeting, not from publication).
    fn ago_phrase(&self, i: usize) -> Option<Parsed> {
        let sign = match self.atom(i)? {
            Atom::Since | Atom::Before => -1,
            Atom::After => 1,
            _ => return None,
        };
        let j = self.after(i);
        let durs = &self.w.durations;
        let (count, unit, end) = match durs.at(self.t, j).map(|h| (h.value, h.end)) {
            Some((Dur::Dual(u), e)) => (2, u, e),
            Some((Dur::Unit(u), e)) => (1, u, e),
            Some((Dur::Count(n), e)) => match durs.at(self.t, e).map(|h| (h.value, h.end)) {
                Some((Dur::Unit(u) | Dur::Plural(u), e2)) => (n, u, e2),
                _ => return None,
            },
            Some((Dur::Plural(_), _)) => return None,
            None => {
                let (n, d) = self.num(j)?;
                if d > 3 {
                    return None;
                }
                match durs.at(self.t, j + 1).map(|h| (h.value, h.end)) {
                    Some((Dur::Unit(u) | Dur::Plural(u), e2)) => (n, u, e2),
                    _ => return None,
                }
            }
        };
        // "بعد يومين من الاجتماع" counts from the meeting; "منذ عام 2011" is a year; "يوما بعد
        // يوم" is "day by day"
        let next = self.t.word(end);
        if matches!(next, "من" | "علي" | "فقط") || self.num(end).is_some() {
            return None;
        }
        let prev = if i > 0 { self.t.word(i - 1) } else { "" };
        let prev = prev.strip_suffix('ا').unwrap_or(prev);
        if matches!(durs.word(prev), Some(Dur::Unit(_))) {
            return None;
        }
        let n = i32::try_from(count).ok()?;
        Some(Parsed {
            start: i,
            end,
            ago: Some((unit, sign * n)),
            ..Parsed::default()
        })
    }

    /// "2017/05/03", "3-5-2018", "03.05.2018": day first unless the year comes first.
    fn numeric_date(&self, i: usize) -> Option<Parsed> {
        let (a, da) = self.num(i)?;
        let sep = self.punct(i + 1)?;
        if !matches!(sep, '/' | '-' | '.') || self.punct(i + 3) != Some(sep) {
            return None;
        }
        if !(self.glued(i + 1) && self.glued(i + 2) && self.glued(i + 3) && self.glued(i + 4)) {
            return None;
        }
        let (b, db) = self.num(i + 2)?;
        let (c, dc) = self.num(i + 4)?;
        let (year, month, day) = if da == 4 && db <= 2 && dc <= 2 {
            (a, b, c)
        } else if dc == 4 && da <= 2 && db <= 2 {
            (c, b, a)
        } else {
            return None;
        };
        let mut end = i + 5;
        let hijri = self.is(end, Atom::HijriMark);
        if hijri || self.is(end, Atom::GregMark) {
            end = self.after(end);
        }
        let years = if hijri { 1300..=1500 } else { 1900..=2100 };
        if !years.contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        Some(Parsed {
            start: i,
            end,
            day: Some(day),
            month: Some(MonthRef::Named {
                month: u8::try_from(month).ok()?,
                hijri,
            }),
            year: Some(YearRef::Abs {
                year: i32::try_from(year).ok()?,
                hijri,
            }),
            ..Parsed::default()
        })
    }
}

/// A definite relative adjective ("البرلماني", "العالمي", "الموالي"): after "اليوم" it makes a
/// day's name or "the next day", not today.
fn is_nisba_adjective(word: &str) -> bool {
    word.starts_with("ال") && word.ends_with('ي') && word.chars().count() >= 5
}
