//! Reading a JPEG's structure without decoding pixels: every segment from SOI, through
//! each scan's entropy-coded data, to EOI. That walk finds the frame header (SOF) after
//! any amount of metadata, reads the EXIF orientation, and catches a file cut off by a
//! failed upload, all in one pass over the bytes.
//!
//! Written by hand because the decoders stop at the frame header (they read the scans only
//! when decoding), and a truncated upload is only visible at the end of the last scan.

use super::Header;

/// Reads the header of a JPEG whose first bytes are SOI (`FF D8`).
pub(crate) fn read(bytes: &[u8]) -> Result<Header, &'static str> {
    let mut position = 2;
    let mut frame: Option<(u32, u32)> = None;
    let mut orientation = None;
    let mut scanned = false;
    loop {
        if bytes.get(position) != Some(&0xFF) {
            return Err(if position >= bytes.len() {
                "the file ends before the image does"
            } else {
                "a segment does not start with a marker"
            });
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(position) == Some(&0xFF) {
            position += 1;
        }
        let Some(&marker) = bytes.get(position) else {
            return Err("the file ends before the image does");
        };
        position += 1;
        match marker {
            0xD9 => {
                return match (frame, scanned) {
                    (Some((width, height)), true) => Ok(Header {
                        width,
                        height,
                        orientation,
                    }),
                    (None, _) => Err("there is no frame header"),
                    (Some(_), false) => Err("there is no image data"),
                }
            }
            // Restart markers and TEM stand alone, without a length.
            0xD0..=0xD7 | 0x01 => continue,
            0xD8 => return Err("a second start-of-image marker"),
            0x00 => return Err("a stray 0xFF 0x00 outside image data"),
            _ => {}
        }
        let length = match bytes.get(position..position + 2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => return Err("the file ends before the image does"),
        };
        if length < 2 {
            return Err("a segment has an impossible length");
        }
        let end = position + length;
        let Some(segment) = bytes.get(position + 2..end) else {
            return Err("the file ends before the image does");
        };
        match marker {
            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if frame.is_some() {
                    return Err("more than one frame header");
                }
                let [_, h1, h0, w1, w0, ..] = *segment else {
                    return Err("the frame header is too short");
                };
                let (height, width) = (
                    u32::from(u16::from_be_bytes([h1, h0])),
                    u32::from(u16::from_be_bytes([w1, w0])),
                );
                if width == 0 || height == 0 {
                    // Height 0 defers to a DNL marker, which no camera or browser writes.
                    return Err("the frame header declares no size");
                }
                frame = Some((width, height));
            }
            0xE1 if orientation.is_none() => {
                if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                    orientation = super::exif::orientation(tiff);
                }
            }
            0xDA => {
                if frame.is_none() {
                    return Err("image data comes before the frame header");
                }
                scanned = true;
                position = end
                    + entropy_coded_length(&bytes[end..])
                        .ok_or("the file ends before the image does")?;
                continue;
            }
            _ => {}
        }
        position = end;
    }
}

/// The length of a scan's entropy-coded data: up to the first marker that is neither a
/// stuffed zero (`FF 00`) nor a restart marker (`FF D0`–`FF D7`); `None` if the data runs
/// to the end of the file.
fn entropy_coded_length(data: &[u8]) -> Option<usize> {
    let mut offset = 0;
    loop {
        offset += data.get(offset..)?.iter().position(|&b| b == 0xFF)?;
        match data.get(offset + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => offset += 1,
            _ => return Some(offset),
        }
    }
}
