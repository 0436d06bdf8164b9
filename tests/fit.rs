//! `fit_image` on the committed image corpus (`tests/images/`), into every provider photo
//! slot: what fits passes the slot's own check, damaged files never fit, and oriented
//! photos come out upright. The large camera-like photos are `tests/fit_corpus.rs`'s.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::provider::image_rule;
use kyc_precheck::{check_image, fit_image, Change, FitOptions, ImageRule, DEFAULT_MAX_SIDE};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/images")
}

const SLOTS: [(&str, &str); 5] = [
    ("kredibel", "selfie"),
    ("kredibel", "idCard"),
    ("oy", "selfie"),
    ("oy", "idCard"),
    ("quantum-elixir", "photo"),
];

fn files(folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(folder))
        .expect("folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e != "md" && e != "csv"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// The segments of a JPEG before its first scan, as (marker, body).
fn jpeg_segments(bytes: &[u8]) -> Vec<(u8, &[u8])> {
    let mut segments = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        segments.push((marker, &bytes[at + 4..at + 2 + length]));
        if marker == 0xDA {
            break;
        }
        at += 2 + length;
    }
    segments
}

#[test]
fn what_fits_passes_its_slot_and_keeps_its_bounds() {
    let mut fitted = 0;
    for folder in ["good", "providers"] {
        for (name, bytes) in files(folder) {
            for (provider, field) in SLOTS {
                let rule = image_rule(provider, field).expect("slot");
                let fit = fit_image(&bytes, &rule, &FitOptions::default());
                let what = format!("{folder}/{name} into {provider} {field}");
                assert_eq!(fit.ok, fit.bytes.is_some(), "{what}");
                let Some(out) = &fit.bytes else {
                    assert!(!fit.issues.is_empty(), "{what}: refused without a reason");
                    continue;
                };
                fitted += 1;
                let checked = check_image(out, &rule);
                assert!(checked.ok, "{what}: {:?}", checked.issues);
                let image = checked.image.expect("read");
                assert_eq!(fit.image.as_ref(), Some(&image), "{what}");
                assert_eq!(image.orientation, 1, "{what}: not upright");
                assert!(
                    image.display_width <= fit.source.display_width.max(1),
                    "{what}: upscaled"
                );
                assert!(
                    image.display_height <= fit.source.display_height.max(1),
                    "{what}: upscaled"
                );
                match fit.change {
                    Change::None => assert_eq!(out, &bytes, "{what}"),
                    Change::Metadata => {
                        assert!(out.len() < bytes.len(), "{what}");
                        assert_eq!(
                            (image.width, image.height),
                            (fit.source.width, fit.source.height)
                        );
                    }
                    Change::Reencoded => {
                        assert_eq!(image.format.as_str(), "jpeg", "{what}");
                        let long = image.display_width.max(image.display_height);
                        let minimum = rule
                            .min_width
                            .unwrap_or(0)
                            .max(rule.min_height.unwrap_or(0));
                        assert!(long <= DEFAULT_MAX_SIDE.max(minimum), "{what}: {long} px");
                        let ssim = fit.fidelity.expect("a re-encode reports its SSIM").ssim;
                        assert!(ssim > 0.8 && ssim <= 1.0, "{what}: SSIM {ssim}");
                    }
                }
                if image.format.as_str() == "jpeg" {
                    for (marker, body) in jpeg_segments(out) {
                        assert!(
                            !matches!(marker, 0xE1 | 0xED | 0xFE),
                            "{what}: metadata segment {marker:#x} left"
                        );
                        assert!(!body.starts_with(b"MPF\0"), "{what}: MPF left");
                    }
                }
            }
        }
    }
    assert!(
        fitted > 100,
        "only {fitted} fits: the corpus is not being read"
    );
}

#[test]
fn damaged_and_hostile_files_never_fit() {
    for (name, bytes) in files("bad") {
        for (provider, field) in SLOTS {
            let rule = image_rule(provider, field).expect("slot");
            let fit = fit_image(&bytes, &rule, &FitOptions::default());
            assert!(!fit.ok, "bad/{name} fitted into {provider} {field}");
            assert!(fit.bytes.is_none() && !fit.issues.is_empty(), "bad/{name}");
        }
    }
}

/// The corpus's oriented photos are all one upright picture with a white "F" at its top
/// left (scripts/make-image-corpus.py, `oriented_card`): after the fit the F's stem must be
/// where an upright picture has it, and not where a flip or a turn would put it.
#[test]
fn oriented_photos_come_out_upright() {
    // Turning needs a re-encode; a slot with no minimum keeps the pixels as they are.
    let rule = ImageRule::default();
    let mut checked = 0;
    for (name, bytes) in files("good") {
        let oriented =
            name.starts_with("jpeg-exif-orientation-") || name.starts_with("jpeg-exif-bigendian-");
        if !oriented || name.contains("invalid") {
            continue;
        }
        let fit = fit_image(&bytes, &rule, &FitOptions::default());
        let out = fit
            .bytes
            .unwrap_or_else(|| panic!("{name}: {:?}", fit.issues));
        let mut decoder = jpeg_decoder::Decoder::new(&out[..]);
        let pixels = decoder.decode().expect("decodes");
        let info = decoder.info().expect("info");
        let (w, h) = (usize::from(info.width), usize::from(info.height));
        assert_eq!(
            (w as u32, h as u32),
            (fit.source.display_width, fit.source.display_height),
            "{name}"
        );
        let luma = |x: usize, y: usize| {
            let p = &pixels[(y * w + x) * 3..][..3];
            (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3
        };
        // The stem of the F: 8 % in from the left and top, 6 % of the short side thick,
        // half the short side long.
        let s = w.min(h) as f64;
        let x = (w as f64 * 0.08 + s * 0.03) as usize;
        let y = (h as f64 * 0.08 + s * 0.25) as usize;
        let stem = luma(x, y);
        assert!(stem > 200, "{name}: no F stem at ({x}, {y}): {stem}");
        for (mx, my) in [(w - 1 - x, y), (x, h - 1 - y), (w - 1 - x, h - 1 - y)] {
            assert!(
                luma(mx, my) + 60 < stem,
                "{name}: the F's stem also at the mirror ({mx}, {my}): flipped?"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 9, "eight orientations and the big-endian one");
}

#[test]
fn too_few_pixels_are_refused_never_upscaled() {
    let bytes = std::fs::read(root().join("providers/selfie-too-small-360x480.jpg")).expect("file");
    let rule = image_rule("kredibel", "selfie").expect("slot");
    let fit = fit_image(&bytes, &rule, &FitOptions::default());
    assert!(!fit.ok);
    assert_eq!(fit.issues[0].code.as_str(), "image.dimensions_too_small");
    assert_eq!((fit.source.width, fit.source.height), (360, 480));
}

#[test]
fn options_move_the_size_and_the_aim() {
    let bytes =
        std::fs::read(root().join("good/jpeg-progressive-12mp-4000x3000.jpg")).expect("file");
    let rule = ImageRule {
        max_bytes: Some(60_000),
        ..ImageRule::default()
    };
    let options = FitOptions {
        max_side: Some(1000),
        target_bytes: Some(20_000),
    };
    let fit = fit_image(&bytes, &rule, &options);
    let image = fit.image.unwrap_or_else(|| panic!("{:?}", fit.issues));
    assert_eq!((image.width, image.height), (1000, 750));
    let length = fit.bytes.expect("fitted").len();
    assert!(length <= 60_000, "{length}");
}
