#!/usr/bin/env bash
# Installs Debian's PostgreSQL server if no server binaries are present. Idempotent and quiet.
# The integration tests start their own private instance from /usr/lib/postgresql/*/bin.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" postgresql

if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
  echo "install-postgres: postgresql installed but no /usr/lib/postgresql/*/bin/postgres found" >&2
  exit 1
fi
