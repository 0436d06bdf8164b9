//! Reading an SVG safely: parsed by `roxmltree`, which never fetches anything and, with
//! `allow_dtd: false`, refuses a DTD (and so every custom entity) instead of expanding it.
//! Then every element and attribute is checked for what could run code or reach outside
//! the file, and the intrinsic size is derived from `width`/`height` or `viewBox`.

/// Why an SVG was refused as unsafe; `as_str` is the `reason` parameter of
/// `image.unsafe_svg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unsafe {
    /// A DOCTYPE: the door to entity expansion ("billion laughs") and external entities.
    Dtd,
    /// A reference to an entity no DTD may define here.
    Entity,
    /// A `<script>` element.
    Script,
    /// An `on…` event-handler attribute.
    EventHandler,
    /// A `javascript:` URL in any attribute.
    JavascriptUrl,
    /// A `<foreignObject>` (HTML inside the SVG), or `<iframe>`, `<object>`, `<embed>`.
    ForeignContent,
    /// A link, stylesheet or image outside the file.
    ExternalReference,
}

impl Unsafe {
    /// A short English description for the `reason` parameter.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Unsafe::Dtd => "dtd",
            Unsafe::Entity => "entity",
            Unsafe::Script => "script",
            Unsafe::EventHandler => "event_handler",
            Unsafe::JavascriptUrl => "javascript_url",
            Unsafe::ForeignContent => "foreign_content",
            Unsafe::ExternalReference => "external_reference",
        }
    }
}

/// What can be wrong with an SVG file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SvgError {
    /// Not well-formed XML, not UTF-8, or not an `<svg>` document.
    Corrupt(&'static str),
    /// Well-formed, but carrying something a KYC photo never needs and an attacker might.
    Unsafe(Unsafe),
}

/// The SVG's size in CSS pixels, when it declares one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SvgSize {
    pub width: f64,
    pub height: f64,
}

/// More elements than any photo-like SVG has; bounds the parser's memory.
const NODES_LIMIT: u32 = 200_000;

/// Reads `bytes` as an SVG: its intrinsic size (`None` when it has none), or why not.
pub(crate) fn read(bytes: &[u8]) -> Result<Option<SvgSize>, SvgError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| SvgError::Corrupt("the text is not UTF-8"))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..Default::default()
    };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
            roxmltree::Error::DtdDetected => SvgError::Unsafe(Unsafe::Dtd),
            roxmltree::Error::UnknownEntityReference(..)
            | roxmltree::Error::EntityReferenceLoop(..) => SvgError::Unsafe(Unsafe::Entity),
            _ => SvgError::Corrupt("the SVG is not well-formed XML"),
        })?;
    let root = document.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("svg") {
        return Err(SvgError::Corrupt("the root element is not <svg>"));
    }
    for node in document.descendants() {
        if node.is_pi() {
            // <?xml-stylesheet href="…"?> loads an external stylesheet.
            return Err(SvgError::Unsafe(Unsafe::ExternalReference));
        }
        if !node.is_element() {
            continue;
        }
        check_element(node)?;
    }
    Ok(size(root))
}

fn check_element(node: roxmltree::Node) -> Result<(), SvgError> {
    let name = node.tag_name().name().to_ascii_lowercase();
    match name.as_str() {
        "script" => return Err(SvgError::Unsafe(Unsafe::Script)),
        "foreignobject" | "iframe" | "object" | "embed" => {
            return Err(SvgError::Unsafe(Unsafe::ForeignContent))
        }
        "style" => {
            let css: String = node.descendants().filter_map(|n| n.text()).collect();
            check_css(&css)?;
        }
        _ => {}
    }
    for attribute in node.attributes() {
        let name = attribute.name().to_ascii_lowercase();
        let value = attribute.value();
        if name.starts_with("on") {
            return Err(SvgError::Unsafe(Unsafe::EventHandler));
        }
        // Browsers ignore whitespace and control characters inside a URL scheme.
        let squeezed: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
            return Err(SvgError::Unsafe(Unsafe::JavascriptUrl));
        }
        if matches!(name.as_str(), "href" | "src") && !is_local_url(&squeezed) {
            return Err(SvgError::Unsafe(Unsafe::ExternalReference));
        }
        if name == "style" {
            check_css(value)?;
        }
    }
    Ok(())
}

/// Only fragment references (`#id`) and embedded raster data stay inside the file.
fn is_local_url(url: &str) -> bool {
    url.starts_with('#')
        || [
            "data:image/png",
            "data:image/jpeg",
            "data:image/jpg",
            "data:image/gif",
        ]
        .iter()
        .any(|prefix| url.starts_with(prefix))
}

fn check_css(css: &str) -> Result<(), SvgError> {
    let css = css.to_ascii_lowercase();
    if css.contains("@import") {
        return Err(SvgError::Unsafe(Unsafe::ExternalReference));
    }
    let mut rest = css.as_str();
    while let Some(start) = rest.find("url(") {
        let inside = rest[start + 4..].trim_start_matches([' ', '"', '\'']);
        if !is_local_url(inside) {
            return Err(SvgError::Unsafe(Unsafe::ExternalReference));
        }
        rest = &rest[start + 4..];
    }
    if css.contains("javascript:") || css.contains("expression(") {
        return Err(SvgError::Unsafe(Unsafe::JavascriptUrl));
    }
    Ok(())
}

/// The size the SVG renders at as an image: `width` and `height` in absolute units, the
/// missing one derived from the `viewBox`'s aspect ratio, or the `viewBox` itself.
fn size(root: roxmltree::Node) -> Option<SvgSize> {
    let view_box = root.attribute("viewBox").and_then(|text| {
        let numbers: Vec<f64> = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match numbers[..] {
            [_, _, width, height] if width > 0.0 && height > 0.0 => Some((width, height)),
            _ => None,
        }
    });
    let width = root.attribute("width").and_then(length_in_px);
    let height = root.attribute("height").and_then(length_in_px);
    let (width, height) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some((vw, vh))) => (vw, vh),
        _ => return None,
    };
    (width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0)
        .then_some(SvgSize { width, height })
}

/// An SVG length in CSS pixels (96 per inch); `None` for relative units (%, em, ex), which
/// give no intrinsic size.
fn length_in_px(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let per_unit = match unit.trim() {
        "" | "px" => 1.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        _ => return None,
    };
    Some(number * per_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> Result<Option<SvgSize>, SvgError> {
        read(body.as_bytes())
    }

    #[test]
    fn sizes_from_units_and_view_box() {
        let size = svg(r#"<svg xmlns="http://www.w3.org/2000/svg" width="5in" height="10cm"/>"#)
            .unwrap()
            .unwrap();
        assert_eq!(size.width, 480.0);
        assert!((size.height - 377.95).abs() < 0.01);
        let size = svg(r#"<svg width="480" viewBox="0 0 3 4"/>"#)
            .unwrap()
            .unwrap();
        assert_eq!((size.width, size.height), (480.0, 640.0));
        assert_eq!(svg(r#"<svg width="100%" height="100%"/>"#).unwrap(), None);
    }

    #[test]
    fn refuses_each_unsafe_kind() {
        for (body, expected) in [
            ("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>&a;</svg>", Unsafe::Dtd),
            ("<svg>&a;</svg>", Unsafe::Entity),
            ("<svg><script>alert(1)</script></svg>", Unsafe::Script),
            ("<svg onload=\"alert(1)\"/>", Unsafe::EventHandler),
            ("<svg><a href=\" java\tscript:alert(1)\"/></svg>", Unsafe::JavascriptUrl),
            ("<svg><foreignObject/></svg>", Unsafe::ForeignContent),
            ("<svg xmlns:x=\"http://www.w3.org/1999/xlink\"><image x:href=\"https://e.test/a.png\"/></svg>", Unsafe::ExternalReference),
            ("<svg><style>@import url(https://e.test/a.css);</style></svg>", Unsafe::ExternalReference),
            ("<?xml-stylesheet href=\"a.css\"?><svg/>", Unsafe::ExternalReference),
        ] {
            assert_eq!(svg(body), Err(SvgError::Unsafe(expected)), "{body}");
        }
        assert!(svg("<svg><use href=\"#a\"/><rect style=\"fill:url(#g)\"/></svg>").is_ok());
    }
}
