#!/usr/bin/env bash
# Stops what infra/up.sh started, and nothing else. Data stays in .local/data.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop_pid() { # name
  pid_alive "$1" || { rm -f "$RUN/$1.pid"; return 0; }
  local pid; pid=$(cat "$RUN/$1.pid")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$RUN/$1.pid"
  say "$1 stopped"
}

stop_pid temporal
stop_pid nats
if [ -f "$RUN/postgres.started" ]; then
  data=$(cat "$RUN/postgres.started")
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
  else "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1; fi
  rm -f "$RUN/postgres.started"
  say "PostgreSQL stopped"
fi
