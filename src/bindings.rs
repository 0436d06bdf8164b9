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

use crate::provider::{self, Applicant, BuildOptions, StatedBounds};
use crate::{
    CodeInfo, Date, DateFormat, DateOptions, Fit, FitOptions, ImageFormat, ImageInfo, ImageRule,
    ImageRuleSpec, NameOptions, NikOptions, PhoneOptions, Severity, Stage, PIXEL_LIMIT,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The largest photo copied into WebAssembly memory: 32 MiB, eight times the largest slot a
/// provider documents (Kredibel's selfie, 4 MB). Wasm memory never shrinks, so a 500 MB
/// array copied once would hold 500 MB for the page's life. A larger photo is measured,
/// never copied: `checkImage` reports it against the slot's `maxBytes`, and throws where
/// the rule sets none; `buildRequest` throws.
const MAX_PHOTO_BYTES: u64 = 32 * 1024 * 1024;

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

    /// `Reflect.apply(getter, value, [])` for a getter that gives a number.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn read_number(
        getter: &js_sys::Function,
        value: &JsValue,
        arguments: &js_sys::Array,
    ) -> Result<f64, JsValue>;

    /// `Reflect.apply(getter, value, [])` for a getter that gives a string or `undefined`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn read_text(
        getter: &js_sys::Function,
        value: &JsValue,
        arguments: &js_sys::Array,
    ) -> Result<Option<String>, JsValue>;

    /// `Uint8Array.prototype.set.call(target, source)`: copies a typed array by its
    /// internal slots (no getter of the caller's runs); throws if it is detached.
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_typed_array(target: &mut [u8], source: &JsValue) -> Result<(), JsValue>;

    /// `ArrayBuffer.prototype.slice.call(buffer, 0, 0)`: throws if `buffer` is detached.
    #[wasm_bindgen(catch, js_namespace = ArrayBuffer, js_name = "prototype.slice.call")]
    fn probe_detached(buffer: &JsValue, start: f64, end: f64) -> Result<(), JsValue>;

    /// `Array.from.call(constructor, items, map)`: `map(item, index)` stored at `index` of
    /// the object `new constructor()` makes; see [`json_text`].
    #[wasm_bindgen(catch, js_namespace = Array, js_name = "from.call")]
    fn map_into(
        constructor: &js_sys::Function,
        items: &js_sys::Array,
        map: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// `Reflect.apply(callback, undefined, [argument])` for a callback whose result is
    /// not wanted (a progress callback).
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn call_back(
        callback: &js_sys::Function,
        this: &JsValue,
        arguments: &js_sys::Array,
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

/// `checkNikText(input, today)`: `checkNik` without options for a string, which crosses
/// as text (the glue copies it into wasm memory) instead of as a JS value read back
/// through an import. The JS entry calls it for short strings only, so its answers are
/// `checkNik`'s: the same bound applies here.
#[wasm_bindgen(js_name = checkNikText)]
pub fn check_nik_text(input: &str, today: f64) -> Result<JsValue, JsError> {
    let input = bounded_text("checkNik", input)?;
    let options = NikOptions {
        today: calendar_date(today),
        ..NikOptions::default()
    };
    nik_to_js(crate::check_nik(input, &options))
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

/// `checkImage(bytes, rule)`: see the core's `check_image`. `bytes` is a `Uint8Array` (or an
/// `ArrayBuffer`, as `File.arrayBuffer()` gives); `rule` is `{ provider, field }` or explicit
/// bounds.
#[wasm_bindgen(js_name = checkImage)]
pub fn check_image(image: JsValue, rule: JsValue) -> Result<JsValue, JsError> {
    const NAME: &str = "checkImage";
    let image = photo(NAME, &image)?;
    let (rule, stated) = image_rule(NAME, rule)?;
    let mut checked = match image {
        Photo::Read(bytes) => crate::check_image(&bytes, &rule),
        Photo::TooLarge(length) => too_large_to_read(NAME, length, &rule)?,
    };
    stated.apply(&mut checked.issues);
    to_js(&checked)
}

/// `fitImage(bytes, rule, options?)`: see the core's `fit_image_with_progress`. The photo
/// and the rule are read as `checkImage` reads them; `options` is `{ maxSide?,
/// targetBytes?, onProgress? }`. The result is the core's `Fit` with `bytes`, the file to
/// send, as a `Uint8Array` when there is one.
///
/// A photo over [`MAX_PHOTO_BYTES`] is not read: its result is `checkImage`'s
/// `image.file_too_large`, with a `source` that says only its length.
#[wasm_bindgen(js_name = fitImage)]
pub fn fit_image(image: JsValue, rule: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    const NAME: &str = "fitImage";
    let image = photo(NAME, &image)?;
    let (rule, stated) = image_rule(NAME, rule)?;
    let (options, mut progress) = fit_options(NAME, options)?;
    let mut fit = match image {
        Photo::Read(bytes) => {
            crate::fit_image_with_progress(&bytes, &rule, &options, &mut progress.report())
        }
        Photo::TooLarge(length) => unread_fit(length, too_large_to_read(NAME, length, &rule)?),
    };
    stated.apply(&mut fit.issues);
    progress.finish(NAME)?;
    fit_to_js(fit)
}

/// `fitPixels(rgba, width, height, source, rule, options?)`: see the core's `fit_pixels`.
/// `rgba` is a `Uint8Array` or `Uint8ClampedArray` (an `ImageData`'s `data`) of exactly
/// `width * height * 4` bytes, upright and in sRGB, with at most the rule's `maxPixels`;
/// `source` is `{ format, bytes, width, height }`: the file's format as the core told it,
/// its length, and its decoded (upright) size before any scaling.
#[wasm_bindgen(js_name = fitPixels)]
pub fn fit_pixels(
    rgba: JsValue,
    width: JsValue,
    height: JsValue,
    source: JsValue,
    rule: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    const NAME: &str = "fitPixels";
    let width = dimension(NAME, "width", &width)?;
    let height = dimension(NAME, "height", &height)?;
    let (rule, stated) = image_rule(NAME, rule)?;
    let pixels = u64::from(width) * u64::from(height);
    let max_pixels = rule.max_pixels.min(PIXEL_LIMIT);
    if pixels > max_pixels {
        return Err(JsError::new(&format!(
            "{NAME}: {width} x {height} is {pixels} pixels, over the rule's maxPixels \
             ({max_pixels}); scale the bitmap to fitSize() first"
        )));
    }
    if !source.is_object()
        || is_array(&source).map_err(|error| unreadable(NAME, "source", &error))?
    {
        return Err(JsError::new(&format!(
            "{NAME}: source must be {{ format, bytes, width, height }}"
        )));
    }
    let source: PixelSource = read_json(NAME, "source", source)?;
    let (options, mut progress) = fit_options(NAME, options)?;
    // Checked before anything is copied: width and height bound the copy, not the array.
    let rgba = pixel_bytes(NAME, &rgba, pixels * 4)?;
    let source = ImageInfo {
        format: source.format,
        bytes: source.bytes,
        width: source.width,
        height: source.height,
        orientation: 1,
        display_width: source.width,
        display_height: source.height,
        quality: None,
    };
    let mut fit = crate::fit_pixels(
        &rgba,
        width,
        height,
        source,
        &rule,
        &options,
        &mut progress.report(),
    );
    drop(rgba);
    stated.apply(&mut fit.issues);
    progress.finish(NAME)?;
    fit_to_js(fit)
}

/// `fitSize(width, height, rule, options?)`: see the core's `fit_size`. Returns `{ width,
/// height }`, the displayed size a photo of `width` x `height` displayed pixels would be
/// fitted to, or `null` when it has too few pixels for the rule.
#[wasm_bindgen(js_name = fitSize)]
pub fn fit_size(
    width: JsValue,
    height: JsValue,
    rule: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    const NAME: &str = "fitSize";
    #[derive(Serialize)]
    struct Size {
        width: u32,
        height: u32,
    }
    let width = dimension(NAME, "width", &width)?;
    let height = dimension(NAME, "height", &height)?;
    let (rule, _) = image_rule(NAME, rule)?;
    let options: FitOptions = read_options(NAME, options)?;
    let size = crate::fit_size(width, height, &rule, &options)
        .map(|(width, height)| Size { width, height });
    to_js(&size)
}

/// `buildRequest(provider, endpoint, input, options?)`: see the core's
/// `provider::build_request`. The JS entry wraps it in a promise. The photos (`selfie`,
/// `idCard`, `photo`) cross as bytes; the rest of `input` crosses as JSON.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(
    provider: JsValue,
    endpoint: JsValue,
    input: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    const NAME: &str = "buildRequest";
    let provider = text(NAME, provider)?;
    let endpoint = text(NAME, endpoint)?;
    if !input.is_object() || is_array(&input).map_err(|error| unreadable(NAME, "input", &error))? {
        return Err(JsError::new("buildRequest: input must be an object"));
    }
    // A shallow copy without the photos, so that they never go through JSON. Copying runs
    // the caller's getters, once each.
    let rest = js_sys::Object::new();
    assign(&rest, &input).map_err(|error| unreadable(NAME, "input", &error))?;
    let mut photos: [Option<Vec<u8>>; 3] = [None, None, None];
    for (slot, name) in photos.iter_mut().zip(Applicant::IMAGE_FIELDS) {
        let what = format!("input.{name}");
        let key = JsValue::from_str(name);
        let value =
            js_sys::Reflect::get(&rest, &key).map_err(|error| unreadable(NAME, &what, &error))?;
        if value.is_undefined() || value.is_null() {
            continue;
        }
        match photo(&format!("{NAME}: {what}"), &value)? {
            Photo::Read(bytes) => *slot = Some(bytes),
            Photo::TooLarge(length) => {
                return Err(JsError::new(&format!(
                    "{NAME}: {what} is {length} bytes, over the {MAX_PHOTO_BYTES} (32 MiB) \
                     kyc-precheck reads; no provider takes a photo over 4 MB: check photos \
                     with checkImage before building the request"
                )))
            }
        }
        js_sys::Reflect::delete_property(&rest, &key)
            .map_err(|error| unreadable(NAME, &what, &error))?;
    }
    let mut applicant: Applicant = read_json(NAME, "input", rest.into())?;
    let [selfie, id_card, photo] = photos;
    applicant.selfie = selfie;
    applicant.id_card = id_card;
    applicant.photo = photo;
    let mut options: BuildOptions = read_options(NAME, options)?;
    options.today = options.today.or_else(local_today);
    let mut built = provider::build_request(&provider, &endpoint, &applicant, &options)
        .map_err(|message| JsError::new(&format!("{NAME}: {message}")))?;
    drop(applicant);
    built_to_js(&mut built)
}

/// A built request as JS: the core's `Built` through JSON, but for the request's `body`,
/// which crosses as a string of its own (copied out of wasm memory once, by the glue's
/// `TextDecoder`). Through JSON, the 4.2 MB of base64 of a 4 MB photo were escaped into a
/// second copy in wasm memory, decoded, and scanned again by `JSON.parse`; a body is
/// already the exact text to send and needs none of that. It keeps its place among the
/// request's keys: the JSON carries it empty, and the string replaces that value.
fn built_to_js(built: &mut provider::Built) -> Result<JsValue, JsError> {
    let body = built
        .request
        .as_mut()
        .map(|request| std::mem::take(&mut request.body));
    let result = to_js(built)?;
    if let Some(body) = body {
        let written =
            js_sys::Reflect::get(&result, &JsValue::from_str("request")).and_then(|request| {
                js_sys::Reflect::set(&request, &JsValue::from_str("body"), &body.as_str().into())
            });
        if !matches!(written, Ok(true)) {
            return Err(JsError::new(
                "kyc-precheck: the result could not be written",
            ));
        }
    }
    Ok(result)
}

/// `readResponse(provider, endpoint, httpStatus, bodyText, retryAfter?, sentFields?,
/// options?)`: see the core's `provider::read_response`. The JS entry reads `retryAfter`
/// from the response headers and `sentFields` from the built request's `fields`.
#[wasm_bindgen(js_name = readResponse)]
pub fn read_response(
    provider: JsValue,
    endpoint: JsValue,
    http_status: JsValue,
    body: JsValue,
    retry_after: JsValue,
    sent_fields: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    const NAME: &str = "readResponse";
    let provider = text(NAME, provider)?;
    let endpoint = text(NAME, endpoint)?;
    let status = http_status
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s))
        .ok_or_else(|| {
            JsError::new("readResponse: httpStatus must be an HTTP status code (100-599)")
        })?;
    let body = text(NAME, body)?;
    // Read with the same bound as any text: a header is caller's data too.
    let retry_after = if retry_after.is_undefined() || retry_after.is_null() {
        None
    } else {
        Some(text(NAME, retry_after)?)
    };
    let sent: Option<Vec<String>> = if sent_fields.is_undefined() || sent_fields.is_null() {
        None
    } else {
        Some(read_json(NAME, "sent.fields", sent_fields)?)
    };
    let sent = sent
        .map(|names| {
            names
                .iter()
                .map(|name| {
                    provider::FormField::from_name(name).ok_or_else(|| {
                        JsError::new(&format!(
                            "readResponse: sent.fields: unknown field {name:?}"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let options: provider::ReadOptions = read_options(NAME, options)?;
    let response = provider::Response {
        status: status as u16,
        body: &body,
        retry_after: retry_after.as_deref(),
        sent: sent.as_deref(),
        options,
    };
    let reading = provider::read_response(&provider, &endpoint, &response)
        .map_err(|message| JsError::new(&format!("{NAME}: {message}")))?;
    to_js(&reading)
}

/// `readCallback(provider, bodyText)`: see the core's `provider::read_callback`.
#[wasm_bindgen(js_name = readCallback)]
pub fn read_callback(provider: JsValue, body: JsValue) -> Result<JsValue, JsError> {
    let provider = text("readCallback", provider)?;
    let body = text("readCallback", body)?;
    let reading = provider::read_callback(&provider, &body)
        .map_err(|message| JsError::new(&format!("readCallback: {message}")))?;
    to_js(&reading)
}

/// `rules(provider?)`: see the core's `provider::rules`.
#[wasm_bindgen(js_name = rules)]
pub fn rules(provider: JsValue) -> Result<JsValue, JsError> {
    let provider = if provider.is_undefined() || provider.is_null() {
        None
    } else {
        Some(text("rules", provider)?)
    };
    let rules = provider::rules(provider.as_deref())
        .map_err(|message| JsError::new(&format!("rules: {message}")))?;
    to_js(&rules)
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

/// The rule argument of the image functions: `{ provider, field }` or explicit bounds, with
/// the provider's wording of its byte bounds for the issues.
fn image_rule(function: &str, rule: JsValue) -> Result<(ImageRule, StatedBounds), JsError> {
    if rule.is_undefined() || rule.is_null() {
        return Err(JsError::new(&format!(
            "{function}: a rule is required: {{ provider, field }} or explicit bounds"
        )));
    }
    let spec: ImageRuleSpec = read_options(function, rule)?;
    spec.resolve_stated()
        .map_err(|message| JsError::new(&format!("{function}: {message}")))
}

/// What `checkImage` says of a photo over [`MAX_PHOTO_BYTES`], which is measured, never
/// copied: the slot's `image.file_too_large`, or an error where the rule sets no maximum.
fn too_large_to_read(
    function: &str,
    length: u64,
    rule: &ImageRule,
) -> Result<crate::ImageCheck, JsError> {
    crate::check_image_length(length, rule).ok_or_else(|| {
        JsError::new(&format!(
            "{function}: the image is {length} bytes, over the {MAX_PHOTO_BYTES} (32 MiB) \
             kyc-precheck reads, and the rule sets no maxBytes to report it against"
        ))
    })
}

/// The fit of a photo that was not read: `checked`'s issues, and a source that says only
/// its length (its format is not told, as `check_image_length` tells none).
fn unread_fit(length: u64, checked: crate::ImageCheck) -> Fit {
    Fit {
        ok: false,
        issues: checked.issues,
        bytes: None,
        image: None,
        source: ImageInfo::unread(ImageFormat::Unknown, length),
        change: crate::Change::None,
        fidelity: None,
    }
}

/// The `source` argument of `fitPixels`: the file the pixels were decoded from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PixelSource {
    /// As the core told it from the file's bytes (a `Fit`'s `source.format`).
    format: ImageFormat,
    /// The file's length.
    bytes: u64,
    /// The decoded, upright width before any scaling.
    width: u32,
    /// The decoded, upright height.
    height: u32,
}

/// A width or height argument: a whole number of pixels from 1 to `u32::MAX`.
fn dimension(function: &str, what: &str, value: &JsValue) -> Result<u32, JsError> {
    value
        .as_f64()
        .filter(|number| number.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(number))
        .map(|number| number as u32)
        .ok_or_else(|| {
            JsError::new(&format!(
                "{function}: {what} must be a whole number of pixels, at least 1"
            ))
        })
}

/// The options of the fit functions: the core's `FitOptions`, read as JSON, and
/// `onProgress`, which JSON would drop. Read from a shallow copy, so that each of the
/// caller's getters runs once.
fn fit_options(function: &str, value: JsValue) -> Result<(FitOptions, Progress), JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok((FitOptions::default(), Progress::new(None)));
    }
    if !value.is_object()
        || is_array(&value).map_err(|error| unreadable(function, "options", &error))?
    {
        return Err(JsError::new(&format!(
            "{function}: options must be an object"
        )));
    }
    let rest = js_sys::Object::new();
    assign(&rest, &value).map_err(|error| unreadable(function, "options", &error))?;
    let key = JsValue::from_str("onProgress");
    let callback = js_sys::Reflect::get(&rest, &key)
        .map_err(|error| unreadable(function, "options.onProgress", &error))?;
    let callback = if callback.is_undefined() || callback.is_null() {
        None
    } else {
        Some(callback.dyn_into::<js_sys::Function>().map_err(|_| {
            JsError::new(&format!(
                "{function}: options.onProgress must be a function"
            ))
        })?)
    };
    js_sys::Reflect::delete_property(&rest, &key)
        .map_err(|error| unreadable(function, "options", &error))?;
    // JSON drops a function silently; a misspelt callback must throw as any unknown
    // option does (`toJSON` is JSON's own, read as it is for every options object).
    // `rest` holds only data properties now: reading them runs nothing.
    for name in js_sys::Object::keys(&rest).iter() {
        let name = name.as_string().unwrap_or_default();
        let entry = js_sys::Reflect::get(&rest, &JsValue::from_str(&name))
            .map_err(|error| unreadable(function, "options", &error))?;
        if entry.is_function() && name != "toJSON" {
            return Err(JsError::new(&format!(
                "{function}: invalid options: unknown function option {name:?}; the only one is onProgress"
            )));
        }
    }
    let options = read_json(function, "options", rest.into())?;
    Ok((options, Progress::new(callback)))
}

/// The caller's progress callback, called with `{ stage }` as each stage of a fit begins.
///
/// A callback that throws is not called again, and the function throws an `Error` with
/// its message once the fit is done (the fit's result is not returned): a progress bar
/// that fails is a programmer's mistake, to be seen, not hidden; and it must not unwind
/// through the fit (see the module doc).
struct Progress {
    callback: Option<js_sys::Function>,
    /// The first exception the callback threw.
    failure: Option<JsValue>,
}

impl Progress {
    fn new(callback: Option<js_sys::Function>) -> Self {
        Progress {
            callback,
            failure: None,
        }
    }

    /// The core's progress function.
    fn report(&mut self) -> impl FnMut(Stage) + '_ {
        #[derive(Serialize)]
        struct Event {
            stage: Stage,
        }
        move |stage| {
            let Some(callback) = &self.callback else {
                return;
            };
            let Ok(event) = to_js(&Event { stage }) else {
                return;
            };
            if let Err(error) =
                call_back(callback, &JsValue::UNDEFINED, &js_sys::Array::of1(&event))
            {
                self.failure = Some(error);
                self.callback = None;
            }
        }
    }

    /// The error for a callback that threw, once the fit is done.
    fn finish(self, function: &str) -> Result<(), JsError> {
        match self.failure {
            None => Ok(()),
            Some(error) => Err(match message_of(&error) {
                Some(message) => {
                    JsError::new(&format!("{function}: options.onProgress threw ({message})"))
                }
                None => JsError::new(&format!("{function}: options.onProgress threw")),
            }),
        }
    }
}

/// A fit as JS: the core's `Fit` through JSON, and `bytes`, when present, as a
/// `Uint8Array` (copied out of wasm memory once; JSON would make an array of numbers).
fn fit_to_js(fit: Fit) -> Result<JsValue, JsError> {
    let result = to_js(&fit)?;
    if let Some(bytes) = &fit.bytes {
        js_sys::Reflect::set(
            &result,
            &JsValue::from_str("bytes"),
            &js_sys::Uint8Array::from(bytes.as_slice()),
        )
        .map_err(|_| JsError::new("kyc-precheck: the result could not be written"))?;
    }
    Ok(result)
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

/// A photo argument, measured before anything is copied.
enum Photo {
    /// Its bytes, copied into wasm memory.
    Read(Vec<u8>),
    /// Its length, over [`MAX_PHOTO_BYTES`]: not copied.
    TooLarge(u64),
}

/// The realm's own getters of a typed array's type name and of byte lengths. A subclass,
/// or an own property, can shadow `length` or `byteLength` with a getter that lies or
/// throws; these read the internal slots and never run the caller's code.
struct Accessors {
    /// `%TypedArray%.prototype[Symbol.toStringTag]`: the array's type name, or `undefined`
    /// for anything else (a Proxy included).
    typed_array_name: js_sys::Function,
    /// `%TypedArray%.prototype.byteLength` (0 once the buffer is detached).
    typed_array_byte_length: js_sys::Function,
    /// `ArrayBuffer.prototype.byteLength` (0 once detached): throws for anything but an
    /// `ArrayBuffer`.
    array_buffer_byte_length: js_sys::Function,
}

impl Accessors {
    fn read() -> Result<Self, JsValue> {
        let getter = |object: &js_sys::Object, key: &JsValue| {
            let descriptor = js_sys::Reflect::get_own_property_descriptor(object, key)?;
            js_sys::Reflect::get(&descriptor, &JsValue::from_str("get"))?
                .dyn_into::<js_sys::Function>()
        };
        let uint8_array = js_sys::Object::get_prototype_of(&js_sys::Uint8Array::new_with_length(0));
        let typed_array = js_sys::Object::get_prototype_of(&uint8_array);
        let array_buffer = js_sys::Object::get_prototype_of(&js_sys::ArrayBuffer::new(0));
        let byte_length = JsValue::from_str("byteLength");
        Ok(Accessors {
            typed_array_name: getter(&typed_array, &js_sys::Symbol::to_string_tag())?,
            typed_array_byte_length: getter(&typed_array, &byte_length)?,
            array_buffer_byte_length: getter(&array_buffer, &byte_length)?,
        })
    }
}

thread_local! {
    static ACCESSORS: Result<Accessors, JsValue> = Accessors::read();
}

/// The bytes of a `Uint8Array` or `ArrayBuffer`, copied into wasm memory, or only its
/// length when that is over [`MAX_PHOTO_BYTES`]. `what` starts the error messages.
fn photo(what: &str, value: &JsValue) -> Result<Photo, JsError> {
    let detached = |error: JsValue| {
        JsError::new(&format!(
            "{what}: the bytes could not be read ({}); a buffer that was transferred \
             (to a worker, say) is detached: pass a copy",
            message_of(&error).unwrap_or_default()
        ))
    };
    ACCESSORS.with(|accessors| {
        let accessors = accessors
            .as_ref()
            .map_err(|error| unreadable(what, "this realm's typed arrays", error))?;
        let none = js_sys::Array::new();
        let is_uint8_array = read_text(&accessors.typed_array_name, value, &none)
            .ok()
            .flatten()
            .is_some_and(|name| name == "Uint8Array");
        let length = if is_uint8_array {
            read_number(&accessors.typed_array_byte_length, value, &none)
        } else {
            read_number(&accessors.array_buffer_byte_length, value, &none)
        }
        .map_err(|_| {
            JsError::new(&format!(
                "{what}: expected a Uint8Array or ArrayBuffer, got {}",
                value.js_typeof().as_string().unwrap_or_default()
            ))
        })?;
        // A byte length is a whole number below 2^53: exact in an f64 and in a u64.
        let length = length as u64;
        if length > MAX_PHOTO_BYTES {
            return Ok(Photo::TooLarge(length));
        }
        let mut bytes = vec![0; length as usize];
        if is_uint8_array {
            copy_typed_array(&mut bytes, value).map_err(detached)?;
        } else if length > 0 {
            // Not detached (its length would be 0), so making the view cannot throw.
            copy_typed_array(&mut bytes, &js_sys::Uint8Array::new(value)).map_err(detached)?;
        } else {
            probe_detached(value, 0.0, 0.0).map_err(detached)?;
        }
        Ok(Photo::Read(bytes))
    })
}

/// The bytes of a `Uint8Array` or `Uint8ClampedArray` of exactly `expected` bytes, copied
/// into wasm memory; its length is checked first, by the realm's own getter.
fn pixel_bytes(function: &str, value: &JsValue, expected: u64) -> Result<Vec<u8>, JsError> {
    ACCESSORS.with(|accessors| {
        let accessors = accessors
            .as_ref()
            .map_err(|error| unreadable(function, "this realm's typed arrays", error))?;
        let none = js_sys::Array::new();
        let is_bytes = read_text(&accessors.typed_array_name, value, &none)
            .ok()
            .flatten()
            .is_some_and(|name| name == "Uint8Array" || name == "Uint8ClampedArray");
        if !is_bytes {
            return Err(JsError::new(&format!(
                "{function}: rgba must be a Uint8Array or Uint8ClampedArray (an ImageData's data), got {}",
                value.js_typeof().as_string().unwrap_or_default()
            )));
        }
        let length = read_number(&accessors.typed_array_byte_length, value, &none)
            .map_err(|error| unreadable(function, "rgba", &error))? as u64;
        if length != expected {
            return Err(JsError::new(&format!(
                "{function}: rgba is {length} bytes; width x height x 4 is {expected}"
            )));
        }
        let mut bytes = vec![0; length as usize];
        copy_typed_array(&mut bytes, value).map_err(|error| unreadable(function, "rgba", &error))?;
        Ok(bytes)
    })
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
fn read_json<T: DeserializeOwned>(
    function: &str,
    what: &str,
    value: JsValue,
) -> Result<T, JsError> {
    // `JSON.stringify` runs the caller's getters and `toJSON`, and gives `undefined` (not a
    // string) when `toJSON` returns nothing.
    let json = json_text(&value).map_err(|error| unreadable(function, what, &error))?;
    let Some(json) = json.dyn_ref::<js_sys::JsString>() else {
        return Err(JsError::new(&format!(
            "{function}: {what} cannot be read as JSON"
        )));
    };
    let json = well_formed(bounded(function, &format!("{what} as JSON"), json)?);
    serde_json::from_str(&json).map_err(|error| {
        let message = error.to_string();
        // serde_json adds the position in the JSON text, which means nothing to the caller.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head);
        JsError::new(&format!("{function}: invalid {what}: {message}"))
    })
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
    let json = serde_json::to_string(value)
        .map_err(|error| JsError::new(&format!("kyc-precheck: {error}")))?;
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
