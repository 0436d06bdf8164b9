//! The SVG reader: every input is offered as an SVG. One that does not open with `<svg`
//! gets a root in the SVG namespace put in front, so that the fuzzer spends its time in the
//! markup bounds, the XML, the element allowlist, the reference rules and the CSS scanner,
//! not in the sniffer or the namespace check. Seed it with the corpus's SVGs:
//! `mkdir -p corpus/svg && cp ../tests/images/*/*.svg corpus/svg/`.
#![no_main]

use kyc_precheck::{check_image, ImageFormat, ImageRule, Severity};
use libfuzzer_sys::fuzz_target;

const ROOT: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" ";

fuzz_target!(|data: &[u8]| {
    let rule = ImageRule {
        formats: vec![ImageFormat::Svg],
        min_width: Some(480),
        min_height: Some(640),
        ..ImageRule::default()
    };
    let mut text = data.to_vec();
    if !text.starts_with(b"<svg") {
        text.splice(0..0, ROOT.iter().copied());
    }
    let checked = check_image(&text, &rule);
    let errors = checked
        .issues
        .iter()
        .any(|issue| issue.severity == Severity::Error);
    assert_eq!(checked.ok, !errors);
});
