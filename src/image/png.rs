//! Reading a PNG's structure without decoding pixels: every chunk from IHDR to IEND, each
//! with its CRC checked, so a damaged or cut-off file is caught on the fast path.
//!
//! Written by hand because the `png` crate validates chunks as it decodes the image data;
//! walking the chunks alone is a short loop over lengths and CRCs (computed by
//! `crc32fast`).

use super::Header;

/// Reads the header of a PNG whose first 8 bytes are the PNG signature.
pub(crate) fn read(bytes: &[u8]) -> Result<Header, &'static str> {
    let mut position = 8;
    let mut size: Option<(u32, u32, u8)> = None;
    let mut orientation = None;
    let mut palette = false;
    // None before the first IDAT, Some(true) while in the run of IDATs, Some(false) after.
    let mut in_data: Option<bool> = None;
    loop {
        let Some(head) = bytes.get(position..position + 8) else {
            return Err("the file ends before the image does");
        };
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        if length > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err("a chunk header is damaged");
        }
        let data_start = position + 8;
        // The length is at most 2^31 - 1, but on wasm32 a usize sum could still overflow.
        let data_end = data_start
            .checked_add(length as usize)
            .ok_or("the file ends before the image does")?;
        let (Some(data), Some(stored_crc)) = (
            bytes.get(data_start..data_end),
            bytes.get(data_end..data_end.saturating_add(4)),
        ) else {
            return Err("the file ends before the image does");
        };
        let mut crc = crc32fast::Hasher::new();
        crc.update(&kind);
        crc.update(data);
        if crc.finalize().to_be_bytes() != stored_crc {
            return Err("a chunk's checksum does not match its contents");
        }
        if size.is_none() && &kind != b"IHDR" {
            return Err("the first chunk is not IHDR");
        }
        if in_data == Some(true) && &kind != b"IDAT" {
            in_data = Some(false);
        }
        match &kind {
            b"IHDR" if size.is_some() => return Err("more than one IHDR chunk"),
            b"IHDR" => size = Some(header(data)?),
            b"PLTE" if in_data.is_some() => return Err("PLTE comes after the image data"),
            b"PLTE" => palette = true,
            b"IDAT" if in_data == Some(false) => {
                return Err("the image data is split by another chunk")
            }
            b"IDAT" => {
                if size.is_some_and(|(_, _, colour)| colour == 3) && !palette {
                    return Err("a palette image has no PLTE chunk");
                }
                in_data = Some(true);
            }
            b"eXIf" if orientation.is_none() => orientation = super::exif::orientation(data),
            b"IEND" => {
                return match (size, in_data) {
                    (Some((width, height, _)), Some(_)) => Ok(Header {
                        width,
                        height,
                        orientation,
                    }),
                    _ => Err("there is no image data"),
                }
            }
            // An uppercase first letter marks a chunk critical: a reader that does not know
            // it must not display the image (ISO 15948 §5.4).
            _ if kind[0].is_ascii_uppercase() && !matches!(&kind, b"IHDR" | b"PLTE" | b"IDAT") => {
                return Err("an unknown critical chunk")
            }
            _ => {}
        }
        position = data_end + 4;
    }
}

/// Width, height and colour type from IHDR, checked against ISO 15948 §11.2.2.
fn header(data: &[u8]) -> Result<(u32, u32, u8), &'static str> {
    let &[w3, w2, w1, w0, h3, h2, h1, h0, depth, colour, compression, filter, interlace] = data
    else {
        return Err("the IHDR chunk has the wrong length");
    };
    let (width, height) = (
        u32::from_be_bytes([w3, w2, w1, w0]),
        u32::from_be_bytes([h3, h2, h1, h0]),
    );
    if width == 0 || height == 0 || width > 0x7FFF_FFFF || height > 0x7FFF_FFFF {
        return Err("the image size is zero or out of range");
    }
    let depth_ok = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => return Err("an invalid colour type"),
    };
    if !depth_ok {
        return Err("an invalid bit depth for its colour type");
    }
    if compression != 0 || filter != 0 || interlace > 1 {
        return Err("an unknown compression, filter or interlace method");
    }
    Ok((width, height, colour))
}
