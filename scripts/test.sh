#!/usr/bin/env bash
# Sets everything up, then runs every test: lints, the native Rust tests, the same vectors
# compiled to wasm in Node and in headless Chromium, the provider sandbox, then the built
# npm package in Node, its TypeScript types, in Chromium (plain <script type="module">, the
# worker, a Vite build), and the demo end to end against the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# setup.sh made the fit corpus, so tests/fit_corpus.rs must find it rather than skip.
export KYC_FIT_CORPUS=required

step() { printf '\n== test: %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check
step "clippy (native: the library, then the sandbox)"
cargo clippy --all-targets -- -D warnings
cargo clippy -p kyc-precheck-sandbox --all-targets -- -D warnings
step "clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
# The first module's build (the field checks alone, as scripts/build.sh makes it).
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

step "Rust tests, native (unit, doc examples, vectors, message snapshots, README table)"
cargo test

step "the provider sandbox (real HTTP on 127.0.0.1)"
cargo test -p kyc-precheck-sandbox

step "vectors compiled to wasm, in Node (wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown --test vectors
step "vectors compiled to wasm, in headless Chromium (wasm-bindgen-test + chromedriver)"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test vectors

step "build the npm package into pkg/"
bash scripts/build.sh

step "the package in Node"
npm run --silent test:node
step "the package's TypeScript types"
npm run --silent test:types
step "the package in headless Chromium"
npm run --silent test:browser

step "the demo end to end in headless Chromium, against the sandbox"
cargo build --release -p kyc-precheck-sandbox
npm run --silent test:e2e

printf '\n== test: all passed\n'
