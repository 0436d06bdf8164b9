//! Sharpness, exposure and glare, measured on a reduced-size decode.
//!
//! Every measure runs on a luminance grid whose long side is at most [`ANALYSIS_SIZE`]
//! pixels, so thresholds mean the same for a 1600×1200 and a 4000×3000 photo, and a 12 MP
//! photo never needs a full RGBA frame: a JPEG is decoded with the scaled IDCT (1/2, 1/4 or
//! 1/8, the smallest that still covers the grid), a PNG is streamed row by row into the
//! grid. Wasm memory never shrinks, so what one decode takes the page keeps.
//!
//! - **Sharpness**: the variance of the Laplacian of luminance, the usual focus measure
//!   (Pech-Pacheco et al., 2000): edges give large responses, blur smooths them away.
//! - **Exposure**: the mean luminance (0–255), and the shares of clipped shadows (< 16)
//!   and highlights (> 239).
//! - **Glare**: the share of the picture covered by blobs of near-white, unsaturated
//!   pixels (all three channels ≥ 240): the reflection off a laminated KTP. Isolated
//!   white pixels (text, specks) are not glare; connected patches are.

use super::ImageFormat;
use crate::issue::{Code, Issue, Severity};
use serde::{Deserialize, Serialize};

/// The long side of the grid every measure runs on.
pub const ANALYSIS_SIZE: u32 = 800;

/// The decoders may allocate at most this much for one image: a cap under every realistic
/// phone photo's reduced decode, well under the 64 MB a page can afford.
const DECODE_BUDGET_BYTES: usize = 48 * 1024 * 1024;

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
        let severity = match self.severity {
            SeverityName::Warning => Severity::Warning,
            SeverityName::Error => Severity::Error,
        };
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
            issue.severity = severity;
        }
        issues
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
    fn new(source_width: usize, source_height: usize) -> Grid {
        let long = source_width.max(source_height).max(1);
        let scale = (ANALYSIS_SIZE as usize).min(long);
        let width = (source_width * scale).div_ceil(long).max(1);
        let height = (source_height * scale).div_ceil(long).max(1);
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
        let luma: Vec<f64> = self
            .luma
            .iter()
            .zip(&self.count)
            .map(|(&sum, &n)| f64::from(sum) / f64::from(n))
            .collect();
        let white: Vec<bool> = self
            .whiteness
            .iter()
            .zip(&self.count)
            .map(|(&sum, &n)| sum >= 240 * n)
            .collect();
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

/// Decodes `bytes` at reduced size and measures it.
pub(crate) fn measure(
    format: ImageFormat,
    bytes: &[u8],
    width: u32,
    height: u32,
) -> Result<Quality, &'static str> {
    match format {
        ImageFormat::Jpeg => jpeg_grid(bytes)?.measure(),
        ImageFormat::Png => png_grid(bytes, width, height)?.measure(),
        _ => Err("this format cannot be measured"),
    }
}

fn jpeg_grid(bytes: &[u8]) -> Result<Grid, &'static str> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(DECODE_BUDGET_BYTES);
    let side = ANALYSIS_SIZE as u16;
    let (width, height) = decoder
        .scale(side, side)
        .map_err(|_| "the decoder could not read the image")?;
    let pixels = decoder
        .decode()
        .map_err(|_| "the decoder could not read the image")?;
    let format = decoder
        .info()
        .ok_or("the decoder could not read the image")?
        .pixel_format;
    let (width, height) = (usize::from(width), usize::from(height));
    let mut grid = Grid::new(width, height);
    let step = format.pixel_bytes();
    for (index, pixel) in pixels.chunks_exact(step).take(width * height).enumerate() {
        let rgb = match format {
            jpeg_decoder::PixelFormat::L8 => [pixel[0]; 3],
            jpeg_decoder::PixelFormat::L16 => [pixel[0]; 3],
            jpeg_decoder::PixelFormat::RGB24 => [pixel[0], pixel[1], pixel[2]],
            jpeg_decoder::PixelFormat::CMYK32 => {
                // jpeg-decoder returns Adobe's inverted CMYK: each channel times K.
                let k = u32::from(pixel[3]);
                let channel = |c: u8| ((u32::from(c) * k) / 255) as u8;
                [channel(pixel[0]), channel(pixel[1]), channel(pixel[2])]
            }
        };
        grid.add(index % width, index / width, rgb);
    }
    Ok(grid)
}

/// Each Adam7 pass's first column, first row, column step and row step (ISO 15948 §8.2).
const ADAM7: [(usize, usize, usize, usize); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

fn png_grid(bytes: &[u8], width: u32, height: u32) -> Result<Grid, &'static str> {
    let limits = ::png::Limits {
        bytes: DECODE_BUDGET_BYTES,
    };
    let mut decoder = ::png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.set_transformations(::png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|_| "the decoder could not read the image")?;
    let (colour, _) = reader.output_color_type();
    let channels = colour.samples();
    let interlaced = reader.info().interlaced;
    let (width, height) = (width as usize, height as usize);
    let mut grid = Grid::new(width, height);
    // Rows arrive pass by pass for an interlaced image; passes with no pixels are skipped.
    let mut passes = ADAM7
        .iter()
        .filter(|(x0, y0, _, _)| !interlaced || (*x0 < width && *y0 < height));
    let mut pass = if interlaced {
        passes.next().copied()
    } else {
        Some((0, 0, 1, 1))
    };
    let mut line = 0;
    while let Some(row) = reader
        .next_row()
        .map_err(|_| "the decoder could not read the image")?
    {
        let Some((x0, y0, dx, dy)) = pass else {
            return Err("the image data has more rows than its header declares");
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
            pass = if interlaced {
                passes.next().copied()
            } else {
                None
            };
        }
    }
    Ok(grid)
}
