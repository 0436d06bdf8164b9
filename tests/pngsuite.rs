//! PngSuite as a conformance suite, run as data like rust-url's WPT harness: every file in
//! `../shared/corpus/pngsuite/manifest.csv` must get the manifest's verdict. Valid files
//! (`accept_format`) are accepted with their true size, and decoded on the quality path;
//! corrupt ones (`reject_corrupt`, the `x*` files) are refused as `image.corrupt`, or as
//! `image.format_unsupported` where the manifest allows it (`alt=reject_format`: a
//! damaged signature no longer says PNG).
//!
//! The same manifest runs through the npm package in headless Chromium
//! (`tests/browser/`).
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::{check_image, ImageRule, QualityRule};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pngsuite")
}

#[test]
fn every_file_gets_the_manifest_verdict() {
    let manifest = std::fs::read_to_string(corpus().join("manifest.csv"))
        .expect("../shared/corpus/pngsuite/manifest.csv");
    let rule = ImageRule {
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let mut failures = Vec::new();
    let mut counted = (0, 0);
    for line in manifest.lines().skip(1) {
        let columns: Vec<&str> = line.splitn(9, ',').collect();
        let [file, _, _, width, height, display_width, display_height, expected, note] =
            columns[..]
        else {
            panic!("malformed manifest line {line}");
        };
        let bytes = std::fs::read(corpus().join(file)).expect("corpus file");
        let checked = check_image(&bytes, &rule);
        let codes: Vec<&str> = checked
            .issues
            .iter()
            .filter(|issue| issue.severity == kyc_precheck::Severity::Error)
            .map(|issue| issue.code.as_str())
            .collect();
        match expected {
            "accept_format" => {
                counted.0 += 1;
                let image = checked.image.as_ref();
                let size = image.map(|i| (i.width, i.height, i.display_width, i.display_height));
                let want = (
                    width.parse().unwrap(),
                    height.parse().unwrap(),
                    display_width.parse().unwrap(),
                    display_height.parse().unwrap(),
                );
                if !checked.ok || size != Some(want) {
                    failures.push(format!(
                        "{file}: expected accepted {want:?}, got {codes:?} {size:?}"
                    ));
                } else if image.and_then(|i| i.quality.as_ref()).is_none() {
                    failures.push(format!("{file}: accepted but not decoded for quality"));
                }
            }
            "reject_corrupt" => {
                counted.1 += 1;
                let allowed_format = note.contains("alt=reject_format");
                let right = codes == ["image.corrupt"]
                    || (allowed_format && codes == ["image.format_unsupported"]);
                if !right {
                    failures.push(format!("{file}: expected image.corrupt, got {codes:?}"));
                }
            }
            other => panic!("unknown verdict {other} for {file}"),
        }
    }
    assert!(
        failures.is_empty(),
        "{} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        counted,
        (161, 14),
        "accepted and rejected files in the manifest"
    );
}
