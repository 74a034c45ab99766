//! Calendar dates (`YYYY-MM-DD`), with the few calendar functions the format needs.
//! There is no clock here: "today" is always an argument.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    /// A date, if the day exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD` (four, two and two digits).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let mut n = 0u32;
            for &c in &b[r] {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + u32::from(c - b'0');
            }
            Some(n)
        };
        Date::new(
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        )
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }

    /// This date plus `days` (which may be negative); `None` outside years 1–9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days_since_epoch() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// The first Wednesday strictly after this date.
    pub fn next_wednesday(self) -> Option<Date> {
        let wd = (self.days_since_epoch() + 3).rem_euclid(7); // 0 = Monday
        let ahead = (2 - wd).rem_euclid(7);
        self.add_days(if ahead == 0 { 7 } else { ahead })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

/// The first issue of the weekly numbering rule: issue 424 was published on 2022-01-05.
pub const NUMBERING_EPOCH: (u32, i32, u8, u8) = (424, 2022, 1, 5);

/// The issue number that the date should carry (`424 + weeks since 2022-01-05`), for a
/// Wednesday on or after 2022-01-05.
pub fn expected_number(date: Date) -> Option<u32> {
    let (n, y, m, d) = NUMBERING_EPOCH;
    let epoch = Date::new(y, m, d)?;
    let days = epoch.days_until(date);
    if days < 0 || days % 7 != 0 {
        return None;
    }
    Some(n + (days / 7) as u32)
}

/// The date of issue `number` under the weekly rule (for numbers from 424 on).
pub fn date_of_number(number: u32) -> Option<Date> {
    let (n, y, m, d) = NUMBERING_EPOCH;
    let weeks = i64::from(number.checked_sub(n)?);
    Date::new(y, m, d)?.add_days(weeks * 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display() {
        let d = Date::parse("2026-08-19").unwrap();
        assert_eq!(d.to_string(), "2026-08-19");
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2026-8-19").is_none());
        assert!(Date::parse("２０２６-08-19").is_none());
    }

    #[test]
    fn weekdays_and_numbers() {
        let d = Date::parse("2022-01-05").unwrap();
        assert_eq!(d.weekday(), Weekday::Wednesday);
        let later = Date::parse("2026-08-19").unwrap();
        assert_eq!(later.weekday(), Weekday::Wednesday);
        assert_eq!(expected_number(later), Some(665));
        assert_eq!(date_of_number(665), Some(later));
        assert_eq!(expected_number(Date::parse("2026-08-20").unwrap()), None);
        assert_eq!(
            Date::parse("2026-11-26").unwrap().next_wednesday(),
            Date::parse("2026-12-02")
        );
        assert_eq!(later.next_wednesday(), Date::parse("2026-08-26"));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::parse("2024-02-28").unwrap();
        assert_eq!(d.add_days(1).unwrap().to_string(), "2024-02-29");
        assert_eq!(d.add_days(2).unwrap().to_string(), "2024-03-01");
        assert_eq!(d.add_days(-59).unwrap().to_string(), "2023-12-31");
        for k in -1000..1000 {
            let e = d.add_days(k).unwrap();
            assert_eq!(d.days_until(e), k);
        }
    }
}
