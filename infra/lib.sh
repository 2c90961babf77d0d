# Shared helpers for infra/*.sh. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
RUN="$LOCAL/run"
LOGS="$LOCAL/logs"
DATA="$LOCAL/data"
VENV="$LOCAL/venv"
ENV_FILE="$LOCAL/env"
BINARIES_FILE="$LOCAL/binaries.env"
mkdir -p "$RUN" "$LOGS" "$DATA"

say()  { printf '[infra] %s\n' "$*"; }
fail() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds name
  local i
  for ((i = 0; i < $2 * 5; i++)); do port_in_use "$1" && return 0; sleep 0.2; done
  return 1
}

pid_alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

as_root() { [ "$(id -u)" = 0 ] || fail "installing packages needs root (run as root, or install them yourself): $*"; }

APT_UPDATED=0
apt_install() {
  as_root "$@"
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$LOGS/apt.log" 2>&1 || fail "apt-get update failed (see $LOGS/apt.log)"
    APT_UPDATED=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOGS/apt.log" 2>&1 || fail "could not install $* (see $LOGS/apt.log)"
}

# Reads the INFO line a NATS server sends on connect; succeeds when it has JetStream enabled.
nats_has_jetstream() { # host port
  local info
  info=$(timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2; head -1 <&3" 2>/dev/null) || true
  [[ "$info" == INFO* && "$info" == *'"jetstream":true'* ]]
}
