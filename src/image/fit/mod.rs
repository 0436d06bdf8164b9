//! Fitting a photo into its slot: [`fit_image`] turns any photo with enough pixels into a
//! file that passes [`check_image`](super::check_image) for the slot's rule.
//!
//! (Contract only in this commit; the implementation follows.)

use super::{ImageInfo, ImageRule};
use crate::issue::Issue;
use serde::{Deserialize, Serialize};

/// The long side a re-encoded photo gets at most, unless [`FitOptions::max_side`] says
/// otherwise.
pub const DEFAULT_MAX_SIDE: u32 = 1600;

/// The size a re-encoded photo aims at, unless [`FitOptions::target_bytes`] says otherwise
/// (kept inside the slot's window).
pub const DEFAULT_TARGET_BYTES: u64 = 500_000;

/// How to fit. Every field is optional; `{}` is the default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FitOptions {
    /// The longest displayed side a re-encoded photo may have, in pixels.
    pub max_side: Option<u32>,
    /// The file size a re-encode aims at, in bytes.
    pub target_bytes: Option<u64>,
}

/// What fitting did to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The input, byte for byte.
    None,
    /// The same encoded picture with its privacy metadata removed.
    Metadata,
    /// Decoded and encoded again.
    Reencoded,
}

/// How close a re-encoded photo is to its source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Fidelity {
    /// Grey SSIM of the output against the source scaled to the output's size.
    pub ssim: f64,
}

/// The result of [`fit_image`].
#[derive(Clone, Debug, Serialize)]
pub struct Fit {
    /// True exactly when `bytes` is present and passes `check_image(bytes, rule)`.
    pub ok: bool,
    /// Why it could not fit, and warnings.
    pub issues: Vec<Issue>,
    /// The file to send, when `ok`.
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
    /// `check_image`'s reading of `bytes`.
    pub image: Option<ImageInfo>,
    /// The same reading of the input.
    pub source: ImageInfo,
    /// What was done.
    pub change: Change,
    /// For a re-encoded photo.
    pub fidelity: Option<Fidelity>,
}

/// A step of a fit, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading the file's pixels.
    Decode,
    /// Scaling and turning them upright.
    Resize,
    /// Encoding the JPEG (once per attempt).
    Encode,
    /// Checking the result.
    Verify,
}

/// Fits `bytes` into `rule`.
pub fn fit_image(bytes: &[u8], rule: &ImageRule, options: &FitOptions) -> Fit {
    fit_image_with_progress(bytes, rule, options, &mut |_| {})
}

/// [`fit_image`], calling `progress` as each stage begins.
pub fn fit_image_with_progress(
    bytes: &[u8],
    rule: &ImageRule,
    options: &FitOptions,
    progress: &mut dyn FnMut(Stage),
) -> Fit {
    let _ = (bytes, rule, options, progress);
    unimplemented!("contract only")
}

/// Fits decoded RGBA pixels (a browser's `createImageBitmap` of a WebP or AVIF, already
/// upright and in sRGB) into `rule` as a JPEG. `source` describes the file they came from.
pub fn fit_pixels(
    rgba: &[u8],
    width: u32,
    height: u32,
    source: ImageInfo,
    rule: &ImageRule,
    options: &FitOptions,
    progress: &mut dyn FnMut(Stage),
) -> Fit {
    let _ = (rgba, width, height, source, rule, options, progress);
    unimplemented!("contract only")
}

/// The displayed size a photo of `width` × `height` displayed pixels would be fitted to, or
/// `None` when it has too few pixels for `rule`. The shell scales a browser-decoded photo
/// to this before handing it to [`fit_pixels`], so wasm memory holds only the fitted size.
pub fn fit_size(
    width: u32,
    height: u32,
    rule: &ImageRule,
    options: &FitOptions,
) -> Option<(u32, u32)> {
    let _ = (width, height, rule, options);
    unimplemented!("contract only")
}
