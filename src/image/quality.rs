//! Sharpness, exposure and glare, measured on a reduced-size decode.
//!
//! Every measure runs on a luminance grid whose long side is at most [`ANALYSIS_SIZE`]
//! pixels, so thresholds mean the same for a 1600×1200 and a 4000×3000 photo, and a 12 MP
//! photo never needs a full RGBA frame: a JPEG is decoded with the scaled IDCT (1/2, 1/4 or
//! 1/8, the smallest that still covers the grid), a PNG is streamed row by row into the
//! grid. The structure walk, which reads every scan's Huffman codes anyway, keeps the few
//! coefficients the scaled IDCT needs and the grid is built from them (`jpeg/reduced.rs`);
//! only a JPEG that port does not cover (CMYK, full scale, …) is decoded by jpeg-decoder.
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

use super::{jpeg, Header, ImageFormat, Layout};
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
/// read, the compressed data already checked; `reduced`, a JPEG the walk decoded on the
/// way (see [`jpeg_scale`] and [`within_budget`]).
pub(crate) fn measure(
    format: ImageFormat,
    bytes: &[u8],
    header: &Header,
    reduced: Option<jpeg::Reduced>,
) -> Result<Quality, Failure> {
    if !within_budget(header) {
        return Err(Failure::NotMeasured(
            "decoding it would take more memory than a page can spare",
        ));
    }
    let grid = match (format, reduced) {
        (ImageFormat::Jpeg, Some(reduced)) => {
            let grid = reduced_grid(&reduced);
            // The planes are gone before jpeg-decoder, should it be needed, starts.
            drop(reduced);
            match grid {
                Some(grid) => grid,
                None => jpeg_grid(bytes)?,
            }
        }
        (ImageFormat::Jpeg, None) => jpeg_grid(bytes)?,
        (ImageFormat::Png, _) => png_grid(bytes, header.width, header.height)?,
        _ => return Err(Failure::NotMeasured("this format cannot be measured")),
    };
    grid.measure().map_err(Failure::Corrupt)
}

/// Whether the reduced decode of a photo with `header` fits [`DECODE_BUDGET_BYTES`].
pub(crate) fn within_budget(header: &Header) -> bool {
    decode_bytes(header) <= DECODE_BUDGET_BYTES
}

/// The most the reduced decode of a photo with `header` holds at once, in bytes.
///
/// For a JPEG the walk decodes on the way, it holds the kept coefficients (2, 10 or 50
/// bytes a block at 1/8, 1/4 or 1/2) and the samples they transform to (64/d² bytes a
/// block), then the samples and the grid. Otherwise jpeg-decoder keeps a progressive frame's coefficients (64 `i16`s a block)
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
            let decoder = (coefficients + samples + output).max(output + grid);
            let kept = jpeg::kept_bytes(blocks, 8 / d);
            decoder.max(samples + kept.max(grid))
        }
        Layout::Png { row_bytes } => 4 * row_bytes + 64 * 1024 + grid,
        Layout::Svg => 0,
    }
}

/// The denominator of the scale jpeg-decoder picks for the grid: the smallest of 1/8, 1/4
/// and 1/2 (or 1) at which either side still reaches [`ANALYSIS_SIZE`].
pub(crate) fn jpeg_scale(width: u32, height: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|d| width.div_ceil(*d) >= ANALYSIS_SIZE || height.div_ceil(*d) >= ANALYSIS_SIZE)
        .unwrap_or(1)
}

/// The grid of a JPEG the walk decoded; `None` if its planes turn out too small to read.
fn reduced_grid(reduced: &jpeg::Reduced) -> Option<Grid> {
    let (width, height) = reduced.size();
    let mut grid = Grid::new(width, height);
    reduced.pixels(|x, y, rgb| grid.add(x, y, rgb))?;
    Some(grid)
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The walk's own reduced decode (`jpeg/reduced.rs`) against its oracle, jpeg-decoder
    //! (its scalar code, the code its wasm build runs, everywhere: see Cargo.toml): for
    //! every JPEG under tests/ and ../shared/corpus/, Pillow's variants in
    //! tests/jpeg-oracle/ (scripts/make-jpeg-oracle.py) and jpeg-encoder's written here, at
    //! each of the three scales, every RGB sample must be the same.

    use super::super::jpeg;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn files_under(folder: &Path, files: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                if !path.ends_with("node_modules") {
                    files_under(&path, files);
                }
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"))
            {
                let name = path.display().to_string();
                files.push((name, std::fs::read(&path).expect("readable")));
            }
        }
    }

    /// jpeg-encoder's JPEGs: every sampling factor it writes (the ones with a 4 are left to
    /// jpeg-decoder), sequential and progressive, with restart intervals and optimised tables,
    /// at sizes that are not whole MCUs.
    fn encoded() -> Vec<(String, Vec<u8>)> {
        use jpeg_encoder::{ColorType, Encoder, SamplingFactor};
        let mut files = Vec::new();
        let factors = [
            ("1x1", SamplingFactor::F_1_1),
            ("2x1", SamplingFactor::F_2_1),
            ("1x2", SamplingFactor::F_1_2),
            ("2x2", SamplingFactor::F_2_2),
            ("4x1", SamplingFactor::F_4_1),
            ("2x4", SamplingFactor::F_2_4),
        ];
        for (width, height) in [(1u16, 1u16), (9, 7), (33, 17), (130, 75)] {
            let mut state = 0x2545_f491u32 ^ u32::from(width);
            let mut pixels = Vec::new();
            for y in 0..height {
                for x in 0..width {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let noise = (state >> 26) as u8;
                    let edge = if (x / 3 + y / 5) % 2 == 0 { 200 } else { 0 };
                    pixels.extend([
                        (x * 255 / width.max(1)) as u8 ^ noise,
                        edge,
                        (y * 7) as u8 ^ (noise << 2),
                    ]);
                }
            }
            for (name, factor) in &factors {
                for (variant, progressive, restart, optimised) in [
                    ("sequential", false, 0, false),
                    ("restart-2-optimised", false, 2, true),
                    ("progressive", true, 0, false),
                    ("progressive-restart-3", true, 3, true),
                ] {
                    let mut bytes = Vec::new();
                    let mut encoder = Encoder::new(&mut bytes, 80);
                    encoder.set_sampling_factor(*factor);
                    encoder.set_progressive(progressive);
                    encoder.set_restart_interval(restart);
                    // (jpeg-encoder 0.7.1's optimised tables trip its own assertion on
                    // the smallest pictures.)
                    encoder.set_optimized_huffman_tables(optimised && width > 100);
                    encoder
                        .encode(&pixels, width, height, ColorType::Rgb)
                        .expect("encodes");
                    files.push((
                        format!("jpeg-encoder {width}x{height} {name} {variant}"),
                        bytes,
                    ));
                }
            }
            let mut bytes = Vec::new();
            let grey: Vec<u8> = pixels.chunks(3).map(|p| p[0]).collect();
            let encoder = Encoder::new(&mut bytes, 80);
            encoder
                .encode(&grey, width, height, ColorType::Luma)
                .expect("encodes");
            files.push((format!("jpeg-encoder {width}x{height} grey"), bytes));
        }
        files
    }

    type Decoded = (usize, (usize, usize), Vec<[u8; 3]>);

    /// What jpeg-decoder gives when asked for at least `scale`/8 of the size: its scale
    /// (`choose_idct_size`), size and RGB samples.
    fn oracle(bytes: &[u8], scale: usize) -> Option<Decoded> {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let info = {
            decoder.read_info().ok()?;
            decoder.info()?
        };
        let (width, height) = (usize::from(info.width), usize::from(info.height));
        let request = |side: usize, s: usize| (side * s).div_ceil(8);
        let (wanted_width, wanted_height) = (request(width, scale), request(height, scale));
        let chosen = [1, 2, 4]
            .into_iter()
            .find(|&s| request(width, s) >= wanted_width || request(height, s) >= wanted_height)
            .unwrap_or(8);
        let size = decoder
            .scale(wanted_width as u16, wanted_height as u16)
            .ok()?;
        let pixels = decoder.decode().ok()?;
        let format = decoder.info()?.pixel_format;
        let rgb = match format {
            jpeg_decoder::PixelFormat::L8 => pixels.iter().map(|&l| [l; 3]).collect(),
            jpeg_decoder::PixelFormat::RGB24 => {
                pixels.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect()
            }
            _ => return None,
        };
        Some((chosen, (usize::from(size.0), usize::from(size.1)), rgb))
    }

    #[test]
    fn the_walks_decode_is_jpeg_decoders_sample_for_sample() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        files_under(&root.join("tests"), &mut files);
        files_under(&root.join("../shared/corpus"), &mut files);
        files.extend(encoded());
        let (mut compared, mut left, mut failures) = (0, BTreeMap::new(), Vec::new());
        for (name, bytes) in &files {
            let Ok(structure) = jpeg::read(bytes) else {
                continue;
            };
            let plain = structure.check_data();
            for scale in [1, 2, 4] {
                let kept = structure.check_data_keeping(scale);
                // The same verdict on the data, whatever is kept.
                match (&plain, &kept) {
                    (Ok(()), Ok(_)) => {}
                    (Err(a), Err(b)) if format!("{a:?}") == format!("{b:?}") => {}
                    _ => failures.push(format!(
                        "{name}: walk {plain:?}, keeping {:?}",
                        kept.as_ref().map(|_| ())
                    )),
                }
                let Ok(Some(reduced)) = kept else {
                    if plain.is_ok() {
                        *left.entry(scale).or_insert(0) += 1;
                        // Only what the port leaves out may be left to jpeg-decoder.
                        let expected = ["4x1", "2x4", "rgb-adobe"];
                        let ours = name.contains("oracle") || name.contains("jpeg-encoder");
                        if ours && !expected.iter().any(|e| name.contains(e)) {
                            failures.push(format!("{name}: left to jpeg-decoder at {scale}"));
                        }
                    }
                    continue;
                };
                let Some((chosen, size, expected)) = oracle(bytes, scale) else {
                    failures.push(format!(
                        "{name}: jpeg-decoder failed where the walk decoded"
                    ));
                    continue;
                };
                let reduced = if chosen == scale {
                    reduced
                } else {
                    // A picture so small that a smaller scale gives the same size.
                    match structure.check_data_keeping(chosen) {
                        Ok(Some(reduced)) => reduced,
                        _ => {
                            failures.push(format!("{name}: no decode at {chosen}"));
                            continue;
                        }
                    }
                };
                if reduced.size() != size {
                    failures.push(format!(
                        "{name} at {chosen}: size {:?}, jpeg-decoder {size:?}",
                        reduced.size()
                    ));
                    continue;
                }
                let mut ours = vec![[0u8; 3]; size.0 * size.1];
                let mut count = 0;
                let done = reduced.pixels(|x, y, rgb| {
                    ours[y * size.0 + x] = rgb;
                    count += 1;
                });
                if done.is_none() || count != ours.len() {
                    failures.push(format!(
                        "{name} at {chosen}: {count} pixels of {}",
                        ours.len()
                    ));
                    continue;
                }
                let differing = ours.iter().zip(&expected).filter(|(a, b)| a != b).count();
                if differing > 0 || expected.len() != ours.len() {
                    let first = ours.iter().zip(&expected).position(|(a, b)| a != b);
                    failures.push(format!(
                        "{name} at {chosen}/8: {differing} of {} pixels differ (first at {first:?})",
                        ours.len()
                    ));
                }
                compared += 1;
            }
        }
        println!("{compared} decodes compared; left to jpeg-decoder, by scale: {left:?}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The corpus has 60-odd JPEGs, tests/jpeg-oracle 79, jpeg-encoder's 100, each at
        // three scales: most of them must have been compared.
        assert!(compared >= 500, "only {compared} decodes compared");
    }
}
