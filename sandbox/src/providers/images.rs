//! Photos as the sandbox judges them: the format from the file's first bytes, the size in
//! pixels from the format's own header (a JPEG's SOF segment, a PNG's IHDR chunk, an SVG's
//! `width`/`height`), and the length in bytes. Nothing is decoded: a provider page states
//! formats, byte bounds and pixel bounds, and those are what is checked.
//!
//! Written from the pages, not from the library: a [`Rule`] per photo field, each citing
//! its page in the provider's file. Where a page is vague the rule is the lenient reading
//! (the library is the strict one), so that anything the library lets through is judged
//! here on what the page says, not on the library's reading of it:
//! - "100KB" is 100,000 bytes and "4MB" 4 MiB (4,194,304 bytes), the looser reading on
//!   each side ([`KB`], [`MB`]);
//! - "Min Pixel: 480px x 640px" holds in either orientation: the shorter side at least
//!   the smaller number, the longer side at least the larger;
//! - an SVG whose `<svg>` element gives no size in pixels (no `width`/`height` or
//!   `viewBox`, or other units) cannot be measured, and is not refused for its pixels;
//! - a page that names no format takes any format in [`ANY_IMAGE`].

/// What the sandbox recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (its 8-byte signature).
    Png,
    /// GIF (`GIF87a` or `GIF89a`).
    Gif,
    /// WebP (`RIFF` … `WEBP`).
    WebP,
    /// BMP (`BM`).
    Bmp,
    /// HEIC/HEIF (an ISO-BMFF `ftyp` box of brand `heic`, `heix` or `mif1`).
    Heic,
    /// SVG (XML text whose root is `<svg`).
    Svg,
}

impl Format {
    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Bmp => "BMP",
            Format::Heic => "HEIC",
            Format::Svg => "SVG",
        }
    }
}

/// Every format the sandbox recognises: the reading of a page that names none.
pub const ANY_IMAGE: &[Format] = &[
    Format::Jpeg,
    Format::Png,
    Format::Gif,
    Format::WebP,
    Format::Bmp,
    Format::Heic,
    Format::Svg,
];

/// Bytes at an offset.
type Magic = (usize, &'static [u8]);

/// The binary formats' signatures: every `(offset, bytes)` of an entry must match.
const SIGNATURES: &[(&[Magic], Format)] = &[
    (&[(0, b"\xFF\xD8\xFF")], Format::Jpeg),
    (&[(0, b"\x89PNG\r\n\x1a\n")], Format::Png),
    (&[(0, b"GIF87a")], Format::Gif),
    (&[(0, b"GIF89a")], Format::Gif),
    (&[(0, b"RIFF"), (8, b"WEBP")], Format::WebP),
    (&[(0, b"BM")], Format::Bmp),
    (&[(4, b"ftypheic")], Format::Heic),
    (&[(4, b"ftypheix")], Format::Heic),
    (&[(4, b"ftypmif1")], Format::Heic),
];

/// "100KB", read as 100,000 bytes (the looser of 100,000 and 102,400 for a minimum).
pub const KB: usize = 1000;
/// "4MB", read as 4 × 1,048,576 bytes (the looser of 10^6 and 2^20 for a maximum).
pub const MB: usize = 1024 * 1024;

/// What one photo field accepts.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The formats.
    pub formats: &'static [Format],
    /// The fewest bytes, if bounded.
    pub min_bytes: Option<usize>,
    /// The most bytes, if bounded.
    pub max_bytes: Option<usize>,
    /// The smallest (shorter side, longer side) in pixels, if bounded.
    pub min_pixels: Option<(u32, u32)>,
}

impl Rule {
    /// Any format in `formats`, no bounds.
    pub const fn formats(formats: &'static [Format]) -> Rule {
        Rule {
            formats,
            min_bytes: None,
            max_bytes: None,
            min_pixels: None,
        }
    }

    /// Checks the photo's bytes.
    ///
    /// # Errors
    ///
    /// The first thing wrong, in English.
    pub fn check(&self, bytes: &[u8]) -> Result<(), String> {
        let names = || {
            self.formats
                .iter()
                .map(|format| format.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let format = sniff(bytes)
            .filter(|format| self.formats.contains(format))
            .ok_or_else(|| format!("must be one of {}", names()))?;
        if let Some(min) = self.min_bytes.filter(|min| bytes.len() < *min) {
            return Err(format!("is {} bytes, under {min}", bytes.len()));
        }
        if let Some(max) = self.max_bytes.filter(|max| bytes.len() > *max) {
            return Err(format!("is {} bytes, over {max}", bytes.len()));
        }
        if let Some((short, long)) = self.min_pixels {
            let measured =
                match format {
                    Format::Svg => svg_dimensions(bytes),
                    _ => Some(dimensions(bytes, format).ok_or_else(|| {
                        format!("is not a {} whose size can be read", format.name())
                    })?),
                };
            if let Some((width, height)) = measured {
                if width.min(height) < short || width.max(height) < long {
                    return Err(format!("is {width}x{height} px, under {short}x{long} px"));
                }
            }
        }
        Ok(())
    }
}

/// The format `bytes` start with.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    SIGNATURES
        .iter()
        .find(|(parts, _)| {
            parts
                .iter()
                .all(|(offset, magic)| bytes.get(*offset..offset + magic.len()) == Some(*magic))
        })
        .map(|(_, format)| *format)
        .or_else(|| is_svg(bytes).then_some(Format::Svg))
}

/// XML text (a UTF-8 byte-order mark and spaces allowed first) with an `<svg` element.
fn is_svg(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|start| bytes[start] == b'<') && svg_tag(bytes).is_some()
}

/// The attributes of the first `<svg …>` start tag.
fn svg_tag(bytes: &[u8]) -> Option<&str> {
    let at = bytes.windows(4).position(|w| w == b"<svg")?;
    let rest = &bytes[at + 4..];
    if !rest
        .first()
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
    {
        return None;
    }
    let end = rest.iter().position(|b| *b == b'>')?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// Width and height of a JPEG (from its first SOF segment) or a PNG (from its IHDR).
pub fn dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    match format {
        Format::Png => {
            // The signature, then the IHDR chunk: length, "IHDR", width, height.
            if bytes.get(12..16) != Some(b"IHDR") {
                return None;
            }
            let word = |at: usize| -> Option<u32> {
                Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
            };
            Some((word(16)?, word(20)?))
        }
        Format::Jpeg => jpeg_dimensions(bytes),
        Format::Svg => svg_dimensions(bytes),
        _ => None,
    }
}

fn jpeg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let word = |at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
    };
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        // Fill bytes: any number of 0xFF before a marker.
        while *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Standalone markers: TEM and RSTn.
            0x01 | 0xD0..=0xD7 => at += 2,
            // The scan or the end came before any frame header.
            0xD9 | 0xDA => return None,
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = word(at + 5)?;
                let width = word(at + 7)?;
                return Some((u32::from(width), u32::from(height)));
            }
            _ => {
                let length = usize::from(word(at + 2)?);
                if length < 2 {
                    return None;
                }
                at += 2 + length;
            }
        }
    }
}

/// The `<svg>` element's size in pixels: `width` and `height` (unitless or `px`), else
/// its `viewBox`'s; `None` when neither gives one.
pub fn svg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let tag = svg_tag(bytes)?;
    let pixels = |value: &str| -> Option<u32> {
        let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
        let number: f64 = number.trim().parse().ok()?;
        (number.is_finite() && number >= 0.0).then(|| number.floor() as u32)
    };
    let size = attribute(tag, "width")
        .and_then(pixels)
        .zip(attribute(tag, "height").and_then(pixels));
    size.or_else(|| {
        let view_box = attribute(tag, "viewBox")?;
        let numbers: Vec<&str> = view_box
            .split(|c: char| c.is_ascii_whitespace() || c == ',')
            .filter(|part| !part.is_empty())
            .collect();
        match numbers.as_slice() {
            [_, _, width, height] => Some((pixels(width)?, pixels(height)?)),
            _ => None,
        }
    })
}

/// The value of attribute `name` in a start tag's attribute text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes
    }

    #[test]
    fn sniffs_each_signature() {
        let cases: [(&[u8], Option<Format>); 10] = [
            (b"\xFF\xD8\xFF\xE0", Some(Format::Jpeg)),
            (b"\x89PNG\r\n\x1a\n", Some(Format::Png)),
            (b"GIF89a", Some(Format::Gif)),
            (b"RIFF\0\0\0\0WEBPVP8 ", Some(Format::WebP)),
            (b"BM", Some(Format::Bmp)),
            (b"\0\0\0\x18ftypheic", Some(Format::Heic)),
            (
                b"\xEF\xBB\xBF <?xml version='1.0'?><svg width='1'/>",
                Some(Format::Svg),
            ),
            (b"<svgfoo>", None),
            (b"not a photo", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn reads_sizes_from_headers() {
        assert_eq!(dimensions(&png(480, 640), Format::Png), Some((480, 640)));
        // SOI, an APP0 of 4 bytes, fill bytes, then SOF2: length, precision, height, width.
        let jpeg = b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xFF\xC2\x00\x11\x08\x01\x68\x01\xE0";
        assert_eq!(dimensions(jpeg, Format::Jpeg), Some((480, 360)));
        assert_eq!(dimensions(b"\xFF\xD8\xFF\xDA", Format::Jpeg), None);
        assert_eq!(dimensions(b"\xFF\xD8\xFF\xC4\x00\x00", Format::Jpeg), None);
        let svg = |tag: &str| svg_dimensions(tag.as_bytes());
        assert_eq!(svg("<svg width=\"480px\" height='640'>"), Some((480, 640)));
        assert_eq!(
            svg("<svg stroke-width='9' viewBox='0 0 500 700'>"),
            Some((500, 700))
        );
        assert_eq!(svg("<svg width='50%' height='50%'>"), None);
        assert_eq!(svg("<svg>"), None);
    }

    #[test]
    fn a_rule_checks_format_bytes_and_pixels_in_either_orientation() {
        let rule = Rule {
            formats: &[Format::Png, Format::Svg],
            min_bytes: Some(24),
            max_bytes: Some(64),
            min_pixels: Some((480, 640)),
        };
        assert_eq!(rule.check(&png(480, 640)), Ok(()));
        assert_eq!(rule.check(&png(640, 480)), Ok(()));
        assert!(rule.check(&png(479, 640)).is_err());
        assert!(rule.check(&png(480, 639)).is_err());
        assert!(rule.check(&png(480, 640)[..23]).is_err());
        let mut long = png(480, 640);
        long.resize(65, 0);
        assert!(rule.check(&long).is_err());
        assert!(rule.check(b"GIF89a and then some more bytes").is_err());
        // An SVG without a size in pixels is not refused for it.
        assert_eq!(
            rule.check(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Ok(())
        );
        assert!(rule
            .check(b"<svg width='10' height='10'/>           ")
            .is_err());
    }
}
