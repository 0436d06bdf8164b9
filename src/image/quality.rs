//! Sharpness, exposure and glare, measured on a reduced-size decode.
//!
//! Every measure runs on a luminance grid whose long side is at most [`ANALYSIS_SIZE`]
//! pixels, so thresholds mean the same for a 1600×1200 and a 4000×3000 photo, and a 12 MP
//! photo never needs a full RGBA frame: a JPEG is decoded with the scaled IDCT (1/2, 1/4 or
//! 1/8, the smallest that still covers the grid), a PNG is streamed row by row into the
//! grid.
//!
//! Wasm memory never shrinks, so what one decode takes the page keeps. What a decode will
//! hold is known from the header (a progressive JPEG keeps every coefficient of the frame,
//! 128 bytes a block, until its last scan), so a photo that would need more than
//! [`DECODE_BUDGET_BYTES`] is not decoded: it gets `image.quality_not_measured` instead.
//!
//! - **Sharpness**: the variance of the Laplacian of luminance, the usual focus measure
//!   (Pech-Pacheco et al., 2000): edges give large responses, blur smooths them away.
//! - **Exposure**: the mean luminance (0–255), and the shares of clipped shadows (< 16)
//!   and highlights (> 239).
//! - **Glare**: the share of the picture covered by blobs of near-white, unsaturated
//!   pixels (all three channels ≥ 240): the reflection off a laminated KTP. Isolated
//!   white pixels (text, specks) are not glare; connected patches are.

use super::{Header, ImageFormat, Layout};
use crate::issue::{Code, Issue, Severity};
use serde::{Deserialize, Serialize};

/// The long side of the grid every measure runs on.
pub const ANALYSIS_SIZE: u32 = 800;

/// What the quality decode may hold at once, estimated from the header before anything is
/// decoded (see [`decode_bytes`]). A 12 MP progressive 4:2:0 JPEG takes 38 MiB; with the
/// photo's own bytes (10 MB at most in practice) and the module itself, a page stays
/// within 64 MiB.
pub(crate) const DECODE_BUDGET_BYTES: u64 = 40 * 1024 * 1024;

/// Why the quality measures have no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The decoder found the file damaged: `image.corrupt`.
    Corrupt(&'static str),
    /// The photo is fine as far as anyone can tell, but was not decoded here (too much
    /// memory, or a variant the decoder lacks): `image.quality_not_measured`.
    NotMeasured(&'static str),
}

/// What the quality measures found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quality {
    /// Variance of the Laplacian on the analysis grid; higher is sharper.
    pub sharpness: f64,
    /// Mean luminance, 0 (black) to 255 (white).
    pub brightness: f64,
    /// Share of the picture that is clipped black, 0 to 1.
    pub shadows: f64,
    /// Share of the picture that is clipped white, 0 to 1.
    pub highlights: f64,
    /// Share of the picture covered by glare blobs, 0 to 1.
    pub glare: f64,
    /// The analysis grid's width.
    pub analysed_width: u32,
    /// The analysis grid's height.
    pub analysed_height: u32,
}

/// Thresholds for the quality measures, and how seriously to take a miss.
///
/// The defaults were calibrated on real photographs and their Gaussian- and motion-blurred,
/// darkened and over-exposed versions (see `tests/images/calibration/` and `tests/quality_calibration.rs`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct QualityRule {
    /// Below this sharpness the photo is `image.blurry`.
    pub min_sharpness: f64,
    /// Below this brightness the photo is `image.too_dark`.
    pub min_brightness: f64,
    /// Above this brightness the photo is `image.too_bright`.
    pub max_brightness: f64,
    /// Above this share of clipped highlights the photo is `image.too_bright` too: an
    /// over-exposed photo can keep a middling mean while whole areas burn out to white.
    pub max_highlights: f64,
    /// Above this glare share the photo has `image.glare`.
    pub max_glare: f64,
    /// `"warning"` (the default) or `"error"`.
    pub severity: SeverityName,
}

/// A severity as written in a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    /// Advise.
    Warning,
    /// Block.
    Error,
}

impl Default for QualityRule {
    fn default() -> Self {
        // Calibrated on tests/images/calibration (tests/quality_calibration.rs prints the
        // table): originals measured sharpness >= 300 and every Gaussian (sigma 1.5, 3) or
        // motion (9, 15 px) blur <= 98; darkened (x0.25) photos had mean <= 33, the
        // darkest original 60; over-exposed (x2.2) ones clipped >= 25.8% of the picture,
        // originals <= 1.5%; glare ellipses of 5% and 12% measured >= 4.98%, originals
        // <= 1.07%. Each threshold sits between the two sides.
        QualityRule {
            min_sharpness: 150.0,
            min_brightness: 45.0,
            max_brightness: 220.0,
            max_highlights: 0.2,
            max_glare: 0.025,
            severity: SeverityName::Warning,
        }
    }
}

impl QualityRule {
    /// The issues `quality` earns under this rule.
    pub(crate) fn judge(&self, quality: &Quality) -> Vec<Issue> {
        let mut issues = Vec::new();
        if quality.sharpness < self.min_sharpness {
            issues.push(
                Issue::new(Code::ImageBlurry)
                    .with("sharpness", round1(quality.sharpness))
                    .with("minSharpness", self.min_sharpness),
            );
        }
        if quality.brightness < self.min_brightness {
            issues.push(
                Issue::new(Code::ImageTooDark)
                    .with("brightness", round1(quality.brightness))
                    .with("minBrightness", self.min_brightness),
            );
        }
        if quality.brightness > self.max_brightness || quality.highlights > self.max_highlights {
            issues.push(
                Issue::new(Code::ImageTooBright)
                    .with("brightness", round1(quality.brightness))
                    .with("maxBrightness", self.max_brightness)
                    .with("highlightsPercent", round1(quality.highlights * 100.0))
                    .with("maxHighlightsPercent", round1(self.max_highlights * 100.0)),
            );
        }
        if quality.glare > self.max_glare {
            issues.push(
                Issue::new(Code::ImageGlare)
                    .with("glarePercent", round1(quality.glare * 100.0))
                    .with("maxGlarePercent", round1(self.max_glare * 100.0)),
            );
        }
        for issue in &mut issues {
            issue.severity = self.severity();
        }
        issues
    }

    /// `image.quality_not_measured`, as seriously as a miss: a rule that blocks blurry
    /// photos cannot pass one it could not look at.
    pub(crate) fn not_measured(&self, reason: &str) -> Issue {
        let mut issue = Issue::new(Code::ImageQualityNotMeasured).with("reason", reason);
        issue.severity = self.severity();
        issue
    }

    fn severity(&self) -> Severity {
        match self.severity {
            SeverityName::Warning => Severity::Warning,
            SeverityName::Error => Severity::Error,
        }
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A grid that averages every source pixel into the cell it falls in.
struct Grid {
    width: usize,
    height: usize,
    source_width: usize,
    source_height: usize,
    luma: Vec<u32>,
    whiteness: Vec<u32>,
    count: Vec<u32>,
}

impl Grid {
    /// The grid's cells across and down for a source this size.
    fn size(source_width: usize, source_height: usize) -> (usize, usize) {
        let long = source_width.max(source_height).max(1);
        let scale = (ANALYSIS_SIZE as usize).min(long);
        let width = (source_width * scale).div_ceil(long).max(1);
        let height = (source_height * scale).div_ceil(long).max(1);
        (width, height)
    }

    /// The most the grid and its measures hold, 18 bytes a cell: while filling, three
    /// `u32`s; while measuring, two of them, a flag and an `f64` (17), and at worst an
    /// `f64`, two flags and a stack entry (18).
    fn bytes(source_width: usize, source_height: usize) -> usize {
        let (width, height) = Grid::size(source_width, source_height);
        width * height * 18
    }

    fn new(source_width: usize, source_height: usize) -> Grid {
        let (width, height) = Grid::size(source_width, source_height);
        Grid {
            width,
            height,
            source_width: source_width.max(1),
            source_height: source_height.max(1),
            luma: vec![0; width * height],
            whiteness: vec![0; width * height],
            count: vec![0; width * height],
        }
    }

    /// Adds the pixel at (`x`, `y`) of the source with colour `rgb`.
    fn add(&mut self, x: usize, y: usize, [r, g, b]: [u8; 3]) {
        let cell = (y * self.height / self.source_height) * self.width
            + x * self.width / self.source_width;
        if let Some(count) = self.count.get_mut(cell) {
            *count += 1;
            // ITU-R BT.601 luma, in integer arithmetic.
            self.luma[cell] +=
                (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
            self.whiteness[cell] += u32::from(r.min(g).min(b));
        }
    }

    fn measure(self) -> Result<Quality, &'static str> {
        let cells = self.width * self.height;
        if self.count.contains(&0) {
            return Err("the image data is incomplete");
        }
        let white: Vec<bool> = self
            .whiteness
            .iter()
            .zip(&self.count)
            .map(|(&sum, &n)| sum >= 240 * n)
            .collect();
        drop(self.whiteness);
        let luma: Vec<f64> = self
            .luma
            .iter()
            .zip(&self.count)
            .map(|(&sum, &n)| f64::from(sum) / f64::from(n))
            .collect();
        drop((self.luma, self.count));
        let total = cells as f64;
        let brightness = luma.iter().sum::<f64>() / total;
        let shadows = luma.iter().filter(|&&l| l < 16.0).count() as f64 / total;
        let highlights = luma.iter().filter(|&&l| l > 239.0).count() as f64 / total;
        Ok(Quality {
            sharpness: laplacian_variance(&luma, self.width, self.height),
            brightness,
            shadows,
            highlights,
            glare: glare_share(&white, self.width, self.height),
            analysed_width: self.width as u32,
            analysed_height: self.height as u32,
        })
    }
}

fn laplacian_variance(luma: &[f64], width: usize, height: usize) -> f64 {
    if width < 3 || height < 3 {
        return 0.0;
    }
    let (mut sum, mut squares, mut n) = (0.0, 0.0, 0.0);
    for y in 1..height - 1 {
        for x in 1..width - 1 {
            let at = |x: usize, y: usize| luma[y * width + x];
            let value = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y);
            sum += value;
            squares += value * value;
            n += 1.0;
        }
    }
    let mean = sum / n;
    squares / n - mean * mean
}

/// The share of cells in 4-connected white blobs of at least `0.05%` of the picture (and
/// at least 9 cells): patches, not specks.
fn glare_share(white: &[bool], width: usize, height: usize) -> f64 {
    let total = white.len();
    let min_blob = (total / 2000).max(9);
    let mut seen = vec![false; total];
    let mut stack = Vec::new();
    let mut glare = 0usize;
    for start in 0..total {
        if !white[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut size = 0;
        while let Some(cell) = stack.pop() {
            size += 1;
            let (x, y) = (cell % width, cell / width);
            let neighbours = [
                (x > 0).then(|| cell - 1),
                (x + 1 < width).then(|| cell + 1),
                (y > 0).then(|| cell - width),
                (y + 1 < height).then(|| cell + width),
            ];
            for next in neighbours.into_iter().flatten() {
                if white[next] && !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        if size >= min_blob {
            glare += size;
        }
    }
    glare as f64 / total as f64
}

/// Decodes `bytes` at reduced size and measures it. `header` is what the structure walk
/// read, the compressed data already checked.
pub(crate) fn measure(
    format: ImageFormat,
    bytes: &[u8],
    header: &Header,
) -> Result<Quality, Failure> {
    if decode_bytes(header) > DECODE_BUDGET_BYTES {
        return Err(Failure::NotMeasured(
            "decoding it would take more memory than a page can spare",
        ));
    }
    let grid = match format {
        ImageFormat::Jpeg => jpeg_grid(bytes)?,
        ImageFormat::Png => png_grid(bytes, header.width, header.height)?,
        _ => return Err(Failure::NotMeasured("this format cannot be measured")),
    };
    grid.measure().map_err(Failure::Corrupt)
}

/// The most the reduced decode of a photo with `header` holds at once, in bytes.
///
/// For a JPEG, jpeg-decoder keeps a progressive frame's coefficients (64 `i16`s a block)
/// until the end; at scale 1/d it then holds each component's samples (64/d² bytes a
/// block) and the output (width/d × height/d × components), and the grid is built once
/// the decoder is gone. For a PNG, the `png` crate holds a few rows and its inflater.
/// Either decoder's own tables and buffers come on top: [`DECODER_OVERHEAD_BYTES`].
pub(crate) fn decode_bytes(header: &Header) -> u64 {
    DECODER_OVERHEAD_BYTES + data_bytes(header)
}

/// What a decoder holds besides the image data: Huffman and inflate tables, line buffers.
/// Tens of KiB on the corpus of tests/image_memory.rs; 1 MiB leaves room.
const DECODER_OVERHEAD_BYTES: u64 = 1024 * 1024;

fn data_bytes(header: &Header) -> u64 {
    let grid = Grid::bytes(header.width as usize, header.height as usize) as u64;
    match header.layout {
        Layout::Jpeg {
            progressive,
            components,
            blocks,
        } => {
            let d = u64::from(jpeg_scale(header.width, header.height));
            let coefficients = if progressive { blocks * 128 } else { 0 };
            let samples = blocks * 64 / (d * d);
            let output = u64::from(header.width).div_ceil(d)
                * u64::from(header.height).div_ceil(d)
                * u64::from(components);
            (coefficients + samples + output).max(output + grid)
        }
        Layout::Png { row_bytes } => 4 * row_bytes + 64 * 1024 + grid,
        Layout::Svg => 0,
    }
}

/// The denominator of the scale jpeg-decoder picks for the grid: the smallest of 1/8, 1/4
/// and 1/2 (or 1) at which either side still reaches [`ANALYSIS_SIZE`].
fn jpeg_scale(width: u32, height: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|d| width.div_ceil(*d) >= ANALYSIS_SIZE || height.div_ceil(*d) >= ANALYSIS_SIZE)
        .unwrap_or(1)
}

fn jpeg_grid(bytes: &[u8]) -> Result<Grid, Failure> {
    let from_decoder = |error: jpeg_decoder::Error| match error {
        jpeg_decoder::Error::Unsupported(_) => {
            Failure::NotMeasured("the JPEG decoder does not support this variant")
        }
        _ => Failure::Corrupt("the decoder could not read the image"),
    };
    // The decoder, and with it a progressive frame's coefficients, is gone before the
    // grid is allocated.
    let (pixels, format, width, height) = {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        decoder.set_max_decoding_buffer_size(DECODE_BUDGET_BYTES as usize);
        let side = ANALYSIS_SIZE as u16;
        let (width, height) = decoder.scale(side, side).map_err(from_decoder)?;
        let pixels = decoder.decode().map_err(from_decoder)?;
        let format = decoder
            .info()
            .ok_or(Failure::Corrupt("the decoder could not read the image"))?
            .pixel_format;
        (pixels, format, usize::from(width), usize::from(height))
    };
    let mut grid = Grid::new(width, height);
    let step = format.pixel_bytes();
    for (index, pixel) in pixels.chunks_exact(step).take(width * height).enumerate() {
        let rgb = match format {
            jpeg_decoder::PixelFormat::L8 => [pixel[0]; 3],
            jpeg_decoder::PixelFormat::L16 => [pixel[0]; 3],
            jpeg_decoder::PixelFormat::RGB24 => [pixel[0], pixel[1], pixel[2]],
            jpeg_decoder::PixelFormat::CMYK32 => {
                // jpeg-decoder undoes Adobe's inversion: these are ink amounts.
                let paper = 255 - u32::from(pixel[3]);
                let channel = |c: u8| (((255 - u32::from(c)) * paper) / 255) as u8;
                [channel(pixel[0]), channel(pixel[1]), channel(pixel[2])]
            }
        };
        grid.add(index % width, index / width, rgb);
    }
    Ok(grid)
}

fn png_grid(bytes: &[u8], width: u32, height: u32) -> Result<Grid, Failure> {
    let from_decoder = |error: ::png::DecodingError| match error {
        ::png::DecodingError::LimitsExceeded => {
            Failure::NotMeasured("decoding it would take more memory than a page can spare")
        }
        _ => Failure::Corrupt("the decoder could not read the image"),
    };
    let limits = ::png::Limits {
        bytes: DECODE_BUDGET_BYTES as usize,
    };
    let mut decoder = ::png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    // Only the pixels matter: a colour profile or text can inflate to a gigabyte.
    decoder.set_ignore_iccp_chunk(true);
    decoder.set_ignore_text_chunk(true);
    decoder.set_transformations(::png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(from_decoder)?;
    let (colour, _) = reader.output_color_type();
    let channels = colour.samples();
    let interlaced = reader.info().interlaced;
    let (width, height) = (width as usize, height as usize);
    let mut grid = Grid::new(width, height);
    // Rows arrive pass by pass for an interlaced image; passes with no pixels are skipped.
    let mut passes = super::png::ADAM7
        .iter()
        .map(|&(x0, y0, dx, dy)| (x0 as usize, y0 as usize, dx as usize, dy as usize))
        .filter(|(x0, y0, _, _)| !interlaced || (*x0 < width && *y0 < height));
    let mut pass = if interlaced {
        passes.next()
    } else {
        Some((0, 0, 1, 1))
    };
    let mut line = 0;
    while let Some(row) = reader.next_row().map_err(from_decoder)? {
        let Some((x0, y0, dx, dy)) = pass else {
            return Err(Failure::Corrupt(
                "the image data has more rows than its header declares",
            ));
        };
        let y = y0 + line * dy;
        for (index, pixel) in row.data().chunks_exact(channels).enumerate() {
            let rgb = match channels {
                1 | 2 => [pixel[0]; 3],
                _ => [pixel[0], pixel[1], pixel[2]],
            };
            grid.add(x0 + index * dx, y, rgb);
        }
        line += 1;
        if y0 + line * dy >= height {
            line = 0;
            pass = if interlaced { passes.next() } else { None };
        }
    }
    Ok(grid)
}
