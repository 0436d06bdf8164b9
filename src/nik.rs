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

/// The province name for a two-digit code, such as `"Jawa Barat"` for `"32"`.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
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
    let input = bounded(input, FIELD_INPUT_LIMIT);
    let normalised = normalise(input.read, NormalForm::Nfkc);
    let mut value = String::with_capacity(normalised.len());
    // The runs between separators, copied whole: a NIK typed without any is one copy.
    for run in normalised.split(|c: char| c.is_whitespace() || c == '.' || c == '-') {
        value.push_str(run);
    }
    let (issues, nik) = match structure(&value, input.cut, options) {
        Ok((nik, warnings)) => (warnings, Some(nik)),
        Err(errors) => (errors, None),
    };
    NikCheck {
        ok: no_errors(&issues),
        value,
        issues,
        nik,
    }
}

/// The NIK's details and any warnings, or every error found. `cut` is the length of the
/// whole input when `value` is the normalisation of its start only.
fn structure(
    value: &str,
    cut: Option<usize>,
    options: &NikOptions,
) -> Result<(NikDetails, Vec<Issue>), Vec<Issue>> {
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
                NikDetails {
                    province_code: province.to_owned(),
                    province_name: province_name(province).unwrap_or_default().to_owned(),
                    regency_code: regency.to_owned(),
                    district_code: district.to_owned(),
                    birth_date: None,
                    gender: None,
                    serial: serial.to_owned(),
                    sandbox: true,
                },
                Vec::new(),
            )),
        };
    }

    let mut errors = Vec::new();
    let name = province_name(province);
    if name.is_none() {
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
    let (Some(name), Some((date, gender)), true) = (name, birth, errors.is_empty()) else {
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
        NikDetails {
            province_code: province.to_owned(),
            province_name: name.to_owned(),
            regency_code: regency.to_owned(),
            district_code: district.to_owned(),
            birth_date: Some(date),
            gender: Some(gender),
            serial: serial.to_owned(),
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
