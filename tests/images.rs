//! The generated image corpus (`tests/images/`, made by `scripts/make-image-corpus.py`):
//! every row of `tests/images/manifest.csv` gets its verdict under the default rule
//! (JPEG, PNG, SVG; no bounds; 50 MP), and every file in `tests/images/bad/` must fail.
//! File names state the expectation, as in file-type's `fixture/`.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::{check_image, ImageRule, Param, QualityRule, Severity};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/images")
}

#[test]
fn every_file_gets_its_manifest_verdict() {
    let manifest = std::fs::read_to_string(root().join("manifest.csv")).expect("manifest.csv");
    let rule = ImageRule {
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in manifest.lines().skip(1) {
        rows += 1;
        let columns: Vec<&str> = line.splitn(9, ',').collect();
        let [file, expected, code, width, height, display_width, display_height, orientation, note] =
            columns[..]
        else {
            panic!("malformed manifest line {line}");
        };
        let bytes = std::fs::read(root().join(file)).unwrap_or_else(|_| panic!("{file}"));
        let checked = check_image(&bytes, &rule);
        let errors: Vec<&str> = checked
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .map(|issue| issue.code.as_str())
            .collect();
        let number = |text: &str| text.parse::<u32>().ok();
        let image = checked.image.as_ref();
        match expected {
            "accept" => {
                let got = image.map(|i| {
                    (
                        i.width,
                        i.height,
                        i.display_width,
                        i.display_height,
                        u32::from(i.orientation),
                    )
                });
                let want = (|| {
                    Some((
                        number(width)?,
                        number(height)?,
                        number(display_width)?,
                        number(display_height)?,
                        number(orientation)?,
                    ))
                })();
                if !checked.ok || got != want {
                    failures.push(format!(
                        "{file}: expected accepted {want:?}, got {errors:?} {got:?}"
                    ));
                }
            }
            "reject" => {
                if errors.first().copied() != Some(code) {
                    failures.push(format!("{file}: expected {code}, got {errors:?}"));
                }
                // An unsafe SVG's note starts with the reason its issue must carry.
                if let Some(reason) = note
                    .strip_prefix("reason=")
                    .and_then(|rest| rest.split(';').next())
                {
                    let got = checked
                        .issues
                        .iter()
                        .find(|issue| issue.code.as_str() == code)
                        .and_then(|issue| issue.param("reason"));
                    if got != Some(&Param::Text(reason.to_owned())) {
                        failures.push(format!("{file}: expected reason {reason}, got {got:?}"));
                    }
                }
                if code == "image.too_many_pixels" {
                    let got = image.map(|i| (i.width, i.height));
                    if got != number(width).zip(number(height)) {
                        failures.push(format!("{file}: declared size read as {got:?}"));
                    }
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
    assert!(rows >= 80, "only {rows} rows in the manifest");
}

#[test]
fn every_file_in_bad_fails() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("bad")).expect("tests/images/bad") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        count += 1;
        let bytes = std::fs::read(&path).expect("file");
        let checked = check_image(&bytes, &ImageRule::default());
        assert!(!checked.ok, "{} was accepted", path.display());
    }
    assert!(count >= 30, "only {count} files in tests/images/bad");
}

/// What each refused raster file is refused for, reason included, pinned: a damaged file
/// must be caught by the check its name describes (a cut scan as a cut, not as a bad
/// table). The SVG refusals have their reasons in the manifest's notes.
#[test]
fn every_raster_refusal_has_its_reason() {
    let rule = ImageRule {
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let mut names: Vec<_> = std::fs::read_dir(root().join("bad"))
        .expect("tests/images/bad")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| !path.extension().is_some_and(|e| e == "md" || e == "svg"))
        .collect();
    names.sort();
    let mut lines = Vec::new();
    for path in names {
        let checked = check_image(&std::fs::read(&path).expect("file"), &rule);
        let issue = checked
            .issues
            .iter()
            .find(|issue| issue.severity == Severity::Error)
            .expect("refused");
        let reason = issue
            .params
            .iter()
            .find(|(name, _)| *name == "reason" || *name == "format")
            .map(|(_, value)| format!(" ({value})"))
            .unwrap_or_default();
        lines.push(format!(
            "{}: {}{reason}",
            path.file_name().unwrap().to_string_lossy(),
            issue.code.as_str()
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

/// `maxBytes` comes before any parsing: a file too large to send is refused unread, however
/// much work or damage it holds.
#[test]
fn max_bytes_is_checked_before_anything_is_parsed() {
    for name in [
        "bad/jpeg-progressive-1000-scans-640x480.jpg",
        "bad/truncated-jpeg-half-with-eoi.jpg",
        "bad/png-idat-truncated-crc-valid.png",
    ] {
        let bytes = std::fs::read(root().join(name)).expect(name);
        let rule = ImageRule {
            max_bytes: Some(bytes.len() as u64 - 1),
            quality: Some(QualityRule::default()),
            ..ImageRule::default()
        };
        let checked = check_image(&bytes, &rule);
        let codes: Vec<&str> = checked.issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["image.file_too_large"], "{name}");
        assert!(checked.image.is_none(), "{name} was read");
    }
}
