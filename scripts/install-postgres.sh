#!/usr/bin/env bash
# Installs Debian's PostgreSQL server if no server binaries are present. Idempotent and quiet.
# The integration tests start their own private instance from /usr/lib/postgresql/*/bin.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql > /dev/null

if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
  echo "install-postgres: postgresql installed but no /usr/lib/postgresql/*/bin/postgres found" >&2
  exit 1
fi
