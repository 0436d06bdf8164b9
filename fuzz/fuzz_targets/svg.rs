//! The SVG reader: every input is offered as an SVG (with an `<svg` prefix when it lacks
//! one, so the fuzzer spends its time inside the XML and safety checks, not the sniffer).
#![no_main]

use kyc_precheck::{check_image, ImageFormat, ImageRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rule = ImageRule {
        formats: vec![ImageFormat::Svg],
        min_width: Some(480),
        min_height: Some(640),
        ..ImageRule::default()
    };
    let mut text = data.to_vec();
    if !text.starts_with(b"<svg") {
        text.splice(0..0, b"<svg ".iter().copied());
    }
    let _ = check_image(&text, &rule);
});
