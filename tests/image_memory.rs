//! The heap a check takes, counted natively by a global allocator that tracks the most
//! bytes live at once: the same allocations the wasm build makes (only the allocator
//! differs), so a deterministic bound on them, where the wasm memory test
//! (`tests/js/image-budget.test.mjs`) reads the page's memory through the package.
//!
//! A fit is held to its own budget the same way (see `no_fit_takes_more_than_its_budget`).
//!
//! Every file of the image corpus (tests/images/**, PngSuite) is checked with quality on:
//! besides the input the caller already holds, no check may take more than the 40 MiB
//! decode budget, and a photo the budget refuses (`image.quality_not_measured`) must
//! indeed be one that would not have fitted.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::provider::image_rule;
use kyc_precheck::{check_image, fit_image, Code, FitOptions, ImageRule, QualityRule};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;
/// `quality::DECODE_BUDGET_BYTES`.
const DECODE_BUDGET: usize = 40 * MIB;
/// What a fit may take besides its input: wasm pages above this stay for the page's life.
const FIT_BUDGET: usize = 60 * MIB;

fn files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in [
        "tests/images/good",
        "tests/images/bad",
        "tests/images/providers",
        "tests/images/calibration",
        "../shared/corpus/pngsuite",
    ] {
        for entry in std::fs::read_dir(root.join(folder)).expect(folder) {
            let path = entry.expect("entry").path();
            if !path.extension().is_some_and(|e| e == "md" || e == "csv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

// One test only: the counters are global, and tests run on parallel threads.
#[test]
fn checks_and_fits_stay_within_their_budgets() {
    no_check_takes_more_than_the_decode_budget();
    no_fit_takes_more_than_its_budget();
}

fn no_check_takes_more_than_the_decode_budget() {
    let rule = ImageRule {
        quality: Some(QualityRule::default()),
        ..ImageRule::default()
    };
    let mut peaks = Vec::new();
    for path in files() {
        let bytes = std::fs::read(&path).expect("file");
        let before = LIVE.load(Ordering::SeqCst);
        PEAK.store(before, Ordering::SeqCst);
        let checked = check_image(&bytes, &rule);
        let taken = PEAK.load(Ordering::SeqCst) - before;
        let unmeasured = checked
            .issues
            .iter()
            .any(|issue| issue.code == Code::ImageQualityNotMeasured);
        peaks.push((taken, unmeasured, path, checked.ok));
    }
    peaks.sort_by_key(|(taken, ..)| std::cmp::Reverse(*taken));
    for (taken, unmeasured, path, ok) in peaks.iter().take(8) {
        println!(
            "{:6.1} MiB {} {}{}",
            *taken as f64 / MIB as f64,
            if *ok { "ok      " } else { "refused " },
            path.file_name().unwrap().to_string_lossy(),
            if *unmeasured {
                " (quality not measured)"
            } else {
                ""
            },
        );
    }
    assert!(peaks.len() > 300, "only {} files", peaks.len());
    let over: Vec<_> = peaks
        .iter()
        .filter(|(taken, ..)| *taken > DECODE_BUDGET)
        .map(|(taken, _, path, _)| format!("{}: {} bytes", path.display(), taken))
        .collect();
    assert!(
        over.is_empty(),
        "over the decode budget:\n{}",
        over.join("\n")
    );
    // The estimate is not so loose that it refuses photos that fit: the 12 MP progressive
    // photo, estimated at 38 MiB (what jpeg-decoder holds for it, should the walk's own
    // decode leave it to jpeg-decoder), is measured. The walk's decode keeps 10 bytes of
    // each block where jpeg-decoder kept 128, so it takes a fraction of that.
    let (taken, unmeasured, _, ok) = peaks
        .iter()
        .find(|(_, _, path, _)| path.ends_with("jpeg-progressive-12mp-4000x3000.jpg"))
        .expect("the 12 MP progressive photo");
    assert!(
        *ok && !unmeasured,
        "the 12 MP progressive photo was not measured"
    );
    assert!(
        *taken < 12 * MIB,
        "the 12 MP progressive photo took {taken} bytes"
    );
    // Fixtures are named for what they produce.
    for (_, unmeasured, path, _) in &peaks {
        let named = path.to_string_lossy().contains("too-big-to-measure");
        assert_eq!(
            *unmeasured,
            named,
            "{}: quality not measured {unmeasured}",
            path.display()
        );
    }
}

/// Besides the input the caller holds, fitting any committed photo (and the generated
/// camera-sized corpus, when present) into a provider slot takes at most [`FIT_BUDGET`]:
/// the fit's 52 MiB decode budget plus what the resampling and the encode hold.
fn no_fit_takes_more_than_its_budget() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/images");
    let mut files = Vec::new();
    for folder in ["good", "providers", "fit"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "jpg" || e == "png") {
                files.push(path);
            }
        }
    }
    files.sort();
    let rule = image_rule("kredibel", "idCard").expect("slot");
    let mut worst = (0, String::new());
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let base = LIVE.load(Ordering::SeqCst);
        PEAK.store(base, Ordering::SeqCst);
        let fit = fit_image(&bytes, &rule, &FitOptions::default());
        let peak = PEAK.load(Ordering::SeqCst) - base;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("12mp") || name.contains("50mp") || peak > worst.0 {
            println!(
                "{name}: {:.1} MiB besides its {:.1} MB input (ok: {}, {:?})",
                peak as f64 / MIB as f64,
                bytes.len() as f64 / 1e6,
                fit.ok,
                fit.change
            );
        }
        if peak > worst.0 {
            worst = (peak, name.clone());
        }
        assert!(peak <= FIT_BUDGET, "{name}: {peak} bytes");
        drop(fit);
    }
    println!(
        "worst: {} at {:.1} MiB",
        worst.1,
        worst.0 as f64 / MIB as f64
    );
    assert!(files.len() > 30, "the corpus is not being read");
}
