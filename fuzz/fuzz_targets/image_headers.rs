//! The sniffer and the JPEG/PNG/EXIF header readers: `check_image` without the quality
//! path reads nothing but the bytes' structure.
#![no_main]

use kyc_precheck::{check_image, ImageRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rule = ImageRule {
        max_pixels: kyc_precheck::PIXEL_LIMIT,
        ..ImageRule::default()
    };
    let checked = check_image(data, &rule);
    assert_eq!(checked.ok, kyc_precheck::no_errors(&checked.issues));
});
