//! Reading an SVG safely, so that rendering an accepted file (as an `<img>`, an `<object>`,
//! or a page of its own) runs nothing and fetches nothing.
//!
//! 1. The markup is bounded in one pass ([`markup`]), so that parsing stays linear.
//! 2. `roxmltree` parses it. It never fetches anything, and with `allow_dtd: false` it
//!    refuses a DTD (and so every custom entity) instead of expanding it.
//! 3. The root must be `<svg>` in the SVG namespace, or it is not an SVG at all.
//! 4. Every element must be on an allowlist, [`ELEMENTS`]: the SVG elements that draw,
//!    group, describe, paint, clip, mask, filter or animate. `<script>` is refused in
//!    every namespace; so is everything in the XHTML and MathML namespaces or in none
//!    (these load: `<img srcset>`, `<meta http-equiv="refresh">`, `<video poster>`, …),
//!    and every other SVG name, `<foreignObject>` included. Elements in any other
//!    namespace are editors' metadata (Inkscape, Sodipodi, RDF), which no renderer
//!    acts on, and are allowed when prefixed (`<sodipodi:namedview>`: unprefixed, an
//!    HTML parser would take `<meta xmlns="urn:x">` for a `<meta>`); their attributes
//!    are checked like all others.
//! 5. References are checked by what the renderer resolves, not by a list of
//!    attributes that take URLs: every `href`, `src`, `srcset`, `ping`, `poster`,
//!    `background` and `xml:base` is one, in any namespace; every value of every
//!    attribute and every `<style>` sheet is read as CSS ([`css`]), so every `url(…)`
//!    is one wherever it is, escapes and comments decoded first; and an animation
//!    (`<set>`, `<animate>`, …) whose `attributeName` is href-like writes one through
//!    `from`, `to`, `by` and each of `values`. A reference may only name a fragment of
//!    this file (`#id`). The one exception is the image of an `<image>` or
//!    `<feImage>`, which may also be embedded as a `data:` URL of a PNG, JPEG or GIF:
//!    a renderer decodes those as pixels and nothing else (an embedded SVG could itself
//!    load things, and is refused).
//! 6. The intrinsic size comes from `width`/`height` or the `viewBox`; a length that is
//!    negative, not finite, or in a unit whose size the file cannot fix (`em`, `vw`,
//!    `calc()`, …) is refused, and the caller bounds the pixels as for a raster.

mod css;
mod markup;

use crate::text::{digit_run, parse_f64};

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
const MATHML_NAMESPACE: &str = "http://www.w3.org/1998/Math/MathML";

/// The SVG elements an accepted file may contain, sorted for a binary search: SVG 2's
/// elements as Chromium implements them (Blink's `svg_tag_names.json5`) less `script`
/// and `foreignObject`. Names are case-sensitive, as in XML; anything else in the SVG
/// namespace (SVG 1.1 fonts and their `font-face-uri`, `cursor`, `color-profile`,
/// `tref`, HTML names such as `iframe`) is refused.
const ELEMENTS: &[&str] = &[
    "a",
    "animate",
    "animateMotion",
    "animateTransform",
    "circle",
    "clipPath",
    "defs",
    "desc",
    "discard",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "set",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Attribute names (without a namespace prefix, in any case) whose value a renderer
/// resolves as a URL: SVG's and HTML's `href` and `src`, HTML's `srcset`, `ping`,
/// `poster` and `background`, and `xml:base`, which changes what every other URL means.
const REFERENCE_ATTRIBUTES: &[&str] = &[
    "background",
    "base",
    "href",
    "ping",
    "poster",
    "src",
    "srcset",
];

/// The attributes through which an animation writes its target attribute.
const ANIMATION_VALUES: &[&str] = &["by", "from", "to", "values"];

/// The embedded images an `<image>` or `<feImage>` may show: raster formats, which a
/// renderer only decodes. (`image/jpg` is not registered, but browsers take it.)
const DATA_IMAGE_TYPES: &[&str] = &["image/gif", "image/jpeg", "image/jpg", "image/png"];

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
    /// An `on…` event-handler attribute, or an animation that writes one.
    EventHandler,
    /// A `javascript:` URL in any attribute, or script in CSS.
    JavascriptUrl,
    /// An element not on the allowlist: `<foreignObject>`, HTML or MathML elements,
    /// unknown SVG elements, or an element inside a `<style>`.
    ForeignContent,
    /// A reference to anything outside the file: a link, stylesheet, font or image.
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
    /// Not well-formed XML, not UTF-8, not an SVG document, too complex to be a photo,
    /// or a size that is not one.
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

/// More nodes (elements and text) than any photo-like SVG has; bounds the parser's
/// memory and time.
const NODES_LIMIT: u32 = 200_000;

const NOT_SVG: &str = "the root element is not <svg> in the SVG namespace";
const TOO_MANY_NODES: &str = "the SVG has more elements than any photo";
const BAD_SIZE: &str = "the SVG's width, height or viewBox is not a size";

/// Reads `bytes` as an SVG: its intrinsic size (`None` when it has none), or why not.
pub(crate) fn read(bytes: &[u8]) -> Result<Option<SvgSize>, SvgError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| SvgError::Corrupt("the text is not UTF-8"))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    markup::check(text).map_err(SvgError::Corrupt)?;
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
            roxmltree::Error::NodesLimitReached => SvgError::Corrupt(TOO_MANY_NODES),
            _ => SvgError::Corrupt(markup::NOT_WELL_FORMED),
        })?;
    let root = document.root_element();
    if root.tag_name().namespace() != Some(SVG_NAMESPACE) || root.tag_name().name() != "svg" {
        return Err(SvgError::Corrupt(NOT_SVG));
    }
    for node in document.descendants() {
        if node.is_pi() {
            // <?xml-stylesheet href="…"?> loads an external stylesheet.
            return Err(SvgError::Unsafe(Unsafe::ExternalReference));
        }
        if node.is_element() {
            check_element(node).map_err(SvgError::Unsafe)?;
        }
    }
    size(root).map_err(SvgError::Corrupt)
}

fn check_element(node: roxmltree::Node) -> Result<(), Unsafe> {
    let tag = node.tag_name();
    let name = tag.name();
    if name.eq_ignore_ascii_case("script") {
        return Err(Unsafe::Script);
    }
    let in_svg = match tag.namespace() {
        Some(SVG_NAMESPACE) if ELEMENTS.binary_search(&name).is_ok() => true,
        Some(SVG_NAMESPACE | XHTML_NAMESPACE | MATHML_NAMESPACE | "") | None => {
            return Err(Unsafe::ForeignContent)
        }
        // Unprefixed, `<meta xmlns="urn:x">` is a `<meta>` to a reader that ignores
        // namespaces, and to an HTML page the SVG is pasted into.
        namespace if node.default_namespace() == namespace => return Err(Unsafe::ForeignContent),
        Some(_) => false,
    };
    // In any namespace: a reader that ignores namespaces would apply it.
    if name.eq_ignore_ascii_case("style") {
        check_stylesheet(node)?;
    }
    let embeds_image = in_svg && matches!(name, "image" | "feImage");
    let mut writes_reference = false;
    for attribute in node.attributes() {
        check_attribute(attribute, embeds_image)?;
        if attribute.name() == "attributeName" {
            let target = attribute.value().trim();
            let local = target.rsplit(':').next().unwrap_or(target);
            if local.len() >= 2 && local.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
                return Err(Unsafe::EventHandler);
            }
            writes_reference |= is_reference_attribute(local);
        }
    }
    if writes_reference {
        for attribute in node.attributes() {
            let name = attribute.name();
            // `values` is a list; an empty item (a trailing `;`) sets nothing.
            let mut values = attribute
                .value()
                .split(';')
                .filter(|value| name != "values" || !value.trim().is_empty());
            if ANIMATION_VALUES.contains(&name)
                && !values.all(|value| is_local_reference(value, false))
            {
                return Err(Unsafe::ExternalReference);
            }
        }
    }
    Ok(())
}

/// A `<style>` sheet is the concatenation of its text children, as browsers take it
/// (an XML comment inside splits nothing: `u<!--x-->rl(` is `url(`). An element
/// inside is refused: readers disagree about whether its text belongs to the sheet.
fn check_stylesheet(node: roxmltree::Node) -> Result<(), Unsafe> {
    let mut sheet = String::new();
    for child in node.children() {
        if child.is_element() {
            return Err(Unsafe::ForeignContent);
        }
        if child.is_text() {
            sheet.push_str(child.text().unwrap_or_default());
        }
    }
    css::check(&sheet)
}

fn check_attribute(attribute: roxmltree::Attribute, embeds_image: bool) -> Result<(), Unsafe> {
    let name = attribute.name();
    let value = attribute.value();
    if name.len() >= 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
        return Err(Unsafe::EventHandler);
    }
    if names_script(value) {
        return Err(Unsafe::JavascriptUrl);
    }
    if is_reference_attribute(name) {
        let allows_data = embeds_image && name.eq_ignore_ascii_case("href");
        // `srcset` holds several URLs and `xml:base` redirects all the others.
        if matches!(name.to_ascii_lowercase().as_str(), "srcset" | "base")
            || !is_local_reference(value, allows_data)
        {
            return Err(Unsafe::ExternalReference);
        }
        // A fragment or an embedded raster image, and not CSS.
        return Ok(());
    }
    css::check(value)
}

fn is_reference_attribute(name: &str) -> bool {
    REFERENCE_ATTRIBUTES
        .iter()
        .any(|reference| reference.eq_ignore_ascii_case(name))
}

/// Whether a `javascript:` or `vbscript:` scheme appears anywhere, with whitespace and
/// control characters ignored (browsers drop them inside a URL scheme) and letters in any
/// case. Each colon is looked behind, and no look passes an earlier colon, so the whole
/// search is linear.
fn names_script(value: &str) -> bool {
    let bytes = value.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|at| {
        // Both schemes end in `t`: most colons (`fill:`) are ruled out by one byte.
        let before = at.checked_sub(1).map(|before| bytes[before]);
        if before.is_some_and(|b| b.is_ascii_graphic() && !b.eq_ignore_ascii_case(&b't')) {
            return false;
        }
        ["javascript", "vbscript"].iter().any(|scheme| {
            value[..at]
                .chars()
                .rev()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .take(scheme.len())
                .map(|c| c.to_ascii_lowercase())
                .eq(scheme.chars().rev())
        })
    })
}

/// The first position from `from` on that holds one of `bytes`.
fn find_any(text: &[u8], from: usize, [a, b, c]: [u8; 3]) -> Option<usize> {
    let rest = &text[from.min(text.len())..];
    // Most attribute values are short, and a plain loop beats the vector search's set-up.
    let offset = if rest.len() < 64 {
        rest.iter()
            .position(|&byte| byte == a || byte == b || byte == c)
    } else {
        memchr::memchr3(a, b, c, rest)
    };
    offset.map(|offset| text.len() - rest.len() + offset)
}

/// A fragment of this file (after the URL parser's trimming of spaces and control
/// characters), or, where `allows_data`, an embedded raster image.
fn is_local_reference(url: &str, allows_data: bool) -> bool {
    let url = url.trim_matches(|c: char| c <= ' ');
    url.starts_with('#') || (allows_data && is_data_image(url))
}

/// `data:` with a raster image type, read as the URL parser does: tabs and newlines
/// removed, scheme and type in any case, spaces around the type ignored.
fn is_data_image(url: &str) -> bool {
    let Some(header) = url.split(',').next().filter(|_| url.contains(',')) else {
        return false;
    };
    let header: String = header
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(media_type) = header.strip_prefix("data:") else {
        return false;
    };
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    DATA_IMAGE_TYPES.contains(&essence)
}

/// The size the SVG renders at as an image: `width` and `height` in absolute units, the
/// missing one derived from the `viewBox`'s aspect ratio, or the `viewBox` itself. A
/// side shorter than a pixel still takes a row of pixels to draw, so it counts as one.
fn size(root: roxmltree::Node) -> Result<Option<SvgSize>, &'static str> {
    let view_box = root
        .attribute("viewBox")
        .map(view_box)
        .transpose()?
        .flatten();
    let width = root
        .attribute("width")
        .map(length_in_px)
        .transpose()?
        .flatten();
    let height = root
        .attribute("height")
        .map(length_in_px)
        .transpose()?
        .flatten();
    let (width, height) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some((vw, vh))) => (vw, vh),
        _ => return Ok(None),
    };
    let at_least_one = |side: f64| if side > 0.0 { side.max(1.0) } else { side };
    Ok(Some(SvgSize {
        width: at_least_one(width),
        height: at_least_one(height),
    }))
}

/// The `viewBox`'s width and height; `None` when either is zero (nothing is drawn).
fn view_box(text: &str) -> Result<Option<(f64, f64)>, &'static str> {
    let mut numbers = [0.0; 4];
    let mut count = 0;
    for part in text
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter(|part| !part.is_empty())
    {
        let slot = numbers.get_mut(count).ok_or(BAD_SIZE)?;
        *slot = finite(part)?;
        count += 1;
    }
    let [_, _, width, height] = numbers;
    if count != 4 || width < 0.0 || height < 0.0 {
        return Err(BAD_SIZE);
    }
    Ok((width > 0.0 && height > 0.0).then_some((width, height)))
}

/// An SVG length in CSS pixels (96 per inch); `None` for a percentage or `auto`, which
/// give no intrinsic size.
fn length_in_px(text: &str) -> Result<Option<f64>, &'static str> {
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if text.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    let (number, unit) = text.split_at(number_length(text));
    let number = finite(number)?;
    if number < 0.0 {
        return Err(BAD_SIZE);
    }
    let per_unit = match unit.to_ascii_lowercase().as_str() {
        "" | "px" => 1.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "q" => 96.0 / 101.6,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "%" => return Ok(None),
        _ => return Err(BAD_SIZE),
    };
    Ok(Some(number * per_unit))
}

fn finite(text: &str) -> Result<f64, &'static str> {
    parse_f64(text)
        .filter(|number| number.is_finite())
        .ok_or(BAD_SIZE)
}

/// The length of the CSS number at the start of `text`: a sign, digits with an optional
/// fraction, and an exponent only when digits follow the `e` (so `5em` is 5 and `em`).
fn number_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    let digits = |from: usize| digit_run(bytes, from);
    let mut at = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    at += digits(at);
    if bytes.get(at) == Some(&b'.') && digits(at + 1) > 0 {
        at += 1 + digits(at + 1);
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        let exponent = digits(at + 1 + sign);
        if exponent > 0 {
            at += 1 + sign + exponent;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

    fn svg(body: &str) -> Result<Option<SvgSize>, SvgError> {
        read(body.as_bytes())
    }

    fn sized(attributes: &str) -> Result<Option<(f64, f64)>, SvgError> {
        svg(&format!("<svg {NS} {attributes}/>"))
            .map(|size| size.map(|size| (size.width, size.height)))
    }

    #[test]
    fn the_allowlist_is_sorted() {
        for list in [ELEMENTS, REFERENCE_ATTRIBUTES, DATA_IMAGE_TYPES] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }

    #[test]
    fn sizes_from_units_and_view_box() {
        let (width, height) = sized(r#"width="5in" height="10cm""#).unwrap().unwrap();
        assert_eq!(width, 480.0);
        assert!((height - 377.95).abs() < 0.01);
        assert_eq!(
            sized(r#"width="480" viewBox="0 0 3 4""#).unwrap(),
            Some((480.0, 640.0))
        );
        assert_eq!(
            sized(r#"width=" 400Q " height="10PX""#).unwrap(),
            Some((400.0 * 96.0 / 101.6, 10.0))
        );
        assert_eq!(sized(r#"width="100%" height="auto""#).unwrap(), None);
        assert_eq!(
            sized(r#"width="1e9" height="0.5""#).unwrap(),
            Some((1e9, 1.0))
        );
        assert_eq!(
            sized(r#"viewBox="0 0 1e308 1e308""#).unwrap(),
            Some((1e308, 1e308))
        );
        assert_eq!(
            sized(r#"width="100" viewBox="0 0 1e-300 1e300""#).unwrap(),
            Some((100.0, f64::INFINITY))
        );
    }

    #[test]
    fn sizes_that_are_not_sizes_are_refused() {
        for attributes in [
            r#"width="-640" height="480""#,
            r#"width="1e400" height="480""#,
            r#"width="10em" height="480""#,
            r#"width="calc(1e9px)" height="480""#,
            r#"width="50vw" height="480""#,
            r#"width="5 px" height="480""#,
            r#"viewBox="0 0 -30 40""#,
            r#"viewBox="0 0 NaN 40""#,
            r#"viewBox="0 0 inf 40""#,
            r#"viewBox="0 0 30""#,
            r#"viewBox="0 0 30 40 50""#,
        ] {
            assert_eq!(
                sized(attributes),
                Err(SvgError::Corrupt(BAD_SIZE)),
                "{attributes}"
            );
        }
    }

    #[test]
    fn only_an_svg_root_in_the_svg_namespace_is_an_svg() {
        for body in [
            "<svg width=\"10\" height=\"10\"/>",
            "<svg xmlns=\"http://www.w3.org/1999/xhtml\"/>",
            "<x:svg xmlns:x=\"http://www.w3.org/2000/svg/\"/>",
        ] {
            assert_eq!(svg(body), Err(SvgError::Corrupt(NOT_SVG)), "{body}");
        }
        assert!(svg("<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"/>").is_ok());
    }

    #[test]
    fn refuses_each_unsafe_kind() {
        let xlink = "xmlns:x=\"http://www.w3.org/1999/xlink\"";
        let html = "xmlns:h=\"http://www.w3.org/1999/xhtml\"";
        for (inner, expected) in [
            ("<script>alert(1)</script>", Unsafe::Script),
            ("<h:script/>", Unsafe::Script),
            ("<g onload=\"alert(1)\"/>", Unsafe::EventHandler),
            ("<g><set attributeName=\"onclick\" to=\"alert(1)\"/></g>", Unsafe::EventHandler),
            ("<a href=\" java\tscript:alert(1)\"/>", Unsafe::JavascriptUrl),
            ("<foreignObject/>", Unsafe::ForeignContent),
            ("<iframe/>", Unsafe::ForeignContent),
            ("<Rect/>", Unsafe::ForeignContent),
            ("<h:img/>", Unsafe::ForeignContent),
            ("<img xmlns=\"\"/>", Unsafe::ForeignContent),
            ("<meta xmlns=\"urn:x\" http-equiv=\"refresh\" content=\"0;url=https://e.test/\"/>", Unsafe::ForeignContent),
            ("<style>a{}<g/></style>", Unsafe::ForeignContent),
            ("<image x:href=\"https://e.test/a.png\"/>", Unsafe::ExternalReference),
            ("<image href=\"data:image/svg+xml,&lt;svg/>\"/>", Unsafe::ExternalReference),
            ("<use href=\"data:image/png;base64,AAAA\"/>", Unsafe::ExternalReference),
            ("<image href=\"\"/>", Unsafe::ExternalReference),
            ("<g xml:base=\"https://e.test/\"/>", Unsafe::ExternalReference),
            ("<g srcset=\"#a 1x\"/>", Unsafe::ExternalReference),
            ("<style>@import url(https://e.test/a.css);</style>", Unsafe::ExternalReference),
            ("<style>a{fill:u<!--x-->rl(https://e.test/a)}</style>", Unsafe::ExternalReference),
            ("<rect fill=\"url(https://e.test/a.svg#p)\"/>", Unsafe::ExternalReference),
            ("<rect cursor=\"u\\72 l(https://e.test/c.png), auto\"/>", Unsafe::ExternalReference),
            ("<image><set attributeName=\"href\" to=\"https://e.test/a.png\"/></image>", Unsafe::ExternalReference),
            ("<use><animate attributeName=\"x:href\" values=\"#a;https://e.test/b.svg#c\"/></use>", Unsafe::ExternalReference),
            ("<image><set attributeName=\"href\" x:attributeName=\"x\" to=\"//e.test/a.png\"/></image>", Unsafe::ExternalReference),
            ("<rect><animate attributeName=\"fill\" to=\"url(https://e.test/a.svg#p)\"/></rect>", Unsafe::ExternalReference),
        ] {
            let body = format!("<svg {NS} {xlink} {html}>{inner}</svg>");
            assert_eq!(svg(&body), Err(SvgError::Unsafe(expected)), "{inner}");
        }
        for (prologue, expected) in [
            ("<!DOCTYPE svg [<!ENTITY a \"b\">]>", Unsafe::Dtd),
            (
                "<?xml-stylesheet href=\"a.css\"?>",
                Unsafe::ExternalReference,
            ),
        ] {
            let body = format!("{prologue}<svg {NS}/>");
            assert_eq!(svg(&body), Err(SvgError::Unsafe(expected)), "{prologue}");
        }
        assert_eq!(
            svg(&format!("<svg {NS}>&a;</svg>")),
            Err(SvgError::Unsafe(Unsafe::Entity))
        );
    }

    #[test]
    fn local_references_and_metadata_pass() {
        let body = format!(
            "<svg {NS} xmlns:x=\"http://www.w3.org/1999/xlink\" \
             xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\">\
             <inkscape:grid id=\"g1\"/>\
             <style><![CDATA[ .a {{ fill: url(#g) }} ]]>/* url(#g) */</style>\
             <defs><linearGradient id=\"g\"/></defs>\
             <use href=\"#a\"/><use x:href=\" #a\"/>\
             <rect style=\"fill:url('#g')\" filter=\"url(#f)\" class=\"a\"/>\
             <image href=\"data:IMAGE/PNG ;base64,AAAA\"/>\
             <use><set attributeName=\"href\" to=\"#b\"/><animate attributeName=\"href\" values=\"#a; #b;\"/><animate attributeName=\"x\" values=\"1;2\"/></use>\
             </svg>"
        );
        assert_eq!(svg(&body), Ok(None));
    }
}
