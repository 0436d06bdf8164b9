#!/usr/bin/env bash
# Sets everything up, builds the npm package and the provider sandbox, and serves the
# onboarding demo from the sandbox on 127.0.0.1 with the production Content-Security-Policy.
# The sandbox plays the five providers and, with --relay, adds their credentials the way an
# integrator's backend would, so the page never holds one. PORT=… picks the port (default
# 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build.sh
cargo build --release -p kyc-precheck-sandbox
port="${PORT:-8080}"
echo "demo: open http://127.0.0.1:$port/www/ (Ctrl-C stops it)"
exec target/release/kyc-precheck-sandbox --port "$port" --relay
