//! The JavaScript bindings: the one module that names `wasm_bindgen`, `js_sys` or
//! `JsValue`. Each export reads its JS arguments, calls the core, and writes the result
//! back; no rule lives here.
//!
//! User problems come back as data in the result. Programmer mistakes (an argument of the
//! wrong JS type, an unknown option, an option value of the wrong shape) throw an `Error`
//! whose message names the function and the option.

use crate::provider::{self, Applicant, BuildOptions};
use crate::{
    CodeInfo, Date, DateFormat, DateOptions, ImageRuleSpec, NameOptions, NikOptions, PhoneOptions,
    Severity,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `checkNik(input, options?)`: see the core's `check_nik`.
#[wasm_bindgen(js_name = checkNik)]
pub fn check_nik(input: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkNik", input)?;
    let mut options: NikOptions = read_options("checkNik", options)?;
    options.today = options.today.or_else(local_today);
    to_js(&crate::check_nik(&input, &options))
}

/// `checkPhone(input, options?)`: see the core's `check_phone`.
#[wasm_bindgen(js_name = checkPhone)]
pub fn check_phone(input: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let input = text("checkPhone", input)?;
    let options: PhoneOptions = read_options("checkPhone", options)?;
    to_js(&crate::check_phone(&input, &options))
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
    let image = bytes("checkImage", &image)?;
    if rule.is_undefined() || rule.is_null() {
        return Err(JsError::new(
            "checkImage: a rule is required: { provider, field } or explicit bounds",
        ));
    }
    let spec: ImageRuleSpec = read_options("checkImage", rule)?;
    let rule = spec
        .resolve()
        .map_err(|message| JsError::new(&format!("checkImage: {message}")))?;
    to_js(&crate::check_image(&image, &rule))
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
    if !input.is_object() || js_sys::Array::is_array(&input) {
        return Err(JsError::new("buildRequest: input must be an object"));
    }
    // A shallow copy without the photos, so that they never go through JSON.
    let rest = js_sys::Object::assign(&js_sys::Object::new(), input.unchecked_ref());
    let mut photos: [Option<Vec<u8>>; 3] = [None, None, None];
    for (slot, name) in photos.iter_mut().zip(Applicant::IMAGE_FIELDS) {
        let key = JsValue::from_str(name);
        let value = js_sys::Reflect::get(&rest, &key).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        *slot = Some(bytes(&format!("{NAME}: input.{name}"), &value)?);
        let _ = js_sys::Reflect::delete_property(&rest, &key);
    }
    let mut applicant: Applicant = read_json(NAME, "input", rest.into())?;
    let [selfie, id_card, photo] = photos;
    applicant.selfie = selfie;
    applicant.id_card = id_card;
    applicant.photo = photo;
    let mut options: BuildOptions = read_options(NAME, options)?;
    options.today = options.today.or_else(local_today);
    let built = provider::build_request(&provider, &endpoint, &applicant, &options)
        .map_err(|message| JsError::new(&format!("{NAME}: {message}")))?;
    to_js(&built)
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
    let retry_after = retry_after.as_string();
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

/// The string argument `value`; anything else is a programmer mistake (a NIK or phone
/// number passed as a JS number has already lost digits or a leading zero).
fn text(function: &str, value: JsValue) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "{function}: expected a string, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        ))
    })
}

/// The bytes of a `Uint8Array` or `ArrayBuffer`, copied into wasm memory.
fn bytes(what: &str, value: &JsValue) -> Result<Vec<u8>, JsError> {
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        Ok(array.to_vec())
    } else if value.is_instance_of::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(value).to_vec())
    } else {
        Err(JsError::new(&format!(
            "{what}: expected a Uint8Array or ArrayBuffer, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        )))
    }
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
    if !value.is_object() || js_sys::Array::is_array(&value) {
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
    let json: String = js_sys::JSON::stringify(&value)
        .map_err(|_| JsError::new(&format!("{function}: {what} cannot be read as JSON")))?
        .into();
    serde_json::from_str(&json).map_err(|error| {
        let message = error.to_string();
        // serde_json adds the position in the JSON text, which means nothing to the caller.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head);
        JsError::new(&format!("{function}: invalid {what}: {message}"))
    })
}

/// Results cross as JSON text too: one `JSON.parse` in the engine is cheaper than building
/// the object a field at a time across the boundary.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value)
        .map_err(|error| JsError::new(&format!("kyc-precheck: {error}")))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("kyc-precheck: result is not JSON"))
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
