//! The JavaScript bindings: the one module that names `wasm_bindgen`, `js_sys` or
//! `JsValue`. Each export reads its JS arguments, calls the core, and writes the result
//! back; no rule lives here.
//!
//! User problems come back as data in the result. Programmer mistakes (an argument of the
//! wrong JS type, an unknown option, an option value of the wrong shape) throw an `Error`
//! whose message names the function and the option.
//!
//! **Nothing the caller passes can stop the instance.** A JS exception thrown inside an
//! import unwinds the wasm frames without restoring the shadow stack pointer: a thousand
//! of them and every later call fails with "memory access out of bounds". So every import
//! that can run the caller's code (a getter, a `toJSON`, a Proxy trap) or throw on the
//! caller's value (a revoked Proxy, a detached buffer) is declared with `catch`, or read
//! through one that is, and its exception becomes the function's `Error`. A typed array is
//! measured with the realm's own accessors, never with a `length` the caller can override,
//! and copied by its internal slots.
//!
//! The package has two modules built from this crate (see `scripts/build.sh`). This file
//! is what both export: the field checks and `issueCodes`. With the
//! `photos-and-providers` feature (the package's whole module, `kyc_precheck_bg.wasm`)
//! [`images`] and [`providers`] add the image checks, the fit and the provider layer;
//! without it (the first module a form loads, `kyc_precheck_fields_bg.wasm`), the linker
//! drops everything only they reach: the image codecs, the providers, the encryption.

#[cfg(feature = "photos-and-providers")]
mod images;
#[cfg(feature = "photos-and-providers")]
mod providers;

use crate::{
    CodeInfo, Date, DateFormat, DateOptions, NameOptions, NikOptions, PhoneOptions, Severity,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The longest string argument read, in UTF-16 code units (1 Mi): far above any form field
/// or provider answer (`submit` reads at most 1 MiB of one), and checked before the string
/// is copied. Unchecked, one 500-million-character NIK grew wasm memory to 2.4 GiB for
/// the instance's life, and a non-ASCII one trapped while being copied.
const MAX_TEXT_UNITS: u32 = 1 << 20;

// wasm-bindgen 0.2.130 leaks the table slot of a `catch` import's return value when the
// import throws (it returns before taking the value): one slot per hostile call, forever.
// So the imports that can throw on the caller's value return nothing, a number, a boolean
// or a copied string, never a JS value.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `Object.assign(target, source)`, which runs the caller's getters; the target is
    /// the result, so nothing is returned.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn assign(target: &js_sys::Object, source: &JsValue) -> Result<(), JsValue>;

    /// `Array.from.call(constructor, items, map)`: `map(item, index)` stored at `index` of
    /// the object `new constructor()` makes; see [`json_text`].
    #[wasm_bindgen(catch, js_namespace = Array, js_name = "from.call")]
    fn map_into(
        constructor: &js_sys::Function,
        items: &js_sys::Array,
        map: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// `Function.prototype.bind.call(function, this, first)`.
    #[wasm_bindgen(js_namespace = Function, js_name = "prototype.bind.call")]
    fn bind_first(function: &js_sys::Function, this: &JsValue, first: &JsValue)
        -> js_sys::Function;

    #[wasm_bindgen(thread_local_v2, js_name = Object)]
    static OBJECT: js_sys::Function;

    #[wasm_bindgen(thread_local_v2, js_namespace = JSON, js_name = stringify)]
    static STRINGIFY: js_sys::Function;

    /// `String.prototype.normalize.call(text, form)`: cannot throw for a string and one
    /// of the forms.
    #[cfg(not(feature = "normalization"))]
    #[wasm_bindgen(js_namespace = String, js_name = "prototype.normalize.call")]
    fn normalize(text: &str, form: &str) -> String;
}

/// Hands the core the platform's normalisation, at every instantiation (a fresh instance
/// after a trap included): the package is built without the core's own Unicode tables.
#[cfg(not(feature = "normalization"))]
#[wasm_bindgen(start)]
fn start() {
    crate::set_normaliser(|text, form| {
        normalize(
            text,
            match form {
                crate::NormalForm::Nfc => "NFC",
                crate::NormalForm::Nfkc => "NFKC",
            },
        )
    });
}

/// `checkNik(input, options?, today)`: see the core's `check_nik`. `today` is the date on
/// the caller's calendar as `year * 10000 + month * 100 + day`, read by the JS entry (one
/// `new Date()` there, not four calls across the boundary), used unless `options` sets it.
///
/// A valid NIK without warnings, the answer of nearly every call, comes back as
/// [`valid_nik`]'s text, which the JS entry turns into the result; any other answer as
/// the result itself.
#[wasm_bindgen(js_name = checkNik)]
pub fn check_nik(input: JsValue, options: JsValue, today: f64) -> Result<JsValue, JsError> {
    let input = text("checkNik", input)?;
    let mut options: NikOptions = read_options("checkNik", options)?;
    options.today = options.today.or_else(|| calendar_date(today));
    nik_to_js(crate::check_nik(&input, &options))
}

/// `checkNik`'s default options on `today`, the calendar date the JS entry passes (see
/// [`calendar_date`]).
fn nik_options_for(today: f64) -> NikOptions {
    NikOptions {
        today: calendar_date(today),
        ..NikOptions::default()
    }
}

/// `checkNikText(input, today)`: `checkNik` without options for a string, which crosses
/// as text (the glue copies it into wasm memory) instead of as a JS value read back
/// through an import. The JS entry calls it for short strings only, so its answers are
/// `checkNik`'s: the same bound applies here.
#[wasm_bindgen(js_name = checkNikText)]
pub fn check_nik_text(input: &str, today: f64) -> Result<JsValue, JsError> {
    let input = bounded_text("checkNik", input)?;
    let options = nik_options_for(today);
    nik_to_js(crate::check_nik(input, &options))
}

/// `checkNikNumber(input, today)`: `checkNik` without options for a short string, its
/// valid answer as one number: the JS entry rebuilds the result from it and from `input`,
/// which is then the NIK's `value` (its codes and serial are slices of it), so that no
/// text is written, allocated or decoded for the answer of nearly every keystroke's
/// last. The number is [`nik_number`]'s, or for a refusal of one issue (the answer of
/// every keystroke before the last) [`refusal_key`]'s, below zero; `0` when the answer is
/// neither, which then waits for [`take_answer`] as `checkNikText` would have returned it;
/// `NaN` when `checkNikText` would throw, which the JS entry then calls to throw it.
///
/// A plain number, not a `Result`: a `Result` crosses as three values, which the engine
/// hands to the glue as an array made per call. The valid answer is read from the core's
/// borrowed parts (see `nik::structure`): nothing is allocated for it.
#[wasm_bindgen(js_name = checkNikNumber)]
pub fn check_nik_number(input: &str, today: f64) -> f64 {
    let Ok(text) = bounded_text("checkNik", input) else {
        return f64::NAN;
    };
    let options = nik_options_for(today);
    let (value, cut) = crate::nik::nik_value(text);
    let structure = crate::nik::structure(&value, cut, &options);
    let number = match &structure {
        Ok((parts, warnings)) if warnings.is_empty() && value == input => nik_number(&value, parts),
        Ok(_) => None,
        Err(errors) => refusal_key(crate::no_errors(errors), Some(&value), input, errors),
    };
    match number {
        Some(number) => number,
        None => stashed(nik_to_js(crate::nik::nik_check(&value, structure))),
    }
}

/// A valid NIK's details as `birth * 512 + province * 8 + gender * 2 + sandbox`, for the
/// NIK `value`, or `None` where the JS entry could not rebuild them exactly from it:
///
/// - `birth`: the birth date as the number `YYYYMMDD` (a year from 1000 to 9999, so that
///   the JS entry writes `YYYY-MM-DD` back), `0` for none;
/// - `province`: the province's position in [`crate::PROVINCES`] plus one, `0` for none
///   (an empty name); the JS entry keeps each name it was given once, by this number, and
///   asks the module for the whole answer when it has not seen it yet;
/// - `gender`: `0` none, `1` `M`, `2` `F`;
/// - `sandbox`: `1` for `sandbox: true`.
///
/// The codes and the serial must be `value`'s slices at their places, which the JS entry
/// takes instead.
fn nik_number(value: &str, nik: &crate::nik::NikParts<'_>) -> Option<f64> {
    let slices = [
        (nik.province_code, 0..2),
        (nik.regency_code, 2..4),
        (nik.district_code, 4..6),
        (nik.serial, 12..16),
    ];
    if !slices
        .into_iter()
        .all(|(field, range)| value.get(range) == Some(field))
    {
        return None;
    }
    let birth = match nik.birth_date {
        None => 0,
        // `YYYY-MM-DD` (Date::to_iso) with four digits for the year.
        Some(date) if (1000..=9999).contains(&date.year()) => {
            u64::try_from(date.year()).ok()? * 10_000
                + u64::from(date.month()) * 100
                + u64::from(date.day())
        }
        Some(_) => return None,
    };
    let province = nik.province.map_or(0, |position| position + 1);
    let gender = match nik.gender.map(|gender| gender.as_str()) {
        None => 0,
        Some("M") => 1,
        Some("F") => 2,
        Some(_) => return None,
    };
    let low = u64::try_from(province * 8 + gender * 2 + usize::from(nik.sandbox)).ok()?;
    // At most 9999_12_31 * 512 + 511: exact in an f64 (below 2^53).
    Some((birth * 512 + low) as f64)
}

/// A refusal's key, below zero: what the JS entry keeps the refusal's result by, the first
/// time it asks the module for it (as it keeps the province names), and rebuilds the result
/// from for every later refusal with the same key, the messages the module wrote included.
/// `None` where the key would not name one result exactly: not one issue, an issue with a
/// path, parameters not named as in the code table or not among those below, a `value`
/// that is neither none nor `input` itself.
///
/// The key packs, from its lowest bit: whether `value` is `input` (else none), `ok`, the
/// severity (`1` for a warning), the code's position in the `codes!` table (7 bits), then
/// each parameter in the table's order: `0` and a whole number from 0 to 1023 (10 bits),
/// or `1`, a text's length up to 7 (3 bits) and each of its characters, one of
/// `0123456789+` (4 bits each). Each field's width follows from those before it, so no two
/// refusals share a key; at most 52 bits, so the key is exact in an f64.
fn refusal_key(ok: bool, value: Option<&str>, input: &str, issues: &[crate::Issue]) -> Option<f64> {
    const SYMBOLS: &[u8] = b"0123456789+";
    /// Bits written from the lowest up.
    struct Packed {
        number: u64,
        bits: u32,
    }
    impl Packed {
        fn push(&mut self, field: u64, bits: u32) -> Option<()> {
            if field >> bits != 0 || self.bits + bits > 52 {
                return None;
            }
            self.number |= field << self.bits;
            self.bits += bits;
            Some(())
        }
    }
    let [issue] = issues else { return None };
    let table = issue.code.info().params;
    let named = issue.params.len() == table.len()
        && issue
            .params
            .iter()
            .zip(table)
            .all(|((name, _), (named, _))| name == named);
    if !issue.path.is_empty() || !named {
        return None;
    }
    let value_is_input = match value {
        None => false,
        Some(value) if value == input => true,
        Some(_) => return None,
    };
    let mut key = Packed { number: 0, bits: 0 };
    key.push(u64::from(value_is_input), 1)?;
    key.push(u64::from(ok), 1)?;
    key.push(u64::from(issue.severity == Severity::Warning), 1)?;
    // A fieldless enum's discriminant: its position in `codes!`, and so in `Code::ALL`.
    key.push(issue.code as u64, 7)?;
    for (_, param) in &issue.params {
        match param {
            crate::Param::Number(number) => {
                key.push(0, 1)?;
                key.push(u64::try_from(*number).ok()?, 10)?;
            }
            crate::Param::Text(text) => {
                key.push(1, 1)?;
                key.push(u64::try_from(text.len()).ok()?, 3)?;
                for byte in text.bytes() {
                    let symbol = SYMBOLS.iter().position(|symbol| *symbol == byte)?;
                    key.push(u64::try_from(symbol).ok()?, 4)?;
                }
            }
            crate::Param::Decimal(_) => return None,
        }
    }
    // Below 2^52: exact in an f64, and so is its negation less one.
    Some(-(key.number as f64) - 1.0)
}

thread_local! {
    /// The answer of the last `checkNikNumber` or `checkPhoneNumber` that returned `0`,
    /// until [`take_answer`] hands it over.
    static ANSWER: std::cell::RefCell<JsValue> = const { std::cell::RefCell::new(JsValue::UNDEFINED) };
}

/// `0`, with `answer` kept for [`take_answer`]; `NaN` for an error, which the JS entry
/// then has the text path throw (see [`check_nik_number`]).
fn stashed(answer: Result<JsValue, JsError>) -> f64 {
    match answer {
        Ok(answer) => {
            ANSWER.with(|slot| *slot.borrow_mut() = answer);
            0.0
        }
        Err(_) => f64::NAN,
    }
}

/// `takeAnswer()`: the answer of the last `checkNikNumber` or `checkPhoneNumber` that
/// returned `0` (`undefined` once taken): one more call across the boundary for a refusal
/// rather than a second check.
#[wasm_bindgen(js_name = takeAnswer)]
pub fn take_answer() -> JsValue {
    ANSWER.with(|slot| slot.replace(JsValue::UNDEFINED))
}

/// A NIK's check as JS: [`valid_nik`]'s text for a valid NIK without warnings, otherwise
/// the result itself.
fn nik_to_js(checked: crate::NikCheck) -> Result<JsValue, JsError> {
    match &checked.nik {
        Some(nik) if checked.issues.is_empty() => {
            Ok(JsValue::from_str(&valid_nik(&checked.value, nik)))
        }
        None => refused(checked.ok, Some(&checked.value), &checked.issues)
            .map_or_else(|| to_js(&checked), |text| Ok(JsValue::from_str(&text))),
        Some(_) => to_js(&checked),
    }
}

/// The answer of a field check that found no details (a NIK or number that is not one, or
/// not yet), for the JS entry to make into the result: the field checks a form runs on
/// every keystroke give it until the last digit is typed. `None` where the JSON path must
/// write it instead: an issue with a path or a decimal parameter (neither is a field
/// check's; JSON writes both exactly).
///
/// `T` or `F` for `ok`, `v` or `n` for a `value` or none, then fields, each its length in
/// UTF-16 code units, `:` and itself (no character is reserved: a refused character is
/// quoted in a parameter as typed): the value when there is one, then per issue its code,
/// severity, number of parameters, each parameter's name and its value after `n` (a
/// number) or `s` (a text), and its English and Indonesian messages.
fn refused(ok: bool, value: Option<&str>, issues: &[crate::Issue]) -> Option<String> {
    /// `number` in decimal, digit by digit: the formatting machinery was a fifth of a
    /// refusal's time.
    fn digits(text: &mut String, number: u64) {
        let mut buffer = [0u8; 20];
        let mut at = buffer.len();
        let mut rest = number;
        loop {
            at -= 1;
            buffer[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        buffer[at..]
            .iter()
            .for_each(|&digit| text.push(char::from(digit)));
    }
    /// A field: its length in UTF-16 code units, `:`, then `kind` (if any) and `field`.
    fn field_of(text: &mut String, kind: Option<char>, field: &str) {
        let units = if field.is_ascii() {
            field.len()
        } else {
            field.chars().map(char::len_utf16).sum()
        };
        digits(text, (units + usize::from(kind.is_some())) as u64);
        text.push(':');
        if let Some(kind) = kind {
            text.push(kind);
        }
        text.push_str(field);
    }
    fn field(text: &mut String, value: &str) {
        field_of(text, None, value);
    }
    let mut text = String::with_capacity(64 + 160 * issues.len());
    text.push(if ok { 'T' } else { 'F' });
    text.push(if value.is_some() { 'v' } else { 'n' });
    if let Some(value) = value {
        field(&mut text, value);
    }
    for issue in issues {
        if !issue.path.is_empty() {
            return None;
        }
        field(&mut text, issue.code.as_str());
        field(&mut text, issue.severity.as_str());
        // One digit: no code has ten parameters (one that had would take the JSON path).
        digits(&mut text, 1);
        text.push(':');
        text.push(char::from(
            b'0' + u8::try_from(issue.params.len()).ok().filter(|n| *n < 10)?,
        ));
        for (name, param) in &issue.params {
            field(&mut text, name);
            match param {
                crate::Param::Number(number) => {
                    let mut written = String::new();
                    if *number < 0 {
                        written.push('-');
                    }
                    digits(&mut written, number.unsigned_abs());
                    field_of(&mut text, Some('n'), &written);
                }
                crate::Param::Text(param) => field_of(&mut text, Some('s'), param),
                crate::Param::Decimal(_) => return None,
            }
        }
        field(&mut text, &issue.message_en());
        field(&mut text, &issue.message_id());
    }
    Some(text)
}

/// A valid NIK's `value` and details, tab-separated in the order of `NikCheck` and
/// `NikDetails` (none of them holds a tab), an empty field for a `null` and `1` for
/// `sandbox: true`.
fn valid_nik(value: &str, nik: &crate::NikDetails) -> String {
    let birth_date = nik.birth_date.map(Date::to_iso);
    [
        value,
        &nik.province_code,
        &nik.province_name,
        &nik.regency_code,
        &nik.district_code,
        birth_date.as_deref().unwrap_or_default(),
        nik.gender.map_or("", |gender| gender.as_str()),
        &nik.serial,
        if nik.sandbox { "1" } else { "" },
    ]
    .join("\t")
}

/// `checkPhone(input, options?)`: see the core's `check_phone`. A valid number comes back
/// as [`valid_phone`]'s text, which the JS entry turns into the result; any other answer
/// as the result itself.
#[wasm_bindgen(js_name = checkPhone)]
pub fn check_phone(input: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkPhone", input)?;
    let options: PhoneOptions = read_options("checkPhone", options)?;
    phone_to_js(crate::check_phone(&input, &options))
}

/// `checkPhoneText(input)`: `checkPhone` without options for a string, as
/// [`check_nik_text`] is `checkNik`'s.
#[wasm_bindgen(js_name = checkPhoneText)]
pub fn check_phone_text(input: &str) -> Result<JsValue, JsError> {
    let input = bounded_text("checkPhone", input)?;
    phone_to_js(crate::check_phone(input, &PhoneOptions::default()))
}

/// `checkPhoneNumber(input)`: `checkPhone` without options for a short string, its valid
/// answer as one number, as `checkNikNumber` is `checkNik`'s: [`phone_number`]'s, a
/// refusal's [`refusal_key`] below zero, `0` with the answer left for [`take_answer`], or
/// `NaN` when `checkPhoneText` would throw.
#[wasm_bindgen(js_name = checkPhoneNumber)]
pub fn check_phone_number(input: &str) -> f64 {
    let Ok(input) = bounded_text("checkPhone", input) else {
        return f64::NAN;
    };
    let read = crate::phone::read_phone(input, &PhoneOptions::default());
    if let Some(number) = read.as_ref().ok().and_then(|nsn| phone_number(nsn)) {
        return number;
    }
    let checked = crate::phone::phone_check(read);
    let number = match &checked.phone {
        Some(_) => None,
        None => refusal_key(checked.ok, checked.value.as_deref(), input, &checked.issues),
    };
    match number {
        Some(number) => number,
        None => stashed(phone_to_js(checked)),
    }
}

/// A valid number's spellings as `national * 64 + operator`, from its national
/// significant number `nsn` (see `read_phone`: check_phone writes it after `+62`, `0` and
/// `62`, which is how the JS entry writes it back), or `None` where the JS entry could not
/// rebuild them exactly from it:
///
/// - `national`: `nsn` as a number: 1 to 13 digits, the first not `0`, so that the JS
///   entry writes them back from the number;
/// - `operator`: the operator's position in [`crate::OPERATORS`] plus one (the name
///   `check_phone` gives, see `phone::operator`), `0` for none; the JS entry keeps each
///   name it was given once, by this number.
fn phone_number(nsn: &str) -> Option<f64> {
    let digits = (1..=13).contains(&nsn.len())
        && !nsn.starts_with('0')
        && nsn.bytes().all(|byte| byte.is_ascii_digit());
    if !digits {
        return None;
    }
    let operator = crate::phone::operator_position(nsn).map_or(0, |position| position + 1);
    let national = nsn
        .bytes()
        .fold(0, |number, byte| number * 10 + u64::from(byte - b'0'));
    // At most 9_999_999_999_999 * 64 + 63: exact in an f64 (below 2^53).
    Some((national * 64 + u64::try_from(operator).ok()?) as f64)
}

fn phone_to_js(checked: crate::PhoneCheck) -> Result<JsValue, JsError> {
    match &checked.phone {
        Some(phone) if checked.issues.is_empty() => Ok(JsValue::from_str(&valid_phone(phone))),
        None => refused(checked.ok, checked.value.as_deref(), &checked.issues)
            .map_or_else(|| to_js(&checked), |text| Ok(JsValue::from_str(&text))),
        Some(_) => to_js(&checked),
    }
}

/// A valid number's four spellings, tab-separated in the order of `PhoneDetails` (none of
/// them holds a tab), an empty field for an unknown operator.
fn valid_phone(phone: &crate::PhoneDetails) -> String {
    [
        phone.e164.as_str(),
        &phone.national,
        &phone.international,
        phone.operator.unwrap_or_default(),
    ]
    .join("\t")
}

/// `checkEmail(input)`: see the core's `check_email`.
#[wasm_bindgen(js_name = checkEmail)]
pub fn check_email(input: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkEmail", input)?;
    to_js(&crate::check_email(&input))
}

/// `checkName(input, options?)`: see the core's `check_name`.
#[wasm_bindgen(js_name = checkName)]
pub fn check_name(input: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkName", input)?;
    let options: NameOptions = read_options("checkName", options)?;
    to_js(&crate::check_name(&input, &options))
}

/// `checkDate(input, format, options?)`: see the core's `check_date`.
#[wasm_bindgen(js_name = checkDate)]
pub fn check_date(input: JsValue, format: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkDate", input)?;
    let format = DateFormat::parse(&text("checkDate", format)?)
        .map_err(|message| JsError::new(&format!("checkDate: {message}")))?;
    let mut options: DateOptions = read_options("checkDate", options)?;
    options.today = options.today.or_else(local_today);
    to_js(&crate::check_date(&input, format, &options))
}

/// `issueCodes()`: every issue code with its default severity, parameter names and message
/// templates, so a form can list or override texts.
#[wasm_bindgen(js_name = issueCodes)]
pub fn issue_codes() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Entry {
        code: &'static str,
        severity: Severity,
        params: Vec<&'static str>,
        en: &'static str,
        id: &'static str,
    }
    let entries: Vec<Entry> = crate::Code::ALL
        .iter()
        .map(|code| {
            let CodeInfo {
                severity,
                params,
                en,
                id,
                ..
            } = code.info();
            Entry {
                code: code.as_str(),
                severity,
                params: params.iter().map(|(name, _)| *name).collect(),
                en,
                id,
            }
        })
        .collect();
    to_js(&entries)
}

/// The string argument `value`; anything else is a programmer mistake (a NIK or phone
/// number passed as a JS number has already lost digits or a leading zero), and so is one
/// over [`MAX_TEXT_UNITS`].
fn text(function: &str, value: JsValue) -> Result<String, JsError> {
    let Some(string) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(JsError::new(&format!(
            "{function}: expected a string, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    };
    bounded(function, "a string argument", string)
}

/// `string` copied into wasm memory, unless it is over [`MAX_TEXT_UNITS`]: its length is
/// the engine's own (a primitive string's `length` runs no code of the caller's).
fn bounded(function: &str, what: &str, string: &js_sys::JsString) -> Result<String, JsError> {
    let length = string.length();
    if length > MAX_TEXT_UNITS {
        return Err(JsError::new(&format!(
            "{function}: {what} is {length} characters long, over the {MAX_TEXT_UNITS} \
             kyc-precheck reads"
        )));
    }
    string
        .as_string()
        .ok_or_else(|| JsError::new(&format!("{function}: {what} is not a string")))
}

/// `text`, a string argument that crossed as text, unless it is over [`MAX_TEXT_UNITS`]:
/// in UTF-16 code units, as [`bounded`] measures, which a UTF-8 length bounds from above.
fn bounded_text<'a>(function: &str, text: &'a str) -> Result<&'a str, JsError> {
    if text.len() > MAX_TEXT_UNITS as usize {
        let length: usize = text.chars().map(char::len_utf16).sum();
        if length > MAX_TEXT_UNITS as usize {
            return Err(JsError::new(&format!(
                "{function}: a string argument is {length} characters long, over the \
                 {MAX_TEXT_UNITS} kyc-precheck reads"
            )));
        }
    }
    Ok(text)
}

/// The error for a value whose reading threw: `{function}: {what} could not be read (…)`,
/// with the exception's message when it has one.
fn unreadable(function: &str, what: &str, error: &JsValue) -> JsError {
    JsError::new(&match message_of(error) {
        Some(message) => format!("{function}: {what} could not be read ({message})"),
        None => format!("{function}: {what} could not be read"),
    })
}

/// The message of a thrown value: itself if it is a string, else its `message` if that is
/// one. Read through a `catch` import: the thrown value may be a hostile object too.
fn message_of(error: &JsValue) -> Option<String> {
    if let Some(text) = error.as_string() {
        return Some(text);
    }
    if !error.is_object() {
        return None;
    }
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()?
        .as_string()
}

/// `JSON.stringify(value)`: a string, or `undefined` (a `toJSON` that returns nothing).
///
/// Called through `Array.from`, so that what crosses back is nothing when it throws (see
/// the imports): `new (Object.bind(undefined, holder))()` is `holder` itself, and
/// `Array.from` stores `JSON.stringify(value, 0)` (the index as replacer, which a number
/// is not) at `holder[0]`.
fn json_text(value: &JsValue) -> Result<JsValue, JsValue> {
    let holder = js_sys::Object::new();
    let construct_holder = OBJECT.with(|object| bind_first(object, &JsValue::UNDEFINED, &holder));
    STRINGIFY
        .with(|stringify| map_into(&construct_holder, &js_sys::Array::of1(value), stringify))?;
    js_sys::Reflect::get_u32(&holder, 0)
}

/// The options object, or the defaults for `undefined`/`null`.
///
/// Options cross as JSON text (`JSON.stringify`, then serde_json) rather than field by
/// field: serde_json enforces `deny_unknown_fields` at every depth, so a misspelt option
/// (`allowFixdLine`) throws instead of being silently ignored.
fn read_options<T: DeserializeOwned + Default>(
    function: &str,
    value: JsValue,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object()
        || is_array(&value).map_err(|error| unreadable(function, "options", &error))?
    {
        return Err(JsError::new(&format!(
            "{function}: options must be an object"
        )));
    }
    read_json(function, "options", value)
}

/// An object read through its JSON text into `T`, which rejects unknown fields.
///
/// Only the parse is generic: the rest is in [`json_of`] and [`invalid_json`], once for
/// every `T` (smaller wasm).
fn read_json<T: DeserializeOwned>(
    function: &str,
    what: &str,
    value: JsValue,
) -> Result<T, JsError> {
    let json = json_of(function, what, value)?;
    serde_json::from_str(&json).map_err(|error| invalid_json(function, what, &error))
}

/// The JSON text of `value`, for [`read_json`].
#[inline(never)]
fn json_of(function: &str, what: &str, value: JsValue) -> Result<String, JsError> {
    // `JSON.stringify` runs the caller's getters and `toJSON`, and gives `undefined` (not a
    // string) when `toJSON` returns nothing.
    let json = json_text(&value).map_err(|error| unreadable(function, what, &error))?;
    let Some(json) = json.dyn_ref::<js_sys::JsString>() else {
        return Err(JsError::new(&format!(
            "{function}: {what} cannot be read as JSON"
        )));
    };
    Ok(well_formed(bounded(
        function,
        &format!("{what} as JSON"),
        json,
    )?))
}

/// The error [`read_json`] throws for JSON that `T` refuses.
#[inline(never)]
fn invalid_json(function: &str, what: &str, error: &serde_json::Error) -> JsError {
    let message = error.to_string();
    // serde_json adds the position in the JSON text, which means nothing to the caller.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    JsError::new(&format!("{function}: invalid {what}: {message}"))
}

/// `json` with each escaped lone surrogate (a high half without its low half, or a low
/// half alone) written as `\ufffd`. `JSON.stringify` escapes a string's lone surrogates
/// (a form's `maxlength` can cut an emoji in half), which serde_json refuses (a Rust
/// `String` cannot hold one) with a parser's message; so the text reaches the checks as
/// U+FFFD and is refused there as an issue on its field, as when the field is checked
/// alone (wasm-bindgen's own string conversion writes U+FFFD for them too). An escaped
/// backslash (`\\ud800`, typed) is left alone. Hand-written: no crate does this repair.
fn well_formed(json: String) -> String {
    fn unit(bytes: &[u8], at: usize) -> Option<u32> {
        let escape = bytes.get(at..at + 6)?;
        if escape[0] != b'\\' || escape[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
    }
    // JSON.stringify writes the escape in lower case; anything else has no lone surrogate.
    if !json.contains("\\ud") {
        return json;
    }
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(offset) = memchr::memchr(b'\\', &bytes[at..]) {
        at += offset;
        let lone = match unit(bytes, at) {
            Some(0xD800..=0xDBFF) if matches!(unit(bytes, at + 6), Some(0xDC00..=0xDFFF)) => {
                at += 12;
                continue;
            }
            Some(0xD800..=0xDFFF) => true,
            Some(_) => false,
            // Any other escape is two characters (`\\`, `\"`, `\n`, …).
            None => {
                at += 2;
                continue;
            }
        };
        if lone {
            out.push_str(&json[copied..at]);
            out.push_str("\\ufffd");
            copied = at + 6;
        }
        at += 6;
    }
    out.push_str(&json[copied..]);
    out
}

/// Results cross as JSON text too: one `JSON.parse` in the engine is cheaper than building
/// the object a field at a time across the boundary.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    json_to_js(serde_json::to_string(value))
}

/// The rest of [`to_js`], once for every `T` (smaller wasm).
#[inline(never)]
fn json_to_js(json: Result<String, serde_json::Error>) -> Result<JsValue, JsError> {
    let json = json.map_err(|error| JsError::new(&format!("kyc-precheck: {error}")))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("kyc-precheck: result is not JSON"))
}

/// A date written as `year * 10000 + month * 100 + day`, as the JS entry passes today's.
fn calendar_date(number: f64) -> Option<Date> {
    if !(number.fract() == 0.0 && (0.0..=99_991_231.0).contains(&number)) {
        return None;
    }
    let number = number as u32;
    Date::new(
        i32::try_from(number / 10_000).ok()?,
        u8::try_from(number / 100 % 100).ok()?,
        u8::try_from(number % 100).ok()?,
    )
}

/// The date on the user's own calendar: a form filled in at 06:00 in Jakarta (WIB) is
/// still "yesterday" in UTC.
fn local_today() -> Option<Date> {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).ok()?;
    let month = u8::try_from(now.get_month() + 1).ok()?;
    let day = u8::try_from(now.get_date()).ok()?;
    Date::new(year, month, day)
}
