//! Resampling, the JPEG encode with its rate control, and the SSIM that reports what the
//! encode traded.

use super::pixels::Pixels;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// Resamples `pixels` to `width` × `height` with Lanczos3 (fast_image_resize: SIMD on
/// wasm32 and x86, and the filter browsers use for high-quality downscaling). Four-channel
/// pixels only (see [`Pixels::rgba`]); `None` for others, or for a buffer shorter than its
/// size, which `Pixels` never has.
pub(crate) fn resize(pixels: &Pixels, width: u32, height: u32) -> Option<Pixels> {
    if (pixels.width, pixels.height) == (width, height) {
        return Some(pixels.clone());
    }
    if pixels.channels != 4 {
        return None;
    }
    let source = ImageRef::new(pixels.width, pixels.height, &pixels.data, PixelType::U8x4).ok()?;
    let mut target = Image::new(width, height, PixelType::U8x4);
    // Every alpha is 255 here (flattened onto white, or added by `rgba`), so premultiplying
    // it would change no pixel: skipping it saves a pass over the source and over the
    // result, and the premultiplied copy of the source (12 MB for a 12 MP photo at half).
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(false);
    Resizer::new().resize(&source, &mut target, &options).ok()?;
    Some(Pixels {
        width,
        height,
        channels: pixels.channels,
        data: target.into_vec(),
    })
}

/// Encodes `pixels` as a baseline JPEG at `quality` (1–100), with `profile` embedded.
pub(crate) fn jpeg(pixels: &Pixels, quality: u8, profile: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    // Optimised Huffman tables: 5–10 % fewer bytes at the same picture, for one more pass
    // over the coefficients.
    encoder.set_optimized_huffman_tables(true);
    if let Some(profile) = profile {
        encoder.add_icc_profile(profile).ok()?;
    }
    let width = u16::try_from(pixels.width).ok()?;
    let height = u16::try_from(pixels.height).ok()?;
    let samples = usize::from(width) * usize::from(height) * usize::from(pixels.channels);
    if !matches!(pixels.channels, 1 | 3 | 4) || pixels.data.len() < samples {
        return None;
    }
    encoder
        .encode_image(Samples {
            pixels,
            width,
            height,
        })
        .ok()?;
    Some(out)
}

/// Grey, RGB or RGBA pixels as the encoder reads them, one row at a time: one
/// `ImageBuffer` for every layout, where `Encoder::encode` compiles the whole encoder once
/// for each of its nine colour types (measured: 77 KB of the wasm module for the nine).
/// The rows are what the encoder's own `GrayImage`, `RgbImage` and `RgbaImage` give, with
/// its own `rgb_to_ycbcr`, so the files are byte for byte the same; an alpha is ignored,
/// as it was flattened onto white before.
struct Samples<'a> {
    pixels: &'a Pixels,
    width: u16,
    height: u16,
}

impl jpeg_encoder::ImageBuffer for Samples<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        if self.pixels.channels == 1 {
            jpeg_encoder::JpegColorType::Luma
        } else {
            jpeg_encoder::JpegColorType::Ycbcr
        }
    }

    fn width(&self) -> u16 {
        self.width
    }

    fn height(&self) -> u16 {
        self.height
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let channels = usize::from(self.pixels.channels);
        let row = usize::from(self.width) * channels;
        let line = &self.pixels.data[usize::from(y) * row..][..row];
        if channels == 1 {
            buffers[0].extend_from_slice(line);
            return;
        }
        for pixel in line.chunks_exact(channels) {
            let (luma, cb, cr) = jpeg_encoder::rgb_to_ycbcr(pixel[0], pixel[1], pixel[2]);
            buffers[0].push(luma);
            buffers[1].push(cb);
            buffers[2].push(cr);
        }
    }
}

/// The window an encode must land in, and where in it to aim.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Window {
    pub min: u64,
    pub max: u64,
    pub aim: u64,
}

/// The encode quality tried first: visually transparent for photos of documents and faces.
const FIRST_QUALITY: f64 = 85.0;
/// The lowest quality used: below it text on a KTP blurs into blocks.
pub(crate) const LOWEST_QUALITY: u8 = 50;
/// The highest: above it bytes grow with no visible gain.
const HIGHEST_QUALITY: u8 = 98;
/// How ln(bytes) follows ln(100 − quality): libjpeg's quality scaling, which this encoder
/// uses, makes every quantiser step proportional to 100 − q from q50 up, and the bytes grow
/// about as fast as the steps shrink (measured on this encoder: 0.6 to 1.3 for camera photos
/// in q85–98, where a slope constant in q is far too shallow above q90 and one correction
/// overshoots to q98).
const LOG_BYTES_PER_LOG_STEP: f64 = 1.0;
/// Encodes at one size at most: a first guess and two corrections.
const ATTEMPTS: usize = 3;

/// Encodes `pixels` into `window` in at most [`ATTEMPTS`] encodes: a first guess at
/// [`FIRST_QUALITY`] corrected along ln(bytes) ≈ linear in ln(100 − quality), then the
/// measured slope between the two last attempts. Returns the attempt closest to the aim
/// inside the window, or `Err` with the smallest and largest sizes seen when none is inside.
pub(crate) fn within(
    pixels: &Pixels,
    window: Window,
    profile: Option<&[u8]>,
    attempt: &mut dyn FnMut(),
) -> Result<Vec<u8>, (u64, u64)> {
    let mut tried: Vec<(u8, u64, Vec<u8>)> = Vec::new();
    let mut quality = FIRST_QUALITY;
    for _ in 0..ATTEMPTS {
        let q = (quality.round() as u8).clamp(LOWEST_QUALITY, HIGHEST_QUALITY);
        if tried.iter().any(|(tq, _, _)| *tq == q) {
            break;
        }
        attempt();
        let Some(bytes) = jpeg(pixels, q, profile) else {
            break;
        };
        let size = bytes.len() as u64;
        tried.push((q, size, bytes));
        let inside = window.min <= size && size <= window.max;
        // Close enough to the aim (a soft target: within 25 %, so 375–625 KB for 500 KB);
        // the window itself is the hard bound.
        if inside && (size as f64 / window.aim as f64).ln().abs() < 0.25 {
            break;
        }
        let step = |quality: u8| (100.0 - f64::from(quality)).ln();
        let slope = match tried.len() {
            1 => LOG_BYTES_PER_LOG_STEP,
            n => {
                let (q0, s0, _) = &tried[n - 2];
                let (q1, s1, _) = &tried[n - 1];
                let measured = ((*s1 as f64).ln() - (*s0 as f64).ln()) / (step(*q0) - step(*q1));
                if measured.is_finite() && measured > 0.1 {
                    measured
                } else {
                    LOG_BYTES_PER_LOG_STEP
                }
            }
        };
        let log_step = step(q) - ((window.aim as f64).ln() - (size as f64).ln()) / slope;
        quality = 100.0 - log_step.exp();
    }
    let best = tried
        .iter()
        .enumerate()
        .filter(|(_, (_, size, _))| window.min <= *size && *size <= window.max)
        .min_by(|(_, (_, a, _)), (_, (_, b, _))| {
            let distance = |s: u64| (s as f64 / window.aim as f64).ln().abs();
            distance(*a).total_cmp(&distance(*b))
        })
        .map(|(index, _)| index);
    match best {
        Some(index) => {
            let (_, _, bytes) = tried.swap_remove(index);
            Ok(bytes)
        }
        None => {
            let sizes = tried.iter().map(|(_, size, _)| *size);
            let smallest = sizes.clone().min().unwrap_or(0);
            Err((smallest, sizes.max().unwrap_or(0)))
        }
    }
}

/// The mean SSIM (Wang et al., 2004) of two grey pictures of the same size, on 8×8 windows
/// stepped by 4, with the paper's constants for 8-bit data. Written here because the SSIM
/// crates bring colour spaces, image types and threads for what is forty lines.
pub(crate) fn ssim(a: &[u8], b: &[u8], width: usize, height: usize) -> f64 {
    const C1: f64 = (0.01 * 255.0) * (0.01 * 255.0);
    const C2: f64 = (0.03 * 255.0) * (0.03 * 255.0);
    const SIDE: usize = 8;
    const STEP: usize = 4;
    if width < SIDE || height < SIDE || a.len() < width * height || b.len() < width * height {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (mut total, mut windows) = (0.0, 0u64);
    for y in (0..=height - SIDE).step_by(STEP) {
        for x in (0..=width - SIDE).step_by(STEP) {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0u64, 0u64, 0u64, 0u64, 0u64);
            for row in y..y + SIDE {
                let start = row * width + x;
                for (&pa, &pb) in a[start..start + SIDE].iter().zip(&b[start..start + SIDE]) {
                    let (pa, pb) = (u64::from(pa), u64::from(pb));
                    sa += pa;
                    sb += pb;
                    saa += pa * pa;
                    sbb += pb * pb;
                    sab += pa * pb;
                }
            }
            let n = (SIDE * SIDE) as f64;
            let (ma, mb) = (sa as f64 / n, sb as f64 / n);
            let va = saa as f64 / n - ma * ma;
            let vb = sbb as f64 / n - mb * mb;
            let cov = sab as f64 / n - ma * mb;
            total += ((2.0 * ma * mb + C1) * (2.0 * cov + C2))
                / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows += 1;
        }
    }
    total / windows as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(width: u32, height: u32, seed: u32) -> Pixels {
        let mut state = seed;
        let data = (0..width * height * 3)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // A gradient with noise on it, like a photo's texture.
                ((i / 3 % width) as u8 / 2).wrapping_add((state >> 24) as u8 / 4)
            })
            .collect();
        Pixels {
            width,
            height,
            channels: 3,
            data,
        }
    }

    #[test]
    fn ssim_is_one_for_equal_pictures_and_falls_with_damage() {
        let picture = noise(64, 48, 7).luma();
        assert!((ssim(&picture, &picture, 64, 48) - 1.0).abs() < 1e-12);
        let damaged: Vec<u8> = picture.iter().map(|&p| p / 2 + 60).collect();
        let value = ssim(&picture, &damaged, 64, 48);
        assert!(value < 0.9 && value > 0.0, "{value}");
    }

    #[test]
    fn the_rate_control_lands_inside_a_narrow_window() {
        let pixels = noise(320, 240, 3);
        let free = jpeg(&pixels, 85, None).expect("encodes").len() as u64;
        // A window around what q70 gives: the control must move down from its first guess.
        let around = jpeg(&pixels, 70, None).expect("encodes").len() as u64;
        let window = Window {
            min: around * 95 / 100,
            max: around * 105 / 100,
            aim: around,
        };
        assert!(free > window.max);
        let mut attempts = 0;
        let encoded = within(&pixels, window, None, &mut || attempts += 1).expect("inside");
        let size = encoded.len() as u64;
        assert!(
            window.min <= size && size <= window.max,
            "{size} for {window:?}"
        );
        assert!(attempts <= ATTEMPTS);
        // A window no quality reaches reports what it saw.
        let impossible = Window {
            min: 10,
            max: 20,
            aim: 15,
        };
        let (smallest, _) = within(&pixels, impossible, None, &mut || ()).expect_err("none fits");
        assert!(smallest > 20);
    }

    #[test]
    fn resize_keeps_a_flat_colour_flat() {
        let flat = Pixels {
            width: 90,
            height: 60,
            channels: 4,
            data: [200, 100, 50, 255].repeat(90 * 60),
        };
        let small = resize(&flat, 31, 17).expect("resized");
        assert_eq!((small.width, small.height), (31, 17));
        assert!(small.data.chunks_exact(4).all(|p| p == [200, 100, 50, 255]));
        let three = Pixels {
            channels: 3,
            data: [1, 2, 3].repeat(4),
            width: 2,
            height: 2,
        };
        assert!(
            resize(&three, 1, 1).is_none(),
            "three channels are not resampled"
        );
    }
}
