//! Reading a PNG's structure without reconstructing a pixel, in two steps.
//!
//! [`read`] walks every chunk from IHDR to IEND, each with its CRC checked, so a damaged
//! or cut-off file is caught on the fast path. [`Png::check_data`] then inflates the image
//! data (the IDAT chunks' zlib stream) into a small sliding window, keeping nothing: the
//! stream must be complete, its Adler-32 checksum right, and it must hold exactly the rows
//! IHDR declares, each starting with a known filter type. That catches image data cut
//! short inside chunks whose CRCs were recomputed, which no CRC can see.
//!
//! The IDAT chunks' CRCs are checked too, although the Adler-32 covers their contents: a
//! file whose only damage is an IDAT CRC is one libpng refuses (a critical chunk's CRC
//! error is fatal by default), and the CRC is cheap beside the inflating: on wasm32
//! `crc32fast` runs its slicing-by-16 table (its carry-less-multiply paths are x86 and
//! aarch64 only; wasm has no such instruction), about 1 ms of a 1.2 MB screenshot's 25 ms.
//!
//! Written by hand because the `png` crate validates chunks only as it decodes the image
//! data (and skips the Adler-32 checksum by default); walking the chunks is a short loop
//! over lengths and CRCs (computed by `crc32fast`), and the inflating is `fdeflate`'s, the
//! `png` crate's own inflater.

use super::{Header, Layout, Refusal};

use Refusal::Corrupt;

/// Each Adam7 pass's first column, first row, column step and row step (ISO 15948 §8.2).
pub(crate) const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

/// The most a deflate back-reference reaches (RFC 1951 §3.2.5).
const DEFLATE_WINDOW: usize = 32 * 1024;

/// A PNG whose chunks have been read: its header, and what [`Png::check_data`] needs.
#[derive(Debug)]
pub(crate) struct Png<'a> {
    pub(crate) header: Header,
    bytes: &'a [u8],
    bits_per_pixel: u64,
    interlaced: bool,
    /// Where the first IDAT chunk starts.
    first_data: usize,
}

/// Reads the chunks of a PNG whose first 8 bytes are the PNG signature.
pub(crate) fn read(bytes: &[u8]) -> Result<Png<'_>, Refusal> {
    let mut position = 8;
    let mut ihdr: Option<Ihdr> = None;
    let mut orientation = None;
    let mut palette = false;
    let mut first_data = None;
    // None before the first IDAT, Some(true) while in the run of IDATs, Some(false) after.
    let mut in_data: Option<bool> = None;
    loop {
        let Some(head) = bytes.get(position..position + 8) else {
            return Err(Corrupt("the file ends before the image does"));
        };
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        if length > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Corrupt("a chunk header is damaged"));
        }
        let data_start = position + 8;
        // The length is at most 2^31 - 1, but on wasm32 a usize sum could still overflow.
        let data_end = data_start
            .checked_add(length as usize)
            .ok_or(Corrupt("the file ends before the image does"))?;
        let (Some(data), Some(stored_crc)) = (
            bytes.get(data_start..data_end),
            bytes.get(data_end..data_end.saturating_add(4)),
        ) else {
            return Err(Corrupt("the file ends before the image does"));
        };
        let mut crc = crc32fast::Hasher::new();
        crc.update(&kind);
        crc.update(data);
        if crc.finalize().to_be_bytes() != stored_crc {
            return Err(Corrupt("a chunk's checksum does not match its contents"));
        }
        if ihdr.is_none() && &kind != b"IHDR" {
            return Err(Corrupt("the first chunk is not IHDR"));
        }
        if in_data == Some(true) && &kind != b"IDAT" {
            in_data = Some(false);
        }
        match &kind {
            b"IHDR" if ihdr.is_some() => return Err(Corrupt("more than one IHDR chunk")),
            b"IHDR" => ihdr = Some(Ihdr::read(data)?),
            b"PLTE" if in_data.is_some() => return Err(Corrupt("PLTE comes after the image data")),
            b"PLTE" if palette => return Err(Corrupt("more than one PLTE chunk")),
            // §11.2.3: 1 to 256 entries of three bytes.
            b"PLTE" if data.is_empty() || data.len() > 768 || data.len() % 3 != 0 => {
                return Err(Corrupt("the PLTE chunk has the wrong length"))
            }
            b"PLTE" => palette = true,
            b"IDAT" if in_data == Some(false) => {
                return Err(Corrupt("the image data is split by another chunk"))
            }
            b"IDAT" => {
                if ihdr.as_ref().is_some_and(|h| h.colour == 3) && !palette {
                    return Err(Corrupt("a palette image has no PLTE chunk"));
                }
                first_data.get_or_insert(position);
                in_data = Some(true);
            }
            b"eXIf" if orientation.is_none() => orientation = super::exif::orientation(data),
            b"IEND" if !data.is_empty() => return Err(Corrupt("the IEND chunk is not empty")),
            b"IEND" => {
                let (Some(ihdr), Some(first_data)) = (ihdr, first_data) else {
                    return Err(Corrupt("there is no image data"));
                };
                let bits_per_pixel = ihdr.bits_per_pixel();
                return Ok(Png {
                    header: Header {
                        width: ihdr.width,
                        height: ihdr.height,
                        orientation,
                        layout: Layout::Png {
                            row_bytes: row_bytes(ihdr.width, bits_per_pixel),
                        },
                    },
                    bytes,
                    bits_per_pixel,
                    interlaced: ihdr.interlaced,
                    first_data,
                });
            }
            // An uppercase first letter marks a chunk critical: a reader that does not know
            // it must not display the image (ISO 15948 §5.4).
            _ if kind[0].is_ascii_uppercase() => return Err(Corrupt("an unknown critical chunk")),
            _ => {}
        }
        position = data_end + 4;
    }
}

/// What IHDR says, checked against ISO 15948 §11.2.2.
#[derive(Clone, Copy, Debug)]
struct Ihdr {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
}

impl Ihdr {
    fn read(data: &[u8]) -> Result<Ihdr, Refusal> {
        let &[w3, w2, w1, w0, h3, h2, h1, h0, depth, colour, compression, filter, interlace] = data
        else {
            return Err(Corrupt("the IHDR chunk has the wrong length"));
        };
        let (width, height) = (
            u32::from_be_bytes([w3, w2, w1, w0]),
            u32::from_be_bytes([h3, h2, h1, h0]),
        );
        if width == 0 || height == 0 || width > 0x7FFF_FFFF || height > 0x7FFF_FFFF {
            return Err(Corrupt("the image size is zero or out of range"));
        }
        let depth_ok = match colour {
            0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
            3 => matches!(depth, 1 | 2 | 4 | 8),
            2 | 4 | 6 => matches!(depth, 8 | 16),
            _ => return Err(Corrupt("an invalid colour type")),
        };
        if !depth_ok {
            return Err(Corrupt("an invalid bit depth for its colour type"));
        }
        if compression != 0 || filter != 0 || interlace > 1 {
            return Err(Corrupt(
                "an unknown compression, filter or interlace method",
            ));
        }
        Ok(Ihdr {
            width,
            height,
            depth,
            colour,
            interlaced: interlace == 1,
        })
    }

    fn bits_per_pixel(&self) -> u64 {
        let samples = match self.colour {
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 1,
        };
        samples * u64::from(self.depth)
    }
}

/// The bytes of one row of image data `width` pixels wide, its filter-type byte included.
fn row_bytes(width: u32, bits_per_pixel: u64) -> u64 {
    1 + (u64::from(width) * bits_per_pixel).div_ceil(8)
}

impl Png<'_> {
    /// Inflates the image data and checks it, holding only a sliding window of it.
    ///
    /// Call it only after the image's size has been checked: the work is proportional to
    /// the rows IHDR declares.
    pub(crate) fn check_data(&self) -> Result<(), Refusal> {
        const TRUNCATED: Refusal = Corrupt("the image data ends before the image does");
        let mut rows = Rows::new(self);
        let mut inflater = fdeflate::Decompressor::new();
        let mut window = vec![0; 4 * DEFLATE_WINDOW];
        let mut filled = 0;
        let mut position = self.first_data;
        // The IDAT chunks are consecutive (read checked that), each with a valid CRC.
        while self.bytes.get(position + 4..position + 8) == Some(b"IDAT") {
            let length = u32::from_be_bytes(
                self.bytes[position..position + 4]
                    .try_into()
                    .expect("four bytes"),
            ) as usize;
            let mut input = &self.bytes[position + 8..position + 8 + length];
            position += 12 + length;
            let last = self.bytes.get(position + 4..position + 8) != Some(b"IDAT");
            loop {
                if filled == window.len() {
                    window.copy_within(filled - DEFLATE_WINDOW.., 0);
                    filled = DEFLATE_WINDOW;
                }
                let (used, produced) = inflater.read(input, &mut window, filled, last).map_err(
                    |error| match error {
                        fdeflate::DecompressionError::InsufficientInput => TRUNCATED,
                        fdeflate::DecompressionError::WrongChecksum => {
                            Corrupt("the image data's checksum does not match it")
                        }
                        _ => Corrupt("the compressed image data is damaged"),
                    },
                )?;
                rows.check(&window[filled..filled + produced])?;
                filled += produced;
                input = &input[used..];
                if inflater.is_done() {
                    return if rows.remaining == 0 {
                        Ok(())
                    } else {
                        Err(TRUNCATED)
                    };
                }
                if input.is_empty() && produced == 0 {
                    break;
                }
            }
        }
        // The last IDAT was read with `end_of_input`, so an unfinished stream failed above.
        Err(TRUNCATED)
    }
}

/// Where the filter-type bytes fall in the inflated image data, and how much is left.
struct Rows {
    /// Each pass's rows and bytes per row (one pass unless interlaced; empty passes
    /// have no rows at all).
    passes: Vec<(u64, u64)>,
    pass: usize,
    row: u64,
    /// Bytes from the start of what `check` gets next to the next filter-type byte.
    to_next_filter: u64,
    /// Bytes still to come.
    remaining: u64,
}

impl Rows {
    fn new(png: &Png) -> Rows {
        let (width, height) = (png.header.width, png.header.height);
        let passes: Vec<(u64, u64)> = if png.interlaced {
            ADAM7
                .iter()
                .map(|&(x0, y0, dx, dy)| {
                    let across = width.saturating_sub(x0).div_ceil(dx);
                    let down = height.saturating_sub(y0).div_ceil(dy);
                    (u64::from(down), row_bytes(across, png.bits_per_pixel))
                })
                .filter(|&(down, bytes)| down > 0 && bytes > 1)
                .collect()
        } else {
            vec![(u64::from(height), row_bytes(width, png.bits_per_pixel))]
        };
        let remaining = passes.iter().map(|(down, bytes)| down * bytes).sum();
        Rows {
            passes,
            pass: 0,
            row: 0,
            to_next_filter: 0,
            remaining,
        }
    }

    /// Checks the next `data` of the inflated stream.
    fn check(&mut self, data: &[u8]) -> Result<(), Refusal> {
        let length = data.len() as u64;
        if length > self.remaining {
            return Err(Corrupt("the image data is longer than its header declares"));
        }
        self.remaining -= length;
        while self.to_next_filter < length {
            // ISO 15948 §9.2: five filter types, 0 to 4.
            if data[self.to_next_filter as usize] > 4 {
                return Err(Corrupt(
                    "a row of the image data has an unknown filter type",
                ));
            }
            let Some(&(down, bytes)) = self.passes.get(self.pass) else {
                break;
            };
            self.to_next_filter += bytes;
            self.row += 1;
            if self.row == down {
                self.pass += 1;
                self.row = 0;
            }
        }
        self.to_next_filter -= length.min(self.to_next_filter);
        Ok(())
    }
}
