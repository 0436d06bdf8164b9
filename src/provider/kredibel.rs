//! Kredibel ("Synapses") electronic certificate issuance, `POST {base}/v1/certificate/issuance`
//! (seed `000_4d13518fd6d3c005.txt`).
//!
//! The photo fields, as the page states them:
//!
//! > faceImage (required) Base64 — Selfie photo of the identity card holder. Image binary
//! > encoded in base64 without <data:image/png;>. - Supports: JPG, JPEG, PNG, SVG - Min
//! > Size: 100KB - Max Size: 4MB - Min Pixel: 480px x 640px
//! >
//! > identityImage (required) Base64 — Identity card photo. … - Supports: JPG, JPEG, PNG,
//! > SVG - Min Size: 100KB - Max Size: 2MB - Min Pixel: 480px x 360px
//!
//! Readings: "100KB" is taken as 102,400 bytes and "4MB"/"2MB" as 4,000,000/2,000,000, the
//! stricter bound on each side, so a file that passes passes both readings. "480px x
//! 640px" is width × height of the displayed picture (a portrait selfie, a landscape
//! card).

use crate::image::{ImageFormat, ImageRule, QualityRule, DEFAULT_MAX_PIXELS};

/// The photo slots: `selfie` (`faceImage`) and `idCard` (`identityImage`).
pub fn image_slots() -> Vec<(&'static str, ImageRule)> {
    let formats = vec![ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Svg];
    vec![
        (
            "selfie",
            ImageRule {
                formats: formats.clone(),
                min_bytes: Some(102_400),
                max_bytes: Some(4_000_000),
                min_width: Some(480),
                min_height: Some(640),
                max_pixels: DEFAULT_MAX_PIXELS,
                quality: Some(QualityRule::default()),
            },
        ),
        (
            "idCard",
            ImageRule {
                formats,
                min_bytes: Some(102_400),
                max_bytes: Some(2_000_000),
                min_width: Some(480),
                min_height: Some(360),
                max_pixels: DEFAULT_MAX_PIXELS,
                quality: Some(QualityRule::default()),
            },
        ),
    ]
}
