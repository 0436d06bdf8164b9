//! Civil dates and the date field check.
//!
//! The providers write dates two ways: Kredibel's `birthDate` is `yyyy-mm-dd`, WideKYC's
//! `birth_date` is `DD-MM-YYYY`. [`check_date`] reads either and [`Date`] writes both.
//!
//! A proleptic Gregorian date is all the checks need (no times, no time zones), so it is
//! written here in a few dozen lines instead of pulling a date-time crate into a wasm
//! bundle that phones download over mobile data.

use crate::issue::{no_errors, Code, Issue};
use crate::text::{bounded, FIELD_INPUT_LIMIT};
use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date (proleptic Gregorian), always a real one: February 30 cannot be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Which way round a date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum DateFormat {
    /// `YYYY-MM-DD`, as Kredibel and HTML `<input type="date">` write it.
    #[serde(rename = "YYYY-MM-DD")]
    YearMonthDay,
    /// `DD-MM-YYYY`, as WideKYC and Indonesian forms write it.
    #[serde(rename = "DD-MM-YYYY")]
    DayMonthYear,
}

impl DateFormat {
    /// The pattern as written in messages and options: `"YYYY-MM-DD"` or `"DD-MM-YYYY"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::YearMonthDay => "YYYY-MM-DD",
            DateFormat::DayMonthYear => "DD-MM-YYYY",
        }
    }

    /// Reads `"YYYY-MM-DD"` or `"DD-MM-YYYY"`.
    ///
    /// # Errors
    ///
    /// Any other text is a programmer mistake and gets a message naming both formats.
    pub fn parse(text: &str) -> Result<DateFormat, String> {
        match text {
            "YYYY-MM-DD" => Ok(DateFormat::YearMonthDay),
            "DD-MM-YYYY" => Ok(DateFormat::DayMonthYear),
            other => Err(format!(
                "unknown date format {other:?}, expected \"YYYY-MM-DD\" or \"DD-MM-YYYY\""
            )),
        }
    }
}

/// True for Gregorian leap years: every fourth year, except centuries not divisible by 400.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date `year`-`month`-`day`, or `None` when no such day exists.
    ///
    /// ```
    /// use kyc_precheck::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2023, 2, 29).is_none());
    /// assert!(Date::new(1900, 2, 29).is_none());
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=9999).contains(&year).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Written as `YYYY-MM-DD`.
    ///
    /// ```
    /// use kyc_precheck::Date;
    /// assert_eq!(Date::new(1977, 3, 25).unwrap().to_iso(), "1977-03-25");
    /// ```
    pub fn to_iso(self) -> String {
        self.written_text(false).to_owned()
    }

    /// Written as `DD-MM-YYYY`.
    ///
    /// ```
    /// use kyc_precheck::Date;
    /// assert_eq!(Date::new(1977, 3, 25).unwrap().to_dmy(), "25-03-1977");
    /// ```
    pub fn to_dmy(self) -> String {
        self.written_text(true).to_owned()
    }

    /// `YYYY-MM-DD`, or `DD-MM-YYYY` when `day_first`, written digit by digit: a year is
    /// 1–9999 (see [`Date::new`]), so four digits always hold it, and a check that writes
    /// a date on every call (a valid NIK's birth date) needs no formatting machinery.
    fn written_text(self, day_first: bool) -> WrittenDate {
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let year = self.year.unsigned_abs();
        let year = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
        ];
        let month = [
            digit(u32::from(self.month) / 10),
            digit(u32::from(self.month)),
        ];
        let day = [digit(u32::from(self.day) / 10), digit(u32::from(self.day))];
        let mut text = [b'-'; 10];
        if day_first {
            text[..2].copy_from_slice(&day);
            text[3..5].copy_from_slice(&month);
            text[6..].copy_from_slice(&year);
        } else {
            text[..4].copy_from_slice(&year);
            text[5..7].copy_from_slice(&month);
            text[8..].copy_from_slice(&day);
        }
        WrittenDate(text)
    }

    /// Written in `format`, as a form that uses that format shows dates in its messages.
    ///
    /// ```
    /// use kyc_precheck::{Date, DateFormat};
    /// let date = Date::new(1977, 3, 25).unwrap();
    /// assert_eq!(date.written(DateFormat::DayMonthYear), "25-03-1977");
    /// assert_eq!(date.written(DateFormat::YearMonthDay), "1977-03-25");
    /// ```
    pub fn written(self, format: DateFormat) -> String {
        match format {
            DateFormat::YearMonthDay => self.to_iso(),
            DateFormat::DayMonthYear => self.to_dmy(),
        }
    }

    /// Reads a strict `YYYY-MM-DD`, as options such as `today` are written.
    ///
    /// # Errors
    ///
    /// A message saying what was expected, for a programmer passing a malformed option.
    ///
    /// ```
    /// use kyc_precheck::Date;
    /// assert_eq!(Date::parse_iso("2026-11-22").unwrap().day(), 22);
    /// assert!(Date::parse_iso("22-11-2026").is_err());
    /// assert!(Date::parse_iso("2026-02-30").is_err());
    /// ```
    pub fn parse_iso(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let well_formed = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !well_formed {
            return Err(format!("expected a date written YYYY-MM-DD, got {text:?}"));
        }
        let number = |range: std::ops::Range<usize>| {
            text[range]
                .bytes()
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        // Each part has at most four digits, so the conversions cannot fail.
        Date::new(year as i32, month as u8, day as u8)
            .ok_or_else(|| format!("{text:?} is not a real calendar date"))
    }

    /// Today's date in UTC, from the system clock.
    ///
    /// Returns `None` where there is no system clock, as in `wasm32-unknown-unknown`: there
    /// the JS bindings pass the browser's local date instead.
    pub fn today() -> Option<Date> {
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_secs();
            Some(Date::from_days_since_epoch(
                i64::try_from(seconds / 86_400).ok()?,
            ))
        }
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        {
            None
        }
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

/// A date's ten ASCII characters, from [`Date::written_text`].
struct WrittenDate([u8; 10]);

impl std::ops::Deref for WrittenDate {
    type Target = str;

    fn deref(&self) -> &str {
        // Digits and hyphens only: always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.written_text(false))
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Date, String> {
        Date::parse_iso(text)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

/// Options of [`check_date`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DateOptions {
    /// The date against which "in the future" is decided; default: today.
    pub today: Option<Date>,
    /// The earliest accepted date; default 1900-01-01 (every date this library checks is a
    /// birth date, and no living applicant was born before that).
    pub min: Option<Date>,
    /// How the dates in messages are written ("25-03-1977 is in the future"): the form's
    /// own format; default the format the date was typed in.
    pub message_format: Option<DateFormat>,
}

/// A date written both ways the providers ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateDetails {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// `DD-MM-YYYY`.
    pub dmy: String,
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–31.
    pub day: u8,
}

/// The result of [`check_date`].
#[derive(Clone, Debug, Serialize)]
pub struct DateCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// The date as `YYYY-MM-DD` when the input named a real date (even one out of range),
    /// otherwise `None`.
    pub value: Option<String>,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
    /// The date in both spellings, when `ok`.
    pub date: Option<DateDetails>,
}

/// Checks a date typed in `format`: a real calendar date, not in the future, not before
/// `options.min`.
///
/// Separators may be `-`, `/` or `.` (the same one twice), and day and month may have one
/// digit, because that is how people type dates; the year always has four digits so that
/// no century is guessed. An input of more than 1,024 characters is `date.format` without
/// being read to the end.
///
/// ```
/// use kyc_precheck::{check_date, Date, DateFormat, DateOptions};
///
/// let options = DateOptions { today: Date::new(2026, 11, 22), ..Default::default() };
/// let checked = check_date("25/3/1977", DateFormat::DayMonthYear, &options);
/// assert!(checked.ok);
/// assert_eq!(checked.value.as_deref(), Some("1977-03-25"));
/// assert_eq!(checked.date.unwrap().dmy, "25-03-1977");
///
/// let future = check_date("2030-01-01", DateFormat::YearMonthDay, &options);
/// assert_eq!(future.issues[0].code.as_str(), "date.future");
/// assert_eq!(future.issues[0].message_en(), "2030-01-01 is in the future.");
///
/// // A form that shows dates as DD-MM-YYYY has them so in its messages too.
/// let written = DateOptions { message_format: Some(DateFormat::DayMonthYear), ..options };
/// let future = check_date("2030-01-01", DateFormat::YearMonthDay, &written);
/// assert_eq!(future.issues[0].message_id(), "01-01-2030 adalah tanggal di masa depan.");
/// ```
pub fn check_date(input: &str, format: DateFormat, options: &DateOptions) -> DateCheck {
    // A date has at most ten characters, so a text of more than a thousand is not one.
    let input = bounded(input, FIELD_INPUT_LIMIT);
    let text = input.read.trim();
    let mut issues = Vec::new();
    let mut value = None;
    let written = options.message_format.unwrap_or(format);
    if text.is_empty() && input.cut.is_none() {
        issues.push(Issue::new(Code::DateRequired));
    } else {
        match parse_parts(text, format).filter(|_| input.cut.is_none()) {
            None => issues.push(Issue::new(Code::DateFormat).with("format", format.as_str())),
            Some((year, month, day)) => match Date::new(year, month, day) {
                None => issues.push(Issue::new(Code::DateInvalid)),
                Some(date) => {
                    value = Some(date);
                    if let Some(today) = options.today.or_else(Date::today) {
                        if date > today {
                            issues.push(
                                Issue::new(Code::DateFuture)
                                    .with("date", date.written(written))
                                    .with("today", today.written(written)),
                            );
                        }
                    }
                    let min = options.min.unwrap_or(Date {
                        year: 1900,
                        month: 1,
                        day: 1,
                    });
                    if date < min {
                        issues.push(
                            Issue::new(Code::DateTooEarly)
                                .with("date", date.written(written))
                                .with("min", min.written(written)),
                        );
                    }
                }
            },
        }
    }
    let ok = no_errors(&issues);
    DateCheck {
        ok,
        value: value.map(Date::to_iso),
        date: value.filter(|_| ok).map(|d| DateDetails {
            iso: d.to_iso(),
            dmy: d.to_dmy(),
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        issues,
    }
}

/// Splits `text` into year, month and day by `format`, accepting one separator kind used
/// twice; `None` when the text is not shaped like a date at all.
fn parse_parts(text: &str, format: DateFormat) -> Option<(i32, u8, u8)> {
    let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = text.split(separator);
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (year, month, day) = match format {
        DateFormat::YearMonthDay => (first, second, third),
        DateFormat::DayMonthYear => (third, second, first),
    };
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    Some((
        i32::try_from(digits(year, 4..=4)?).ok()?,
        u8::try_from(digits(month, 1..=2)?).ok()?,
        u8::try_from(digits(day, 1..=2)?).ok()?,
    ))
}

// The system clock does not exist on wasm32-unknown-unknown, so neither do these tests.
#[cfg(all(test, not(all(target_arch = "wasm32", target_os = "unknown"))))]
mod tests {
    use super::*;

    #[test]
    fn civil_from_days_matches_known_dates() {
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::new(1970, 1, 1).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016),
            Date::new(2000, 2, 29).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(20_779),
            Date::new(2026, 11, 22).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(-1),
            Date::new(1969, 12, 31).unwrap()
        );
    }

    #[test]
    fn dates_are_written_as_the_formatting_machinery_writes_them() {
        for year in (1..=9999).step_by(7).chain([1, 10, 100, 999, 1000, 9999]) {
            for (month, day) in [(1, 1), (2, 28), (9, 9), (10, 31), (12, 31)] {
                let Some(date) = Date::new(year, month, day) else {
                    continue;
                };
                assert_eq!(date.to_iso(), format!("{year:04}-{month:02}-{day:02}"));
                assert_eq!(date.to_dmy(), format!("{day:02}-{month:02}-{year:04}"));
                assert_eq!(date.to_string(), date.to_iso());
            }
        }
    }

    #[test]
    fn today_is_a_real_recent_date() {
        let today = Date::today().unwrap();
        assert!(today >= Date::new(2026, 1, 1).unwrap());
    }
}
