//! The quality path: the jpeg-decoder and png decoders at reduced size, and the measures.
#![no_main]

use kyc_precheck::{check_image, ImageRule, QualityRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rule = ImageRule {
        // Keep each run small: the decoders are bounded anyway, but the fuzzer should
        // explore structure, not spend seconds on one huge frame.
        max_pixels: 1_000_000,
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let _ = check_image(data, &rule);
});
