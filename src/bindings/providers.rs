//! The provider exports: `buildRequest`, `readResponse`, `readCallback` and `rules`.

use super::images::{photo, Photo, MAX_PHOTO_BYTES};
use super::{assign, is_array, local_today, read_json, read_options, text, to_js, unreadable};
use crate::provider::{self, Applicant, BuildOptions};
use wasm_bindgen::prelude::*;

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
