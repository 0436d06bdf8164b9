//! The quality path: the jpeg-decoder and png decoders at reduced size, and the measures.
//!
//! Also the promise of issue 9 that a damaged file is damaged on every path: a file the
//! structure walk accepts (compressed data read through) must not turn out damaged when
//! it is decoded for quality. A failure here is a check the walk lacks.
#![no_main]

use kyc_precheck::{check_image, Code, ImageRule, QualityRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Keep each run small: the decoders are bounded anyway, but the fuzzer should explore
    // structure, not spend seconds on one huge frame.
    let walk = ImageRule {
        max_pixels: 1_000_000,
        ..ImageRule::default()
    };
    let measured = check_image(
        data,
        &ImageRule {
            quality: Some(QualityRule::default()),
            ..walk.clone()
        },
    );
    if check_image(data, &walk).ok {
        let corrupt = measured.issues.iter().find(|i| i.code == Code::ImageCorrupt);
        assert!(
            corrupt.is_none(),
            "the walk accepted a file the quality decode found damaged: {corrupt:?}"
        );
    }
});
