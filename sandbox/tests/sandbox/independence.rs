//! The sandbox is an oracle for the library only if it does not share the library's
//! readings: this fails if `kyc-precheck` is anywhere in the sandbox's dependency graph,
//! as a dependency, a dev-dependency or a build-dependency, directly or through another
//! crate. Cargo says so itself (`cargo metadata`), so a renamed or `package = …` entry is
//! caught too. The manifest's own entries are checked for every platform; the resolved
//! graph for this machine's (`--filter-platform`, which also keeps the check offline: the
//! other platforms' crates need not be downloaded).

use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

const LIBRARY: &str = "kyc-precheck";
const SANDBOX: &str = "kyc-precheck-sandbox";

/// The platform this test runs on, as rustc names it.
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc names its host")
        .to_owned()
}

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host(), "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON")
}

#[test]
fn the_sandbox_does_not_depend_on_the_library() {
    let metadata = metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let name_of = |id: &str| {
        packages
            .iter()
            .find(|package| package["id"] == id)
            .and_then(|package| package["name"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let sandbox = packages
        .iter()
        .find(|package| package["name"] == SANDBOX)
        .expect("the sandbox's package");
    // Its manifest names no such dependency, of any kind, under any key.
    for dependency in sandbox["dependencies"].as_array().expect("dependencies") {
        assert_ne!(dependency["name"], LIBRARY, "{dependency}");
        assert_ne!(dependency["rename"], LIBRARY, "{dependency}");
    }
    // And nothing it depends on, through any chain, is the library.
    let nodes = metadata["resolve"]["nodes"].as_array().expect("resolve");
    let mut seen = BTreeSet::new();
    let mut todo = vec![(
        sandbox["id"].as_str().expect("id").to_owned(),
        SANDBOX.to_owned(),
    )];
    while let Some((id, parent)) = todo.pop() {
        let name = name_of(&id);
        assert_ne!(
            name, LIBRARY,
            "the sandbox reaches the library through {parent}"
        );
        if !seen.insert(id.clone()) {
            continue;
        }
        let node = nodes
            .iter()
            .find(|node| node["id"] == id.as_str())
            .expect("a resolved node");
        for dependency in node["deps"].as_array().expect("deps") {
            let child = dependency["pkg"].as_str().expect("pkg").to_owned();
            todo.push((child, name.clone()));
        }
    }
    // The walk saw the sandbox's real dependencies (so it walked something).
    let names: BTreeSet<String> = seen.iter().map(|id| name_of(id)).collect();
    for expected in ["rsa", "serde_json", "ureq"] {
        assert!(names.contains(expected), "{expected} not in {names:?}");
    }
}
