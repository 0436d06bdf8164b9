//! The NIK (Nomor Induk Kependudukan), the 16-digit number on the KTP identity card.
//!
//! A NIK reads `PP RR DD ddmmyy SSSS`: province, regency or city, district, the holder's
//! birth date (40 added to the day for women) and a serial number. The codes follow
//! Permendagri 58/2021 (regencies 01–69, cities 71–99) and Kepmendagri
//! 100.1.1-6117/2022, which added the provinces 93–96 in Papua.
//!
//! Only the structure is checked. Whether a regency or district code *exists* is not an
//! error: regions are split and renamed, and the old code stays on the old cards.
//!
//! A NIK is a string end to end: those of provinces 91–96 exceed 2^53 and would lose
//! digits in a JavaScript number.

use crate::date::{Date, DateFormat};
use crate::issue::{no_errors, Code, Issue};
use crate::text::{bounded, distinct_quoted, normalise, NormalForm, FIELD_INPUT_LIMIT};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The 38 provinces and their Kemendagri codes, the first two digits of every NIK.
///
/// Source: Kepmendagri 100.1.1-6117/2022 (which added 93 Papua Selatan, 94 Papua Tengah,
/// 95 Papua Pegunungan and 96 Papua Barat Daya).
pub const PROVINCES: [(&str, &str); 38] = [
    ("11", "Aceh"),
    ("12", "Sumatera Utara"),
    ("13", "Sumatera Barat"),
    ("14", "Riau"),
    ("15", "Jambi"),
    ("16", "Sumatera Selatan"),
    ("17", "Bengkulu"),
    ("18", "Lampung"),
    ("19", "Kepulauan Bangka Belitung"),
    ("21", "Kepulauan Riau"),
    ("31", "DKI Jakarta"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("34", "DI Yogyakarta"),
    ("35", "Jawa Timur"),
    ("36", "Banten"),
    ("51", "Bali"),
    ("52", "Nusa Tenggara Barat"),
    ("53", "Nusa Tenggara Timur"),
    ("61", "Kalimantan Barat"),
    ("62", "Kalimantan Tengah"),
    ("63", "Kalimantan Selatan"),
    ("64", "Kalimantan Timur"),
    ("65", "Kalimantan Utara"),
    ("71", "Sulawesi Utara"),
    ("72", "Sulawesi Tengah"),
    ("73", "Sulawesi Selatan"),
    ("74", "Sulawesi Tenggara"),
    ("75", "Gorontalo"),
    ("76", "Sulawesi Barat"),
    ("81", "Maluku"),
    ("82", "Maluku Utara"),
    ("91", "Papua"),
    ("92", "Papua Barat"),
    ("93", "Papua Selatan"),
    ("94", "Papua Tengah"),
    ("95", "Papua Pegunungan"),
    ("96", "Papua Barat Daya"),
];

/// The position in [`PROVINCES`] of each code from `00` to `99` by its number, `u8::MAX`
/// for a code that is no province's: a NIK's province is found by its two digits, not by
/// comparing them with 38 codes. Made from [`PROVINCES`] when compiling.
const PROVINCE_BY_NUMBER: [u8; 100] = {
    let mut positions = [u8::MAX; 100];
    let mut at = 0;
    while at < PROVINCES.len() {
        let code = PROVINCES[at].0.as_bytes();
        assert!(code.len() == 2 && code[0].is_ascii_digit() && code[1].is_ascii_digit());
        let number = (code[0] - b'0') as usize * 10 + (code[1] - b'0') as usize;
        assert!(
            positions[number] == u8::MAX,
            "a province code twice in PROVINCES"
        );
        positions[number] = at as u8;
        at += 1;
    }
    positions
};

/// The position in [`PROVINCES`] of the province of the two-digit code `code`.
pub(crate) fn province_position(code: &str) -> Option<usize> {
    let &[tens @ b'0'..=b'9', units @ b'0'..=b'9'] = code.as_bytes() else {
        return None;
    };
    let number = usize::from(tens - b'0') * 10 + usize::from(units - b'0');
    let position = PROVINCE_BY_NUMBER[number];
    (position != u8::MAX).then_some(usize::from(position))
}

/// The province name for a two-digit code, such as `"Jawa Barat"` for `"32"`.
///
/// ```
/// use kyc_precheck::province_name;
///
/// assert_eq!(province_name("32"), Some("Jawa Barat"));
/// assert_eq!(province_name("96"), Some("Papua Barat Daya"));
/// assert_eq!(province_name("99"), None);
/// assert_eq!(province_name("032"), None);
/// ```
pub fn province_name(code: &str) -> Option<&'static str> {
    province_position(code).map(|position| PROVINCES[position].1)
}

/// Kredibel's documented sandbox NIKs, `1234567890111111` to `1234567890111119`: each
/// forces one kind of rejection in Kredibel's sandbox (seed 000, "Testing"). They are not
/// structurally valid (day 78, month 90), so only [`NikMode::Sandbox`] accepts them.
pub const SANDBOX_NIK_PREFIX: &str = "123456789011111";

/// Whether provider test numbers are accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NikMode {
    /// Real NIKs only (the default).
    #[default]
    Strict,
    /// Also accept Kredibel's nine sandbox NIKs, marked `sandbox: true`.
    Sandbox,
}

/// The sex a NIK encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    /// Male: the day of the birth date is written as is.
    #[serde(rename = "M")]
    Male,
    /// Female: 40 is added to the day of the birth date.
    #[serde(rename = "F")]
    Female,
}

impl Gender {
    /// `"M"` or `"F"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
}

/// Options of [`check_nik`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NikOptions {
    /// The date that decides the century of the birth year (a birth date never lies in the
    /// future); default: today.
    pub today: Option<Date>,
    /// The birth date the person entered elsewhere on the form; a mismatch is a warning.
    #[serde(default, deserialize_with = "crate::text::empty_as_none")]
    pub birth_date: Option<Date>,
    /// The gender the person chose elsewhere on the form; a mismatch is a warning.
    pub gender: Option<Gender>,
    /// Whether Kredibel's sandbox NIKs are accepted.
    #[serde(default)]
    pub mode: NikMode,
    /// How the dates in messages are written (the birth dates of `nik.birth_date_mismatch`):
    /// the form's own format; default `YYYY-MM-DD`.
    pub message_format: Option<DateFormat>,
}

/// What a valid NIK says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NikDetails {
    /// Digits 1–2.
    pub province_code: String,
    /// The province's name, from [`PROVINCES`].
    pub province_name: String,
    /// Digits 3–4: 01–69 a regency (kabupaten), 71–99 a city (kota).
    pub regency_code: String,
    /// Digits 5–6.
    pub district_code: String,
    /// `YYYY-MM-DD`; `None` for a sandbox NIK, which encodes no real date.
    pub birth_date: Option<Date>,
    /// `None` for a sandbox NIK.
    pub gender: Option<Gender>,
    /// Digits 13–16.
    pub serial: String,
    /// True for one of Kredibel's sandbox NIKs accepted in sandbox mode.
    pub sandbox: bool,
}

/// The result of [`check_nik`].
#[derive(Clone, Debug, Serialize)]
pub struct NikCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// The input after normalisation (NFKC, spaces, dots and hyphens removed), even when
    /// it is not a valid NIK. Of an input longer than 1,024 characters only the first
    /// 1,024 are read (it is refused as too long), so `value` holds their normalisation.
    pub value: String,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
    /// What the NIK says, when `ok`.
    pub nik: Option<NikDetails>,
}

/// Checks a NIK as typed: normalises it, then checks every part of its structure and
/// reports every problem at once.
///
/// An input longer than 1,024 characters is refused without being read to the end: with
/// `nik.invalid_characters` when its start already holds something other than digits
/// (the first five such characters are named), otherwise with `nik.length`, whose
/// `length` is then the number of characters typed.
///
/// ```
/// use kyc_precheck::{check_nik, Date, Gender, NikOptions};
///
/// let options = NikOptions { today: Date::new(2026, 11, 22), ..Default::default() };
/// let checked = check_nik("3273 0152 0590 0001", &options);
/// assert!(checked.ok);
/// assert_eq!(checked.value, "3273015205900001");
/// let nik = checked.nik.unwrap();
/// assert_eq!(nik.province_name, "Jawa Barat");
/// assert_eq!(nik.birth_date, Date::new(1990, 5, 12));
/// assert_eq!(nik.gender, Some(Gender::Female));
///
/// let wrong = check_nik("3273000005900000", &options);
/// let codes: Vec<_> = wrong.issues.iter().map(|i| i.code.as_str()).collect();
/// assert_eq!(codes, ["nik.district", "nik.birth_date", "nik.serial"]);
/// ```
pub fn check_nik(input: &str, options: &NikOptions) -> NikCheck {
    let (value, cut) = nik_value(input);
    nik_check(&value, structure(&value, cut, options))
}

/// What a valid NIK says, borrowed: its codes and serial are slices of the value it was
/// read from, its province a position in [`PROVINCES`]. [`check_nik`] makes its
/// [`NikDetails`] of it; the bindings' number for a valid NIK is made of it directly,
/// nothing allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NikParts<'a> {
    pub province_code: &'a str,
    /// The province's position in [`PROVINCES`]; `None` for a sandbox NIK's unknown code.
    pub province: Option<usize>,
    pub regency_code: &'a str,
    pub district_code: &'a str,
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
    pub serial: &'a str,
    pub sandbox: bool,
}

impl NikParts<'_> {
    /// The owned details [`check_nik`] returns.
    fn details(&self) -> NikDetails {
        NikDetails {
            province_code: self.province_code.to_owned(),
            province_name: self
                .province
                .map_or("", |position| PROVINCES[position].1)
                .to_owned(),
            regency_code: self.regency_code.to_owned(),
            district_code: self.district_code.to_owned(),
            birth_date: self.birth_date,
            gender: self.gender,
            serial: self.serial.to_owned(),
            sandbox: self.sandbox,
        }
    }
}

/// What [`structure`] finds: a valid NIK's parts and any warnings, or every error.
pub(crate) type Structure<'a> = Result<(NikParts<'a>, Vec<Issue>), Vec<Issue>>;

/// The value [`check_nik`] checks: `input`'s start (see [`bounded`]) normalised, with its
/// spaces, dots and hyphens removed; borrowed when that changes nothing (a NIK typed as
/// digits). With the length of the whole input when only its start was read.
pub(crate) fn nik_value(input: &str) -> (Cow<'_, str>, Option<usize>) {
    let input = bounded(input, FIELD_INPUT_LIMIT);
    let separator = |c: char| c.is_whitespace() || c == '.' || c == '-';
    let value = match normalise(input.read, NormalForm::Nfkc) {
        // Digits alone, as a NIK is typed: no separator to look for character by character.
        normalised if normalised.bytes().all(|b| b.is_ascii_digit()) => normalised,
        normalised if !normalised.contains(separator) => normalised,
        normalised => {
            let mut value = String::with_capacity(normalised.len());
            // The runs between separators, copied whole.
            for run in normalised.split(separator) {
                value.push_str(run);
            }
            Cow::Owned(value)
        }
    };
    (value, input.cut)
}

/// [`check_nik`]'s result for `value` and what [`structure`] found in it.
pub(crate) fn nik_check(value: &str, structure: Structure<'_>) -> NikCheck {
    let (issues, nik) = match structure {
        Ok((parts, warnings)) => (warnings, Some(parts.details())),
        Err(errors) => (errors, None),
    };
    NikCheck {
        ok: no_errors(&issues),
        value: value.to_owned(),
        issues,
        nik,
    }
}

/// The NIK's parts and any warnings, or every error found. `cut` is the length of the
/// whole input when `value` is the normalisation of its start only.
pub(crate) fn structure<'a>(
    value: &'a str,
    cut: Option<usize>,
    options: &NikOptions,
) -> Structure<'a> {
    if value.is_empty() && cut.is_none() {
        return Err(vec![Issue::new(Code::NikRequired)]);
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        let characters = distinct_quoted(value.chars().filter(|c| !c.is_ascii_digit()));
        return Err(vec![
            Issue::new(Code::NikInvalidCharacters).with("characters", characters)
        ]);
    }
    // ASCII digits only, so the byte length is the number of digits.
    let length = cut.unwrap_or(value.len());
    if length != 16 {
        return Err(vec![Issue::new(Code::NikLength)
            .with("length", length)
            .with("expected", 16)]);
    }
    // From here the value is 16 ASCII digits, so byte ranges are character ranges.
    let (province, regency, district) = (&value[0..2], &value[2..4], &value[4..6]);
    let serial = &value[12..16];

    if value.starts_with(SANDBOX_NIK_PREFIX) && serial != "1110" {
        return match options.mode {
            NikMode::Strict => Err(vec![Issue::new(Code::NikSandbox)]),
            NikMode::Sandbox => Ok((
                NikParts {
                    province_code: province,
                    province: province_position(province),
                    regency_code: regency,
                    district_code: district,
                    birth_date: None,
                    gender: None,
                    serial,
                    sandbox: true,
                },
                Vec::new(),
            )),
        };
    }

    let mut errors = Vec::new();
    let position = province_position(province);
    if position.is_none() {
        errors.push(Issue::new(Code::NikProvince).with("provinceCode", province));
    }
    if regency == "00" || regency == "70" {
        errors.push(Issue::new(Code::NikRegency).with("regencyCode", regency));
    }
    if district == "00" {
        errors.push(Issue::new(Code::NikDistrict).with("districtCode", district));
    }
    let birth = birth_date(&value[6..12], options.today.or_else(Date::today));
    if birth.is_none() {
        errors.push(Issue::new(Code::NikBirthDate).with("digits", &value[6..12]));
    }
    if serial == "0000" {
        errors.push(Issue::new(Code::NikSerial));
    }
    let (Some(position), Some((date, gender)), true) = (position, birth, errors.is_empty()) else {
        return Err(errors);
    };

    let mut warnings = Vec::new();
    let written = options.message_format.unwrap_or(DateFormat::YearMonthDay);
    if let Some(entered) = options.birth_date.filter(|entered| *entered != date) {
        warnings.push(
            Issue::new(Code::NikBirthDateMismatch)
                .with("nikBirthDate", date.written(written))
                .with("birthDate", entered.written(written)),
        );
    }
    if let Some(entered) = options.gender.filter(|entered| *entered != gender) {
        warnings.push(
            Issue::new(Code::NikGenderMismatch)
                .with("nikGender", gender.as_str())
                .with("gender", entered.as_str()),
        );
    }
    Ok((
        NikParts {
            province_code: province,
            province: Some(position),
            regency_code: regency,
            district_code: district,
            birth_date: Some(date),
            gender: Some(gender),
            serial,
            sandbox: false,
        },
        warnings,
    ))
}

/// Reads `DDMMYY` (six ASCII digits), with 41–71 as the day of a woman's birth.
///
/// The century is the latest one that does not put the birth after `today`. February 29
/// is thus accepted exactly when `YY % 4 == 0` (2000 was a leap year; 1900 only matters
/// before 2000).
fn birth_date(digits: &str, today: Option<Date>) -> Option<(Date, Gender)> {
    let number =
        |range: std::ops::Range<usize>| digits[range].bytes().fold(0u8, |n, b| n * 10 + (b - b'0'));
    let (encoded_day, month, yy) = (number(0..2), number(2..4), number(4..6));
    let (day, gender) = match encoded_day {
        1..=31 => (encoded_day, Gender::Male),
        41..=71 => (encoded_day - 40, Gender::Female),
        _ => return None,
    };
    let in_2000s = Date::new(2000 + i32::from(yy), month, day)?;
    let date = match today {
        Some(today) if in_2000s > today => Date::new(1900 + i32::from(yy), month, day)?,
        _ => in_2000s,
    };
    Some((date, gender))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index by number finds what a search of the table finds, for every code of two
    /// digits and for strings that are not one.
    #[test]
    fn province_by_number_is_the_table_searched() {
        let mut codes: Vec<String> = (0..100).map(|code| format!("{code:02}")).collect();
        codes.extend(["", "3", "032", "3a", "a3", "٣٢", "+1", "/0", ":0"].map(String::from));
        for code in &codes {
            let searched = PROVINCES
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, name)| *name);
            assert_eq!(province_name(code), searched, "{code:?}");
        }
        assert_eq!(
            codes
                .iter()
                .filter(|code| province_name(code).is_some())
                .count(),
            38
        );
    }

    /// A NIK typed with separators or in other digits is read as check_nik always read it.
    #[test]
    fn nik_value_removes_separators_and_borrows_bare_digits() {
        for (typed, value) in [
            ("3273015205900001", "3273015205900001"),
            ("3273 0152 0590 0001", "3273015205900001"),
            ("32.73.01-520590\t0001", "3273015205900001"),
            ("3273\u{0B}0152", "32730152"),
            ("", ""),
            ("abc", "abc"),
        ] {
            assert_eq!(nik_value(typed).0, value, "{typed:?}");
        }
        assert!(matches!(nik_value("3273015205900001").0, Cow::Borrowed(_)));
    }
}
