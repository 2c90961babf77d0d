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
# One ESLint run over every project: its type-aware rules build the TypeScript program once (37 s here) instead of
# once per project as `nx run-many -t lint` does (127 s on a fresh clone, where Nx has no cache). The module
# boundary rule reads Nx's project graph, which a fresh clone does not have until an nx command computes it:
# without it the rule is skipped with a warning, so compute it first.
npx nx show projects > /dev/null || status=1
# The type checks run beside ESLint (which uses one core): the web's own, then every TypeScript file, specs and
# benchmarks included (jest compiles specs without checking their types). Their output follows ESLint's.
( npx nx run-many -t typecheck --parallel=2 --outputStyle=static && npx tsc -p tsconfig.json ) > .local/test-results/typecheck.log 2>&1 &
typecheck=$!
npx eslint --max-warnings=0 apps libs workflows bench integration tools deploy || status=1
wait "$typecheck" || status=1
cat .local/test-results/typecheck.log

phase "unit and workflow tests"
# Two projects at a time: the workflow tests (time-skipping server, webpack bundles) wait as much as they compute.
npx nx run-many -t test --parallel=2 --outputStyle=static || status=1

phase "integration tests (real PostgreSQL, NATS, Temporal)"
# --forceExit: a handle a failed file left open (a client connection) must not hold the run until CI's time limit, with
# no summary printed; the processes a file leaves running are killed and named by integration/leftovers.ts.
npx jest -c jest.integration.config.js --forceExit --json --outputFile=.local/test-results/integration.json || status=1

phase "done"
node scripts/summarize-tests.mjs || status=1
exit $status
