//! No damaged photo makes a check or a fit panic: a panic in wasm kills the module
//! instance, and the applicant's next photo would meet a dead module.
//!
//! Every small JPEG and PNG of the corpora (tests/images, tests/jpeg-oracle: real encoders'
//! output, baseline and progressive, with and without restart markers) is damaged in
//! fixed-seed ways: bits flipped in the compressed data, a header byte overwritten, the
//! data cut short, a run of zero or 0xFF bytes written over it. `check_image` with the
//! quality measures, and `fit_image` on the smallest files, must return a result whose
//! `ok` mirrors its errors. The generator is a fixed-seed xorshift, so a failure names
//! the file and round that reproduce it.
//!
//! Found this way: a progressive JPEG whose refinement scan's end-of-band run reaches past
//! the scan's last block (restart interval longer than what is left) made the structure
//! walk index past its table of non-zero coefficients (round 5 of
//! `pil-7x9-422-progressive-restart.jpg`).

mod common;
use common::XorShift;
use kyc_precheck::{check_image, fit_image, no_errors, FitOptions, ImageRule, QualityRule};
use std::path::{Path, PathBuf};

/// The largest file damaged; 64 KB keeps the test to seconds unoptimised.
const MAX_FILE: usize = 64 * 1024;
/// The largest file also fitted.
const MAX_FIT_FILE: usize = 8 * 1024;
const ROUNDS: usize = 60;

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = Vec::new();
    let mut folders = vec![root.join("images"), root.join("jpeg-oracle")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("jpg" | "jpeg" | "png")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Round `round`'s damaged copy of `bytes`; `data` is where the compressed data starts
/// (a JPEG's first scan, a PNG's first IDAT), round 0 the file unchanged.
fn damaged(bytes: &[u8], data: usize, round: usize) -> Vec<u8> {
    let mut random = XorShift(
        0x9E37_79B9_7F4A_7C15
            ^ (round as u64 + 1).wrapping_mul(0x1234_5678_9ABC_DEF1)
            ^ bytes.len() as u64,
    );
    let mut input = bytes.to_vec();
    let after = input.len() - data;
    match round % 5 {
        0 if round == 0 => {}
        0 | 1 => {
            for _ in 0..1 + random.below(4) {
                let at = data + random.below(after);
                input[at] ^= 1 << random.below(8);
            }
        }
        2 => {
            let at = 2 + random.below(data.saturating_sub(2));
            if at < input.len() {
                input[at] = random.next() as u8;
            }
        }
        3 => {
            input.truncate(data + random.below(after));
            input.extend_from_slice(&[0xFF, 0xD9]);
        }
        _ => {
            let at = data + random.below(after);
            let fill = if random.next().is_multiple_of(2) {
                0
            } else {
                0xFF
            };
            let end = (at + 1 + random.below(64)).min(input.len());
            input[at..end].fill(fill);
        }
    }
    input
}

#[test]
fn damaged_photos_get_a_result_never_a_panic() {
    let rule = ImageRule {
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let (mut cases, mut measured, mut fitted) = (0, 0, 0);
    for path in files() {
        let bytes = std::fs::read(&path).expect("file");
        if bytes.len() < 16 || bytes.len() > MAX_FILE {
            continue;
        }
        let marker: &[u8] = if bytes.starts_with(&[0xFF, 0xD8]) {
            &[0xFF, 0xDA]
        } else {
            b"IDAT"
        };
        let data = bytes
            .windows(marker.len())
            .position(|w| w == marker)
            .unwrap_or(2)
            .min(bytes.len() - 1);
        for round in 0..ROUNDS {
            let input = damaged(&bytes, data, round);
            let name = format!("{}#{round}", path.display());
            let checked = check_image(&input, &rule);
            assert_eq!(checked.ok, no_errors(&checked.issues), "{name}");
            measured += usize::from(checked.image.as_ref().is_some_and(|i| i.quality.is_some()));
            if bytes.len() <= MAX_FIT_FILE {
                let fit = fit_image(&input, &ImageRule::default(), &FitOptions::default());
                assert_eq!(fit.ok, no_errors(&fit.issues), "{name}");
                fitted += 1;
            }
            cases += 1;
        }
    }
    println!("{cases} damaged inputs checked, {measured} of them measured, {fitted} fitted");
    assert!(
        cases > 5_000 && measured > 1_000 && fitted > 500,
        "{cases} {measured} {fitted}"
    );
}
