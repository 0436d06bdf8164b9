//! Bounds on the markup, checked in one linear pass before the XML parser runs, because
//! two of roxmltree's costs grow faster than the file:
//!
//! - each attribute is compared with every earlier attribute of its element (to refuse
//!   duplicates), so one element with 150,000 attributes (1.5 MB) took 55 s;
//! - an element that declares a namespace gets its own copy of every namespace in
//!   scope, and each new (prefix, URI) pair is inserted into a sorted list, so 65,000
//!   declarations took 17 s on one element and exhaust memory when nested.
//!
//! The pass reads only what XML allows between `<` and `>`: comments, CDATA sections,
//! processing instructions, end tags, and start tags with quoted attribute values. A
//! document type declaration stops it (the parser refuses every DTD before reaching any
//! element), and so does the end of the text; anything else it cannot read is not
//! well-formed XML, which the parser would refuse too.

/// More attributes on one element than any editor writes (Inkscape's `<sodipodi:namedview>`
/// has about 20).
const ATTRIBUTES_PER_ELEMENT: usize = 256;

/// All attributes in the file: a 10 MB drawing of 100,000 shapes has about 300,000.
const ATTRIBUTES: usize = 500_000;

/// The parser's duplicate checks, `k (k - 1) / 2` for an element with `k` attributes,
/// summed over the file.
const ATTRIBUTE_PAIRS: usize = 2_000_000;

/// Distinct namespace declarations (prefix and URI): Inkscape writes 8, Illustrator 14.
const NAMESPACES: usize = 32;

/// Why the markup is refused, as the `reason` of `image.corrupt`.
pub(super) const TOO_MANY_ATTRIBUTES: &str = "the SVG has more attributes than any photo";
pub(super) const TOO_MANY_NAMESPACES: &str = "the SVG declares more namespaces than any photo";
pub(super) const NOT_WELL_FORMED: &str = "the SVG is not well-formed XML";

/// Checks the bounds above; `Err` holds the reason.
pub(super) fn check(text: &str) -> Result<(), &'static str> {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        bytes,
        at: 0,
        attributes: 0,
        pairs: 0,
        namespaces: Vec::new(),
    };
    while let Some(open) = memchr::memchr(b'<', &bytes[scan.at..]) {
        scan.at += open;
        let rest = &bytes[scan.at..];
        let skip_past = |end: &[u8]| memchr::memmem::find(rest, end).map(|start| start + end.len());
        let skipped = if rest.starts_with(b"<!--") {
            skip_past(b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_past(b"]]>")
        } else if rest.starts_with(b"<?") {
            skip_past(b"?>")
        } else if rest.starts_with(b"<!DOCTYPE") {
            return Ok(());
        } else if rest.starts_with(b"<!") {
            return Err(NOT_WELL_FORMED);
        } else if rest.starts_with(b"</") {
            memchr::memchr(b'>', rest).map(|end| end + 1)
        } else {
            scan.at += 1;
            match scan.start_tag()? {
                Some(()) => continue,
                None => return Ok(()),
            }
        };
        match skipped {
            Some(length) => scan.at += length,
            // Unterminated: the parser stops there.
            None => return Ok(()),
        }
    }
    Ok(())
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    attributes: usize,
    pairs: usize,
    namespaces: Vec<(&'a [u8], &'a [u8])>,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Scan<'a> {
    fn skip_spaces(&mut self) {
        while self.bytes.get(self.at).copied().is_some_and(is_space) {
            self.at += 1;
        }
    }

    fn name(&mut self) -> &'a [u8] {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'=' | b'/' | b'>' | b'<'))
        {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// A start tag after its `<`; `Ok(None)` when the text ends inside it.
    fn start_tag(&mut self) -> Result<Option<()>, &'static str> {
        if self.name().is_empty() {
            return Err(NOT_WELL_FORMED);
        }
        let mut count = 0;
        loop {
            self.skip_spaces();
            match self.bytes.get(self.at) {
                None => return Ok(None),
                Some(b'>') => {
                    self.at += 1;
                    break;
                }
                Some(b'/') => match self.bytes.get(self.at + 1) {
                    None => return Ok(None),
                    Some(b'>') => {
                        self.at += 2;
                        break;
                    }
                    Some(_) => return Err(NOT_WELL_FORMED),
                },
                Some(_) => {}
            }
            let name = self.name();
            self.skip_spaces();
            if name.is_empty() || self.bytes.get(self.at) != Some(&b'=') {
                return Err(NOT_WELL_FORMED);
            }
            self.at += 1;
            self.skip_spaces();
            let Some(&quote @ (b'"' | b'\'')) = self.bytes.get(self.at) else {
                return Err(NOT_WELL_FORMED);
            };
            self.at += 1;
            let Some(length) = memchr::memchr(quote, &self.bytes[self.at..]) else {
                return Ok(None);
            };
            let value = &self.bytes[self.at..self.at + length];
            self.at += length + 1;
            count += 1;
            if count > ATTRIBUTES_PER_ELEMENT {
                return Err(TOO_MANY_ATTRIBUTES);
            }
            if name == b"xmlns" || name.starts_with(b"xmlns:") {
                let prefix = &name[name.len().min(6)..];
                if !self.namespaces.contains(&(prefix, value)) {
                    if self.namespaces.len() == NAMESPACES {
                        return Err(TOO_MANY_NAMESPACES);
                    }
                    self.namespaces.push((prefix, value));
                }
            }
        }
        self.attributes += count;
        self.pairs += count * count.saturating_sub(1) / 2;
        if self.attributes > ATTRIBUTES || self.pairs > ATTRIBUTE_PAIRS {
            return Err(TOO_MANY_ATTRIBUTES);
        }
        Ok(Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_passes() {
        let text = "<?xml version=\"1.0\"?><!-- <a b c> --><svg xmlns=\"http://www.w3.org/2000/svg\" \
                    xmlns:x='http://www.w3.org/1999/xlink' width = \"1\"><style><![CDATA[ a>b{} ]]></style>\
                    <g a=\"x > y\"/></svg>";
        assert_eq!(check(text), Ok(()));
    }

    #[test]
    fn bounds_are_enforced() {
        let attributes: String = (0..=ATTRIBUTES_PER_ELEMENT)
            .map(|i| format!(" a{i}=\"\""))
            .collect();
        assert_eq!(
            check(&format!("<svg{attributes}/>")),
            Err(TOO_MANY_ATTRIBUTES)
        );
        let namespaces: String = (0..=NAMESPACES)
            .map(|i| format!("<g xmlns:p{i}=\"u\">"))
            .collect();
        assert_eq!(
            check(&format!("<svg>{namespaces}")),
            Err(TOO_MANY_NAMESPACES)
        );
        // The same declaration on every element is one namespace.
        let repeated = "<g xmlns=\"http://www.w3.org/2000/svg\"/>".repeat(1000);
        assert_eq!(check(&format!("<svg>{repeated}</svg>")), Ok(()));
    }

    #[test]
    fn what_is_not_xml_is_refused_and_a_doctype_left_to_the_parser() {
        assert_eq!(check("<svg a></svg>"), Err(NOT_WELL_FORMED));
        assert_eq!(check("<svg a=b></svg>"), Err(NOT_WELL_FORMED));
        assert_eq!(check("<svg>< g/></svg>"), Err(NOT_WELL_FORMED));
        assert_eq!(
            check("<!DOCTYPE svg [<!ENTITY a \"<b c>\">]><svg/>"),
            Ok(())
        );
        assert_eq!(check("<svg a=\"unterminated"), Ok(()));
    }
}
