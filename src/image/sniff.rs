//! Telling a file's real format from its first bytes, never from its name or MIME type: a
//! HEIC photo renamed `.jpg` is still HEIC, and the provider will refuse it.
//!
//! A table of signatures read by a short loop, as image-rs does in
//! `src/io/free_functions.rs`; SVG, which is text, is recognised by its root element.

use super::ImageFormat;

/// `(offset, signature, format)`: the file is `format` when `signature` appears at `offset`.
///
/// Sources: the formats' specifications (JPEG ITU T.81 SOI; PNG ISO 15948 §5.2; GIF89a;
/// RIFF/WebP; ISO BMFF `ftyp` brands from ISO/IEC 23008-12 (HEIF/HEIC) and AV1-ISOBMFF
/// (AVIF); TIFF 6.0; ISO 32000 (PDF); RFC 1952 (gzip, as SVGZ arrives)).
const SIGNATURES: &[(usize, &[u8], ImageFormat)] = &[
    (0, b"\xFF\xD8\xFF", ImageFormat::Jpeg),
    (0, b"\x89PNG\r\n\x1A\n", ImageFormat::Png),
    (0, b"GIF87a", ImageFormat::Gif),
    (0, b"GIF89a", ImageFormat::Gif),
    (8, b"WEBP", ImageFormat::Webp),
    (0, b"BM", ImageFormat::Bmp),
    (0, b"II*\0", ImageFormat::Tiff),
    (0, b"MM\0*", ImageFormat::Tiff),
    (0, b"%PDF-", ImageFormat::Pdf),
    (0, b"\x1F\x8B", ImageFormat::Svgz),
    (0, b"\xFF\x0A", ImageFormat::JpegXl),
    (0, b"\0\0\0\x0CJXL \r\n\x87\n", ImageFormat::JpegXl),
];

/// ISO BMFF brands (the `ftyp` box's major brand at offset 8) that name HEIF images.
const HEIF_BRANDS: &[(&[u8; 4], ImageFormat)] = &[
    (b"avif", ImageFormat::Avif),
    (b"avis", ImageFormat::Avif),
    (b"heic", ImageFormat::Heic),
    (b"heix", ImageFormat::Heic),
    (b"heim", ImageFormat::Heic),
    (b"heis", ImageFormat::Heic),
    (b"hevc", ImageFormat::Heic),
    (b"hevx", ImageFormat::Heic),
    (b"mif1", ImageFormat::Heic),
    (b"msf1", ImageFormat::Heic),
];

/// The format of `bytes`, or [`ImageFormat::Unknown`].
pub(crate) fn sniff(bytes: &[u8]) -> ImageFormat {
    for (offset, signature, format) in SIGNATURES {
        if bytes.get(*offset..offset + signature.len()) == Some(signature) {
            // WebP shares RIFF with WAV and AVI: the container must say RIFF too.
            if *format != ImageFormat::Webp || bytes.starts_with(b"RIFF") {
                return *format;
            }
        }
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        if let Some(brand) = bytes.get(8..12) {
            // A `mif1` major brand with an `avif` compatible brand is AVIF, not HEIC.
            let compatible = bytes.get(16..bytes.len().min(64)).unwrap_or_default();
            if brand == b"mif1" && compatible.windows(4).any(|w| w == b"avif") {
                return ImageFormat::Avif;
            }
            if let Some((_, format)) = HEIF_BRANDS.iter().find(|(b, _)| *b == brand) {
                return *format;
            }
        }
    }
    if looks_like_svg(bytes) {
        return ImageFormat::Svg;
    }
    ImageFormat::Unknown
}

/// True when the text, after an optional BOM, whitespace, XML declaration, comments and
/// doctype, opens an `<svg` element. The SVG reader then decides whether it is safe.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = trim_start(rest);
        if rest.starts_with(b"<svg") {
            return true;
        }
        let skip = if rest.starts_with(b"<?") {
            find(rest, b"?>").map(|end| end + 2)
        } else if rest.starts_with(b"<!--") {
            find(rest, b"-->").map(|end| end + 3)
        } else if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!doctype") {
            // A doctype may hold an internal subset in brackets; the SVG reader refuses
            // DTDs anyway, so here it is enough to see that an <svg> root follows.
            return find(rest, b"<svg").is_some();
        } else {
            None
        };
        match skip {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_brands() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), ImageFormat::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1A\nrest"), ImageFormat::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), ImageFormat::Webp);
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), ImageFormat::Unknown);
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            ImageFormat::Heic
        );
        assert_eq!(
            sniff(b"\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf"),
            ImageFormat::Avif
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x --><svg/>"),
            ImageFormat::Svg
        );
        assert_eq!(sniff(b"<html><svg/></html>"), ImageFormat::Unknown);
        assert_eq!(sniff(b""), ImageFormat::Unknown);
    }
}
