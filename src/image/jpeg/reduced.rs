//! The reduced-size decode the quality measures run on, from the coefficients the structure
//! walk keeps while it reads the scans ([`super::entropy`]): at 1/8 scale each block's DC, at
//! 1/4 its 2×2 lowest frequencies, at 1/2 its 4×4.
//!
//! Written by hand rather than left to jpeg-decoder because the walk reads every Huffman
//! code anyway: keeping the few coefficients the scaled IDCT needs as it goes makes the
//! quality path one Huffman pass over the data instead of two (the walk's, then the
//! decoder's own). The arithmetic after that is jpeg-decoder 0.3.2's, ported operation for
//! operation so that every sample is bit-identical to what it gives: the scaled IDCTs
//! (`idct.rs`, after Dugad and Ahuja's reduced IDCT as stb_image writes it), the upsamplers
//! (`upsampler.rs`), and the YCbCr→RGB conversion its WebAssembly build runs (`decoder.rs`,
//! the scalar one). jpeg-decoder is © the image-rs developers, MIT or Apache-2.0, like this
//! crate. `quality.rs`'s tests hold this to jpeg-decoder itself, sample for sample.
//!
//! Only what the port covers takes this path (see [`Coefficients::new`]); anything else
//! (CMYK, an Adobe colour transform, sampling factors past 2, tables redefined between
//! scans, full scale) is decoded by jpeg-decoder as before.

use super::{Frame, Scan};
use core::num::Wrapping;

/// The zig-zag index of each coefficient of a block's top-left 4×4, by row and column.
const ZIGZAG_4X4: [[usize; 4]; 4] = [[0, 1, 5, 6], [2, 4, 7, 13], [3, 8, 12, 17], [9, 11, 18, 24]];

/// The coefficients the walk keeps for a decode at `scale` samples a block side (1, 2 or
/// 4): of every block of every component, those at zig-zag positions below `per_block`.
pub(crate) struct Coefficients {
    scale: usize,
    /// 1, 5 or 25: every zig-zag position up to the last one the scaled IDCT reads.
    per_block: usize,
    /// For each frame component: its blocks across (padded to whole MCUs, as the decoders
    /// lay them out) and its coefficients, block after block, row by row.
    planes: Vec<(usize, Vec<i16>)>,
    /// The quantisation table of each component, in zig-zag order.
    tables: Vec<[u16; 64]>,
    /// Set by the walk on a coefficient large enough that jpeg-decoder's refinement could
    /// overflow it (which it refuses): then jpeg-decoder decides, as before.
    pub(super) unusual: bool,
}

/// What the frame's header says beyond [`Frame`] that the reduced decode depends on.
#[derive(Debug)]
pub(super) struct Coding<'a> {
    /// The quantisation tables 0–3 as last defined: 64 bytes, or 128 (16-bit, big-endian),
    /// in zig-zag order.
    pub(super) tables: [Option<&'a [u8]>; 4],
    pub(super) precision: u8,
    /// A DQT segment came after the first scan (jpeg-decoder then dequantises components
    /// with the tables of the scan that completes them).
    pub(super) tables_after_scan: bool,
    /// There is an APP14 segment (Adobe's colour transform).
    pub(super) adobe: bool,
}

/// The number of bytes [`Coefficients::new`] takes for a frame of `blocks` (padded) blocks at
/// `scale` samples a block side.
pub(crate) fn kept_bytes(blocks: u64, scale: u64) -> u64 {
    blocks * 2 * per_block(scale as usize) as u64
}

fn per_block(scale: usize) -> usize {
    match scale {
        1 => 1,
        2 => 5,
        _ => 25,
    }
}

impl Coefficients {
    /// An empty store, for the walk that keeps nothing.
    pub(super) fn none() -> Coefficients {
        Coefficients {
            scale: 0,
            per_block: 0,
            planes: Vec::new(),
            tables: Vec::new(),
            unusual: false,
        }
    }

    /// The store for a decode at `scale` (1, 2 or 4 samples a block side), or `None` when
    /// the frame is one this port does not cover.
    pub(super) fn new(
        frame: &Frame,
        scans: &[Scan],
        coding: &Coding,
        scale: usize,
    ) -> Option<Coefficients> {
        if !matches!(scale, 1 | 2 | 4) || coding.precision != 8 || coding.tables_after_scan {
            return None;
        }
        let colour = match frame.components[..] {
            [_] => true,
            // jpeg-decoder reads these identifiers as big-gamut YCC, RGB and big-gamut RGB;
            // any other three components as YCbCr, unless an Adobe segment says otherwise.
            [a, b, c] => {
                !matches!(
                    (a.id, b.id, c.id),
                    (1, 34, 35) | (82, 71, 66) | (114, 103, 98)
                ) && !coding.adobe
            }
            _ => false,
        };
        let sampling = frame
            .components
            .iter()
            .all(|c| matches!(c.horizontal, 1 | 2) && matches!(c.vertical, 1 | 2));
        if !colour || !sampling {
            return None;
        }
        let (mcus_across, mcus_down) = frame.mcus();
        // jpeg-decoder reads a scan of one component over its padded blocks, up to the
        // frame's size in blocks: the same blocks as the walk for these sampling factors,
        // but checked, as the walk puts them where jpeg-decoder does.
        let (width_blocks, height_blocks) = (
            u32::from(frame.width).div_ceil(8),
            u32::from(frame.height).div_ceil(8),
        );
        // As jpeg-decoder: a component's coefficients are final (and dequantised) once a
        // scan with no successive approximation left has covered every one of them; a later
        // scan of it is not seen. Every component must be in some scan.
        let mut finished = vec![0u64; frame.components.len()];
        let mut seen = vec![false; frame.components.len()];
        for scan in scans {
            for &index in &scan.components {
                if finished[index] == u64::MAX {
                    return None;
                }
                seen[index] = true;
                if scan.approximation_low == 0 {
                    for k in scan.spectral_start..=scan.spectral_end {
                        finished[index] |= 1 << k;
                    }
                }
            }
            if let [index] = scan.components[..] {
                let c = frame.components[index];
                let padded = (
                    mcus_across * u32::from(c.horizontal),
                    mcus_down * u32::from(c.vertical),
                );
                let read = (padded.0.min(width_blocks), padded.1.min(height_blocks));
                if read != frame.component_blocks(index) {
                    return None;
                }
            }
        }
        if seen.contains(&false) {
            return None;
        }
        let per_block = per_block(scale);
        let planes = frame
            .components
            .iter()
            .map(|c| {
                let across = mcus_across as usize * usize::from(c.horizontal);
                let down = mcus_down as usize * usize::from(c.vertical);
                (across, vec![0; across * down * per_block])
            })
            .collect();
        let tables = frame
            .components
            .iter()
            .map(|c| {
                let bytes = coding.tables[usize::from(c.quant_table)].unwrap_or_default();
                let mut table = [0u16; 64];
                for (k, entry) in table.iter_mut().enumerate() {
                    *entry = match bytes.len() {
                        128 => u16::from_be_bytes([bytes[2 * k], bytes[2 * k + 1]]),
                        64 => u16::from(bytes[k]),
                        _ => 0,
                    };
                }
                table
            })
            .collect();
        Some(Coefficients {
            scale,
            per_block,
            planes,
            tables,
            unusual: false,
        })
    }

    /// How many zig-zag positions of each block are kept: 0 when none.
    #[inline]
    pub(super) fn per_block(&self) -> usize {
        self.per_block
    }

    /// The kept coefficients of block (`x`, `y`) of frame component `index`, in zig-zag
    /// order; empty for a block outside the frame (which the walk never asks for).
    #[inline]
    pub(super) fn block(&mut self, index: usize, x: u32, y: u32) -> &mut [i16] {
        let per_block = self.per_block;
        match self.planes.get_mut(index) {
            Some((across, values)) => {
                let start = (y as usize * *across + x as usize) * per_block;
                values.get_mut(start..start + per_block).unwrap_or(&mut [])
            }
            None => &mut [],
        }
    }

    /// Dequantises and transforms every block into its component's samples, and drops the
    /// coefficients; `None` if the walk found the data unusual.
    pub(super) fn finish(self, frame: &Frame) -> Option<Reduced> {
        if self.unusual {
            return None;
        }
        let scale = self.scale;
        let (h_max, v_max) = frame.max_sampling();
        let (h_max, v_max) = (h_max as usize, v_max as usize);
        // As jpeg-decoder's `FrameInfo::update_idct_size`.
        let output_width = (usize::from(frame.width) * scale).div_ceil(8);
        let output_height = (usize::from(frame.height) * scale).div_ceil(8);
        let mut planes = Vec::with_capacity(frame.components.len());
        for ((across, coefficients), (component, table)) in self
            .planes
            .into_iter()
            .zip(frame.components.iter().zip(&self.tables))
        {
            let stride = across * scale;
            let down = coefficients.len() / (across * self.per_block).max(1);
            let mut samples = vec![0u8; stride * down * scale];
            for (index, block) in coefficients.chunks_exact(self.per_block).enumerate() {
                let (x, y) = (index % across, index / across);
                let output = &mut samples[y * scale * stride + x * scale..];
                match scale {
                    1 => idct_1x1(block, table, output),
                    2 => idct_2x2(block, table, stride, output),
                    _ => idct_4x4(block, table, stride, output),
                }
            }
            let (h, v) = (
                usize::from(component.horizontal),
                usize::from(component.vertical),
            );
            planes.push(Plane {
                samples,
                stride,
                width: (usize::from(frame.width) * h * scale).div_ceil(h_max * 8),
                height: (usize::from(frame.height) * v * scale).div_ceil(v_max * 8),
                upsampler: Upsampler::choose((h, v), (h_max, v_max), output_width, output_height),
            });
        }
        Some(Reduced {
            width: output_width,
            height: output_height,
            h_max,
            planes,
        })
    }
}

/// A JPEG decoded at reduced size: each component's samples, before upsampling.
pub(crate) struct Reduced {
    width: usize,
    height: usize,
    h_max: usize,
    planes: Vec<Plane>,
}

struct Plane {
    samples: Vec<u8>,
    stride: usize,
    /// The component's size at this scale (`Component::size` in jpeg-decoder).
    width: usize,
    height: usize,
    upsampler: Upsampler,
}

impl Reduced {
    /// The decoded picture's width and height.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Calls `pixel(x, y, rgb)` for every pixel, row by row, as jpeg-decoder's `decode`
    /// would give them (a grey picture's samples as three equal channels). `None` if a
    /// plane is smaller than its upsampler reads, which the frame's layout rules out.
    pub(crate) fn pixels(&self, mut pixel: impl FnMut(usize, usize, [u8; 3])) -> Option<()> {
        let length = self.planes.iter().map(|p| p.width).max().unwrap_or(0) * self.h_max;
        let mut lines = vec![vec![0u8; length.max(self.width) + 2]; self.planes.len()];
        let mut rgb = vec![[0u8; 3]; self.width];
        for y in 0..self.height {
            for (plane, line) in self.planes.iter().zip(&mut lines) {
                plane.upsample_row(y, self.width, line)?;
            }
            match &lines[..] {
                // jpeg-decoder's `compute_image` copies a single component's rows as they
                // are (the same as upsampling them 1:1).
                [grey] => {
                    for (out, &value) in rgb.iter_mut().zip(grey) {
                        *out = [value; 3];
                    }
                }
                [luma, cb, cr] => {
                    for (out, ((&l, &b), &r)) in rgb.iter_mut().zip(luma.iter().zip(cb).zip(cr)) {
                        *out = ycbcr_to_rgb(l, b, r);
                    }
                }
                _ => return None,
            }
            for (x, &value) in rgb.iter().enumerate() {
                pixel(x, y, value);
            }
        }
        Some(())
    }
}

/// jpeg-decoder's choice of upsampler (`choose_upsampler`) for sampling factors of 1 or 2:
/// whether it doubles the component's samples across and down.
#[derive(Clone, Copy)]
struct Upsampler {
    across: bool,
    down: bool,
}

impl Upsampler {
    fn choose(
        (h, v): (usize, usize),
        (h_max, v_max): (usize, usize),
        output_width: usize,
        output_height: usize,
    ) -> Upsampler {
        Upsampler {
            across: !(h == h_max || output_width == 1),
            down: !(v == v_max || output_height == 1),
        }
    }
}

impl Plane {
    /// Output row `row` of this component, upsampled to the picture's width (and a little
    /// past it, as jpeg-decoder writes), into `output`.
    ///
    /// jpeg-decoder has four upsamplers for these factors; its H1V1 and H2V1 are its H1V2
    /// and H2V2 with both rows the same (then `(3a + a + 2) >> 2` is `a`, and `(3·4a + 4b +
    /// 8) >> 4` is `(3a + b + 2) >> 2`), so two do here.
    fn upsample_row(&self, row: usize, output_width: usize, output: &mut [u8]) -> Option<()> {
        // The nearer row and the one above (even output rows) or below (odd ones), in f32
        // as jpeg-decoder computes them.
        let (near, far) = if self.upsampler.down {
            let near = row as f32 / 2.0;
            let far = (near + near.fract() * 3.0 - 0.25).min((self.height.max(1) - 1) as f32);
            (near as usize, far as usize)
        } else {
            (row, row)
        };
        let width = if self.upsampler.across {
            self.width
        } else {
            output_width
        };
        let line = |index: usize| {
            self.samples
                .get(index * self.stride..index * self.stride + width)
        };
        let (near, far) = (line(near)?, line(far)?);
        if !self.upsampler.across {
            let output = output.get_mut(..width)?;
            for ((out, &n), &f) in output.iter_mut().zip(near).zip(far) {
                *out = ((3 * u32::from(n) + u32::from(f) + 2) >> 2) as u8;
            }
            return Some(());
        }
        let output = output.get_mut(..2 * width)?;
        if width == 1 {
            let value = ((3 * u32::from(near[0]) + u32::from(far[0]) + 2) >> 2) as u8;
            output[0] = value;
            output[1] = value;
            return Some(());
        }
        let mut t1 = 3 * u32::from(near[0]) + u32::from(far[0]);
        output[0] = ((t1 + 2) >> 2) as u8;
        for i in 1..width {
            let t0 = t1;
            t1 = 3 * u32::from(near[i]) + u32::from(far[i]);
            output[i * 2 - 1] = ((3 * t0 + t1 + 8) >> 4) as u8;
            output[i * 2] = ((3 * t1 + t0 + 8) >> 4) as u8;
        }
        output[width * 2 - 1] = ((t1 + 2) >> 2) as u8;
        Some(())
    }
}

/// jpeg-decoder's scalar `ycbcr_to_rgb` (ITU-R BT.601, after libjpeg-turbo's jdcolext.c),
/// in 20-bit fixed point.
#[inline]
fn ycbcr_to_rgb(y: u8, cb: u8, cr: u8) -> [u8; 3] {
    const SHIFT: i32 = 20;
    fn f2f(x: f32) -> i32 {
        (x * ((1 << SHIFT) as f32) + 0.5) as i32
    }
    fn clamp(value: i32) -> u8 {
        (value >> SHIFT).clamp(0, 255) as u8
    }
    let y = i32::from(y) * (1 << SHIFT) + (1 << SHIFT) / 2;
    let cb = i32::from(cb) - 128;
    let cr = i32::from(cr) - 128;
    [
        clamp(y + f2f(1.40200) * cr),
        clamp(y - f2f(0.34414) * cb - f2f(0.71414) * cr),
        clamp(y + f2f(1.77200) * cb),
    ]
}

/// A kept coefficient (zig-zag position `k`) times its quantiser, as jpeg-decoder's
/// `coefficient as i32 * quantiser as i32`.
#[inline]
fn dequantise(block: &[i16], table: &[u16; 64], k: usize) -> Wrapping<i32> {
    let coefficient = block.get(k).copied().unwrap_or(0);
    Wrapping(i32::from(coefficient) * i32::from(table[k]))
}

/// jpeg-decoder's `stbi_clamp`.
#[inline]
fn clamp(x: Wrapping<i32>) -> u8 {
    x.0.clamp(0, 255) as u8
}

/// jpeg-decoder's `dequantize_and_idct_block_1x1`: the DC alone (rounding toward zero, as
/// its `Wrapping` division does).
fn idct_1x1(block: &[i16], table: &[u16; 64], output: &mut [u8]) {
    let s0 = (dequantise(block, table, 0) + Wrapping(128 * 8)) / Wrapping(8);
    if let Some(out) = output.first_mut() {
        *out = clamp(s0);
    }
}

/// jpeg-decoder's `dequantize_and_idct_block_2x2`.
fn idct_2x2(block: &[i16], table: &[u16; 64], stride: usize, output: &mut [u8]) {
    const SCALE_BITS: usize = 3;
    let s00 = dequantise(block, table, ZIGZAG_4X4[0][0]);
    let s10 = dequantise(block, table, ZIGZAG_4X4[1][0]);
    let x0 = s00 + s10;
    let x2 = s00 - s10;
    let s01 = dequantise(block, table, ZIGZAG_4X4[0][1]);
    let s11 = dequantise(block, table, ZIGZAG_4X4[1][1]);
    let x1 = s01 + s11;
    let x3 = s01 - s11;
    let x0 = x0 + Wrapping(1 << (SCALE_BITS - 1)) + Wrapping(128 << SCALE_BITS);
    let x2 = x2 + Wrapping(1 << (SCALE_BITS - 1)) + Wrapping(128 << SCALE_BITS);
    let samples = [
        (0, (x0 + x1) >> SCALE_BITS),
        (1, (x0 - x1) >> SCALE_BITS),
        (stride, (x2 + x3) >> SCALE_BITS),
        (stride + 1, (x2 - x3) >> SCALE_BITS),
    ];
    for (at, value) in samples {
        if let Some(out) = output.get_mut(at) {
            *out = clamp(value);
        }
    }
}

/// jpeg-decoder's `stbi_f2f`: a constant in 12-bit fixed point.
#[inline]
fn f2f(x: f32) -> Wrapping<i32> {
    Wrapping((x * 4096.0 + 0.5) as i32)
}

/// jpeg-decoder's `dequantize_and_idct_block_4x4`, its constants as it writes them.
#[allow(clippy::excessive_precision)]
fn idct_4x4(block: &[i16], table: &[u16; 64], stride: usize, output: &mut [u8]) {
    const CONST_BITS: usize = 12;
    const PASS1_BITS: usize = 2;
    const FINAL_BITS: usize = CONST_BITS + PASS1_BITS + 3;
    let mut temp = [Wrapping(0i32); 16];
    // Columns.
    for i in 0..4 {
        let s0 = dequantise(block, table, ZIGZAG_4X4[0][i]);
        let s1 = dequantise(block, table, ZIGZAG_4X4[1][i]);
        let s2 = dequantise(block, table, ZIGZAG_4X4[2][i]);
        let s3 = dequantise(block, table, ZIGZAG_4X4[3][i]);
        let x0 = (s0 + s2) << PASS1_BITS;
        let x2 = (s0 - s2) << PASS1_BITS;
        let p1 = (s1 + s3) * f2f(0.541196100);
        let t0 = (p1 + s3 * f2f(-1.847759065) + Wrapping(512)) >> (CONST_BITS - PASS1_BITS);
        let t2 = (p1 + s1 * f2f(0.765366865) + Wrapping(512)) >> (CONST_BITS - PASS1_BITS);
        temp[i] = x0 + t2;
        temp[i + 12] = x0 - t2;
        temp[i + 4] = x2 + t0;
        temp[i + 8] = x2 - t0;
    }
    // Rows.
    for i in 0..4 {
        let [s0, s1, s2, s3] = [
            temp[i * 4],
            temp[i * 4 + 1],
            temp[i * 4 + 2],
            temp[i * 4 + 3],
        ];
        let x0 = (s0 + s2) << CONST_BITS;
        let x2 = (s0 - s2) << CONST_BITS;
        let p1 = (s1 + s3) * f2f(0.541196100);
        let t0 = p1 + s3 * f2f(-1.847759065);
        let t2 = p1 + s1 * f2f(0.765366865);
        let x0 = x0 + Wrapping(1 << (FINAL_BITS - 1)) + Wrapping(128 << FINAL_BITS);
        let x2 = x2 + Wrapping(1 << (FINAL_BITS - 1)) + Wrapping(128 << FINAL_BITS);
        if let Some(out) = output.get_mut(i * stride..i * stride + 4) {
            out[0] = clamp((x0 + t2) >> FINAL_BITS);
            out[3] = clamp((x0 - t2) >> FINAL_BITS);
            out[1] = clamp((x2 + t0) >> FINAL_BITS);
            out[2] = clamp((x2 - t0) >> FINAL_BITS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ZIGZAG_4X4;

    /// The zig-zag order (T.81 figure A.6) walked out along the anti-diagonals, against the
    /// table.
    #[test]
    fn zigzag_table_is_the_zigzag_order() {
        let mut order = Vec::new();
        for diagonal in 0..15usize {
            let cells: Vec<(usize, usize)> = (0..8)
                .filter_map(|row| {
                    let column = diagonal.checked_sub(row)?;
                    (column < 8).then_some((row, column))
                })
                .collect();
            // Even diagonals run up and to the right (row falling), odd ones down.
            if diagonal % 2 == 0 {
                order.extend(cells.into_iter().rev());
            } else {
                order.extend(cells);
            }
        }
        for (row, columns) in ZIGZAG_4X4.iter().enumerate() {
            for (column, &k) in columns.iter().enumerate() {
                assert_eq!(order[k], (row, column), "zig-zag {k}");
            }
        }
    }
}
