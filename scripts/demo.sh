#!/usr/bin/env bash
# Sets everything up, builds the npm package and serves the demo page on 127.0.0.1 with
# the production Content-Security-Policy. PORT=… picks the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs --port "${PORT:-8080}"
