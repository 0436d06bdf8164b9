//! The heap a fit takes, counted natively by a global allocator that tracks the most bytes
//! live at once (the same allocations the wasm build makes; only the allocator differs).
//!
//! Besides the input the caller holds, fitting any committed photo into a provider slot
//! takes at most the fit's decode budget (52 MiB) plus what the resampling and the encode
//! hold on the fitted size; the 12 MP progressive photo, the dearest kind to decode, is
//! printed. The camera-sized corpus (tests/fit_corpus.rs) is measured here too when it has
//! been generated.
#![cfg(not(target_arch = "wasm32"))]

use kyc_precheck::provider::image_rule;
use kyc_precheck::{fit_image, FitOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

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
/// What a fit may take besides its input: wasm pages above this stay for the page's life.
const FIT_BUDGET: usize = 60 * MIB;

#[test]
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
    println!("worst: {} at {:.1} MiB", worst.1, worst.0 as f64 / MIB as f64);
    assert!(files.len() > 30, "the corpus is not being read");
}
