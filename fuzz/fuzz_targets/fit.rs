//! The fit path (src/image/fit): stripping metadata losslessly, decoding, turning upright,
//! resizing and encoding, on small inputs.
//!
//! Each input is fitted into three rules: an open one (the file mostly passes as it is, so
//! only its metadata goes), a tight one that forces a re-encode at a small size and a
//! quality search, and one whose window no setting can reach. Besides never panicking, the
//! result must keep the contract (issue 10): `ok` exactly when the bytes are present and
//! pass `check_image` for the same rule; `image` and `source` are check_image's readings of
//! the output and the input; the output is upright and never has more displayed pixels
//! than the input; an unchanged file is the input byte for byte.
//!
//! Seed it with the accepted corpus (`cargo fuzz run fit ../tests/images/good`): its 640×480
//! photos are just inside the pixel cap.
#![no_main]

use kyc_precheck::{check_image, fit_image_with_progress, Change, FitOptions, ImageRule, Stage};
use libfuzzer_sys::fuzz_target;

/// Longer inputs are skipped: the fuzzer should explore structure, not large frames.
const MAX_INPUT: usize = 64 * 1024;

/// The pixel cap of every rule, so each run decodes and encodes something small.
const MAX_PIXELS: u64 = 640 * 480;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let open = ImageRule {
        max_pixels: MAX_PIXELS,
        ..ImageRule::default()
    };
    fit_and_verify(data, &open, &FitOptions::default());

    let tight = ImageRule {
        min_bytes: Some(1_000),
        max_bytes: Some(12_000),
        min_width: Some(16),
        min_height: Some(16),
        ..open.clone()
    };
    let small = FitOptions {
        max_side: Some(200),
        target_bytes: Some(8_000),
    };
    fit_and_verify(data, &tight, &small);

    let unreachable = ImageRule {
        min_bytes: Some(60_000),
        max_bytes: Some(61_000),
        ..open
    };
    let tiny = FitOptions {
        max_side: Some(48),
        target_bytes: None,
    };
    fit_and_verify(data, &unreachable, &tiny);
});

fn fit_and_verify(data: &[u8], rule: &ImageRule, options: &FitOptions) {
    let mut encodes = 0;
    let fit = fit_image_with_progress(data, rule, options, &mut |stage| {
        if stage == Stage::Encode {
            encodes += 1;
        }
    });
    let output = fit
        .bytes
        .as_deref()
        .map(|bytes| (bytes, check_image(bytes, rule)));
    let passes = output.as_ref().is_some_and(|(_, checked)| checked.ok);
    assert_eq!(
        fit.ok, passes,
        "ok must say whether the bytes pass check_image; issues {:?}",
        fit.issues
    );
    if let Some(source) = check_image(data, rule).image {
        assert_eq!(
            fit.source, source,
            "source is not check_image's reading of the input"
        );
    }
    if fit.change == Change::Reencoded {
        assert!(encodes > 0, "re-encoded without reporting an encode");
    }
    let Some((bytes, checked)) = output else {
        return;
    };
    let image = fit.image.as_ref().expect("bytes without their reading");
    assert_eq!(
        checked.image.as_ref(),
        Some(image),
        "image is not check_image's reading of the bytes"
    );
    assert!(
        image.display_width <= fit.source.display_width
            && image.display_height <= fit.source.display_height,
        "upscaled: {}x{} from {}x{}",
        image.display_width,
        image.display_height,
        fit.source.display_width,
        fit.source.display_height
    );
    if fit.ok {
        assert_eq!(image.orientation, 1, "the fitted file is not upright");
    }
    match fit.change {
        Change::None => assert_eq!(bytes, data, "change none, but the bytes differ"),
        Change::Metadata => {
            assert_eq!(
                (image.format, image.width, image.height),
                (fit.source.format, fit.source.width, fit.source.height),
                "change metadata, but the picture differs"
            );
            assert_eq!(
                fit.source.orientation, 1,
                "change metadata, but the source needed turning upright"
            );
        }
        Change::Reencoded => {
            let ssim = fit.fidelity.expect("a re-encode without its fidelity").ssim;
            assert!((-1.0..=1.0).contains(&ssim), "SSIM {ssim} out of range");
        }
    }
}
