#!/usr/bin/env bash
# What `npm start` and `npm test` share: dependencies, infrastructure, build, migrations.
# `--no-services`: what the benchmarks need, which start private servers of their own: dependencies, the pinned
# binaries and the build; nothing is started and no database migrated.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
services=1
[ "${1:-}" = "--no-services" ] && services=0

step "dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules up to date"
fi

if [ "$services" = 1 ]; then
  step "infrastructure: PostgreSQL, NATS JetStream, Temporal"
  bash infra/up.sh
else
  step "binaries: PostgreSQL, NATS, Temporal (nothing started)"
  INFRA_INSTALL_ONLY=1 bash infra/up.sh
fi

step "build"
npm run --silent build
[ "$services" = 1 ] || exit 0

step "migrations"
set -a; source .local/env; set +a
node dist/libs/persistence/src/cli/migrate.js
