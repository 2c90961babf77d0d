#!/usr/bin/env bash
# `npm start`: set everything up, run every service and the orchestrator, seed a demo, print the URLs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
set -a; source "$ROOT/.local/env"; set +a
exec node "$ROOT/scripts/run-services.mjs"
