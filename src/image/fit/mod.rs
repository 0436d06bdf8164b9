//! Fitting a photo into its slot: [`fit_image`] turns any photo with enough pixels into a
//! file that passes [`check_image`] for the slot's rule, and changes no more than it must.
//!
//! 1. **As it is.** A photo that passes the rule and is stored upright keeps its encoded
//!    picture byte for byte; only its privacy metadata goes (EXIF with GPS and the camera's
//!    serial, XMP, IPTC, comments, trailing MPF pictures, PNG text chunks), losslessly
//!    ([`Change::Metadata`]), or nothing at all when it had none ([`Change::None`]).
//! 2. **Re-encoded** ([`Change::Reencoded`]) otherwise: too many bytes, too few, a format the
//!    slot refuses, CMYK or YCCK (which many back ends mishandle), or an EXIF orientation (not every provider's back end applies it, so the
//!    pixels are turned upright and the tag is gone). The photo is decoded at the smallest
//!    size that covers the target (JPEG's scaled IDCT, a box-averaged PNG stream), resampled
//!    with Lanczos3, turned upright, its alpha flattened onto white, CMYK converted, and
//!    encoded as a baseline JPEG with the source's RGB or grey ICC profile embedded (a CMYK
//!    profile cannot describe RGB pixels: it is dropped with `image.colour_approximated`).
//!
//! **Size.** The displayed size is never below the rule's minimum and never above the
//! source's (an upscaled KTP is invented detail: too few pixels is
//! `image.dimensions_too_small`), and its long side at most [`DEFAULT_MAX_SIDE`] (1600 px):
//! above Kredibel's 1024×768 recommendation for OCR and inside the 1440–1920 px that
//! document-verification vendors such as Onfido and Veriff recommend, so a KTP's smallest
//! print stays legible. [`FitOptions::max_side`] changes it.
//!
//! **Bytes.** The encode aims at [`DEFAULT_TARGET_BYTES`] (500 KB: ten seconds of Slow 3G's
//! 50 KB/s for one photo; a 1600×1200 photo at quality 80–90 is 250–600 KB), kept inside the
//! slot's window (at most 90 % of its maximum, at least 120 % of its minimum);
//! [`FitOptions::target_bytes`] changes it. ln(bytes) is nearly linear in ln(100 − quality)
//! (libjpeg's quantiser steps are proportional to 100 − quality), so a
//! first encode at quality 85 and one correction along that line usually land within 25 %
//! of the aim (a soft target; the window is the hard bound); a third uses the slope the first two measured. When no quality (50–100)
//! reaches the window, the pixels change: fewer when even quality 50 is too large (never
//! below the minimum), more (up to what was decoded) when even 100 is too small; a file is
//! never padded. What no setting reaches is `image.fit_unreachable`.
//!
//! **Memory.** What a decode holds is estimated from the header first (a progressive JPEG
//! keeps every coefficient until its last scan); a photo that would need more than 52 MiB
//! is `image.fit_too_large`. A 50 MP baseline JPEG decodes at a quarter of its size.
//!
//! ```
//! use kyc_precheck::{check_image, fit_image, Change, FitOptions, ImageRule};
//!
//! // A 600×400 PNG of a noisy gradient, 54 KB: too large for a 30 KB slot.
//! let (width, height) = (600u32, 400u32);
//! let pixels: Vec<u8> = (0..width * height * 3)
//!     .map(|i| (i / 3 % width / 3 + i / 3 / width / 2 + (i.wrapping_mul(2_654_435_761) >> 26)) as u8)
//!     .collect();
//! let mut png_bytes = Vec::new();
//! let mut encoder = png::Encoder::new(&mut png_bytes, width, height);
//! encoder.set_color(png::ColorType::Rgb);
//! let mut writer = encoder.write_header().unwrap();
//! writer.write_image_data(&pixels).unwrap();
//! writer.finish().unwrap();
//!
//! let slot = ImageRule { max_bytes: Some(30_000), min_width: Some(300), ..ImageRule::default() };
//! assert!(!check_image(&png_bytes, &slot).ok);
//! let fitted = fit_image(&png_bytes, &slot, &FitOptions::default());
//! assert!(fitted.ok);
//! assert_eq!(fitted.change, Change::Reencoded);
//! let bytes = fitted.bytes.unwrap();
//! assert!(check_image(&bytes, &slot).ok && bytes.len() <= 30_000);
//! assert_eq!(fitted.image.unwrap().format.as_str(), "jpeg");
//! assert!(fitted.fidelity.is_some());
//! ```

mod encode;
mod pixels;
mod strip;

use super::{check_image, sniff, ImageFormat, ImageInfo, ImageRule, Layout};
use crate::issue::{Code, Issue};
use encode::Window;
use pixels::{DecodeError, Decoded, Pixels};
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

/// Fits `bytes` into `rule`: see the [module](self) for what it does and in what order.
pub fn fit_image(bytes: &[u8], rule: &ImageRule, options: &FitOptions) -> Fit {
    fit_image_with_progress(bytes, rule, options, &mut |_| {})
}

/// [`fit_image`], calling `progress` as each stage begins ([`Stage::Encode`] once per
/// encode).
pub fn fit_image_with_progress(
    bytes: &[u8],
    rule: &ImageRule,
    options: &FitOptions,
    progress: &mut dyn FnMut(Stage),
) -> Fit {
    // What the file is, whatever the slot's bounds: any readable JPEG or PNG can be fitted.
    let readable = ImageRule {
        formats: vec![ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Svg],
        min_bytes: None,
        max_bytes: None,
        min_width: None,
        min_height: None,
        max_pixels: rule.max_pixels,
        quality: None,
    };
    let read = check_image(bytes, &readable);
    let format = if bytes.is_empty() {
        ImageFormat::Unknown
    } else {
        sniff::sniff(bytes)
    };
    let source = read
        .image
        .clone()
        .unwrap_or_else(|| ImageInfo::unread(format, bytes.len() as u64));
    if !read.ok {
        // A format nothing here decodes is refused with the slot's own list of formats.
        let issues = if readable.formats.contains(&format) {
            read.issues
        } else {
            check_image(bytes, rule).issues
        };
        return refused(issues, source);
    }
    if format == ImageFormat::Svg {
        // No rasterizer here: an SVG is sent as it is, or refused with the check's reason.
        progress(Stage::Verify);
        let checked = check_image(bytes, rule);
        return Fit {
            ok: checked.ok,
            bytes: checked.ok.then(|| bytes.to_vec()),
            issues: checked.issues,
            image: checked.image,
            source,
            change: Change::None,
            fidelity: None,
        };
    }
    let Some((width, height)) =
        fit_size(source.display_width, source.display_height, rule, options)
    else {
        return refused(vec![too_few_pixels(&source, rule)], source);
    };
    let Some(header) = super::read_header(bytes, format) else {
        return refused(check_image(bytes, rule).issues, source);
    };
    // A CMYK or YCCK JPEG is always converted: many back ends mishandle four components.
    let cmyk = matches!(header.layout, Layout::Jpeg { components: 4, .. });
    if source.orientation == 1 && !cmyk && rule.formats.contains(&format) {
        if let Some(fit) = as_it_is(bytes, format, rule, &source, progress) {
            return fit;
        }
    }
    if !rule.formats.contains(&ImageFormat::Jpeg) {
        // Only a JPEG is ever written; a slot without JPEG keeps the check's verdict.
        return refused(check_image(bytes, rule).issues, source);
    }
    // The decode covers the target in stored orientation.
    let (want_width, want_height) = if source.orientation >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    if pixels::decode_bytes(&header, want_width, want_height) > pixels::DECODE_BUDGET_BYTES {
        return refused(vec![too_large(&source)], source);
    }
    progress(Stage::Decode);
    let decoded = match format {
        ImageFormat::Jpeg => pixels::jpeg(bytes, want_width, want_height),
        _ => pixels::png(bytes, &header, want_width, want_height),
    };
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(DecodeError::TooLarge) => return refused(vec![too_large(&source)], source),
        Err(DecodeError::Corrupt) => {
            let issue = Issue::new(Code::ImageCorrupt)
                .with("reason", "the decoder could not read the image");
            return refused(vec![issue], source);
        }
    };
    let orientation = source.orientation;
    reencode(
        decoded,
        orientation,
        (width, height),
        source,
        rule,
        options,
        progress,
    )
}

/// Fits decoded RGBA pixels (a browser's `createImageBitmap` of a WebP or AVIF, already
/// upright and in sRGB) into `rule` as a JPEG, alpha flattened onto white. `source`
/// describes the file they came from (its format, length and displayed size); the pixels may
/// already be scaled to [`fit_size`] of it, which keeps wasm memory to the fitted size.
///
/// A buffer shorter than `width × height × 4` is `image.corrupt`; a source over the rule's
/// `max_pixels` is `image.too_many_pixels`, as a JPEG or PNG of that size would be.
pub fn fit_pixels(
    rgba: &[u8],
    width: u32,
    height: u32,
    source: ImageInfo,
    rule: &ImageRule,
    options: &FitOptions,
    progress: &mut dyn FnMut(Stage),
) -> Fit {
    let pixels = (width as usize).saturating_mul(height as usize);
    if width == 0 || height == 0 || rgba.len() / 4 < pixels {
        let issue =
            Issue::new(Code::ImageCorrupt).with("reason", "the decoded pixels are incomplete");
        return refused(vec![issue], source);
    }
    // The same pixel bound a JPEG or PNG meets, on the size the browser decoded.
    let max_pixels = rule.max_pixels.min(super::PIXEL_LIMIT);
    if u64::from(source.width) * u64::from(source.height) > max_pixels {
        let issue = Issue::new(Code::ImageTooManyPixels)
            .with("width", source.width)
            .with("height", source.height)
            .with("maxPixels", max_pixels);
        return refused(vec![issue], source);
    }
    if fit_size(source.display_width, source.display_height, rule, options).is_none() {
        return refused(vec![too_few_pixels(&source, rule)], source);
    }
    if !rule.formats.contains(&ImageFormat::Jpeg) {
        return refused(vec![format_refused(&source, rule)], source);
    }
    let Some(target) = fit_size(width, height, rule, options) else {
        return refused(vec![too_few_pixels(&source, rule)], source);
    };
    progress(Stage::Decode);
    let data = rgba[..pixels * 4]
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u32::from(p[3]);
            let flat = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [flat(p[0]), flat(p[1]), flat(p[2]), 255]
        })
        .collect();
    let decoded = Decoded {
        pixels: Pixels {
            width,
            height,
            channels: 4,
            data,
        },
        profile: None,
        approximated: None,
    };
    reencode(decoded, 1, target, source, rule, options, progress)
}

/// The displayed size a photo of `width` × `height` displayed pixels is fitted to, or
/// `None` when it has too few pixels for `rule`'s minimums.
///
/// The long side is brought down to [`FitOptions::max_side`] (default [`DEFAULT_MAX_SIDE`])
/// unless that would go below a minimum, which wins; a photo is never enlarged. The shell
/// scales a browser-decoded photo to this before [`fit_pixels`].
///
/// ```
/// use kyc_precheck::{fit_size, FitOptions, ImageRule};
///
/// let selfie = ImageRule { min_width: Some(480), min_height: Some(640), ..ImageRule::default() };
/// let default = FitOptions::default();
/// assert_eq!(fit_size(3000, 4000, &selfie, &default), Some((1200, 1600)));
/// assert_eq!(fit_size(800, 1000, &selfie, &default), Some((800, 1000)));
/// assert_eq!(fit_size(360, 480, &selfie, &default), None);
/// // A very small bound still keeps the minimums.
/// let tiny = FitOptions { max_side: Some(500), ..FitOptions::default() };
/// assert_eq!(fit_size(3000, 4000, &selfie, &tiny), Some((480, 640)));
/// ```
pub fn fit_size(
    width: u32,
    height: u32,
    rule: &ImageRule,
    options: &FitOptions,
) -> Option<(u32, u32)> {
    let (min_width, min_height) = (
        rule.min_width.unwrap_or(1).max(1),
        rule.min_height.unwrap_or(1).max(1),
    );
    if width < min_width || height < min_height {
        return None;
    }
    let long = f64::from(width.max(height));
    let max_side = f64::from(options.max_side.unwrap_or(DEFAULT_MAX_SIDE).max(1));
    let needed =
        (f64::from(min_width) / f64::from(width)).max(f64::from(min_height) / f64::from(height));
    let scale = (max_side / long).min(1.0).max(needed);
    let side =
        |length: u32, min: u32| ((f64::from(length) * scale).round() as u32).clamp(min, length);
    Some((side(width, min_width), side(height, min_height)))
}

/// The photo unchanged, or with its metadata removed, when that passes the rule; `None`
/// when it must be re-encoded.
fn as_it_is(
    bytes: &[u8],
    format: ImageFormat,
    rule: &ImageRule,
    source: &ImageInfo,
    progress: &mut dyn FnMut(Stage),
) -> Option<Fit> {
    let stripped = match format {
        ImageFormat::Jpeg => strip::jpeg(bytes)?,
        _ => strip::png(bytes)?,
    };
    let length = stripped.len() as u64;
    let in_window = rule.min_bytes.is_none_or(|min| length >= min)
        && rule.max_bytes.is_none_or(|max| length <= max);
    if !in_window {
        return None;
    }
    progress(Stage::Verify);
    let checked = check_image(&stripped, rule);
    // Only the quality measures can still fail here, and re-encoding would not help them.
    let change = if stripped == bytes {
        Change::None
    } else {
        Change::Metadata
    };
    Some(Fit {
        ok: checked.ok,
        bytes: checked.ok.then_some(stripped),
        issues: checked.issues,
        image: checked.image,
        source: source.clone(),
        change,
        fidelity: None,
    })
}

/// How many times the pixels may change when no quality reaches the window.
const RESIZES: usize = 3;

/// Scales, turns upright, encodes into the window and verifies.
fn reencode(
    decoded: Decoded,
    orientation: u8,
    (width, height): (u32, u32),
    source: ImageInfo,
    rule: &ImageRule,
    options: &FitOptions,
    progress: &mut dyn FnMut(Stage),
) -> Fit {
    let Decoded {
        pixels: decoded,
        profile,
        approximated,
    } = decoded;
    let grey = decoded.channels == 1;
    let decoded = decoded.rgba();
    let window = window(rule, options);
    // The most the pixels can grow to: what was decoded, turned upright.
    let (most_width, most_height) = if orientation >= 5 {
        (decoded.height, decoded.width)
    } else {
        (decoded.width, decoded.height)
    };
    let (mut width, mut height) = (width.min(most_width), height.min(most_height));
    let (min_width, min_height) = (rule.min_width.unwrap_or(1), rule.min_height.unwrap_or(1));
    let mut outcome = Err((0, 0));
    let mut upright = None;
    for _ in 0..RESIZES {
        progress(Stage::Resize);
        let (stored_width, stored_height) = if orientation >= 5 {
            (height, width)
        } else {
            (width, height)
        };
        let Some(pixels) = encode::resize(&decoded, stored_width, stored_height) else {
            break;
        };
        let pixels = if grey { pixels.grey() } else { pixels }.upright(orientation);
        outcome = encode::within(&pixels, window, profile.as_deref(), &mut || {
            progress(Stage::Encode)
        });
        upright = Some(pixels);
        let scale = match outcome {
            Ok(_) => break,
            // Even the lowest quality is too large: fewer pixels, bytes roughly following.
            Err((smallest, _)) if smallest > window.max => {
                (window.aim as f64 / smallest as f64).sqrt()
            }
            // Even the highest is too small: more pixels, if there are any.
            Err((_, largest)) => (window.aim as f64 / largest.max(1) as f64).sqrt(),
        };
        let next = (
            ((f64::from(width) * scale).round() as u32).clamp(min_width, most_width),
            ((f64::from(height) * scale).round() as u32).clamp(min_height, most_height),
        );
        if next == (width, height) {
            break;
        }
        (width, height) = next;
    }
    drop(decoded);
    let (Ok(encoded), Some(pixels)) = (outcome, upright) else {
        let issue = Issue::new(Code::ImageFitUnreachable)
            .with("minBytes", rule.min_bytes.unwrap_or(0))
            .with("maxBytes", rule.max_bytes.unwrap_or(window.max));
        return refused(vec![issue], source);
    };
    progress(Stage::Verify);
    let fidelity = fidelity(&encoded, &pixels);
    drop(pixels);
    let checked = check_image(&encoded, rule);
    let mut issues = checked.issues;
    if let Some(profile) = approximated {
        issues.push(Issue::new(Code::ImageColourApproximated).with("profile", profile));
    }
    Fit {
        ok: checked.ok,
        bytes: checked.ok.then_some(encoded),
        issues,
        image: checked.image,
        source,
        change: Change::Reencoded,
        fidelity,
    }
}

/// The slot's byte window and the aim inside it.
fn window(rule: &ImageRule, options: &FitOptions) -> Window {
    let min = rule.min_bytes.unwrap_or(0);
    let max = rule.max_bytes.unwrap_or(u64::MAX).max(min);
    let target = options.target_bytes.unwrap_or(DEFAULT_TARGET_BYTES);
    let (low, high) = (min.saturating_add(min / 5), max - max / 10);
    let aim = if low <= high {
        target.clamp(low, high)
    } else {
        min + (max - min) / 2
    };
    Window {
        min,
        max,
        aim: aim.max(1),
    }
}

/// The grey SSIM of the encoded JPEG, decoded again, against the pixels it was made from.
fn fidelity(jpeg: &[u8], pixels: &Pixels) -> Option<Fidelity> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let data = decoder.decode().ok()?;
    let info = decoder.info()?;
    let decoded = Pixels {
        width: u32::from(info.width),
        height: u32::from(info.height),
        channels: if info.pixel_format == jpeg_decoder::PixelFormat::L8 {
            1
        } else {
            3
        },
        data,
    };
    if (decoded.width, decoded.height) != (pixels.width, pixels.height) {
        return None;
    }
    let ssim = encode::ssim(
        &decoded.luma(),
        &pixels.luma(),
        pixels.width as usize,
        pixels.height as usize,
    );
    Some(Fidelity {
        ssim: (ssim * 10_000.0).round() / 10_000.0,
    })
}

fn refused(issues: Vec<Issue>, source: ImageInfo) -> Fit {
    Fit {
        ok: false,
        issues,
        bytes: None,
        image: None,
        source,
        change: Change::None,
        fidelity: None,
    }
}

fn too_few_pixels(source: &ImageInfo, rule: &ImageRule) -> Issue {
    Issue::new(Code::ImageDimensionsTooSmall)
        .with("width", source.display_width)
        .with("height", source.display_height)
        .with("minWidth", rule.min_width.unwrap_or(0))
        .with("minHeight", rule.min_height.unwrap_or(0))
}

fn too_large(source: &ImageInfo) -> Issue {
    Issue::new(Code::ImageFitTooLarge)
        .with("width", source.display_width)
        .with("height", source.display_height)
}

fn format_refused(source: &ImageInfo, rule: &ImageRule) -> Issue {
    let accepted: Vec<&str> = rule.formats.iter().map(|f| f.display_name()).collect();
    Issue::new(Code::ImageFormatUnsupported)
        .with("format", source.format.display_name())
        .with("accepted", accepted.join(", "))
}
