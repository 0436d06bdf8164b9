//! The image exports: `checkImage`, `fitImage`, `fitPixels` and `fitSize`, and how a
//! photo argument is measured and copied into wasm memory (which `buildRequest` shares).

use super::{assign, is_array, message_of, read_json, read_options, to_js, unreadable};
use crate::provider::StatedBounds;
use crate::{
    Fit, FitOptions, ImageFormat, ImageInfo, ImageRule, ImageRuleSpec, Stage, PIXEL_LIMIT,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Declared with `catch` for the reason given above the parent's imports: each can run the
// caller's code or throw on the caller's value, and returns nothing, a number or a copied
// string.
#[wasm_bindgen]
extern "C" {
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

    /// `Reflect.apply(callback, undefined, [argument])` for a callback whose result is
    /// not wanted (a progress callback).
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn call_back(
        callback: &js_sys::Function,
        this: &JsValue,
        arguments: &js_sys::Array,
    ) -> Result<(), JsValue>;
}

/// The largest photo copied into WebAssembly memory: 32 MiB, eight times the largest slot a
/// provider documents (Kredibel's selfie, 4 MB). Wasm memory never shrinks, so a 500 MB
/// array copied once would hold 500 MB for the page's life. A larger photo is measured,
/// never copied: `checkImage` reports it against the slot's `maxBytes`, and throws where
/// the rule sets none; `buildRequest` throws.
pub(super) const MAX_PHOTO_BYTES: u64 = 32 * 1024 * 1024;

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

/// A photo argument, measured before anything is copied.
pub(super) enum Photo {
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
pub(super) fn photo(what: &str, value: &JsValue) -> Result<Photo, JsError> {
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
