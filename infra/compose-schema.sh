#!/usr/bin/env bash
# Installs the Compose Specification's JSON schema for the compose file check (integration/compose-file...):
# compose-go's module zip from the Go module proxy, pinned and checked by its SHA-256 (infra/versions.env),
# unpacked to .local/tools/compose-spec.json. Nothing is fetched when it is there already.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/infra/versions.env"
OUT="$LOCAL/tools/compose-spec-$COMPOSE_GO_VERSION.json"
[ -f "$OUT" ] && exit 0
mkdir -p "$LOCAL/tools"
zip="$LOCAL/tools/compose-go-$COMPOSE_GO_VERSION.zip"
say "fetching the Compose Specification schema (compose-go $COMPOSE_GO_VERSION)"
curl -fsSL --retry 3 -o "$zip" "https://proxy.golang.org/github.com/compose-spec/compose-go/v2/@v/$COMPOSE_GO_VERSION.zip" \
  || fail "could not fetch compose-go $COMPOSE_GO_VERSION from proxy.golang.org"
echo "$COMPOSE_GO_ZIP_SHA256  $zip" | sha256sum -c --quiet - || { rm -f "$zip"; fail "compose-go zip does not match its pinned SHA-256"; }
python3 - "$zip" "github.com/compose-spec/compose-go/v2@$COMPOSE_GO_VERSION/schema/compose-spec.json" "$OUT" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], "wb") as out:
    out.write(z.read(sys.argv[2]))
PY
rm -f "$zip"
say "compose schema at ${OUT#$ROOT/}"
