//! Removing privacy metadata without touching the encoded picture.
//!
//! A phone's JPEG carries the GPS position, the camera's make, model and serial number and
//! the time in EXIF (APP1), an XMP packet (APP1), IPTC (APP13), comments (COM) and, after the
//! end of the image, further pictures (depth maps, gain maps) indexed by an MPF segment
//! (APP2). A PNG carries the same in eXIf and text chunks. This copies everything else byte
//! for byte, so the picture and its colours are exactly the input's.

/// The JPEG with only what decoding and colour need: JFIF (APP0), ICC profiles (APP2
/// `ICC_PROFILE`), Adobe's colour transform (APP14), the tables, frame and scans; nothing
/// after EOI. `None` when the segments cannot be followed (the caller then re-encodes; the
/// structure walk has already refused damaged files).
pub(crate) fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2)?);
    let mut position = 2;
    loop {
        if *bytes.get(position)? != 0xFF {
            return None;
        }
        while bytes.get(position + 1) == Some(&0xFF) {
            position += 1;
        }
        let marker = *bytes.get(position + 1)?;
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Some(out);
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(position + 2)?,
            *bytes.get(position + 3)?,
        ]));
        let end = position.checked_add(2 + length)?;
        let segment = bytes.get(position..end)?;
        let body = segment.get(4..)?;
        let keep = match marker {
            0xE0 => body.starts_with(b"JFIF\0"),
            0xE2 => body.starts_with(b"ICC_PROFILE\0"),
            0xEE => body.starts_with(b"Adobe"),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        position = end;
        if marker == 0xDA {
            // The entropy-coded data runs to the next marker that is not a stuffed zero or
            // a restart marker.
            let mut at = position;
            loop {
                let next = at + memchr::memchr(0xFF, bytes.get(at..)?)?;
                match *bytes.get(next + 1)? {
                    0x00 | 0xD0..=0xD7 | 0xFF => at = next + 1,
                    _ => {
                        out.extend_from_slice(&bytes[position..next]);
                        position = next;
                        break;
                    }
                }
            }
        }
    }
}

/// The PNG without eXIf, tEXt, zTXt, iTXt and tIME chunks. `None` when the chunks cannot
/// be followed.
pub(crate) fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..8)?);
    let mut position = 8;
    loop {
        let head = bytes.get(position..position + 8)?;
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = position.checked_add(12)?.checked_add(length)?;
        let chunk = bytes.get(position..end)?;
        let kind = &head[4..8];
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        position = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn jpeg_keeps_the_picture_and_drops_the_rest() {
        let jfif = segment(0xE0, b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0");
        let exif = segment(0xE1, b"Exif\0\0MM\0*GPS");
        let xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>");
        let icc = segment(0xE2, b"ICC_PROFILE\0\x01\x01data");
        let mpf = segment(0xE2, b"MPF\0index");
        let comment = segment(0xFE, b"Galaxy S24, serial 1234");
        let tables = segment(0xDB, &[0; 65]);
        let scan = segment(0xDA, &[1, 1, 0, 0, 63, 0]);
        // Entropy-coded data with a stuffed zero and a restart marker inside.
        let data = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        let mut file = vec![0xFF, 0xD8];
        for part in [&jfif, &exif, &xmp, &icc, &mpf, &comment, &tables, &scan] {
            file.extend_from_slice(part);
        }
        file.extend_from_slice(&data);
        file.extend_from_slice(&[0xFF, 0xD9]);
        file.extend_from_slice(b"\xFF\xD8 a second picture with its own EXIF");

        let mut expected = vec![0xFF, 0xD8];
        for part in [&jfif, &icc, &tables, &scan] {
            expected.extend_from_slice(part);
        }
        expected.extend_from_slice(&data);
        expected.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(jpeg(&file), Some(expected));
        assert_eq!(jpeg(&file[..file.len() - 60]), None, "cut inside the scan");
    }

    #[test]
    fn png_drops_text_and_exif_chunks() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&crc32fast::hash(&out[4..]).to_be_bytes());
            out
        };
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let text = chunk(b"tEXt", b"Author\0someone");
        let exif = chunk(b"eXIf", b"MM\0*");
        let idat = chunk(b"IDAT", &[0x78, 0x01, 0x63, 0x60, 0, 0, 0, 2, 0, 1]);
        let iend = chunk(b"IEND", b"");
        let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
        for part in [&ihdr, &text, &exif, &idat, &iend] {
            file.extend_from_slice(part);
        }
        let mut expected = b"\x89PNG\r\n\x1a\n".to_vec();
        for part in [&ihdr, &idat, &iend] {
            expected.extend_from_slice(part);
        }
        assert_eq!(png(&file), Some(expected));
    }
}
