#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need, skipping what is already
# there. Works on a fresh Debian machine with only rustup, cargo, Node and npm, reaching
# crates.io, npm and Debian's packages (nothing is downloaded from anywhere else).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Root can apt-get directly; anyone else needs sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock (pinned with
# "=" in Cargo.toml), or the glue it generates refuses the module. `--locked` is not used:
# at 0.2.130 it fails on a yanked transitive crate.
wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
[ -n "$wanted" ] || { echo "setup: no wasm-bindgen version in Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$wanted" ]; then
  say "installing wasm-bindgen-cli $wanted (takes about 5 minutes)"
  cargo install wasm-bindgen-cli --version "=$wanted"
fi

# openssl's command line decrypts OY's OAEP-SHA-256/MGF1-SHA-1 ciphertexts in the tests
# (Node's crypto cannot set MGF1's hash apart).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v openssl >/dev/null; then
  say "installing Debian's chromium, chromium-driver and openssl"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver openssl
fi

# `npm ci` wipes node_modules, so it runs only when the lockfile changed since the last run.
stamp=node_modules/.kyc-precheck-lock.sha256
lock_hash=$(sha256sum package-lock.json | awk '{ print $1 }')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
fi

# The fit corpus (tests/images/fit/, for tests/fit_corpus.rs): camera-sized photos too big
# to commit, made here by scripts/make-fit-corpus.py in a Python venv with its pinned PyPI
# packages. The venv is rebuilt only when the requirements changed, and the photos only
# when they are missing or the generator, its requirements or its source photos changed.
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  say "installing Debian's python3-venv"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
fi
venv_stamp=.venv/.kyc-precheck-requirements.sha256
requirements_hash=$(sha256sum scripts/requirements-fit.txt | awk '{ print $1 }')
if [ ! -f "$venv_stamp" ] || [ "$(cat "$venv_stamp")" != "$requirements_hash" ]; then
  say "creating .venv for the fit corpus (pip install -r scripts/requirements-fit.txt)"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-fit.txt
  echo "$requirements_hash" > "$venv_stamp"
fi
fit=tests/images/fit
corpus_stamp=$fit/.generated.sha256
corpus_hash=$(cat scripts/make-fit-corpus.py scripts/requirements-fit.txt tests/images/calibration/*-sharp.jpg \
  | sha256sum | awk '{ print $1 }')
corpus_whole() {
  # every photo and reference the manifest names is there
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^(file|reference|stored_reference)$/) named[i] = 1; next }
           { for (i in named) if ($i != "") print $i }' "$fit/manifest.csv" \
    | while read -r file; do [ -f "$fit/$file" ] || return 1; done
}
if [ ! -f "$corpus_stamp" ] || [ "$(cat "$corpus_stamp")" != "$corpus_hash" ] || ! corpus_whole; then
  say "generating the fit corpus into $fit/ (about a minute)"
  rm -f "$corpus_stamp"
  .venv/bin/python scripts/make-fit-corpus.py
  echo "$corpus_hash" > "$corpus_stamp"
fi
