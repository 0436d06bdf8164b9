#!/usr/bin/env bash
# Builds the npm package into pkg/: the Rust crate compiled to wasm32, its wasm-bindgen
# glue, the module shrunk by wasm-opt, and the hand-written entry points from npm/.
#
# Needs: cargo with the wasm32-unknown-unknown target, the wasm-bindgen CLI at the version
# Cargo.toml pins, and `npm ci` run once (for binaryen's wasm-opt, and rolldown, which
# bundles fields.js). Downloads nothing beyond what cargo fetches from crates.io.
set -euo pipefail

cd "$(dirname "$0")/.."

fail() {
  echo "build.sh: $*" >&2
  exit 1
}

wasm_bindgen="${WASM_BINDGEN:-$(command -v wasm-bindgen || echo "$HOME/.cargo/bin/wasm-bindgen")}"
wasm_opt=node_modules/.bin/wasm-opt

[[ -x "$wasm_bindgen" ]] || fail "wasm-bindgen CLI not found (set WASM_BINDGEN or install it with cargo)"
[[ -x "$wasm_opt" ]] || fail "$wasm_opt not found: run 'npm ci' first"

# The glue and the module must come from the same wasm-bindgen version, or the glue
# refuses the module at run time; catch that here, where the message is clear. Cargo.lock
# has the version the crate is built with (Cargo.toml pins it with "=").
if [[ -f Cargo.lock ]]; then
  pinned="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)"
  installed="$("$wasm_bindgen" --version | awk '{print $2}')"
  [[ -z "$pinned" || "$installed" == "$pinned" ]] ||
    fail "wasm-bindgen CLI is $installed but Cargo.lock has $pinned: cargo install wasm-bindgen-cli --version =$pinned"
fi

# The package has two modules, built from the same crate: the whole one
# (kyc_precheck_bg.wasm, behind index.js and the worker) and the first module a form loads
# (kyc_precheck_fields_bg.wasm, behind fields.js: the field checks alone, a fraction of the
# bytes, so that a form answers its first keystroke before the photos' code arrives).
# The release profile must not set `strip = true`: that also drops the target_features
# section, and without it wasm-bindgen cannot tell which wasm features rustc used.
# Without the `normalization` feature: the bindings normalise with the platform's
# String.prototype.normalize instead of the crate's own Unicode tables (about 68 KB gzip).
# Panic locations name their source files: the shipped module says `png-0.18.1/src/...`
# and `src/...`, not this machine's folders (the registry's path under CARGO_HOME, the
# checkout's), which are nobody's business and cost bytes.
remap=("--remap-path-prefix=$PWD/=")
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap+=("--remap-path-prefix=$registry=")
done
rm -rf pkg
mkdir -p pkg

# The wasm features rustc 1.95 enables by default for wasm32-unknown-unknown
# (`rustc --print cfg --target wasm32-unknown-unknown`), and SIMD (below), spelled out for
# wasm-opt. Never --all-features: it lets wasm-opt emit instructions older browsers lack.
wasm_features=(
  --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong
  --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext --enable-simd
)

# build_module NAME FEATURES: the crate with FEATURES, as pkg/NAME.js and pkg/NAME_bg.wasm.
#
# Both modules need WebAssembly SIMD (Chrome and Android WebView 91, Firefox 89, Safari
# 16.4): fast_image_resize, jpeg-decoder and simd-adler32 compile some functions with
# `#[target_feature(enable = "simd128")]` whatever the build's flags, and the WebAssembly
# backend gives every function of the (fat-LTO) module the union of its functions'
# features (LLVM's CoalesceFeaturesAndStripAtomics pass), so LLVM vectorises the core's own code too, the field checks' module's
# included (measured: `check_nik` holds v128 instructions). wasm-opt enables what rustc's
# target_features section lists, so its feature flags alone check nothing; the check is a
# second read of the output, whose section is stripped, with only the features named here.
build_module() {
  local name="$1" features="$2"
  echo "==> cargo build (release, wasm32-unknown-unknown, features: ${features:-none})"
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }${remap[*]}" \
    cargo build --release --target wasm32-unknown-unknown --lib --no-default-features ${features:+--features "$features"}
  local wasm=target/wasm32-unknown-unknown/release/kyc_precheck.wasm
  [[ -f "$wasm" ]] || fail "cargo did not produce $wasm"

  echo "==> wasm-bindgen --target web ($name)"
  # --experimental-reset-state-function: the glue exports __wbg_reset_state(), a fresh
  # instance from the module it was loaded with, which index.js calls after a trap so that
  # a dead instance never outlives one call.
  "$wasm_bindgen" --target web --experimental-reset-state-function --out-dir pkg --out-name "$name" "$wasm"

  # -Oz twice: the second pass finds what the first one's inlining and merging opened
  # (about -270 B gzip on the whole module; a third, under 100 B more). --low-memory-unused
  # lets wasm-opt fold a small constant added to a pointer into the load's or store's
  # offset (about -1.6 KB): the two differ only when the addition wraps past 4 GiB, which
  # no pointer into this module's memory does (rustc's stack and data start at 0 and 1 MiB
  # and the memory is far below 4 GiB).
  echo "==> wasm-opt -Oz -Oz ($name)"
  "$wasm_opt" --low-memory-unused -Oz -Oz "${wasm_features[@]}" \
    --strip-debug --strip-producers --strip-target-features \
    "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.opt.wasm"
  mv "pkg/${name}_bg.opt.wasm" "pkg/${name}_bg.wasm"
  "$wasm_opt" "${wasm_features[@]}" "pkg/${name}_bg.wasm" -o /dev/null ||
    fail "pkg/${name}_bg.wasm uses a wasm feature beyond: ${wasm_features[*]}"
}
build_module kyc_precheck_fields ""
build_module kyc_precheck photos-and-providers

echo "==> assemble pkg/"
node scripts/assemble-pkg.mjs

# Tests and the Vite app import the package by its name, through its exports map, as an
# application would.
mkdir -p node_modules
if [[ -e node_modules/kyc-precheck && ! -L node_modules/kyc-precheck ]]; then
  fail "node_modules/kyc-precheck exists and is not a symlink; remove it"
fi
ln -sfn ../pkg node_modules/kyc-precheck

echo "==> smoke test (node, by package name)"
node --input-type=module -e '
import init, { issueCodes, checkPhone } from "kyc-precheck";
await init();
const codes = issueCodes();
if (!Array.isArray(codes) || codes.length === 0) throw new Error("issueCodes() returned no codes");
if (checkPhone("081234567890").value !== "+6281234567890") throw new Error("checkPhone smoke test failed");
const fields = await import("kyc-precheck/fields");
await fields.default();
if (fields.checkPhone("081234567890").value !== "+6281234567890") throw new Error("kyc-precheck/fields smoke test failed");
console.log(`loaded: ${codes.length} issue codes, and the field checks module`);
'

echo "==> package size"
size_line() {
  printf '  %-24s %9d B raw %9d B gzip -9\n' "$(basename "$1")" "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)"
}
# total NAME FILE...: the files' sizes added up, raw and each gzipped alone.
total() {
  local label="$1" raw=0 gz=0 file
  shift
  for file in "$@"; do
    raw=$((raw + $(wc -c <"$file")))
    gz=$((gz + $(gzip -9 -c "$file" | wc -c)))
  done
  printf '  %-24s %9d B raw %9d B gzip -9 (%s)\n' "total" "$raw" "$gz" "$label"
}
echo "  the first module: what a form loads before its first check (kyc-precheck/fields)"
for file in kyc_precheck_fields_bg.wasm fields.js; do size_line "pkg/$file"; done
total "the first module" pkg/kyc_precheck_fields_bg.wasm pkg/fields.js
echo "  the whole module (kyc-precheck: photos, fit, providers, and the field checks again)"
for file in kyc_precheck_bg.wasm kyc_precheck.js index.js field-checks.js; do size_line "pkg/$file"; done
total "the whole module" pkg/kyc_precheck_bg.wasm pkg/kyc_precheck.js pkg/index.js pkg/field-checks.js
