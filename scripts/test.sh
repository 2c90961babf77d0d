#!/usr/bin/env bash
# `npm test`: the same set-up as `npm start`, then lint, unit and workflow tests, and integration tests
# against real PostgreSQL, NATS and Temporal. Ends with one line: "N passed, M failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}"
started=$(date +%s)
phase() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
# The Compose Specification's schema, for the compose file check (pinned, fetched once).
bash infra/compose-schema.sh || { echo "0 passed, 1 failed"; exit 1; }
rm -rf .local/test-results && mkdir -p .local/test-results
status=0

phase "lint"
npx nx run-many -t lint typecheck --parallel=2 --outputStyle=static || status=1
# Every TypeScript file, specs and benchmarks included (jest compiles specs without checking their types).
npx tsc -p tsconfig.json || status=1

phase "unit and workflow tests"
npx nx run-many -t test --parallel=1 --outputStyle=static || status=1

phase "integration tests (real PostgreSQL, NATS, Temporal)"
npx jest -c jest.integration.config.js --json --outputFile=.local/test-results/integration.json || status=1

phase "done"
node scripts/summarize-tests.mjs || status=1
exit $status
