//! Decoding a photo for the fit, at the smallest size that still covers the target, into
//! 8-bit grey or RGB on white; and turning pixels upright.
//!
//! A JPEG is decoded with jpeg-decoder's scaled IDCT (1/2, 1/4 or 1/8); a PNG is streamed row
//! by row into a box-averaged grid `factor` times smaller on each side. So a 50 MP photo never
//! needs a full-resolution frame, and the resampling filter afterwards ([`super::resize`])
//! only ever works on at most twice the target's size per side.

use super::super::{Header, Layout};

/// The most the decode of one photo may hold at once (estimated from the header before
/// anything is decoded, as the quality path does). A 12 MP progressive 4:2:0 JPEG decoded at
/// half size takes about 48 MiB; with the photo's own bytes and the module a page stays
/// within 64 MiB.
pub(crate) const DECODE_BUDGET_BYTES: u64 = 52 * 1024 * 1024;

/// The largest colour profile carried over into the output. Real profiles are a few KiB
/// (Display P3: 536 bytes); a larger one is dropped with a warning rather than copied.
const MAX_PROFILE_BYTES: usize = 1024 * 1024;

/// Decoded pixels, row-major, one byte a channel: grey (1 channel) or RGB (3).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

impl Pixels {
    /// The luma of every pixel (BT.601, as JPEG's YCbCr uses).
    pub fn luma(&self) -> Vec<u8> {
        match self.channels {
            1 => self.data.clone(),
            _ => self
                .data
                .chunks_exact(3)
                .map(|p| {
                    let y = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
                    ((y + 500) / 1000) as u8
                })
                .collect(),
        }
    }

    /// The pixels as displayed under EXIF `orientation` (1–8): rotated and flipped so that the
    /// result needs no orientation tag.
    pub fn upright(self, orientation: u8) -> Pixels {
        if !(2..=8).contains(&orientation) {
            return self;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let c = usize::from(self.channels);
        let (dw, dh) = if orientation >= 5 { (h, w) } else { (w, h) };
        let mut data = vec![0; self.data.len()];
        for dy in 0..dh {
            for dx in 0..dw {
                // Where the displayed pixel (dx, dy) is stored (EXIF 2.32, tag 0x0112).
                let (sx, sy) = match orientation {
                    2 => (w - 1 - dx, dy),
                    3 => (w - 1 - dx, h - 1 - dy),
                    4 => (dx, h - 1 - dy),
                    5 => (dy, dx),
                    6 => (dy, h - 1 - dx),
                    7 => (w - 1 - dy, h - 1 - dx),
                    _ => (w - 1 - dy, dx),
                };
                let from = (sy * w + sx) * c;
                let to = (dy * dw + dx) * c;
                data[to..to + c].copy_from_slice(&self.data[from..from + c]);
            }
        }
        Pixels {
            width: dw as u32,
            height: dh as u32,
            channels: self.channels,
            data,
        }
    }
}

/// A decoded photo and what became of its colour profile.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub pixels: Pixels,
    /// An ICC profile to embed in the output: one that describes the output's channels.
    pub profile: Option<Vec<u8>>,
    /// The colour space converted without its profile (`"CMYK"`), for the warning.
    pub approximated: Option<&'static str>,
}

/// Why a photo was not decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// The decoder found the data damaged.
    Corrupt,
    /// Decoding it would take more than [`DECODE_BUDGET_BYTES`].
    TooLarge,
}

/// The JPEG scale denominator the decode uses for a stored `width` × `height` frame to
/// cover `want_width` × `want_height`: the largest of 8, 4, 2 and 1 that still does (the
/// same choice jpeg-decoder's `scale` makes).
fn jpeg_denominator(width: u32, height: u32, want_width: u32, want_height: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|d| width.div_ceil(*d) >= want_width && height.div_ceil(*d) >= want_height)
        .unwrap_or(1)
}

/// The PNG box factor for the same purpose: how many source pixels a side each grid cell
/// averages, at most 16 so that a cell's sum fits 16 bits.
fn png_factor(width: u32, height: u32, want_width: u32, want_height: u32) -> u32 {
    (width / want_width.max(1))
        .min(height / want_height.max(1))
        .clamp(1, 16)
}

/// What decoding a photo with `header` to cover `want_width` × `want_height` (stored
/// orientation) holds at once, in bytes, before the resampling.
pub(crate) fn decode_bytes(header: &Header, want_width: u32, want_height: u32) -> u64 {
    let (w, h) = (u64::from(header.width), u64::from(header.height));
    match header.layout {
        Layout::Jpeg {
            progressive,
            components,
            blocks,
        } => {
            let d = u64::from(jpeg_denominator(
                header.width,
                header.height,
                want_width,
                want_height,
            ));
            let coefficients = if progressive { blocks * 128 } else { 0 };
            let samples = blocks * 64 / (d * d);
            let output = w.div_ceil(d) * h.div_ceil(d) * u64::from(components);
            // The RGB copy made from a CMYK (4-component) output.
            let converted = if components == 4 { output } else { 0 };
            coefficients + samples + output + converted
        }
        Layout::Png { row_bytes } => {
            let f = u64::from(png_factor(
                header.width,
                header.height,
                want_width,
                want_height,
            ));
            // Two rows of the decoder, the 16-bit grid and the 8-bit pixels made from it.
            let cells = w.div_ceil(f) * h.div_ceil(f) * 3;
            4 * row_bytes + 64 * 1024 + 3 * cells
        }
        Layout::Svg => 0,
    }
}

/// Decodes a JPEG to at least `want_width` × `want_height` stored pixels where its size
/// allows.
pub(crate) fn jpeg(
    bytes: &[u8],
    want_width: u32,
    want_height: u32,
) -> Result<Decoded, DecodeError> {
    let (data, format, width, height, profile) = {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        decoder.set_max_decoding_buffer_size(DECODE_BUDGET_BYTES as usize);
        let clamp = |side: u32| side.clamp(1, u32::from(u16::MAX)) as u16;
        let (width, height) = decoder
            .scale(clamp(want_width), clamp(want_height))
            .map_err(|_| DecodeError::Corrupt)?;
        // Over the buffer limit jpeg-decoder reports a format error; the estimate made from
        // the header before decoding keeps real photos from reaching it.
        let data = decoder.decode().map_err(|_| DecodeError::Corrupt)?;
        let format = decoder.info().ok_or(DecodeError::Corrupt)?.pixel_format;
        (
            data,
            format,
            u32::from(width),
            u32::from(height),
            decoder.icc_profile(),
        )
    };
    let pixels = (width as usize) * (height as usize);
    let (channels, data) = match format {
        jpeg_decoder::PixelFormat::L8 => (1, data),
        jpeg_decoder::PixelFormat::RGB24 => (3, data),
        // Lossless JPEG only, which the structure walk refuses; kept total all the same.
        jpeg_decoder::PixelFormat::L16 => (1, data.chunks_exact(2).map(|p| p[0]).collect()),
        jpeg_decoder::PixelFormat::CMYK32 => {
            // jpeg-decoder returns Adobe's inverted CMYK (YCCK already turned into it), so
            // each channel times K is the naive RGB, as browsers show a CMYK JPEG without a
            // colour-managed path.
            let rgb = data
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = u32::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((u32::from(c) * k + 127) / 255) as u8)
                })
                .collect();
            (3, rgb)
        }
    };
    if data.len() < pixels * channels {
        return Err(DecodeError::Corrupt);
    }
    let (profile, approximated) = keep_profile(profile, channels as u8);
    Ok(Decoded {
        pixels: Pixels {
            width,
            height,
            channels: channels as u8,
            data,
        },
        profile,
        approximated,
    })
}

/// Decodes a PNG, box-averaged down towards `want_width` × `want_height`, alpha flattened
/// onto white.
pub(crate) fn png(
    bytes: &[u8],
    header: &Header,
    want_width: u32,
    want_height: u32,
) -> Result<Decoded, DecodeError> {
    let limits = ::png::Limits {
        bytes: DECODE_BUDGET_BYTES as usize,
    };
    let mut decoder = ::png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    // The profile is read from its chunk with its own bound (see `png_profile`); text can
    // inflate to a gigabyte and is dropped anyway.
    decoder.set_ignore_iccp_chunk(true);
    decoder.set_ignore_text_chunk(true);
    decoder.set_transformations(::png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|error| match error {
        ::png::DecodingError::LimitsExceeded => DecodeError::TooLarge,
        _ => DecodeError::Corrupt,
    })?;
    let (colour, _) = reader.output_color_type();
    let samples = colour.samples();
    let channels: usize = if samples <= 2 { 1 } else { 3 };
    let alpha = samples == 2 || samples == 4;
    let interlaced = reader.info().interlaced;
    let (w, h) = (header.width as usize, header.height as usize);
    let f = png_factor(header.width, header.height, want_width, want_height) as usize;
    let (gw, gh) = (w.div_ceil(f), h.div_ceil(f));
    let mut grid = vec![0u16; gw * gh * channels];
    let mut passes = super::super::png::ADAM7
        .iter()
        .map(|&(x0, y0, dx, dy)| (x0 as usize, y0 as usize, dx as usize, dy as usize))
        .filter(|(x0, y0, _, _)| !interlaced || (*x0 < w && *y0 < h));
    let mut pass = if interlaced {
        passes.next()
    } else {
        Some((0, 0, 1, 1))
    };
    let mut line = 0;
    while let Some(row) = reader.next_row().map_err(|_| DecodeError::Corrupt)? {
        let Some((x0, y0, dx, dy)) = pass else {
            return Err(DecodeError::Corrupt);
        };
        let y = y0 + line * dy;
        let cells = &mut grid[(y / f) * gw * channels..][..gw * channels];
        for (index, pixel) in row.data().chunks_exact(samples).enumerate() {
            let x = x0 + index * dx;
            if x >= w {
                break;
            }
            let cell = &mut cells[(x / f) * channels..][..channels];
            let a = if alpha {
                u32::from(pixel[samples - 1])
            } else {
                255
            };
            for (sum, &value) in cell.iter_mut().zip(pixel) {
                // Onto white: value·a + 255·(255 − a), over 255.
                let flat = (u32::from(value) * a + 255 * (255 - a) + 127) / 255;
                *sum += flat as u16;
            }
        }
        line += 1;
        if y0 + line * dy >= h {
            line = 0;
            pass = if interlaced { passes.next() } else { None };
        }
    }
    if pass.is_some() {
        return Err(DecodeError::Corrupt);
    }
    // Each cell's average over the source pixels it covers (fewer at the right and bottom).
    let mut data = Vec::with_capacity(grid.len());
    for (index, sums) in grid.chunks_exact(channels).enumerate() {
        let (cx, cy) = (index % gw, index / gw);
        let covered = (f.min(w - cx * f) * f.min(h - cy * f)) as u32;
        data.extend(
            sums.iter()
                .map(|&sum| ((u32::from(sum) + covered / 2) / covered) as u8),
        );
    }
    drop(grid);
    let (profile, approximated) = keep_profile(png_profile(bytes), channels as u8);
    Ok(Decoded {
        pixels: Pixels {
            width: gw as u32,
            height: gh as u32,
            channels: channels as u8,
            data,
        },
        profile,
        approximated,
    })
}

/// The ICC profile in a PNG's iCCP chunk, inflated within [`MAX_PROFILE_BYTES`]; `Some(empty)`
/// when there is one that cannot be used (too large, damaged), so that its loss is reported.
fn png_profile(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut position = 8;
    while let Some(head) = bytes.get(position..position + 8) {
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let data = bytes.get(position + 8..(position + 8).checked_add(length)?)?;
        match &head[4..8] {
            b"iCCP" => {
                // A name of 1–79 bytes, a NUL, the compression method (0), then zlib data.
                let name_end = data.iter().position(|&b| b == 0)?;
                let stream = data.get(name_end + 2..)?;
                return Some(
                    fdeflate::decompress_to_vec_bounded(stream, MAX_PROFILE_BYTES)
                        .unwrap_or_default(),
                );
            }
            b"IDAT" | b"IEND" => return None,
            _ => {}
        }
        position += 12 + length;
    }
    None
}

/// Keeps `profile` when it describes output of `channels` (RGB for 3, grey for 1) and fits
/// [`MAX_PROFILE_BYTES`]; otherwise drops it and names what was converted without it.
fn keep_profile(profile: Option<Vec<u8>>, channels: u8) -> (Option<Vec<u8>>, Option<&'static str>) {
    let Some(profile) = profile else {
        return (None, None);
    };
    // ICC.1:2022 §7.2.6: the data colour space signature at bytes 16–19.
    let space = profile.get(16..20);
    let fits = match (space, channels) {
        (Some(b"RGB "), 3) | (Some(b"GRAY"), 1) => profile.len() <= MAX_PROFILE_BYTES,
        _ => false,
    };
    if fits {
        return (Some(profile), None);
    }
    let name = match space {
        Some(b"CMYK") => "CMYK",
        Some(b"RGB ") => "RGB",
        Some(b"GRAY") => "grey",
        _ => "an unreadable colour profile",
    };
    (None, Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(width: u32, height: u32) -> Pixels {
        Pixels {
            width,
            height,
            channels: 1,
            data: (0..(width * height) as u8).collect(),
        }
    }

    #[test]
    fn every_orientation_lands_upright() {
        // A 3×2 picture stored as each orientation's viewers expect, from EXIF's own table:
        // orientation 6 stores the picture turned 90° counter-clockwise (viewers turn it back
        // clockwise), 8 turned clockwise, 5 and 7 mirrored across a diagonal.
        // Upright:  0 1 2
        //           3 4 5
        let stored: [(u8, u32, u32, [u8; 6]); 8] = [
            (1, 3, 2, [0, 1, 2, 3, 4, 5]),
            (2, 3, 2, [2, 1, 0, 5, 4, 3]),
            (3, 3, 2, [5, 4, 3, 2, 1, 0]),
            (4, 3, 2, [3, 4, 5, 0, 1, 2]),
            (5, 2, 3, [0, 3, 1, 4, 2, 5]),
            (6, 2, 3, [2, 5, 1, 4, 0, 3]),
            (7, 2, 3, [5, 2, 4, 1, 3, 0]),
            (8, 2, 3, [3, 0, 4, 1, 5, 2]),
        ];
        for (orientation, width, height, data) in stored {
            let pixels = Pixels {
                width,
                height,
                channels: 1,
                data: data.to_vec(),
            };
            let upright = pixels.upright(orientation);
            assert_eq!(
                (upright.width, upright.height),
                (3, 2),
                "orientation {orientation}"
            );
            assert_eq!(
                upright.data,
                [0, 1, 2, 3, 4, 5],
                "orientation {orientation}"
            );
        }
        assert_eq!(numbered(4, 3).upright(1), numbered(4, 3));
    }

    #[test]
    fn profiles_are_kept_only_for_matching_channels() {
        let mut rgb = vec![0u8; 128];
        rgb[16..20].copy_from_slice(b"RGB ");
        let mut cmyk = rgb.clone();
        cmyk[16..20].copy_from_slice(b"CMYK");
        assert_eq!(
            keep_profile(Some(rgb.clone()), 3),
            (Some(rgb.clone()), None)
        );
        assert_eq!(keep_profile(Some(rgb), 1), (None, Some("RGB")));
        assert_eq!(keep_profile(Some(cmyk), 3), (None, Some("CMYK")));
        assert_eq!(
            keep_profile(Some(Vec::new()), 3).1,
            Some("an unreadable colour profile")
        );
        assert_eq!(keep_profile(None, 3), (None, None));
    }

    #[test]
    fn scales_cover_the_target() {
        assert_eq!(jpeg_denominator(4000, 3000, 1600, 1200), 2);
        assert_eq!(jpeg_denominator(8160, 6120, 1600, 1200), 4);
        assert_eq!(jpeg_denominator(1600, 1200, 1600, 1200), 1);
        assert_eq!(png_factor(4000, 3000, 1600, 1200), 2);
        assert_eq!(png_factor(100_000, 100_000, 100, 100), 16);
    }
}
