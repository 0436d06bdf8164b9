//! SVGs built to make the reader superlinear finish, with the verdict each must get. Before
//! the reader was made linear, the first took 222 s of CPU (release build) and the
//! attribute and namespace ones 55 s and 17 s; the nested namespaces never finished.
//!
//! Times are printed (`cargo test --test svg_stall -- --nocapture`, add `--release` for
//! the optimised library), never asserted: they depend on the machine and the build.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::{check_image, ImageRule, Param};
use std::time::Instant;

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">"#;

/// Checks `text` and returns its first issue as `code` or `code: reason`, printing the time.
fn verdict(name: &str, text: &str) -> String {
    let start = Instant::now();
    let checked = check_image(text.as_bytes(), &ImageRule::default());
    let took = start.elapsed();
    let verdict = match checked.issues.first() {
        None => "accepted".to_owned(),
        Some(issue) => match issue.param("reason") {
            Some(Param::Text(reason)) => format!("{}: {reason}", issue.code.as_str()),
            _ => issue.code.as_str().to_owned(),
        },
    };
    println!(
        "{name}: {:.1} MB in {:.1} ms: {verdict}",
        text.len() as f64 / 1e6,
        took.as_secs_f64() * 1e3
    );
    verdict
}

#[test]
fn nested_style_elements() {
    // 99,000 <style>s, each inside the last: every sheet used to be read from all the text
    // below it.
    let levels = 99_000;
    let text = format!(
        "{SVG}{}{}</svg>",
        "<style>.a{fill:red}/*xxx*/".repeat(levels),
        "</style>".repeat(levels)
    );
    assert!(text.len() > 3_000_000);
    assert_eq!(
        verdict("nested <style>", &text),
        "image.unsafe_svg: foreign_content"
    );
}

#[test]
fn many_style_sheets_and_a_long_style_attribute() {
    let sheets = "<style>.a{fill:url(#g)} @media print{.a{fill:#000}}</style>".repeat(60_000);
    let text = format!("{SVG}<linearGradient id=\"g\"/>{sheets}</svg>");
    assert_eq!(verdict("60,000 <style> sheets", &text), "accepted");
    let style = "fill:url(#g);".repeat(750_000);
    let text = format!("{SVG}<rect style=\"{style}\"/></svg>");
    assert_eq!(verdict("a 9.75 MB style attribute", &text), "accepted");
}

#[test]
fn many_attributes_and_namespaces() {
    let attributes: String = (0..150_000).map(|i| format!(" a{i}=\"\"")).collect();
    let text = format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{attributes}/>");
    assert_eq!(
        verdict("150,000 attributes on one element", &text),
        "image.corrupt: the SVG has more attributes than any photo"
    );
    let declarations: String = (0..65_000).map(|i| format!(" xmlns:p{i}=\"u\"")).collect();
    let text = format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{declarations}/>");
    assert_eq!(
        verdict("65,000 namespaces on one element", &text),
        "image.corrupt: the SVG declares more namespaces than any photo"
    );
    let levels = 65_000;
    let opening: String = (0..levels)
        .map(|i| format!("<g xmlns:p{i}=\"u\">"))
        .collect();
    let text = format!("{SVG}{opening}{}</svg>", "</g>".repeat(levels));
    assert_eq!(
        verdict("65,000 nested namespaces", &text),
        "image.corrupt: the SVG declares more namespaces than any photo"
    );
}

#[test]
fn deep_and_wide_documents() {
    let levels = 199_000;
    let text = format!(
        "{SVG}{}{}</svg>",
        "<g>".repeat(levels),
        "</g>".repeat(levels)
    );
    assert_eq!(verdict("199,000 nested <g>", &text), "accepted");
    let text = format!("{SVG}{}</svg>", "<g/>".repeat(250_000));
    assert_eq!(
        verdict("250,000 empty <g>", &text),
        "image.corrupt: the SVG has more elements than any photo"
    );
    let text = format!("{SVG}<text>{}</text></svg>", "a".repeat(10_000_000));
    assert_eq!(verdict("10 MB of text", &text), "accepted");
}
