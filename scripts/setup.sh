#!/usr/bin/env bash
# What `npm start` and `npm test` share: dependencies, infrastructure, build, migrations.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules up to date"
fi

step "infrastructure: PostgreSQL, NATS JetStream, Temporal"
bash infra/up.sh

step "build"
npm run --silent build

step "migrations"
set -a; source .local/env; set +a
node dist/libs/persistence/src/cli/migrate.js
