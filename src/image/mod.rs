//! Photo checks: the real format, file-size bounds, pixel minimums, orientation, safe SVG
//! and, where asked, sharpness, exposure and glare.
//!
//! [`check_image`] decides without decoding a pixel whatever it can (format, bytes, size,
//! orientation, damage): it walks the file's structure, then reads its compressed data
//! through (a JPEG's Huffman codes, a PNG's zlib stream) without reconstructing anything,
//! so a damaged file is refused whether or not quality is measured, and the work is
//! bounded by the pixels the header declares. Only the quality measures decode, at
//! reduced size and within a memory budget decided from the header (see
//! [`quality`](self::Quality)).
//!
//! **Display size.** A phone stores a portrait selfie as a landscape frame plus an EXIF
//! orientation that tells viewers to rotate it. The providers, like every viewer, see the
//! rotated picture, so the pixel minimums (Kredibel's selfie: 480 wide by 640 high) are
//! checked against the displayed width and height, not the stored ones.

mod exif;
mod fit;
mod jpeg;
mod png;
mod quality;
mod sniff;
mod svg;

use crate::issue::{no_errors, Code, Issue};
use serde::{Deserialize, Serialize};

pub use fit::{
    fit_image, fit_image_with_progress, fit_pixels, fit_size, Change, Fidelity, Fit, FitOptions,
    Stage, DEFAULT_MAX_SIDE, DEFAULT_TARGET_BYTES,
};
pub use quality::{Quality, QualityRule};

/// A file format, as told from the file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// JPEG (JPG): accepted by every provider.
    Jpeg,
    /// PNG: accepted by every provider.
    Png,
    /// SVG: accepted by Kredibel.
    Svg,
    /// HEIC/HEIF, the iPhone camera's default.
    Heic,
    /// AVIF.
    Avif,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
    /// BMP.
    Bmp,
    /// TIFF.
    Tiff,
    /// PDF.
    Pdf,
    /// Compressed SVG (gzip).
    Svgz,
    /// JPEG XL.
    #[serde(rename = "jxl")]
    JpegXl,
    /// Anything else.
    Unknown,
}

impl ImageFormat {
    /// The lower-case identifier used in rules and results: `"jpeg"`, `"heic"`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
            ImageFormat::Heic => "heic",
            ImageFormat::Avif => "avif",
            ImageFormat::Webp => "webp",
            ImageFormat::Gif => "gif",
            ImageFormat::Bmp => "bmp",
            ImageFormat::Tiff => "tiff",
            ImageFormat::Pdf => "pdf",
            ImageFormat::Svgz => "svgz",
            ImageFormat::JpegXl => "jxl",
            ImageFormat::Unknown => "unknown",
        }
    }

    /// The name a person knows the format by, for messages.
    pub fn display_name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Svg => "SVG",
            ImageFormat::Heic => "HEIC",
            ImageFormat::Avif => "AVIF",
            ImageFormat::Webp => "WebP",
            ImageFormat::Gif => "GIF",
            ImageFormat::Bmp => "BMP",
            ImageFormat::Tiff => "TIFF",
            ImageFormat::Pdf => "PDF",
            ImageFormat::Svgz => "SVGZ",
            ImageFormat::JpegXl => "JPEG XL",
            ImageFormat::Unknown => "?",
        }
    }
}

/// The decoders' own ceiling: JPEG frames are at most 65,535 pixels a side, and no phone
/// photo comes near 100 MP. A rule may lower `max_pixels`, never raise it past this.
pub const PIXEL_LIMIT: u64 = 100_000_000;

/// The default `max_pixels`: 50 MP, above every phone camera's default output.
pub const DEFAULT_MAX_PIXELS: u64 = 50_000_000;

/// What one image slot accepts: one plain struct of bounds with one check,
/// [`check_image`]. A provider's photo field is mostly one of these.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageRule {
    /// Accepted formats, as told from the bytes.
    pub formats: Vec<ImageFormat>,
    /// The smallest file accepted, in bytes.
    pub min_bytes: Option<u64>,
    /// The largest file accepted, in bytes.
    pub max_bytes: Option<u64>,
    /// The smallest displayed width accepted, in pixels.
    pub min_width: Option<u32>,
    /// The smallest displayed height accepted, in pixels.
    pub min_height: Option<u32>,
    /// The most pixels (width × height) a file may declare before anything is decoded.
    pub max_pixels: u64,
    /// Whether and how to measure sharpness, exposure and glare.
    pub quality: Option<QualityRule>,
}

impl Default for ImageRule {
    /// JPEG, PNG and SVG, no size bounds, at most [`DEFAULT_MAX_PIXELS`], no quality.
    fn default() -> Self {
        ImageRule {
            formats: vec![ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Svg],
            min_bytes: None,
            max_bytes: None,
            min_width: None,
            min_height: None,
            max_pixels: DEFAULT_MAX_PIXELS,
            quality: None,
        }
    }
}

/// What the file is, as far as it could be read.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    /// The format told from the bytes.
    pub format: ImageFormat,
    /// The file's length in bytes.
    pub bytes: u64,
    /// The stored width in pixels (an SVG's intrinsic width, rounded down; 0 if none).
    pub width: u32,
    /// The stored height in pixels.
    pub height: u32,
    /// The EXIF orientation, 1–8 (1 when absent).
    pub orientation: u8,
    /// The width as displayed, after the orientation is applied.
    pub display_width: u32,
    /// The height as displayed.
    pub display_height: u32,
    /// The quality measures, when the rule asks for them and the header passed.
    pub quality: Option<Quality>,
}

impl ImageInfo {
    /// What is known of a file whose header was not read: its format and length.
    pub fn unread(format: ImageFormat, bytes: u64) -> ImageInfo {
        ImageInfo {
            format,
            bytes,
            width: 0,
            height: 0,
            orientation: 1,
            display_width: 0,
            display_height: 0,
            quality: None,
        }
    }
}

/// The result of [`check_image`].
#[derive(Clone, Debug, Serialize)]
pub struct ImageCheck {
    /// False exactly when an issue of severity error is present.
    pub ok: bool,
    /// What is wrong, if anything.
    pub issues: Vec<Issue>,
    /// What the file is, when its format is accepted and its header could be read.
    pub image: Option<ImageInfo>,
}

/// Size and orientation from a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
    pub orientation: Option<u8>,
    /// How the pixels are stored, which decides what decoding them costs.
    pub layout: Layout,
}

/// How a file stores its pixels, as far as the quality decode's memory depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A JPEG frame of `components` colour components and `blocks` 8×8 blocks in all,
    /// counted padded to whole MCUs, as the decoders allocate them.
    Jpeg {
        progressive: bool,
        components: u8,
        blocks: u64,
    },
    /// A PNG whose rows of image data are `row_bytes` long, filter byte included.
    Png { row_bytes: u64 },
    /// An SVG, never decoded.
    Svg,
}

/// Why a reader refused a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Damaged or incomplete: `image.corrupt`, with the reason.
    Corrupt(&'static str),
    /// A variant of the format no browser displays, such as lossless JPEG:
    /// `image.format_unsupported`, with this as the format's name.
    Unsupported(&'static str),
    /// More work than any photo needs: `image.too_complex`, with the reason.
    TooComplex(String),
}

impl Refusal {
    fn issue(self, rule: &ImageRule) -> Issue {
        match self {
            Refusal::Corrupt(reason) => Issue::new(Code::ImageCorrupt).with("reason", reason),
            Refusal::Unsupported(format) => Issue::new(Code::ImageFormatUnsupported)
                .with("format", format)
                .with("accepted", accepted_formats(rule)),
            Refusal::TooComplex(reason) => Issue::new(Code::ImageTooComplex).with("reason", reason),
        }
    }
}

fn accepted_formats(rule: &ImageRule) -> String {
    let accepted: Vec<&str> = rule.formats.iter().map(|f| f.display_name()).collect();
    accepted.join(", ")
}

/// A file whose structure has been read, with what remains to check of its data.
enum Structure<'a> {
    Jpeg(jpeg::Jpeg<'a>),
    Png(png::Png<'a>),
    /// An SVG, with its intrinsic size when it has one.
    Svg(Option<Header>),
}

/// Checks an uploaded image against `rule` and reports every problem at once.
///
/// The checks run from the cheapest to the dearest, and a file that must be replaced
/// anyway stops at the first one that says so:
///
/// 1. an empty file is `image.empty`; the format, told from the first bytes, must be one
///    the rule accepts; a file over `max_bytes` is refused before anything is parsed;
/// 2. the structure (JPEG segments and tables, PNG chunks and CRCs, SVG safety) is walked,
///    and the declared size checked against `max_pixels`;
/// 3. the compressed data is read through (JPEG Huffman codes, PNG zlib stream and
///    Adler-32), so a damaged file is `image.corrupt` whether or not quality is measured;
/// 4. the displayed size is checked against the minimums, and quality measured if asked.
///
/// ```
/// use kyc_precheck::{check_image, ImageRule};
///
/// // A PNG header declaring 100000 x 100000 pixels: refused before anything is allocated.
/// let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x02\0\0\0".to_vec();
/// let crc = crc32fast::hash(&bomb[12..29]);
/// bomb.extend_from_slice(&crc.to_be_bytes());
/// bomb.extend_from_slice(b"\0\0\0\0IDAT\x35\xaf\x06\x1e\0\0\0\0IEND\xae\x42\x60\x82");
/// let checked = check_image(&bomb, &ImageRule::default());
/// assert_eq!(checked.issues[0].code.as_str(), "image.too_many_pixels");
///
/// let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
/// let checked = check_image(heic, &ImageRule::default());
/// assert_eq!(checked.issues[0].code.as_str(), "image.format_unsupported");
///
/// // A file the person chose, but with nothing in it.
/// let checked = check_image(b"", &ImageRule::default());
/// assert_eq!(checked.issues[0].code.as_str(), "image.empty");
/// ```
pub fn check_image(bytes: &[u8], rule: &ImageRule) -> ImageCheck {
    let mut issues = Vec::new();
    let length = bytes.len() as u64;
    if bytes.is_empty() {
        issues.push(Issue::new(Code::ImageEmpty));
        return finish(issues, None);
    }
    let format = sniff::sniff(bytes);
    if !rule.formats.contains(&format) {
        issues.push(
            Issue::new(Code::ImageFormatUnsupported)
                .with("format", format.display_name())
                .with("accepted", accepted_formats(rule)),
        );
        return finish(issues, None);
    }
    // Before any parsing: a file too large to send is not worth reading.
    if let Some(max) = rule.max_bytes.filter(|max| length > *max) {
        issues.push(
            Issue::new(Code::ImageFileTooLarge)
                .with("bytes", length)
                .with("maxBytes", max),
        );
        return finish(issues, None);
    }
    if let Some(min) = rule.min_bytes.filter(|min| length < *min) {
        issues.push(
            Issue::new(Code::ImageFileTooSmall)
                .with("bytes", length)
                .with("minBytes", min),
        );
    }
    let structure = match format {
        ImageFormat::Jpeg => jpeg::read(bytes).map(Structure::Jpeg),
        ImageFormat::Png => png::read(bytes).map(Structure::Png),
        ImageFormat::Svg => match svg::read(bytes) {
            Ok(size) => Ok(Structure::Svg(size.map(|size| Header {
                width: whole_pixels(size.width),
                height: whole_pixels(size.height),
                orientation: None,
                layout: Layout::Svg,
            }))),
            Err(svg::SvgError::Corrupt(reason)) => Err(Refusal::Corrupt(reason)),
            Err(svg::SvgError::Unsafe(kind)) => {
                issues.push(Issue::new(Code::ImageUnsafeSvg).with("reason", kind.as_str()));
                return finish(issues, None);
            }
        },
        // Only the three formats above have readers; a rule naming another is refused when
        // the rule is built, so this is a file the rule cannot have accepted.
        _ => Err(Refusal::Corrupt("this format cannot be read")),
    };
    let structure = match structure {
        Ok(structure) => structure,
        Err(refusal) => {
            issues.push(refusal.issue(rule));
            return finish(issues, None);
        }
    };
    let header = match &structure {
        Structure::Jpeg(jpeg) => jpeg.header,
        Structure::Png(png) => png.header,
        Structure::Svg(Some(header)) => *header,
        Structure::Svg(None) => {
            // An SVG without an intrinsic size: fine unless the slot has a pixel minimum.
            if let (Some(min_width), Some(min_height)) = (rule.min_width, rule.min_height) {
                issues.push(
                    Issue::new(Code::ImageSvgNoSize)
                        .with("minWidth", min_width)
                        .with("minHeight", min_height),
                );
            }
            return finish(issues, Some(ImageInfo::unread(format, length)));
        }
    };
    let orientation = header.orientation.unwrap_or(1);
    let (display_width, display_height) = if orientation >= 5 {
        (header.height, header.width)
    } else {
        (header.width, header.height)
    };
    let mut info = ImageInfo {
        format,
        bytes: length,
        width: header.width,
        height: header.height,
        orientation,
        display_width,
        display_height,
        quality: None,
    };
    let pixels = u64::from(header.width) * u64::from(header.height);
    let max_pixels = rule.max_pixels.min(PIXEL_LIMIT);
    if pixels > max_pixels {
        issues.push(
            Issue::new(Code::ImageTooManyPixels)
                .with("width", header.width)
                .with("height", header.height)
                .with("maxPixels", max_pixels),
        );
        return finish(issues, Some(info));
    }
    // The size is bounded now, and with it the work of reading the data through. A JPEG
    // whose quality is measured is decoded at reduced size on the way.
    let measured = rule.quality.is_some() && quality::within_budget(&header);
    let data = match &structure {
        Structure::Jpeg(jpeg) if measured => {
            let d = quality::jpeg_scale(header.width, header.height);
            jpeg.check_data_keeping(8 / d as usize)
        }
        Structure::Jpeg(jpeg) => jpeg.check_data().map(|()| None),
        Structure::Png(png) => png.check_data().map(|()| None),
        Structure::Svg(_) => Ok(None),
    };
    let reduced = match data {
        Ok(reduced) => reduced,
        Err(refusal) => {
            issues.push(refusal.issue(rule));
            return finish(issues, Some(info));
        }
    };
    let too_narrow = rule.min_width.is_some_and(|min| display_width < min);
    let too_short = rule.min_height.is_some_and(|min| display_height < min);
    if too_narrow || too_short {
        issues.push(
            Issue::new(Code::ImageDimensionsTooSmall)
                .with("width", display_width)
                .with("height", display_height)
                .with("minWidth", rule.min_width.unwrap_or(0))
                .with("minHeight", rule.min_height.unwrap_or(0)),
        );
    }
    if let Some(quality_rule) = &rule.quality {
        // Quality is worth measuring only for a file that could be sent as it is.
        if no_errors(&issues) && format != ImageFormat::Svg {
            match quality::measure(format, bytes, &header, reduced) {
                Ok(measured) => {
                    issues.extend(quality_rule.judge(&measured));
                    info.quality = Some(measured);
                }
                Err(quality::Failure::Corrupt(reason)) => {
                    issues.push(Issue::new(Code::ImageCorrupt).with("reason", reason));
                }
                Err(quality::Failure::NotMeasured(reason)) => {
                    issues.push(quality_rule.not_measured(reason));
                }
            }
        }
    }
    finish(issues, Some(info))
}

/// The header of a JPEG or PNG whose structure reads: what the fit's memory estimate needs.
pub(crate) fn read_header(bytes: &[u8], format: ImageFormat) -> Option<Header> {
    match format {
        ImageFormat::Jpeg => jpeg::read(bytes).ok().map(|jpeg| jpeg.header),
        ImageFormat::Png => png::read(bytes).ok().map(|png| png.header),
        _ => None,
    }
}

/// An SVG length in whole pixels, rounded down (a 479.6 px wide SVG does not have 480
/// pixels) after rounding away float noise: 12.7 cm is 480 px, not 479.99999999999994.
fn whole_pixels(length: f64) -> u32 {
    ((length * 1000.0).round() / 1000.0).min(f64::from(u32::MAX)) as u32
}

fn finish(issues: Vec<Issue>, image: Option<ImageInfo>) -> ImageCheck {
    ImageCheck {
        ok: no_errors(&issues),
        issues,
        image,
    }
}

/// Judges a file by its length alone: the check for a file too large to be worth reading.
///
/// Returns the result [`check_image`] would give such a file, one `image.file_too_large`
/// issue, when `rule.max_bytes` refuses `length`; `None` when the length alone does not
/// settle it (no maximum, or within it), so that only reading the file can. The format is
/// not told, as the file is not read: a file that must be replaced anyway gets one message.
/// The JS binding measures a photo before copying it into WebAssembly memory and sends one
/// over its ceiling here instead.
///
/// ```
/// use kyc_precheck::{check_image_length, ImageRule};
///
/// let slot = ImageRule { max_bytes: Some(4_000_000), ..ImageRule::default() };
/// let checked = check_image_length(600_000_000, &slot).expect("over the slot's maximum");
/// assert!(!checked.ok);
/// assert_eq!(checked.issues[0].code.as_str(), "image.file_too_large");
/// assert_eq!(checked.issues[0].message_en(), "This photo's file is 600.0 MB; it can be at most 4.0 MB.");
/// assert!(checked.image.is_none());
///
/// // No maximum, or a length within it: the bytes must be read.
/// assert!(check_image_length(600_000_000, &ImageRule::default()).is_none());
/// assert!(check_image_length(3_000_000, &slot).is_none());
/// ```
pub fn check_image_length(length: u64, rule: &ImageRule) -> Option<ImageCheck> {
    let max = rule.max_bytes.filter(|max| length > *max)?;
    let issue = Issue::new(Code::ImageFileTooLarge)
        .with("bytes", length)
        .with("maxBytes", max);
    Some(finish(vec![issue], None))
}
